"""The demo's community research: Braunstone Park's survey, built from the standard measures plus
the Zone's own questions, with a closed baseline a year ago and a follow-up open now. Answers are
fictional, drawn so that some measures improve, some do not, and a few change by chance alone,
as real results do. Free-text answers are tagged with themes; the objectives point at measures."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from peoplezones.core.models import User
from peoplezones.research import services
from peoplezones.research.models import Channel, Question, Response, Survey, Theme, Wave
from peoplezones.zones.models import Zone

SLUG = "braunstone-park-how-is-the-area"
MEASURES = ["safety_dark", "safety_day", "asb", "belonging", "satisfaction", "pull_together",
            "lonely_direct", "ucla3", "ons4", "better", "offer"]  # fmt: skip

# Answer weights at baseline and follow-up, in the bank's option order.
WEIGHTS = {
    "safety_dark": ([12, 32, 32, 18, 6], [19, 43, 24, 10, 4]),
    "safety_day": ([45, 42, 9, 4], [47, 41, 8, 4]),
    "asb_noisy_neighbours": ([8, 17, 40, 35], [8, 16, 41, 35]),
    "asb_teenagers": ([20, 25, 33, 22], [13, 22, 38, 27]),
    "asb_litter": ([25, 30, 30, 15], [22, 31, 31, 16]),
    "asb_vandalism": ([12, 20, 38, 30], [11, 19, 40, 30]),
    "asb_drugs": ([18, 22, 30, 30], [17, 22, 31, 30]),
    "asb_drunk": ([9, 16, 40, 35], [9, 15, 40, 36]),
    "asb_cars": ([3, 6, 31, 60], [3, 6, 30, 61]),
    "belonging": ([18, 36, 30, 16], [22, 38, 27, 13]),
    "satisfaction": ([15, 40, 20, 15, 10], [18, 42, 19, 13, 8]),
    "pull_together": ([10, 30, 30, 20, 10], [15, 36, 26, 15, 8]),
    "lonely_direct": ([9, 18, 24, 27, 22], [6, 16, 25, 29, 24]),
    "ucla_companionship": ([55, 33, 12], [60, 30, 10]),
    "ucla_left_out": ([58, 31, 11], [62, 29, 9]),
    "ucla_isolated": ([60, 29, 11], [64, 27, 9]),
    "lived_here": ([12, 30, 58], [14, 29, 57]),
    "join_in": ([30, 70], [38, 62]),
}
ONS4_MEANS = {"ons4_life": (6.9, 7.2), "ons4_worthwhile": (7.4, 7.5), "ons4_happy": (7.0, 7.2),
              "ons4_anxious": (3.4, 3.2)}  # fmt: skip
BETTER = [
    "Better street lights on the park paths", "Something for the teenagers to do in the evenings",
    "More bins and someone to stop the fly-tipping", "A youth club that is open on Fridays",
    "Lighting by the shops, it is very dark", "Fewer cars speeding down the main road",
    "A community garden on the empty plot", "More events so neighbours get to know each other",
    "Clean up the litter by the brook", "Police on foot, not just in cars",
    "Somewhere warm for older people to meet", "Fix the broken lights in the underpass",
]  # fmt: skip
HELP = ["I could help at events", "Litter picking on Saturdays", "I can do some cooking",
        "Helping older neighbours with shopping"]  # fmt: skip
THEMES = [
    ("Street lighting", "light"),
    ("Things for young people", "teenager, youth, young"),
    ("Litter and fly-tipping", "litter, fly-tipping, bins, clean"),
    ("Meeting neighbours", "neighbour, events, meet, garden"),
]
RESULT_FOR_INDICATOR = {
    "after dark": "share_safety_dark",
    "teenagers": "share_asb_teenagers",
    "loneliness": "share_lonely_direct",
}


def _own_questions(survey: Survey) -> None:
    about = services.add_section(survey=survey, title="About you")
    lived = Question(section=about, kind="single", text="How long have you lived in the area?")
    services.save_question(
        survey=survey, question=lived, show_if="",
        options=[{"value": "under_1", "label": "Less than a year"},
                 {"value": "1_to_5", "label": "1 to 5 years"},
                 {"value": "over_5", "label": "More than 5 years"}],
    )  # fmt: skip
    lived.key = "lived_here"
    lived.save()
    postcode = Question(section=about, kind="postcode", text="Your postcode",
                        help_text="Only the first part is ever shown, like ZZ0 1.")  # fmt: skip
    services.save_question(survey=survey, question=postcode, options=[], show_if="")
    postcode.key = "postcode"
    postcode.save()
    join = Question(
        section=about, kind="yes_no", text="Would you like to help with the Zone's work?"
    )
    services.save_question(survey=survey, question=join, options=[], show_if="")
    join.key = "join_in"
    join.save()
    how = Question(section=about, kind="text", text="How would you like to help?")
    services.save_question(survey=survey, question=how, options=[], show_if=f"{join.pk}:yes")


def _answers(rng: random.Random, stage: int, questions: dict[str, Question]) -> dict:
    answers: dict = {}
    for key, weights in WEIGHTS.items():
        question = questions[key]
        values = [o["value"] for o in question.options] or ["yes", "no"]
        if key == "join_in":
            values = ["yes", "no"]
        if rng.random() < 0.04:  # some people skip a question
            continue
        answers[key] = rng.choices(values, weights=weights[stage])[0]
    for key, means in ONS4_MEANS.items():
        if rng.random() < 0.95:
            answers[key] = str(min(10, max(0, round(rng.gauss(means[stage], 1.9)))))
    if rng.random() < 0.55:
        answers["better"] = rng.choice(BETTER)
    if rng.random() < 0.3:
        options = [o["value"] for o in questions["offer"].options]
        answers["offer"] = sorted(rng.sample(options, rng.randint(1, 3)), key=options.index)
    if rng.random() < 0.7:
        answers["postcode"] = (
            f"ZZ0 {rng.choice('1234')}{rng.choice('ABDEFG')}{rng.choice('ABDEHJ')}"
        )
    if answers.get("join_in") == "yes" and rng.random() < 0.6:
        answers["how_would_you_like_to_help"] = rng.choice(HELP)
    return answers


def _responses(
    rng: random.Random, wave: Wave, stage: int, online: int, paper: int, by: User | None
) -> None:
    questions = {q.key: q for q in wave.survey.questions.all()}
    span = max((min(wave.closes_at, timezone.now()) - wave.opens_at).total_seconds(), 60)
    rows = []
    for i in range(online + paper):
        is_paper = i >= online
        rows.append(
            Response(
                wave=wave,
                answers=_answers(rng, stage, questions),
                submitted_at=wave.opens_at + timedelta(seconds=rng.uniform(0, span)),
                channel=Channel.PAPER if is_paper else Channel.ONLINE,
                entered_by=by if is_paper else None,
                paper_reference=f"P-{i - online + 1:03d}" if is_paper else "",
            )
        )
    Response.objects.bulk_create(rows)


@transaction.atomic
def load_research(rng: random.Random) -> None:
    zone = Zone.objects.filter(slug="braunstone-park").first()
    if zone is None or Survey.objects.filter(slug=SLUG).exists():
        return
    coordinator = zone.coordinators.first()
    volunteer = User.objects.filter(email="volunteer@example.org").first()
    survey = services.create_survey(
        fields={
            "zone": zone, "title": "Braunstone Park: how is the area?", "results_published": True,
            "introduction": "Ten minutes of questions from your neighbours in the People Zone. "
            "Answers are anonymous: nobody sees figures from fewer than ten people.",
        },
        measure_keys=MEASURES, by=coordinator,
    )  # fmt: skip
    Survey.objects.filter(pk=survey.pk).update(slug=SLUG)
    _own_questions(survey)
    survey.translations = {"cy": {"title": "Parc Braunstone: sut mae'r ardal?"}}
    survey.save(update_fields=["translations"])
    if volunteer:
        survey.data_entry.add(volunteer)
    now = timezone.now()
    baseline = Wave.objects.create(
        survey=survey, name="Baseline", kind="baseline",
        opens_at=now - timedelta(days=400), closes_at=now - timedelta(days=372),
    )  # fmt: skip
    follow = Wave.objects.create(
        survey=survey, name="Follow-up 1", kind="follow_up",
        opens_at=now - timedelta(days=21), closes_at=now + timedelta(days=9),
    )  # fmt: skip
    _responses(rng, baseline, 0, online=176, paper=44, by=volunteer)
    _responses(rng, follow, 1, online=168, paper=31, by=volunteer)
    for name, keywords in THEMES:
        services.apply_keywords(
            theme=Theme.objects.create(survey=survey, name=name, keywords=keywords)
        )
    for objective in zone.objectives.filter(indicator_kind="survey"):
        for phrase, key in RESULT_FOR_INDICATOR.items():
            if phrase in objective.indicator.lower() or phrase in objective.title.lower():
                objective.survey, objective.survey_result = survey, key
                objective.save(update_fields=["survey", "survey_result"])
                break
