"""The torch_lstm_classifier suite: batches of mixed lengths in no particular order (always one
sequence of the full length T and one of length 1 where the batch has room), a batch of one
shorter than T, a single time step, every sequence at full length, one hidden unit, one class, a
padding index other than 0, weights large enough to saturate the gates, and a benchmark.

Padded positions hold padding_idx, whose embedding row is zero; the LSTM's biases still move its
state there, so reading the last padded step instead of the last real one is far off. Each step's
result is harness.py's: the state_dict's names and shapes, then the logits.
"""

import numpy as np

from judge.challenges import Case, call
from judge.checking import PASS, Check, check_array, check_state_dict


def random_weights(rng, vocab_size, embed_dim, hidden_dim, num_classes, padding_idx, scale=1.0):
    s = scale / np.sqrt(hidden_dim)
    embedding = rng.normal(size=(vocab_size, embed_dim))
    embedding[padding_idx] = 0.0  # as nn.Embedding keeps it
    return {
        "embedding.weight": embedding,
        "lstm.weight_ih_l0": rng.normal(
            scale=scale / np.sqrt(embed_dim), size=(4 * hidden_dim, embed_dim)
        ),
        "lstm.weight_hh_l0": rng.normal(scale=s, size=(4 * hidden_dim, hidden_dim)),
        "lstm.bias_ih_l0": rng.normal(scale=0.5, size=4 * hidden_dim),
        "lstm.bias_hh_l0": rng.normal(scale=0.5, size=4 * hidden_dim),
        "fc.weight": rng.normal(scale=1.0, size=(num_classes, hidden_dim)),
        "fc.bias": rng.normal(scale=0.1, size=num_classes),
    }


def batch(rng, lengths, steps, vocab_size, padding_idx):
    """Tokens other than padding_idx up to each length, padding_idx after it."""
    lengths = np.asarray(lengths, dtype=np.int64)
    tokens = rng.integers(1, vocab_size, size=(len(lengths), steps))
    tokens[tokens == padding_idx] = 0 if padding_idx else 1
    tokens[np.arange(steps)[None] >= lengths[:, None]] = padding_idx
    return tokens.astype(np.int64), lengths


def mixed_lengths(rng, size, steps):
    """Lengths from 1 to steps, the full one and 1 among them, in shuffled order (never sorted
    from longest to shortest, which packing with enforce_sorted=True requires)."""
    lengths = rng.integers(1, steps + 1, size=size)
    if size >= 2:
        lengths[:2] = (1, steps)
    return lengths  # (1, T, ...): never in decreasing order


def _case(name, rng, lengths, steps, vocab, embed, hidden, classes, *, padding_idx=0, scale=1.0):
    weights = random_weights(rng, vocab, embed, hidden, classes, padding_idx, scale)
    tokens, lengths = batch(rng, lengths, steps, vocab, padding_idx)
    return Case(
        name, steps=(call(vocab, embed, hidden, classes, padding_idx, weights, tokens, lengths),)
    )


def examples():
    # Five words, two dimensions, three hidden units, two classes; the second sequence is padded.
    # The weights are a formula the statement writes in PyTorch: parameter k (in the state_dict's
    # order) is 0.5 * sin(i + k) over its elements i, in C order.
    shapes = {
        "embedding.weight": (5, 2),
        "lstm.weight_ih_l0": (12, 2),
        "lstm.weight_hh_l0": (12, 3),
        "lstm.bias_ih_l0": (12,),
        "lstm.bias_hh_l0": (12,),
        "fc.weight": (2, 3),
        "fc.bias": (2,),
    }
    weights = {
        name: 0.5 * np.sin(np.arange(np.prod(shape)) + k).reshape(shape)
        for k, (name, shape) in enumerate(shapes.items())
    }
    tokens = np.array([[1, 2, 3, 4], [4, 3, 0, 0]], dtype=np.int64)
    lengths = np.array([4, 2], dtype=np.int64)
    yield Case("example-two-sequences", steps=(call(5, 2, 3, 2, 0, weights, tokens, lengths),))


def hidden(rng: np.random.Generator):
    yield _case("mixed-lengths", rng, mixed_lengths(rng, 5, 8), 8, 20, 6, 7, 3)
    yield _case("longer-batch", rng, mixed_lengths(rng, 8, 15), 15, 50, 8, 10, 4)
    yield _case("batch-of-one", rng, [4], 7, 12, 5, 6, 3)
    yield _case("one-time-step", rng, [1, 1, 1], 1, 10, 4, 5, 2)
    yield _case("full-lengths", rng, [6, 6, 6], 6, 10, 4, 5, 2)
    yield _case("one-hidden-unit", rng, mixed_lengths(rng, 4, 6), 6, 10, 3, 1, 3)
    yield _case("one-class", rng, mixed_lengths(rng, 4, 6), 6, 10, 3, 4, 1)
    yield _case("padding-index-3", rng, mixed_lengths(rng, 4, 7), 7, 10, 4, 5, 3, padding_idx=3)
    yield _case("saturated-gates", rng, mixed_lengths(rng, 4, 9), 9, 15, 6, 8, 3, scale=20.0)


def benchmark(rng: np.random.Generator):
    yield _case("benchmark-64x64-h128", rng, mixed_lengths(rng, 64, 64), 64, 1000, 64, 128, 5)


def check(case, expected, actual, tolerance) -> Check:
    want, got = expected[0], actual[0]
    if not isinstance(got, dict) or not isinstance(got.get("parameters"), dict):
        return Check(
            False, f"expected the harness's account of the model, not {type(got).__name__}"
        )
    found = check_state_dict(want["parameters"], got["parameters"])
    if not found.ok:
        return found
    found = check_array(want["logits"], got.get("logits"), tolerance)
    if not found.ok:
        return Check(False, f"the logits: {found.message}")
    return PASS
