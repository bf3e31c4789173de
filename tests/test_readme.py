"""A newcomer's first hour, verbatim: ``./scripts/up`` in a copy of this checkout, then the
README's own lines against the stack it started, as a person would type them from the checkout.

The copy gets free ports (its Redis, its API) so that a stack already running from this checkout,
and the suite's own services, are left alone; the only change made to the README's lines is that
port. Its virtual environment is this checkout's (linked), so nothing is installed twice; the
environment must be up to date (``scripts/test`` sees to it).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from harness.processes import wait_for
from judge.config import REPO_ROOT
from judge.proving import declared_verdict
from judge.verdicts import IN_FLIGHT, Verdict
from tests.conftest import free_port

pytestmark = [pytest.mark.docker, pytest.mark.services, pytest.mark.timeout(900)]

README = (REPO_ROOT / "README.md").read_text()
NOT_COPIED = {".venv", "var", ".git", "__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache"}
VERDICTS = {v.value for v in Verdict}


def fenced(after_heading: str, language: str) -> str:
    """The first ``language`` code block after the heading."""
    section = README[README.index(after_heading) :]
    match = re.search(rf"```{language}\n(.*?)```", section, re.S)
    assert match, f"no {language} block after {after_heading!r} in README.md"
    return match.group(1)


def share_the_environment(venv: Path, copy: Path) -> None:
    """The copy's ``.venv`` is this one's contents, linked, with its own record of what was
    installed: were scripts/up in the copy to find it stale, its ``pip install -e`` would point
    the shared environment at the copy, which is deleted after."""
    copy.mkdir()
    for entry in venv.iterdir():
        if entry.name != ".installed":
            (copy / entry.name).symlink_to(entry)
    pyproject = (REPO_ROOT / "pyproject.toml").read_bytes()
    (copy / ".installed").write_text(hashlib.sha256(pyproject).hexdigest()[:16] + "\n")


class Checkout:
    """A copy of this checkout, its stack started by its own ``scripts/up``."""

    def __init__(self, root: Path, port: int, home: Path) -> None:
        self.root, self.port = root, port
        # A newcomer's shell: no JUDGE_* settings of the suite's, a config and cache of its own.
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("JUDGE_")}
        self.env.update(
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_CACHE_HOME=str(home / "cache"),
            XDG_DATA_HOME=str(home / "data"),
        )

    def shell(self, command: str, timeout: float = 300, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["bash", "-c", command],
            cwd=self.root,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def readme(self, text: str) -> str:
        """The README's line on this stack's port (the only change made to it)."""
        return text.replace("127.0.0.1:8000", f"127.0.0.1:{self.port}")


@pytest.fixture(scope="module")
def checkout(tmp_path_factory, runner_image) -> Iterator[Checkout]:
    base = tmp_path_factory.mktemp("newcomer")
    root = base / "judge"
    skip = lambda _, names: [n for n in names if n in NOT_COPIED]  # noqa: E731
    shutil.copytree(REPO_ROOT, root, ignore=skip, symlinks=True)
    share_the_environment(REPO_ROOT / ".venv", root / ".venv")
    copy = Checkout(root, free_port(), base)
    ports = {"JUDGE_API_PORT": str(copy.port), "JUDGE_REDIS_PORT": str(free_port())}
    copy.env.update(ports)  # the two commands' own variables (README: Configuration)
    up = copy.shell("./scripts/up", timeout=600)
    # Afterwards, the copy's stack is found through var/judge.env alone, as a newcomer's shell
    # would: only the port variables scripts/up reads were given, and they are not needed now.
    for name in ports:
        del copy.env[name]
    copy.up = up  # type: ignore[attr-defined]
    try:
        yield copy
    finally:
        down = copy.shell("./scripts/down", timeout=120)
        assert down.returncode == 0, down.stderr


def test_scripts_up_judges_every_example_as_expected(checkout):
    up = checkout.up
    assert up.returncode == 0, f"{up.stdout[-3000:]}\n{up.stderr[-3000:]}"
    table = up.stdout.split("judging some of the packages' own solutions", 1)[1]
    table = table.split("The judge is up.")[0]
    rows = [line.split() for line in table.splitlines() if line.endswith(".py") or ".py " in line]
    # The packages' own files, expecting what the packages are proven with: they cannot drift.
    for row in rows:
        assert declared_verdict(checkout.root / "challenges" / row[0]) == row[1], row[0]
        assert row[1] == row[2], f"{row[0]}: expected {row[1]}, got {row[2]}"
    assert len({row[0].split("/")[0] for row in rows}) >= 4, "several topics"
    # torch_vae's: a PyTorch package, which the worker routes to the PyTorch image.
    assert {"matmul", "feedforward", "dropout", "knn", "torch_vae"} <= {
        row[0].split("/")[0] for row in rows
    }
    kinds = {"accepted", "wrong_answer", "time_limit_exceeded", "runtime_error"}
    assert kinds <= {row[1] for row in rows}
    # Only the packages' right/ and wrong/ solutions: a reference is no example.
    script = checkout.root / "scripts" / "submit_examples.py"
    python = str(checkout.root / ".venv" / "bin" / "python")
    copy = subprocess.run(
        [python, str(script), "--url", "http://127.0.0.1:9", "--token", "t", "matmul/reference.py"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert copy.returncode != 0 and "not a solution of a package" in copy.stderr
    assert not (checkout.root / "examples").exists(), "no copies of the packages' solutions"
    settings = (checkout.root / "var" / "judge.env").read_text()
    assert f"JUDGE_API_PORT={checkout.port}" in settings
    assert oct((checkout.root / "var" / "judge.env").stat().st_mode & 0o777) == "0o600"


def test_the_lines_scripts_up_prints_work(checkout):
    """``Try the candidate's loop as the demo user:`` and the lines after it, verbatim."""
    lines = checkout.up.stdout.split("Try the candidate's loop as the demo user:", 1)[1]
    commands = [line.strip() for line in lines.splitlines() if line.strip()]
    assert len(commands) == 2
    login = checkout.shell(commands[0])
    assert login.returncode == 0, login.stderr
    assert login.stdout.startswith(f"logged in to http://127.0.0.1:{checkout.port} as demo")
    listed = checkout.shell(commands[1])
    assert listed.returncode == 0, listed.stderr
    header, *rows = listed.stdout.splitlines()
    column = header.split().index("slug")
    slugs = {row.split()[column] for row in rows}
    assert slugs == {p.parent.name for p in (REPO_ROOT / "challenges").glob("*/challenge.toml")}


def test_submitting_over_http_as_the_readme_shows(checkout):
    """The operator makes alice with the README's line; her token works on the running stack."""
    block = checkout.readme(fenced("## Submitting over HTTP", "sh"))
    steps = commands_with_answers(block)
    assignment, *requests_ = steps
    name, command = re.fullmatch(r"(\w+)=\$\((.*)\)\s*(#.*)?", assignment[0]).group(1, 2)
    made = checkout.shell(command)
    assert made.returncode == 0, made.stderr
    assert "var/judge.db" in made.stderr  # it says which stack's database it wrote to
    env = {name: made.stdout.strip()}
    submission_id = None
    for command, shown in requests_:
        if submission_id is not None:
            command = command.replace("/submissions/7", f"/submissions/{submission_id}")
        answer = _json(checkout.shell(command, **env))
        if '"status": "queued"' not in shown:
            answer = _until_final(checkout, command, env, answer)
        assert "error" not in answer, answer
        assert set(re.findall(r'"(\w+)":', shown)) <= set(answer) | _nested_keys(answer), shown
        submission_id = answer.get("id", submission_id)
    board = answer
    assert board["entries"] and any(e["user"] == "alice" for e in board["entries"])


def test_the_quick_start_session(checkout, tmp_path):
    """The Quick start's console session, command by command: each exits as shown, and each
    line it shows that names something (a slug, an example, a verdict) is there."""
    token = checkout.shell(".venv/bin/judge users add bob").stdout.strip()
    env = {"TOKEN": token, "PATH": f"{checkout.root / '.venv' / 'bin'}:{os.environ['PATH']}"}
    session = checkout.readme(fenced("## Quick start", "console"))
    last = None
    for command, shown in console_steps(session):
        if command == "echo $?":
            assert last is not None and str(last.returncode) == shown[0], (last.stderr, shown)
            continue
        returns = re.search(r"#.*solution\.py returns (.+)$", command)
        if returns:
            (checkout.root / "solution.py").write_text(
                f"import numpy as np\n\n\ndef matrix_multiplication(A, B):\n"
                f"    return {returns.group(1)}\n"
            )
        command = re.sub(r"\s+#\s.*$", "", command)
        last = checkout.shell(command, timeout=400, **env)
        said = last.stdout + last.stderr
        failed = any(line.startswith("Error:") for line in shown)
        assert (last.returncode != 0) == failed, f"$ {command}\n{said}"
        for expected in shown:
            _assert_shown(expected, said, command)


def test_running_an_interview_as_the_readme_shows(checkout):
    """The interviewer's lines, verbatim (the assessment's id as ``create`` printed it); then the
    link they print, opened as a candidate's browser opens it: the page posts the code from the
    fragment, Start, a submission from the workspace; the CSV report shows it accepted."""
    steps = commands_with_answers(checkout.readme(fenced("## Run an interview", "sh")))
    said: dict[str, str] = {}
    assessment_id = None
    for command, shown in steps:
        command = re.sub(r"\s+#\s.*$", "", command)
        if assessment_id is not None:
            command = re.sub(r"(assessments \w+) 1\b", rf"\1 {assessment_id}", command)
        done = checkout.shell(command)
        assert done.returncode == 0, f"$ {command}\n{done.stderr}"
        verb = command.split()[1:3]
        said[" ".join(verb)] = done.stdout
        if verb == ["assessments", "create"]:
            assessment_id = int(done.stdout.split()[0])
            assert shown.strip().isdigit(), "the README shows the id it prints"
        if verb == ["assessments", "invite"]:
            link = done.stdout.strip()
            assert re.fullmatch(r"http://127\.0\.0\.1:\d+/invite#[\w-]+", link), link
            base, code = link.split("/invite#")
            assert shown.split("#")[0] == link.split("#")[0], "the README shows such a link"
    assert "Ada Lovelace" in said["assessments report"]  # invited, not started yet

    browser = requests.Session()  # the candidate's: cookies kept, as a browser keeps them
    form = browser.get(f"{base}/invite", timeout=10).text
    opened = browser.post(f"{base}/invite", data={"code": code, "csrf": _csrf(form)}, timeout=10)
    assert opened.url.endswith("/interview"), opened.text[:500]
    started = browser.post(f"{base}/interview/start", data={"csrf": _csrf(opened.text)}, timeout=10)
    assert 'id="clock"' in started.text
    right = (checkout.root / "challenges" / "matmul" / "right" / "dot.py").read_text()
    made = browser.post(
        f"{base}/challenges/matmul/submissions",
        json={"source": right},
        headers={"X-CSRF-Token": _csrf(started.text)},
        timeout=10,
    )
    assert made.status_code == 202, made.text

    def reported() -> list[dict] | None:
        csv_text = checkout.shell(f".venv/bin/judge assessments report {assessment_id} --csv")
        rows = list(csv.DictReader(io.StringIO(csv_text.stdout)))
        return rows if rows and rows[0]["matmul verdict"] not in ("", "judging") else None

    rows = wait_for(reported, 150, "the submission in the report", interval=1)
    assert rows[0]["candidate"] == "Ada Lovelace" and rows[0]["matmul verdict"] == "accepted"
    assert rows[0]["state"] == "in_progress" and rows[0]["softmax attempts"] == "0"


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def commands_with_answers(block: str) -> list[tuple[str, str]]:
    """Shell commands (continued lines joined) and the ``# ...`` answer shown below each."""
    steps: list[tuple[str, str]] = []
    for line in block.replace("\\\n", " ").splitlines():
        if line.startswith("#"):
            command, shown = steps[-1]
            steps[-1] = (command, shown + line[1:].strip())
        elif line.strip():
            steps.append((line.strip(), ""))
    return steps


def console_steps(session: str) -> list[tuple[str, list[str]]]:
    steps: list[tuple[str, list[str]]] = []
    for line in session.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:].strip(), []))
        elif steps:
            steps[-1][1].append(line)
    return steps


def _assert_shown(expected: str, said: str, command: str) -> None:
    """A shown line whose first word has no digits (a name, not an id or a time) starts some
    line of the output; with a verdict as its second word, that verdict too."""
    words = expected.split()
    if not words or any(c.isdigit() for c in words[0]) or words[0].startswith("..."):
        return
    if "(hidden)" in expected:
        return  # a hidden case: drawn per submission
    prefix = words[:2] if len(words) > 1 and words[1] in VERDICTS else words[:1]
    found = any(line.split()[: len(prefix)] == prefix for line in said.splitlines())
    assert found, f"$ {command}: no line starting {' '.join(prefix)!r} in:\n{said}"


def _json(result: subprocess.CompletedProcess) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _until_final(checkout: Checkout, command: str, env: dict, answer: dict) -> dict:
    """The README shows a verdict: ask again, with the same line, until the judge has one."""
    if answer.get("status") not in IN_FLIGHT:
        return answer

    def final() -> dict | None:
        again = _json(checkout.shell(command, **env))
        return again if again.get("status") not in IN_FLIGHT else None

    return wait_for(final, 150, f"a verdict from: {command}", interval=0.5)


def _nested_keys(answer: dict) -> set[str]:
    keys: set[str] = set()
    for value in answer.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                keys |= set(item)
    return keys
