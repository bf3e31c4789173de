"""torch_cnn's harness: runs in the sandbox, around the submission's create_cnn_model.

Each case's step calls ``run(in_channels, num_classes, weights, x, seed)``: ``weights`` maps the
statement's state_dict names to NumPy arrays, ``x`` is a float64 batch of shape (N, C, 28, 28).
Here the submission's model is built (by keyword), its parameters counted and its state_dict's
names and shapes listed; where those are the statement's, it is cast to float64, the judge's
weights are loaded by name (``strict=True``), it is put in eval mode, and a forward hook on every
leaf module records which module ran, in call order, while the batch goes through it. What
comes back is that account and the logits, as NumPy values. This code runs in the submission's
own process: what it returns is checked by the worker like any submission's result.
"""

import torch


def leaf_modules(model):
    """(qualified name, module) for each module without children: the layers forward calls."""
    return [(name, m) for name, m in model.named_modules() if next(m.children(), None) is None]


def bind(create_cnn_model):
    def run(in_channels, num_classes, weights, x, seed):
        # Dropout draws from the global generator: seeded, a result is reproducible.
        torch.manual_seed(seed)
        model = create_cnn_model(in_channels=in_channels, num_classes=num_classes)
        if not isinstance(model, torch.nn.Module):
            raise TypeError(
                f"create_cnn_model must return a torch.nn.Module, not {type(model).__name__}"
            )
        result = {
            # Each parameter once, shared or not, as PyTorch's own count does.
            "parameter_count": sum(p.numel() for p in model.parameters()),
            "parameters": {k: list(v.shape) for k, v in model.state_dict().items()},
        }
        if result["parameters"] != {k: list(v.shape) for k, v in weights.items()}:
            return result  # the checker names the difference; nothing can be loaded
        model = model.double()
        model.load_state_dict({k: torch.from_numpy(v) for k, v in weights.items()}, strict=True)
        model.eval()
        calls = []
        hooks = [
            module.register_forward_hook(
                lambda module, args, output, name=name: calls.append((name, type(module).__name__))
            )
            for name, module in leaf_modules(model)
        ]
        try:
            with torch.no_grad():
                logits = model(torch.from_numpy(x))
        finally:
            for hook in hooks:
                hook.remove()
        if not isinstance(logits, torch.Tensor):
            raise TypeError(f"the model must return a torch.Tensor, not {type(logits).__name__}")
        return {
            **result,
            "logits": logits.detach(),
            "layer_names": [name for name, _ in calls],
            "layer_types": [kind for _, kind in calls],
        }

    return run
