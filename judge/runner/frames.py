"""Length-prefixed frames: how messages are cut on the runner's channels (the child's events to the
runner's parent, the parent's result channel to the worker, the worker's cases to the parent).

Standard library only.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable, Sequence


def frame(payload: bytes) -> bytes:
    """A length-prefixed frame, as written on the runner's channels."""
    return struct.pack(">I", len(payload)) + payload


FRAME_HEADER = 4
# At most this many buffers to one writev (Linux's IOV_MAX is 1024).
WRITEV_PARTS = 512


def write_frame(
    fd: int, parts: Sequence[bytes | memoryview], writev: Callable[..., int] = os.writev
) -> None:
    """One frame of ``parts`` (a message in pieces, as ``wire.encode_parts`` makes it) on
    ``fd``, with no copy of them made here: the kernel takes each from where it is."""
    views = [memoryview(struct.pack(">I", sum(len(part) for part in parts)))]
    views += [memoryview(part) for part in parts if len(part)]
    first = 0
    while first < len(views):
        written = writev(fd, views[first : first + WRITEV_PARTS])
        while first < len(views) and written >= len(views[first]):
            written -= len(views[first])
            first += 1
        if written:
            views[first] = views[first][written:]


class FrameReader:
    """Splits a byte stream into length-prefixed frames, as the bytes arrive: the one reader of
    the runner's channels, in the runner's parent and in the worker. Each byte is copied once
    into the buffer and once out of it, however the stream is cut."""

    def __init__(self) -> None:
        self.buffer = bytearray()

    @property
    def pending(self) -> int:
        """The size the frame being received says it has (0 if its header is not in yet)."""
        if len(self.buffer) < FRAME_HEADER:
            return 0
        return int.from_bytes(self.buffer[:FRAME_HEADER], "big")

    def feed(self, data: bytes | memoryview) -> list[bytes]:
        self.buffer += data
        messages, start = [], 0
        while len(self.buffer) - start >= FRAME_HEADER:
            size = int.from_bytes(self.buffer[start : start + FRAME_HEADER], "big")
            begin = start + FRAME_HEADER
            if len(self.buffer) < begin + size:
                break
            messages.append(bytes(self.buffer[begin : begin + size]))
            start = begin + size
        del self.buffer[:start]  # once per feed: the rest is moved only once
        return messages
