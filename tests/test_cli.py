"""The operator's `judge` commands: users and their tokens, challenges, the schema."""

from __future__ import annotations

import os
import subprocess
import sys

from click.testing import CliRunner

from judge.cli import main
from judge.storage import Database
from judge.submissions import authenticate


def test_users_add_prints_a_working_token(tmp_path):
    runner = CliRunner()
    env = {"JUDGE_DATA_DIR": str(tmp_path)}
    added = runner.invoke(main, ["users", "add", "carol"], env=env)
    assert added.exit_code == 0, added.output
    token = added.output.strip()
    db = Database(f"sqlite:///{tmp_path}/judge.db")
    assert authenticate(db, token).name == "carol"

    again = runner.invoke(main, ["users", "add", "carol"], env=env)
    assert again.exit_code == 1 and "already exists" in again.output
    bad = runner.invoke(main, ["users", "add", "<script>"], env=env)
    assert bad.exit_code == 1 and "user name" in bad.output

    assert "carol" in runner.invoke(main, ["users", "list"], env=env).output
    assert runner.invoke(main, ["users", "remove", "carol"], env=env).exit_code == 0
    gone = runner.invoke(main, ["users", "remove", "carol"], env=env)
    assert gone.exit_code == 1 and "no user" in gone.output


def test_the_installed_command_runs(tmp_path):
    env = {**os.environ, "JUDGE_DATA_DIR": str(tmp_path)}
    judge = [sys.executable, "-m", "judge.cli"]
    listing = subprocess.run([*judge, "challenges"], env=env, capture_output=True, text=True)
    assert listing.returncode == 0 and "matmul" in listing.stdout
    init = subprocess.run([*judge, "db", "init"], env=env, capture_output=True, text=True)
    assert init.returncode == 0 and (tmp_path / "judge.db").exists()
    helped = subprocess.run([*judge, "--help"], env=env, capture_output=True, text=True)
    assert "users" in helped.stdout and "Example" in helped.stdout
