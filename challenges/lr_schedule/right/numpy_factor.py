# expect: accepted
# NumPy throughout: a multiplier in [0, 1] from clipped progress, the way library schedulers
# write it, returned as a NumPy float.
import numpy as np


def cosine_with_warmup(step, total_steps, warmup_steps, base_lr, min_lr=0.0):
    step = np.int64(step)
    if step >= total_steps:
        return np.float64(min_lr)
    if warmup_steps > 0 and step < warmup_steps:
        return np.float64(base_lr) * (step / np.float64(warmup_steps))
    progress = np.clip((step - warmup_steps) / np.float64(total_steps - warmup_steps), 0.0, 1.0)
    decay = 0.5 * (1.0 + np.cos(np.pi * progress))
    return np.float64(min_lr) + (np.float64(base_lr) - min_lr) * decay
