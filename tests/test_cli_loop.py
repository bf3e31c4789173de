"""The candidate's loop through the `judge` command, against the real API and a real worker
judging in Docker: click's runner for the whole loop, the installed command in a subprocess for
scripts, and every failure a candidate can meet, each one line with its own exit code."""

from __future__ import annotations

import http.server
import json
import os
import re
import stat
import statistics
import subprocess
import sys
import threading

import pytest
import requests
from click.testing import CliRunner
from sqlalchemy import select

from harness.processes import wait_for
from judge.cli import Exit, main
from judge.storage import Submission
from judge.users import add_user
from judge.verdicts import IN_FLIGHT
from tests import sources
from tests.conftest import free_port
from tests.test_cli import one_line

pytestmark = [pytest.mark.services, pytest.mark.docker]

RIGHT = "import numpy as np\n\n\ndef matrix_multiplication(A, B):\n    return np.matmul(A, B)\n"
# Right on the examples but for integer inputs, whose dtype it loses.
ALWAYS_FLOAT = (
    "import numpy as np\n\n\ndef matrix_multiplication(A, B):\n"
    "    return np.matmul(np.asarray(A, dtype=float), B)\n"
)


@pytest.fixture
def home(tmp_path):
    """A candidate's own config and cache folders, and no JUDGE_URL or JUDGE_TOKEN of ours."""
    return {
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "JUDGE_URL": "",
        "JUDGE_TOKEN": "",
    }


def test_a_candidates_loop_to_an_accepted_solution(stack, home, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    token = stack.add_user("cli-alice")
    cli = CliRunner()

    def judge(*args: str, code: int = 0):
        result = cli.invoke(main, list(args), env=home)
        assert result.exit_code == code, result.output
        return result

    logged = judge("login", "--url", stack.url.removeprefix("http://"), "--token", token)
    assert "as cli-alice" in logged.stdout
    config = tmp_path / "config" / "judge" / "config.toml"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600

    listing = judge("challenges").stdout
    assert any(
        line.split()[1:2] == ["matmul"] and line.endswith("no") for line in listing.splitlines()
    )
    shown = judge("show", "matmul").stdout
    assert "entry point: function matrix_multiplication" in shown
    assert "example example-2x3-by-3x2" in shown and "raises: ValueError" in shown

    judge("init", "matmul", "solution.py")
    starter = requests.get(f"{stack.url}/api/v1/challenges/matmul", timeout=10).json()["starter"]
    assert (tmp_path / "solution.py").read_text() == starter
    refused = judge("init", "matmul", "solution.py", code=Exit.USAGE)
    assert "--force" in one_line(refused)
    assert (tmp_path / "solution.py").read_text() == starter

    started = judge("test", "matmul", "solution.py", code=Exit.REJECTED)
    assert "NotImplementedError" in started.stdout and "0 of 4" in one_line(started)

    (tmp_path / "solution.py").write_text(RIGHT)
    tested = judge("test", "matmul", "solution.py")
    assert "all 4 public examples passed" in tested.stdout
    header = ["example", "verdict", "ms", "MB", "message"]
    assert any(line.split() == header for line in tested.stdout.splitlines())

    submitted = judge("submit", "matmul", "solution.py", "--wait")
    out = submitted.stdout
    assert "verdict: accepted" in out and "score: " in out and "rank: " in out
    assert "benchmark-512x512-by-512x512 (hidden)" in out
    assert any(
        line.split()[:5] == ["case", "verdict", "ms", "MB", "message"] for line in out.splitlines()
    )
    assert "queued" in submitted.stderr or "running" in submitted.stderr, "a status line"
    submission = int(out.split("submission ", 1)[1].split(":", 1)[0])
    # The benchmark's ms is its median run on the score's clock (CPU time), as the pages show.
    view = requests.get(f"{stack.url}/api/v1/submissions/{submission}", timeout=10).json()
    timed = next(c for c in view["cases"] if c["name"].startswith("benchmark-"))
    cpu_ms = statistics.median(timed["timing"]["cpu_run_ns"]) / 1e6
    row = next(line for line in out.splitlines() if line.startswith("benchmark-"))
    assert f"{cpu_ms:.2f}" in row.split(), (row, cpu_ms)
    assert view["clock"] == "cpu" and " ms of CPU time)" in out

    status = judge("status", str(submission)).stdout
    assert f"submission {submission}: matmul by cli-alice" in status
    assert f"page: {stack.url}/submissions/{submission}" in status
    mine = judge("submissions", "--challenge", "matmul").stdout.splitlines()
    assert mine[1].split()[:3] == [str(submission), "matmul", "accepted"]
    board = judge("leaderboard", "matmul").stdout
    assert any("cli-alice" in line and str(submission) in line for line in board.splitlines())
    solved = judge("challenges").stdout
    assert any(
        line.split()[1:2] == ["matmul"] and line.endswith("yes") for line in solved.splitlines()
    )


def run_judge(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "judge.cli", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_rejected_solution_through_the_installed_command(stack, home, tmp_path):
    env = {**home, "JUDGE_URL": stack.url, "JUDGE_TOKEN": stack.add_user("cli-bob")}
    wrong = tmp_path / "wrong.py"
    started = run_judge(env, "init", "matmul", str(wrong))
    assert started.returncode == 0 and "judge test matmul" in started.stdout, started.stderr
    wrong.write_text(ALWAYS_FLOAT)

    tested = run_judge(env, "test", "matmul", str(wrong))
    assert tested.returncode == Exit.REJECTED, tested.stderr
    assert "expected dtype int64, got float64" in tested.stdout

    submitted = run_judge(env, "submit", "matmul", str(wrong), "--wait", "--json")
    assert submitted.returncode == Exit.REJECTED, submitted.stderr
    view = json.loads(submitted.stdout)
    assert view["status"] == "wrong_answer" and "int64" in view["message"]
    assert "Traceback" not in submitted.stderr

    plain = run_judge(env, "status", str(view["id"]))
    assert plain.returncode == Exit.REJECTED
    assert "verdict: wrong_answer" in plain.stdout and "expected dtype int64" in plain.stdout

    queued = run_judge(env, "submit", "matmul", str(wrong), "--no-wait", "--json")
    assert queued.returncode == 0 and json.loads(queued.stdout)["status"] == "queued"
    followed = run_judge(env, "status", str(json.loads(queued.stdout)["id"]), "--wait")
    assert followed.returncode == Exit.REJECTED and "verdict: wrong_answer" in followed.stdout

    board = run_judge(env, "leaderboard", "matmul", "--json")
    assert board.returncode == 0
    assert all(entry["user"] != "cli-bob" for entry in json.loads(board.stdout))
    everything = run_judge(env, "leaderboard")
    assert everything.returncode == 0 and "knn" in everything.stdout
    mine = json.loads(run_judge(env, "submissions", "--json").stdout)
    assert [s["status"] for s in mine] == ["wrong_answer", "wrong_answer"]


def test_a_hostile_message_cannot_drive_the_terminal(stack, home, tmp_path):
    """A case's message carries the submission's exception text: escape sequences in it are
    shown, not obeyed, whoever looks at the submission."""
    attacker = stack.add_user("cli-mallory")
    source = (
        "def matrix_multiplication(A, B):\n    raise ValueError('\\x1b[2J\\x1b]0;pwned\\x07')\n"
    )
    submitted = stack.wait(stack.submit(attacker, source).json()["id"])
    assert "\x1b" not in submitted["message"], "stored with its control characters escaped"
    assert "\\x1b[2J\\x1b]0;pwned\\x07" in submitted["message"]
    env = {**home, "JUDGE_URL": stack.url, "JUDGE_TOKEN": stack.add_user("cli-victim")}
    shown = CliRunner().invoke(main, ["status", str(submitted["id"])], env=env)
    assert shown.exit_code == Exit.REJECTED
    assert "\x1b" not in shown.output and "\x07" not in shown.output
    assert "\\x1b[2J" in shown.stdout


def on_a_terminal(env: dict[str, str], *args: str, columns: int = 160) -> str:
    """What the command writes to a real (pseudo-)terminal of ``columns``, as the terminal
    receives it: escape sequences and all."""
    import fcntl
    import struct
    import termios

    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    environ = {**os.environ, **env, "TERM": "xterm-256color", "COLUMNS": str(columns)}
    environ.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "judge.cli", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=environ,
    )
    os.close(follower)
    received = bytearray()
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the command closed its end
            break
        if not chunk:
            break
        received += chunk
    os.close(leader)
    process.wait(60)
    return received.decode()


# What a terminal obeys and a person never sees: control sequences (CSI), and the rest.
CSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def screen(received: str) -> str:
    return CSI.sub("", received).replace("\r", "")


def test_on_a_terminal_the_verdict_is_coloured_and_messages_shown_as_text(stack, home):
    """A person at a 160-column terminal reads ``verdict: accepted`` in colour, and a hostile
    message as escapes: the command escapes what the server sent, then styles it."""
    token = stack.add_user("tty-alice")
    accepted = stack.wait(stack.submit(token, RIGHT).json()["id"])
    env = {**home, "JUDGE_URL": stack.url, "JUDGE_TOKEN": token}
    received = on_a_terminal(env, "status", str(accepted["id"]))
    lines = screen(received).splitlines()
    assert "verdict: accepted" in lines, received
    assert "\\x1b" not in screen(received), "our own colours shown as escapes"
    assert re.search(r"verdict: (\x1b\[[0-9;]*m)+accepted", received), "not coloured"

    hostile = (
        "def matrix_multiplication(A, B):\n    raise ValueError('\\x1b[2J\\x1b]0;pwned\\x07')\n"
    )
    failed = stack.wait(stack.submit(token, hostile).json()["id"])
    received = on_a_terminal(env, "status", str(failed["id"]))
    assert "\x07" not in received and "\x1b]" not in received and "\x1b[2J" not in received
    assert CSI.sub("", received).count("\x1b") == 0, "only our colours reach the terminal"
    assert "verdict: runtime_error" in screen(received).splitlines()
    assert "\\x1b[2J" in screen(received)


def test_failures_with_a_server_are_one_line(stack, home, tmp_path):
    env = {**home, "JUDGE_URL": stack.url, "JUDGE_TOKEN": stack.add_user("cli-carol")}
    cli = CliRunner()
    right = tmp_path / "right.py"
    right.write_text(RIGHT)

    def judge(*args: str, code: int, more: dict | None = None) -> str:
        result = cli.invoke(main, list(args), env={**env, **(more or {})})
        assert result.exit_code == code, result.output
        return one_line(result)

    assert "refused the token" in judge(
        "submit", "matmul", str(right), code=Exit.AUTH, more={"JUDGE_TOKEN": "wrong"}
    )
    assert "did you mean 'matmul'" in judge("submit", "matmull", str(right), code=Exit.USAGE)
    assert "did you mean 'knn'" in judge("show", "kmn", code=Exit.USAGE)
    assert "did you mean 'dropout'" in judge("leaderboard", "dropuot", code=Exit.USAGE)
    big = tmp_path / "big.py"
    big.write_text("#" * (stack.settings.max_source_bytes + 1))
    assert "the limit is" in judge("submit", "matmul", str(big), code=Exit.USAGE)
    assert "no submission 99999999" in judge("status", "99999999", code=Exit.USAGE)
    assert "not an admin" in judge("rejudge", "1", code=Exit.AUTH)

    slow = tmp_path / "slow.py"
    slow.write_text(sources.INFINITE_LOOP)
    pending = judge("submit", "matmul", str(slow), "--wait", "--timeout", "0.5", code=Exit.PENDING)
    assert "still" in pending and "judge status" in pending


class _Answers(http.server.BaseHTTPRequestHandler):
    """Not the judge: a server that fails, or a web server of something else."""

    def do_GET(self):
        if self.path.startswith("/api/v1/challenges"):
            body, status, kind = b'{"error": "database is locked"}', 500, "application/json"
        else:
            body, status, kind = b"<html>hello</html>", 200, "text/html"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_failing_server_is_one_line_with_its_message(home):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {**home, "JUDGE_URL": f"http://127.0.0.1:{server.server_port}", "JUDGE_TOKEN": "t"}
    try:
        failed = CliRunner().invoke(main, ["challenges"], env=env)
        assert failed.exit_code == Exit.SERVER
        assert "the server failed (HTTP 500): database is locked" in one_line(failed)
        other = CliRunner().invoke(main, ["status", "1"], env=env)
        assert other.exit_code == Exit.SERVER and "other than JSON" in one_line(other)
    finally:
        server.shutdown()
        server.server_close()


def test_an_admin_rejudges_a_submission(stack, home):
    db = stack.db
    token = stack.add_user("cli-dave")
    admin = add_user(db, "cli-admin", admin=True)[1]
    submitted = stack.submit(token, RIGHT)
    first = stack.wait(submitted.json()["id"])
    assert first["status"] == "accepted"
    again = CliRunner().invoke(
        main,
        ["rejudge", str(first["id"])],
        env={**home, "JUDGE_URL": stack.url, "JUDGE_TOKEN": admin},
    )
    assert again.exit_code == 0 and f"queued again: {first['id']}" in again.stdout, again.output
    second = stack.wait(first["id"])
    assert second["status"] == "accepted" and second["attempts"] == 1

    reference = (stack.settings.challenges_dir / "knn" / "reference.py").read_text()
    stack.wait(stack.submit(token, reference, "knn").json()["id"])
    with db.session() as session:
        knn = set(session.scalars(select(Submission.id).where(Submission.challenge == "knn")))
    everything = CliRunner().invoke(
        main,
        ["rejudge", "--challenge", "knn"],
        env={**home, "JUDGE_URL": stack.url, "JUDGE_TOKEN": admin},
    )
    assert everything.exit_code == 0, everything.output
    listed = everything.stdout.split(":", 1)[1]
    assert {
        int(i) for i in listed.replace("nothing (no submissions)", "").split(",") if i.strip()
    } == knn
    for submission_id in knn:
        assert stack.wait(submission_id)["status"] not in IN_FLIGHT


def test_an_admin_rescores_a_board_after_new_hardware(stack, home):
    """``judge rejudge --scores-only``: accepted submissions timed again with their reference,
    on the machine that takes them; verdicts, cases and attempts stay; others are not taken."""
    db = stack.db
    token = stack.add_user("cli-erin")
    admin = add_user(db, "cli-admin-2", admin=True)[1]
    right = stack.wait(stack.submit(token, RIGHT).json()["id"])
    wrong = stack.wait(stack.submit(token, sources.ZEROS).json()["id"])
    assert right["status"] == "accepted" and right["scored_on"], right
    assert wrong["status"] == "wrong_answer"
    with db.session() as session:  # as if timed on other hardware
        row = session.get(Submission, right["id"])
        row.score, row.reference_ms, row.scored_on = 42.0, 1.0, "an old machine"
        session.commit()
    env = {**home, "JUDGE_URL": stack.url, "JUDGE_TOKEN": admin}
    # One submission of the board at a time here: the session's board holds many.
    rescored = CliRunner().invoke(main, ["rejudge", str(right["id"]), "--scores-only"], env=env)
    assert rescored.exit_code == 0 and f"timed again: {right['id']}" in rescored.output
    skipped = CliRunner().invoke(main, ["rejudge", str(wrong["id"]), "--scores-only"], env=env)
    assert "nothing (no accepted submissions)" in skipped.output, skipped.output

    def scored_again() -> dict | None:
        body = requests.get(f"{stack.url}/api/v1/submissions/{right['id']}", timeout=10).json()
        return body if body["scored_on"] != "an old machine" else None

    body = wait_for(scored_again, 120, "the submission timed again")
    assert body["status"] == "accepted" and body["attempts"] == right["attempts"]
    assert body["scored_on"] == right["scored_on"] and 0.3 < body["score"] < 3.0
    assert body["reference_ms"] > 1.0
    assert [c["verdict"] for c in body["cases"]] == [c["verdict"] for c in right["cases"]]
    unchanged = requests.get(f"{stack.url}/api/v1/submissions/{wrong['id']}", timeout=10).json()
    assert unchanged["cases"] == wrong["cases"]


def test_judge_serve_serves_the_api(stack, redis_server, tmp_path):
    port = free_port()
    env = {**os.environ, "JUDGE_DATA_DIR": str(tmp_path), "JUDGE_REDIS_URL": redis_server}

    def answer() -> requests.Response | None:
        try:
            return requests.get(f"http://127.0.0.1:{port}/api/v1/challenges", timeout=2)
        except (requests.ConnectionError, requests.Timeout):  # not up yet, or still loading
            return None

    server = subprocess.Popen(
        [sys.executable, "-m", "judge.cli", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        answered = wait_for(answer, 30, "judge serve to answer", interval=0.2)
        assert answered.status_code == 200 and "matmul" in answered.text
    finally:
        server.terminate()
        server.wait(10)


# Wrong solutions whose packages' checkers say more than a comparison of values would: an
# optimiser that rebinds the list's slots, attention's fully masked rows. And one of the default
# checker's, for the rest.
SAME_MISTAKE = [
    ("adam", "wrong/rebinds_slots.py"),
    ("sgd_momentum", "wrong/rebinds_slots.py"),
    ("attention", "wrong/nan_fully_masked.py"),
    ("attention", "wrong/uniform_fully_masked.py"),
    ("matmul", "wrong/always_float.py"),
]


def test_judge_test_and_the_server_word_a_mistake_the_same(stack, home):
    """`judge test`'s local run and the worker give each public example the same verdict and
    the same message: one checker, the package's own, on the server for both."""
    from judge.client import ApiClient
    from judge.local import Kit, run_examples, server_checker

    token = stack.add_user("same-words")
    client = ApiClient(stack.url, token)
    submitted = {}
    for slug, wrong in SAME_MISTAKE:
        source = (stack.settings.challenges_dir / slug / wrong).read_text()
        submitted[slug, wrong] = stack.submit(token, source, slug).json()["id"]
    for slug, wrong in SAME_MISTAKE:
        source = (stack.settings.challenges_dir / slug / wrong).read_text()
        kit = Kit.from_json(client.kit(slug))
        kit.checker = server_checker(client, slug)
        here = {c.name: (c.verdict.value, c.message) for c in run_examples(kit, source).cases}
        judged = stack.wait(submitted[slug, wrong])
        there = {c["name"]: (c["verdict"], c["message"]) for c in judged["cases"] if c["public"]}
        assert here == there, f"{slug}/{wrong}"
        assert any(verdict == "wrong_answer" for verdict, _ in here.values()), f"{slug}/{wrong}"


@pytest.fixture(scope="module")
def judged_wrong(stack):
    """A user with one rejected submission whose message is long: a table worth narrowing."""
    token = stack.add_user("narrow-erin")
    source = (stack.settings.challenges_dir / "adam" / "wrong" / "rebinds_slots.py").read_text()
    return token, stack.wait(stack.submit(token, source, "adam").json()["id"])


def words_on_screen(received: str) -> set[str]:
    """Every word the terminal shows, table cells split at their borders."""
    return set(re.split(r"[\s│┃]+", screen(received)))


@pytest.mark.parametrize("columns", [80, 60])
def test_on_a_narrow_terminal_what_a_user_types_is_whole(stack, home, judged_wrong, columns):
    """A slug, a submission's id, a case's name are what a candidate types or looks up next: on
    a terminal of 80 or 60 columns every table's other columns wrap or give way, and each table
    still fits the terminal."""
    token, judged = judged_wrong
    env = {**home, "JUDGE_URL": stack.url, "JUDGE_TOKEN": token}
    catalogue = requests.get(f"{stack.url}/api/v1/challenges", timeout=10).json()["challenges"]
    expected = {
        "challenges": {c["slug"] for c in catalogue},
        "submissions": {str(judged["id"]), "adam", "wrong_answer"},
        "status": {word for case in judged["cases"] for word in case["name"].split()},
    }
    for command, whole in expected.items():
        received = on_a_terminal(env, command, columns=columns)
        assert whole <= words_on_screen(received), f"judge {command}:\n{screen(received)}"
        table = [line for line in screen(received).splitlines() if re.search("[│┃━─]", line)]
        assert table and max(map(len, table)) <= columns, f"judge {command}:\n{screen(received)}"
    listing = screen(on_a_terminal(env, "challenges", columns=columns))
    header = next(line for line in listing.splitlines() if "slug" in line)
    assert "device" not in header, "every challenge runs on the CPU: the column says nothing"


def test_status_and_test_without_an_id_or_a_file(stack, home, tmp_path, monkeypatch):
    """`judge status` alone shows the latest submission, `judge test SLUG` alone runs the file
    `judge init SLUG` wrote; where there is none, the message says exactly what to type."""
    monkeypatch.chdir(tmp_path)
    token = stack.add_user("cli-dora")
    env = {**home, "JUDGE_URL": stack.url, "JUDGE_TOKEN": token}
    cli = CliRunner()

    none_yet = cli.invoke(main, ["status"], env=env)
    assert none_yet.exit_code == Exit.USAGE
    assert "judge submit SLUG FILE" in one_line(none_yet) and "judge status ID" in one_line(
        none_yet
    )
    first = stack.wait(stack.submit(token, ALWAYS_FLOAT).json()["id"])
    latest = stack.wait(stack.submit(token, RIGHT).json()["id"])
    shown = cli.invoke(main, ["status"], env=env)
    assert shown.exit_code == Exit.OK, shown.output
    assert f"submission {latest['id']}: matmul by cli-dora" in shown.stdout
    assert f"submission {first['id']}:" not in shown.stdout

    no_file = cli.invoke(main, ["test", "matmul"], env=env)
    assert no_file.exit_code == Exit.USAGE
    assert "no matmul.py here" in one_line(no_file)
    assert "'judge test matmul FILE'" in one_line(no_file) and "'judge init matmul'" in one_line(
        no_file
    )
    assert cli.invoke(main, ["init", "matmul"], env=env).exit_code == Exit.OK
    (tmp_path / "matmul.py").write_text(RIGHT)
    tested = cli.invoke(main, ["test", "matmul"], env=env)
    assert tested.exit_code == Exit.OK, tested.output
    assert "all 4 public examples passed" in tested.stdout
