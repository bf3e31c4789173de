"""The API under load: many candidates posting at once while others read pages and follow live
streams. Prints the API's answers by status, the POST latency percentiles, what the readers saw,
submissions lost, and the rate at which the queue drained.

    .venv/bin/python bench/traffic.py [--submissions 1000] [--clients 50] [--readers 10]

Starts its own stack (``bench/run.py``'s: Redis, the API under gunicorn with two processes, a
worker with one slot per CPU, a fresh data folder) on loopback ports, and talks to nothing else.
Each client is a user of its own posting its share of the submissions (one-line solutions that
are judged and rejected without a benchmark, as ``bench/run.py``'s throughput uses), one after
another as fast as the API answers; the readers open the home page, a challenge page, a
leaderboard and the live event stream of a recent submission, in turn, half a second apart,
meanwhile. A stream refused (503: one client address holds at most two) is a page's cue to poll,
and is counted apart from the 5xx answers.

Targets (issue 32): no 5xx, none lost, POST p99 under 250 ms, and the queue drains at the
throughput ``bench/run.py`` reports.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import TRIVIAL, Stack, percentile  # noqa: E402
from judge.config import Settings  # noqa: E402
from judge.images import ensure_runner_image  # noqa: E402
from judge.storage import Database  # noqa: E402
from judge.users import add_user  # noqa: E402

MAX_SUBMISSIONS = 5000  # bounded: this is a benchmark, not a flood
STREAM_READ_S = 2.0
READ_PAUSE_S = 0.5  # between one reader's requests


class Tally:
    """Every answer seen, by kind and status, and the POSTs' latencies; thread-safe."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: collections.Counter[tuple[str, int]] = collections.Counter()
        self.post_ms: list[float] = []
        self.read_ms: list[float] = []
        self.ids: list[int] = []
        self.errors: list[str] = []

    def saw(self, kind: str, status: int, ms: float) -> None:
        with self.lock:
            self.statuses[(kind, status)] += 1
            (self.post_ms if kind == "POST" else self.read_ms).append(ms)


def candidate(stack: Stack, token: str, count: int, tally: Tally) -> None:
    session = requests.Session()
    for _ in range(count):
        sent = time.monotonic()
        try:
            answer = session.post(
                f"{stack.url}/api/v1/submissions",
                json={"challenge": "matmul", "source": TRIVIAL},
                headers={"Authorization": f"Bearer {token}"},
                timeout=30,
            )
        except requests.RequestException as exc:
            with tally.lock:
                tally.errors.append(f"POST: {exc}")
            continue
        tally.saw("POST", answer.status_code, (time.monotonic() - sent) * 1000)
        if answer.status_code == 202:
            with tally.lock:
                tally.ids.append(answer.json()["id"])


def reader(stack: Stack, tally: Tally, stop: threading.Event) -> None:
    session = requests.Session()
    pages = ["/", "/challenges/matmul", "/api/v1/challenges/matmul/leaderboard"]
    turn = 0
    while not stop.is_set():
        path = pages[turn % len(pages)]
        turn += 1
        if turn % 4 == 0:
            with tally.lock:
                recent = tally.ids[-1] if tally.ids else None
            if recent is not None:
                _follow(session, stack, recent, tally)
                continue
        sent = time.monotonic()
        try:
            answer = session.get(f"{stack.url}{path}", timeout=30)
            tally.saw("GET page", answer.status_code, (time.monotonic() - sent) * 1000)
        except requests.RequestException as exc:
            with tally.lock:
                tally.errors.append(f"GET {path}: {exc}")
        stop.wait(READ_PAUSE_S)  # a person reads what came, then reloads


def _follow(session: requests.Session, stack: Stack, submission_id: int, tally: Tally) -> None:
    """A live stream read for a while, as a page does; a 503 (no stream free) is a page's cue
    to poll instead."""
    sent = time.monotonic()
    try:
        with session.get(
            f"{stack.url}/api/v1/submissions/{submission_id}/events", stream=True, timeout=30
        ) as answer:
            tally.saw("GET stream", answer.status_code, (time.monotonic() - sent) * 1000)
            if answer.status_code == 200:
                for _ in answer.iter_lines():
                    if time.monotonic() - sent > STREAM_READ_S:
                        break
    except requests.RequestException as exc:
        with tally.lock:
            tally.errors.append(f"stream: {exc}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--readers", type=int, default=10)
    args = parser.parse_args()
    count = min(args.submissions, MAX_SUBMISSIONS)
    ensure_runner_image(Settings.load())
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="judge-traffic-") as scratch:
        stack = Stack(Path(scratch))
        stack.start(warm=True)
        try:
            db = Database(f"sqlite:///{Path(scratch) / 'judge.db'}")  # the stack's own
            tokens = [add_user(db, f"candidate{n}")[1] for n in range(args.clients)]
            shares = [
                count // args.clients + (n < count % args.clients) for n in range(args.clients)
            ]
            stop = threading.Event()
            readers = [
                threading.Thread(target=reader, args=(stack, tally, stop), daemon=True)
                for _ in range(args.readers)
            ]
            for thread in readers:
                thread.start()
            began = time.monotonic()
            with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
                for done in [
                    pool.submit(candidate, stack, token, share, tally)
                    for token, share in zip(tokens, shares, strict=True)
                ]:
                    done.result()
            posted = time.monotonic() - began
            lost = _wait_for_verdicts(stack, tally.ids, timeout=max(600, count))
            stop.set()
            for thread in readers:
                thread.join(timeout=STREAM_READ_S + 30)
            finished = [stack.finals[sid] for sid in tally.ids if sid in stack.finals]
            drained_s = (max(finished) - began) if finished else float("nan")
        finally:
            stack.stop()
    _report(tally, count, args, posted, lost, drained_s)


def _wait_for_verdicts(stack: Stack, ids: list[int], timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(sid not in stack.finals for sid in ids):
        time.sleep(0.5)
    return sum(sid not in stack.finals for sid in ids)


def _report(tally: Tally, count: int, args, posted: float, lost: int, drained_s: float) -> None:
    judged = len(tally.ids) - lost
    # A stream refused (503: this client holds its share) is the page's cue to poll: not an error.
    server_errors = sum(
        n for (kind, status), n in tally.statuses.items() if status >= 500 and kind != "GET stream"
    )
    print(f"{count} submissions from {args.clients} clients, {args.readers} readers meanwhile")
    print(f"{'answers':34} " + ", ".join(
        f"{kind} {status}: {n}" for (kind, status), n in sorted(tally.statuses.items())
    ))  # fmt: skip
    print(f"{'5xx answers (but streams refused)':34} {server_errors}")
    print(f"{'connection errors':34} {len(tally.errors)}")
    if tally.post_ms:
        p50, p95, p99 = (percentile(tally.post_ms, q) for q in (0.5, 0.95, 0.99))
        print(f"{'POST latency p50 / p95 / p99':34} {p50:.0f} / {p95:.0f} / {p99:.0f} ms")
        print(f"{'POSTs per second':34} {len(tally.post_ms) / posted:.1f}")
    if tally.read_ms:
        r50, r99 = percentile(tally.read_ms, 0.5), percentile(tally.read_ms, 0.99)
        print(f"{'reads (pages, streams) p50 / p99':34} {r50:.0f} / {r99:.0f} ms")
    print(f"{'accepted by the API':34} {len(tally.ids)}")
    print(f"{'lost (no verdict)':34} {lost}")
    print(f"{'drain: verdicts per second':34} {judged / drained_s:.2f} ({drained_s:.0f} s)")
    print("\ntargets: 0 5xx, 0 lost, POST p99 < 250 ms, drain = bench/run.py's throughput")


if __name__ == "__main__":
    main()
