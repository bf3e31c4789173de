# expect: wrong_answer
# The decay's progress divided by total_steps instead of the steps after the warm-up: the cosine
# never gets to min_lr, then drops to it at the end.
import math


def cosine_with_warmup(step, total_steps, warmup_steps, base_lr, min_lr=0.0):
    if step >= total_steps:
        return min_lr
    if step < warmup_steps:
        return base_lr * step / warmup_steps
    progress = (step - warmup_steps) / total_steps
    return min_lr + 0.5 * (base_lr - min_lr) * (1 + math.cos(math.pi * progress))
