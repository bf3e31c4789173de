"""``judge assessments ...``, the operator's commands, on the deployment's database: an
assessment made, candidates invited (each link's code opens its candidate), listed, shown,
revoked, and the report as a table, CSV and JSON; and every mistake a one-line error with exit
code 2."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from judge import assessment_clock, assessments, candidates
from judge.assessment_reports import report
from judge.assessments import AssessmentError, webhook_secret
from judge.candidates import redeem
from judge.case_grading import CaseResult
from judge.cli import Exit, main
from judge.cli.assessments import FEEDBACK_POLICIES, parse_duration
from judge.config import REPO_ROOT, Settings
from judge.grading import Judgement
from judge.storage import Assessment, Candidate, Database, User
from judge.submissions import create_submission, record
from judge.verdicts import Verdict


@pytest.fixture
def judge(tmp_path):
    """``judge ARGS`` on a deployment of its own (a data folder with its database, and the
    secret kept there: not one of the shell's ``JUDGE_SECRET``)."""
    Database(f"sqlite:///{tmp_path}/judge.db")
    runner = CliRunner()

    def run(*args: str, **env: str):
        own = {"JUDGE_DATA_DIR": str(tmp_path), "JUDGE_SECRET": None}
        return runner.invoke(main, list(args), env={**own, **env})

    return run


@pytest.fixture
def db(tmp_path):
    return Database(f"sqlite:///{tmp_path}/judge.db")


def made(judge, *extra: str) -> int:
    done = judge(
        "assessments", "create", "--title", "Round 1", "--challenge", "matmul",
        "--challenge", "softmax", "--duration", "90m", *extra,
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    return int(done.stdout.splitlines()[0])


def invited(judge, number: int, name: str, *extra: str, **env: str) -> str:
    done = judge("assessments", "invite", str(number), name, *extra, **env)
    assert done.exit_code == 0, done.output
    assert f"invited {name}" in done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90m", 5400), ("1h30m", 5400), ("45s", 45), ("2h", 7200), ("90", 5400), ("1.5", 90),
     ("1h0m30s", 3630), (" 10M ", 600)],
)  # fmt: skip
def test_a_duration_is_read_as_an_operator_writes_it(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "m", "90x", "1m30h", "-5", "1.5h", "ninety"])
def test_a_duration_that_is_none_is_refused(text):
    with pytest.raises(Exception, match="--duration is like 90m, 1h30m, 45s") as refused:
        parse_duration(text)
    assert refused.value.exit_code == Exit.USAGE


def test_the_feedback_choices_are_the_assessments_policies():
    assert tuple(assessments.FEEDBACK) == FEEDBACK_POLICIES


def test_an_operator_makes_an_assessment_with_every_option(judge, db, tmp_path):
    intro = tmp_path / "intro.md"
    intro.write_text("Two problems. NumPy only — bonne chance.\n", encoding="utf-8")
    done = judge(
        "assessments", "create", "--title", "Round 1", "--challenge", "softmax",
        "--challenge", "matmul", "--duration", "1h30m", "--opens", "2030-01-02T09:00",
        "--closes", "2030-01-09T18:00+02:00", "--intro-file", str(intro),
        "--feedback", "verdicts", "--webhook", "https://hooks.example/judge",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    number, secret = done.stdout.split()
    assert f"made assessment {number}" in done.stderr and "1h30m per candidate" in done.stderr
    key = Settings.load({"JUDGE_DATA_DIR": str(tmp_path)}).secret_key
    assert secret == webhook_secret(key, int(number)), "the API's secret: the same key"
    with db.session() as session:
        stored = session.get(Assessment, int(number))
    assert stored.title == "Round 1" and stored.duration_s == 5400
    assert assessments.challenge_slugs(stored) == ["softmax", "matmul"], "the order given"
    assert stored.intro == intro.read_text(encoding="utf-8")
    assert str(stored.opens_at) == "2030-01-02 09:00:00"
    assert str(stored.closes_at) == "2030-01-09 16:00:00", "an offset is converted to UTC"
    assert stored.feedback == "verdicts" and stored.webhook_url == "https://hooks.example/judge"

    plain = made(judge)
    with db.session() as session:
        assert session.get(Assessment, plain).webhook_url == ""
    listed = judge("assessments", "list")
    assert listed.exit_code == 0
    lines = listed.stdout.splitlines()
    assert lines[0].split()[:3] == ["id", "title", "challenges"]
    assert lines[1].startswith(f"{plain} ") and lines[2].startswith(f"{number} "), "newest first"
    assert "softmax matmul" in lines[2] and "1h30m" in lines[2]


def test_an_invitation_link_opens_its_candidate(judge, db):
    number = made(judge, "--webhook", "http://hooks.example/x")
    link = invited(judge, number, "Ada Lovelace", "--email", "ada@example.com")
    base, code = link.split("#")
    assert base == "http://127.0.0.1:8000/invite", "the address judge serve listens at"
    candidate = redeem(db, code)
    assert candidate.name == "Ada Lovelace" and candidate.email == "ada@example.com"
    with db.session() as session:
        assert session.get(Candidate, candidate.id).code_hash != code

    told = invited(judge, number, "Bob", "--url", "https://judge.example/")
    assert told.startswith("https://judge.example/invite#")
    public = invited(judge, number, "Cy", JUDGE_PUBLIC_URL="https://interviews.example")
    assert public.startswith("https://interviews.example/invite#")
    assert len({link, told, public}) == 3

    shown = judge("assessments", "show", str(number))
    assert shown.exit_code == 0, shown.output
    assert "assessment 1: Round 1" in shown.stdout and "webhook secret: " in shown.stdout
    assert code not in shown.stdout
    rows = {line.split()[1]: line for line in shown.stdout.splitlines() if line[:1].isdigit()}
    assert set(rows) == {"Ada", "Bob", "Cy"}
    assert "ada@example.com" in rows["Ada"] and " ready" in rows["Ada"]


def test_a_revoked_invitation_no_longer_opens(judge, db):
    number = made(judge)
    code = invited(judge, number, "Ada").split("#")[1]
    candidate = redeem(db, code)
    done = judge("assessments", "revoke", str(number), str(candidate.id))
    assert done.exit_code == 0 and "revoked Ada's invitation" in done.stderr
    with pytest.raises(AssessmentError, match="not valid"):
        redeem(db, code)
    shown = judge("assessments", "show", str(number)).stdout
    assert " revoked" in shown.splitlines()[-1]


def test_the_report_as_a_table_csv_and_json(judge, db):
    number = made(judge)
    invited(judge, number, "Ada")
    invited(judge, number, "=Bob")
    with db.session() as session:
        ada = session.query(Candidate).filter_by(name="Ada").one()
        user = session.get(User, ada.user_id)
    assessment_clock.start(db, ada.id)
    for verdict, score in ((Verdict.WRONG_ANSWER, None), (Verdict.ACCEPTED, 1.25)):
        submission = create_submission(db, user, "matmul", "def f(): pass\n")
        case = CaseResult("example_1", verdict)
        record(db, submission.id, Judgement(verdict, "", [case], score=score))

    table = judge("assessments", "report", str(number))
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert lines[0] == "Round 1"
    assert lines[1].split() == ["id", "candidate", "state", "time", "used", "solved", "matmul",
                                "softmax"]  # fmt: skip
    assert "accepted x1.25 (2 tries)" in lines[2] and "1/2" in lines[2]
    assert "in_progress" in lines[2]
    assert lines[3].split()[1:4] == ["=Bob", "ready", "0/2"]

    exported = judge("assessments", "report", str(number), "--csv")
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert [r["candidate"] for r in rows] == ["Ada", "'=Bob"]
    assert rows[0]["matmul verdict"] == "accepted" and rows[0]["matmul attempts"] == "2"

    as_json = json.loads(judge("assessments", "report", str(number), "--json").stdout)
    expected = report(db, number)
    assert as_json["assessment"] == expected["assessment"]
    assert [c["challenges"] for c in as_json["candidates"]] == [
        c["challenges"] for c in expected["candidates"]
    ]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["show", "9"], "no assessment 9"),
        (["report", "9"], "no assessment 9"),
        (["invite", "9", "Ada"], "no assessment 9"),
        (["revoke", "1", "9"], "no candidate 9 in assessment 1"),
        (["invite", "1", " "], "a candidate's name is 1 to 200"),
        (["invite", "1", "Ada", "--email", "nope"], "name@host"),
        (["invite", "1", "Ada", "--url", "ftp://judge.example"], "http:// or https://"),
        (["create", "--title", "x", "--challenge", "nope", "--duration", "9"],
         "no challenge named 'nope' in "),
        (["create", "--title", "x", "--challenge", "matmul", "--duration", "9x"],
         "--duration is like 90m"),
        (["create", "--title", "x", "--challenge", "matmul", "--duration", "5s"],
         "the duration is 10 s to 7 days"),
        (["create", "--title", "x", "--challenge", "matmul", "--duration", "9",
          "--opens", "tomorrow"], "--opens: not an ISO 8601 time"),
        (["create", "--title", "x", "--challenge", "matmul", "--duration", "9",
          "--closes", "2001-01-01"], "the window must close"),
        (["create", "--title", "x", "--challenge", "matmul", "--duration", "9",
          "--webhook", "mailto:x@y"], "http:// or https://"),
        (["create", "--title", "x", "--challenge", "matmul", "--duration", "9",
          "--feedback", "some"], "'some' is not one of"),
        (["create", "--title", "x", "--duration", "9"], "Missing option '--challenge'"),
    ],
)  # fmt: skip
def test_every_mistake_is_one_line_and_exit_2(judge, db, args, words):
    made(judge)
    done = judge("assessments", *args)
    assert done.exit_code == Exit.USAGE, done.output
    assert words in done.stderr, done.stderr
    assert done.stdout == ""
    with db.session() as session:
        assert session.query(Assessment).count() == 1, "nothing more made"
        assert session.query(Candidate).count() == 0


def test_an_intro_file_that_is_not_text_is_refused(judge, tmp_path):
    intro = tmp_path / "intro.bin"
    intro.write_bytes(b"\xff\xfe\x00")
    done = judge(
        "assessments", "create", "--title", "x", "--challenge", "matmul", "--duration", "9",
        "--intro-file", str(intro),
    )  # fmt: skip
    assert done.exit_code == Exit.USAGE and "cannot read the intro file" in done.stderr


def test_the_judge_command_has_them(tmp_path):
    """The installed command's own process, as an operator runs it."""
    env = {**os.environ, "JUDGE_DATA_DIR": str(tmp_path)}
    Database(f"sqlite:///{tmp_path}/judge.db")
    done = subprocess.run(
        [sys.executable, "-m", "judge.cli", "assessments", "list"],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["id", "title", "challenges", "duration", "opens", "closes",
                                   "candidates"]  # fmt: skip


def test_the_public_address_defaults_to_where_the_api_listens():
    assert Settings.load({}).public_base_url == "http://127.0.0.1:8000/"
    assert Settings.load({}, api_host="::1", api_port=9).public_base_url == "http://[::1]:9/"
    named = Settings.load({"JUDGE_PUBLIC_URL": "https://judge.example/hire"})
    assert named.public_base_url == "https://judge.example/hire/"
    assert candidates.invite_link(named.public_base_url, "c0de") == (
        "https://judge.example/hire/invite#c0de"
    )
