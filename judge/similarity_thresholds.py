"""Each challenge's similarity threshold and given code, from its package: the score above which
a pair of its submissions is shown to reviewers, calibrated from the package's own independent
solutions (its ``right/`` files and its reference), and the fingerprints of what every candidate
is given (the starter, the statement's code blocks), which count in no submission. Each is
computed once per version of the package's files.

The package's files read, no database; the fingerprints and the score are
:mod:`judge.similarity`'s.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from judge.errors import ChallengeError
from judge.similarity import fingerprints, given_prints, score, statement_code

#: The calibrated threshold never leaves this range: below it, chance likeness of short
#: solutions; above it, a copier's few edits would hide a copy.
LOWEST, HIGHEST = 0.5, 0.95
#: Above the highest score between a challenge's independent solutions: the margin that keeps
#: another honest pair (unseen, perhaps a little closer) below the threshold.
MARGIN = 0.1


def threshold(independent: list[str], ignore: Iterable[int] = frozenset()) -> float:
    """The score above which a pair of this challenge's submissions is shown to reviewers: the
    highest score between any two of its independent solutions (the package's ``right/`` files
    and its reference, written apart), plus :data:`MARGIN`, within [:data:`LOWEST`,
    :data:`HIGHEST`]. Honest pairs of a short challenge look alike by chance, and that challenge
    gets a higher threshold; with fewer than two solutions the lowest bound stands."""
    prints = [fingerprints(source, ignore) for source in independent]
    highest = max((score(a, b) for a, b in itertools.combinations(prints, 2)), default=0.0)
    return min(HIGHEST, max(LOWEST, highest + MARGIN))


# A challenge's package: what its candidates are given, and its independent solutions.


def package_given(package: Path) -> frozenset[int]:
    """The hashes of what every candidate of the package at ``package`` is given: its starter
    and its statement's code blocks."""
    starter = package / "starter.py"
    sources = [starter.read_text(encoding="utf-8")] if starter.is_file() else []
    sources += statement_code((package / "statement.md").read_text(encoding="utf-8"))
    return given_prints(*sources)


def package_solutions(package: Path) -> dict[str, str]:
    """The package's independent solutions by file name: its ``right/*.py`` and its reference."""
    found = {p.name: p.read_text(encoding="utf-8") for p in sorted(package.glob("right/*.py"))}
    found["reference.py"] = (package / "reference.py").read_text(encoding="utf-8")
    return found


def package_threshold(package: Path) -> float:
    """:func:`threshold` for the package at ``package`` (a challenge's ``path``)."""
    return threshold(list(package_solutions(package).values()), package_given(package))


def challenge_threshold(challenge: Any) -> float:
    """:func:`package_threshold` of a loaded challenge (anything with a ``path``), computed once
    per version of the package's files: fingerprinting its solutions takes milliseconds per
    file, and a listing asks on every request."""
    package = Path(challenge.path)
    return _cached_threshold(package, _package_stamp(package))


def _package_stamp(package: Path) -> tuple[tuple[str, int, int], ...]:
    """What the threshold is made from, as it is now (one ``stat`` each): an edited, added or
    removed solution, starter or statement is a new stamp, and the threshold is made again."""
    files = [package / "reference.py", package / "starter.py", package / "statement.md"]
    files += sorted(package.glob("right/*.py"))
    stamp = []
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        stamp.append((path.name, info.st_mtime_ns, info.st_size))
    return tuple(stamp)


def threshold_in(challenges: Any, slug: str) -> float:
    """:func:`challenge_threshold` of ``challenges.get(slug)`` (a challenge repository's);
    the lowest bound where its package is gone or does not load now (an assessment outlives
    its packages): more pairs shown, none hidden."""
    try:
        return challenge_threshold(challenges.get(slug))
    except ChallengeError:
        return LOWEST


def challenge_given(challenge: Any) -> frozenset[int]:
    """:func:`package_given` of a loaded challenge, computed once per version of its files."""
    package = Path(challenge.path)
    return _cached_given(package, _package_stamp(package))


@functools.lru_cache(maxsize=256)
def _cached_threshold(package: Path, stamp: tuple[tuple[str, int, int], ...]) -> float:
    return package_threshold(package)


@functools.lru_cache(maxsize=256)
def _cached_given(package: Path, stamp: tuple[tuple[str, int, int], ...]) -> frozenset[int]:
    return package_given(package)
