"""The beam-search suite: a greedy trap (the beam finds a better path than greedy decoding), a
beam that misses the best path (an exhaustive or Viterbi search returns a different sequence),
exact ties between candidates of different beams (lexicographic order, not the order of the
beams), all scores equal, log-probabilities on a grid of 1/4 (ties everywhere), impossible
transitions (-inf), length 1, width 1, widths beyond the vocabulary and beyond every sequence,
a vocabulary of one token, asymmetric transition matrices, arguments by name.

Every token's label is permuted at random in the constructed cases. Scores are sums of float64
values: the cases either tie exactly (values on a grid of 1/4, summed exactly in any order) or
draw continuous values whose candidates' scores differ by far more than rounding, so that any
order of summation ranks them the same.

The checker wants ``(sequence, log_prob)``: the sequence a Python list of ints (Python or NumPy
integers) equal to the reference's, the log-probability a float within the tolerance.
"""

import numpy as np

from judge.challenges import Case, call
from judge.checking import PASS, Check, as_parts


def beam_case(name, initial, transitions, length, beam_width, keyword=False):
    initial = np.asarray(initial, dtype=np.float64)
    transitions = np.asarray(transitions, dtype=np.float64)
    if keyword:
        step = call(
            initial_log_probs=initial,
            transition_log_probs=transitions,
            length=int(length),
            beam_width=int(beam_width),
        )
    else:
        step = call(initial, transitions, int(length), int(beam_width))
    return Case(name, steps=(step,))


def relabel(rng, initial, transitions):
    """The same problem with the tokens renamed by a random permutation."""
    initial, transitions = np.asarray(initial, float), np.asarray(transitions, float)
    p = rng.permutation(len(initial))
    new_initial = np.empty_like(initial)
    new_initial[p] = initial
    new_transitions = np.empty_like(transitions)
    new_transitions[np.ix_(p, p)] = transitions
    return new_initial, new_transitions


def log_softmax(x):
    x = x - x.max(axis=-1, keepdims=True)
    return x - np.log(np.exp(x).sum(axis=-1, keepdims=True))


def examples():
    initial = [-0.5, -1.0, -3.0]
    transitions = [[-2.0, -2.0, -2.0], [-3.0, -0.25, -3.0], [-1.0, -1.0, -1.0]]
    yield beam_case("example-greedy-trap-width-2", initial, transitions, 3, 2)
    yield beam_case("example-greedy-width-1", initial, transitions, 3, 1)
    yield beam_case(
        "example-tie-across-beams", [-1.0, 0.0, -9.0], [[-5, 0, -5], [-5, -5, -1], [0, 0, 0]], 2, 2
    )


def hidden(rng: np.random.Generator):
    def grid(shape, low=-12):
        return rng.integers(low, 1, size=shape) / 4.0

    # Greedy keeps token a (-0.5) whose transitions are poor; the beam keeps b as well.
    initial = [-0.5, -1.0, -3.0, -3.0]
    transitions = [[-2.0] * 4, [-3.0, -0.125, -3.0, -3.0], [-1.0] * 4, [-1.0] * 4]
    yield beam_case("greedy-trap", *relabel(rng, initial, transitions), 4, 2)
    # The best path starts with the third-best token: a width of 2 never sees it.
    initial = [-0.125, -0.25, -3.0, -5.0]
    transitions = [[-1, -1, -5, -1], [-1, -1, -5, -1], [-5, -5, 0, -5], [-5, -5, -5, -5]]
    yield beam_case("beam-misses-the-best-path", *relabel(rng, initial, transitions), 5, 2)
    # Ties between candidates of different beams, the lexicographically smaller kept whatever
    # the order of the beams. Step 2: [1, 4] (-0.5), then [0, 3] and [1, 2] tie at -1 for the
    # second place: [0, 3] is kept, and ends best ([0, 3, 0], -1.25); [1, 2, 0] would score -1.
    # Tokens 5.. are padding that is never kept.
    pad = int(rng.integers(0, 4))
    initial = np.full(5 + pad, -9.0)
    initial[:2] = [-1.0, 0.0]
    transitions = np.full((5 + pad, 5 + pad), -5.0)
    transitions[0, 3] = 0.0
    transitions[1, 2], transitions[1, 4] = -1.0, -0.5
    transitions[2, 0], transitions[3, 0] = 0.0, -0.25
    yield beam_case("tie-across-beams-when-pruning", initial, transitions, 3, 2)
    # [1, 2] from the better beam and [0, 1] from the worse one tie at the end.
    initial = np.full(3 + pad, -9.0)
    initial[:2] = [-1.0, 0.0]
    transitions = np.full((3 + pad, 3 + pad), -5.0)
    transitions[0, 1], transitions[1, 2] = 0.0, -1.0
    yield beam_case("tie-across-beams-at-the-end", initial, transitions, 2, 3)
    V = int(rng.integers(3, 7))
    yield beam_case("all-scores-equal", np.full(V, -2.0), np.full((V, V), -2.0), 5, 3)
    yield beam_case("grid-ties-small", grid(6), grid((6, 6)), 7, 3)
    yield beam_case("grid-ties-wide-beam", grid(4, -4), grid((4, 4), -4), 6, 5)
    yield beam_case("grid-ties-by-keyword", grid(9), grid((9, 9)), 8, 4, keyword=True)
    initial = grid(7)
    initial[rng.choice(7, size=2, replace=False)] = 0.5  # two best first tokens
    yield beam_case("length-1-tie", initial, grid((7, 7)), 1, 2)
    yield beam_case("length-1", rng.normal(size=12), rng.normal(size=(12, 12)), 1, 4)
    yield beam_case("width-1", log_softmax(rng.normal(size=10)), grid((10, 10)), 6, 1)
    yield beam_case("width-above-vocabulary", grid(3), grid((3, 3)), 4, 10)
    yield beam_case("width-above-every-sequence", grid(3), grid((3, 3)), 3, 27)
    yield beam_case("one-token-vocabulary", [-0.5], [[-0.25]], 4, 3)
    # Continuous, asymmetric, normalised rows.
    initial = log_softmax(2 * rng.normal(size=8))
    yield beam_case("asymmetric", initial, log_softmax(2 * rng.normal(size=(8, 8))), 10, 3)
    # Impossible transitions: about a third of them -inf (each row keeps a finite entry).
    scores = 2 * rng.normal(size=(10, 10))
    scores[rng.random((10, 10)) < 0.35] = -np.inf
    scores[np.arange(10), rng.integers(0, 10, size=10)] = rng.normal(size=10)
    yield beam_case(
        "impossible-transitions", log_softmax(rng.normal(size=10)), log_softmax(scores), 8, 4
    )
    V = 200
    initial = log_softmax(3 * rng.normal(size=V))
    transitions = log_softmax(3 * rng.normal(size=(V, V)))
    yield beam_case("larger-by-keyword", initial, transitions, 25, 5, keyword=True)


def benchmark(rng: np.random.Generator):
    V = 1500
    initial = log_softmax(3 * rng.normal(size=V))
    transitions = log_softmax(3 * rng.normal(size=(V, V)))
    yield beam_case("benchmark-1500-tokens-width-10-length-50", initial, transitions, 50, 10)


def path_score(initial, transitions, sequence):
    """The log-probability of ``sequence`` (valid tokens), summed left to right."""
    score = float(initial[sequence[0]])
    for i in range(1, len(sequence)):
        score += float(transitions[sequence[i - 1], sequence[i]])
    return score


def check(case, expected, actual, tolerance):
    step = case.steps[0]
    named = dict(step.kwargs)
    initial, transitions, length, _ = step.args or tuple(
        named[k] for k in ("initial_log_probs", "transition_log_probs", "length", "beam_width")
    )
    want_sequence, want_score = expected[0]
    parts, problem = as_parts(actual[0], ("sequence", "log_prob"))
    if problem:
        return Check(False, problem)
    sequence, score = parts
    if not isinstance(sequence, list):
        kind = "None" if sequence is None else f"a {type(sequence).__name__}"
        return Check(False, f"sequence: expected a Python list of ints, got {kind}")
    bad = [
        t for t in sequence if isinstance(t, bool | np.bool_) or not isinstance(t, int | np.integer)
    ]
    if bad:
        return Check(False, f"sequence: expected ints, got a {type(bad[0]).__name__}")
    if len(sequence) != length:
        return Check(False, f"sequence: expected {length} tokens (length), got {len(sequence)}")
    V = len(initial)
    if any(not 0 <= int(t) < V for t in sequence):
        return Check(False, "sequence: a token outside 0 .. V - 1")
    got = [int(t) for t in sequence]
    if got != want_sequence:
        first = next(i for i, (a, b) in enumerate(zip(got, want_sequence, strict=True)) if a != b)
        own = path_score(initial, transitions, got)
        if own > want_score:
            why = (
                "a better sequence than the beam keeps: the beam never reaches it (keep only "
                "beam_width sequences after every step)"
            )
        elif own == want_score:
            why = (
                "as good as the expected one: on a tie the lexicographically smaller sequence wins"
            )
        else:
            why = "a worse sequence than the beam's best"
        return Check(
            False,
            f"sequence differs from the expected one from position {first}; its log-probability "
            f"is {own:.10g}, the expected sequence's {want_score:.10g}: {why}",
        )
    if not isinstance(score, float | np.floating):
        kind = "None" if score is None else f"a {type(score).__name__}"
        return Check(
            False,
            f"log_prob: expected a float (a Python float or NumPy floating scalar), got {kind}",
        )
    value = float(score)
    if not abs(value - want_score) <= tolerance.atol + tolerance.rtol * abs(want_score):
        return Check(
            False,
            f"log_prob is {value:.10g}, expected {want_score:.10g}, the sequence's summed "
            "log-probability (the initial score plus every transition's)",
        )
    return PASS
