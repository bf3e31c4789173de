"""The default numeric checker: honest about shapes, types, NaN and tolerance."""

from __future__ import annotations

import numpy as np
import pytest

from judge.checking import Tolerance, check_numeric

TOL = Tolerance(rtol=1e-7, atol=1e-9)
EXPECTED = np.array([[1.0, 2.0], [3.0, 4.0]])


def test_equal_within_tolerance_passes():
    assert check_numeric(EXPECTED, EXPECTED * (1 + 1e-9), TOL).ok


def test_a_list_of_the_right_numbers_passes():
    assert check_numeric(EXPECTED, EXPECTED.tolist(), TOL).ok


@pytest.mark.parametrize(
    ("actual", "words"),
    [
        (EXPECTED.T, "outside tolerance"),
        (np.zeros((2, 2)), "outside tolerance"),
        (EXPECTED[0], "shape"),
        (None, "NumPy array"),
        ("text", "NumPy array"),
        (np.array([["a", "b"], ["c", "d"]]), "numeric"),
        (np.full((2, 2), np.nan), "outside tolerance"),
        (np.full((2, 2), np.inf), "outside tolerance"),
        ([[1.0], [2.0, 3.0]], "ragged"),
    ],
)
def test_wrong_outputs_fail_with_a_reason(actual, words):
    check = check_numeric(EXPECTED, actual, TOL)
    assert not check.ok and words in check.message


def test_message_points_at_the_worst_element():
    actual = EXPECTED.copy()
    actual[1, 0] = 30.0
    message = check_numeric(EXPECTED, actual, TOL).message
    assert "(1, 0)" in message and "expected 3" in message and "got 30" in message


def test_integers_are_compared_exactly_and_must_stay_integers():
    want = np.array([1, 2, 3])
    assert check_numeric(want, np.array([1, 2, 3]), TOL).ok
    assert not check_numeric(want, np.array([1, 2, 4]), TOL).ok
    assert "integer" in check_numeric(want, want.astype(float), TOL).message


def test_nan_is_right_only_where_nan_is_expected():
    want = np.array([np.nan, 1.0, np.inf])
    assert check_numeric(want, want.copy(), TOL).ok
    assert not check_numeric(want, np.array([0.0, 1.0, np.inf]), TOL).ok
    assert not check_numeric(want, np.array([np.nan, 1.0, -np.inf]), TOL).ok


def test_zero_sized_results_compare_by_shape():
    assert check_numeric(np.zeros((0, 3)), np.zeros((0, 3)), TOL).ok
    assert not check_numeric(np.zeros((0, 3)), np.zeros((3, 0)), TOL).ok


def test_messages_show_plain_numbers():
    message = check_numeric(np.array([58]), np.array([0]), TOL).message
    assert "expected 58, got 0" in message and "np." not in message
