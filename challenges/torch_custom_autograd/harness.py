"""torch_custom_autograd's harness: runs in the sandbox, around the submission's GELUFunction.

Each case's step calls ``run(x, grad_output)`` with NumPy arrays. ``x`` becomes a tensor that
requires grad (float64 or float32, as sent), ``GELUFunction.apply(x)`` runs the forward, and
``y.backward(grad_output)`` the submission's backward, watched (below) for any use of autograd.
The forward values, the gradient that reaches ``x`` and the verdict of ``torch.autograd.gradcheck``
on a fixed float64 probe come back as NumPy values. This code runs in the submission's own
process: what it returns is checked by the worker like any submission's result.

How a backward that leans on autograd is caught: with ``create_graph=False`` (``backward()``'s
default) PyTorch runs a custom backward with grad mode off, so a hand-written one records no
graph at all. To use autograd there, a backward must turn grad mode back on and record one, and
recording a graph through any operation with a derivative (tanh, a product of tensors, a power)
saves that operation's inputs or outputs for its own backward. While the submission's backward
runs, ``torch.autograd.graph.saved_tensors_hooks`` sees every such save; the forward's own
``ctx.save_for_backward`` happens earlier, outside the watch. As a second net,
``torch.autograd.grad`` and ``torch.autograd.backward`` (which ``Tensor.backward`` calls) are
replaced by functions that report the call, for the rare graph whose operations save nothing.
"""

import torch

# A fixed, well-conditioned probe for gradcheck: the submission's backward against central finite
# differences of its own forward, in float64, whatever the case's own inputs are.
PROBE = [-3.0, -1.5, -0.4, 0.0, 0.3, 1.2, 2.5]


class _Watch:
    """What the submission's backward did with autograd, while it ran."""

    def __init__(self):
        self.seen = ""

    def pack(self, tensor):
        self.seen = self.seen or "recorded an autograd graph (an operation saved a tensor)"
        return tensor

    def unpack(self, tensor):
        return tensor

    def called(self, name, original):
        def guard(*args, **kwargs):
            self.seen = self.seen or f"called {name}"
            return original(*args, **kwargs)

        return guard


def _backward_watched(y, grad_output):
    watch = _Watch()
    originals = torch.autograd.grad, torch.autograd.backward
    torch.autograd.grad = watch.called("torch.autograd.grad", originals[0])
    torch.autograd.backward = watch.called(
        "Tensor.backward or torch.autograd.backward", originals[1]
    )
    try:
        with torch.autograd.graph.saved_tensors_hooks(watch.pack, watch.unpack):
            originals[1](y, grad_output)  # the harness's own call goes around the guard
    finally:
        torch.autograd.grad, torch.autograd.backward = originals
    if watch.seen:
        raise ValueError(
            f"the backward {watch.seen}: write the derivative by hand, with tensor operations"
            " under the grad mode PyTorch gives backward (off), not with autograd"
        )


def _gradcheck(function):
    probe = torch.tensor(PROBE, dtype=torch.float64, requires_grad=True)
    return bool(
        torch.autograd.gradcheck(
            function.apply, (probe,), eps=1e-6, atol=1e-6, rtol=1e-4, raise_exception=False
        )
    )


def bind(function):
    if not (isinstance(function, type) and issubclass(function, torch.autograd.Function)):
        raise TypeError("GELUFunction must be a subclass of torch.autograd.Function")
    # PyTorch's first gradcheck and first backward load code and fill caches (a few tenths of a
    # second of CPU): done here, on a built-in function, before any case's clock starts.
    probe = torch.tensor(PROBE, dtype=torch.float64, requires_grad=True)
    torch.autograd.gradcheck(torch.tanh, (probe,), raise_exception=False)

    def run(x, grad_output):
        x = torch.from_numpy(x).requires_grad_(True)
        y = function.apply(x)
        if not isinstance(y, torch.Tensor):
            raise TypeError(f"forward must return a torch.Tensor, not {type(y).__name__}")
        if y.shape != x.shape:
            raise ValueError(
                f"forward returned shape {tuple(y.shape)} for an input of {tuple(x.shape)}"
            )
        if y.grad_fn is None:
            raise ValueError("the output is not in the graph: return a new tensor from forward")
        _backward_watched(y, torch.from_numpy(grad_output))
        if x.grad is None:
            raise ValueError("no gradient reached x: backward must return the gradient for x")
        return {"output": y.detach(), "grad_input": x.grad, "gradcheck": _gradcheck(function)}

    return run
