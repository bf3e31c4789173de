def early_stopping(val_losses, patience: int, min_delta: float = 0.0) -> tuple[int, int]:
    """Replay early stopping on a history of validation losses (a list or a 1-D array).

    Return (stop_epoch, best_epoch), both 0-based ints: the epoch at which training stops, and the
    epoch with the best loss so far at that moment."""
    raise NotImplementedError
