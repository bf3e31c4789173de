"""The `judge` command without a server: operators' commands, help, exit codes, the config file,
and the failures that need no running judge."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from judge.cli import Exit, main
from judge.cli.profile import load_config, save_config, server
from judge.storage import Database
from judge.users import authenticate
from tests.conftest import free_port


def test_users_add_prints_a_working_token(tmp_path):
    runner = CliRunner()
    env = {"JUDGE_DATA_DIR": str(tmp_path)}
    added = runner.invoke(main, ["users", "add", "carol"], env=env)
    assert added.exit_code == 0, added.output
    token = added.stdout.strip()
    assert f"{tmp_path}/judge.db" in added.stderr  # which stack's database it wrote to
    db = Database(f"sqlite:///{tmp_path}/judge.db")
    assert authenticate(db, token).name == "carol"

    again = runner.invoke(main, ["users", "add", "carol"], env=env)
    assert again.exit_code == Exit.USAGE and "already exists" in again.stderr
    bad = runner.invoke(main, ["users", "add", "<script>"], env=env)
    assert bad.exit_code == Exit.USAGE and "user name" in bad.stderr

    assert "carol" in runner.invoke(main, ["users", "list"], env=env).output
    assert runner.invoke(main, ["users", "remove", "carol"], env=env).exit_code == 0
    gone = runner.invoke(main, ["users", "remove", "carol"], env=env)
    assert gone.exit_code == Exit.USAGE and "no user" in gone.stderr


def test_the_installed_command_runs(tmp_path):
    env = {**os.environ, "JUDGE_DATA_DIR": str(tmp_path)}
    judge = [sys.executable, "-m", "judge.cli"]
    init = subprocess.run([*judge, "db", "init"], env=env, capture_output=True, text=True)
    assert init.returncode == 0 and (tmp_path / "judge.db").exists()
    helped = subprocess.run([*judge, "--help"], env=env, capture_output=True, text=True)
    assert "Candidate commands" in helped.stdout and "Author and operator commands" in helped.stdout
    assert (
        helped.stdout.index("login") < helped.stdout.index("submit") < helped.stdout.index("users")
    ), "the candidate's loop first, in its order"


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize("command", list(_commands(main)), ids=" ".join)
def test_every_command_has_help_with_an_example(command):
    helped = CliRunner().invoke(main, [*command, "--help"])
    assert helped.exit_code == 0, helped.output
    target = main
    for name in command:
        target = target.commands[name]
    if isinstance(target, click.Group) and not target.invoke_without_command:
        return  # a plain group: its commands carry the examples
    assert "Example: judge " + " ".join(command) in helped.output
    shown = [line.strip() for line in helped.output.splitlines()]
    for example in _examples(target.help or ""):
        assert example in shown, f"{example!r} is not a line of its own:\n{helped.output}"


def _examples(docstring: str) -> list[str]:
    """The lines of a help text's example paragraph, each of which must print as a line."""
    paragraphs = [p.strip().removeprefix("\b").strip() for p in docstring.split("\n\n")]
    found = next((p for p in paragraphs if p.startswith("Example")), "")
    return [line.strip() for line in found.splitlines()]


def test_login_config_is_private_and_the_environment_overrides_it(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("JUDGE_URL", raising=False)
    monkeypatch.delenv("JUDGE_TOKEN", raising=False)
    path = save_config("http://judge.example:8000", 'to"ken\\')
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_config() == {"url": "http://judge.example:8000", "token": 'to"ken\\'}
    assert server() == ("http://judge.example:8000", 'to"ken\\')
    monkeypatch.setenv("JUDGE_URL", "other:9000/")
    monkeypatch.setenv("JUDGE_TOKEN", "t2")
    assert server() == ("http://other:9000", "t2")


def one_line(result) -> str:
    """The failure's message: one line, the last on stderr (status lines may come before it),
    and no traceback anywhere."""
    assert "Traceback" not in result.output, result.output
    lines = result.stderr.strip().splitlines()
    assert lines and lines[-1].startswith("Error: "), result.output
    assert sum(line.startswith("Error") for line in lines) == 1, result.output
    return lines[-1]


def test_failures_without_a_server_are_one_line(tmp_path):
    port = free_port()  # nothing listens there
    env = {
        "JUDGE_URL": f"http://127.0.0.1:{port}",
        "JUDGE_TOKEN": "",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    runner = CliRunner()
    unreachable = runner.invoke(main, ["challenges"], env=env)
    assert unreachable.exit_code == Exit.SERVER
    assert f"cannot reach the judge at http://127.0.0.1:{port}" in one_line(unreachable)

    source = tmp_path / "solution.py"
    source.write_text("def f():\n    pass\n")
    no_token = runner.invoke(main, ["submit", "matmul", str(source)], env=env)
    assert no_token.exit_code == Exit.AUTH and "judge login" in one_line(no_token)

    missing = runner.invoke(main, ["submit", "matmul", str(tmp_path / "nope.py")], env=env)
    assert missing.exit_code == Exit.USAGE and "no such file" in one_line(missing)
    latin = tmp_path / "latin.py"
    latin.write_bytes("# café\n".encode("latin-1"))
    not_utf8 = runner.invoke(main, ["test", "matmul", str(latin)], env=env)
    assert not_utf8.exit_code == Exit.USAGE and "not UTF-8" in one_line(not_utf8)
    folder = runner.invoke(main, ["test", "matmul", str(tmp_path)], env=env)
    assert folder.exit_code == Exit.USAGE and "folder" in one_line(folder)

    offline = runner.invoke(main, ["test", "matmul", str(source)], env=env)
    assert offline.exit_code == Exit.SERVER and "no examples" in one_line(offline)

    bad_url = runner.invoke(main, ["challenges"], env={**env, "JUDGE_URL": "ftp://x"})
    assert bad_url.exit_code == Exit.USAGE and "not an http(s) URL" in one_line(bad_url)
    login = runner.invoke(main, ["login", "--url", "127.0.0.1:1"], env=env, input="")
    assert login.exit_code == Exit.USAGE and "--token" in one_line(login)
    usage = runner.invoke(main, ["rejudge"], env=env)
    assert usage.exit_code == Exit.USAGE


def test_the_status_line_says_where_a_submission_is():
    from judge.cli.following import describe_progress

    head = {"id": 7, "challenge": "knn"}
    assert describe_progress({**head, "status": "queued", "queue_position": 3}) == (
        "submission 7 (knn): queued, position 3"
    )
    running = {**head, "status": "running"}
    assert describe_progress({**running, "progress": None}) == "submission 7 (knn): running"
    case = {"case": 2, "cases_total": 11, "case_name": "k-is-one", "phase": "started"}
    assert describe_progress({**running, "progress": case}).endswith(
        "running case 2 of 11 (k-is-one)"
    )
    timing = {**case, "case": 11, "case_name": "benchmark", "phase": "timing"}
    assert "timing case 11 of 11" in describe_progress({**running, "progress": timing})
    reference = {"phase": "timing the reference"}
    assert "timing the reference" in describe_progress({**running, "progress": reference})


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("accepted", Exit.OK),
        ("wrong_answer", Exit.REJECTED),
        ("time_limit_exceeded", Exit.REJECTED),
        ("invalid_submission", Exit.REJECTED),
        ("internal_error", Exit.SERVER),
        ("queued", Exit.PENDING),
        ("running", Exit.PENDING),
    ],
)
def test_each_verdict_has_its_exit_code(status, code):
    from judge.cli.server import verdict_exit

    assert verdict_exit(status) is code


def test_server_urls_are_normalised_or_refused():
    from judge.client import normalize_url

    assert normalize_url(" judge.example:8000/ ") == "http://judge.example:8000"
    assert normalize_url("https://judge.example/") == "https://judge.example"
    for bad in ("ftp://judge.example", "http://", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            normalize_url(bad)


def test_plain_tables_are_aligned_even_when_empty(capsys):
    from judge.cli.output import Output

    out = Output()
    out.table(["rank", "user"], [], title="knn")
    out.table(["rank", "user"], [[1, "alice\nbob"], [10, None]])
    assert capsys.readouterr().out.splitlines() == [
        "knn",
        "rank  user",
        "rank  user",
        "1     alice bob",
        "10",
    ]


def test_a_broken_config_file_is_named_and_login_replaces_it(tmp_path):
    config = tmp_path / "config" / "judge" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("url = [unclosed\n")
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "JUDGE_URL": "", "JUDGE_TOKEN": ""}
    broken = CliRunner().invoke(main, ["leaderboard"], env=env)
    assert broken.exit_code == Exit.USAGE and str(config) in one_line(broken)
    port = free_port()
    login = CliRunner().invoke(
        main, ["login", "--url", f"127.0.0.1:{port}", "--token", "t"], env=env
    )
    assert login.exit_code == Exit.SERVER and "cannot reach" in one_line(login)


def test_help_lists_every_exit_code():
    """`judge --help` lists the exit codes from their one definition: each code, its meaning."""
    helped = CliRunner().invoke(main, ["--help"])
    block = helped.output.split("Exit codes:\n", 1)[1].split("\n\n", 1)[0]
    listed = re.findall(r"^ +(\d) +(.*?)\n(?= +\d |\Z)", block + "\n", re.M | re.S)
    shown = {int(code): " ".join(text.split()) for code, text in listed}
    assert shown == {code.value: code.meaning for code in Exit}
    assert list(shown) == list(range(7)), "0 to 6, the quota's included"
