# expect: accepted
# Log-softmax by log-sum-exp, the order by np.lexsort (probability descending, then index), the
# nucleus by a mask of running totals, and a fresh np.random.default_rng() for the draw.
import numpy as np


def top_p_sampling(logits, p, temperature=1.0):
    z = np.asarray(logits, dtype=np.float64) / temperature
    top = z.max()
    log_probs = z - (top + np.log(np.exp(z - top).sum()))
    probs = np.exp(log_probs)
    order = np.lexsort((np.arange(len(z)), -probs))
    before = np.concatenate([[0.0], np.cumsum(probs[order])[:-1]])
    keep = order[before < p]  # every token whose predecessors have not yet reached p
    weights = probs[keep] / probs[keep].sum()
    return int(np.random.default_rng().choice(keep, p=weights))
