# expect: accepted
# Pure Python over the sequence, stopping condition checked at the top of each epoch.
def early_stopping(val_losses, patience, min_delta=0.0):
    best_loss = None
    best_epoch = 0
    stop_epoch = -1
    for epoch, loss in enumerate(val_losses):
        stop_epoch = epoch
        if best_loss is None or loss < best_loss - min_delta:
            best_loss, best_epoch = loss, epoch
        if epoch - best_epoch >= patience:
            break
    return stop_epoch, best_epoch
