"""The positional-encoding suite: one position, one to three columns, odd and even widths (an
odd width has one sine column more than cosine ones), no positions at all, positions up to 9999
(where angles computed in float32 drift by 1e-4), widths of 512 (where a wrong exponent shows in
almost every column), arguments passed by keyword and as NumPy integers, then a benchmark of a
million values.

The checker asks for a float64 NumPy array of shape (seq_len, d_model), then compares values
within an absolute 1e-9 (see challenge.toml). Its messages name the column's kind (sine or
cosine) and the pair index, which says whether the exponent or the layout is wrong.
"""

import numpy as np

from judge.challenges import Case, call
from judge.checking import PASS, Check, as_array, check_numeric


def examples():
    yield Case("example-4x4", (4, 4))
    yield Case("example-odd-width", (3, 5))


def hidden(rng: np.random.Generator):
    def size(low, high):
        return int(rng.integers(low, high))

    yield Case("one-position", (1, size(4, 12) * 2))
    yield Case("width-one", (size(5, 30), 1))  # only sin(pos)
    yield Case("width-two", (size(5, 30), 2))
    yield Case("width-three", (size(5, 30), 3))
    yield Case("odd-width", (size(20, 60), size(5, 20) * 2 + 1))
    yield Case("even-width", (size(20, 60), size(5, 20) * 2))
    yield Case("no-positions", (0, size(2, 10) * 2))
    yield Case("wide-512", (size(30, 80), 512))
    yield Case("odd-wide", (size(10, 40), size(100, 200) * 2 + 1))
    # Angles up to 9999 rad: float32 arithmetic is off by about 1e-4 there.
    yield Case("long-sequence", (size(9000, 10000), size(4, 9) * 2))
    yield Case("keywords", steps=(call(seq_len=size(5, 20), d_model=size(3, 8) * 2),))
    yield Case("keywords-odd", steps=(call(d_model=size(3, 8) * 2 + 1, seq_len=size(5, 20)),))
    yield Case("numpy-integers", (np.int64(size(10, 40)), np.int64(size(5, 12) * 2 + 1)))


def benchmark(rng: np.random.Generator):
    yield Case("benchmark-4096x256", (4096, 256))


def check(case, expected, actual, tolerance):
    want = np.asarray(expected[0])
    got, problem = as_array(actual[0])
    if problem:
        return Check(False, problem)
    if got.shape != want.shape:
        wrong = ""
        if got.ndim == 2:
            names = ("seq_len", "d_model")
            axes = [n for n, a, b in zip(names, want.shape, got.shape, strict=True) if a != b]
            wrong = f" ({' and '.join(axes)} wrong)"
        return Check(False, f"expected shape (seq_len, d_model), got {got.shape}{wrong}")
    if got.dtype != np.float64:
        return Check(False, f"expected a float64 array, got dtype {got.dtype}")
    found = check_numeric(want, got, tolerance)
    if found.ok:
        return PASS
    bad = ~(np.abs(got - want) <= tolerance.atol)  # NaN counts as bad
    columns = np.flatnonzero(bad.any(axis=0))
    column = int(columns[0])
    kind = "sine" if column % 2 == 0 else "cosine"
    return Check(
        False,
        f"{len(columns)} of {want.shape[1]} columns are wrong; the first is column {column} "
        f"(the {kind} of pair i = {column // 2}): {found.message}",
    )
