"""Kept tallies (tallies.py): each answer is counted as it is stored, the results page reads the
counts, and they always agree with working the figures out from the answers themselves."""

import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peoplezones.demo import research as demo_research
from peoplezones.research import measures, results, services, stats, tallies
from peoplezones.research.models import Question, Response, WaveTally
from tests import factories

pytestmark = pytest.mark.django_db
SECTORS = ["LE3 1AB", "LE3 1XY", "LE3 2AA", "LE3 9ZZ", "LE4 6QQ"]


def _survey():
    survey = factories.make_survey(measure_keys=demo_research.MEASURES, results_published=True)
    demo_research._own_questions(survey)
    return survey


def _data(rng: random.Random, survey, stage: int) -> dict[str, list[str]]:
    questions = {q.key: q for q in survey.questions.all()}
    answers = demo_research._answers(rng, stage, questions)
    answers["postcode"] = rng.choice(SECTORS)
    return {k: v if isinstance(v, list) else [v] for k, v in answers.items() if k in questions}


def _answer(survey, wave, n: int, seed: int, stage: int = 0) -> None:
    rng = random.Random(seed)
    for _ in range(n):
        services.submit_response(wave=wave, data=_data(rng, survey, stage))


def _second_wave(survey):
    first = survey.waves.get()
    return type(first).objects.create(
        survey=survey, name="Follow-up", kind="follow_up", opens_at=first.opens_at,
        closes_at=first.closes_at,
    )  # fmt: skip


def test_figures_from_the_tallies_are_the_ones_from_the_answers():
    survey = _survey()
    baseline = survey.waves.get()
    WaveTally.objects.create(wave=baseline, signature=tallies.layout(survey).signature)
    follow_up = _second_wave(survey)
    WaveTally.objects.create(wave=follow_up, signature=tallies.layout(survey).signature)
    _answer(survey, baseline, 120, seed=1, stage=0)
    _answer(survey, follow_up, 140, seed=2, stage=1)
    # Every answer was counted as it came: the tallies were never worked out again.
    assert WaveTally.objects.get(wave=baseline).responses == 120
    waves, kept = results.kept_waves(survey)
    assert [w.pk for w in waves] == [baseline.pk, follow_up.pk]
    rows = results.compute(survey, waves, compare=(baseline, follow_up), by="lived_here", kept=kept)
    answers = {
        w.pk: list(Response.objects.filter(wave=w).values_list("answers", flat=True)) for w in waves
    }
    checked = 0
    for row, result in zip(rows, results.standard_results(survey), strict=True):
        for wave, cell in zip(waves, row.cells, strict=True):
            given = answers[wave.pk]
            if isinstance(result, measures.Share):
                count, n = measures.share_counts(result, [a.get(result.item) for a in given])
                assert (cell.n, cell.value) == (n, pytest.approx(count / n))
                assert (cell.low, cell.high) == pytest.approx(stats.share_interval(count, n))
            else:
                scores = measures.mean_scores(result, given)  # one by one, as before tallies
                assert cell.n == len(scores)
                assert cell.value == pytest.approx(sum(scores) / len(scores))
                assert (cell.low, cell.high) == pytest.approx(stats.mean_interval(scores))
            checked += 1
        # Each breakdown group's figure, from the group's answers themselves.
        labels = dict(results.allowed_values(survey.questions.get(key="lived_here")))
        for label, cells in row.groups:
            value = next((v for v, name in labels.items() if name == label), None)
            for wave, cell in zip(waves, cells, strict=True):
                group = [a for a in answers[wave.pk] if a.get("lived_here") == value]
                if value is None:
                    group = [a for a in answers[wave.pk] if a.get("lived_here") not in labels]
                if isinstance(result, measures.Share):
                    n = measures.share_counts(result, [a.get(result.item) for a in group])[1]
                else:
                    n = len(measures.mean_scores(result, group))
                assert cell.n == n, (row.key, label)
    assert checked == 2 * len(rows) and len(rows) > 10
    # The change between the waves, worked out from the scores one by one.
    ucla = next(r for r in rows if r.key == "mean_ucla3")
    result = measures.RESULTS["mean_ucla3"]
    change = stats.mean_change(
        measures.mean_scores(result, answers[baseline.pk]),
        measures.mean_scores(result, answers[follow_up.pk]),
    )
    words, beyond = results.change_sentence(
        result, kept[baseline.pk].share(result), kept[follow_up.pk].share(result)
    )
    assert (words, beyond) == (
        stats.describe_mean(change, result.statement, result.higher_is_better),
        change.beyond_chance,
    )
    assert ucla.change == words
    # Answers to the Zone's own questions, and per channel.
    (lived,) = [
        d for d in results.distributions(survey, waves, kept) if d.question.key == "lived_here"
    ]
    chosen = Counter(a["lived_here"] for a in answers[baseline.pk] if "lived_here" in a)
    total = sum(chosen.values())
    shown = {label: cells[0] for label, cells in lived.rows}
    assert shown["More than 5 years"] == (
        f"{chosen['over_5']} ({stats.percent(chosen['over_5'] / total)})"
    )
    assert results.channel_counts(waves, kept)[0]["online"] == 120


def test_a_mean_from_counted_scores_is_the_mean_from_the_scores():
    scores = [3.0, 4.0, 4.0, 5.0, 9.0, 3.0, 6.0, 6.0, 6.0, 7.0]
    counted = dict(Counter(scores))
    assert stats.mean_interval(counted) == pytest.approx(stats.mean_interval(scores))
    other = [5.0, 6.0, 8.0, 8.0, 9.0, 4.0, 7.0, 7.0]
    from_counts = stats.mean_change(counted, dict(Counter(other)))
    one_by_one = stats.mean_change(scores, other)
    assert (from_counts.n_before, from_counts.n_after) == (10, 8)
    for name in ("before", "after", "low", "high"):
        assert getattr(from_counts, name) == pytest.approx(getattr(one_by_one, name), abs=1e-12)


def test_answers_loaded_in_bulk_deleted_or_asked_differently_are_counted_again():
    survey = _survey()
    wave = survey.waves.get()
    _answer(survey, wave, 30, seed=3)
    tally = tallies.for_waves(survey, [wave])[wave.pk]
    assert tally.responses == 30 and WaveTally.objects.get(wave=wave).responses == 30
    rng = random.Random(4)
    questions = {q.key: q for q in survey.questions.all()}
    # Loaded without the service (a bulk load): seen at the next read.
    Response.objects.bulk_create(
        [Response(wave=wave, answers=demo_research._answers(rng, 0, questions)) for _ in range(5)]
    )
    assert tallies.for_waves(survey, [wave])[wave.pk].responses == 35
    # Deleted: forgotten at once.
    Response.objects.filter(wave=wave).order_by("id").first().delete()
    assert WaveTally.objects.get(wave=wave).signature == ""
    assert tallies.for_waves(survey, [wave])[wave.pk].responses == 34
    # A new breakdown question: counted for it too.
    Question.objects.create(
        survey=survey, order=90, key="tenure", kind="yes_no", text="Do you rent?"
    )
    again = tallies.for_waves(survey, [wave])[wave.pk]
    assert "tenure" in again.groups and sum(again.channels.values()) == 34


def test_the_page_reads_counts_not_answers(django_assert_max_num_queries):
    survey = _survey()
    wave = survey.waves.get()
    _answer(survey, wave, 40, seed=5)
    client = Client()
    url = reverse("research:results", args=[survey.pk])
    assert client.get(url).status_code == 200
    before = WaveTally.objects.get(wave=wave).updated_at
    _answer(survey, wave, 1, seed=6)
    page = client.get(url, {"by": "postcode"})
    assert page.status_code == 200 and b"LE3 1" in page.content
    tally = WaveTally.objects.get(wave=wave)
    assert tally.responses == 41 and tally.updated_at > before
    with django_assert_max_num_queries(30):  # the same however many answers there are
        client.get(url)


def test_the_survey_page_knows_which_questions_were_answered_from_the_tallies(staff_client):
    survey = _survey()
    wave = survey.waves.get()
    extra = Question.objects.create(
        survey=survey, order=95, key="anything_else", kind="text", text="Anything else?"
    )
    _answer(survey, wave, 12, seed=7)
    url = reverse("research:survey", args=[survey.pk])
    remove = reverse("research:question_delete", args=[survey.pk, extra.pk]).encode()
    page = staff_client.get(url)
    assert remove in page.content  # nobody has answered it: it can still go
    answered = reverse("research:question_delete", args=[survey.pk, Question.objects.filter(
        survey=survey, standard_item__gt="").first().pk]).encode()  # fmt: skip
    assert answered not in page.content
    services.submit_response(wave=wave, data={"anything_else": ["More buses after six"]})
    with CaptureQueriesContext(connection) as read:
        page = staff_client.get(url)
    assert remove not in page.content  # counted as it arrived: it stays now
    assert b"<td>13</td>" in page.content  # the wave's answers, from its tally
    assert not [q for q in read.captured_queries if '"research_response"."answers"' in q["sql"]]


def test_objectives_indicators_come_from_the_tallies_and_move_with_each_answer():
    survey = _survey()
    wave = survey.waves.get()
    _answer(survey, wave, 30, seed=8)
    key = "share_safety_dark"
    before = results.indicators(survey, [key])[key]["row"]
    services.submit_response(wave=wave, data={"safety_dark": ["very_unsafe"]})
    survey = type(survey).objects.get(pk=survey.pk)  # as the next page would read it
    with CaptureQueriesContext(connection) as read:
        after = results.indicators(survey, [key])[key]["row"]
    assert after.cells[0].n == before.cells[0].n + 1  # counted at once
    expected = results.compute(survey, [wave], only=[key], kept=None)[0]
    assert after.cells[0].display == expected.cells[0].display
    assert not [q for q in read.captured_queries if '"research_response"."answers"' in q["sql"]]
    assert len(read.captured_queries) <= 4  # waves, questions, tallies: however many answers


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_answers_arriving_at_once_are_each_counted_once():
    survey = _survey()
    wave = survey.waves.get()
    _answer(survey, wave, 5, seed=7)
    tallies.for_waves(survey, [wave])

    def answering(seed: int) -> None:
        _answer(survey, wave, 15, seed=seed)
        connection.close()

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(answering, range(10, 14)))
    kept = WaveTally.objects.get(wave=wave)
    assert kept.responses == 65 == Response.objects.filter(wave=wave).count()
    counted = tallies.Tally.load(kept)
    assert sum(counted.channels.values()) == 65
    assert counted.responses == tallies.rebuild(wave, tallies.layout(survey)).responses
