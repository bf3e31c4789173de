"""torch_transfer_learning's harness: runs in the sandbox, around the submission's fine_tune.

Each case's step calls ``run(seed, backbone_state, classes, X, y, X_test, y_test)``. The judge's
backbone, ``nn.Sequential(nn.Linear(D, F), nn.BatchNorm1d(F), nn.ReLU())``, is built and the
case's state_dict loaded into it, in eval mode; the candidate's ``fine_tune`` gets it with F, the
number of classes and copies of the training set as tensors, the global seed set so that its
draws are the same on every run. The held-out set never reaches the candidate: afterwards the
returned module is put in eval mode and run on it here. What comes back: whether the backbone
is one of the returned module's submodules, the names of the backbone's tensors (parameters and
buffers) that are no longer bit for bit as loaded, the names of its parameters that require
grad, the shape of the held-out logits and the accuracy of their argmax.
"""

import torch
from torch import nn


def backbone(features, width):
    return nn.Sequential(nn.Linear(features, width), nn.BatchNorm1d(width), nn.ReLU())


def _warm_up():
    """torch.optim imports torch._dynamo on the first optimiser it builds: about 0.7 s of CPU,
    which would otherwise count against the first case of every submission. Done once, here,
    before any case's clock starts."""
    import torch._dynamo  # noqa: F401


def bind(fine_tune):
    _warm_up()

    def run(seed, backbone_state, classes, X, y, X_test, y_test):
        width = backbone_state["0.weight"].shape[0]
        pretrained = backbone(X.shape[1], width)
        pretrained.load_state_dict({k: torch.from_numpy(v) for k, v in backbone_state.items()})
        pretrained.eval()
        torch.manual_seed(seed)
        model = fine_tune(
            pretrained, width, classes, torch.from_numpy(X.copy()), torch.from_numpy(y.copy())
        )
        if not isinstance(model, nn.Module):
            raise TypeError(f"fine_tune must return a torch.nn.Module, not {type(model).__name__}")
        model.eval()
        with torch.no_grad():
            logits = model(torch.from_numpy(X_test))
        if not isinstance(logits, torch.Tensor):
            raise TypeError(f"the model must return a tensor of logits, not {type(logits)}")
        shape = torch.tensor(list(logits.shape), dtype=torch.int64)
        if logits.shape == (len(X_test), classes):
            accuracy = float((logits.argmax(dim=1) == torch.from_numpy(y_test)).double().mean())
        else:
            accuracy = 0.0  # the checker names the shape first
        state = pretrained.state_dict()
        changed = [
            name
            for name, loaded in backbone_state.items()
            if name not in state or not _bit_equal(state[name], torch.from_numpy(loaded))
        ]
        return {
            "backbone_inside": any(m is pretrained for m in model.modules()),
            "backbone_changed": changed,
            "backbone_trainable": [n for n, p in pretrained.named_parameters() if p.requires_grad],
            "output_shape": shape,
            "accuracy": accuracy,
        }

    return run


def _bit_equal(now, loaded):
    now = now.detach()
    return (
        now.dtype == loaded.dtype
        and now.shape == loaded.shape
        and torch.equal(
            now.contiguous().view(-1).view(torch.uint8), loaded.view(-1).view(torch.uint8)
        )
    )


def _bytes(tensor):
    return tensor.contiguous().view(-1).view(torch.uint8)
