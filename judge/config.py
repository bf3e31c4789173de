"""Settings in layers: the documented defaults below, then a settings file, then ``JUDGE_*``
variables, then arguments.

The settings file holds ``JUDGE_NAME=value`` lines. ``scripts/up`` writes the settings its stack
runs with to ``var/judge.env``, so that every ``judge`` command run from the checkout acts on that
stack (its database, its Redis), as the README's lines expect. ``JUDGE_SETTINGS_FILE`` names
another file, or none when empty.

Nothing is read at import time: call :meth:`Settings.load` where the settings are needed.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

from judge.errors import ConfigError

REPO_ROOT = Path(__file__).resolve().parent.parent
PREFIX = "JUDGE_"
#: The settings ``scripts/up`` writes, relative to the folder a command runs in (the checkout).
STACK_SETTINGS = Path("var") / "judge.env"
SETTINGS_FILE_VARIABLE = PREFIX + "SETTINGS_FILE"


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "judge"


@dataclasses.dataclass(frozen=True)
class Settings:
    """Every knob of the judge. Each field ``name`` is overridden by ``JUDGE_NAME``."""

    #: Where the SQLite database and other state live.
    data_dir: Path = dataclasses.field(default_factory=_default_data_dir)
    #: Any SQLAlchemy URL; empty means a SQLite file in ``data_dir``.
    database_url: str = ""
    #: The Celery broker and the progress-event channel.
    redis_url: str = "redis://127.0.0.1:6379/0"
    #: Folder holding one sub-folder per challenge package.
    challenges_dir: Path = REPO_ROOT / "challenges"
    #: Folder holding the runner Dockerfiles.
    runner_build_dir: Path = REPO_ROOT / "deploy" / "runner"
    #: Runner image to use; empty means the tag derived from the runner's own code.
    runner_image: str = ""
    #: The same for PyTorch packages' runner image (``framework = "torch"``).
    torch_runner_image: str = ""
    #: Docker engine address; empty means the SDK's default (``DOCKER_HOST`` or the local socket).
    docker_url: str = ""
    #: Where ``judge serve`` listens.
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    #: The address people reach the judge at (``https://judge.example/``), for the links the
    #: judge hands out beyond a request: a candidate's invitation from ``judge assessments
    #: invite``. Empty: ``http://{api_host}:{api_port}/``. (The API builds its links from the
    #: address each request came to.)
    public_url: str = ""
    #: Largest accepted source, in bytes (larger is rejected with 413).
    max_source_bytes: int = 256 * 1024
    #: Operator maximums: a challenge's limits are clamped to these.
    max_case_time_s: float = 30.0
    max_memory_mb: int = 4096
    max_output_mb: int = 64
    #: Resources of one sandbox.
    sandbox_cpus: float = 1.0
    sandbox_pids: int = 64
    sandbox_tmpfs_mb: int = 64
    #: CPU sets of the worker slots, one per slot separated by ``;`` (``"0-1;2-3"``); empty:
    #: ``ceil(sandbox_cpus)`` CPUs per slot, taken in order from those the worker may use.
    sandbox_cpusets: str = ""
    #: Keep a started sandbox waiting for the next submission in each worker slot (1) or not (0).
    warm_sandboxes: int = 1
    #: GPUs of the ``gpu`` queue's worker slots (``"0,1"``: slot i gets GPU i mod 2); empty: any.
    gpu_devices: str = ""
    #: The runner image of GPU challenges (``deploy/runner/Dockerfile.gpu``).
    gpu_runner_image: str = "judge-runner-gpu:latest"
    #: The OCI runtime of the sandboxes; empty is Docker's default (runc). ``runsc`` (gVisor) puts
    #: a user-space kernel between submissions and the host's (see SECURITY.md).
    sandbox_runtime: str = ""
    #: Where the worker makes each sandbox's inbox, the socket its request and answers go
    #: through (:mod:`judge.sandbox_inbox`): a directory the Docker engine sees at the same
    #: path (a worker in a container must share it with the host). Empty: the system's
    #: temporary directory. ``off``: through Docker's attach stream, nine times slower.
    sandbox_inbox_dir: str = ""
    #: Timing of the benchmark cases, once every other case passed: at least ``min_runs`` timed
    #: runs, then more until the relative standard error of the mean is under ``rse``, the
    #: budget (seconds per case) is spent, or ``max_runs`` are done. Each timed run has inputs of
    #: its own, drawn for the submission, and its output is checked; the input sets of one case
    #: take at most ``inputs_mb`` (fewer runs for large inputs, never under ``min_runs``).
    #: ``max_runs`` is 8: a score's spread comes from how the two sides' runs drift apart
    #: (docs/performance.md, "eighth pass"), which four more runs each did not narrow, and
    #: they cost a third of every accepted judging's timing, twice (the reference's too).
    benchmark_budget_s: float = 2.0
    benchmark_min_runs: int = 5
    benchmark_max_runs: int = 8
    benchmark_rse: float = 0.01
    benchmark_inputs_mb: int = 64
    #: A score below this (faster than the reference by more than its inverse) is flagged.
    min_plausible_score: float = 0.1
    #: 1: the reference's times on a pool are kept and reused, as below; 0 (the default): the
    #: reference is timed right after every accepted submission, and their runs pair. Paired
    #: in time, the two share the host's moment, and a host whose speed drifts from minute to
    #: minute (a VM's, where time the hypervisor gives others counts as the guest's CPU time)
    #: moves both alike. Reused, kept times made minutes earlier stand for the reference: on
    #: this project's VM, ``bench/scores.py``'s busy medians moved by up to 18% in two runs of
    #: three with reuse on, and by 3.8% at most in two without (docs/performance.md). Turn it
    #: on for a host where ``bench/scores.py`` keeps the medians within 5%: it saves the
    #: reference's timing, about half of a warm judging.
    reference_reuse: int = 0
    #: 1 (the default): with reuse off, the reference runs beside each submission from its
    #: go-ahead, and their timed runs take turns on the same sets (:mod:`judge.lockstep`): each
    #: pair moments apart, not seconds. 0: the reference is timed after the submission.
    reference_lockstep: int = 1
    #: A challenge's pool of timed input sets (:mod:`judge.timed_sets`), and with reuse on the
    #: reference's times on it, serve for at most ``reuse_s`` seconds and ``reuse_uses``
    #: submissions; the times only while the host's CPUs are about as busy as when they were
    #: timed (their busy share within ``load_drift``). Then the pool is drawn anew (and the
    #: reference timed again). ``reference_reuse_uses = 0`` draws one for every submission.
    reference_reuse_s: float = 1800.0
    reference_reuse_uses: int = 50
    reference_load_drift: float = 0.25
    #: How many times the reference is timed on a pool whose times are kept, run by run the
    #: median of them: the kept times pair with many submissions, so their noise is theirs.
    reference_timings: int = 3
    #: Kept times are reused once a later timing of the reference agrees with them within
    #: this share (their paired ratio), and kept as one with it: one timing alone may have met
    #: a moment of the host's that no submission will.
    reference_agreement: float = 0.1
    #: How much of the submission's stdout/stderr is kept for its owner.
    log_cap_bytes: int = 64 * 1024
    #: This worker host's name in its sandboxes' owner labels; empty: the machine's hostname. A
    #: worker removes only its own host's strays, so two worker hosts that share a machine or a
    #: Docker engine need names of their own.
    host_id: str = ""
    #: How often a worker removes the sandboxes whose owner process is gone, in seconds.
    stray_sweep_s: float = 30.0
    #: How often a worker tells the database it is still judging a submission, in seconds.
    heartbeat_s: float = 2.0
    #: A running submission whose worker has not told so for this long is sent again: the worker
    #: died (or lost the database). Keep it several heartbeats long.
    stale_after_s: float = 15.0
    #: A queued submission that the queue does not hold is sent again after this long: Redis lost
    #: its data, or the API stopped between storing it and sending it.
    queue_grace_s: float = 5.0
    #: How often every worker's sweeper looks for such submissions, in seconds.
    sweep_every_s: float = 2.0
    #: How long a worker keeps trying to claim a submission, and to record its verdict, while the
    #: database refuses (locked, restarting) before it leaves the submission to the sweeper, in
    #: seconds.
    record_retry_s: float = 60.0
    #: Times a submission is claimed for judging before it ends as ``internal_error`` instead:
    #: one whose judging kills its worker, or runs past the task's time limit, every time would
    #: otherwise be re-queued by the sweeper for ever.
    max_attempts: int = 3
    #: Quotas of each user but the admins (0: none): submissions in any one minute, and
    #: submissions waiting for their verdict at once. Past either, the API answers 429.
    submissions_per_minute: int = 30
    max_waiting_submissions: int = 20
    #: Runs of a challenge's public examples (the workspace's Run examples) each user but the
    #: admins may start in any one minute (0: no limit); apart from the submissions' quotas.
    example_runs_per_minute: int = 6
    #: Server-sent event streams one API process serves at once; each holds one of its threads
    #: (``judge serve`` and ``scripts/up`` give each process 16), so keep it well under that.
    max_event_streams: int = 8
    #: Of those, the most one client (by its address) holds at once.
    max_event_streams_per_client: int = 2
    #: How many proxies in front of the API append to ``X-Forwarded-For`` (and set
    #: ``X-Forwarded-Proto``): with 1 (one nginx or Caddy), a client's address is the one its
    #: proxy saw, so each client has its own share of the streams. 0: the headers are ignored
    #: (a client could write them), and every client behind a proxy is the proxy's address.
    trusted_proxies: int = 0
    #: An assessment's webhook (:mod:`judge.webhooks`): a delivery the receiver did not take
    #: (no 2xx answer) is tried again after this many seconds, then twice as long each time
    #: (at most an hour), and given up ("failed") after ``webhook_attempts`` tries.
    webhook_retry_s: float = 30.0
    webhook_attempts: int = 8
    #: Seeds the hidden cases together with each submission's own seed. Empty: a random secret
    #: kept in ``data_dir/secret``. Workers on several hosts must share one value. Each
    #: assessment's webhook secret is derived from it: changing it changes them all.
    secret: str = dataclasses.field(default="", repr=False)

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then the settings file, then ``JUDGE_*`` variables from ``environ``, then
        ``overrides``. A given ``environ`` is the whole environment: the stack's settings file in
        the working folder is read only for the process's own environment."""
        own_environment = environ is None
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        path = settings_file(environ, own_environment)
        layers = [read_settings_file(path), environ] if path else [environ]
        for layer in layers:
            for field in dataclasses.fields(cls):
                raw = layer.get(PREFIX + field.name.upper())
                if raw is not None and raw != "":
                    values[field.name] = _parse(field, raw)
        unknown = set(overrides) - {f.name for f in dataclasses.fields(cls)}
        if unknown:
            raise ConfigError(f"unknown settings: {', '.join(sorted(unknown))}")
        fields = {f.name: f for f in dataclasses.fields(cls)}
        for name, value in overrides.items():
            if value is not None:
                values[name] = _parse(fields[name], value) if isinstance(value, str) else value
        return cls(**values)

    @cached_property
    def secret_key(self) -> bytes:
        """The deployment's secret: the setting, else the one kept in (or created in) data_dir."""
        if self.secret:
            return self.secret.encode()
        path = self.data_dir / "secret"
        if not path.exists():
            _create_secret(path)
        try:
            key = path.read_text().strip()
        except OSError as exc:
            raise ConfigError(f"cannot read the secret in {path}: {exc}") from exc
        if len(key) < 32:
            raise ConfigError(f"the secret in {path} is too short; delete it or set JUDGE_SECRET")
        return key.encode()

    @property
    def public_base_url(self) -> str:
        """``public_url``, else the address ``judge serve`` listens at; ending in one ``/``."""
        host = f"[{self.api_host}]" if ":" in self.api_host else self.api_host  # IPv6
        base = self.public_url or f"http://{host}:{self.api_port}/"
        return base.rstrip("/") + "/"

    @property
    def database(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'judge.db'}"


def settings_file(environ: Mapping[str, str], look_in_working_folder: bool = True) -> Path | None:
    """The settings file to read: ``JUDGE_SETTINGS_FILE`` (none when it is empty), else the
    stack's ``var/judge.env`` in the working folder if there is one."""
    named = environ.get(SETTINGS_FILE_VARIABLE)
    if named is not None:
        return Path(named).expanduser() if named else None
    if look_in_working_folder and STACK_SETTINGS.is_file():
        return STACK_SETTINGS.resolve()
    return None


#: The settings that say where the state is; when none is given, the built-in default is used.
LOCATION_SETTINGS = (PREFIX + "DATABASE_URL", PREFIX + "DATA_DIR")


def named_location(environ: Mapping[str, str] | None = None) -> str | None:
    """What said where the database is: the settings file that was found, or the ``JUDGE_*``
    variable that names it; ``None`` when nothing did, and the built-in default (a SQLite file
    under the home folder) would be used. An operator command run outside the stack's checkout
    must not quietly act on that default instead of the stack."""
    own_environment = environ is None
    environ = os.environ if environ is None else environ
    path = settings_file(environ, own_environment)
    if path is not None:
        return f"the settings file {path}"
    for name in LOCATION_SETTINGS:
        if environ.get(name):
            return name
    return None


def read_settings_file(path: Path) -> dict[str, str]:
    """``JUDGE_NAME=value`` lines; blank lines and ``#`` comments are skipped. Names that are
    no setting are ignored, as in the environment (``JUDGE_URL`` is the command line's)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the settings file {path}: {exc}") from None
    values: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, equals, value = line.partition("=")
        if not equals or not name.strip().startswith(PREFIX):
            raise ConfigError(f"{path}, line {number}: expected JUDGE_NAME=value, got {line!r}")
        values[name.strip()] = value.strip()
    return values


def _create_secret(path: Path) -> None:
    """Written whole under a temporary name, then linked: a reader never sees half a secret."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".secret-{secrets.token_hex(8)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process made it first; theirs is the one
        finally:
            draft.unlink()
    except OSError as exc:
        raise ConfigError(f"cannot create the secret in {path}: {exc}") from exc


def _parse(field: dataclasses.Field, raw: str) -> Any:
    kind = field.type if isinstance(field.type, str) else field.type.__name__
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind == "Path":
            return Path(raw).expanduser()
    except ValueError:
        raise ConfigError(f"{PREFIX}{field.name.upper()}={raw!r} is not a valid {kind}") from None
    return raw
