"""Small numbers stay hidden: no published figure comes from fewer than ten people, and no hidden
group can be worked out by taking the shown groups away from the total."""

import random
import re

import pytest
from django.test import Client
from django.urls import reverse

from peoplezones.research import results
from peoplezones.research.models import Question, Response
from tests import factories

pytestmark = pytest.mark.django_db


def _survey_with_groups():
    survey = factories.make_survey(measure_keys=["safety_dark", "ucla3"], results_published=True)
    Question.objects.create(
        survey=survey, order=50, key="age", kind="single", text="How old are you?",
        options=[{"value": "young", "label": "Under 25"}, {"value": "middle", "label": "25 to 64"},
                 {"value": "older", "label": "65 or over"}],
    )  # fmt: skip
    Question.objects.create(
        survey=survey, order=51, key="postcode", kind="postcode", text="Postcode"
    )
    return survey


def test_one_person_cannot_be_revealed_through_breakdowns():
    """Ten people aged 25-64 feel very safe; one person aged 65 or over, the only one in LE3 9,
    feels very unsafe and is very lonely. Try every breakdown the page offers."""
    survey = _survey_with_groups()
    wave = survey.waves.get()
    for _ in range(10):
        Response.objects.create(wave=wave, answers={
            "safety_dark": "very_safe", "age": "middle", "postcode": "LE3 1AB",
            "ucla_companionship": "hardly_ever_or_never", "ucla_left_out": "hardly_ever_or_never",
            "ucla_isolated": "hardly_ever_or_never",
        })  # fmt: skip
    Response.objects.create(wave=wave, answers={
        "safety_dark": "very_unsafe", "age": "older", "postcode": "LE3 9ZZ",
        "ucla_companionship": "often", "ucla_left_out": "often", "ucla_isolated": "often",
    })  # fmt: skip
    client = Client()
    url = reverse("research:results", args=[survey.pk])
    offered = [key for key, _text in results.breakdown_choices(survey)]
    assert offered == ["age", "postcode"]
    for by in ["", *offered, "ucla_isolated", "better"]:
        page = client.get(url, {"by": by}).content.decode()
        # The whole area (11 people) is shown; no group of 1 or 10 is, since taking the group of
        # 10 from the 11 would give the one person's answer.
        assert not re.search(r">9\.0[ <]", page)  # the lone person's UCLA score
        assert "1 (9%)" not in page and "10 (91%)" not in page  # their age group, or the rest
        for table in re.findall(r'<table class="breakdown">.*?</table>', page, re.S):
            assert "n=" not in table, (by, table)
    # The figures for the whole area are there, from all 11.
    page = client.get(url).content.decode()
    assert "91%" in page and ">11<" in page


def test_suppression_never_leaves_a_small_remainder():
    """Random groups: every shown cell has at least the threshold, and what the shown cells leave
    of a shown total (one of at least the threshold) is either nothing or at least the threshold."""
    rng = random.Random(7)
    small = results.threshold()
    for _ in range(2000):
        counts = {
            f"g{i}": rng.choice([0, 1, 2, 5, 9, 10, 11, 15, 40]) for i in range(rng.randint(1, 6))
        }
        hidden = results.suppress_groups(counts)
        shown = {g: n for g, n in counts.items() if g not in hidden}
        assert all(n == 0 or n >= small for n in shown.values())
        if sum(counts.values()) < small:
            continue  # the total is hidden too: nothing to subtract from
        remainder = sum(counts.values()) - sum(shown.values())
        assert remainder == 0 or remainder >= small, counts


def test_breakdown_cells_follow_the_rule_on_real_answers():
    survey = _survey_with_groups()
    wave = survey.waves.get()
    rng = random.Random(11)
    for _ in range(37):
        Response.objects.create(wave=wave, answers={
            "safety_dark": rng.choice(["very_safe", "fairly_safe", "a_bit_unsafe", "very_unsafe"]),
            "age": rng.choice(["young", "middle", "middle", "older"]),
            "postcode": rng.choice(["LE3 1AB", "LE3 1AD", "LE3 2XY", "LE3 9ZZ"]),
        })  # fmt: skip
    for by in ("age", "postcode"):
        (row,) = results.compute(survey, [wave], by=by, only=["share_safety_dark"])
        total = row.cells[0].n
        shown = [cells[0].n for _group, cells in row.groups if not cells[0].hidden]
        assert all(n >= results.threshold() or n == 0 for n in shown)
        assert total - sum(shown) == 0 or total - sum(shown) >= results.threshold()


def test_a_wave_with_fewer_than_ten_answers_shows_no_figures():
    survey = factories.make_survey(measure_keys=["safety_dark"], results_published=True)
    wave = survey.waves.get()
    for _ in range(9):
        Response.objects.create(wave=wave, answers={"safety_dark": "very_safe"})
    page = Client().get(reverse("research:results", args=[survey.pk])).content.decode()
    assert "100%" not in page and "fewer than 10 answered" in page
