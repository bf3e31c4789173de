"""Scores on a quiet machine and on one whose every core is busy, measured on the real stack.

    .venv/bin/python bench/scores.py [--runs N] [--worker-log PATH]

Starts its own Redis, API and Celery worker (as ``bench/run.py`` does: this machine's Docker and
the runner image), then judges each of a few accepted solutions ``N`` times (6 by default) one at
a time on the quiet machine, and ``N`` times more while a spinning process per CPU keeps every
core busy. It prints each solution's scores, their median and coefficient of variation on each
machine, and how far the busy median moved from the quiet one.

Targets (issue 32): a score moves by at most 3% between worker lives on a quiet machine
(``bench/run.py`` measures that), and a busy machine moves the median score by at most 5%: a
leaderboard must not rank by how busy the worker's host was when each submission was judged.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from run import PAUSE_S, ROOT, Stack, variation

from judge.config import Settings
from judge.images import ensure_runner_image

# Short runs (a matrix product of a few ms), long runs (hundreds of ms) and runs in between: a
# busy machine adds to short runs a larger share of their time.
SOLUTIONS = [
    ("matmul", "matmul/right/dot.py"),
    ("softmax", "softmax/reference.py"),
    ("knn", "knn/right/full_matrix.py"),
]
BUSY_SHIFT = 0.05


def spin() -> None:
    while True:
        pass


def judge_all(stack: Stack, token: str, runs: int) -> dict[str, list[float]]:
    scores: dict[str, list[float]] = {path: [] for _, path in SOLUTIONS}
    for _ in range(runs):
        for slug, path in SOLUTIONS:
            time.sleep(PAUSE_S)
            source = (ROOT / "challenges" / path).read_text()
            body = stack.result(stack.post(token, slug, source)[0])
            if body["status"] != "accepted" or body["score"] is None:
                sys.exit(f"{path} was not scored: {body['status']} {body['message']}")
            scores[path].append(body["score"])
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=6, help="judgings per solution and machine")
    parser.add_argument("--worker-log", type=Path, help="append the worker's log to this file")
    args = parser.parse_args()
    image = ensure_runner_image(Settings.load(), lambda m: print(m, file=sys.stderr))
    cpus = os.cpu_count() or 1
    print(f"runner image: {image}; {cpus} CPUs; {args.runs} judgings per solution and machine")
    with tempfile.TemporaryDirectory(prefix="judge-bench-") as scratch:
        stack = Stack(Path(scratch), args.worker_log)
        spinners: list[multiprocessing.Process] = []
        try:
            stack.start(warm=True)
            token = stack.user("bench")
            judge_all(stack, token, 1)  # every challenge's suite and inputs made once
            quiet = judge_all(stack, token, args.runs)
            spinners = [multiprocessing.Process(target=spin, daemon=True) for _ in range(cpus)]
            for spinner in spinners:
                spinner.start()
            busy = judge_all(stack, token, args.runs)
        finally:
            for spinner in spinners:
                spinner.kill()
            stack.stop()

    print(f"\n{'solution':<28}{'machine':<8}{'median':>8}{'CV':>7}  scores")
    moved = {}
    for _, path in SOLUTIONS:
        for name, scores in (("quiet", quiet[path]), ("busy", busy[path])):
            listed = " ".join(f"{s:.3f}" for s in scores)
            median = statistics.median(scores)
            print(f"{path:<28}{name:<8}{median:>8.3f}{variation(scores):>7.1%}  {listed}")
        moved[path] = statistics.median(busy[path]) / statistics.median(quiet[path]) - 1
    print()
    for path, shift in moved.items():
        print(f"{path:<28}busy median moved {shift:+.1%} (target: within {BUSY_SHIFT:.0%})")
    met = all(abs(shift) <= BUSY_SHIFT for shift in moved.values())
    print(f"\ntarget met: {'yes' if met else 'NO'}")


if __name__ == "__main__":
    main()
