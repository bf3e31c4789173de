# expect: wrong_answer
# The right values, vectorised with np.where, which returns a 0-d array, not a number.
import numpy as np


def cosine_with_warmup(step, total_steps, warmup_steps, base_lr, min_lr=0.0):
    progress = np.clip((step - warmup_steps) / max(total_steps - warmup_steps, 1), 0.0, 1.0)
    decay = min_lr + 0.5 * (base_lr - min_lr) * (1 + np.cos(np.pi * progress))
    warm = base_lr * step / max(warmup_steps, 1)
    return np.where(step >= total_steps, min_lr, np.where(step < warmup_steps, warm, decay))
