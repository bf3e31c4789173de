"""The vocabulary of the runner's wires, in one place: the events of the result channel, the
commands the runner's parent gives its child, and the limits both sides of the sandbox share.

The worker imports these names; so do the runner's parent and child, inside the sandbox.
Standard library only.
"""

from __future__ import annotations

import enum


class Event(enum.StrEnum):
    """An event on the result channel (and on the child's own pipe to the parent)."""

    # Said by the child; the parent checks each against what it expects and forwards it.
    LOADED = "loaded"
    LOAD_ERROR = "load_error"
    START = "start"
    DONE = "done"
    RUN = "run"
    OUTPUT = "output"  # a timed run's output, sent right after its run; forwarded when checked
    READY = "ready"  # a timed run's inputs are decoded and copied: its clock may start
    FINISHED = "finished"
    # Said by the parent alone.
    CHECKPOINT = "checkpoint"  # every case but the benchmark has run: the worker's answer now
    MEASURED = "measured"  # a case's CPU time, wall time and peak memory, as the parent saw them
    NEED = "need"  # the input set of the next timed run, asked of the worker (``SET`` answers)
    OBSERVED = "observed"  # a benchmark case's timed runs, as the parent saw them
    TIMEOUT = "timeout"
    CRASHED = "crashed"
    OUTPUT_LIMIT = "output_limit"
    GARBAGE = "garbage"  # the child said something it should not have
    END = "end"  # the parent's last word: a channel without it was cut off from outside


#: The parent's events that end a run early: what stopped it.
FAILURES = frozenset({Event.TIMEOUT, Event.CRASHED, Event.OUTPUT_LIMIT, Event.GARBAGE})


class Command(bytes, enum.Enum):
    """A line the parent writes to the child's stdin; those marked so are followed by a payload
    (its size on a line, then the bytes)."""

    JOB = b"J"  # payload: the source, the entry point and the rules
    CASE = b"C"  # payload: one case's steps; its clock started when it was sent
    BENCHMARK = b"B"  # payload: a benchmark case's steps: a warm-up run, then timed runs
    PREPARE = b"p"  # payload: the next timed run's inputs, one set the child has never seen
    RUN = b"r"  # one timed run of the current benchmark case, on the inputs just prepared
    END = b"e"  # the current benchmark case is over
    QUIT = b"q"


class Answer(bytes, enum.Enum):
    """The first word of a line the worker writes to the runner's parent after its request: its
    answers to the ``checkpoint`` and ``need`` events (see ``judge/runner/__main__.py``).

    ``GO <sets>[ <case>:<set>,...]`` at the checkpoint: time the benchmark cases, each on that
    many input sets (in the order given, for a case listed); ``STOP``: skip them. Then, to each
    ``need``, ``SET <size>[ <sha256>]`` and that many bytes (the input set asked for), or
    ``END``: none such, the case's timed runs end here. The hash, where the worker knows it, is
    that of the reference's output on the set, as this runner encoded and hashed it: a run whose
    output hashes the same is right, and is not sent to be checked (the child never sees it).
    """

    GO = b"GO"
    STOP = b"STOP"
    SET = b"SET"
    END = b"END"

    def line(self, *words: bytes) -> bytes:
        """The answer as the line the parent reads: the word, then ``words``, space-separated."""
        return b" ".join((self.value, *words)) + b"\n"

    @classmethod
    def of(cls, line: bytes) -> tuple[Answer | None, list[bytes]]:
        """A line's answer (``None``: no answer of this vocabulary) and the words after it."""
        head, *words = line.split() or [b""]
        try:
            return cls(head), words
        except ValueError:
            return None, words


def sha256_hex(word: bytes) -> str:
    """A SHA-256 in hexadecimal from the worker's answer, as ``hexdigest`` writes it."""
    if len(word) != 64 or word.strip(b"0123456789abcdef"):
        raise SystemExit("runner: a malformed answer from the worker")
    return word.decode()


def whole_number(text: bytes) -> int:
    """A count or a size the worker sent: digits only, and not absurd."""
    if not text.isdigit() or len(text) > 12:
        raise SystemExit("runner: a malformed answer from the worker")
    return int(text)


class ErrorKind(enum.StrEnum):
    """What kind of error the child reports, for a load (``load_error``) or a case (``done``):
    the worker's grading picks the verdict by it (``judge/failure_messages.py``)."""

    SYNTAX = "syntax"  # the source does not compile
    ENTRY_MISSING = "entry_missing"  # no function or class of the entry point's name
    ENTRY_NOT_CALLABLE = "entry_not_callable"  # a name of another kind
    BANNED = "banned"  # a banned import, caught at run time
    MEMORY = "memory"  # a MemoryError
    EXCEPTION = "exception"  # any other exception the submission raised
    OUTPUT_LIMIT = "output_limit"  # the output is larger than its budget
    UNSUPPORTED_OUTPUT = "unsupported_output"  # the output is of a type the wire cannot carry


# Limits shared by the worker (which sizes the sandbox's whole time from them) and the runner's
# parent (which enforces them); the worker sends them in each request.
#: Time to load the submission (run the module's top level; in a cold sandbox, finish importing
#: NumPy too). No case's inputs exist yet, so nothing can be gained by taking longer.
LOAD_TIMEOUT_S = 5.0
#: Time for what the child does outside a case's clock: sending a timed run's output, quitting.
GAP_S = 2.0
#: How long the worker may take to check the outputs before answering at the checkpoint.
CHECKPOINT_S = 60.0
#: Limits are on CPU time; a case (or the load) that does not use it, because it sleeps or waits
#: or the host is too busy to give it any, is stopped after this many times its limit of wall time.
WALL_BACKSTOP = 3.0
#: How long a child that closed its result channel has to exit before that counts against it.
CLOSE_GRACE_S = 1.0
