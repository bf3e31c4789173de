"""Timing and scores through the real stack: API, Redis, a Celery worker, Docker sandboxes.

The benchmark runs only after the other cases pass; each timed run gets inputs of its own, and its
output is in the runner's parent's hands before it is chosen to be checked; scores are made of
the judge's CPU times, paired with the reference's on the same inputs, timed right after in a
sandbox of its own, with the time between runs charged; a submission's own clock is used for
nothing; and the leaderboard ranks only accepted, timed, believable submissions, with the
machine and the reference behind each score.
"""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest
import requests

pytestmark = [pytest.mark.services, pytest.mark.docker]

HONEST = "import numpy as np\n\ndef matrix_multiplication(A, B):\n    return np.matmul(A, B)\n"

# Patches every clock it can reach as it is loaded, the judge's own among them (the runner's child
# is __main__): every run then claims to take no time at all. The claims are used for nothing.
LYING_CLOCK = """
import sys, time
import numpy as np

time.perf_counter = lambda: 0.0
time.perf_counter_ns = lambda: 0
for name, module in list(sys.modules.items()):  # the runner's modules: the child's clock
    if (name == "__main__" or "runner" in name) and hasattr(module, "_clock"):
        module._clock = lambda: 0

def matrix_multiplication(A, B):
    return np.matmul(A, B)
"""

# Patches only the time module, as a candidate who read no further would: the judge's clock was
# bound before the submission ran, so the times stay true.
PATCHED_TIME_MODULE = """
import time
import numpy as np

time.perf_counter = lambda: 0.0
time.perf_counter_ns = lambda: 0

def matrix_multiplication(A, B):
    return np.matmul(A, B)
"""

# Right on the benchmark's first run (which is checked like any case), then saves itself the work.
LAZY_AFTER_WARM_UP = """
import numpy as np

benchmark_calls = 0

def matrix_multiplication(A, B):
    global benchmark_calls
    if A.shape == (512, 512):
        benchmark_calls += 1
        if benchmark_calls > 1:
            return np.zeros((A.shape[0], B.shape[1]))
    return np.matmul(A, B)
"""

# Caches by the identity of its inputs, keeping the last ones alive: fresh copies defeat it, so
# every run computes (and inputs seen twice raise).
CACHES_BY_IDENTITY = """
import numpy as np

recent = []

def matrix_multiplication(A, B):
    for old_A, old_B, result in recent:
        if A is old_A or B is old_B or id(A) == id(old_A):
            raise RuntimeError("the same input objects were passed twice")
    result = np.matmul(A, B)
    recent.append((A, B, result))
    del recent[:-3]
    return result
"""


# Keeps its first benchmark result and returns it again, whatever it is given: right on the
# warm-up, wrong on every timed run, whose inputs are new.
KEEPS_ITS_RESULT = """
import numpy as np

kept = None

def matrix_multiplication(A, B):
    global kept
    if A.shape != (512, 512):
        return np.matmul(A, B)
    if kept is None:
        kept = np.matmul(A, B)
    return kept.copy()
"""


# Does the work, but has its own clock claim a twentieth of the time it took.
CALIBRATED_CLAIMS = """
import sys, time
import numpy as np

patched = 0
for name, module in list(sys.modules.items()):  # the runner's modules: the child's clock
    if (name == "__main__" or "runner" in name) and hasattr(module, "_clock"):
        module._clock = lambda: time.perf_counter_ns() // 20
        patched += 1
if not patched:  # unarmed, it would be an honest product, and its test could not fail
    raise RuntimeError("no clock of the runner's found: this cheat is unarmed")

def matrix_multiplication(A, B):
    return np.matmul(A, B)
"""

# Has a helper process, forked as it is loaded, do the product in memory they share: the child's
# own CPU time is only the copies. The sandbox's cgroup counts the helper's.
HELPER_PROCESS = """
import mmap, os
import numpy as np

N = 512
SIZE = N * N * 8
shared = mmap.mmap(-1, 3 * SIZE)
views = [np.frombuffer(shared, np.float64, N * N, i * SIZE).reshape(N, N) for i in range(3)]
ask_r, ask_w = os.pipe()
done_r, done_w = os.pipe()
if os.fork() == 0:
    while os.read(ask_r, 1):
        np.matmul(views[0], views[1], out=views[2])
        os.write(done_w, b"d")
    os._exit(0)

def matrix_multiplication(A, B):
    if A.shape != (N, N) or B.shape != (N, N):
        return np.matmul(A, B)
    views[0][...] = A
    views[1][...] = B
    os.write(ask_w, b"a")
    os.read(done_r, 1)
    return views[2].copy()
"""

# Leaves a helper spinning from its benchmark's warm-up on: while the reference's timed runs
# take turns with its own (judge/lockstep.py), on the same CPUs, the helper takes their CPU and
# their caches, to make the reference look slow. Its CPU time is counted in the submission's
# own runs and in the preparations between them, where the reference ran.
SLOWS_THE_REFERENCE = """
import os
import numpy as np

spinning = False

def matrix_multiplication(A, B):
    global spinning
    if A.shape == (512, 512) and not spinning:
        spinning = True
        if os.fork() == 0:
            junk = np.ones(4 << 20)
            while True:
                junk += 1.0
    return np.matmul(A, B)
"""

# Works ahead: patches the runner's child so that preparing a timed run's inputs also computes
# the answer, which the run then only returns. The runs look ten times faster than they are.
WORKS_AHEAD = """
import sys
import numpy as np

runner = sys.modules["__main__"]
prepare = runner._steps
ready = {}

def prepare_and_work(trees, blobs):
    steps = prepare(trees, blobs)
    for step in steps:
        args = step["args"]
        if len(args) == 2 and getattr(args[0], "shape", None) == (512, 512):
            ready[id(args[0])] = np.matmul(*args)
    return steps

runner._steps = prepare_and_work

def matrix_multiplication(A, B):
    done = ready.pop(id(A), None)
    return np.matmul(A, B) if done is None else done
"""


# Reports each timed run over at once, having done nothing, and works out the output only after:
# the child's own helpers, replaced (the child looks them up as it calls them). The output's
# sending is timed as the run's own and charged to it: the work is back in the score.
LATE_OUTPUT = """
import sys
import numpy as np

runner = sys.modules["__main__"]
perform_steps, send_output = runner.perform_steps, runner.send_output


def run_nothing(entry, steps, digests=True):
    if digests:  # an ordinary case, or the warm-up: checked in full
        return perform_steps(entry, steps, digests)
    state = runner.Case(entry)
    state.later = steps[0]["args"]
    return state, 1000, None


def work_late(events, index, state, job):
    state.results = [np.matmul(*state.later)]
    send_output(events, index, state, job)


runner.perform_steps, runner.send_output = run_nothing, work_late


def matrix_multiplication(A, B):
    return np.matmul(A, B)
"""

# Spends the output budget on prints in the benchmark's warm-up, down to just above the trigger
# for a flood of prints and below the room one more checked output needs, then computes nothing
# in its timed runs: once, that left every timed run unchecked. Checked outputs have a budget of
# their own now, and the first timed run's output is always checked.
PRINTS_AWAY_THE_CHECKS = """
import sys
import numpy as np

warm_up = True


def matrix_multiplication(A, B):
    global warm_up
    if A.shape != (512, 512):
        return np.matmul(A, B)
    if warm_up:
        warm_up = False
        chunk = "x" * (1 << 20)
        for _ in range(61):
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return np.matmul(A, B)
    return np.random.rand(1)
"""


# Issue 27's red team, once the outputs bound: every output right, every product done, but each
# placed where a median does not look. Runs go in threes: (a) the run returns a placeholder and
# the product is worked out while its output is sent; (b) the product is worked out while the
# inputs are prepared; (c) honest. A quarter product in each run keeps the score believable.
# Scored on medians of the runs and of the preparations' excess apart, it was accepted at 0.15
# to 0.32 for a true cost of 1.1 to 1.25; charged run by run, each run's work is its own.
MEDIAN_DODGE = r"""
import sys
import numpy as np

R = sys.modules.get("__main__")
COVER = 4
state = {"mode": "honest", "cached": None}

def matrix_multiplication(A, B):
    mode = state["mode"]
    if mode == "honest":
        return np.matmul(A, B)
    np.matmul(A[: A.shape[0] // COVER], B)  # cover: keeps the score believable
    if mode == "cached":
        return state["cached"]
    return np.zeros((1, 1))  # placeholder: replaced before the output is sent

def timed_runs(entry, job, events, commands):
    Event, Command = R.Event, R.Command
    index, inputs, k = -1, None, 0
    while (command := commands.next()) in (Command.PREPARE.value, Command.RUN.value):
        if command == Command.PREPARE.value:
            index, inputs = R._decoded(commands.payload())
            k += 1
            kind = k % 3  # 1: a, 2: b, 0: c
            A, B = inputs[0]["args"]
            if kind == 2:
                state["cached"] = np.matmul(A, B)
            events.send({"event": Event.READY.value, "case": index})
        elif inputs is not None:
            state["mode"] = {1: "placeholder", 2: "cached", 0: "honest"}[kind]
            run_state, elapsed, error = R.perform_steps(entry, inputs, digests=False)
            state["mode"] = "honest"
            run = {"event": Event.RUN.value, "case": index, "time_ns": elapsed}
            events.send(run if error is None else {**run, "error": error})
            if error is None:
                if kind == 1:  # the output phase: the product, now
                    run_state.results[0] = np.matmul(A, B)
                R.send_output(events, index, run_state, job)
            inputs = None
            state["cached"] = None
            del run_state

if R is not None and hasattr(R, "timed_runs"):
    R.timed_runs = timed_runs
"""


# The same replaced loop, honest in every run: once, the judge's own child prepared each run's
# inputs in 4.3 ms of CPU where this loop, keeping its memory, took 2, and the difference, the
# judge's page faults, was credited to it as speed (0.24 to 0.40 doing np.matmul's work).
REPLACED_LOOP = MEDIAN_DODGE.replace("kind = k % 3  # 1: a, 2: b, 0: c", "kind = 0")


FORGED_COMMITMENT = (Path(__file__).parent / "solutions" / "forged_commitment.py").read_text()


def timed_case(body: dict) -> dict:
    (case,) = [c for c in body["cases"] if c["name"].startswith("benchmark")]
    return case


def test_an_accepted_submission_is_timed_scored_and_ranked(stack):
    token = stack.add_user("scored")
    body = stack.wait(stack.submit(token, HONEST).json()["id"])
    assert body["status"] == "accepted", body["message"]
    timing = timed_case(body)["timing"]
    assert timing["runs"] >= 3
    assert 0 < timing["min_ms"] <= timing["median_ms"] <= timing["total_ms"]
    assert timing["iqr_ms"] >= 0 and timing["claimed_median_ms"] <= timing["median_ms"]
    assert len(set(timing["variants"])) == timing["runs"] == len(timing["prepare_ns"])
    # What the score is made of: each run's and preparation's CPU time, from the sandbox's cgroup.
    assert len(timing["cpu_run_ns"]) == len(timing["cpu_prepare_ns"]) == timing["runs"]
    assert all(cpu > 0 for cpu in timing["cpu_run_ns"])
    assert not body["flagged"], body["flag_reason"]
    # np.matmul is the reference's own code: the same speed, within what other processes' use of
    # the caches changes (CPU time, unlike the outside time, does not count their turns).
    assert 0.6 < body["score"] < 1.6
    # The figures beside the score are on its clock: the CPU time.
    assert body["clock"] == "cpu"
    assert body["median_ms"] == pytest.approx(statistics.median(timing["cpu_run_ns"]) / 1e6)
    assert body["reference_ms"] > 0 and "per sandbox, host " in body["scored_on"]
    board = requests.get(f"{stack.url}/api/v1/challenges/matmul/leaderboard", timeout=10).json()
    (entry,) = [e for e in board["entries"] if e["submission"] == body["id"]]
    assert entry["scored_on"] == body["scored_on"] and entry["reference_ms"] > 0
    page = requests.get(f"{stack.url}/challenges/matmul", timeout=10).text
    assert body["scored_on"] in page and "Reference (ms)" in page


def test_a_patched_clock_changes_nothing(stack):
    token = stack.add_user("liar")
    body = stack.wait(stack.submit(token, LYING_CLOCK).json()["id"])
    assert body["status"] == "accepted", body["message"]  # the answers are right
    timing = timed_case(body)["timing"]
    assert timing["claimed_median_ms"] == 0  # what its clock says, used for nothing
    # np.matmul's own speed: the reference's, within what the other processes' use of the caches
    # changes (0.6 to 1.6), and far from the nothing its clock says.
    assert not body["flagged"] and body["score"] > 0.4, body


def test_patching_the_time_module_changes_nothing(stack):
    token = stack.add_user("patcher")
    body = stack.wait(stack.submit(token, PATCHED_TIME_MODULE).json()["id"])
    assert body["status"] == "accepted" and not body["flagged"], body
    assert timed_case(body)["timing"]["median_ms"] > 0.5  # a real product's time, not zero
    assert body["score"] > 0.3


def test_skipping_work_in_timed_runs_is_a_wrong_answer(stack):
    token = stack.add_user("lazy")
    body = stack.wait(stack.submit(token, LAZY_AFTER_WARM_UP).json()["id"])
    assert body["status"] == "wrong_answer"
    assert body["message"].startswith("benchmark-512x512-by-512x512: in a timed run:")
    assert body["score"] is None


# Tells its owner what it can of the benchmark's inputs: prints them, and returns a wrong
# product on the timed runs, for the checker's message to show the expected values.
TELLS_ITS_INPUTS = """
import numpy as np

calls = benchmark_calls = 0

def matrix_multiplication(A, B):
    global calls, benchmark_calls
    calls += 1
    print("call", calls, "shape", A.shape, "first", A.flat[:1].tolist(), flush=True)
    if A.shape == (512, 512):
        benchmark_calls += 1
        if benchmark_calls > 1:  # past the warm-up: a timed run
            return np.zeros((A.shape[0], B.shape[1]), A.dtype)
    return np.matmul(A, B)
"""


def test_the_timed_runs_show_nothing_of_their_shared_inputs(stack):
    """The timed runs' input sets are the worker's pool, shared by the submissions timed on it:
    what they print is not kept, and a timed run's failure says its kind, not its values."""
    token = stack.add_user("teller")
    sid = stack.submit(token, TELLS_ITS_INPUTS).json()["id"]
    body = stack.wait(sid)
    assert body["status"] == "wrong_answer" and body["score"] is None, body
    assert body["message"] == (
        "benchmark-512x512-by-512x512: in a timed run: a wrong output on one of its secret input "
        "sets (those sets are shared with other submissions: no detail is shown)"
    )
    own = requests.get(
        f"{stack.url}/api/v1/submissions/{sid}",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()
    log = own["log"]
    assert "call 1 shape" in log, log[-2000:]  # what the cases printed is kept
    assert "(512, 512)" not in log and "the benchmark's runs began here" in log, log[-2000:]


def test_every_timed_run_gets_fresh_inputs(stack):
    token = stack.add_user("cacher")
    body = stack.wait(stack.submit(token, CACHES_BY_IDENTITY).json()["id"])
    assert body["status"] == "accepted", body["message"]
    assert timed_case(body)["timing"]["runs"] >= 3


def test_a_wrong_submission_is_not_timed(stack):
    token = stack.add_user("wrong")
    source = "def matrix_multiplication(A, B):\n    return A * 0\n"
    body = stack.wait(stack.submit(token, source).json()["id"])
    assert body["status"] == "wrong_answer"
    case = timed_case(body)
    assert case["verdict"] == "skipped" and case["timing"] is None
    assert "once every other case has passed" in case["message"]
    assert body["score"] is None


def test_a_result_kept_from_an_earlier_run_is_a_wrong_answer(stack):
    token = stack.add_user("keeper")
    body = stack.wait(stack.submit(token, KEEPS_ITS_RESULT).json()["id"])
    assert body["status"] == "wrong_answer", body
    assert body["message"].startswith("benchmark-512x512-by-512x512: in a timed run:")
    assert body["score"] is None
    board = requests.get(f"{stack.url}/api/v1/challenges/matmul/leaderboard", timeout=10).json()
    assert "keeper" not in [entry["user"] for entry in board["entries"]]


def test_calibrated_claims_are_scored_at_the_true_speed(stack):
    token = stack.add_user("calibrated")
    body = stack.wait(stack.submit(token, CALIBRATED_CLAIMS).json()["id"])
    assert body["status"] == "accepted", body["message"]
    assert body["score"] > 0.4, body  # the CPU times: np.matmul's own speed, not a twentieth


def test_work_done_after_a_run_reported_is_charged(stack):
    token = stack.add_user("late")
    body = stack.wait(stack.submit(token, LATE_OUTPUT).json()["id"])
    assert body["status"] == "accepted", body["message"]
    timing = timed_case(body)["timing"]
    # Its runs say they took a microsecond: their outputs were worked out after them. That work
    # is counted where the runner's parent reads the CPU time next: at the run's end if the
    # parent was slow to see it, else in the run's output, charged to the run. Either way the
    # score is np.matmul's own speed, the reference's (seen: 0.86 to 1.1; the cheat,
    # counted nowhere, ranked first at 0.24).
    assert timing["claimed_median_ms"] < 0.01, body
    assert body["score"] > 0.5, body


def test_a_forged_commitment_gains_nothing(stack):
    """Issue 27's cheat (tests/solutions/forged_commitment.py): replaces the child's helpers,
    computes nothing in its timed runs and, on f34c04a, forged the CRC-32 it had sent onto each
    output asked for; accepted there at 0.21, unflagged, first on the board. Now the output goes
    to the parent unasked, so its work is done between runs, where it is counted."""
    token = stack.add_user("forger")
    body = stack.wait(stack.submit(token, FORGED_COMMITMENT).json()["id"])
    assert body["status"] == "accepted", body["message"]
    # Its timed runs' spin and, between them, the product: np.matmul's speed or worse (seen:
    # 0.85 to 0.96, as the honest one's 0.91 to 0.98 on the same machine), not 0.21.
    assert body["score"] > 0.5, body


def test_work_placed_where_no_median_looks_is_charged(stack):
    token = stack.add_user("dodger")
    body = stack.wait(stack.submit(token, MEDIAN_DODGE).json()["id"])
    assert body["status"] == "accepted", body["message"]
    # A product and a quarter in every run: np.matmul's speed or worse, not 0.15 to 0.32.
    assert body["score"] > 0.5, body


def test_a_replaced_loop_claims_no_credit(stack):
    token = stack.add_user("looper")
    body = stack.wait(stack.submit(token, REPLACED_LOOP).json()["id"])
    assert body["status"] == "accepted", body["message"]
    assert body["score"] > 0.6, body  # np.matmul's work: 0.92 to 1.02 seen


def test_prints_cannot_turn_the_checks_off(stack):
    token = stack.add_user("printer")
    body = stack.wait(stack.submit(token, PRINTS_AWAY_THE_CHECKS).json()["id"])
    assert body["status"] == "wrong_answer", body
    assert body["message"].startswith("benchmark-512x512-by-512x512: in a timed run:"), body
    assert body["score"] is None


def test_work_done_ahead_while_preparing_is_charged(stack):
    token = stack.add_user("ahead")
    body = stack.wait(stack.submit(token, WORKS_AHEAD).json()["id"])
    assert body["status"] == "accepted", body["message"]
    timing = timed_case(body)["timing"]
    # The runs alone look several times faster than the reference's: they only return what was
    # ready. Uncharged, that would be the score; charged run by run, the work is back: np.matmul's
    # own speed (seen: 0.95 to 1.05).
    uncharged = statistics.median(timing["cpu_run_ns"]) / 1e6 / body["reference_ms"]
    assert uncharged < 0.34, body
    assert body["score"] > 0.5, body


def test_work_done_by_a_helper_process_is_counted(stack):
    token = stack.add_user("helped")
    body = stack.wait(stack.submit(token, HELPER_PROCESS).json()["id"])
    assert body["status"] == "accepted", body["message"]
    timing = timed_case(body)["timing"]
    # The child's own CPU time is a few copies, a fifth of the product's; the helper's is counted.
    assert len(timing["cpu_run_ns"]) == timing["runs"]
    assert body["score"] > 0.6, body


def test_slowing_the_reference_beside_it_gains_nothing(stack):
    """The reference runs beside the submission, their timed runs in turn on the same CPUs: a
    helper left spinning through them is the submission's CPU time, in its runs and in the
    preparations between them, where the reference's ran."""
    token = stack.add_user("spinner")
    body = stack.wait(stack.submit(token, SLOWS_THE_REFERENCE).json()["id"])
    assert body["status"] == "accepted", body["message"]
    assert body["score"] > 1.5, body


def test_the_reference_is_timed_on_the_same_inputs_in_its_own_sandbox(
    runner_image, tmp_path, monkeypatch
):
    """An accepted submission's runs pair with the reference's on the same sets of the pool: the
    reference is timed in a sandbox of its own, on every set, the submission's first. Where
    reuse is on, kept times are the run-by-run median of several timings of the reference (two
    here, each in a sandbox of its own), the first of which scores the submission that needed
    it, the others made once its verdict is out, which confirm it where they agree; the next
    submission, at a like load, reuses them (no sandbox but its own); one at another load has
    the reference timed again. (The loads the submissions were timed at are set here: the
    suite's host is as busy as it is; its saturation, where nothing is reused, is moved out of
    the way, and two timings agree within a factor of two: tests/test_timed_sets.py shows
    both.)"""
    from judge import timed_sets
    from judge.challenge_packages import ChallengeRepository
    from judge.config import Settings
    from judge.docker_sandbox import DockerSandbox
    from judge.judging import judge
    from judge.reference_pairing import ReferencePairing
    from judge.timed_sets import TimedSets

    monkeypatch.setattr(timed_sets, "SATURATED", 1.01)

    settings = Settings.load(
        {},
        data_dir=tmp_path,
        secret="s" * 40,
        benchmark_budget_s=0.2,
        reference_reuse=1,
        reference_timings=2,
        reference_agreement=1.0,
        reference_load_drift=0.45,
    )
    matmul = ChallengeRepository(settings.challenges_dir).get("matmul")
    pool = TimedSets(settings).pool(matmul)
    pairing = ReferencePairing(settings, "a test machine")
    started = []
    with DockerSandbox(runner_image) as sandbox:
        sandbox.on_start = started.append
        judgement = judge(matmul, HONEST, sandbox, settings, seed=7, pool=pool)
        assert judgement.verdict.value == "accepted" and len(started) == 1
        assert judgement.host_load is not None  # the host's, while its benchmark was timed
        pairing.score(matmul, sandbox, judgement, pool)
        assert len(started) == 2  # a sandbox of its own
        ((first,),) = [pool.references]
        assert not first.confirmed
        pairing.settle()  # the second timing, once the verdict is out: it agrees
        assert len(started) == 3 and pairing.owed is None
        ((reference,),) = [pool.references]
        assert reference is not first and reference.timings.keys() == first.timings.keys()
        assert reference.confirmed and reference.load is not None
        again = judge(matmul, HONEST, sandbox, settings, seed=8, pool=pool)
        again.host_load = reference.load
        pairing.score(matmul, sandbox, again, pool)
        assert len(started) == 4 and pool.references == [reference]  # reused
        third = judge(matmul, HONEST, sandbox, settings, seed=10, pool=pool)
        third.host_load = reference.load
        pairing.score(matmul, sandbox, third, pool)
        assert len(started) == 5 and pool.references == [reference]  # reused
        busy = judge(matmul, HONEST, sandbox, settings, seed=9, pool=pool)
        busy.host_load = reference.load + 0.5 if reference.load < 0.5 else reference.load - 0.5
        pairing.score(matmul, sandbox, busy, pool)
        assert len(started) == 7 and reference not in pool.references[1:]  # timed again
    for scored in (judgement, again, third, busy):
        assert 0.3 < scored.score < 3.0 and scored.scored_on == "a test machine"
    assert pool.uses == 4
    ((name, timing),) = judgement.timings().items()
    assert 0.1 < judgement.reference_ms < 1000 and timing.runs >= 5
    # The reference ran every set of the pool, the first submission's first, in its order.
    theirs = reference.timings[name].variants
    assert sorted(theirs) == list(range(1, pool.count + 1))
    assert list(theirs[: timing.runs]) == list(timing.variants)
    # The second submission ran the pool's sets too, in an order of the runner's drawing.
    assert set(again.timings()[name].variants) <= set(theirs)
    # Its outputs hashed as the reference's on the same sets, though the reference's job gave
    # the case another index: the worker had sent those hashes, for the runner to match.
    known = pool.outputs[name]
    assert sorted(known) == list(range(1, pool.count + 1))
    assert again.output_digests[name] == {v: known[v] for v in again.output_digests[name]}


def test_without_reuse_the_reference_runs_the_submissions_sets_alone(runner_image, tmp_path):
    """Reuse off (the default): the reference is timed right after each accepted submission on
    the very sets it ran, in its order, and on no other (nothing is kept for later ones): a
    submission whose budget allowed three of twelve sets waits for three of the reference's."""
    from judge.challenge_packages import ChallengeRepository
    from judge.config import Settings
    from judge.docker_sandbox import DockerSandbox
    from judge.judging import judge
    from judge.reference_pairing import ReferencePairing
    from judge.timed_sets import TimedSets

    settings = Settings.load(
        {},
        data_dir=tmp_path,
        secret="s" * 40,
        benchmark_budget_s=0.001,  # the fewest runs: min_runs
        benchmark_min_runs=3,
        benchmark_max_runs=12,
    )
    assert not settings.reference_reuse
    matmul = ChallengeRepository(settings.challenges_dir).get("matmul")
    pool = TimedSets(settings).pool(matmul)
    timed = []

    class Watched(ReferencePairing):
        def _timed_once(self, *args, **kwargs):
            timed.append(super()._timed_once(*args, **kwargs))
            return timed[-1]

    pairing = Watched(settings, "a test machine")
    with DockerSandbox(runner_image) as sandbox:
        for seed in (7, 8):
            judgement = judge(matmul, HONEST, sandbox, settings, seed=seed, pool=pool)
            pairing.score(matmul, sandbox, judgement, pool)
            pairing.settle()
            ((name, mine),) = judgement.timings().items()
            assert pool.count == 12 and mine.runs == 3
            assert timed[-1].timings[name].variants == mine.variants
            assert 0.3 < judgement.score < 3.0
    assert len(timed) == 2 and pool.references == [] and pairing.owed is None
