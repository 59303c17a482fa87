"""A volunteer on the doorstep with no signal: the page opened once keeps working offline (its
service worker), twenty households' answers wait on the phone through closing and reopening the
page, and go when the signal returns: exactly twenty stored, even when the first reply is lost on
the way back and the queue is sent again. Every state of the page passes axe."""

import pytest
from playwright.sync_api import expect

from peoplezones.research import services
from peoplezones.research.models import Response
from tests import factories
from tests.browser.conftest import Visit, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ANSWERS = ["Very safe", "Fairly safe", "A bit unsafe", "Very unsafe"]


def test_twenty_households_without_signal_are_stored_once_each(new_visit):
    survey = factories.make_survey(measure_keys=("safety_dark", "belonging"))
    wave = survey.waves.get()
    volunteer = factories.VolunteerFactory(email="viv@example.org")
    services.add_data_entry(survey=survey, email=volunteer.email)
    viv = new_visit()
    sign_in(viv, "viv@example.org", factories.TEST_PASSWORD)
    page, context = viv.page, viv.page.context
    url = f"/surveys/waves/{wave.pk}/doorstep/"
    page.goto(url)
    status = page.locator("[data-status]")
    expect(status).to_contain_text("Nothing waiting")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")  # the page is kept
    viv.assert_accessible("door-step page")

    context.set_offline(True)
    page.get_by_role("button", name="Save this household's answers").click()
    expect(page.get_by_role("alert")).to_contain_text("Answer at least one question")
    viv.assert_accessible("door-step page with a problem")
    for n in range(20):
        question = page.get_by_role("group", name="How safe do you feel walking alone")
        question.get_by_label(ANSWERS[n % 4], exact=True).check()
        page.get_by_role("button", name="Save this household's answers").click()
        expect(status).to_have_attribute("data-waiting", str(n + 1))
    expect(status).to_contain_text("20 answers waiting on this phone to be sent")
    expect(status).to_contain_text("No connection")
    viv.assert_accessible("door-step page offline, answers waiting")
    assert not Response.objects.exists()

    # Closing the page loses nothing: opened again with no signal, the service worker serves it.
    page.close()
    page = context.new_page()
    again = Visit(page, f"http://{viv.host}")
    page.goto(url)
    status = page.locator("[data-status]")
    expect(status).to_have_attribute("data-waiting", "20")
    queue = page.evaluate("pzDoorstep.held()")
    assert len({item["key"] for item in queue}) == 20

    # The signal returns; the first reply is lost on its way back, so the phone sends again.
    lost = []

    def lose_first_reply(route):
        if not lost:
            route.fetch()  # the server stores the answers...
            lost.append(True)
            route.abort("connectionreset")  # ...and the phone never hears back
        else:
            route.continue_()

    context.route("**/doorstep/send/", lose_first_reply)
    with page.expect_event("requestfailed", lambda r: r.url.endswith("/doorstep/send/")):
        context.set_offline(False)
    expect(status).to_have_attribute("data-waiting", "20")  # still held after the lost reply
    assert lost and Response.objects.filter(wave=wave).count() == 20
    page.get_by_role("button", name="Send now").click()
    expect(status).to_contain_text("Nothing waiting")
    assert Response.objects.filter(wave=wave, channel="doorstep").count() == 20

    # Replaying the whole queue as it was stores nothing more.
    states = page.evaluate(
        """async (items) => {
            const html = await (await fetch(location.pathname)).text();
            const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(html)[1];
            const reply = await fetch("send/", {method: "POST", body: JSON.stringify({answers: items}),
                headers: {"Content-Type": "application/json", "X-CSRFToken": token}});
            return (await reply.json()).results.map((r) => r.state);
        }""",
        queue,
    )
    assert states == ["already"] * 20
    assert Response.objects.filter(wave=wave).count() == 20
    answers = [r.answers["safety_dark"] for r in Response.objects.filter(wave=wave)]
    assert sorted(answers) == sorted(
        ["very_safe", "fairly_safe", "a_bit_unsafe", "very_unsafe"] * 5
    )
    again.assert_accessible("door-step page, everything sent")
