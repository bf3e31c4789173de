"""Top-p (nucleus) sampling of one token from logits."""

import numpy as np


def top_p_sampling(logits, p, temperature=1.0):
    z = np.asarray(logits, dtype=np.float64) / temperature
    probs = np.exp(z - z.max())  # shifted: no overflow for logits of 1e4
    probs /= probs.sum()
    order = np.argsort(-probs, kind="stable")  # most probable first, ties to the lower index
    cumulative = np.cumsum(probs[order])
    # The first position where the running total reaches p; every token if it never does.
    size = min(int(np.searchsorted(cumulative, p, side="left")) + 1, len(order))
    nucleus = order[:size]
    weights = probs[nucleus] / probs[nucleus].sum()
    return int(np.random.choice(nucleus, p=weights))
