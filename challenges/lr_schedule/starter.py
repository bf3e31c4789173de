def cosine_with_warmup(
    step: int, total_steps: int, warmup_steps: int, base_lr: float, min_lr: float = 0.0
) -> float:
    """The learning rate at `step`: linear warm-up from 0 over `warmup_steps` steps, then a
    cosine decay from `base_lr` to `min_lr` until `total_steps`; `min_lr` from then on."""
    raise NotImplementedError
