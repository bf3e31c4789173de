# expect: wrong_answer
# Applies min_delta the wrong way (loss < best + min_delta): small rises count as improvements.
def early_stopping(val_losses, patience, min_delta=0.0):
    best_loss, best_epoch = val_losses[0], 0
    for epoch in range(1, len(val_losses)):
        if val_losses[epoch] < best_loss + min_delta:
            best_loss, best_epoch = val_losses[epoch], epoch
        elif epoch - best_epoch >= patience:
            return epoch, best_epoch
    return len(val_losses) - 1, best_epoch
