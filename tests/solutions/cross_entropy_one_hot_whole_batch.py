# expect: accepted
# One-hot targets over the whole batch in float64, as a candidate writes it: it holds five
# float64 copies of the logits (about 330 MB of its 512 MB on the 4000 x 2000 benchmark the
# package had then). Once killed by the limit in its first timed run, where the judge's own
# copies of the inputs pushed the sandbox over, and blamed on the first public example (issue
# 26).
import numpy as np


def cross_entropy(logits, targets):
    z = np.asarray(logits, dtype=np.float64)
    n, c = z.shape
    shifted = z - z.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    onehot = np.zeros((n, c))
    onehot[np.arange(n), targets] = 1.0
    return -(onehot * log_probs).sum() / n
