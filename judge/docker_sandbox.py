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
import select
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import docker
import docker.errors

from judge import docker_engine
from judge.container_config import LABEL, OWNER_LABEL, locked_down
from judge.docker_session import AttachedRun, attach
from judge.errors import SandboxError, SandboxUnavailable
from judge.sandbox import (
    Limits,
    Listener,
    SandboxRun,
    is_stray,
    slot_cpuset,
    slot_gpu,
)
from judge.sandbox_inbox import OFF, Inbox, InboxRoot

if TYPE_CHECKING:
    from judge.config import Settings

log = logging.getLogger(__name__)

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
        inbox_dir: str = "",
    ) -> None:
        self.image = image
        self.docker_url = docker_url
        self.runtime = runtime  # an OCI runtime such as gVisor's runsc; empty: Docker's default
        self.cpuset = cpuset
        self.gpu = gpu
        self.warm = warm
        self.host = host  # the worker host's name in the owner label; empty: the machine's
        # Where the runners' inboxes are made (empty: the system's temporary directory; "off":
        # none, the request goes to stdin); made on the first run, gone once one refused. An
        # engine on another machine would bind a directory of its own machine's.
        self.inbox_dir = inbox_dir if docker_engine.is_local(docker_url) else OFF
        self._inboxes: InboxRoot | None = None
        self._inboxes_lock = threading.Lock()  # a run and the warming thread both make inboxes
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
            inbox_dir=settings.sandbox_inbox_dir,
        )

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = docker_engine.connect(self.docker_url)
        return self._client

    def run(
        self,
        request: bytes,
        limits: Limits,
        labels: dict[str, str] | None = None,
        on_stdout: Listener | None = None,
    ) -> SandboxRun:
        container = session = inbox = None
        began = time.monotonic()
        try:
            warm = self._take_warm(limits)
            if warm is not None:
                container, inbox = warm.container, warm.inbox
                docker_engine.rename(container, labels or {})
                session = AttachedRun(container, container.client.api, limits, on_stdout, inbox)
                return _started(session.run(request, attached=warm.attached), session, began)
            inbox = self._inbox()
            config = self.container_config(limits, labels or {})
            config = inbox.configure(config) if inbox else config
            container = self.client.containers.create(**config)
            session = AttachedRun(container, self.client.api, limits, on_stdout, inbox)
            return _started(session.run(request), session, began)
        except docker.errors.ImageNotFound as exc:
            raise SandboxError(
                f"runner image {self.image!r} is missing: {docker_engine.explain(exc)}"
            ) from exc
        except docker.errors.DockerException as exc:
            self._unless_engine_gone(container, exc)
            raise SandboxError(f"Docker failed: {docker_engine.explain(exc)}") from exc
        except OSError as exc:
            self._unless_engine_gone(container, exc)
            raise SandboxError(f"lost the connection to the sandbox: {exc}") from exc
        finally:
            self._unless_refused(inbox)  # first: the next warm container gets one, or not
            if session is not None and session.ready_at is not None and self.on_start:
                self.on_start(session.ready_at - began)
            if self.warm:
                self._warm_next(container, limits)
            elif container is not None:
                self._to_remove(container.id)
                self._remove_used()

    def _inbox(self) -> Inbox | None:
        """A new inbox for the next container's runner; ``None`` where they are off."""
        with self._inboxes_lock:
            if self.inbox_dir == OFF:
                return None
            try:
                if self._inboxes is None:
                    self._inboxes = InboxRoot(self.inbox_dir)
                return self._inboxes.inbox()
            except OSError as exc:  # a directory it may not write to: Docker's stream will do
                log.warning("cannot make sandbox inboxes in %r: %s", self.inbox_dir, exc)
                self.inbox_dir = OFF
                return None

    def _unless_refused(self, inbox: Inbox | None) -> None:
        """Close ``inbox``; if its runner could not connect, make no more: this engine or runtime
        does not let a sandbox reach the worker's directory, and every runner would wait."""
        if inbox is None:
            return
        inbox.close()
        if not inbox.refused:
            return
        log.warning(
            "a sandbox's runner could not reach its inbox in %s: the requests go through "
            "Docker's stream from now on, slower (JUDGE_SANDBOX_INBOX_DIR must name a directory "
            "the Docker engine sees at the same path, and gVisor must allow host sockets)",
            inbox.directory,
        )
        with self._inboxes_lock:
            self.inbox_dir = OFF
            if self._inboxes is not None:
                self._inboxes.close()
                self._inboxes = None

    def _unless_engine_gone(self, container: Any, exc: Exception) -> None:
        """Raise :class:`SandboxUnavailable` if the engine does not answer now: the run failed
        because the engine went (stopped, restarting), and the submission waits for its return.
        """
        try:
            docker_engine.connect(self.docker_url, timeout=ENGINE_PROBE_S).close()
        except SandboxUnavailable as gone:
            self._client = None  # a fresh client once it is back
            raise SandboxUnavailable(f"{gone} ({exc})", cut_short=container is not None) from exc

    def prewarm(self, limits: Limits) -> None:
        """Start the first warm container (of ``limits``' shape) now, rather than after a run."""
        if self.warm and self._ready is None and self._warming is None:
            self._warm_next(None, limits)

    def wait_idle(self) -> None:
        """Wait for the background work of the last run (the next warm container's start, the
        used one's removal), so that a timed run which follows does not share the host with it.
        """
        if self._warming is not None:
            self._warming.join(timeout=WARM_WAIT_S)

    def _take_warm(self, limits: Limits) -> _Warm | None:
        """The warm container, if one fits this run and is still waiting; else ``None``."""
        if self._warming is not None:
            self._warmed.wait(timeout=WARM_WAIT_S)
        ready, self._ready = self._ready, None
        if ready is None:
            return None
        try:
            if ready.shape == limits.container_shape() and ready.waiting():
                if ready.memory_mb != limits.memory_mb:  # 20 ms asked of the engine: if need be
                    memory = f"{limits.memory_mb}m"
                    ready.container.update(mem_limit=memory, memswap_limit=memory)
                    ready.memory_mb = limits.memory_mb
                return ready
        except Exception as exc:  # it died, or the engine refused: a cold one will do
            log.warning(
                "warm sandbox unusable, starting a cold one: %s", docker_engine.explain(exc)
            )
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
                    self._background = docker_engine.connect(self.docker_url)
                config = self.container_config(limits, {})
                inbox = self._inbox()
                try:
                    self._ready = _Warm.start(
                        self._background, config, limits, self._to_remove, inbox
                    )
                except BaseException:
                    self._unless_refused(inbox)
                    raise
            except Exception as exc:  # the next run starts cold, and says nothing worse
                log.warning("could not start a warm sandbox: %s", docker_engine.explain(exc))
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
                    self._remover = docker_engine.connect(self.docker_url)
                docker_engine.remove_by_id(self._remover, container_id)
            except Exception as exc:
                log.error(
                    "could not remove sandbox %s yet: %s",
                    container_id[:12],
                    docker_engine.explain(exc),
                )
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
        with self._inboxes_lock:
            if self._inboxes is not None:
                self._inboxes.close()
                self._inboxes = None

    def __enter__(self) -> DockerSandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def container_config(self, limits: Limits, labels: dict[str, str]) -> dict[str, Any]:
        """The locked-down container of one run (see :mod:`judge.container_config`)."""
        return locked_down(
            self.image,
            limits,
            labels,
            runtime=self.runtime,
            cpuset=self.cpuset,
            gpu=self.gpu,
            host=self.host,
            warm=self.warm,
        )

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
                    docker_engine.remove_by_id(self.client, found["Id"])
                    removed += 1
        except (docker.errors.DockerException, OSError) as exc:  # requests' errors are OSErrors
            raise SandboxError(
                f"could not list stray sandboxes: {docker_engine.explain(exc)}"
            ) from exc
        return removed


# How long a run waits for the warm container being started before it starts a cold one.
WARM_WAIT_S = 10.0


class _Warm:
    """A started container, attached, whose runner waits for its request: connecting to its
    ``inbox`` (accepted once the run takes it), or reading stdin where there is none."""

    def __init__(
        self,
        container: Any,
        attached: Any,
        shape: tuple[Any, ...],
        inbox: Inbox | None = None,
        memory_mb: int = 0,
    ) -> None:
        self.container, self.attached, self.shape = container, attached, shape
        self.inbox = inbox
        self.memory_mb = memory_mb  # its memory limit, made with it

    @classmethod
    def start(
        cls,
        client: Any,
        config: dict[str, Any],
        limits: Limits,
        unremoved: Callable[[str], None],
        inbox: Inbox | None = None,
    ) -> _Warm:
        """Create, attach and start one (its runner to connect to ``inbox``, where given); a
        container made but not started is given to ``unremoved``, for its sandbox to remove."""
        container = client.containers.create(**(inbox.configure(config) if inbox else config))
        try:
            attached = attach(client.api, container.id)
            container.start()
        except BaseException:
            unremoved(container.id)
            raise
        return cls(container, attached, limits.container_shape(), inbox, limits.memory_mb)

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
        if self.inbox is not None:
            self.inbox.close()
        unremoved(self.container.id)
