"""The Docker sandbox, seen from inside the container and from Docker's side."""

from __future__ import annotations

import copy
import dataclasses
import os
import select
import socket
import subprocess
import threading
from contextlib import closing

import docker.errors
import pytest
from docker.api.client import APIClient

from harness.attacks import ATTACKS_DIR
from harness.processes import wait_for
from judge import docker_engine
from judge.challenge_packages import ChallengeRepository
from judge.config import Settings
from judge.container_config import LABEL, OWNER_LABEL, RUNNER_USER, WARM_LABEL
from judge.docker_engine import connect
from judge.docker_sandbox import DockerSandbox
from judge.docker_session import AttachedRun
from judge.errors import SandboxError
from judge.judging import judge
from judge.planning import base_limits
from judge.protocol import Entry, Job, Step, build_request, new_nonce
from judge.result_channel import parse_results
from judge.runner.wire import INBOX_ENV
from judge.sandbox import Limits, is_stray, owner_id, parse_cpuset, slot_cpuset, slot_gpu
from judge.sandbox_inbox import OFF, Inbox
from judge.verdicts import Verdict
from tests.hostile.test_channel import ALLOWED
from tests.sandbox_audit import cgroupns_problems, host_config_problems, inspect_problems

pytestmark = pytest.mark.docker

LIMITS = Limits(memory_mb=256, wall_s=30, stdout_bytes=2 << 20, pids=64, tmpfs_mb=16)
# What a submission sees from inside is checked on the operator's runtime where one is set
# (JUDGE_SANDBOX_RUNTIME=runsc, say): the runtime makes the sandbox's network namespace.
RUNTIME = Settings.load().sandbox_runtime

INSPECT = r"""
import os, resource, socket

def facts():
    status = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
    def writable(path):
        try:
            with open(os.path.join(path, ".probe"), "w") as f:
                f.write("x")
            return True
        except OSError:
            return False
    def readable_dir(path):
        try:
            os.listdir(path)
            return True
        except OSError:
            return False
    def read(path):
        try:
            return open(path).read().strip()
        except OSError:
            return ""
    def listing(path):
        try:
            return sorted(os.listdir(path))
        except OSError as exc:
            return type(exc).__name__
    def connect(path):
        try:
            socket.socket(socket.AF_UNIX).connect(path)
            return "connected"
        except OSError as exc:
            return type(exc).__name__
    def fd_links():
        links = []
        for fd in os.listdir("/proc/self/fd"):
            try:
                links.append(os.readlink(f"/proc/self/fd/{fd}"))
            except OSError:
                pass
        return links
    return {
        "inbox": listing("/judge-inbox"),
        "inbox_connect": connect("/judge-inbox/socket"),
        "fd_links": fd_links(),
        "uid": os.getuid(),
        "gid": os.getgid(),
        "interfaces": sorted(name for _, name in socket.if_nameindex()),
        "cap_eff": status["CapEff"].strip(),
        "cap_bnd": status["CapBnd"].strip(),
        "no_new_privs": status["NoNewPrivs"].strip(),
        "seccomp": status["Seccomp"].strip(),
        "root_writable": writable("/"),
        "etc_writable": writable("/etc"),
        "tmp_writable": writable("/tmp"),
        "memory_limit": read("/sys/fs/cgroup/memory/memory.limit_in_bytes")
                        or read("/sys/fs/cgroup/memory.max"),
        "memsw_limit": read("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes")
                       or read("/sys/fs/cgroup/memory.swap.max"),
        "cgroup_version": 2 if os.path.exists("/sys/fs/cgroup/cgroup.controllers") else 1,
        "memsw_v1_exists": os.path.exists("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes"),
        "swap_max_v2": read("/sys/fs/cgroup/memory.swap.max"),
        "pids_limit": read("/sys/fs/cgroup/pids/pids.max") or read("/sys/fs/cgroup/pids.max"),
        "env": sorted(os.environ),
        "mounted_judge": os.path.exists("/work") or os.path.exists("/challenges"),
        "runner_fds_readable": readable_dir("/proc/1/fd"),
        "nofile": resource.getrlimit(resource.RLIMIT_NOFILE),
        "fsize": resource.getrlimit(resource.RLIMIT_FSIZE),
        "core": resource.getrlimit(resource.RLIMIT_CORE),
        "stack": resource.getrlimit(resource.RLIMIT_STACK),
        "cpu_quota": read("/sys/fs/cgroup/cpu/cpu.cfs_quota_us") or read("/sys/fs/cgroup/cpu.max"),
        "cpu_period": read("/sys/fs/cgroup/cpu/cpu.cfs_period_us"),
        "tmp_mount": [f[3] for f in map(str.split, open("/proc/mounts")) if f[1] == "/tmp"],
        "affinity": sorted(os.sched_getaffinity(0)),
        "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "hostname": socket.gethostname(),
        "tmp_files": sorted(os.listdir("/tmp")),
    }
"""
# The sandbox of the facts: pinned to the last CPU this machine has.
PINNED = str(max(os.sched_getaffinity(0)))


def run_inside(
    image: str, source: str, entry: str = "facts", limits: Limits = LIMITS, sandbox=None
):
    job = Job(source, Entry(entry), [[Step("call")]], [10.0], 1 << 20)
    nonce = new_nonce()
    if sandbox is not None:
        run = sandbox.run(build_request(job, nonce), limits, {"io.judge.test": "1"})
    else:
        with DockerSandbox(image) as sandbox:
            run = sandbox.run(build_request(job, nonce), limits, {"io.judge.test": "1"})
    return run, parse_results(run.stdout, nonce, 1)


def warmed(image: str, cpuset: str = "") -> DockerSandbox:
    """A warm sandbox whose waiting container was started with another memory limit than the
    run's: taking it must set the run's."""
    sandbox = DockerSandbox(image, runtime=RUNTIME, cpuset=cpuset, warm=True)
    sandbox.prewarm(dataclasses.replace(LIMITS, memory_mb=LIMITS.memory_mb * 2))
    assert sandbox._warming is not None
    sandbox._warming.join(30)
    assert sandbox._ready is not None, "no warm sandbox was started"
    return sandbox


@pytest.fixture(scope="module", params=["cold", "warm"])
def facts(request, runner_image):
    """What a submission sees from inside, in a fresh container and in a warm one: the same.
    Under ``"docker"``: the container as Docker's inspect showed it at the end of its run."""
    inspected = []
    final_state = AttachedRun._final_state

    def keeping(session):
        state = final_state(session)  # it reloads the container's inspect data
        inspected.append(session.container.attrs)
        return state

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(AttachedRun, "_final_state", keeping)
        if request.param == "warm":
            with warmed(runner_image, PINNED) as sandbox:
                run, report = run_inside(runner_image, INSPECT, sandbox=sandbox)
                inbox = sandbox.inbox_dir
        else:
            with DockerSandbox(runner_image, runtime=RUNTIME, cpuset=PINNED) as sandbox:
                run, report = run_inside(runner_image, INSPECT, sandbox=sandbox)
                inbox = sandbox.inbox_dir
    assert report.finished, run.stderr
    (attrs,) = inspected
    return {**report.cases[0].results[0], "docker": attrs, "inbox_dir": inbox}


def test_the_runners_inbox_is_nothing_the_submission_can_reach(facts):
    """The request came through the runner's inbox (``judge/sandbox_inbox.py``: the sandbox kept
    it on), and by the time the submission runs nothing of it is left to reach: its directory
    cannot even be listed, nothing connects there (the socket is gone), and no socket is among
    the submission's descriptors."""
    assert facts["inbox_dir"] != OFF, "the runner could not reach its inbox"
    assert facts["inbox"] == "PermissionError"
    assert facts["inbox_connect"] == "FileNotFoundError"
    assert not [link for link in facts["fd_links"] if link.startswith("socket:")]


ANSWER = "def facts():\n    return 6 * 7\n"


def test_a_runner_that_cannot_reach_its_inbox_reads_stdin_and_no_more_are_made(
    runner_image, monkeypatch, caplog
):
    """Where the engine does not see the worker's directory (a worker in a container that does
    not share it), or the runtime refuses host sockets, the runner says so and reads stdin; the
    worker writes there, and makes no more inboxes: every later runner would wait for one."""
    configure = Inbox.configure

    def elsewhere(self, config):
        config = configure(self, config)
        return {**config, "environment": {**config["environment"], INBOX_ENV: "/nowhere/socket"}}

    monkeypatch.setattr(Inbox, "configure", elsewhere)
    with DockerSandbox(runner_image) as sandbox:
        for _ in range(2):
            run, report = run_inside(runner_image, ANSWER, sandbox=sandbox)
            assert report.finished and report.cases[0].results == [42], run.stderr
            assert sandbox.inbox_dir == OFF
    assert "could not reach its inbox" in caplog.text
    assert caplog.text.count("could not reach its inbox") == 1


def test_an_inbox_directory_that_cannot_be_written_leaves_the_requests_on_stdin(
    runner_image, tmp_path
):
    unwritable = tmp_path / "file"
    unwritable.write_text("not a directory")
    with DockerSandbox(runner_image, inbox_dir=str(unwritable)) as sandbox:
        run, report = run_inside(runner_image, ANSWER, sandbox=sandbox)
        assert report.finished and report.cases[0].results == [42], run.stderr
        assert sandbox.inbox_dir == OFF


def test_an_engine_on_another_machine_gets_no_inboxes(monkeypatch):
    """A path here is not a path there: with a remote engine the request goes to stdin."""
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    assert DockerSandbox("img", docker_url="tcp://engine.invalid:2376").inbox_dir == OFF
    assert DockerSandbox("img", docker_url="unix:///run/docker.sock").inbox_dir == ""
    monkeypatch.setenv("DOCKER_HOST", "ssh://judge@engine.invalid")
    assert DockerSandbox("img").inbox_dir == OFF


@pytest.mark.parametrize("late", ["not connected yet", "connected but not accepted"])
def test_a_runner_late_to_its_inbox_gets_its_request_on_stdin(runner_image, monkeypatch, late):
    """A starved host: the worker stops waiting for the runner's connection and writes the
    request to stdin. The runner, whether it had not yet connected (the socket is gone) or had
    connected to a listener that then closed, reads it there."""
    accept = Inbox.accept

    def give_up(self, runner_stream, wait_s=0.0):
        if late == "connected but not accepted":
            select.select([self.listener], [], [], 10)
            self.close()
            return None
        return accept(self, runner_stream, 0.0)

    monkeypatch.setattr(Inbox, "accept", give_up)
    with DockerSandbox(runner_image) as sandbox:
        run, report = run_inside(runner_image, ANSWER, sandbox=sandbox)
        assert report.finished and report.cases[0].results == [42], run.stderr
        assert sandbox.inbox_dir != OFF  # a slow start is no reason to stop making them


def test_runs_as_an_unprivileged_user(facts):
    assert facts["uid"] == 10001 and facts["gid"] == 10001


def test_has_no_network_but_loopback(facts):
    """Loopback alone, in a network namespace of its own (the host's has more), which the
    runtime makes: the engine is told to set up no network for it at all."""
    assert facts["interfaces"] == ["lo"]
    assert facts["docker"]["HostConfig"]["NetworkMode"] == "none"
    assert facts["docker"]["Config"]["NetworkDisabled"] is True


def test_has_no_capabilities_and_no_new_privileges(facts):
    assert int(facts["cap_eff"], 16) == 0 and int(facts["cap_bnd"], 16) == 0
    assert facts["no_new_privs"] == "1"


def test_root_is_read_only_and_tmp_is_writable(facts):
    assert not facts["root_writable"] and not facts["etc_writable"]
    assert facts["tmp_writable"]


def test_memory_and_swap_limits_are_equal(facts):
    """No swap to hide in. Left out, Docker's memory+swap is twice the memory (v1), or swap equal
    to the memory (v2): the values must be checked, not only found."""
    limit = LIMITS.memory_mb * 1024 * 1024
    assert int(facts["memory_limit"]) == limit
    host = facts["docker"]["HostConfig"]  # a warm one's too, after its memory was set
    assert host["Memory"] == host["MemorySwap"] == limit
    if facts["cgroup_version"] == 2:
        assert facts["swap_max_v2"] == "0"  # v2 states the swap alone
    elif facts["memsw_v1_exists"]:
        assert int(facts["memsw_limit"]) == limit  # v1 states memory+swap
    # else: a v1 kernel without swap accounting has no memsw file, and no swap limit to read
    # from inside; Docker's HostConfig above is then all there is to check.
    assert facts["pids_limit"] == str(LIMITS.pids)


def test_runs_under_dockers_seccomp_filter(facts):
    """2: a seccomp filter is in force (Docker's default profile); 0 with seccomp=unconfined."""
    assert facts["seccomp"] == "2"


def test_docker_made_it_unprivileged_with_no_host_namespaces(facts):
    """Not privileged, no-new-privileges and no other security option (so Docker's default
    seccomp and AppArmor profiles stay), no network, no namespace of the host's or another
    container's, no capability, a read-only root, no mount but /tmp and the runner's
    inbox (read-only, and empty by the time the submission runs), no device."""
    assert inspect_problems(facts["docker"]) == []


def test_the_cgroup_namespace_is_the_containers_own(facts):
    """Docker's default cgroup namespace is private on a cgroup v2 engine but the host's on a
    v1 engine: ``_config`` asks for a private one, so that on v1 too the container does not see
    its cgroup's host path (``/docker/<id>`` in ``/proc/self/cgroup``)."""
    assert cgroupns_problems(facts["docker"]["HostConfig"]) == []


def test_resource_limits(facts):
    assert facts["nofile"] == (LIMITS.open_files, LIMITS.open_files)
    assert facts["fsize"] == (LIMITS.file_size_mb << 20, LIMITS.file_size_mb << 20)
    assert facts["core"] == (0, 0)
    assert facts["stack"] == (LIMITS.stack_mb << 20, LIMITS.stack_mb << 20)
    if facts["cpu_period"]:  # cgroup v1: quota and period; v2: "quota period" in cpu.max
        quota, period = int(facts["cpu_quota"]), int(facts["cpu_period"])
    else:
        quota, period = (int(x) for x in facts["cpu_quota"].split())
    assert quota / period == LIMITS.cpus


def test_runs_on_its_slots_cpus_with_as_many_blas_threads(facts):
    assert facts["affinity"] == [int(PINNED)]
    assert facts["blas_threads"] == "1"


def test_tmp_is_a_small_noexec_tmpfs(facts):
    (options,) = facts["tmp_mount"]
    assert {"noexec", "nosuid", "nodev"} <= set(options.split(","))
    assert f"size={LIMITS.tmpfs_mb * 1024}k" in options


def test_an_operator_can_choose_a_stronger_runtime():
    assert "runtime" not in DockerSandbox("img").container_config(LIMITS, {})
    assert DockerSandbox("img", runtime="runsc").container_config(LIMITS, {})["runtime"] == "runsc"


def test_the_daemon_keeps_no_logs_of_a_sandbox(runner_image):
    with DockerSandbox(runner_image) as sandbox:
        assert sandbox.container_config(LIMITS, {})["log_config"]["Type"] == "none"


def test_cannot_reach_the_runners_result_channel(facts):
    assert not facts["runner_fds_readable"]


def test_sees_no_secrets_and_no_host_paths(facts):
    assert not facts["mounted_judge"]
    assert not [k for k in facts["env"] if "JUDGE" in k or "REDIS" in k or "DATABASE" in k]


def test_wall_clock_kill(runner_image):
    short = Limits(memory_mb=256, wall_s=3, stdout_bytes=1 << 20)
    source = "import time\ndef facts():\n    time.sleep(60)\n"
    job = Job(
        source, Entry("facts"), [[Step("call")]], [60.0], 1 << 20
    )  # the runner's own limit is higher
    nonce = new_nonce()
    with DockerSandbox(runner_image) as sandbox:
        run = sandbox.run(build_request(job, nonce), short)
    assert run.timed_out and run.wall_s < 15


def test_a_print_flood_is_stopped_at_the_output_limit_and_its_log_capped(runner_image):
    source = "import sys\ndef facts():\n    sys.stdout.write('x' * (50 << 20))\n    return 1\n"
    run, report = run_inside(runner_image, source)
    assert len(run.stderr) <= LIMITS.log_bytes
    assert report.failure["event"] == "output_limit" and report.failure["what"] == "printed"
    assert not report.cases and report.ended


def test_no_container_is_left_after_runs(runner_image):
    run_inside(runner_image, "def facts():\n    return 1\n")
    with closing(connect()) as client:
        assert not client.containers.list(all=True, sparse=True, filters={"label": "io.judge.test"})
    assert LABEL  # every sandbox carries it; the suite checks none remains at the end


def test_unreachable_docker_is_a_sandbox_error():
    sandbox = DockerSandbox("judge-runner:latest", docker_url="unix:///nonexistent/docker.sock")
    with sandbox, pytest.raises(SandboxError, match="unreachable"):
        sandbox.run(b"", LIMITS)


def test_remove_strays_takes_only_containers_whose_owner_is_gone(runner_image):
    dead = subprocess.Popen(["true"])
    dead.wait()
    host = socket.gethostname()
    with closing(connect()) as client, DockerSandbox(runner_image) as sandbox:
        orphan = client.containers.create(
            runner_image, labels={LABEL: "1", OWNER_LABEL: f"{host}:{dead.pid}"}
        )
        unowned = client.containers.create(runner_image, labels={LABEL: "1"})
        alive = client.containers.create(
            runner_image, labels={LABEL: "1", OWNER_LABEL: f"{host}:{os.getpid()}"}
        )
        try:
            sandbox.remove_strays()

            def strays_gone() -> set[str] | None:
                listed = client.containers.list(all=True, sparse=True, filters={"label": LABEL})
                remaining = {c.id for c in listed}
                return None if {orphan.id, unowned.id} & remaining else remaining

            # A worker's periodic removal may be taking some of them at the same moment: then
            # Docker says "removal already in progress" to this one, and they go a little later.
            remaining = wait_for(strays_gone, 15, "the strays to be removed", interval=0.2)
            assert alive.id in remaining
        finally:
            alive.remove(force=True)


def test_sandboxes_carry_their_owner():
    assert not is_stray(owner_id())
    assert is_stray("") and not is_stray("another-host:1")
    # A worker host named by JUDGE_HOST_ID owns what its label says, and only that.
    gone = subprocess.Popen(["true"])
    gone.wait()
    assert owner_id("host-a").startswith("host-a:")
    assert is_stray(f"host-a:{gone.pid}", host="host-a")
    assert not is_stray(f"host-a:{gone.pid}", host="host-b")
    assert not is_stray(f"{socket.gethostname()}:{gone.pid}", host="host-a")


def test_a_warm_sandbox_serves_one_run_and_the_next_is_fresh(runner_image):
    writes = (
        "import os, socket\n"
        "def facts():\n"
        "    before = sorted(os.listdir('/tmp'))\n"
        "    open('/tmp/left-by-' + socket.gethostname(), 'w').close()\n"
        "    return socket.gethostname(), before\n"
    )
    mine = [WARM_LABEL, f"{OWNER_LABEL}={owner_id()}"]  # not the test worker's waiting ones
    with warmed(runner_image) as sandbox:
        seen = [run_inside(runner_image, writes, sandbox=sandbox)[1].cases[0].results[0]]
        sandbox._warming.join(30)
        seen.append(run_inside(runner_image, writes, sandbox=sandbox)[1].cases[0].results[0])
        sandbox._warming.join(30)
        with closing(connect()) as client:
            waiting = client.containers.list(sparse=True, filters={"label": mine})
            assert [c.status for c in waiting] == ["running"]  # the next one, already started
    (first, first_tmp), (second, second_tmp) = seen
    assert first != second
    assert first_tmp == [] and second_tmp == []  # nothing of the first run in the second
    with closing(connect()) as client:  # closed: the waiting one is gone too
        assert not client.containers.list(all=True, sparse=True, filters={"label": mine})


def test_a_warm_sandbox_gets_the_runs_memory_limit(runner_image):
    hog = "def facts():\n    return len(bytearray(200 << 20))\n"
    small = dataclasses.replace(LIMITS, memory_mb=128)
    with warmed(runner_image) as sandbox:
        run, report = run_inside(runner_image, hog, limits=small, sandbox=sandbox)
    assert run.oom_killed or (report.cases and report.cases[0].error["kind"] == "memory")


def test_a_warm_sandbox_of_another_shape_is_not_used(runner_image):
    with warmed(runner_image) as sandbox:
        waiting = sandbox._ready.container.id
        run, _ = run_inside(
            runner_image,
            "def facts():\n    return 1\n",
            limits=dataclasses.replace(LIMITS, pids=LIMITS.pids + 1),
            sandbox=sandbox,
        )
        assert run.exit_code == 0
    with closing(connect()) as client:
        assert not client.containers.list(all=True, sparse=True, filters={"id": waiting})


def test_slots_get_their_own_cpus():
    assert parse_cpuset("0-2,5") == [0, 1, 2, 5]
    assert slot_cpuset(0, 1, "0-1;2-3") == "0-1" and slot_cpuset(3, 1, "0-1;2-3") == "2-3"
    cpus = sorted(os.sched_getaffinity(0))
    assert slot_cpuset(0, 1) == str(cpus[0])
    assert slot_cpuset(len(cpus), 1) == str(cpus[0])  # more slots than CPUs: round again
    if len(cpus) > 1:
        assert slot_cpuset(1, 1) == str(cpus[1])
    assert len(parse_cpuset(slot_cpuset(0, 2))) == min(2, len(cpus))


def test_a_gpu_run_requests_its_slots_gpu():
    gpu_limits = dataclasses.replace(LIMITS, gpus=1)
    assert "device_requests" not in DockerSandbox("img").container_config(LIMITS, {})
    (request,) = DockerSandbox("img", gpu="1").container_config(gpu_limits, {})["device_requests"]
    assert request["DeviceIDs"] == ["1"] and request["Capabilities"] == [["gpu"]]
    (anyone,) = DockerSandbox("img").container_config(gpu_limits, {})["device_requests"]
    assert anyone["Count"] == 1
    assert slot_gpu(3, "0,1") == "1" and slot_gpu(0, "") == ""


def test_a_used_warm_sandbox_is_stopped_at_once_and_removed_in_the_background(
    runner_image, monkeypatch
):
    """A warm slot's run returns, and the worker stores its verdict, with the used container
    stopped but not yet removed: the warming thread starts the next container first, then
    removes it (``DockerSandbox._warm_next``). Held here until the container has been seen."""
    release = threading.Event()
    remove = docker_engine.remove_by_id

    def held(client, container_id):
        release.wait(30)
        remove(client, container_id)

    monkeypatch.setattr(docker_engine, "remove_by_id", held)
    with warmed(runner_image) as sandbox, closing(connect()) as client:
        used = sandbox._ready.container.id
        try:
            run, _ = run_inside(runner_image, "def facts():\n    return 1\n", sandbox=sandbox)
            assert run.exit_code == 0
            assert client.containers.get(used).status == "exited"  # nothing of it runs
        finally:
            release.set()
        sandbox._warming.join(30)
        with pytest.raises(docker.errors.NotFound):
            client.containers.get(used)


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
def test_judging_makes_only_locked_down_containers_and_reads_only_their_channel(
    runner_image, monkeypatch, warm
):
    """Every container created while judging, a warm slot's included (the one taken and the
    next one it starts), is asked for locked down; and the worker's Docker calls are those
    of ``tests/hostile/test_channel.py``, with the two that taking a warm one adds."""
    created, updates, called = [], [], set()
    create, update, url = (
        APIClient.create_container_from_config,
        APIClient.update_container,
        APIClient._url,
    )

    def creating(self, config, *args, **kwargs):
        created.append(copy.deepcopy(config))
        return create(self, config, *args, **kwargs)

    def updating(self, container, *args, **kwargs):
        updates.append(kwargs)
        return update(self, container, *args, **kwargs)

    def recording(self, pathfmt, *args, **kwargs):
        called.add(pathfmt)
        return url(self, pathfmt, *args, **kwargs)

    monkeypatch.setattr(APIClient, "create_container_from_config", creating)
    monkeypatch.setattr(APIClient, "update_container", updating)
    monkeypatch.setattr(APIClient, "_url", recording)
    settings = Settings.load(secret="s" * 40)
    challenge = ChallengeRepository(settings.challenges_dir).get("matmul")
    source = (ATTACKS_DIR / "plants_symlinks.py").read_text()
    with DockerSandbox(runner_image, warm=warm) as sandbox:
        if warm:  # as a worker's slot does: started with the base limits, before any run
            sandbox.prewarm(base_limits(settings))
            sandbox._warming.join(30)
            assert sandbox._ready is not None, "no warm sandbox was started"
        judgement = judge(challenge, source, sandbox, settings)
        if warm:
            sandbox._warming.join(30)  # the next one started, the used one removed
    assert judgement.verdict is Verdict.ACCEPTED, judgement.message

    assert len(created) == (2 if warm else 1)
    for config in created:
        assert host_config_problems(config["HostConfig"]) == []
        assert cgroupns_problems(config["HostConfig"]) == []  # never asked for the host's
        assert config["User"] == RUNNER_USER
        assert {LABEL, OWNER_LABEL} <= set(config["Labels"])
        assert (WARM_LABEL in config["Labels"]) == warm
    if warm:  # the taken one got the run's memory limit, swap included
        (limits,) = updates
        assert limits["mem_limit"] == limits["memswap_limit"]
    else:
        assert updates == []
    allowed = ALLOWED | ({"/containers/{0}/update", "/containers/{0}/rename"} if warm else set())
    assert "/containers/{0}/attach" in called  # the recording saw the run
    assert called <= allowed, f"unexpected Docker calls: {sorted(called - allowed)}"
