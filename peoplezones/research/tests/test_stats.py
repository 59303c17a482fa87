"""The statistics, checked against independent computations: Newcombe's interval rebuilt from
scipy's Wilson intervals, Welch's interval from scipy's t-test; and the scoring rules."""

import math

import numpy as np
import pytest
from scipy import stats as scipy_stats

from peoplezones.research import measures, stats


def newcombe_by_hand(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """Newcombe (1998) method 10 for p1 - p2, from scipy's Wilson score intervals."""
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = scipy_stats.binomtest(x1, n1).proportion_ci(0.95, method="wilson")
    l2, u2 = scipy_stats.binomtest(x2, n2).proportion_ci(0.95, method="wilson")
    d = p1 - p2
    return (
        d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
        d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2),
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [((96, 200), (131, 230)), ((5, 12), (9, 14)), ((0, 30), (3, 31)), ((40, 40), (38, 40))],
)
def test_share_change_matches_newcombe_computed_independently(before, after):
    change = stats.share_change(*before, *after)
    low, high = newcombe_by_hand(after[0], after[1], before[0], before[1])
    assert change.low == pytest.approx(low, abs=1e-9)
    assert change.high == pytest.approx(high, abs=1e-9)
    assert change.change == pytest.approx(after[0] / after[1] - before[0] / before[1])


def test_mean_change_matches_welch_from_scipy():
    rng = np.random.default_rng(3)
    before = rng.integers(0, 11, 120).astype(float).tolist()
    after = (rng.integers(1, 11, 90)).astype(float).tolist()
    change = stats.mean_change(before, after)
    expected = scipy_stats.ttest_ind(after, before, equal_var=False).confidence_interval(0.95)
    assert (change.low, change.high) == pytest.approx((expected.low, expected.high), abs=1e-9)


def test_words_never_overclaim():
    clear = stats.share_change(240, 500, 285, 500)
    text = stats.describe_share(clear, "feel safe walking alone here after dark")
    assert text.startswith(
        "More people feel safe walking alone here after dark: 48% -> 57%, a change larger than chance alone would likely give (better;"
    )
    assert "500 and 500 people answered" in text
    borderline = stats.describe_share(stats.share_change(96, 200, 131, 230), "feel safe")
    assert borderline.startswith("About the same share feel safe: 48% then 57%.")
    assert "(95% interval -0.5 to +18 points" in borderline  # never a bare "0"
    unclear = stats.share_change(5, 12, 7, 14)
    assert stats.describe_share(unclear, "feel safe").startswith(
        "About the same share feel safe: 42% then 50%. A difference this size could easily come from chance alone"
    )
    worse = stats.share_change(20, 200, 50, 200)
    assert "(worse;" in stats.describe_share(
        worse, "feel lonely often or always", higher_is_better=False
    )


def test_scoring_rules():
    share = measures.BY_KEY["safety_dark"].shares[0]
    answers = [
        "very_safe",
        "fairly_safe",
        "a_bit_unsafe",
        "i_never_walk_alone_after_dark",
        None,
        "very_unsafe",
    ]
    assert measures.share_counts(share, answers) == (2, 4)  # "never walk alone" and blanks left out
    ucla = measures.BY_KEY["ucla3"].means[0]
    responses = [
        {
            "ucla_companionship": "often",
            "ucla_left_out": "often",
            "ucla_isolated": "some_of_the_time",
        },
        {
            "ucla_companionship": "hardly_ever_or_never",
            "ucla_left_out": "hardly_ever_or_never",
            "ucla_isolated": "hardly_ever_or_never",
        },
        {"ucla_companionship": "often", "ucla_left_out": None, "ucla_isolated": "often"},
    ]
    assert measures.mean_scores(ucla, responses) == [8.0, 3.0]  # 3-9; partial answers not scored
    anxious = measures.BY_KEY["ons4"].shares[3]
    assert measures.share_counts(anxious, ["5", "6", "10", "0"]) == (2, 4)  # high anxiety is 6-10
    life = measures.BY_KEY["ons4"].means[0]
    assert measures.mean_scores(life, [{"ons4_life": "7"}, {"ons4_life": "9"}]) == [7.0, 9.0]


def test_standard_wording_is_the_published_wording():
    items = measures.ITEMS
    assert (
        items["safety_dark"].text == "How safe do you feel walking alone in this area after dark?"
    )
    assert [o.label for o in items["safety_dark"].options][-1] == "I never walk alone after dark"
    assert (
        items["belonging"].text
        == "How strongly do you feel you belong to your immediate neighbourhood?"
    )
    assert items["lonely_direct"].text == "How often do you feel lonely?"
    assert [o.score for o in items["ucla_isolated"].options] == [1, 2, 3]
    assert len([k for k in items if k.startswith("asb_")]) == 7
    assert len(set(items)) == sum(len(m.items) for m in measures.BANK)  # keys are unique


def test_one_wave_intervals_match_independent_formulas():
    # Wilson score interval, written out from its formula.
    count, n = 57, 100
    z = scipy_stats.norm.ppf(0.975)
    p = count / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    assert stats.share_interval(count, n) == pytest.approx((centre - half, centre + half))
    # Student's t interval for a mean, from scipy.
    scores = [3, 4, 4, 5, 6, 6, 6, 7, 8, 9, 3, 5]
    expected = scipy_stats.t.interval(
        0.95, len(scores) - 1, loc=np.mean(scores), scale=scipy_stats.sem(scores)
    )
    assert stats.mean_interval(scores) == pytest.approx(expected)
