"""Where a POST of a submission spends its time, in one API process: prints a profile.

    .venv/bin/python bench/post_profile.py [--posts N]

Starts a Redis of its own on a free loopback port and the API's Flask app in this process (a
fresh SQLite database, quotas on as shipped), then posts ``N`` one-line submissions (400 by
default) one after another through Flask's test client, as users in turn (five POSTs each),
under cProfile.
Prints the mean time of a POST and the share of it in each step of ``accept_submission`` and
around it (the token's check, the source's, the challenge's lookup, the quotas, the row stored,
the task sent), and the functions that took the most time of their own. No worker runs: the
tasks wait in Redis, as they would behind a busy worker.

What ``bench/traffic.py`` measures under load (50 clients) is this work, queued: with the API's
two processes on a machine whose CPUs the worker keeps busy, a POST's latency is mostly its
wait for a CPU, so the time of one POST here is what the p99 there scales with.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import TRIVIAL  # noqa: E402
from harness.processes import free_port, start_redis  # noqa: E402

#: The steps of a POST, by the function that does each (file suffix, function name).
STEPS = [
    ("the token checked", "api/auth.py", "_authenticate"),
    ("the challenge looked up", "judge/challenge_packages.py", "get"),
    ("the user's standing (assessments)", "api/auth.py", "check_may_work"),
    ("the quotas counted", "judge/quotas.py", "refusal"),
    ("the row stored", "judge/submissions.py", "create_submission"),
    ("the task's route (time limits)", "workers/queue.py", "judging_route"),
    ("the task sent (Redis)", "workers/queue.py", "enqueue"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=400)
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="judge-post-") as scratch:
        redis = start_redis(port, Path(scratch))
        try:
            profile(args.posts, scratch, f"redis://127.0.0.1:{port}/0")
        finally:
            redis.terminate()
            redis.wait()


def profile(posts: int, scratch: str, redis_url: str) -> None:
    from api import create_app
    from judge.users import add_user

    app = create_app({"data_dir": scratch, "secret": "p" * 40, "redis_url": redis_url})
    db = app.extensions["judge"].db
    # Five POSTs a user at most: the quotas (as shipped) count, and none is reached.
    tokens = [add_user(db, f"user{i}")[1] for i in range(max(20, posts // 5 + 1))]
    client = app.test_client()

    def post(i: int) -> None:
        headers = {"Authorization": f"Bearer {tokens[i % len(tokens)]}"}
        body = {"challenge": "matmul", "source": TRIVIAL}
        answer = client.post("/api/v1/submissions", json=body, headers=headers)
        if answer.status_code != 202:
            sys.exit(f"POST refused: {answer.status_code} {answer.get_json()}")

    for i in range(20):  # every user, table and connection made once
        post(i)
    profiler = cProfile.Profile()
    began = time.perf_counter()
    profiler.enable()
    for i in range(posts):
        post(i)
    profiler.disable()
    mean_ms = (time.perf_counter() - began) / posts * 1000
    stats = pstats.Stats(profiler)
    print(f"{posts} POSTs, one at a time: {mean_ms:.1f} ms each (under the profiler)")
    total = sum(row[3] for key, row in stats.stats.items() if key[2] == "wsgi_app")  # type: ignore[attr-defined]
    print(f"\n{'step':<40}{'ms per POST':>12}{'share':>8}")
    for name, file, function in STEPS:
        spent = sum(
            row[3]
            for key, row in stats.stats.items()  # type: ignore[attr-defined]
            if key[0].endswith(file) and key[2] == function
        )
        print(f"{name:<40}{spent / posts * 1000:>12.2f}{spent / max(total, 1e-9):>8.0%}")
    print(f"{'the whole request (Flask, JSON)':<40}{total / posts * 1000:>12.2f}{1:>8.0%}")
    shown = io.StringIO()
    pstats.Stats(profiler, stream=shown).sort_stats("tottime").print_stats(12)
    print("\nthe functions with the most time of their own:")
    print("\n".join(shown.getvalue().splitlines()[6:]))


if __name__ == "__main__":
    main()
