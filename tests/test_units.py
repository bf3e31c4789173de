"""Pure logic: verdict order and settings layers."""

from __future__ import annotations

from pathlib import Path

import pytest

from judge.config import Settings
from judge.errors import ConfigError
from judge.verdicts import Verdict, most_severe, submission_verdict


def test_submission_verdict_is_the_first_failing_case():
    cases = [Verdict.ACCEPTED, Verdict.WRONG_ANSWER, Verdict.TIME_LIMIT_EXCEEDED]
    assert submission_verdict(cases) is Verdict.WRONG_ANSWER
    assert submission_verdict([Verdict.ACCEPTED, Verdict.SKIPPED]) is Verdict.ACCEPTED


def test_memory_beats_a_crash_for_the_same_case():
    found = [Verdict.RUNTIME_ERROR, Verdict.MEMORY_LIMIT_EXCEEDED]
    assert most_severe(found) is Verdict.MEMORY_LIMIT_EXCEEDED


def test_states_are_not_final():
    assert not Verdict.QUEUED.is_final and not Verdict.RUNNING.is_final
    assert Verdict.ACCEPTED.is_final and Verdict("internal_error").is_final


def test_settings_layers():
    env = {"JUDGE_API_PORT": "9000", "JUDGE_DATA_DIR": "/srv/judge", "JUDGE_SANDBOX_CPUS": "2"}
    settings = Settings.load(env, api_port=9100)
    assert settings.api_port == 9100  # explicit beats environment
    assert settings.data_dir == Path("/srv/judge") and settings.sandbox_cpus == 2.0
    assert settings.database == "sqlite:////srv/judge/judge.db"
    assert (
        Settings.load({"JUDGE_DATABASE_URL": "postgresql://h/db"}).database == "postgresql://h/db"
    )


def test_the_settings_file_sits_between_the_defaults_and_the_environment(tmp_path, monkeypatch):
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "judge.env").write_text(
        "# scripts/up's\nJUDGE_API_PORT=8123\n\nJUDGE_DATA_DIR=/srv/stack\nJUDGE_URL=ignored\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JUDGE_SETTINGS_FILE", raising=False)
    monkeypatch.setenv("JUDGE_DATA_DIR", "/srv/mine")
    settings = Settings.load()  # the process's own environment: the working folder's file
    assert settings.api_port == 8123 and settings.data_dir == Path("/srv/mine")
    assert Settings.load({}).api_port == 8000  # a given environment is the whole one
    named = {"JUDGE_SETTINGS_FILE": str(tmp_path / "var" / "judge.env")}
    assert Settings.load(named).api_port == 8123
    monkeypatch.setenv("JUDGE_SETTINGS_FILE", "")  # none
    assert Settings.load().api_port == 8000


def test_a_malformed_settings_file_names_its_line(tmp_path):
    path = tmp_path / "judge.env"
    path.write_text("JUDGE_API_PORT=1\napi_port 2\n")
    with pytest.raises(ConfigError, match=r"judge.env, line 2"):
        Settings.load({"JUDGE_SETTINGS_FILE": str(path)})
    with pytest.raises(ConfigError, match="cannot read"):
        Settings.load({"JUDGE_SETTINGS_FILE": str(tmp_path / "missing.env")})


@pytest.mark.parametrize("env", [{"JUDGE_API_PORT": "eighty"}, {"JUDGE_MAX_MEMORY_MB": "1.5"}])
def test_malformed_settings_say_which(env):
    with pytest.raises(ConfigError, match=next(iter(env))):
        Settings.load(env)


def test_overrides_given_as_text_are_parsed_like_the_environment():
    settings = Settings.load({}, data_dir="/srv/x", api_port="81", sandbox_cpus="0.5")
    assert settings.data_dir == Path("/srv/x") and settings.api_port == 81
    assert settings.sandbox_cpus == 0.5


def test_unknown_override_is_refused():
    with pytest.raises(ConfigError):
        Settings.load({}, no_such_setting=1)


def test_the_deployment_secret_is_made_once_and_kept_private(tmp_path):
    settings = Settings.load({}, data_dir=tmp_path)
    assert "secret=" not in repr(Settings.load({"JUDGE_SECRET": "s" * 40}))
    key = settings.secret_key
    assert len(key) >= 32
    assert (tmp_path / "secret").stat().st_mode & 0o777 == 0o600
    assert Settings.load({}, data_dir=tmp_path).secret_key == key  # every process reads the same
    assert Settings.load({"JUDGE_SECRET": "s" * 40}, data_dir=tmp_path).secret_key == b"s" * 40


def test_a_truncated_secret_is_refused(tmp_path):
    (tmp_path / "secret").write_text("short")
    with pytest.raises(ConfigError, match="too short"):
        _ = Settings.load({}, data_dir=tmp_path).secret_key


def test_no_token_reads_as_a_command_line_option():
    from judge.users import new_token

    # token_urlsafe starts one token in 64 with "-": 2000 of them would hold some.
    tokens = [new_token() for _ in range(2000)]
    assert not [t for t in tokens if t.startswith("-")]
    assert len(set(tokens)) == len(tokens) and all(len(t) >= 43 for t in tokens)


def _imported_packages(folder: Path) -> dict[str, set[str]]:
    """By file under ``folder``: the top-level packages it imports, anywhere in it."""
    import ast

    found: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(folder.parent))] = names
    return found


def test_the_layers_hold():
    """``judge/`` is the domain: it imports neither the web nor the queue, nor the packages that
    adapt it to them (``api/``, ``workers/``); the tests may use everything, nothing uses them;
    the benchmarks start the stack through the harness (``harness/``), as the suite does."""
    root = Path(__file__).resolve().parent.parent
    outer = {"flask", "werkzeug", "celery", "kombu", "gunicorn", "api", "workers", "tests", "bench"}
    crossing = {
        path: sorted(names & outer)
        for path, names in _imported_packages(root / "judge").items()
        if names & outer
    }
    assert crossing == {}
    for layer in ("api", "workers", "harness", "bench"):
        uses = {p: n & {"tests", "bench"} for p, n in _imported_packages(root / layer).items()}
        uses = {p: n for p, n in uses.items() if n and not p.startswith("bench/")}
        assert uses == {}, layer
    # The benchmarks run the harness's stack, never the suite's code.
    assert not any("tests" in n for n in _imported_packages(root / "bench").values())
