"""The worker's reading of the result channel: authentic, in order, and followed live."""

from __future__ import annotations

import numpy as np
import pytest

from judge.errors import ProtocolError
from judge.result_channel import ResultReader, parse_results
from judge.runner import frames, wire

NONCE = "ab" * 16


def channel(*events: dict, nonce: str = NONCE) -> bytes:
    head = wire.RESULT_MAGIC + nonce.encode() + b"\n"
    return head + b"".join(frames.frame(wire.encode(e)) for e in events)


RUN = channel(
    {"event": "loaded"},
    {"event": "start", "case": 0},
    {"event": "done", "case": 0, "time_ns": 5, "results": [np.ones((300, 300))], "digests": [[]]},
    {"event": "measured", "case": 0, "wall_ns": 9, "cpu_ns": 8, "peak_bytes": 1 << 20},
    {"event": "start", "case": 1},
    {"event": "done", "case": 1, "time_ns": 7, "results": [[1, 2, 3]], "digests": [[]]},
    {"event": "finished"},
    {"event": "end"},
)


@pytest.mark.parametrize("seed", range(5))
def test_one_reading_whatever_the_chunking(seed):
    rng = np.random.default_rng(seed)
    seen: list[tuple[str, int]] = []
    reader = ResultReader(NONCE, 2, lambda event, case: seen.append((event, case)))
    position = 0
    while position < len(RUN):
        step = int(rng.choice([1, 3, 17, 4096, 1 << 20]))
        reader.feed(RUN[position : position + step])
        position += step
    assert seen == [("start", 0), ("done", 0), ("start", 1), ("done", 1)]
    assert reader.error is None and len(reader.frames.buffer) == 0
    report = reader.finish()
    assert report.finished and report.ended and sorted(report.cases) == [0, 1]
    np.testing.assert_array_equal(report.cases[0].results[0], np.ones((300, 300)))


def test_a_foreign_nonce_is_not_followed_nor_accepted():
    forged = channel({"event": "start", "case": 0}, nonce="cd" * 16)
    seen: list = []
    reader = ResultReader(NONCE, 1, lambda *e: seen.append(e))
    reader.feed(forged)
    assert reader.error is not None and not seen
    with pytest.raises(ProtocolError, match="nonce"):
        parse_results(forged, NONCE, 1)


@pytest.mark.parametrize(
    "events",
    [
        [{"event": "done", "case": 5, "time_ns": 1, "output": 1}],  # out of range
        [{"event": "done", "case": 0, "time_ns": -1, "output": 1}],  # negative time
        [{"event": "done", "case": 0, "time_ns": 1, "output": 1}] * 2,  # twice
        [{"event": "made-up"}],
        [{"event": ["start"]}],  # unhashable: must not escape as a TypeError
        [[1, 2]],
        [{"event": "done", "case": 0, "time_ns": 1, "error": "not a dict"}],
        [{"event": "done", "case": 0, "time_ns": 10**40}],  # past any real time
        [{"event": "done", "case": 0, "time_ns": 1.5}],
        [{"event": "measured", "case": 0, "wall_ns": 1}],  # a case that is not done
        [
            {"event": "done", "case": 0, "time_ns": 1},
            {"event": "measured", "case": 0, "wall_ns": 1, "peak_bytes": -1},
        ],
        [{"event": "timeout", "case": 0, "oom_kills": "many"}],
        [{"event": "timeout", "case": 0, "clock": np.array([1.0, 2.0])}],
        [{"event": "crashed", "case": 0, "exit_code": 10**9}],
        [{"event": "load_error", "kind": np.array([1.0, 2.0]), "message": "x"}],
        [{"event": "load_error", "kind": "syntax"}],  # no message
        [{"event": "done", "case": 0, "time_ns": 1, "error": {"message": "x", "types": [1]}}],
        [{"event": "done", "case": 0, "time_ns": 1, "error": {"message": "x", "kind": [1]}}],
        [{"event": "timeout", "case": 0, "limit_s": float("inf")}],
    ],
)
def test_malformed_events_are_protocol_errors(events):
    with pytest.raises(ProtocolError):
        parse_results(channel(*events), NONCE, 1)


def test_a_channel_cut_mid_frame_keeps_what_was_complete():
    report = parse_results(RUN[: len(RUN) - 10], NONCE, 2)
    assert sorted(report.cases) == [0, 1] and not report.ended


def test_the_go_ahead_may_give_each_cases_order():
    from judge.protocol import go_ahead

    assert go_ahead(12) == b"GO 12\n"
    assert go_ahead(12, {3: [2, 1], 1: [5], 4: []}) == b"GO 12 1:5 3:2,1\n"


def timed_runs(**observed) -> bytes:
    """Two timed runs of case 0, the second's output sent to be checked, then their account."""
    account = {
        "event": "observed",
        "case": 0,
        "outside_ns": [9, 9],
        "claimed_ns": [5, 5],
        "checked": [1],
        "digests": ["a" * 64, "b" * 64],
        "variants": [2, 1],
        "prepare_ns": [3, 3],
        "output_ns": [1, 1],
        "wall_ns": 40,
        **observed,
    }
    return channel(
        {"event": "run", "case": 0, "time_ns": 5},
        {"event": "run", "case": 0, "time_ns": 5},
        {"event": "output", "case": 0, "results": [1]},
        account,
    )


def test_matched_runs_are_distinct_runs_none_of_them_checked():
    """A run whose output the runner matched with the reference's is not sent: it cannot be
    among the checked ones, nor past the runs made."""
    report = parse_results(timed_runs(matched=[0]), NONCE, 1)
    assert report.timed[0].observed["matched"] == [0]
    older = parse_results(timed_runs(), NONCE, 1)  # a runner that matches nothing says nothing
    assert older.timed[0].observed["matched"] == []
    for matched in ([1], [0, 0], [2], [1, 0], ["0"], 0):
        with pytest.raises(ProtocolError, match="observed do not match"):
            parse_results(timed_runs(matched=matched), NONCE, 1)
