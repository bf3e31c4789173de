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


def test_exact_dtype_wants_an_array_of_that_very_dtype():
    strict = Tolerance(exact_dtype=True)
    want = np.array([[1, 2]], dtype=np.int32)
    assert check_numeric(want, want.copy(), strict).ok
    assert "dtype int32" in check_numeric(want, want.astype(np.int64), strict).message
    assert "NumPy array" in check_numeric(want, want.tolist(), strict).message
    assert check_numeric(np.float64(2.5), np.float64(2.5), strict).ok  # a NumPy scalar is fine


def test_float32_results_get_float32_sized_bounds():
    rng = np.random.default_rng(0)
    A, B = (
        rng.normal(size=(7, 300)).astype(np.float32),
        rng.normal(size=(300, 5)).astype(np.float32),
    )
    reordered = (A[:, ::-1] @ B[::-1]).astype(np.float32)  # the same sum in another order
    assert check_numeric(A @ B, reordered, TOL).ok
    assert not check_numeric(A @ B, reordered * np.float32(1.001), TOL).ok


def test_a_scaled_atol_follows_the_size_of_the_result():
    tiny = np.array([3e-12, -1e-12])
    assert check_numeric(tiny, np.zeros(2), TOL).ok  # fixed atol 1e-9: zeros slip through
    scaled = Tolerance(rtol=1e-7, atol=1e-9, scale_atol=True)
    assert not check_numeric(tiny, np.zeros(2), scaled).ok
    cancelled = np.array([1e6, 1e-12])  # an element that cancelled to almost nothing
    assert check_numeric(cancelled, np.array([1e6, 3e-10]), scaled).ok


def test_binomial_test_rejects_the_implausible_only():
    from judge.checking import binomial_implausible

    alpha = 1e-12
    assert not binomial_implausible(30, 300, 0.1, alpha)
    assert binomial_implausible(0, 300, 0.1, alpha)  # 0.9**300 is 2e-14
    assert binomial_implausible(240, 300, 0.2, alpha)
    assert not binomial_implausible(0, 10, 0.5, alpha)  # too few trials to tell
    assert binomial_implausible(1, 10, 0.0, alpha) and not binomial_implausible(0, 10, 0.0, alpha)


def test_binomial_test_errs_no_more_often_than_its_alpha():
    """At a loose alpha the bound can be watched at work: true draws are rarely refused."""
    from judge.checking import binomial_implausible

    rng = np.random.default_rng(1)
    for n, p, alpha in ((50, 0.3, 0.05), (2000, 0.1, 0.01)):
        draws = rng.binomial(n, p, size=20000)
        refused = np.mean([binomial_implausible(int(c), n, p, alpha) for c in draws])
        assert refused <= alpha
