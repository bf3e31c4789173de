"""The torch_multi_head_attention suite: self-attention and cross-attention (queries and keys of
different lengths, keys and values different), one head, heads of width one, padding masks (a
full sequence and one of length one among them), a causal mask, a causal mask with left padding
(queries whose keys are all masked), a sequence that is all padding, scores of magnitude 1e3, and
a benchmark.

Padded keys and values are given large values (1e3, or 10 where they are also queries), so that a
mask applied after the softmax, or none at all, is far off. Each step's result is harness.py's:
the state_dict's names and shapes, the PyTorch attention the submission used (none is allowed),
and the output. The checker compares them in that order and names the part that differs.
"""

import numpy as np

from judge.challenges import Case, call
from judge.checking import PASS, Check, check_array, check_state_dict

PROJECTIONS = ("q_proj", "k_proj", "v_proj", "out_proj")


def projections(rng, embed_dim, scale=1.0):
    """The four Linear layers' weights; ``scale`` makes scores of about ``scale**2``."""
    weights = {}
    for name in PROJECTIONS:
        s = scale if name in ("q_proj", "k_proj") else 1.0
        weights[f"{name}.weight"] = rng.normal(scale=s / np.sqrt(embed_dim), size=(embed_dim,) * 2)
        weights[f"{name}.bias"] = rng.normal(scale=0.1, size=embed_dim)
    return weights


def _case(
    name,
    rng,
    batch,
    length,
    embed_dim,
    num_heads,
    *,
    keys=None,
    lengths=None,
    left=False,
    causal=False,
    scale=1.0,
):
    """Self-attention where ``keys`` is None, else cross-attention over ``keys`` keys and values.
    ``lengths``: each sequence's number of real keys, padded on the right (on the left where
    ``left``); ``causal``: query i sees keys 0 .. i."""
    weights = projections(rng, embed_dim, scale)
    query = rng.normal(size=(batch, length, embed_dim))
    if keys is None:
        key = value = query
        keys = length
    else:
        key = rng.normal(size=(batch, keys, embed_dim))
        value = rng.normal(size=(batch, keys, embed_dim))
    kwargs = {}
    if lengths is not None:
        at = np.arange(keys)
        padded = at[None] >= np.asarray(lengths)[:, None]
        if left:
            padded = padded[:, ::-1]
        kwargs["key_padding_mask"] = np.ascontiguousarray(padded)
        n = int(padded.sum())
        if key is query:  # padded tokens are queries too: large, not huge
            query = key = value = query.copy()
            query[padded] = rng.normal(scale=10.0, size=(n, embed_dim))
        else:
            key, value = key.copy(), value.copy()
            key[padded] = rng.normal(scale=1e3, size=(n, embed_dim))
            value[padded] = rng.normal(scale=1e3, size=(n, embed_dim))
    if causal:
        kwargs["attn_mask"] = np.triu(np.ones((length, keys), dtype=bool), k=1)
    return Case(name, steps=(call(embed_dim, num_heads, weights, query, key, value, **kwargs),))


def examples():
    x = np.array([[[1.0, 0.0, 1.0, 0.0], [0.0, 2.0, 0.0, 1.0], [1.0, 1.0, 0.0, 0.0]]])
    eye, zero = np.eye(4), np.zeros(4)
    weights = {}
    for name in PROJECTIONS:
        weights[f"{name}.weight"], weights[f"{name}.bias"] = eye, zero
    weights["out_proj.weight"] = np.diag([1.0, 1.0, 2.0, 2.0])
    weights["out_proj.bias"] = np.array([0.0, 0.0, 0.0, 0.5])
    padding = np.array([[False, False, True]])
    yield Case(
        "example-two-heads-padding", steps=(call(4, 2, weights, x, x, x, key_padding_mask=padding),)
    )


def hidden(rng: np.random.Generator):
    yield _case("self-attention", rng, 2, 5, 8, 2)
    yield _case("cross-attention", rng, 3, 4, 12, 3, keys=6)
    yield _case("one-head", rng, 2, 6, 8, 1, keys=3)
    yield _case("heads-of-width-one", rng, 2, 5, 6, 6)
    yield _case("padding", rng, 3, 4, 16, 4, keys=7, lengths=[7, int(rng.integers(2, 7)), 1])
    yield _case("self-attention-padding", rng, 3, 6, 8, 2, lengths=[6, 1, int(rng.integers(2, 6))])
    yield _case("causal", rng, 2, 7, 16, 4, causal=True)
    # Query 0 of a left-padded sequence may only see key 0, a padded one: it attends to nothing.
    yield _case("causal-left-padding", rng, 3, 6, 8, 2, lengths=[6, 3, 1], left=True, causal=True)
    yield _case("all-padding", rng, 2, 3, 8, 2, keys=5, lengths=[5, 0])
    yield _case("large-scores", rng, 2, 5, 16, 2, keys=6, scale=30.0, lengths=[6, 4])


def benchmark(rng: np.random.Generator):
    lengths = rng.integers(64, 129, size=8)
    lengths[0] = 128
    yield _case("benchmark-8x128-d128-8-heads", rng, 8, 128, 128, 8, lengths=lengths, causal=True)


def check(case, expected, actual, tolerance) -> Check:
    want, got = expected[0], actual[0]
    if not isinstance(got, dict) or not isinstance(got.get("parameters"), dict):
        return Check(
            False, f"expected the harness's account of the module, not {type(got).__name__}"
        )
    found = check_state_dict(want["parameters"], got["parameters"])
    if not found.ok:
        return found
    used = got.get("forbidden")
    if used != []:
        return Check(
            False,
            f"the module uses PyTorch's own attention ({used}), which the statement forbids: "
            "write the scores, the masking and the softmax yourself",
        )
    output = got.get("output")
    found = check_array(want["output"], output, tolerance)
    if not found.ok:
        return Check(
            False, f"the output: {found.message}{fully_masked_hint(case, want, output, tolerance)}"
        )
    return PASS


def fully_masked(case):
    """(B, L): the queries whose keys are all masked."""
    step = case.steps[0]
    query, keys = step.args[3], step.args[4].shape[1]
    kwargs = dict(step.kwargs)
    blocked = np.zeros((query.shape[0], query.shape[1], keys), dtype=bool)
    if kwargs.get("attn_mask") is not None:
        blocked |= kwargs["attn_mask"][None]
    if kwargs.get("key_padding_mask") is not None:
        blocked |= kwargs["key_padding_mask"][:, None, :]
    return blocked.all(axis=-1)


def fully_masked_hint(case, want, output, tolerance) -> str:
    """Where only the queries with no key to attend to are wrong, say what they must give."""
    if not isinstance(output, np.ndarray) or output.shape != np.shape(want["output"]):
        return ""
    blocked = fully_masked(case)
    if not blocked.any():
        return ""
    rest = ~blocked
    if check_array(want["output"][rest], output[rest], tolerance).ok:
        return (
            " (only queries whose keys are all masked are wrong: they attend to nothing, so their"
            " context is zero and their output is out_proj's bias, not NaN or an average)"
        )
    return ""
