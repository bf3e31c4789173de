"""torch_multi_head_attention's harness: runs in the sandbox, around the submission's class.

Each case's step calls ``run(embed_dim, num_heads, weights, query, key, value,
key_padding_mask=None, attn_mask=None)`` with NumPy arrays: ``weights`` maps the statement's
state_dict names to arrays, the masks are boolean arrays or absent. Here the submission's module
is built (by keyword), its state_dict's names and shapes listed; where those are the statement's,
it is cast to float64, the judge's weights are loaded by name (``strict=True``), it is put in eval
mode and called on the tensors, masks by keyword. Whatever of PyTorch's own attention it uses is
reported: an ``nn.MultiheadAttention`` among its submodules, and calls of
``F.scaled_dot_product_attention`` or ``F.multi_head_attention_forward`` while it runs (caught by
wrapping them in ``torch.nn.functional``, ``torch._C._nn`` and the submission's own module, where
an import may have bound them; another path to them goes unseen, and is still against the
statement). This code runs in the submission's own process: what it returns is checked by the
worker like any submission's result.
"""

import contextlib
import sys

import torch
import torch.nn.functional as F

FORBIDDEN = ("scaled_dot_product_attention", "multi_head_attention_forward")


@contextlib.contextmanager
def tripwires(namespaces, used):
    """Wrap PyTorch's attention functions wherever they can be looked up from: each call is
    recorded in ``used``, and still computed (the checker rejects it by name)."""
    patched = []
    for name in FORBIDDEN:
        original = getattr(F, name, None)
        if original is None:
            continue

        def wrapper(*args, _name=name, _original=original, **kwargs):
            used.add(f"torch.nn.functional.{_name}")
            return _original(*args, **kwargs)

        for space in namespaces:
            for attribute, value in list(vars(space).items()):
                if value is original:
                    with contextlib.suppress(AttributeError, TypeError):
                        setattr(space, attribute, wrapper)
                        patched.append((space, attribute, original))
    try:
        yield
    finally:
        for space, attribute, original in reversed(patched):
            setattr(space, attribute, original)


def bind(MultiHeadAttention):
    def run(
        embed_dim,
        num_heads,
        weights,
        query,
        key,
        value,
        key_padding_mask=None,
        attn_mask=None,
    ):
        module = MultiHeadAttention(embed_dim=embed_dim, num_heads=num_heads)
        if not isinstance(module, torch.nn.Module):
            raise TypeError(
                f"MultiHeadAttention must be a torch.nn.Module, not {type(module).__name__}"
            )
        used = {
            f"torch.nn.{type(m).__name__}"
            for m in module.modules()
            if isinstance(m, torch.nn.MultiheadAttention)
        }
        shapes = {k: list(v.shape) for k, v in module.state_dict().items()}
        if shapes != {k: list(v.shape) for k, v in weights.items()}:
            return {"parameters": shapes, "forbidden": sorted(used)}
        module = module.double()
        module.load_state_dict({k: torch.from_numpy(v) for k, v in weights.items()}, strict=True)
        module.eval()
        masks = {
            "key_padding_mask": None
            if key_padding_mask is None
            else torch.from_numpy(key_padding_mask),
            "attn_mask": None if attn_mask is None else torch.from_numpy(attn_mask),
        }
        tensors = [torch.from_numpy(a) for a in (query, key, value)]
        namespaces = [F, torch._C._nn]
        own = sys.modules.get(type(module).__module__)
        if own is not None:
            namespaces.append(own)
        with tripwires(namespaces, used), torch.no_grad():
            output = module(*tensors, **masks)
        if not isinstance(output, torch.Tensor):
            kind = type(output).__name__
            raise TypeError(f"forward must return a torch.Tensor (the output only), not {kind}")
        return {"parameters": shapes, "forbidden": sorted(used), "output": output.detach()}

    return run
