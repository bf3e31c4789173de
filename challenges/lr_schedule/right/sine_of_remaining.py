# expect: accepted
# Measured from the end: with r the share of the decay still to go, the rate above min_lr is
# sin(pi r / 2)**2 of the span (exact near the end, where 1 + cos(pi p) cancels).
import math


def cosine_with_warmup(step, total_steps, warmup_steps, base_lr, min_lr=0.0):
    remaining = total_steps - step
    if remaining <= 0:
        return min_lr
    if step < warmup_steps:
        return step * base_lr / warmup_steps
    r = remaining / (total_steps - warmup_steps)
    return min_lr + (base_lr - min_lr) * math.sin(0.5 * math.pi * r) ** 2
