"""The challenge packages under one folder (``challenges/``): found, parsed and loaded.

A package's folder name is its slug (:data:`SLUG`). Its ``challenge.toml`` is parsed and
validated by :func:`load_challenge`; :func:`load_package` loads it whole (its Python and its
texts), so that a package that cannot serve a candidate fails once, at load.
:class:`ChallengeRepository` loads each package on first use and again when one of its files
changes (:func:`package_fingerprint`), leaves out one that does not load, and orders the
catalogue (:func:`catalogue_order`). What a package's files hold, and the
:class:`~judge.challenges.Challenge` they make, are :mod:`judge.challenges`'.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import threading
import tomllib
from pathlib import Path

from judge.challenges import DEVICES, DIFFICULTIES, FRAMEWORKS, TOPICS, Challenge, ChallengeLimits
from judge.checking import Tolerance
from judge.errors import ChallengeError, UnavailableChallenge, UnknownChallenge
from judge.protocol import Entry

log = logging.getLogger(__name__)

# Folder names such as "cross_entropy": lowercase letters, digits, "-" and "_".
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


#: What a package's files were when it was loaded: (name, modification time, size) of each.
Fingerprint = tuple[tuple[str, int, int], ...]


class ChallengeRepository:
    """The challenge packages under one folder.

    A package is loaded on first use, and loaded again when one of its files changes: a new or
    edited package goes live in every API and worker process at its next use, without a restart.
    A package that does not load is logged, left out of the catalogue, listed by :meth:`broken`,
    and unknown to :meth:`get`; the others stay up.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._loaded: dict[str, tuple[Fingerprint, Challenge | ChallengeError]] = {}
        self._lock = threading.Lock()  # one load of a package at a time, in a threaded server

    def slugs(self) -> list[str]:
        """Every package's slug, whether it loads or not."""
        if not self.root.is_dir():
            raise ChallengeError(f"challenges folder {self.root} does not exist")
        return sorted(p.name for p in self.root.iterdir() if (p / "challenge.toml").is_file())

    def get(self, slug: str) -> Challenge:
        # One stat for the one package (the slug's pattern keeps it inside the folder), not one
        # per package: every POST looks its challenge up.
        if not isinstance(slug, str) or not SLUG.match(slug) or not self._exists(slug):
            raise UnknownChallenge(f"no challenge named {str(slug)[:64]!r}")
        loaded = self.load(slug)
        if isinstance(loaded, ChallengeError):
            raise UnavailableChallenge(f"challenge {slug!r} is not available now") from loaded
        return loaded

    def _exists(self, slug: str) -> bool:
        if not self.root.is_dir():
            raise ChallengeError(f"challenges folder {self.root} does not exist")
        return (self.root / slug / "challenge.toml").is_file()

    def load(self, slug: str) -> Challenge | ChallengeError:
        """The package as its files are now, or why it does not load."""
        path = self.root / slug
        fingerprint = package_fingerprint(path)
        with self._lock:
            known = self._loaded.get(slug)
            if known is not None and known[0] == fingerprint:
                return known[1]
            try:
                loaded: Challenge | ChallengeError = _load_once(path, fingerprint)
                if known is not None:
                    log.info("challenge package %s loaded again: its files changed", slug)
            except ChallengeError as exc:
                log.error("challenge package %s does not load and is left out: %s", slug, exc)
                loaded = exc
            self._loaded[slug] = (fingerprint, loaded)
            return loaded

    def all(self) -> list[Challenge]:
        """The packages that load."""
        loaded = [self.load(slug) for slug in self.slugs()]
        return [c for c in loaded if isinstance(c, Challenge)]

    def broken(self) -> dict[str, str]:
        """Each package that does not load, and why."""
        found = {slug: self.load(slug) for slug in self.slugs()}
        return {slug: str(e) for slug, e in found.items() if isinstance(e, ChallengeError)}

    def catalogue(self, topic: str | None = None, difficulty: str | None = None) -> list[Challenge]:
        """The challenges of ``topic`` and ``difficulty`` (any, when not given), grouped by
        topic in the guide's order, easiest first within a topic."""
        chosen = [
            c for c in self.all() if topic in (None, c.topic) and difficulty in (None, c.difficulty)
        ]
        return sorted(chosen, key=catalogue_order)


def package_fingerprint(path: Path) -> Fingerprint:
    """The package's own files as they are now (one ``stat`` each): a change to any of them
    (``challenge.toml``, ``cases.py``, ``reference.py``, the statement, the starter) is a new
    fingerprint."""
    try:
        with os.scandir(path) as entries:
            files = [e for e in entries if e.is_file()]
            return tuple(sorted((e.name, e.stat().st_mtime_ns, e.stat().st_size) for e in files))
    except OSError:
        return ()


@functools.lru_cache(maxsize=512)
def _load_once(path: Path, fingerprint: Fingerprint) -> Challenge:
    """:func:`load_package`, once per process for a package's files as ``fingerprint`` found
    them: they make the same challenge whichever repository loads them, and loading compiles
    and runs its Python (some 4 ms a package). A repository per test app loaded the catalogue
    hundreds of times in the suite. A package that fails is not remembered: it is tried, and
    logged, again."""
    return load_package(path)


def load_package(path: Path) -> Challenge:
    """Load a package whole: its ``challenge.toml``, its Python and its texts, so that one that
    cannot serve a candidate fails here, once, rather than on a page or in a judging."""
    challenge = load_challenge(path)
    try:
        challenge.statement, challenge.starter, challenge.reference_source  # noqa: B018
    except (OSError, UnicodeDecodeError) as exc:
        raise ChallengeError(f"{path.name}: {exc}") from exc
    challenge._cases_module  # noqa: B018
    challenge.reference  # noqa: B018
    return challenge


def catalogue_order(challenge: Challenge) -> tuple[int, str, int, str]:
    known = challenge.topic in TOPICS
    place = TOPICS.index(challenge.topic) if known else len(TOPICS)
    return (place, challenge.topic, DIFFICULTIES.index(challenge.difficulty), challenge.slug)


def load_challenge(path: Path) -> Challenge:
    """Parse and validate ``challenge.toml``; the folder's name is the slug."""
    try:
        meta = tomllib.loads((path / "challenge.toml").read_text(encoding="utf-8"))
        entry, limits = meta["entry"], meta.get("limits", {})
        challenge = Challenge(
            slug=path.name,
            path=path,
            title=str(meta["title"]),
            difficulty=str(meta.get("difficulty", "medium")),
            topic=str(meta.get("topic", "general")),
            tags=[str(t) for t in meta.get("tags", [])],
            version=int(meta.get("version", 1)),
            device=str(meta.get("device", "cpu")),
            entry=Entry(name=str(entry["name"]), kind=str(entry.get("kind", "function"))),
            signature=str(entry.get("signature", entry["name"])),
            limits=ChallengeLimits(**limits),
            tolerance=Tolerance(**meta.get("tolerance", {})),
            banned_imports=[str(m) for m in meta.get("banned_imports", [])],
            inputs_unchanged=bool(meta.get("inputs_unchanged", True)),
            stochastic=bool(meta.get("stochastic", False)),
            unique_answer=bool(meta.get("unique_answer", True)),
            framework=str(meta.get("framework", "numpy")),
        )
    except (OSError, KeyError, TypeError, ValueError, tomllib.TOMLDecodeError) as exc:
        raise ChallengeError(f"{path.name}: bad challenge.toml: {exc}") from exc
    if challenge.difficulty not in DIFFICULTIES:
        raise ChallengeError(f"{path.name}: difficulty must be one of {DIFFICULTIES}")
    if challenge.device not in DEVICES:
        raise ChallengeError(f"{path.name}: device must be one of {DEVICES}")
    if challenge.framework not in FRAMEWORKS:
        raise ChallengeError(f"{path.name}: framework must be one of {FRAMEWORKS}")
    if challenge.entry.kind not in ("function", "class"):
        raise ChallengeError(f"{path.name}: the entry point's kind must be function or class")
    return challenge
