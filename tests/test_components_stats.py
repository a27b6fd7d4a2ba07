"""The Wilson interval behind the error bars on the compare page."""
from __future__ import annotations

import pytest

from components.stats import wilson_interval


def test_21_of_30_is_roughly_52_to_83_percent():
    low, high = wilson_interval(21, 30)
    assert low == pytest.approx(0.521, abs=0.002)
    assert high == pytest.approx(0.833, abs=0.002)


def test_interval_contains_the_share_and_stays_within_0_and_1():
    for successes, n in [(0, 1), (1, 1), (0, 10), (10, 10), (3, 7), (500, 1000), (1, 2)]:
        low, high = wilson_interval(successes, n)
        assert 0.0 <= low <= successes / n <= high <= 1.0


def test_extremes_are_exact():
    assert wilson_interval(0, 10)[0] == 0.0
    assert wilson_interval(10, 10)[1] == 1.0
    assert wilson_interval(0, 10)[1] == pytest.approx(0.278, abs=0.002)


def test_more_people_give_a_narrower_interval():
    small = wilson_interval(7, 10)
    large = wilson_interval(700, 1000)
    assert (large[1] - large[0]) < (small[1] - small[0])


def test_higher_confidence_gives_a_wider_interval():
    ninety = wilson_interval(21, 30, z=1.645)
    ninety_nine = wilson_interval(21, 30, z=2.576)
    assert ninety_nine[0] < ninety[0] and ninety_nine[1] > ninety[1]


def test_no_participants_means_nothing_is_known():
    assert wilson_interval(0, 0) == (0.0, 1.0)


@pytest.mark.parametrize("successes, n", [(-1, 5), (6, 5), (0, -1)])
def test_impossible_counts_are_refused(successes, n):
    with pytest.raises(ValueError):
        wilson_interval(successes, n)
