"""The worker's reading of the result channel: authentic, in order, and followed live."""

from __future__ import annotations

import numpy as np
import pytest

from judge.errors import ProtocolError
from judge.protocol import LiveEvents, parse_results
from judge.runner import wire

NONCE = "ab" * 16


def channel(*events: dict, nonce: str = NONCE) -> bytes:
    head = wire.RESULT_MAGIC + nonce.encode() + b"\n"
    return head + b"".join(wire.frame(wire.encode(e)) for e in events)


RUN = channel(
    {"event": "loaded"},
    {"event": "start", "case": 0},
    {"event": "done", "case": 0, "time_ns": 5, "output": np.ones((300, 300))},
    {"event": "start", "case": 1},
    {"event": "done", "case": 1, "time_ns": 7, "output": [1, 2, 3]},
    {"event": "finished"},
    {"event": "end"},
)


@pytest.mark.parametrize("seed", range(5))
def test_live_events_match_the_final_reading_whatever_the_chunking(seed):
    rng = np.random.default_rng(seed)
    seen: list[tuple[str, int]] = []
    live = LiveEvents(NONCE, lambda event, case: seen.append((event, case)))
    position = 0
    while position < len(RUN):
        step = int(rng.choice([1, 3, 17, 4096, 1 << 20]))
        live.feed(RUN[position : position + step])
        position += step
    assert seen == [("start", 0), ("done", 0), ("start", 1), ("done", 1)]
    assert not live.broken and len(live.buffer) == 0
    report = parse_results(RUN, NONCE, 2)
    assert report.finished and report.ended and sorted(report.cases) == [0, 1]


def test_a_foreign_nonce_is_not_followed_nor_accepted():
    forged = channel({"event": "start", "case": 0}, nonce="cd" * 16)
    seen: list = []
    live = LiveEvents(NONCE, lambda *e: seen.append(e))
    live.feed(forged)
    assert live.broken and not seen
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
    ],
)
def test_malformed_events_are_protocol_errors(events):
    with pytest.raises(ProtocolError):
        parse_results(channel(*events), NONCE, 1)


def test_a_channel_cut_mid_frame_keeps_what_was_complete():
    report = parse_results(RUN[: len(RUN) - 10], NONCE, 2)
    assert sorted(report.cases) == [0, 1] and not report.ended
