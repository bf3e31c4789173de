"""The Docker implementation of :class:`~judge.sandbox.Sandbox`: a fresh, locked-down container
of the runner image for every run, optionally started ahead of its submission (warm).

The Docker client library is imported here, once: only what runs sandboxes (the worker, ``judge
challenges check``, ``judge submissions reproduce``) loads it; the API and the candidates'
commands never do.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import os
import re
import secrets
import select
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import docker
import docker.errors
from docker.types import DeviceRequest, LogConfig, Ulimit

from judge.docker_session import AttachedRun, attach
from judge.errors import SandboxError, SandboxUnavailable
from judge.sandbox import (
    Limits,
    Listener,
    SandboxRun,
    is_stray,
    owner_id,
    parse_cpuset,
    slot_cpuset,
    slot_gpu,
)

if TYPE_CHECKING:
    from judge.config import Settings

log = logging.getLogger(__name__)

LABEL = "io.judge.sandbox"
# "<host>:<pid>" of the process that made the container: a stray is one whose owner is gone.
OWNER_LABEL = "io.judge.owner"
# On a container started ahead of its submission (see ``DockerSandbox(warm=True)``).
WARM_LABEL = "io.judge.warm"
DEFAULT_SOCKET = "unix:///var/run/docker.sock"
RUNNER_USER = "10001:10001"


# How long the engine may take to answer whether it is still there, after a failed run.
ENGINE_PROBE_S = 5.0


def _started(run: SandboxRun, session: AttachedRun, began: float) -> SandboxRun:
    """The run, with how long its sandbox took to be ready."""
    if session.ready_at is None:
        return run
    return dataclasses.replace(run, start_s=session.ready_at - began)


class DockerSandbox:
    """A fresh, locked-down container of the runner image for every run.

    ``cpuset`` pins every container to those CPUs (one worker slot's: concurrent runs then do not
    disturb each other's timing), ``gpu`` names the device a GPU run gets (empty: any one).

    With ``warm``, the next container is created and started in the background after each run,
    its runner waiting for a request with NumPy already imported: the next run skips the start.
    It is made exactly as a cold one would be, only its memory limit is set when it is taken,
    and it serves one run and is removed like any other.

    Holds one Docker client for its lifetime; ``close()`` it (or use it as a context manager).
    """

    def __init__(
        self,
        image: str,
        docker_url: str = "",
        runtime: str = "",
        cpuset: str = "",
        gpu: str = "",
        warm: bool = False,
        host: str = "",
    ) -> None:
        self.image = image
        self.docker_url = docker_url
        self.runtime = runtime  # an OCI runtime such as gVisor's runsc; empty: Docker's default
        self.cpuset = cpuset
        self.gpu = gpu
        self.warm = warm
        self.host = host  # the worker host's name in the owner label; empty: the machine's
        self._client: Any = None
        self._background: Any = None  # the client of warm containers
        self._remover: Any = None  # the warming thread's own, for removing used ones
        self._unremoved: list[str] = []  # used containers not removed yet
        self._unremoved_lock = threading.Lock()
        self._ready: _Warm | None = None
        self._warming: threading.Thread | None = None
        self._warmed = threading.Event()  # set once the warming thread has started its container
        #: Told, after each run, how long it waited for its container to be ready, in seconds
        #: (a warm one's: taking it; a cold one's: creating and starting it).
        self.on_start: Callable[[float], None] | None = None

    @classmethod
    def for_settings(
        cls, image: str, settings: Settings, slot: int | None = None, gpu: bool = False
    ) -> DockerSandbox:
        """Sandboxes of ``image`` on the operator's engine and runtime; for a worker ``slot``,
        pinned to its CPUs and warmed as the settings say."""
        cpus = max(1, math.ceil(settings.sandbox_cpus))
        cpuset = slot_cpuset(slot, cpus, settings.sandbox_cpusets) if slot is not None else ""
        return cls(
            image,
            settings.docker_url,
            settings.sandbox_runtime,
            cpuset=cpuset,
            gpu=slot_gpu(slot, settings.gpu_devices) if gpu else "",
            warm=bool(settings.warm_sandboxes) and slot is not None,
            host=settings.host_id,
        )

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = connect(self.docker_url)
        return self._client

    def run(
        self,
        request: bytes,
        limits: Limits,
        labels: dict[str, str] | None = None,
        on_stdout: Listener | None = None,
    ) -> SandboxRun:
        container = None
        session = None
        began = time.monotonic()
        try:
            warm = self._take_warm(limits)
            if warm is not None:
                container = warm.container
                _rename(container, labels or {})
                session = AttachedRun(container, container.client.api, limits, on_stdout)
                return _started(session.run(request, attached=warm.attached), session, began)
            container = self.client.containers.create(**self._config(limits, labels or {}))
            session = AttachedRun(container, self.client.api, limits, on_stdout)
            return _started(session.run(request), session, began)
        except docker.errors.ImageNotFound as exc:
            raise SandboxError(f"runner image {self.image!r} is missing: {_explain(exc)}") from exc
        except docker.errors.DockerException as exc:
            self._unless_engine_gone(container, exc)
            raise SandboxError(f"Docker failed: {_explain(exc)}") from exc
        except OSError as exc:
            self._unless_engine_gone(container, exc)
            raise SandboxError(f"lost the connection to the sandbox: {exc}") from exc
        finally:
            if session is not None and session.ready_at is not None and self.on_start:
                self.on_start(session.ready_at - began)
            if self.warm:
                self._warm_next(container, limits)
            elif container is not None:
                self._to_remove(container.id)
                self._remove_used()

    def _unless_engine_gone(self, container: Any, exc: Exception) -> None:
        """Raise :class:`SandboxUnavailable` if the engine does not answer now: the run failed
        because the engine went (stopped, restarting), and the submission waits for its return.
        """
        try:
            connect(self.docker_url, timeout=ENGINE_PROBE_S).close()
        except SandboxUnavailable as gone:
            self._client = None  # a fresh client once it is back
            raise SandboxUnavailable(f"{gone} ({exc})", cut_short=container is not None) from exc

    def prewarm(self, limits: Limits) -> None:
        """Start the first warm container (of ``limits``' shape) now, rather than after a run."""
        if self.warm and self._ready is None and self._warming is None:
            self._warm_next(None, limits)

    def _take_warm(self, limits: Limits) -> _Warm | None:
        """The warm container, if one fits this run and is still waiting; else ``None``."""
        if self._warming is not None:
            self._warmed.wait(timeout=WARM_WAIT_S)
        ready, self._ready = self._ready, None
        if ready is None:
            return None
        try:
            if ready.shape == limits.container_shape() and ready.waiting():
                memory = f"{limits.memory_mb}m"
                ready.container.update(mem_limit=memory, memswap_limit=memory)
                return ready
        except Exception as exc:  # it died, or the engine refused: a cold one will do
            log.warning("warm sandbox unusable, starting a cold one: %s", _explain(exc))
        ready.discard(self._to_remove)
        return None

    def _warm_next(self, used: Any, limits: Limits) -> None:
        """In the background: start the next container, then remove the one just used (the next
        submission may be waiting for the first, nobody for the second). One such thread at a
        time, so that its Docker client is never shared."""
        if self._warming is not None:
            self._warming.join()  # its removal, long started
        self._warmed.clear()

        def work() -> None:
            try:
                if self._background is None:
                    self._background = connect(self.docker_url)
                config = self._config(limits, {})
                self._ready = _Warm.start(self._background, config, limits, self._to_remove)
            except Exception as exc:  # the next run starts cold, and says nothing worse
                log.warning("could not start a warm sandbox: %s", _explain(exc))
            finally:
                self._warmed.set()
            if used is not None:
                self._to_remove(used.id)
            self._remove_used()

        self._warming = threading.Thread(target=work, name="judge-warm-sandbox", daemon=True)
        self._warming.start()

    def _to_remove(self, container_id: str) -> None:
        with self._unremoved_lock:  # the warming thread and a run both add to it
            self._unremoved.append(container_id)

    def _remove_used(self) -> None:
        """Remove the used containers, and keep those the engine could not be asked to remove
        (it is restarting, say) for the next time: left, they would be strays only once this
        process is gone."""
        with self._unremoved_lock:
            taken, self._unremoved[:] = list(self._unremoved), []
        left = []
        for container_id in taken:
            try:
                if self._remover is None:
                    self._remover = connect(self.docker_url)
                _remove_by_id(self._remover, container_id)
            except Exception as exc:
                log.error("could not remove sandbox %s yet: %s", container_id[:12], _explain(exc))
                self._remover = None  # a fresh client next time
                left.append(container_id)
        with self._unremoved_lock:
            self._unremoved.extend(left)

    def close(self) -> None:
        if self._warming is not None:
            self._warming.join(timeout=WARM_WAIT_S)
        if self._ready is not None:
            self._ready.discard(self._to_remove)
            self._ready = None
        self._remove_used()
        for client in (self._client, self._background, self._remover):
            if client is not None:
                client.close()
        self._client = self._background = self._remover = None

    def __enter__(self) -> DockerSandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _config(self, limits: Limits, labels: dict[str, str]) -> dict[str, Any]:
        # The BLAS libraries start one thread per CPU they may use, and no more.
        threads = str(len(parse_cpuset(self.cpuset)) if self.cpuset else max(1, int(limits.cpus)))
        mib = 1024 * 1024
        extra: dict[str, Any] = {"runtime": self.runtime} if self.runtime else {}
        if self.cpuset:
            extra["cpuset_cpus"] = self.cpuset
        if limits.gpus:
            ids = {"device_ids": [self.gpu]} if self.gpu else {"count": limits.gpus}
            extra["device_requests"] = [DeviceRequest(**ids, capabilities=[["gpu"]])]
        return {
            **extra,
            "name": container_name(labels),
            "image": self.image,
            "stdin_open": True,
            "detach": True,
            "user": RUNNER_USER,
            "working_dir": "/tmp",
            "network_mode": "none",
            "read_only": True,
            "tmpfs": {"/tmp": f"rw,nosuid,nodev,noexec,size={limits.tmpfs_mb}m,mode=1777"},
            "cap_drop": ["ALL"],
            "security_opt": ["no-new-privileges:true"],
            "mem_limit": f"{limits.memory_mb}m",
            "memswap_limit": f"{limits.memory_mb}m",  # equal: no swap to hide in
            "pids_limit": limits.pids,
            "nano_cpus": int(limits.cpus * 1e9),
            "ipc_mode": "private",
            # Its own cgroup namespace, which Docker gives by default only on a cgroup v2 engine:
            # the container sees no host path, and the runner reads its own cgroup's record.
            "cgroupns": "private",
            "ulimits": [
                Ulimit(name="nofile", soft=limits.open_files, hard=limits.open_files),
                Ulimit(
                    name="fsize", soft=limits.file_size_mb * mib, hard=limits.file_size_mb * mib
                ),
                Ulimit(name="core", soft=0, hard=0),
                # Fixed rather than inherited from the engine, so a C stack overflow is the same
                # SIGSEGV on every host.
                Ulimit(name="stack", soft=limits.stack_mb * mib, hard=limits.stack_mb * mib),
            ],
            # Logs would be stored on the host's disk by the daemon: a flood of prints must not.
            "log_config": LogConfig(type="none"),
            "environment": {
                "OMP_NUM_THREADS": threads,
                "OPENBLAS_NUM_THREADS": threads,
                "MKL_NUM_THREADS": threads,
                "PYTHONDONTWRITEBYTECODE": "1",
            },
            "labels": {
                **labels,
                LABEL: "1",
                OWNER_LABEL: owner_id(self.host),
                **({WARM_LABEL: "1"} if self.warm else {}),
            },
        }

    def remove_strays(self) -> int:
        """Remove the labelled containers whose owning process on this host is gone.

        Safe to call at any time from any process: a live worker's sandboxes are left alone.
        """
        removed = 0
        try:
            # One listing, labels included: inspecting each container in turn would fail on one
            # that a warm slot removes meanwhile.
            for found in self.client.api.containers(all=True, filters={"label": LABEL}):
                if is_stray((found.get("Labels") or {}).get(OWNER_LABEL, ""), self.host):
                    _remove_by_id(self.client, found["Id"])
                    removed += 1
        except (docker.errors.DockerException, OSError) as exc:  # requests' errors are OSErrors
            raise SandboxError(f"could not list stray sandboxes: {_explain(exc)}") from exc
        return removed


# How long a run waits for the warm container being started before it starts a cold one.
WARM_WAIT_S = 10.0


class _Warm:
    """A started container, attached, whose runner waits for its request."""

    def __init__(self, container: Any, attached: Any, shape: tuple[Any, ...]) -> None:
        self.container, self.attached, self.shape = container, attached, shape

    @classmethod
    def start(
        cls, client: Any, config: dict[str, Any], limits: Limits, unremoved: Callable[[str], None]
    ) -> _Warm:
        """Create, attach and start one; a container made but not started is given to
        ``unremoved``, for its sandbox to remove."""
        container = client.containers.create(**config)
        try:
            attached = attach(client.api, container.id)
            container.start()
        except BaseException:
            unremoved(container.id)
            raise
        return cls(container, attached, limits.container_shape())

    def waiting(self) -> bool:
        """Still running and silent: a runner that died or spoke before its request would have
        closed or written to its stream."""
        ready, _, _ = select.select([self.attached._sock], [], [], 0)
        return not ready

    def discard(self, unremoved: Callable[[str], None]) -> None:
        """Detach; the container is given to ``unremoved``, for its sandbox to remove."""
        sock = self.attached._sock  # closing the SocketIO forgets the socket, and leaves it open
        self.attached.close()
        sock.close()
        unremoved(self.container.id)


def connect(docker_url: str = "", timeout: float | None = None) -> Any:
    """A Docker client, or :class:`SandboxUnavailable` saying why the engine cannot be reached.
    ``timeout``: of each request, in seconds (the Docker SDK's default, 60 s, if ``None``)."""

    where = docker_url or os.environ.get("DOCKER_HOST") or DEFAULT_SOCKET
    if where.startswith("unix://") and not os.path.exists(where.removeprefix("unix://")):
        raise SandboxUnavailable(f"Docker is unreachable: no engine socket at {where}")
    client = None
    try:
        options = {} if timeout is None else {"timeout": timeout}
        if docker_url:
            client = docker.DockerClient(base_url=docker_url, **options)
        else:
            client = docker.from_env(**options)
        client.ping()
    except docker.errors.DockerException as exc:
        if client is not None:
            client.close()
        raise SandboxUnavailable(f"Docker is unreachable at {where}: {_explain(exc)}") from exc
    return client


def container_name(labels: dict[str, str]) -> str:
    """``judge-submission-42-1a2b3c``: what the container is for, readable in ``docker ps``."""
    parts = [f"{key.rpartition('.')[2]}-{value}" for key, value in sorted(labels.items())]
    name = "-".join(["judge", *parts, secrets.token_hex(3)])
    return re.sub(r"[^a-zA-Z0-9_.-]", "_", name)[:200]


def _rename(container: Any, labels: dict[str, str]) -> None:
    """A warm container was made before anyone knew what it would run: its name says so now
    (labels cannot change). Only a convenience for operators: never fatal."""
    try:
        container.rename(container_name(labels))
    except docker.errors.APIError as exc:
        log.warning("could not name sandbox %s: %s", container.id[:12], _explain(exc))


def _remove_by_id(client: Any, container_id: str) -> None:
    """Remove a container through ``client``, whichever client made it; the engine's refusal is
    logged, an engine that does not answer raises."""
    try:
        _remove(client.containers.get(container_id))
    except docker.errors.NotFound:
        pass
    except docker.errors.APIError as exc:
        log.error("could not remove sandbox %s: %s", container_id[:12], _explain(exc))


def _remove(container: Any) -> None:
    try:
        container.remove(force=True, v=True)
    except docker.errors.NotFound:
        pass
    except docker.errors.APIError as exc:
        if "already in progress" not in str(exc):
            log.error("could not remove sandbox %s: %s", container.id[:12], exc)


def _explain(exc: Exception) -> str:
    return str(getattr(exc, "explanation", None) or exc).strip()[:300]
