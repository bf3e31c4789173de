"""torch_lstm_classifier's harness: runs in the sandbox, around the submission's class.

Each case's step calls ``run(vocab_size, embed_dim, hidden_dim, num_classes, padding_idx,
weights, tokens, lengths)``: ``weights`` maps the statement's state_dict names (PyTorch's own for
nn.Embedding, nn.LSTM and nn.Linear) to NumPy arrays, ``tokens`` is an int64 (B, T) batch padded
on the right with ``padding_idx`` and ``lengths`` an int64 (B,) array. Here the submission's
module is built (by keyword), its state_dict's names and shapes listed; where those are the
statement's, it is cast to float64, the judge's weights are loaded by name (``strict=True``), it
is put in eval mode and called on the two tensors (``lengths`` on the CPU, int64, as
pack_padded_sequence wants it). What comes back is the names and shapes and the logits, as NumPy
values. This code runs in the submission's own process: what it returns is checked by the worker
like any submission's result.
"""

import torch


def bind(LSTMClassifier):
    def run(vocab_size, embed_dim, hidden_dim, num_classes, padding_idx, weights, tokens, lengths):
        model = LSTMClassifier(
            vocab_size=vocab_size,
            embed_dim=embed_dim,
            hidden_dim=hidden_dim,
            num_classes=num_classes,
            padding_idx=padding_idx,
        )
        if not isinstance(model, torch.nn.Module):
            raise TypeError(f"LSTMClassifier must be a torch.nn.Module, not {type(model).__name__}")
        shapes = {k: list(v.shape) for k, v in model.state_dict().items()}
        if shapes != {k: list(v.shape) for k, v in weights.items()}:
            return {"parameters": shapes}  # the checker names the difference
        model = model.double()
        model.load_state_dict({k: torch.from_numpy(v) for k, v in weights.items()}, strict=True)
        model.eval()
        with torch.no_grad():
            logits = model(torch.from_numpy(tokens), torch.from_numpy(lengths))
        if not isinstance(logits, torch.Tensor):
            raise TypeError(f"forward must return a torch.Tensor, not {type(logits).__name__}")
        return {"parameters": shapes, "logits": logits.detach()}

    return run
