"""The runner's inbox: a Unix socket through which the worker and a sandbox's runner talk, the
request and the answers (the go-ahead, each timed run's input set) one way, the result channel
the other. Docker's attach stream carries about 100 MB a second into a container here, so a timed
run's 4 MB input set took 45 ms to arrive, twice per pair of runs; through the inbox it takes 5
(docs/performance.md, "tenth pass"). The attach stream is left with the log.

Each sandbox gets a directory of its own, bind-mounted read-only at :data:`MOUNT`, with one
listening socket in it. The runner's parent connects first thing, before anything of the
submission is in the sandbox (its source comes through this very connection); the worker accepts
that one connection and then closes the listener and removes the socket and its directory, so
nothing in the sandbox can connect again. The parent's end is not the child's to reach: its
descriptor is not inherited, and the parent is non-dumpable (SECURITY.md).

Where the parent cannot connect (the engine does not see the worker's directory, as with a
worker in a container that does not share it with the host, or gVisor, which refuses host
sockets unless told otherwise), it says so on its stderr and reads stdin, and the worker, seeing
it speak before its request, writes there: Docker's stream, as before.
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import socket
import tempfile
from typing import Any

from judge.runner.wire import INBOX_ENV, NO_INBOX

#: Where the inbox's directory appears in the sandbox.
MOUNT = "/judge-inbox"
SOCKET_NAME = "socket"
#: ``JUDGE_SANDBOX_INBOX_DIR`` that turns the inboxes off: everything through Docker's stream.
OFF = "off"
# How long a started sandbox's runner may take to connect before its request goes to stdin (it
# connects before importing anything: milliseconds, unless the host is starved).
CONNECT_WAIT_S = 10.0


def _peek(stream: socket.socket) -> bytes:
    """What is waiting on ``stream``, left there to be read."""
    try:
        return stream.recv(512, socket.MSG_PEEK | socket.MSG_DONTWAIT)
    except OSError:
        return b""


class InboxRoot:
    """The directory one sandbox-making process makes its inboxes in: a fresh one of its own,
    under ``parent`` (empty: the system's temporary directory), removed on :meth:`close`."""

    def __init__(self, parent: str = "") -> None:
        if parent:
            os.makedirs(parent, exist_ok=True)
        # The worker's alone (mkdtemp's 0700): nobody on the host reaches an inbox through it.
        self.path = tempfile.mkdtemp(prefix="judge-inbox-", dir=parent or None)

    def inbox(self) -> Inbox:
        return Inbox(self.path)

    def close(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


class Inbox:
    """One sandbox's inbox, listening until its runner connects (:meth:`accept`)."""

    def __init__(self, root: str) -> None:
        self.directory = tempfile.mkdtemp(dir=root)
        # The sandbox sees this directory alone, at MOUNT: its user (not the worker's) may pass
        # through it to the socket by name, and not list it.
        os.chmod(self.directory, 0o711)
        self.path = os.path.join(self.directory, SOCKET_NAME)
        self.listener: socket.socket | None = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        #: Whether the runner spoke before connecting: it reads stdin (it says why on stderr).
        self.refused = False
        try:
            self.listener.bind(self.path)
            os.chmod(self.path, 0o666)  # the runner's user is not the worker's
            self.listener.listen(1)
        except BaseException:
            self.close()
            raise

    def configure(self, config: dict[str, Any]) -> dict[str, Any]:
        """``containers.create``'s arguments, with this inbox mounted and named to the runner."""
        return {
            **config,
            "volumes": {self.directory: {"bind": MOUNT, "mode": "ro"}},
            "environment": {**config.get("environment", {}), INBOX_ENV: f"{MOUNT}/{SOCKET_NAME}"},
        }

    def accept(self, runner_stream: socket.socket, wait_s: float = CONNECT_WAIT_S) -> Any:
        """The runner's connection, or ``None`` where it speaks first on ``runner_stream`` (it
        could not connect and reads stdin, or it died) or has not connected in ``wait_s``. The
        inbox is closed either way: nothing connects to it again."""
        try:
            assert self.listener is not None
            ready, _, _ = select.select([self.listener, runner_stream], [], [], wait_s)
            if self.listener not in ready:
                self.refused = bool(ready) and NO_INBOX in _peek(runner_stream)
                return None
            connection, _ = self.listener.accept()
        except OSError:  # gone between the two calls: the runner reads stdin
            return None
        else:
            connection.settimeout(None)
            return connection
        finally:
            self.close()

    def close(self) -> None:
        """No more connections: the listener closed (a runner that connected but was not
        accepted reads an end, and turns to stdin), the socket and its directory removed."""
        if self.listener is not None:
            self.listener.close()
            self.listener = None
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        with contextlib.suppress(OSError):
            os.rmdir(self.directory)
