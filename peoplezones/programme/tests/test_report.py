"""The quarterly report: a summary, then one page per Zone, as a web page and as a PDF (read back
with pypdf: a summary page and a page for each Zone); any quarter that has ended."""

import io
from datetime import date

import pytest
from django.test import Client
from pypdf import PdfReader

from peoplezones.core import pdf
from peoplezones.demo.data import load_demo
from peoplezones.programme import report
from peoplezones.zones.models import Zone
from tests import factories

pytestmark = pytest.mark.django_db


def test_quarters_are_read_and_refused_plainly():
    assert report.parse_quarter("2024-q3") == report.Quarter(2024, 3)
    assert report.Quarter(2024, 3).last == date(2024, 9, 30)
    assert report.parse_quarter("2024-Q5") is None and report.parse_quarter("x") is None
    assert report.parse_quarter("2099-Q1") is None  # not ended yet
    assert report.latest_quarter(date(2026, 1, 10)) == report.Quarter(2025, 4)
    assert report.latest_quarter(date(2026, 11, 29)) == report.Quarter(2026, 3)


def test_the_demo_report_has_a_summary_and_a_page_per_zone():
    load_demo()
    staff = Client()
    staff.force_login(factories.StaffFactory())
    page = staff.get("/programme/report/").content.decode()
    zones = list(Zone.objects.order_by("name"))
    for zone in zones:
        assert zone.name in page
    assert "actions done in the quarter" in page and "<svg" in page
    response = staff.get("/programme/report.pdf?quarter=" + report.latest_quarter().slug)
    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.content))
    assert len(pdf.pages) == len(zones) + 1
    for number, zone in enumerate(zones, start=1):
        assert zone.name in pdf.pages[number].extract_text()
    assert "the programme in" in pdf.pages[0].extract_text()


def test_the_pdf_fetches_nothing_whatever_a_zone_is_called():
    factories.ZoneFactory(name='<img src="http://127.0.0.1:9/x.png"> Braunstone')
    zones = list(Zone.objects.all())
    data = report.pdf(report.build(report.latest_quarter(), zones))
    text = PdfReader(io.BytesIO(data)).pages[1].extract_text()
    assert '<img src="http://127.0.0.1:9/x.png"> Braunstone' in text  # shown as text, escaped
    with pytest.raises(ValueError, match="fetches nothing"):
        pdf._no_fetching("http://127.0.0.1:9/x.png")
