# expect: wrong_answer
# No rule for steps at or past total_steps: the cosine goes on and the learning rate climbs back
# towards base_lr after the end.
import math


def cosine_with_warmup(step, total_steps, warmup_steps, base_lr, min_lr=0.0):
    if step < warmup_steps:
        return base_lr * step / warmup_steps
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    return min_lr + 0.5 * (base_lr - min_lr) * (1 + math.cos(math.pi * progress))
