"""The question bank of standard measures. Wording and answer scales are fixed (see
../shared/DATA.md) so results compare across Zones and waves; each measure says how it is scored.

A measure is one question (feeling safe after dark) or a scale of several items (UCLA three-item
loneliness, ONS4 wellbeing is four separate 0-10 questions). Scoring turns answers into either a
share (people giving one of the "positive" answers, out of those who answered, excluding "does not
apply" answers) or a mean (of a score), with the published thresholds where there are any."""

import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    score: int | None = None  # for scored scales (UCLA: 1-3)
    excluded: bool = False  # "I never walk alone after dark": not counted either way


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    kind: str  # "single" (choose one option), "scale_0_10", "multiple" or "text"
    options: tuple[Option, ...] = ()
    low_label: str = ""
    high_label: str = ""


@dataclass(frozen=True)
class Share:
    """The share of respondents giving one of `positive` answers to an item."""

    item: str
    positive: tuple[str, ...]
    statement: str  # "feel safe walking alone after dark": completes "x% of people ..."
    higher_is_better: bool = True

    @property
    def key(self) -> str:
        return f"share_{self.item}"

    @property
    def items(self) -> tuple[str, ...]:
        """The items it is computed from, as for a Mean."""
        return (self.item,)


@dataclass(frozen=True)
class Mean:
    """The mean of a score: one 0-10 item, or the sum of several scored items (all answered)."""

    items: tuple[str, ...]
    statement: str  # "life satisfaction (0-10)"
    low: float
    high: float
    higher_is_better: bool = True
    name: str = ""  # names a score of several items ("ucla3"); one item's mean is named by it

    @property
    def key(self) -> str:
        return f"mean_{self.name or self.items[0]}"


@dataclass(frozen=True)
class Measure:
    key: str
    name: str
    source: str
    items: tuple[Item, ...]
    shares: tuple[Share, ...] = ()
    means: tuple[Mean, ...] = ()
    notes: str = field(default="")


def _options(*labels: str, excluded: tuple[str, ...] = ()) -> tuple[Option, ...]:
    return tuple(
        Option(value=_slug(label), label=label, excluded=label in excluded) for label in labels
    )


def _slug(label: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in label.lower()).strip("_").replace("__", "_")


SAFE = _options(
    "Very safe", "Fairly safe", "A bit unsafe", "Very unsafe", "I never walk alone after dark",
    excluded=("I never walk alone after dark",),
)  # fmt: skip
PROBLEM = _options(
    "Very big problem", "Fairly big problem", "Not a very big problem", "Not a problem at all"
)
UCLA = (
    Option("hardly_ever_or_never", "Hardly ever or never", score=1),
    Option("some_of_the_time", "Some of the time", score=2),
    Option("often", "Often", score=3),
)
ASB_PROBLEMS = [
    ("noisy_neighbours", "noisy neighbours or loud parties"),
    ("teenagers", "teenagers hanging around on the streets"),
    ("litter", "rubbish or litter lying around"),
    ("vandalism", "vandalism, graffiti and other deliberate damage to property or vehicles"),
    ("drugs", "people using or dealing drugs"),
    ("drunk", "people being drunk or rowdy in public places"),
    ("cars", "abandoned or burnt-out cars"),
]

MEASURES: tuple[Measure, ...] = (
    Measure(
        key="safety_dark",
        name="Feeling safe after dark",
        source="Crime Survey for England and Wales",
        items=(Item("safety_dark", "How safe do you feel walking alone in this area after dark?", "single", SAFE),),
        shares=(Share("safety_dark", ("very_safe", "fairly_safe"), "feel safe walking alone here after dark"),),
    ),
    Measure(
        key="safety_day",
        name="Feeling safe during the day",
        source="Crime Survey for England and Wales",
        items=(Item("safety_day", "How safe do you feel walking alone in this area during the day?", "single", SAFE[:4]),),
        shares=(Share("safety_day", ("very_safe", "fairly_safe"), "feel safe walking alone here during the day"),),
    ),
    Measure(
        key="asb",
        name="Anti-social behaviour problems",
        source="Crime Survey for England and Wales",
        items=tuple(
            Item(f"asb_{key}", f"How much of a problem are {text} in your area?", "single", PROBLEM)
            for key, text in ASB_PROBLEMS
        ),
        shares=tuple(
            Share(f"asb_{key}", ("very_big_problem", "fairly_big_problem"), f"say {text} are a big problem", higher_is_better=False)
            for key, text in ASB_PROBLEMS
        ),
    ),
    Measure(
        key="belonging",
        name="Belonging",
        source="Community Life Survey",
        items=(Item("belonging", "How strongly do you feel you belong to your immediate neighbourhood?", "single", _options("Very strongly", "Fairly strongly", "Not very strongly", "Not at all strongly")),),
        shares=(Share("belonging", ("very_strongly", "fairly_strongly"), "feel they belong to their neighbourhood"),),
    ),
    Measure(
        key="satisfaction",
        name="Satisfaction with the area",
        source="Community Life Survey",
        items=(Item("satisfaction", "Overall, how satisfied or dissatisfied are you with your local area as a place to live?", "single", _options("Very satisfied", "Fairly satisfied", "Neither satisfied nor dissatisfied", "Fairly dissatisfied", "Very dissatisfied")),),
        shares=(Share("satisfaction", ("very_satisfied", "fairly_satisfied"), "are satisfied with the area as a place to live"),),
    ),
    Measure(
        key="pull_together",
        name="Neighbours pull together",
        source="Community Life Survey",
        items=(Item("pull_together", "To what extent do you agree that people in this neighbourhood pull together to improve the neighbourhood?", "single", _options("Definitely agree", "Tend to agree", "Tend to disagree", "Definitely disagree", "Nothing needs improving", excluded=("Nothing needs improving",))),),
        shares=(Share("pull_together", ("definitely_agree", "tend_to_agree"), "agree people here pull together to improve the neighbourhood"),),
    ),
    Measure(
        key="lonely_direct",
        name="Loneliness (ONS direct question)",
        source="Office for National Statistics",
        items=(Item("lonely_direct", "How often do you feel lonely?", "single", _options("Often or always", "Some of the time", "Occasionally", "Hardly ever", "Never")),),
        shares=(Share("lonely_direct", ("often_or_always",), "feel lonely often or always", higher_is_better=False),),
    ),
    Measure(
        key="ucla3",
        name="Loneliness (three-item UCLA scale)",
        source="Hughes et al. 2004, as used by the ONS",
        items=(
            Item("ucla_companionship", "How often do you feel that you lack companionship?", "single", UCLA),
            Item("ucla_left_out", "How often do you feel left out?", "single", UCLA),
            Item("ucla_isolated", "How often do you feel isolated from others?", "single", UCLA),
        ),
        means=(Mean(("ucla_companionship", "ucla_left_out", "ucla_isolated"), "loneliness score (3 least lonely to 9 most)", 3, 9, higher_is_better=False, name="ucla3"),),
        notes="Scored 1-3 per item and summed (3-9); only people who answered all three are scored.",
    ),
    Measure(
        key="ons4",
        name="Personal wellbeing (ONS4)",
        source="Office for National Statistics",
        items=(
            Item("ons4_life", "Overall, how satisfied are you with your life nowadays?", "scale_0_10", low_label="Not at all", high_label="Completely"),
            Item("ons4_worthwhile", "Overall, to what extent do you feel that the things you do in your life are worthwhile?", "scale_0_10", low_label="Not at all", high_label="Completely"),
            Item("ons4_happy", "Overall, how happy did you feel yesterday?", "scale_0_10", low_label="Not at all", high_label="Completely"),
            Item("ons4_anxious", "On a scale where 0 is 'not at all anxious' and 10 is 'completely anxious', overall, how anxious did you feel yesterday?", "scale_0_10", low_label="Not at all anxious", high_label="Completely anxious"),
        ),
        shares=(
            Share("ons4_life", tuple(str(v) for v in range(0, 5)), "have low life satisfaction (0-4)", higher_is_better=False),
            Share("ons4_worthwhile", tuple(str(v) for v in range(0, 5)), "have a low sense that what they do is worthwhile (0-4)", higher_is_better=False),
            Share("ons4_happy", tuple(str(v) for v in range(0, 5)), "had low happiness yesterday (0-4)", higher_is_better=False),
            Share("ons4_anxious", tuple(str(v) for v in range(6, 11)), "had high anxiety yesterday (6-10)", higher_is_better=False),
        ),
        means=(
            Mean(("ons4_life",), "life satisfaction (0-10)", 0, 10),
            Mean(("ons4_worthwhile",), "feeling that what they do is worthwhile (0-10)", 0, 10),
            Mean(("ons4_happy",), "happiness yesterday (0-10)", 0, 10),
            Mean(("ons4_anxious",), "anxiety yesterday (0-10)", 0, 10, higher_is_better=False),
        ),
        notes="Thresholds as published by the ONS: low 0-4 for the first three, high anxiety 6-10.",
    ),
)  # fmt: skip


def _skill_options() -> tuple[Option, ...]:
    """The skills inventory's own list, so an offer made in a survey means the same skill."""
    path = Path(__file__).resolve().parent.parent / "assets" / "skills.json"
    return tuple(Option(s["slug"], s["name"]) for s in json.loads(path.read_text("utf-8")))


# Open questions in the bank: not scored, but worded the same everywhere. "offer" uses the skills
# inventory's list; with the person's consent (asked on the skills page) it feeds the inventory.
OPEN_MEASURES: tuple[Measure, ...] = (
    Measure(
        key="better",
        name="What would make this area better",
        source="People Zones",
        items=(Item("better", "What one thing would make this area a better place to live?", "text"),),
    ),
    Measure(
        key="offer",
        name="What could you offer",
        source="People Zones",
        items=(Item("offer", "Is there anything you could offer your neighbours? Choose any that apply.", "multiple", _skill_options()),),
    ),
)  # fmt: skip

BANK = MEASURES + OPEN_MEASURES
BY_KEY = {m.key: m for m in BANK}
ITEMS = {item.key: item for m in BANK for item in m.items}
RESULTS: dict[str, Share | Mean] = {
    result.key: result for m in MEASURES for result in (*m.shares, *m.means)
}


def result_label(result: Share | Mean) -> str:
    if isinstance(result, Share):
        return f"People who {result.statement}"
    return f"Average {result.statement}"


def results_for(item_keys: set[str]) -> list[Share | Mean]:
    """The scored results a survey holding these standard items can report, in bank order."""
    return [result for result in RESULTS.values() if set(result.items) <= item_keys]


def item_options(item: Item) -> tuple[Option, ...]:
    """The answers an item accepts (0-10 scales become eleven options)."""
    if item.kind == "scale_0_10":
        return tuple(Option(str(v), str(v), score=v) for v in range(11))
    return item.options


# Scoring -------------------------------------------------------------------------------------------


def share_counts(share: Share, answers: list[str | None]) -> tuple[int, int]:
    """(people giving a positive answer, people counted): blanks and excluded answers are left out."""
    item = ITEMS[share.item]
    excluded = {o.value for o in item_options(item) if o.excluded}
    counted = [a for a in answers if a not in (None, "") and a not in excluded]
    return sum(1 for a in counted if a in share.positive), len(counted)


def _scores(item_key: str) -> dict[str, int]:
    """{answer value: score} for a scored item, worked out once."""
    if item_key not in _SCORES:
        _SCORES[item_key] = {
            o.value: o.score for o in item_options(ITEMS[item_key]) if o.score is not None
        }
    return _SCORES[item_key]


_SCORES: dict[str, dict[str, int]] = {}


def mean_scores(mean: Mean, responses: list[dict[str, str | None]]) -> list[float]:
    """One score per response that answered every item of the mean (partial answers are left out)."""
    tables = [(key, _scores(key)) for key in mean.items]
    scores = []
    for answers in responses:
        total = 0
        for key, table in tables:
            score = table.get(answers.get(key))  # type: ignore[arg-type]
            if score is None:
                break
            total += score
        else:
            scores.append(float(total))
    return scores
