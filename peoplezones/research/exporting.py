"""The anonymised export of a survey's responses: one row per response, answers only. Left out:
who answered or typed it in, household codes, paper form numbers, the exact time (the month is
kept), free text (it can name people; coordinators read it on its own page), and postcodes beyond
their sector ('LE3 1'). Rows are sorted by their answers, not by time, so the order tells nothing."""

from peoplezones.core.postcodes import postcode_sector
from peoplezones.research.models import QuestionKind, Response, Survey


def anonymised_rows(survey: Survey) -> list[list[str]]:
    questions = [q for q in survey.questions.all() if q.kind != QuestionKind.TEXT]
    header = ["wave", "wave_kind", "channel", "month"] + [q.key for q in questions]
    body = []
    for response in Response.objects.filter(wave__survey=survey).select_related("wave"):
        row = [
            response.wave.name,
            response.wave.kind,
            response.channel,
            response.submitted_at.strftime("%Y-%m"),
        ]
        for question in questions:
            value = response.answers.get(question.key, "")
            if question.kind == QuestionKind.POSTCODE and value:
                value = postcode_sector(value)
            row.append(";".join(value) if isinstance(value, list) else str(value))
        body.append(row)
    waves = {w.name: i for i, w in enumerate(survey.waves.all())}
    body.sort(key=lambda r: (waves.get(r[0], 0), r[1:]))
    return [header, *body]
