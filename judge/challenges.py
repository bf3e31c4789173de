"""Challenge packages: ``challenges/<slug>/`` with ``challenge.toml`` and trusted Python.

``cases.py`` defines ``cases(rng) -> Iterable[Case]`` (seeded, so every worker builds the same
suite) and may define ``check(expected, actual, tolerance) -> Check`` to replace the default
numeric checker. ``reference.py`` defines the entry point; its outputs are the expected outputs.
Both run on the worker, never in the sandbox.
"""

from __future__ import annotations

import copy
import dataclasses
import importlib.util
import re
import sys
import tomllib
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from judge.checking import Check, Tolerance, check_numeric
from judge.errors import ChallengeError, UnknownChallenge
from judge.protocol import Entry

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
DEVICES = ("cpu", "gpu")


@dataclasses.dataclass(frozen=True)
class Case:
    """One call of the entry point. Public cases are shown to candidates with their answers."""

    name: str
    args: tuple[Any, ...]
    public: bool = False


@dataclasses.dataclass(frozen=True)
class ChallengeLimits:
    time_s: float = 2.0  # per case, wall clock
    memory_mb: int = 512
    output_mb: int = 64


@dataclasses.dataclass
class Challenge:
    """A loaded challenge package."""

    slug: str
    path: Path
    title: str
    difficulty: str
    tags: list[str]
    version: int
    device: str
    entry: Entry
    signature: str
    seed: int
    limits: ChallengeLimits
    tolerance: Tolerance
    banned_imports: list[str]

    @cached_property
    def statement(self) -> str:
        return (self.path / "statement.md").read_text(encoding="utf-8")

    @cached_property
    def starter(self) -> str:
        return (self.path / "starter.py").read_text(encoding="utf-8")

    @cached_property
    def _cases_module(self) -> ModuleType:
        return _load_module(self.path / "cases.py", f"judge_challenge_{self.slug}_cases")

    @cached_property
    def reference(self) -> Callable[..., Any]:
        module = _load_module(self.path / "reference.py", f"judge_challenge_{self.slug}_reference")
        try:
            return getattr(module, self.entry.name)
        except AttributeError:
            raise ChallengeError(f"{self.slug}: reference.py has no {self.entry.name}") from None

    def cases(self) -> list[Case]:
        """The whole suite, public examples first, the same on every call and every worker."""
        suite = list(self._cases_module.cases(np.random.default_rng(self.seed)))
        names = [case.name for case in suite]
        if not suite or len(set(names)) != len(names):
            raise ChallengeError(f"{self.slug}: the suite is empty or repeats a case name")
        return sorted(suite, key=lambda case: not case.public)

    def expected(self, case: Case) -> Any:
        """The reference's output, computed on a copy so the reference cannot alter the case."""
        return self.reference(*copy.deepcopy(case.args))

    def check(self, expected: Any, actual: Any) -> Check:
        checker = getattr(self._cases_module, "check", check_numeric)
        return checker(expected, actual, self.tolerance)

    def public_examples(self) -> list[dict[str, Any]]:
        return [
            {"name": c.name, "args": [_jsonable(a) for a in c.args], "expected": _jsonable(e)}
            for c in self.cases()
            if c.public
            for e in [self.expected(c)]
        ]

    def summary(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "title": self.title,
            "difficulty": self.difficulty,
            "tags": self.tags,
            "device": self.device,
        }

    def public_info(self) -> dict[str, Any]:
        """Everything a candidate may see: never hidden cases, seeds or the reference."""
        return {
            **self.summary(),
            "version": self.version,
            "entry_point": {"kind": self.entry.kind, "name": self.entry.name},
            "signature": self.signature,
            "statement": self.statement,
            "starter": self.starter,
            "limits": dataclasses.asdict(self.limits),
            "tolerance": dataclasses.asdict(self.tolerance),
            "examples": self.public_examples(),
        }


class ChallengeRepository:
    """The challenge packages under one folder, loaded on first use."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._loaded: dict[str, Challenge] = {}

    def slugs(self) -> list[str]:
        if not self.root.is_dir():
            raise ChallengeError(f"challenges folder {self.root} does not exist")
        return sorted(p.name for p in self.root.iterdir() if (p / "challenge.toml").is_file())

    def get(self, slug: str) -> Challenge:
        if not isinstance(slug, str) or not SLUG.match(slug) or slug not in self.slugs():
            raise UnknownChallenge(f"no challenge named {str(slug)[:64]!r}")
        if slug not in self._loaded:
            self._loaded[slug] = load_challenge(self.root / slug)
        return self._loaded[slug]

    def all(self) -> list[Challenge]:
        return [self.get(slug) for slug in self.slugs()]


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
            tags=[str(t) for t in meta.get("tags", [])],
            version=int(meta.get("version", 1)),
            device=str(meta.get("device", "cpu")),
            entry=Entry(name=str(entry["name"]), kind=str(entry.get("kind", "function"))),
            signature=str(entry.get("signature", entry["name"])),
            seed=int(meta.get("seed", 0)),
            limits=ChallengeLimits(**limits),
            tolerance=Tolerance(**meta.get("tolerance", {})),
            banned_imports=[str(m) for m in meta.get("banned_imports", [])],
        )
    except (OSError, KeyError, TypeError, ValueError, tomllib.TOMLDecodeError) as exc:
        raise ChallengeError(f"{path.name}: bad challenge.toml: {exc}") from exc
    if challenge.device not in DEVICES:
        raise ChallengeError(f"{path.name}: device must be one of {DEVICES}")
    return challenge


def _load_module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ChallengeError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise ChallengeError(f"{path} failed to load: {exc}") from exc
    return module


def _jsonable(value: Any) -> Any:
    if isinstance(value, np.ndarray | np.generic):
        return value.tolist()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
