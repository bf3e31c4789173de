# expect: wrong_answer
# Returns 1-based epoch numbers (as a training log prints them).
def early_stopping(val_losses, patience, min_delta=0.0):
    best_loss, best_epoch = val_losses[0], 0
    for epoch in range(1, len(val_losses)):
        if val_losses[epoch] < best_loss - min_delta:
            best_loss, best_epoch = val_losses[epoch], epoch
        elif epoch - best_epoch >= patience:
            return epoch + 1, best_epoch + 1
    return len(val_losses), best_epoch + 1
