# expect: runtime_error
# The warm-up fraction computed before asking whether there is a warm-up: warmup_steps = 0
# divides by zero.
import math


def cosine_with_warmup(step, total_steps, warmup_steps, base_lr, min_lr=0.0):
    if step >= total_steps:
        return min_lr
    warm = step / warmup_steps
    if warm < 1:
        return base_lr * warm
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    return min_lr + 0.5 * (base_lr - min_lr) * (1 + math.cos(math.pi * progress))
