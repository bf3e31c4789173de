# expect: wrong_answer
# Returns the epochs as floats (np.argmin on a float array, then arithmetic in float).
import numpy as np


def early_stopping(val_losses, patience, min_delta=0.0):
    losses = np.asarray(val_losses, dtype=float)
    stop = float(len(losses) - 1)
    best_epoch, best_loss = 0.0, losses[0]
    for epoch in np.arange(1.0, len(losses)):
        if losses[int(epoch)] < best_loss - min_delta:
            best_epoch, best_loss = epoch, losses[int(epoch)]
        elif epoch - best_epoch >= patience:
            stop = epoch
            break
    return stop, best_epoch
