# expect: accepted
# The Keras-style loop: a "wait" counter reset on each improvement, NumPy ints returned.
import numpy as np


def early_stopping(val_losses, patience, min_delta=0.0):
    losses = np.asarray(val_losses)
    best = losses[0]
    best_epoch = np.int64(0)
    wait = 0
    for epoch in range(1, len(losses)):
        if best - losses[epoch] > min_delta:
            best, best_epoch, wait = losses[epoch], np.int64(epoch), 0
        else:
            wait += 1
            if wait >= patience:
                return np.int64(epoch), best_epoch
    return np.int64(len(losses) - 1), best_epoch
