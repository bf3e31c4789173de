import numpy as np


def early_stopping(val_losses, patience, min_delta=0.0):
    losses = np.asarray(val_losses, dtype=np.float64).tolist()
    best_epoch, best_loss = 0, losses[0]
    for epoch in range(1, len(losses)):
        if losses[epoch] < best_loss - min_delta:
            best_epoch, best_loss = epoch, losses[epoch]
        elif epoch - best_epoch >= patience:
            return epoch, best_epoch
    return len(losses) - 1, best_epoch
