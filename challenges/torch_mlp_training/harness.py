"""torch_mlp_training's harness: runs in the sandbox, around the submission's ``train``.

Each case's step calls ``run(seed, hidden, classes, X, y, X_test, y_test)``. The judge's MLP
(features -> hidden -> hidden -> classes, ReLU between) is built with ``torch.manual_seed(seed)``;
the candidate's ``train`` gets it with copies of the training set as tensors, the global seed set
again so that its shuffling and any other draw are the same on every run. The held-out set never
reaches the candidate: afterwards the model is put in eval mode and its accuracy on it measured
here. What comes back: that accuracy and whether any parameter changed.
"""

import torch
from torch import nn


def mlp(features, hidden, classes):
    return nn.Sequential(
        nn.Linear(features, hidden),
        nn.ReLU(),
        nn.Linear(hidden, hidden),
        nn.ReLU(),
        nn.Linear(hidden, classes),
    )


def _warm_up():
    """torch.optim imports torch._dynamo on the first optimiser it builds: about 0.7 s of CPU,
    which would otherwise count against the first case of every submission. Done once, here,
    before any case's clock starts."""
    import torch._dynamo  # noqa: F401


def bind(train):
    _warm_up()

    def run(seed, hidden, classes, X, y, X_test, y_test):
        torch.manual_seed(seed)
        model = mlp(X.shape[1], hidden, classes)
        before = [p.detach().clone() for p in model.parameters()]
        torch.manual_seed(seed + 1)
        # Copies: a loop that normalises its data in place changes nothing of the judge's.
        train(model, torch.from_numpy(X.copy()), torch.from_numpy(y.copy()))
        # What train returned is ignored: the model it was given is the one evaluated.
        after = list(model.parameters())
        changed = len(after) != len(before) or any(
            a.shape != b.shape or not torch.equal(a.detach(), b)
            for a, b in zip(after, before, strict=False)
        )
        model.eval()
        with torch.no_grad():
            inputs = torch.from_numpy(X_test)
            dtype = next(model.parameters()).dtype  # a loop that made the model float64
            logits = model(inputs.to(dtype))
        if not isinstance(logits, torch.Tensor) or logits.shape != (len(X_test), classes):
            raise ValueError(
                f"after train, the model must map (N, {X.shape[1]}) inputs to (N, {classes})"
                f" logits; it gave {getattr(logits, 'shape', type(logits).__name__)}"
            )
        accuracy = (logits.argmax(dim=1) == torch.from_numpy(y_test)).double().mean()
        return {"accuracy": float(accuracy), "parameters_changed": bool(changed)}

    return run
