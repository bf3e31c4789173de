"""The runner's own logic, run as the real processes (parent and child) outside Docker: what
the result channel carries when the submission prints, crashes, hangs or writes to it."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from judge.protocol import Entry, Job, Step, build_request, go_ahead, input_set, new_nonce
from judge.result_channel import Report, ResultReader, parse_results
from judge.runner.benchmark import checks_required
from judge.runner.messages import Event
from judge.runner.steps import SELF

A = np.arange(6.0).reshape(2, 3)
B = np.ones((3, 2))


def run_runner(source: str, tmp_path, cases=2, time_limit=2.0, steps=None, entry=None):
    steps = steps or [[Step("call", (A, B))]] * cases
    job = Job(
        source=source,
        entry=entry or Entry("matrix_multiplication"),
        cases=steps,
        case_time_limits_s=[time_limit] * len(steps),
        output_limit_bytes=1 << 20,
    )
    nonce = new_nonce()
    env = {**os.environ, "JUDGE_RUNNER_WORKDIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-I", "-m", "judge.runner"],
        input=build_request(job, nonce),
        capture_output=True,
        env=env,
        timeout=60,
    )
    return parse_results(done.stdout, nonce, len(steps)), done.stderr


def test_outputs_and_times_come_back(tmp_path):
    report, _ = run_runner("def matrix_multiplication(A, B):\n    return A @ B", tmp_path)
    assert report.finished and report.ended and report.failure is None
    np.testing.assert_array_equal(report.cases[0].results[0], A @ B)
    assert report.cases[1].time_ns > 0


def test_prints_that_imitate_the_channel_go_to_the_log(tmp_path):
    source = (
        "import sys\n"
        "def matrix_multiplication(A, B):\n"
        "    print('JUDGE-RESULT-1 ' + 'f' * 32)\n"
        "    sys.stdout.buffer.write(b'\\x00\\x00\\x00\\x10JW1\\n fake frame')\n"
        "    sys.stdout.flush()\n"
        "    print('to stderr', file=sys.stderr)\n"
        "    return A @ B\n"
    )
    report, stderr = run_runner(source, tmp_path)
    assert report.finished and len(report.cases) == 2
    assert b"JUDGE-RESULT-1" in stderr and b"to stderr" in stderr


def test_writing_garbage_to_the_channel_is_caught(tmp_path):
    source = (
        "import os, sys\n"
        "def matrix_multiplication(A, B):\n"
        "    os.write(int(sys.argv[1]), b'\\x00\\x00\\x00\\x05hello')\n"
        "    return A @ B\n"
    )
    report, _ = run_runner(source, tmp_path)
    assert report.failure["event"] == "garbage" and report.failure["case"] == 0


@pytest.mark.parametrize(
    "event", ["{'event': ['start'], 'case': 0}", "{'event': 'start', 'case': True}"]
)
def test_well_framed_but_wrong_events_are_caught(tmp_path, event):
    source = (
        "import os, sys\n"
        "from judge.runner import frames, wire\n"
        "def matrix_multiplication(A, B):\n"
        f"    os.write(int(sys.argv[1]), frames.frame(wire.encode({event})))\n"
        "    return A @ B\n"
    )
    report, _ = run_runner(source, tmp_path)
    assert report.failure["event"] == "garbage"


def test_a_sleeping_case_is_stopped_at_the_wall_clock_backstop(tmp_path):
    source = "import time\ndef matrix_multiplication(A, B):\n    time.sleep(60)\n"
    report, _ = run_runner(source, tmp_path, time_limit=0.5)
    failure = report.failure
    assert (failure["event"], failure["case"], failure["clock"]) == ("timeout", 0, "wall")
    assert failure["limit_s"] == 0.5 and failure["wall_ns"] >= 1.5e9  # three times the limit
    assert not report.cases


def test_a_spinning_case_is_stopped_on_its_cpu_time(tmp_path):
    source = "def matrix_multiplication(A, B):\n    while True:\n        pass\n"
    report, _ = run_runner(source, tmp_path, time_limit=0.5)
    failure = report.failure
    assert (failure["event"], failure["case"], failure["clock"]) == ("timeout", 0, "cpu")
    assert failure["cpu_ns"] >= 0.5e9


def test_each_case_is_measured_from_outside(tmp_path):
    source = (
        "import numpy as np\n"
        "def matrix_multiplication(A, B):\n"
        "    big = np.ones((64, 1024, 1024 // 8))  # 64 MiB, touched\n"
        "    return A @ B\n"
    )
    report, _ = run_runner(source, tmp_path)
    for case in report.cases.values():
        assert case.measured is not None and case.measured.wall_ns > 0
        assert case.measured.peak_bytes >= 64 << 20


def test_a_result_in_python_lists_too_big_to_read_says_to_return_arrays(tmp_path):
    big = np.ones((500, 500))  # 250,000 numbers
    source = "def matrix_multiplication(A, B):\n    return (A @ B).tolist()\n"
    report, _ = run_runner(source, tmp_path, steps=[[Step("call", (big, big))]])
    error = report.cases[0].error
    assert error["kind"] == "unsupported_output" and "return NumPy arrays" in error["message"]
    assert report.finished


def test_printing_counts_against_the_output_limit(tmp_path):
    source = (
        "import sys\n"
        "def matrix_multiplication(A, B):\n"
        "    for _ in range(1000):\n"
        "        sys.stdout.write('x' * 100_000)\n"
        "    return A @ B\n"
    )
    report, stderr = run_runner(source, tmp_path)
    assert report.failure["event"] == "output_limit" and report.failure["what"] == "printed"
    assert report.failure["case"] == 0 and 0 < len(stderr) <= 70 * 1024  # the log's cap kept


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("os._exit(3)", {"exit_code": 3}),
        ("os.kill(os.getpid(), 11)", {"signal": "SIGSEGV"}),
    ],
)
def test_a_dying_child_is_reported_with_its_cause(tmp_path, body, expected):
    source = f"import os\ndef matrix_multiplication(A, B):\n    {body}\n"
    report, _ = run_runner(source, tmp_path)
    assert report.failure["event"] == "crashed" and report.failure["case"] == 0
    assert expected.items() <= report.failure.items()


def test_exceptions_name_the_line(tmp_path):
    source = "def matrix_multiplication(A, B):\n    x = 1\n    return A @ undefined\n"
    report, _ = run_runner(source, tmp_path)
    error = report.cases[0].error
    assert error["kind"] == "exception" and error["line"] == 3 and "NameError" in error["message"]


def test_load_errors(tmp_path):
    report, _ = run_runner("def other():\n    pass\n", tmp_path)
    assert report.load_error["kind"] == "entry_missing"
    report, _ = run_runner("raise SystemExit('bye')\n", tmp_path)
    assert report.load_error["kind"] == "exception" and "bye" in report.load_error["message"]


def test_unsupported_output_is_an_error_not_a_crash(tmp_path):
    report, _ = run_runner("def matrix_multiplication(A, B):\n    return lambda: 1\n", tmp_path)
    assert report.cases[0].error["kind"] == "unsupported_output"
    assert report.finished


def test_a_forked_process_does_not_keep_the_run_alive(tmp_path):
    source = (
        "import os, time\n"
        "def matrix_multiplication(A, B):\n"
        "    if os.fork() == 0:\n"
        "        time.sleep(120)\n"
        "    return A @ B\n"
    )
    report, _ = run_runner(source, tmp_path)
    assert report.finished and report.ended


LAYER = (
    "import numpy as np\n"
    "class Layer:\n"
    "    def __init__(self, n):\n"
    "        self.W = np.zeros((n, n))\n"
    "    def forward(self, X):\n"
    "        return X @ self.W\n"
)


def test_a_class_entry_is_built_read_set_and_called_in_order(tmp_path):
    W = np.arange(4.0).reshape(2, 2)
    steps = [
        Step("call", (2,)),
        Step("get", names=("W", "missing")),
        Step("set", values=(("W", W),)),
        Step("method", (A[:, :2],), name="forward"),
    ]
    report, _ = run_runner(LAYER, tmp_path, steps=[steps], entry=Entry("Layer", "class"))
    results = report.cases[0].results
    assert results[0] is None  # the object stays in the sandbox
    assert set(results[1]) == {"W"}  # a missing attribute is absent, not an error
    np.testing.assert_array_equal(results[1]["W"], np.zeros((2, 2)))
    assert results[2] is None
    np.testing.assert_array_equal(results[3], A[:, :2] @ W)


SGD = (
    "class SGD:\n"
    "    def __init__(self, lr):\n"
    "        self.lr, self.seen = lr, []\n"
    "    def step(self, params, grads):\n"
    "        self.seen.append([id(p) for p in params])\n"
    "        for p, g in zip(params, grads):\n"
    "            p -= self.lr * g\n"
    "        return 'ignored'\n"
    "    def same_arrays(self):\n"
    "        return all(ids == self.seen[0] for ids in self.seen)\n"
)


def in_place_steps(params, grads_per_step):
    first, *later = grads_per_step
    return [
        Step("call", (0.5,)),
        Step("method", (params, first), name="step", in_place=0),
        *(Step("method", (None, grads), name="step", in_place=0) for grads in later),
        Step("method", name="same_arrays"),
    ]


def test_an_in_place_step_returns_the_updated_arguments_and_gives_them_again(tmp_path):
    params = [np.ones(3), np.full((2, 2), 4.0)]
    grads = [[np.ones(3), np.ones((2, 2))], [np.full(3, 2.0), np.zeros((2, 2))]]
    steps = in_place_steps(params, grads)
    report, _ = run_runner(SGD, tmp_path, steps=[steps], entry=Entry("SGD", "class"))
    after_first, after_second, same_arrays = report.cases[0].results[1:]
    np.testing.assert_array_equal(after_first[0], np.full(3, 0.5))  # a copy, not the final state
    np.testing.assert_array_equal(after_second[0], np.full(3, -0.5))
    np.testing.assert_array_equal(after_second[1], np.full((2, 2), 3.5))
    assert same_arrays is True  # later steps got the very arrays the first one did


def test_an_in_place_step_reads_back_the_judges_arrays_not_rebound_slots(tmp_path):
    rebinding = SGD.replace("p -= self.lr * g", "pass").replace(
        "        for p, g in zip(params, grads):\n",
        "        params[:] = [p - self.lr * g for p, g in zip(params, grads)]\n"
        "        for p, g in zip(params, grads):\n",
    )
    steps = in_place_steps([np.ones(2)], [[np.ones(2)], [np.ones(2)]])
    report, _ = run_runner(rebinding, tmp_path, steps=[steps], entry=Entry("SGD", "class"))
    results = report.cases[0].results
    np.testing.assert_array_equal(results[1][0], np.ones(2))  # the judge's array, unchanged
    np.testing.assert_array_equal(results[2][0], np.ones(2))


def test_keyword_arguments_reach_the_entry_point_by_name(tmp_path):
    source = "def f(n, batch_size, shuffle=True):\n    return [n, batch_size, shuffle]\n"
    steps = [[Step("call", (5, 2), kwargs=(("shuffle", False),))]]
    report, _ = run_runner(source, tmp_path, steps=steps, entry=Entry("f"))
    assert report.cases[0].results[0] == [5, 2, False]
    renamed = "def f(n, batch_size, shuffled=True):\n    return n\n"
    report, _ = run_runner(renamed, tmp_path, steps=steps, entry=Entry("f"))
    assert "unexpected keyword argument 'shuffle'" in report.cases[0].error["message"]


CLIP = (
    "import numpy as np\n"
    "def clip(grads, max_norm):\n"
    "    total = float(np.sqrt(sum((g * g).sum() for g in grads)))\n"
    "    for g in grads:\n"
    "        g *= min(1.0, max_norm / total)\n"
    "    return total\n"
)


def test_a_call_in_place_gives_what_it_returned_and_the_argument_after_it(tmp_path):
    grads = [np.full(3, 4.0), np.full(1, 4.0)]  # norm 8
    steps = [[Step("call", (grads, 2.0), in_place=0)]]
    report, _ = run_runner(CLIP, tmp_path, steps=steps, entry=Entry("clip"))
    total, after = report.cases[0].results[0]
    assert total == 8.0
    np.testing.assert_array_equal(after[0], np.ones(3))
    np.testing.assert_array_equal(after[1], np.ones(1))
    rebinding = CLIP.replace("    for g in grads:\n        g *=", "    grads[:] = [g *").replace(
        "max_norm / total)\n", "max_norm / total) for g in grads]\n"
    )
    report, _ = run_runner(rebinding, tmp_path, steps=steps, entry=Entry("clip"))
    total, after = report.cases[0].results[0]
    assert total == 8.0 and after[0].tolist() == [4.0] * 3  # the judge's arrays, unscaled


def test_a_method_that_returns_its_object_reports_the_marker(tmp_path):
    source = (
        "class Tree:\n"
        "    def fit(self, X):\n"
        "        self.X = X\n"
        "        return self\n"
        "    def other(self):\n"
        "        return Tree()\n"
    )
    steps = [
        [Step("call"), Step("method", (1,), name="fit")],
        [Step("call"), Step("method", name="other")],
    ]
    report, _ = run_runner(source, tmp_path, steps=steps, entry=Entry("Tree", "class"))
    assert report.cases[0].results == [None, SELF]
    assert report.cases[1].error["kind"] == "unsupported_output"  # another object cannot travel


def test_in_place_names_one_of_a_methods_arguments():
    with pytest.raises(ValueError, match="in_place"):
        Step("call", (1, 2), in_place=2)
    with pytest.raises(ValueError, match="in_place"):
        Step("set", values=(("W", 1),), in_place=0)
    with pytest.raises(ValueError, match="in_place"):
        Step("method", (1,), name="step", in_place=1)
    with pytest.raises(ValueError, match="keyword"):
        Step("get", names=("W",), kwargs=(("x", 1),))


def test_a_function_where_a_class_is_expected_is_a_load_error(tmp_path):
    source = "def Layer(n):\n    return n\n"
    report, _ = run_runner(source, tmp_path, entry=Entry("Layer", "class"))
    assert report.load_error["kind"] == "entry_not_callable"
    assert "not a class" in report.load_error["message"]


def test_a_raising_step_reports_its_exception_classes_and_earlier_results(tmp_path):
    source = (
        "class ShapeError(ValueError):\n    pass\n"
        "def matrix_multiplication(A, B):\n"
        "    if A.shape[1] != B.shape[0]:\n"
        "        raise ShapeError('no')\n"
        "    return A @ B\n"
    )
    steps = [[Step("call", (A, B)), Step("call", (A, A), raises="ValueError")]]
    report, _ = run_runner(source, tmp_path, steps=steps)
    event = report.cases[0]
    np.testing.assert_array_equal(event.results[0], A @ B)
    assert event.error["types"][:3] == ["ShapeError", "ValueError", "Exception"]


def test_digests_show_an_input_modified_in_place(tmp_path):
    from judge.runner import digests

    source = "def matrix_multiplication(A, B):\n    A *= 2\n    return A @ B\n"
    report, _ = run_runner(source, tmp_path, cases=1)
    after_a, after_b = report.cases[0].digests[0]
    assert after_a == digests.digest(A * 2) != digests.digest(A)
    assert after_b == digests.digest(B)


def test_digests_see_into_lists_however_the_submission_changed_them(tmp_path):
    from judge.runner import digests

    sent = ([np.ones(2), np.zeros(3)], [1.0, 2.0])
    changes = {
        "grads[1] += 1": digests.digest([np.ones(2), np.ones(3)]),
        "losses.sort(reverse=True)": digests.digest([2.0, 1.0]),
        "grads.append(grads)": None,  # cyclic: a digest no input has
        "pass": digests.digest(sent[0]),
    }
    for change, expected in changes.items():
        source = f"def f(grads, losses):\n    {change}\n    return 0\n"
        report, _ = run_runner(source, tmp_path, steps=[[Step("call", sent)]], entry=Entry("f"))
        after = report.cases[0].digests[0]
        if change == "pass":
            assert after == [digests.digest(sent[0]), digests.digest(sent[1])]
        else:
            changed = after[0] if change.startswith("grads") else after[1]
            assert changed != digests.digest(sent[0]) and changed != digests.digest(sent[1])
            assert expected is None or changed == expected


#: The benchmark case's further input sets: one per timed run, each a multiple of A.
SETS = 6


def run_benchmark(source: str, tmp_path, go: bool, budget_s: float = 0.3, order=None, known=None):
    """Two cases, the second a benchmark: held back until the worker's answer at the checkpoint
    (here written ahead, after the request, or left out); its timed runs on ``SETS`` input sets,
    set ``k`` being ``(A * (k + 1), B)``."""
    job = Job(
        source=source,
        entry=Entry("matrix_multiplication"),
        cases=[[Step("call", (A, B))], [Step("call", (A, B))]],
        case_time_limits_s=[2.0, 2.0],
        output_limit_bytes=1 << 20,
        benchmarks=frozenset({1}),
        bench_plan={"budget_s": budget_s, "min_runs": 5, "rse": 0.0},
    )
    sets = [[Step("call", (A * (k + 1), B))] for k in range(1, SETS + 1)]
    nonce = new_nonce()
    answer = go_ahead(SETS, {1: order} if order else None) if go else b"STOP\n"
    return converse(job, nonce, answer, sets, tmp_path, known)


def converse(
    job: Job,
    nonce: str,
    answer: bytes,
    sets: list[list[Step]],
    tmp_path,
    known: dict[int, str] | None = None,
) -> Report:
    """The runner driven as the worker drives it: the request and the answer at the checkpoint
    at once, then each input set the runner asks for, when it asks (with the hash of the
    reference's output on it, where ``known`` has it)."""
    runner = subprocess.Popen(
        [sys.executable, "-I", "-m", "judge.runner"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "JUDGE_RUNNER_WORKDIR": str(tmp_path)},
    )
    assert runner.stdin is not None and runner.stdout is not None
    runner.stdin.write(build_request(job, nonce) + answer)
    runner.stdin.flush()

    def on_event(event: Event, case: int) -> None:
        if event is Event.NEED:
            _, variant = reader.report.need
            hashed = (known or {}).get(variant, "")
            runner.stdin.write(input_set(case, variant, sets[variant - 1], hashed))
            runner.stdin.flush()

    reader = ResultReader(nonce, len(job.cases), on_event)
    with runner:
        while chunk := runner.stdout.read1(1 << 16):
            reader.feed(chunk)
        runner.stdin.close()
        runner.wait(timeout=60)
    return reader.finish()


MATMUL = "def matrix_multiplication(A, B):\n    return A @ B\n"


def test_the_benchmark_waits_for_the_go_ahead(tmp_path):
    report = run_benchmark(MATMUL, tmp_path, go=False)
    assert report.checkpoint and report.finished and report.failure is None
    assert list(report.cases) == [0] and not report.timed


def test_the_worker_may_choose_the_order_of_the_sets(tmp_path):
    # As for the reference: the submission's sets first, in the order it ran them.
    order = [3, 1, 4, 2] + [v for v in range(5, SETS + 1)]
    report = run_benchmark(MATMUL, tmp_path, go=True, order=order)
    assert report.finished and report.failure is None
    variants = report.timed[1].observed["variants"]
    assert len(variants) >= 5 and variants == order[: len(variants)]


def test_benchmark_runs_each_have_new_inputs_and_outputs_are_checked(tmp_path):

    report = run_benchmark(MATMUL, tmp_path, go=True)
    assert report.finished and report.failure is None
    np.testing.assert_array_equal(report.cases[1].results[0], A @ B)  # the warm-up, checked
    timed = report.timed[1]
    observed = timed.observed
    runs = len(timed.claimed_ns)
    assert 5 <= runs <= SETS and timed.claimed_ns == observed["claimed_ns"]
    assert len(observed["outside_ns"]) == len(observed["digests"]) == runs
    assert all(o >= c for o, c in zip(observed["outside_ns"], timed.claimed_ns, strict=True))
    # Each run on a set of its own, never the warm-up's (0), in an order drawn by the parent.
    assert len(set(observed["variants"])) == runs and 0 not in observed["variants"]
    assert len(observed["prepare_ns"]) == runs and all(p > 0 for p in observed["prepare_ns"])
    # Outside a container of its own the parent has only its child's clock ticks: too coarse.
    assert observed["cpu_run_ns"] == observed["cpu_prepare_ns"] == []
    # The first timed run's output is always checked, a quarter at the least, the others' by
    # chance, chosen once the output was in the parent's hands; every run's output is hashed.
    checked = observed["checked"]
    assert checked[0] == 0 and len(timed.outputs) == len(checked) >= checks_required(runs)
    for run, output in zip(checked, timed.outputs, strict=True):
        k = observed["variants"][run]
        np.testing.assert_array_equal(output.results[0], (A * (k + 1)) @ B)
        assert results_hash([(A * (k + 1)) @ B]) == observed["digests"][run]
    assert len(set(observed["digests"])) == runs  # each run's inputs, each run's output
    assert observed["matched"] == []  # no hash of the reference's outputs was given


def results_hash(results) -> str:
    """The runner's hash of these results, as a timed run's output of any case carries them."""
    from judge.runner import wire
    from judge.runner.benchmark import results_digest

    tree, blobs = wire.split(wire.encode({"event": "output", "case": 7, "results": results}))
    return results_digest(tree["$map"]["results"], blobs)


def test_a_run_whose_output_is_the_references_is_right_and_not_sent_again(tmp_path):
    """With a set, the worker may send the hash of the reference's output on it: a run whose
    results hash the same is right, counted among the checked, and its output is not sent. The
    hash is of the results alone, whatever case's they are (the reference's job has other case
    indices). Runs on the other sets are checked as before, and a wrong hash matches nothing."""
    right = {k: results_hash([(A * (k + 1)) @ B]) for k in range(1, SETS + 1)}
    known = {k: digest if k % 2 else "0" * 64 for k, digest in right.items()}  # even: wrong
    report = run_benchmark(MATMUL, tmp_path, go=True, known=known)
    assert report.finished and report.failure is None
    timed = report.timed[1]
    observed = timed.observed
    variants, checked, matched = observed["variants"], observed["checked"], observed["matched"]
    assert [variants[run] % 2 for run in matched] == [1] * len(matched) and matched
    assert all(observed["digests"][run] == right[variants[run]] for run in range(len(variants)))
    assert not set(matched) & set(checked) and len(timed.outputs) == len(checked)
    assert {0} <= set(matched) | set(checked)  # the first run's vouched for, one way or another
    assert len(matched) == sum(v % 2 for v in variants)
    everything = run_benchmark(MATMUL, tmp_path, go=True, known=right)
    observed = everything.timed[1].observed
    assert observed["matched"] == list(range(len(observed["variants"])))
    assert observed["checked"] == [] and everything.timed[1].outputs == []


def test_a_kept_result_is_wrong_on_the_next_inputs(tmp_path):
    """The attack the input sets answer: work once, then return what was kept, instantly."""
    source = (
        "kept = []\n"
        "def matrix_multiplication(A, B):\n"
        "    if not kept:\n"
        "        kept.append(A @ B)\n"
        "    return kept[0]\n"
    )
    report = run_benchmark(source, tmp_path, go=True)
    timed = report.timed[1]
    observed = timed.observed
    sets = [observed["variants"][run] for run in observed["checked"]]
    assert timed.outputs and not any(
        np.array_equal(output.results[0], (A * (k + 1)) @ B)
        for output, k in zip(timed.outputs, sets, strict=True)
    )
    assert len(set(observed["digests"])) == 1  # every run the same output, whatever its inputs


def test_the_childs_job_holds_no_case_inputs():
    """Every case stays with the runner's parent until its clock starts: nothing to precompute
    while loading, nor between cases."""
    from judge.runner import wire

    job = Job(
        source=MATMUL,
        entry=Entry("matrix_multiplication"),
        cases=[[Step("call", (A * 5, B))], [Step("call", (A * 7, B))]],
        case_time_limits_s=[2.0, 2.0],
        output_limit_bytes=1 << 20,
        benchmarks=frozenset({1}),
    )
    request = build_request(job, new_nonce())
    _, control, rest = request.split(b"\n", 2)
    sizes = json.loads(control)
    child_job = wire.decode(rest[: sizes["job_bytes"]], limits=wire.REQUEST)
    assert "cases" not in child_job and sizes["benchmarks"] == [1]
    held = rest[sizes["job_bytes"] :]
    assert len(held) == sizes["cases_bytes"]
    assert (A * 5).tobytes() in held and (A * 7).tobytes() in held


LOOK_AHEAD = (
    "import sys, numpy as np\n"
    "def found(value, want, depth=0):\n"
    "    if isinstance(value, np.ndarray):\n"
    "        return value.shape == want.shape and np.array_equal(value, want)\n"
    "    if depth < 6 and isinstance(value, (list, tuple)):\n"
    "        return any(found(v, want, depth + 1) for v in value)\n"
    "    if depth < 6 and isinstance(value, dict):\n"
    "        return any(found(v, want, depth + 1) for v in value.values())\n"
    "    return False\n"
    "def matrix_multiplication(A, B):\n"
    "    frame, want = sys._getframe(1), FACTOR * A\n"
    "    while frame is not None:\n"
    "        if any(found(v, want) for v in frame.f_locals.values()):\n"
    "            return np.zeros((A.shape[0], B.shape[1]))\n"
    "        frame = frame.f_back\n"
    "    return A @ B\n"
)


def test_the_child_gets_each_input_set_only_for_its_run(tmp_path):
    """Nothing of a timed run's inputs reaches the child before the run is prepared: a warm-up
    that looks through the child's frames for the next set (2 A), to work ahead, finds nothing.
    The same search finds the warm-up's own inputs (1 A): it would find the sets if they were
    there."""
    ahead = run_benchmark("FACTOR = 2\n" + LOOK_AHEAD, tmp_path, go=True)
    np.testing.assert_array_equal(ahead.cases[1].results[0], A @ B)  # the warm-up
    own = run_benchmark("FACTOR = 1\n" + LOOK_AHEAD, tmp_path, go=True)
    assert not np.array_equal(own.cases[1].results[0], A @ B)


def test_a_run_event_nobody_asked_for_is_caught(tmp_path):
    source = (
        "import os, sys\n"
        "from judge.runner import frames, wire\n"
        "def matrix_multiplication(A, B):\n"
        "    os.write(int(sys.argv[1]), frames.frame(wire.encode("
        "{'event': 'run', 'case': 0, 'time_ns': 1})))\n"
        "    return A @ B\n"
    )
    report = run_benchmark(source, tmp_path, go=True)
    assert report.failure["event"] == "garbage"


# Returns the resident memory of the child and of the runner's parent while it runs.
MEMORY_IN_THE_CALL = (
    "import os, numpy as np\n"
    "def resident(pid):\n"
    "    with open(f'/proc/{pid}/status') as f:\n"
    "        line = next(line for line in f if line.startswith('VmRSS:'))\n"
    "    return int(line.split()[1]) * 1024\n"
    "def matrix_multiplication(A, B):\n"
    "    return np.array([resident('self'), resident(os.getppid())])\n"
)


def test_the_judges_copies_of_the_inputs_are_gone_while_the_submission_runs(tmp_path):
    """The sandbox's memory limit counts the runner's parent and the child alike: while the
    submission runs, the parent holds no copy of its inputs, and the child holds one (the
    submission's own), in the benchmark's timed runs as in its warm-up. Once, a timed run held
    three more (the warm-up's message and its own, and the parent's), and a right solution with
    a third of its limit to spare was killed."""
    big = np.ones((2500, 2000))  # 40 MB: past glibc's largest threshold for mapped blocks
    job = Job(
        source=MEMORY_IN_THE_CALL,
        entry=Entry("matrix_multiplication"),
        cases=[[Step("call", (A, B))], [Step("call", (big, B))]],
        case_time_limits_s=[5.0, 5.0],
        output_limit_bytes=1 << 20,
        benchmarks=frozenset({1}),
        bench_plan={"budget_s": 0.1, "min_runs": 2, "max_runs": 2, "rse": 0.0},
    )
    sets = [[Step("call", (big * k, B))] for k in (2, 3)]
    report = converse(job, new_nonce(), go_ahead(2), sets, tmp_path)
    assert report.finished and report.failure is None, report.failure
    child_warm_up, _ = report.cases[1].results[0]
    child_timed, parent_timed = report.timed[1].outputs[0].results[0]  # always checked
    slack = 8 << 20
    assert child_timed <= child_warm_up + slack, (child_timed - child_warm_up) >> 20
    assert parent_timed < big.nbytes, parent_timed >> 20


HEAP_AT_WORK = """
import os, sys
from judge.runner import heap

def resident():
    with open("/proc/self/status") as f:
        return int(next(line for line in f if line.startswith("VmRSS:")).split()[1]) * 1024

def a_set_passed_on(size):
    data = bytearray(size)
    memoryview(data)[:] = memoryview(SOURCE)[:size]  # every page touched, as by a set read
    del data

SOURCE = os.urandom(48 << 20)
heap.return_freed()
base = resident()
a_set_passed_on(6 << 20)
returned = resident() - base
heap.keep_freed()
a_set_passed_on(6 << 20)
kept = resident() - base
a_set_passed_on(40 << 20)  # larger than what is kept: mapped and returned
large = resident() - base
heap.give_back()
print(returned >> 20, kept >> 20, large >> 20, (resident() - base) >> 20)
"""


def test_the_parent_keeps_freed_pages_only_while_timing_and_within_its_bound():
    """``judge.runner.heap``, with glibc's real allocator: outside the timed runs a freed 6 MB
    set goes back to the system; while timing it is kept for the next (no fresh pages), a set
    over 8 MiB is not, and once the timing ends all of it goes back."""
    run = subprocess.run(
        [sys.executable, "-c", HEAP_AT_WORK],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert run.returncode == 0, run.stderr
    returned, kept, large, given_back = map(int, run.stdout.split())
    assert returned <= 1, returned
    assert 5 <= kept <= 7, kept
    assert large <= kept + 1, large
    assert given_back <= 1, given_back


@pytest.mark.parametrize(
    ("failcnt", "peak", "failures"),
    [("0", 64 << 20, 1), ("0", (64 << 20) - 4096, 0), ("3", 64 << 20, 3)],
    ids=["peak-at-the-limit", "below-it", "counted"],
)
def test_a_cgroup_v1_limit_reached_is_seen_where_failcnt_stays_zero(
    tmp_path, failcnt, peak, failures
):
    """Kernel 6.18 keeps cgroup v1's memory.failcnt at 0 however often the limit is reached:
    the peak at the limit says it was (a case that runs out of time there is then a memory
    verdict, not a time one). A cgroup v1 tree as the container sees it, written here."""
    from judge.runner.cgroup import CgroupMeter

    memory = tmp_path / "memory"
    memory.mkdir()
    (memory / "memory.failcnt").write_text(f"{failcnt}\n")
    (memory / "memory.max_usage_in_bytes").write_text(f"{peak}\n")
    (memory / "memory.limit_in_bytes").write_text(f"{64 << 20}\n")
    (memory / "memory.oom_control").write_text("oom_kill_disable 0\nunder_oom 0\noom_kill 2\n")
    record = CgroupMeter(str(tmp_path)).memory()
    assert (record.failures, record.oom_kills, record.peak_bytes) == (failures, 2, peak)


def test_checks_never_fall_below_their_floor():
    """The parent's draw, run after run: the first run's output always checked, a quarter at
    the least after every run, half of the rest on average; a run is made only where the checks'
    budget could hold a check it would owe."""
    from judge.runner.benchmark import BenchmarkPlan, Timing

    plan = BenchmarkPlan({})
    share = []
    for _ in range(400):
        timing = Timing(1, None, list(range(1, 13)), check_bytes=64 << 20)
        for run in range(12):
            if not plan.can_hold_to_account(timing, 2 << 20):
                break
            timing.outside_ns.append(1000)
            if plan.check_this(timing, 2 << 20):
                timing.checked.append(run)
                timing.check_left -= 2 << 20
            assert timing.checked[0] == 0 and len(timing.checked) >= checks_required(run + 1)
        assert timing.check_left >= 0
        share.append(len(timing.checked) / len(timing.outside_ns))
    assert 0.45 < sum(share) / len(share) < 0.65  # (1 + 11 / 2) / 12: 0.54
    # A budget too small for one more owed check ends the runs, rather than leave one unchecked.
    tight = Timing(1, None, [1, 2, 3, 4, 5, 6], check_bytes=3 << 20)
    tight.outside_ns, tight.checked, tight.check_left = [1000] * 4, [0], 1 << 20
    assert not plan.can_hold_to_account(tight, 2 << 20)
    tight.outside_ns = [1000] * 3
    assert plan.can_hold_to_account(tight, 2 << 20)  # four runs owe one check: it was made


def test_outputs_too_large_for_the_checks_still_owed_end_the_runs(tmp_path):
    """Timed outputs of 600 KB on a checks' budget of 1 MiB: the first is checked, the next
    three cannot be (no room) and need not be (a quarter of four runs is one), and a fifth run,
    which would owe a check the budget cannot hold, is not made. The floor holds; the runs stop."""
    source = (
        "import numpy as np\n"
        "calls = [0]\n"
        "def matrix_multiplication(A, B):\n"
        "    calls[0] += 1\n"
        "    return A @ B if calls[0] <= 2 else np.zeros(75_000)\n"
    )
    report = run_benchmark(source, tmp_path, go=True)
    assert report.finished and report.failure is None, report.failure
    observed = report.timed[1].observed
    assert len(observed["outside_ns"]) == 4 and observed["checked"] == [0]
    assert len(set(observed["digests"])) == 1 and len(report.timed[1].outputs) == 1


@pytest.mark.parametrize("version", [1, 2])
def test_the_kernels_time_and_the_memory_taken_are_read_from_either_cgroup(tmp_path, version):
    """A timeout's account: the system part of the sandbox's CPU time, and its memory now and
    its limit (cgroup v1's "no limit", a number near 2**63, is none). Trees as a container sees
    them, written here."""
    from judge.runner.cgroup import TICK_NS, CgroupMeter

    if version == 2:
        (tmp_path / "cgroup.controllers").write_text("cpu memory\n")
        (tmp_path / "cpu.stat").write_text(
            "usage_usec 2000000\nuser_usec 100000\nsystem_usec 1900000\n"
        )
        (tmp_path / "memory.current").write_text(f"{300 << 20}\n")
        (tmp_path / "memory.max").write_text("max\n")
        kernel, limit = 1_900_000_000, None
    else:
        for folder in ("cpuacct", "memory"):
            (tmp_path / folder).mkdir()
        (tmp_path / "cpuacct" / "cpuacct.stat").write_text("user 10\nsystem 190\n")
        (tmp_path / "memory" / "memory.usage_in_bytes").write_text(f"{300 << 20}\n")
        (tmp_path / "memory" / "memory.limit_in_bytes").write_text(f"{512 << 20}\n")
        kernel, limit = 190 * TICK_NS, 512 << 20
    meter = CgroupMeter(str(tmp_path))
    now = meter.memory()
    assert meter.kernel_ns() == kernel
    assert (now.usage_bytes, now.limit_bytes) == (300 << 20, limit)
    before = dataclasses.replace(now, usage_bytes=100 << 20)
    assert now.grown_since(before) == 200 << 20
    assert before.grown_since(now) == 0, "memory given back is not taken"
    # A limit past any memory is none, as v1's "no limit" is; v2 writes "max".
    huge = "9223372036854771712\n"
    if version == 1:
        (tmp_path / "memory" / "memory.limit_in_bytes").write_text(huge)
    else:
        (tmp_path / "memory.max").write_text(huge)
    assert meter.memory().limit_bytes is None
