"""The catalogue of attacks: every file of ``tests/hostile/attacks/``, a hostile submission that
declares, in its first comment lines, its challenge (``matmul`` if none), the verdict it must get
and the message: what the suite's attack test (``tests/hostile/test_attacks.py``) and the load
benchmark (``bench/load.py``) submit."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from judge.config import REPO_ROOT
from judge.verdicts import Verdict

ATTACKS_DIR = REPO_ROOT / "tests" / "hostile" / "attacks"

DECLARATION = re.compile(r"^# (challenge|verdict|message): (.*)$")


@dataclasses.dataclass(frozen=True)
class Attack:
    name: str
    source: str
    verdict: Verdict
    message: str
    challenge: str = "matmul"

    @classmethod
    def load(cls, path: Path) -> Attack:
        source = path.read_text()
        declared = {}
        for line in source.splitlines():
            match = DECLARATION.match(line)
            if not match:
                break
            declared[match[1]] = match[2]
        return cls(
            name=path.stem,
            source=source,
            verdict=Verdict(declared["verdict"]),
            message=declared["message"],
            challenge=declared.get("challenge", "matmul"),
        )


ATTACKS = [Attack.load(path) for path in sorted(ATTACKS_DIR.glob("*.py"))]
