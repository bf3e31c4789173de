"""How wide each package's speed window is on this machine; prints figures.

    .venv/bin/python bench/margins.py [SLUG ...] [--stretch 8] [--jobs N] [--seed 31]

``judge challenges check`` proves a package's claims about speed on the machine it runs on: the
reference and every ``right/`` solution within ``COMFORT`` (a quarter) of the time limit, every
solution declared too slow past ``SLOW_MARGIN`` (2.5) times it. A package that passes here by a
few percent fails on the next machine: a faster CPU runs a Python loop in half the time, a
busier or slower one inflates a vectorised solution's CPU time. So this proves the packages with
the slow solutions' limit stretched further (``--stretch``) and prints, for each package, its
slowest fast solution's share of the limit and its fastest slow solution's multiple of it, and
how much slower (``slower ok``) or faster (``faster ok``) a machine may be before the check
fails there. A package whose window is under ``--want`` on either side is marked: widen it
(another time limit, a larger benchmark) before it fails someone else's machine.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from judge.challenge_packages import ChallengeRepository  # noqa: E402
from judge.config import Settings  # noqa: E402
from judge.images import ensure_runner_image, runner_sandboxes  # noqa: E402
from judge.proving import COMFORT, SLOW_MARGIN, Trial, prove  # noqa: E402


def window(trials: list[Trial], stretch: float) -> tuple[str, float, str, float]:
    """The slowest fast solution and its share of the limit, the fastest slow one and its
    multiple of it (``inf`` where the package has none; ``stretch`` where it was stopped there,
    so at least that)."""
    fast = [(t.share or 0.0, t.solution.name) for t in trials if t.solution.fast]
    slow = [(min(t.share or 0.0, stretch), t.solution.name) for t in trials if t.solution.slow]
    slowest_fast = max(fast, default=(0.0, "-"))
    fastest_slow = min(slow, default=(float("inf"), "-"))
    return slowest_fast[1], slowest_fast[0], fastest_slow[1], fastest_slow[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("slugs", nargs="*", help="packages (default: all)")
    parser.add_argument("--stretch", type=float, default=8.0, help="slow solutions' limit, x")
    parser.add_argument("--jobs", type=int, default=max(1, len(os.sched_getaffinity(0))))
    parser.add_argument("--seed", type=int, default=31)
    parser.add_argument("--want", type=float, default=1.6, help="the window each side should have")
    args = parser.parse_args()
    os.environ.setdefault("JUDGE_SECRET", "margins-" + "x" * 40)
    # The deployment's cap on a case's time (30 s by default) would stop a slow solution before
    # its stretched limit, and show the cap as its multiple: knn's loops read 3.6x so for months.
    os.environ.setdefault("JUDGE_MAX_CASE_TIME_S", "3600")
    settings = Settings.load()
    repository = ChallengeRepository(settings.challenges_dir)
    packages = [repository.get(slug) for slug in args.slugs or repository.slugs()]
    packages = [c for c in packages if c.runtime != "gpu"]
    for framework in sorted({c.framework for c in packages}):
        ensure_runner_image(settings, print, framework=framework)
    with contextlib.ExitStack() as stack:
        slots = [stack.enter_context(runner_sandboxes(settings, s)) for s in range(args.jobs)]
        proven = prove(packages, slots, settings, args.seed, stretch=args.stretch)
    rows = []
    for slug, trials in proven.items():
        fast_name, fast_share, slow_name, slow_share = window(trials, args.stretch)
        slower_ok = COMFORT / fast_share if fast_share else float("inf")
        faster_ok = slow_share / SLOW_MARGIN
        rows.append(
            (
                min(slower_ok, faster_ok),
                slug,
                fast_name,
                fast_share,
                slower_ok,
                slow_name,
                slow_share,
                faster_ok,
            )
        )
    print(
        f"{'package':28} {'slowest fast solution':34} {'share':>6} {'slower ok':>9}  "
        f"{'fastest slow solution':34} {'x limit':>7} {'faster ok':>9}"
    )
    for low, slug, fast_name, fast_share, slower_ok, slow_name, slow_share, faster_ok in sorted(
        rows
    ):
        mark = "  <-- narrow" if low < args.want else ""
        slow_shown = f"{slow_share:.1f}" + ("+" if slow_share >= args.stretch else "")
        print(
            f"{slug:28} {fast_name:34} {fast_share:6.0%} {slower_ok:8.1f}x  "
            f"{slow_name:34} {slow_shown:>7} {faster_ok:8.1f}x{mark}"
        )
    print(
        f"(slower ok: {COMFORT:.0%} over the share; faster ok: the multiple over "
        f"{SLOW_MARGIN:g}; slow solutions stopped at {args.stretch:g}x; --jobs {args.jobs})"
    )


if __name__ == "__main__":
    main()
