# expect: accepted
# The decay written as cos(pi p / 2)**2 (the same curve: (1 + cos x) / 2 = cos(x / 2)**2), and the
# phases found from the step's position rather than in the reference's order.
import math


def cosine_with_warmup(step, total_steps, warmup_steps, base_lr, min_lr=0.0):
    if warmup_steps <= step < total_steps:
        span = total_steps - warmup_steps
        fraction = math.cos(0.5 * math.pi * (step - warmup_steps) / span) ** 2
        return min_lr + (base_lr - min_lr) * fraction
    if step < warmup_steps:
        return base_lr * (step / warmup_steps)
    return min_lr
