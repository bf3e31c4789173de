# expect: time_limit_exceeded
# Correct, but Python loops over every logit: too slow for the benchmark's 4 million logits.
import math


def cross_entropy(logits, targets):
    n, c = logits.shape
    total = 0.0
    for i in range(n):
        top = logits[i, 0]
        for j in range(c):
            top = max(top, logits[i, j])
        s = 0.0
        for j in range(c):
            s += math.exp(logits[i, j] - top)
        total += top + math.log(s) - logits[i, targets[i]]
    return float(total / n)
