"""The operator's commands as a new operator meets them: run outside the stack's checkout, with a
home folder of their own; a lost token replaced; a user removed, with what becomes of their
submissions."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from judge.case_grading import CaseResult
from judge.cli import Exit, main
from judge.grading import Judgement
from judge.storage import CaseResultRow, Database, Submission
from judge.submissions import create_submission, record
from judge.users import add_user, authenticate
from judge.verdicts import Verdict


def judge_outside(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """``judge ARGS`` as a shell outside the checkout runs it: no ``JUDGE_*`` variables but
    ``env``, a fresh home folder, and a working folder with no ``var/judge.env``."""
    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere"
    home.mkdir(exist_ok=True)
    elsewhere.mkdir(exist_ok=True)
    clean = {k: v for k, v in os.environ.items() if not k.startswith("JUDGE_")}
    clean.pop("XDG_DATA_HOME", None)
    return subprocess.run(
        [sys.executable, "-m", "judge.cli", *args],
        env={**clean, "HOME": str(home), **env},
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_outside_the_checkout_an_operator_command_says_it_found_no_deployment(tmp_path):
    for command in (["users", "add", "ghost"], ["users", "list"], ["health"]):
        done = judge_outside(tmp_path, *command)
        assert done.returncode == Exit.USAGE, (command, done.stderr)
        assert done.stdout == "", "no token of a database nobody runs"
        assert "no judge deployment found" in done.stderr and "--settings" in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
    assert not any((tmp_path / "home").rglob("*.db")), "no database made under the home folder"


def test_the_stack_is_named_by_its_settings_file_option_or_variable(tmp_path):
    stack = tmp_path / "stack"
    settings = tmp_path / "judge.env"
    settings.write_text(f"JUDGE_DATA_DIR={stack}\n")
    added = judge_outside(tmp_path, "--settings", str(settings), "users", "add", "ghost")
    assert added.returncode == 0, added.stderr
    assert str(stack / "judge.db") in added.stderr
    user = authenticate(Database(f"sqlite:///{stack}/judge.db"), added.stdout.strip())
    assert user is not None and user.name == "ghost"
    listed = judge_outside(tmp_path, "users", "list", JUDGE_SETTINGS_FILE=str(settings))
    assert listed.returncode == 0 and listed.stdout.split() == ["ghost"]
    missing = judge_outside(tmp_path, "--settings", str(tmp_path / "nope.env"), "users", "list")
    assert missing.returncode == Exit.USAGE and "nope.env" in missing.stderr


def test_judge_db_init_makes_the_default_database_when_asked(tmp_path):
    made = judge_outside(tmp_path, "db", "init")
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "home" / ".local" / "share" / "judge" / "judge.db").is_file()
    # Now there is one, it is the deployment of this home folder.
    assert judge_outside(tmp_path, "users", "add", "local").returncode == 0


def test_a_lost_token_is_replaced_and_the_old_one_refused(tmp_path):
    runner, env = CliRunner(), {"JUDGE_DATA_DIR": str(tmp_path)}
    db = Database(f"sqlite:///{tmp_path}/judge.db")
    _, lost = add_user(db, "dora")
    replaced = runner.invoke(main, ["users", "token", "dora"], env=env)
    assert replaced.exit_code == 0, replaced.output
    new = replaced.stdout.strip()
    assert new and new != lost and "refused" in replaced.stderr
    assert authenticate(db, lost) is None
    assert authenticate(db, new).name == "dora"
    nobody = runner.invoke(main, ["users", "token", "nobody"], env=env)
    assert nobody.exit_code == Exit.USAGE and "no user named 'nobody'" in nobody.stderr


def test_removing_a_user_with_submissions_takes_them_only_when_told(tmp_path):
    runner, env = CliRunner(), {"JUDGE_DATA_DIR": str(tmp_path)}
    db = Database(f"sqlite:///{tmp_path}/judge.db")
    user, _ = add_user(db, "erin")
    first = create_submission(db, user, "matmul", "x = 1")
    wrong = CaseResult("example_1", Verdict.WRONG_ANSWER, "off by one")
    record(db, first.id, Judgement(Verdict.WRONG_ANSWER, "off by one", [wrong]))
    create_submission(db, user, "matmul", "x = 2")

    kept = runner.invoke(main, ["users", "remove", "erin"], env=env)
    assert kept.exit_code == Exit.USAGE and "2 submission(s)" in kept.stderr
    assert "--with-submissions" in kept.stderr and "judge users token erin" in kept.stderr
    with db.session() as session:
        assert session.query(Submission).count() == 2
        assert session.query(CaseResultRow).count() == 1

    gone = runner.invoke(main, ["users", "remove", "erin", "--with-submissions"], env=env)
    assert gone.exit_code == 0, gone.output
    assert "removed erin and 2 submission(s)" in gone.stderr
    with db.session() as session:
        assert session.query(Submission).count() == 0
        assert session.query(CaseResultRow).count() == 0
    assert "erin" not in runner.invoke(main, ["users", "list"], env=env).output
