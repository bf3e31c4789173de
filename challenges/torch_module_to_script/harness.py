"""torch_module_to_script's harness: runs in the sandbox, around the submission's ScriptableModel.

Each case's step calls ``run(dim, hidden, weights, calls)``: the constructor's arguments, the
judge's parameters as a dict of NumPy arrays by ``state_dict`` name, and a list of calls, each a
dict with the input ``x`` and, where the call passes them, ``mask``, ``activation`` and ``clip``
(an absent key: the argument is left out, so its default applies). Here the module is built,
moved to float64, loaded with the judge's parameters (``strict``: the names must be the given
module's), and compiled with ``torch.jit.script``; a module that does not compile fails here with
TorchScript's message. The compiled module is saved and loaded again (``torch.jit.save`` and
``torch.jit.load``, as for deployment: no Python left behind it), and every call runs both on the
eager module and on the loaded one. Both outputs come back, call by call, as NumPy arrays. This
code runs in the submission's own process: what it returns is checked by the worker like any
submission's result.
"""

import io

import torch


def _arguments(call):
    kwargs = {}
    if "mask" in call:
        kwargs["mask"] = torch.from_numpy(call["mask"])
    if "activation" in call:
        kwargs["activation"] = call["activation"]
    if "clip" in call:
        kwargs["clip"] = float(call["clip"])
    return torch.from_numpy(call["x"]), kwargs


def _output(value, which, number):
    if not isinstance(value, torch.Tensor):
        raise TypeError(f"call {number}: the {which} module returned {type(value).__name__}")
    return value.detach()


def bind(model_class):
    def run(dim, hidden, weights, calls):
        model = model_class(dim, hidden)
        if not isinstance(model, torch.nn.Module):
            raise TypeError(
                f"ScriptableModel(...) built a {type(model).__name__}, not an nn.Module"
            )
        model = model.to(torch.float64).eval()
        model.load_state_dict({name: torch.from_numpy(value) for name, value in weights.items()})
        scripted = torch.jit.script(model)
        buffer = io.BytesIO()
        torch.jit.save(scripted, buffer)
        buffer.seek(0)
        loaded = torch.jit.load(buffer)
        eager, compiled = [], []
        with torch.no_grad():
            for number, call in enumerate(calls, start=1):
                x, kwargs = _arguments(call)
                eager.append(_output(model(x, **kwargs), "eager", number))
                compiled.append(_output(loaded(x, **kwargs), "scripted", number))
        return {"eager": eager, "scripted": compiled}

    return run
