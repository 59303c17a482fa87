"""The public site in the area's community languages: choosing one (remembered, on the account
too), right to left for Urdu, a code we do not have refused by name, staff translating what they
write (shown with a note while it falls back to English), the catalogues' reviewed state, and
messages written in the language the person chose."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from peoplezones.core import catalogues, translation
from peoplezones.core.models import AuditEvent
from peoplezones.research import measure_words, measures
from peoplezones.zones.models import Zone
from tests import factories

pytestmark = pytest.mark.django_db


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def test_a_language_chosen_is_used_remembered_and_mirrored_right_to_left():
    client = Client()
    first = client.get("/apply/?lang=ur")
    assert html_tag(first) == '<html lang="ur" dir="rtl">'
    assert first.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ur"
    page = client.get("/apply/").content.decode()  # no parameter: the cookie remembers
    assert "بھیجیں" in page and ">Send<" not in page  # the form's button, in Urdu
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', page, re.S).group(0)
    assert '<span aria-current="true">اردو</span>' in switcher
    assert 'href="/apply/?lang=pl" hreflang="pl" lang="pl" dir="ltr"' in switcher
    assert "Zmień język na polski" in switcher  # told in the language it changes to
    assert html_tag(client.get("/apply/?lang=pl")) == '<html lang="pl" dir="ltr">'
    assert html_tag(client.get("/apply/?lang=en-gb")) == '<html lang="en-gb" dir="ltr">'


def test_an_unknown_language_code_is_named_and_changes_nothing():
    client = Client()
    client.get("/?lang=gu")
    refused = client.get("/?lang=xx-<b>")
    html = refused.content.decode()
    assert refused.status_code == 200 and html_tag(refused) == '<html lang="gu" dir="ltr">'
    assert "“xx-&lt;b&gt;”" in html  # named, escaped
    assert settings.LANGUAGE_COOKIE_NAME not in refused.cookies
    assert html_tag(client.get("/")) == '<html lang="gu" dir="ltr">'


def test_the_browsers_language_is_honoured_until_one_is_chosen():
    page = Client().get("/", headers={"accept-language": "pl-PL,pl;q=0.9,en;q=0.5"})
    assert html_tag(page) == '<html lang="pl" dir="ltr">'


def test_a_signed_in_persons_choice_is_kept_and_their_messages_use_it(settings):
    from django.core import mail

    from peoplezones.core.notify import email_person

    person = factories.UserFactory(name="Kasia Nowak")
    client = Client()
    client.force_login(person)
    client.get("/?lang=pl")
    person.refresh_from_db()
    assert person.language == "pl"
    elsewhere = Client()  # a new device: no cookie, the account's choice
    elsewhere.force_login(person)
    assert html_tag(elsewhere.get("/")) == '<html lang="pl" dir="ltr">'
    booking = factories.make_event(title="Litter pick")
    subject = format_lazy(gettext_lazy("Reminder: {title}"), title="Litter pick")
    email_person(person, "bookings", subject, "community/email/reminder.txt",
                 {"booking": type("B", (), {"event": booking, "occurrence": booking.starts})(),
                  "url": "https://example.org/e/1"})  # fmt: skip
    body = mail.outbox[-1].body
    assert mail.outbox[-1].subject == "Przypomnienie: Litter pick"
    assert "Dzień dobry, Kasia" in body and "Przypominamy, że zbliża się Litter pick." in body


def test_public_pages_are_kept_per_language(settings):
    settings.PZ_PUBLIC_PAGE_CACHE_SECONDS = 30
    cache.clear()
    english = Client().get("/").content.decode()
    urdu = (
        Client(headers={"cookie": f"{settings.LANGUAGE_COOKIE_NAME}=ur"}).get("/").content.decode()
    )
    assert 'lang="en-gb"' in english and 'lang="ur"' in urdu


def test_staff_translate_a_zone_summary_and_it_falls_back_with_a_note_when_english_changes():
    coordinator = factories.CoordinatorFactory()
    zone = factories.ZoneFactory(coordinators=[coordinator], summary="Neighbours working together.")
    client = Client()
    client.force_login(coordinator)  # a Zone's coordinators translate its summary
    url = reverse("core:translation_edit", args=["zones.zone", zone.pk, "ur"])
    form = client.get(url).content.decode()
    assert 'lang="ur" dir="rtl"' in form and "Neighbours working together." in form
    client.post(url, {"summary": "پڑوسی مل کر کام کر رہے ہیں۔"})
    assert AuditEvent.objects.filter(detail="translation (ur)").exists()
    urdu = Client().get(zone.get_absolute_url() + "?lang=ur").content.decode()
    assert "پڑوسی مل کر کام کر رہے ہیں۔" in urdu and "untranslated-note" not in urdu
    polish = Client().get(zone.get_absolute_url() + "?lang=pl").content.decode()
    assert '<p class="lede" lang="en-GB" dir="ltr">Neighbours working together.</p>' in polish
    assert "To nie jest jeszcze przetłumaczone" in polish  # the note, in Polish
    Zone.objects.filter(pk=zone.pk).update(summary="Neighbours and agencies working together.")
    changed = Client().get(zone.get_absolute_url() + "?lang=ur").content.decode()
    assert "Neighbours and agencies working together." in changed
    assert "اس کا ترجمہ اپ ڈیٹ ہو رہا ہے" in changed  # "being updated", in Urdu
    other = Client()
    other.force_login(factories.CoordinatorFactory())
    assert other.get(url).status_code == 403
    assert client.get(url.replace("/ur/", "/xx/")).status_code == 404


def test_the_translations_page_shows_each_catalogues_reviewed_state(staff_client):
    page = staff_client.get(reverse("core:translations")).content.decode()
    for row in catalogues.progress():
        assert row.total > 1000 and row.unreviewed + row.reviewed > 500
        assert f"<td>{row.unreviewed}</td>" in page
    assert "/translations/strings/files/project/ur/0/?msg_filter=fuzzy" in page
    listing = staff_client.get(reverse("core:translation_list", args=["pages.page"]))
    assert listing.status_code == 200 and "Not translated" in listing.content.decode()


def test_staff_review_strings_in_the_browser_and_unreviewed_ones_stay_in_use(
    staff_client, tmp_path, settings
):
    locale = tmp_path / "locale"
    (locale / "ur" / "LC_MESSAGES").mkdir(parents=True)
    source = catalogues.po_path("ur")
    (locale / "ur" / "LC_MESSAGES" / "django.po").write_bytes(source.read_bytes())
    settings.LOCALE_PATHS = [locale]
    po = polib.pofile(str(catalogues.po_path("ur")))
    entry = po.find("Send")
    assert "fuzzy" in entry.flags  # a machine draft, not yet reviewed
    target = catalogues.compile_catalogue(catalogues.po_path("ur"))
    assert polib.mofile(str(target)).find("Send").msgstr == entry.msgstr  # used meanwhile
    assert Client().get("/translations/strings/").status_code == 302  # sign in first
    resident = Client()
    resident.force_login(factories.UserFactory())
    assert resident.get("/translations/strings/files/project/").status_code in {302, 403}
    assert staff_client.get("/translations/strings/files/project/ur/0/").status_code == 200
    # Reviewing clears the flag and compiles again (rosetta's post_save signal).
    entry.flags.remove("fuzzy")
    entry.msgstr = "بھیج دیں"
    po.save()
    from rosetta.signals import post_save

    post_save.send(sender=None, language_code="ur", request=None)
    assert polib.mofile(str(target)).find("Send").msgstr == "بھیج دیں"
    assert catalogues.progress()[-1].reviewed >= 1


def test_the_compiled_catalogues_are_those_of_the_po_files(tmp_path):
    for code, _name in settings.LANGUAGES[1:]:
        source = catalogues.po_path(code)
        copy = tmp_path / code / "django.po"
        copy.parent.mkdir()
        copy.write_bytes(source.read_bytes())
        fresh = catalogues.compile_catalogue(copy)
        assert fresh.read_bytes() == source.with_suffix(".mo").read_bytes(), (
            f"{code}: run `manage.py compile_catalogues` after changing the .po file"
        )


def test_standard_words_are_marked():
    words = set(measure_words.WORDS)
    for item in measures.ITEMS.values():
        assert item.text in words
        assert {o.label for o in item.options if not o.label.isdigit()} <= words


def test_content_kinds_are_registered_by_their_apps():
    keys = {item.key for item in translation.registered()}
    assert {"pages.page", "zones.zone", "toolkit.option"} <= keys
    assert Path(settings.LOCALE_PATHS[0]).name == "locale"
