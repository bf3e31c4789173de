import math


def cosine_with_warmup(step, total_steps, warmup_steps, base_lr, min_lr=0.0):
    # Python ints and floats throughout (NumPy integers come in too): the result is a float.
    step, total_steps, warmup_steps = int(step), int(total_steps), int(warmup_steps)
    base_lr, min_lr = float(base_lr), float(min_lr)
    if step >= total_steps:
        return min_lr
    if step < warmup_steps:
        return base_lr * step / warmup_steps
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    return min_lr + 0.5 * (base_lr - min_lr) * (1.0 + math.cos(math.pi * progress))
