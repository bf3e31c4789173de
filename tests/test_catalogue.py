"""The catalogue of a folder of packages where one is broken: the rest stay up, the broken one is
logged, listed by ``judge challenges check`` (and ``judge health``: tests/test_health.py), and
an edited or mended package goes live at its next use without a restart."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from api import create_app
from judge.challenge_packages import ChallengeRepository
from judge.config import Settings
from judge.errors import UnavailableChallenge

PACKAGES = Settings.load().challenges_dir


@pytest.fixture
def folder(tmp_path) -> Path:
    """Two real packages, and a copy of one whose challenge.toml is cut short."""
    root = tmp_path / "challenges"
    for slug in ("matmul", "softmax"):
        shutil.copytree(PACKAGES / slug, root / slug)
    shutil.copytree(PACKAGES / "softmax", root / "broken")
    (root / "broken" / "challenge.toml").write_text('title = "Broken\n[entry\n')
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    stat = path.stat()
    path.write_text(text.replace(old, new, 1))
    # As an editor's save a second later: a change within the clock's tick is a change too.
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_a_broken_package_is_left_out_and_the_rest_served(folder, tmp_path, caplog):
    app = create_app({"data_dir": tmp_path, "challenges_dir": folder})
    client = app.test_client()
    with caplog.at_level(logging.ERROR, logger="judge.challenge_packages"):
        listed = client.get("/api/v1/challenges")
        assert client.get("/").status_code == 200
    assert listed.status_code == 200
    assert {c["slug"] for c in listed.json["challenges"]} == {"matmul", "softmax"}
    logged = [r.getMessage() for r in caplog.records if "broken" in r.getMessage()]
    assert len(logged) == 1 and "bad challenge.toml" in logged[0], "logged once, with its cause"

    one = client.get("/api/v1/challenges/broken")
    assert one.status_code == 404 and "not available" in one.json["error"]
    assert client.get("/challenges/broken").status_code == 404
    assert client.get("/api/v1/challenges/softmax").status_code == 200

    # Mended: it goes live at the next request, in this process, without a restart.
    shutil.copy(PACKAGES / "softmax" / "challenge.toml", folder / "broken" / "challenge.toml")
    slugs = {c["slug"] for c in client.get("/api/v1/challenges").json["challenges"]}
    assert slugs == {"matmul", "softmax", "broken"}

    # Edited, with its version unchanged: the API and judge test's kit both follow.
    assert client.get("/api/v1/challenges/matmul/kit").json["limits"]["time_s"] == 2.0
    edit(folder / "matmul" / "challenge.toml", "time_s = 2.0", "time_s = 3.0")
    assert client.get("/api/v1/challenges/matmul").json["limits"]["time_s"] == 3.0
    assert client.get("/api/v1/challenges/matmul/kit").json["limits"]["time_s"] == 3.0


def test_an_edited_package_goes_live_without_a_restart(folder):
    repository = ChallengeRepository(folder)
    before = repository.get("matmul")
    assert repository.get("matmul") is before, "loaded once while its files stay as they are"
    edit(folder / "matmul" / "challenge.toml", f'title = "{before.title}"', 'title = "Renamed"')
    assert repository.get("matmul").title == "Renamed"
    edit(folder / "matmul" / "statement.md", before.statement[:20], "A new opening line. ")
    assert repository.get("matmul").statement.startswith("A new opening line.")
    edit(folder / "matmul" / "reference.py", "def ", "def broken(:\ndef ")
    with pytest.raises(UnavailableChallenge):
        repository.get("matmul")
    assert "matmul" in repository.broken() and "reference.py" in repository.broken()["matmul"]
    assert [c.slug for c in repository.all()] == ["softmax"]


def test_challenges_check_names_a_package_that_does_not_load(folder):
    done = subprocess.run(
        [sys.executable, "-m", "judge.cli", "challenges", "check", "broken"],
        env={**os.environ, "JUDGE_CHALLENGES_DIR": str(folder)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert "broken: FAIL: the package does not load" in done.stdout
    assert "bad challenge.toml" in done.stdout
    assert "do not load" in done.stderr
