"""Residents in their own language: the home page, a Zone page, the survey and the apply form in
Urdu, right to left, with every button, label, heading, hint and error message translated; the
survey and the apply form the same in Gujarati and Polish. A word left in English is found by
comparing each page with its English self; what people wrote (a Zone's name, a survey's title)
is allowed through by name. Every page passes axe."""

import re

import pytest
from playwright.sync_api import expect

from peoplezones.core import translation
from peoplezones.zones.models import Zone
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# The words a person reads or uses, each element's own text, outside anything marked English.
READ = """els => els.map(e => {
    const own = e.closest('[lang]');
    const english = own && own.lang.toLowerCase().startsWith('en');
    // The switchers (site, survey) name each language in itself, the same on every page.
    return english || e.closest('.language-switcher, .language-choice') ? '' : e.innerText.trim();
}).filter(t => /\\p{L}{2,}/u.test(t))"""
UI = ("button, label, legend, h1, h2, h3, .hint, .error-message, .error-summary li, "
      ".notice, main a, nav a, th, summary, .lede, .tag")  # fmt: skip


def words(page) -> set[str]:
    return set(page.eval_on_selector_all(UI, READ))


def left_in_english(page, path: str, content: set[str]) -> list[str]:
    """What the page shows in English in another language, apart from what people wrote."""
    shown = words(page)
    code = page.locator("html").get_attribute("lang")
    join = "&" if "?" in path else "?"
    page.goto(f"{path}{join}lang=en-gb")
    english = words(page)
    page.goto(f"{path}{join}lang={code}")  # and back to the language chosen
    return sorted(t for t in shown & english if not any(c in t for c in content))


def check_mirrored(page) -> None:
    assert page.locator("html").get_attribute("dir") == "rtl"
    # The layout mirrors: the language links sit at the left edge, a notice's bar on the right.
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"


def test_home_zone_survey_and_apply_in_urdu_then_gujarati_and_polish(new_visit):
    zone = factories.ZoneFactory(name="Braunstone Park", summary="Neighbours working together.")
    translation.save(obj=zone, item=translation.get("zones.zone"), language="ur",
                     texts={"summary": "پڑوسی مل کر کام کر رہے ہیں۔"}, by=None)  # fmt: skip
    survey = factories.make_survey(zone, measure_keys=("safety_dark", "belonging", "better"))
    wave = survey.waves.get()
    content = {"Braunstone Park", "How is the area?", "People Zones", "Leicester", "Skip"}
    resident = new_visit()
    page = resident.page

    # Urdu, chosen with the switcher on the home page and remembered from then on.
    page.goto("/")
    page.get_by_role("link", name="زبان بدل کر اردو کریں").click()
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    check_mirrored(page)
    assert left_in_english(page, "/", content) == []
    resident.assert_accessible("home page in Urdu")

    page.goto(Zone.objects.get().get_absolute_url())
    expect(page.get_by_text("پڑوسی مل کر کام کر رہے ہیں۔")).to_be_visible()
    check_mirrored(page)
    assert left_in_english(page, zone.get_absolute_url(), content) == []
    resident.assert_accessible("Zone page in Urdu")

    survey_url = wave.get_absolute_url()
    page.goto(survey_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("How is the area?")
    expect(page.get_by_text("اندھیرا ہونے کے بعد اس علاقے میں اکیلے چلتے ہوئے")).to_be_visible()
    check_mirrored(page)
    assert left_in_english(page, survey_url, content) == []
    resident.assert_accessible("survey in Urdu")

    errors = ".error-message, .error-summary li"
    page.goto("/apply/?lang=en-gb")
    page.get_by_role("button", name="Send", exact=True).click()
    english_errors = set(page.locator(errors).all_inner_texts())
    assert len(english_errors) >= 8
    for code, send, problem in (
        ("ur", "بھیجیں", "ایک مسئلہ ہے"),
        ("gu", "મોકલો", "એક સમસ્યા છે"),
        ("pl", "Wyślij", "Wystąpił problem"),
    ):
        page.goto(f"/apply/?lang={code}")
        page.get_by_role("button", name=send, exact=True).click()
        expect(page.get_by_role("alert")).to_contain_text(problem)
        assert page.locator("html").get_attribute("lang") == code
        assert page.locator("html").get_attribute("dir") == ("rtl" if code == "ur" else "ltr")
        resident.assert_accessible(f"apply form with errors in {code}")
        shown_errors = set(page.locator(errors).all_inner_texts())
        assert len(shown_errors) == len(english_errors) and not shown_errors & english_errors
        if code == "ur":
            bar = page.evaluate(
                "getComputedStyle(document.querySelector('.form-group-error')).borderRightWidth"
            )
            assert bar == "5px"  # the error bar mirrored to the right-hand side
        assert left_in_english(page, "/apply/", content) == [], code
        if code != "ur":
            page.goto(f"{survey_url}?lang={code}")
            assert left_in_english(page, survey_url, content) == [], code
            resident.assert_accessible(f"survey in {code}")
    # The survey's answers go in, thanked in Polish.
    page.goto(survey_url)
    page.get_by_role("group", name=re.compile("Jak bezpiecznie")).get_by_label(
        "Raczej bezpiecznie", exact=True
    ).check()
    page.get_by_role("button", name="Wyślij moje odpowiedzi").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dziękujemy")
    resident.assert_accessible("thanks in Polish")


def test_staff_translate_a_page_and_review_strings(new_visit):
    from tests.browser.conftest import sign_in

    factories.StaffFactory(email="sam@example.org", name="Sam Staff")
    sam = new_visit()
    sign_in(sam, "sam@example.org", factories.TEST_PASSWORD, factories.TEST_TOTP_SECRET)
    page = sam.page
    page.goto("/translations/")
    expect(page.get_by_role("table").first).to_contain_text("Urdu")
    sam.assert_accessible("translations overview")
    page.get_by_role("link", name="Public pages").click()
    sam.assert_accessible("pages to translate")
    page.get_by_role("link", name=re.compile(r"Not translated\W+What is a People Zone")).nth(
        2
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("in Urdu")
    page.get_by_label("Title").fill("People Zone کیا ہے؟")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The Urdu text is saved.")).to_be_visible()
    sam.assert_accessible("translating a page")
    page.goto("/about/what-is-a-people-zone/?lang=ur")
    expect(page.get_by_role("heading", level=1)).to_have_text("People Zone کیا ہے؟")
    expect(page.get_by_text("اس کا ابھی ترجمہ نہیں ہوا")).to_be_visible()  # the body: not yet
    page.goto("/translations/?lang=en-gb")
    page.get_by_role("link", name="Review Urdu strings").click()
    expect(page.locator("body")).to_contain_text("fuzzy", ignore_case=True)
    sam.assert_accessible("reviewing Urdu strings")
    page.goto("/translations/strings/files/project/")
    expect(page.locator("body")).to_contain_text("Urdu")
    sam.assert_accessible("the catalogues to review")
