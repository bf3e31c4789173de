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


def test_results_with_parts_are_checked_part_by_part():
    from judge.checking import check_parts

    batches = [np.array([3, 0, 2]), np.array([1])]  # ragged: no single array holds them
    assert check_parts(batches, [b.copy() for b in batches], TOL).ok
    assert check_parts(batches, (batches[0], batches[1]), TOL).ok
    short = check_parts(batches, batches[:1], TOL)
    assert not short.ok and short.message == "expected a list of 2 parts, got 1"
    swapped = check_parts(batches, [batches[1], batches[0]], TOL)
    assert not swapped.ok and swapped.message.startswith("part 1: expected shape (3,)")
    no_split = (None, None, 0.0)
    assert check_parts(no_split, (None, None, 0.0), TOL).ok
    assert check_parts(no_split, (0, None, 0.0), TOL).message == "part 1: expected None, got an int"
    named = {"dW": EXPECTED, "db": np.zeros(2)}
    assert check_parts(named, {"dW": EXPECTED, "db": np.zeros(2)}, TOL).ok
    assert "'db'" in check_parts(named, {"dW": EXPECTED}, TOL).message
    assert check_parts([1.0, 2.0], np.array([1.0, 2.0]), TOL).ok  # plain numbers: one array
    merges = [("e", "s"), ("es", "t")]  # text, as BPE's pairs of symbols: exactly
    assert check_parts(merges, [["e", "s"], ("es", "t")], TOL).ok
    wrong = check_parts(merges, [("e", "s"), ("e", "st")], TOL)
    assert wrong.message == "part 2: part 1: expected the text 'es', got 'e'"
    assert check_parts(merges, [("e", "s"), (1, "t")], TOL).message.endswith("got an int")


def test_without_values_only_shapes_kinds_and_finiteness_count():
    from judge.checking import check_parts

    order = [np.array([4, 1, 0]), np.array([2])]
    assert check_parts(order, [np.array([0, 1, 4]), np.array([3])], TOL, values=False).ok
    floats = check_parts(order, [np.array([0.0, 1, 4]), np.array([3])], TOL, values=False)
    assert not floats.ok and "dtype" in floats.message
    nan = check_parts(EXPECTED, EXPECTED * np.nan, TOL, values=False)
    assert not nan.ok and "NaN" in nan.message


def test_a_pair_must_be_a_pair():
    from judge.checking import as_parts

    assert as_parts((1, 2), ("w", "b")) == ((1, 2), "")
    assert as_parts([1, 2], ("w", "b"))[0] == (1, 2)
    assert as_parts([1, 2], ("w", "b"), kinds=(tuple,))[1] == "expected a tuple (w, b), got a list"
    assert as_parts((1,), ("w", "b"))[1] == "expected a tuple (w, b), got a tuple of 1 items"
    assert as_parts(None, ("w", "b"))[1] == "expected a tuple (w, b), got None"


def test_a_scalar_result_is_any_kind_of_float_and_finite_where_expected():
    from judge.checking import check_scalar

    for right in (0.5, np.float32(0.5), np.float64(0.5), np.array(0.5)):
        assert check_scalar(0.5, right, TOL).ok, type(right)
    assert check_scalar(0.5, np.array([0.5]), TOL).message == (
        "the loss: expected a scalar, got an array of shape (1,)"
    )
    assert check_scalar(0.5, True, TOL).message.endswith("got a bool")
    assert "got an int" in check_scalar(1.0, 1, TOL).message
    assert check_scalar(0.5, None, TOL).message.endswith("got None")
    nan = check_scalar(0.5, float("nan"), TOL, what="d_loss", why_not_finite="exp overflows")
    assert nan.message == "d_loss is nan, not a finite number (exp overflows)"
    assert check_scalar(float("inf"), float("inf"), TOL).ok
    off = check_scalar(0.5, 0.75, TOL)
    assert off.message.startswith("the loss is 0.75, expected 0.5 (abs error 0.25")
