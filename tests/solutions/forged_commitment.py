"""A forged output commitment (issue 27, part 1): a matmul submission that did no work in its
timed runs and was still accepted, scored and ranked first, on f34c04a. Since then a timed run's
output goes to the runner's parent unasked, which hashes it before it draws whether to check it,
and the time between runs is counted: this submission does the same work between runs instead,
where it is counted, and scores np.matmul's own speed (0.85 to 0.96, seen through the stack;
``tests/test_scoring.py::test_a_forged_commitment_gains_nothing``). What follows is how it worked.

How it works. Each timed run ends with the child sending a *fingerprint* of the run's output; the
parent then decides, at random, whether to ask for the output itself (command ``o``), and the
worker checks that output against the fingerprint and against the right answer. But:

* the submission runs in the runner's child process (``sys.modules["__main__"]``), and the child
  looks up ``perform_steps``, ``_fingerprint`` and ``send_output`` in its module globals at call
  time, so the submission replaces them as it is loaded;
* the fingerprint is CRC-32 (``wire.fingerprint``), which is affine over GF(2) for a fixed message
  length: ``crc(x ^ d) == crc(x) ^ L(d)``. Flipping the lowest mantissa bit of float64 element
  ``i`` (a change of 1 ulp, far inside rtol=1e-7) changes the CRC by a fixed 32-bit vector
  ``L(e_i)`` that does not depend on the array's contents. With ~48 such vectors (rank 32 with
  overwhelming probability), any CRC can be reached by flipping a subset of them;
* the time from a run's end to the parent's next input set is on no clock that the score uses:
  the output phase is only bounded (``GAP_S``, 2 s), and ``_on_set`` marks the CPU time afresh,
  so neither a run's nor a preparation's CPU time includes the work done there.

So in a timed run this submission computes nothing: it keeps the run's inputs and sends a random
fingerprint. Only if the parent asks for that run's output does it compute ``A @ B`` for the
kept inputs and flip lowest bits until the output's CRC (``digests.fingerprint`` now) equals the
one it sent.
Unchecked runs are never computed at all. Ordinary cases (and the warm-up) are answered honestly.

Seen on f34c04a (the code before the fix), through the real stack (API, Celery worker, Docker
sandbox with the runner image built from f34c04a, paired with the reference in its own sandbox):
status accepted, score 0.209 to 0.219 in five submissions, not flagged
(flag_reason ""), rank 1 on the matmul leaderboard, above an honest np.matmul (0.91-0.98).
Median CPU time per timed run 1.35 ms (the spin below) against the reference's ~6.2 ms. Every
output asked for was forged and passed (a direct judge() run: 5 timed runs, 4 outputs asked
for, all accepted).

Two heuristics on f34c04a, and why they do not catch it:
* the claims heuristic (judge/timing.py ``implausibility``) compares the child's own clock with
  the outside time and the CPU time; here the child's clock is left alone and tells the truth
  about what the run did (nothing, or the spin), so there is nothing to contradict. (Without a
  cgroup, on the outside clock alone, as in ``judge test``, the total-claims check did flag it:
  0.147 ms claimed against 7.4 ms seen.)
* ``judging_service.why_too_fast`` flags scores under 0.1 ("results kept from an earlier run?").
  Doing nothing at all scored 0.0115 and was flagged so (still accepted). Hence the spin: each
  timed run burns a quarter of an honest product's CPU time, measured during the warm-up, and
  the score lands near 0.22, believable and first.
"""

import random
import sys
import time

import numpy as np

# The runner's child, from the submission's point of view (it is run as ``python -m ...child``).
runner = sys.modules.get("__main__")
# The judge's checksums, loaded in the child beside it (``<runner package>.digests``).
checksums = sys.modules.get(f"{getattr(getattr(runner, '__spec__', None), 'parent', '')}.digests")
PATCHABLE = (
    runner is not None
    and hasattr(checksums, "fingerprint")
    and all(hasattr(runner, name) for name in ("perform_steps", "send_output", "wire"))
)
# Today's child sends no fingerprint of its own (the parent hashes the output it is sent): the
# cheat then does its work in send_output, where the parent's clock now counts it. A child whose
# helpers it cannot find at all would leave it an honest product, and its test a test that
# cannot fail: it says so instead.
if not PATCHABLE:
    raise RuntimeError("forged_commitment: the runner's child has changed; this cheat is unarmed")

FLIPS = 48  # candidate elements; 32 independent effects are needed, 48 gives rank 32 almost surely
ONE = np.uint64(1)  # (an older NumPy will not XOR a uint64 array with a Python int)

# How much faster than an honest product each timed run pretends to be. Doing nothing at all
# would be ~90 times faster, and the worker flags a score better than 0.1 as "results kept from
# an earlier run?" (judging_service.why_too_fast); 4 times faster is believable and ranks first.
SPEEDUP = 4
honest_cpu_ns = [0]  # one honest product's CPU time, measured during the warm-up


def matrix_multiplication(A, B):
    return A @ B  # what every ordinary case (and the benchmark's warm-up) gets


# ---------------------------------------------------------------- forging a CRC-32


def _effects(shape, dtype):
    """For FLIPS random elements of an output of this shape: which CRC bits flipping the lowest
    bit of each one toggles. Independent of the contents (CRC is affine), so measured once, on
    zeros, through the judge's own ``digests.fingerprint``."""
    zeros = np.zeros(shape, dtype)
    bits = zeros.view(np.uint64).reshape(-1)
    base = int(checksums.fingerprint([zeros]), 16)
    chosen = random.sample(range(bits.size), FLIPS)
    effects = []
    for i in chosen:
        bits[i] ^= ONE
        effects.append(int(checksums.fingerprint([zeros]), 16) ^ base)
        bits[i] ^= ONE
    return chosen, effects


def _solve(effects, wanted):
    """A subset (bit mask over ``effects``) whose XOR is ``wanted``: Gaussian elimination over
    GF(2), each basis vector carrying the mask of the effects it is made of."""
    basis = {}  # highest set bit -> (vector, mask of effects)
    for k, effect in enumerate(effects):
        vector, mask = effect, 1 << k
        while vector:
            top = vector.bit_length() - 1
            if top not in basis:
                basis[top] = (vector, mask)
                break
            vector, mask = vector ^ basis[top][0], mask ^ basis[top][1]
    mask = 0
    while wanted:
        top = wanted.bit_length() - 1
        if top not in basis:
            return None  # not in the span: draw other elements
        wanted, mask = wanted ^ basis[top][0], mask ^ basis[top][1]
    return mask


_cache = {}


def forge(result, fingerprint):
    """``result`` (a float64 array, changed in place by 1 ulp in a few elements) such that
    ``digests.fingerprint([result]) == fingerprint``."""
    key = (result.shape, result.dtype.str)
    for _ in range(10):
        if key not in _cache:
            _cache[key] = _effects(result.shape, result.dtype)
        chosen, effects = _cache[key]
        wanted = int(checksums.fingerprint([result]), 16) ^ int(fingerprint, 16)
        mask = _solve(effects, wanted)
        if mask is not None:
            break
        del _cache[key]
    bits = result.view(np.uint64).reshape(-1)
    for k, i in enumerate(chosen):
        if mask >> k & 1:
            bits[i] ^= ONE  # the lowest mantissa bit: one ulp
    assert checksums.fingerprint([result]) == fingerprint
    return result


# ---------------------------------------------------------------- replacing the child's helpers

if PATCHABLE:
    real_perform_steps = runner.perform_steps
    real_fingerprint = getattr(runner, "_fingerprint", None)  # gone since the parent hashes
    real_send_output = runner.send_output

    class Promise:
        """A timed run's state as the child sees it: no results, the inputs kept for later."""

        def __init__(self, entry, steps):
            self.entry, self.steps = entry, steps
            self.results = []
            self.digests = []
            self.fingerprint = f"{random.getrandbits(32):08x}"  # committed to nothing

    promised = {}  # the latest timed run's Promise

    def _is_benchmark(steps):
        args = [a for step in steps for a in step.get("args", ())]
        return len(args) == 2 and all(
            isinstance(a, np.ndarray) and a.dtype == np.float64 and a.shape == (512, 512)
            for a in args
        )

    def _cpu_of_one_product(entry, steps):
        """The warm-up (the benchmark case run once, unclocked for the score): how much CPU time
        an honest product takes in this sandbox, the best of three."""
        args = steps[0]["args"]
        best = None
        for _ in range(3):
            started = time.process_time_ns()
            entry(*args)
            spent = time.process_time_ns() - started
            best = spent if best is None else min(best, spent)
        return best

    def perform_steps(entry, steps, digests=True):
        # digests=False only in timed runs; the warm-up and every other case run for real.
        if digests or not _is_benchmark(steps):
            result = real_perform_steps(entry, steps, digests)
            if _is_benchmark(steps):
                honest_cpu_ns[0] = _cpu_of_one_product(entry, steps)
            return result
        started = time.perf_counter_ns()
        state = Promise(entry, steps)  # no product: keep the inputs for later
        promised["state"] = state  # the child asks _fingerprint(state.results) next
        # Burn a quarter of an honest product's CPU time, only so that the score looks like a
        # clever solution's rather than a kept result's. The child's own clock (``_clock``) is
        # left alone, and this one reads the same: it reports this spin truthfully, so the
        # claims match the outside and CPU times and the claims heuristic has nothing to flag.
        until = time.process_time_ns() + honest_cpu_ns[0] // SPEEDUP
        while time.process_time_ns() < until:
            pass
        return state, time.perf_counter_ns() - started, None

    def _fingerprint(results):
        state = promised.get("state")
        if state is not None and results is state.results:
            return state.fingerprint  # random: the run committed to nothing
        return real_fingerprint(results)

    def send_output(events, index, state, *rest):
        # (events, index, state, error, job) on f34c04a; (events, index, state, job) since.
        if isinstance(state, Promise):
            # Asked for this run's output, off every clock the score uses: do the work now, and
            # make the output fit the fingerprint sent before.
            real, _, _ = real_perform_steps(state.entry, state.steps, False)
            (result,) = real.results  # one step: the product
            if real_fingerprint is None:  # nothing sent to forge onto: the product as it is
                state.results = [result]
            else:
                state.results = [forge(np.ascontiguousarray(result), state.fingerprint)]
        return real_send_output(events, index, state, *rest)

    runner.perform_steps = perform_steps
    if real_fingerprint is not None:
        runner._fingerprint = _fingerprint
    runner.send_output = send_output
