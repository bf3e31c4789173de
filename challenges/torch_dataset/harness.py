"""torch_dataset's harness: runs in the sandbox, around the submission's make_loader.

Each case's step calls ``run(sequences, labels, batch_size)`` with a list of int64 arrays, an
int64 array and an int. The candidate gets Python lists (a list of lists of ints, a list of ints)
and returns a DataLoader. Its dataset is read item by item (``len``, then ``dataset[i]`` for
every i: the ids concatenated, their lengths, the labels), then the loader is iterated once;
every tensor comes back as an array with its own dtype, so that the worker checks int64 itself.
"""

import torch
from torch.utils.data import DataLoader, Dataset


def _tensor(value, what):
    if isinstance(value, torch.Tensor):
        return value.detach()
    if isinstance(value, int):  # a label as a Python int is fine: it becomes int64
        return torch.tensor(value)
    raise TypeError(f"{what} must be a tensor, not {type(value).__name__}")


def bind(make_loader):
    def run(sequences, labels, batch_size):
        loader = make_loader([s.tolist() for s in sequences], labels.tolist(), batch_size)
        if not isinstance(loader, DataLoader):
            raise TypeError(f"make_loader must return a DataLoader, not {type(loader).__name__}")
        if loader.num_workers != 0:
            raise ValueError("the DataLoader must load in the main process: num_workers=0")
        dataset = loader.dataset
        if not isinstance(dataset, Dataset):
            raise TypeError(f"the loader's dataset must be a torch Dataset, not {type(dataset)}")
        ids, lengths, labels = [], [], []
        for i in range(len(sequences)):
            item = dataset[i]
            if not isinstance(item, tuple | list) or len(item) != 2:
                raise TypeError(f"dataset[{i}] must be a pair (token ids, label)")
            tokens, label = (
                _tensor(item[0], f"dataset[{i}][0]"),
                _tensor(item[1], f"dataset[{i}][1]"),
            )
            if tokens.dim() != 1 or label.dim() != 0:
                raise ValueError(
                    f"dataset[{i}] must be (a 1-D tensor of ids, a label), not of shapes"
                    f" {tuple(tokens.shape)} and {tuple(label.shape)}"
                )
            ids.append(tokens)
            lengths.append(len(tokens))
            labels.append(label)
        # The items as three arrays (one per part, not one per item: the wire takes at most
        # 4096 arrays in a value), the ids concatenated; each keeps the candidate's dtype.
        items = {
            "ids": torch.cat(ids),
            "lengths": torch.tensor(lengths, dtype=torch.int64),
            "labels": torch.stack(labels),
        }
        batches = []
        for b, batch in enumerate(loader):
            if not isinstance(batch, tuple | list) or len(batch) != 3:
                raise TypeError(f"batch {b} must be a triple (padded, lengths, labels)")
            batches.append([_tensor(part, f"batch {b}, part {k}") for k, part in enumerate(batch)])
        return {
            "size": len(dataset),
            **{f"item_{k}": v for k, v in items.items()},
            "batches": batches,
        }

    return run
