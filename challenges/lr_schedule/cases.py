"""The warm-up-and-cosine suite: every case is one schedule, called at several steps (the steps
where the classic slips show: 0, 1, the last warm-up step, ``warmup_steps`` itself, the middle of
the decay, the last steps, ``total_steps`` and past it), with the arguments by position, by name,
without ``min_lr``, as NumPy integers. Schedules without warm-up (``warmup_steps = 0``), of one
warm-up step, with the warm-up as long as the schedule, with ``min_lr`` equal to ``base_lr``, of
one step, and of 10**9 steps.

The checker takes each step's result as one number (a Python or NumPy float or integer, not an
array or a bool) and compares it with ``atol * base_lr + rtol * |expected|`` (see
challenge.toml for the tolerance).
"""

import math

import numpy as np

from judge.challenges import Case, call
from judge.checking import PASS, Check

NAMES = ("step", "total_steps", "warmup_steps", "base_lr", "min_lr")


def schedule(name, steps, total, warmup, base_lr, min_lr=None, by_name=False, kind=int):
    """One case: the schedule at each of ``steps``, ``min_lr`` left out when None."""
    calls = []
    for step in steps:
        args = (kind(step), kind(total), kind(warmup), base_lr)
        extra = {} if min_lr is None else {"min_lr": min_lr}
        if by_name:
            calls.append(call(**dict(zip(NAMES, args, strict=False)), **extra))
        else:
            calls.append(call(*args, **extra))
    return Case(name, steps=tuple(calls))


def landmarks(rng, total, warmup, count=8):
    """The steps where mistakes show, and ``count`` more at random in the decay."""
    fixed = {0, 1, warmup - 1, warmup, warmup + 1, (warmup + total) // 2, total - 2, total - 1}
    fixed |= {total, total + 1, 2 * total}
    fixed |= {int(s) for s in rng.integers(warmup, total, size=count)}
    fixed |= {int(s) for s in rng.integers(0, max(warmup, 1), size=3)}
    return sorted(s for s in fixed if s >= 0)


def log_uniform(rng, low, high):
    return float(10 ** rng.uniform(math.log10(low), math.log10(high)))


def examples():
    yield schedule("example-warmup-then-cosine", range(13), 10, 4, 0.1)
    yield schedule("example-no-warmup-min-lr", (0, 2, 3, 5, 6, 8), 6, 0, 1.0, min_lr=0.25)


def hidden(rng: np.random.Generator):
    total, warmup = int(rng.integers(14, 30)), int(rng.integers(3, 7))
    base = log_uniform(rng, 1e-3, 1.0)
    yield schedule("short-every-step", range(total + 4), total, warmup, base)
    total, warmup = int(rng.integers(50_000, 200_000)), int(rng.integers(1000, 5000))
    base = log_uniform(rng, 1e-5, 1e-2)
    steps = landmarks(rng, total, warmup, 16)
    yield schedule("long-min-lr", steps, total, warmup, base, min_lr=base * rng.uniform(0.01, 0.2))
    total, warmup = int(rng.integers(800, 1200)), int(rng.integers(50, 150))
    base = log_uniform(rng, 1e-4, 1e-1)
    yield schedule("by-name", landmarks(rng, total, warmup), total, warmup, base, 0.0, True)
    yield schedule(
        "by-name-min-lr",
        landmarks(rng, total, warmup),
        total,
        warmup,
        base,
        base * rng.uniform(0.05, 0.5),
        by_name=True,
    )
    total = int(rng.integers(20, 60))
    base = log_uniform(rng, 1e-3, 1.0)
    yield schedule("no-warmup", range(0, total + 3), total, 0, base, base * rng.uniform(0, 0.3))
    yield schedule("no-warmup-default-min-lr", landmarks(rng, total, 0), total, 0, base)
    total = int(rng.integers(10, 40))
    yield schedule("one-warmup-step", landmarks(rng, total, 1), total, 1, base, 0.1 * base)
    total = int(rng.integers(5, 20))
    yield schedule("warmup-as-long-as-the-schedule", range(total + 3), total, total, base, 0.0)
    yield schedule("min-lr-equals-base-lr", landmarks(rng, 100, 10), 100, 10, base, base)
    yield schedule("one-step", (0, 1, 2), 1, 0, base, 0.5 * base)
    total, warmup = int(rng.integers(300, 600)), int(rng.integers(10, 60))
    past = sorted({total, total + 1, *(int(s) for s in rng.integers(total + 2, 4 * total, 10))})
    yield schedule("far-past-the-end", past, total, warmup, base, 0.01 * base)
    yield schedule(
        "numpy-integers", landmarks(rng, total, warmup), total, warmup, base, 0.0, kind=np.int64
    )
    yield schedule("large-base-lr", landmarks(rng, total, warmup), total, warmup, 10.0, 0.5)
    total, warmup = 10**9, int(rng.integers(10**6, 10**7))
    yield schedule("a-billion-steps", landmarks(rng, total, warmup), total, warmup, base, 0.0)


def benchmark(rng: np.random.Generator):
    # A whole schedule of 2000 steps: 2000 calls, some microseconds each with the judge's own work
    # (well under the wire's 4096 arrays in one output, should each result be a NumPy scalar).
    total, warmup = 2000, int(rng.integers(40, 200))
    yield schedule("benchmark-2000-calls", range(total), total, warmup, 3e-4, 1e-5)


def _arguments(step):
    values = dict(zip(NAMES, step.args, strict=False))
    values.update(step.kwargs)
    values.setdefault("min_lr", 0.0)
    return values


def _phase(values):
    if values["step"] >= values["total_steps"]:
        return "at or past total_steps"
    if values["step"] < values["warmup_steps"]:
        return "in the warm-up"
    return "in the cosine decay"


def check(case, expected, actual, tolerance):
    if len(actual) != len(expected):
        return Check(False, f"expected {len(expected)} results, got {len(actual)}")
    for index, (step, want, got) in enumerate(zip(case.steps, expected, actual, strict=False)):
        where = f"call {index + 1} of {len(case.steps)}"
        if isinstance(got, bool | np.bool_) or not isinstance(
            got, int | float | np.integer | np.floating
        ):
            if isinstance(got, np.ndarray):
                what = f"a NumPy array of shape {got.shape}"
            else:
                what = "None" if got is None else f"a {type(got).__name__}"
            return Check(
                False, f"{where}: expected one float (a Python or NumPy float), got {what}"
            )
        values = _arguments(step)
        value, want = float(got), float(want)
        bound = tolerance.atol * abs(float(values["base_lr"])) + tolerance.rtol * abs(want)
        if not abs(value - want) <= bound:  # NaN fails too
            return Check(
                False,
                f"{where} (a step {_phase(values)}): the learning rate is {value:.12g}, "
                f"expected {want:.12g} (abs error {abs(value - want):.3g})",
            )
    return PASS
