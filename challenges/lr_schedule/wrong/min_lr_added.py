# expect: wrong_answer
# min_lr added on top of a decay from base_lr to 0: the schedule starts at base_lr + min_lr.
import math


def cosine_with_warmup(step, total_steps, warmup_steps, base_lr, min_lr=0.0):
    if step >= total_steps:
        return min_lr
    if step < warmup_steps:
        return base_lr * step / warmup_steps
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    return min_lr + 0.5 * base_lr * (1 + math.cos(math.pi * progress))
