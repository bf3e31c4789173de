"""The reference scored against itself: how far a score strays where the truth is 1.0.

    .venv/bin/python bench/self_scores.py [SLUG ...] [--times N] [--apart]

Judges each package's reference (``matmul``, ``softmax``, ``batchnorm`` and ``knn`` by default)
``N`` times (10 by default) as a stored submission, through the worker's own service, as
``bench/worker_time.py`` does (one slot, warm sandboxes, the reference on the sets each judging
ran, its timed runs in turn with the judging's; with ``--apart``, after it). Every judging times
``benchmark_max_runs`` = 12 runs a case, so that each score can also be made of the first ``k``
runs alone, both sides' (as a judging with ``JUDGE_BENCHMARK_MAX_RUNS=k`` would pair them). For
each package and ``k`` it prints the median score and its coefficient of variation over the
judgings after the first, and the same of the scores made without charging the time around each
run (its preparation and output, beyond the reference's: :func:`judge.timing._charges`), to show
what those charges add.

Both sides run the same code on the same sets: every score but 1.0 is the judge's own noise.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import tempfile
from pathlib import Path

from worker_time import worker_service

from judge.challenge_packages import ChallengeRepository
from judge.config import Settings
from judge.reference_pairing import ReferencePairing
from judge.submissions import create_submission
from judge.timing import CaseTiming, paired_score

PACKAGES = ["matmul", "softmax", "batchnorm", "knn"]
RUNS = (4, 6, 8, 12)
#: A run's series, cut to its first k runs.
SERIES = ("variants", "outside_ns", "prepare_ns", "output_ns")
SERIES += ("cpu_prepare_ns", "cpu_run_ns", "cpu_output_ns")


class Kept(ReferencePairing):
    """Scores as the worker does, and keeps both sides' timings of each judging."""

    kept: list[tuple[dict[str, CaseTiming], dict[str, CaseTiming]]] = []
    theirs: dict[str, CaseTiming] = {}

    def _timed_once(self, *args, **kwargs):
        reference = super()._timed_once(*args, **kwargs)
        if reference is not None:
            Kept.theirs = reference.timings
        return reference

    def score(self, challenge, sandbox, judgement, *args, **kwargs):
        super().score(challenge, sandbox, judgement, *args, **kwargs)
        if Kept.theirs:
            Kept.kept.append((judgement.timings(), Kept.theirs))
        Kept.theirs = {}


def first_runs(timing: CaseTiming, k: int, charged: bool = True) -> CaseTiming:
    cut = {name: getattr(timing, name)[:k] for name in SERIES}
    if not charged:  # nothing around the runs: no charge either way
        for name in ("cpu_prepare_ns", "cpu_output_ns"):
            cut[name] = (0,) * len(cut["variants"])
    return dataclasses.replace(timing, **cut)


def scores(kept, k: int, charged: bool) -> list[float]:
    made = []
    for mine, theirs in kept:
        ours = {name: first_runs(t, k, charged) for name, t in mine.items()}
        reference = {name: first_runs(t, 12, charged) for name, t in theirs.items()}
        made.append(paired_score(ours, reference) or float("nan"))
    return made


def spread(values: list[float]) -> str:
    later = values[1:]  # the first judging starts the pool and its sandboxes cold
    if len(later) < 2:
        return "too few judgings"
    cv = statistics.stdev(later) / statistics.mean(later)
    median, low, high = statistics.median(later), min(later), max(later)
    return f"median {median:.3f}  CV {cv:6.1%}  {low:.2f} to {high:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*", default=PACKAGES, help="the packages")
    parser.add_argument("--times", type=int, default=10, help="judgings per package")
    parser.add_argument(
        "--apart",
        action="store_true",
        help="time the reference after the submission, not in turn with it (reference_lockstep=0)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="judge-self-scores-") as scratch:
        settings = Settings.load(
            {},
            data_dir=Path(scratch),
            secret="w" * 40,
            benchmark_max_runs=12,
            reference_lockstep=int(not args.apart),
        )
        challenges = ChallengeRepository(settings.challenges_dir)
        chosen = [challenges.get(slug) for slug in args.slugs]
        runtimes = {challenge.runtime for challenge in chosen}
        with worker_service(settings, runtimes, Kept) as (service, db, user):
            for challenge in chosen:
                Kept.kept = []
                for _ in range(args.times):
                    made = create_submission(db, user, challenge.slug, challenge.reference_source)
                    service.judge(made.id)
                print(f"{challenge.slug}: {len(Kept.kept)} judgings scored", flush=True)
                for k in RUNS:
                    print(f"  first {k:>2} runs             {spread(scores(Kept.kept, k, True))}")
                print(f"  12 runs, nothing charged  {spread(scores(Kept.kept, 12, False))}")


if __name__ == "__main__":
    main()
