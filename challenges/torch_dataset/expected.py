"""The expected result of torch_dataset, on the worker, in NumPy: what harness.py returns for
the reference. The dataset's length and items, then the batches of ``batch_size`` consecutive
sequences in order (the last one smaller), each sorted by length, longest first (a stable sort:
rows of equal length in their original order; the check accepts any order among those), padded
with 0 on the right to the batch's longest sequence."""

import numpy as np


def make_loader(sequences, labels, batch_size):
    items = [
        [np.asarray(s, dtype=np.int64), np.int64(label)]
        for s, label in zip(sequences, labels, strict=True)
    ]
    batches = []
    for start in range(0, len(sequences), batch_size):
        chunk = items[start : start + batch_size]
        lengths = np.array([len(ids) for ids, _ in chunk], dtype=np.int64)
        order = np.argsort(-lengths, kind="stable")
        padded = np.zeros((len(chunk), lengths.max()), dtype=np.int64)
        for row, j in enumerate(order):
            padded[row, : lengths[j]] = chunk[j][0]
        batch_labels = np.array([chunk[j][1] for j in order], dtype=np.int64)
        batches.append([padded, lengths[order], batch_labels])
    return {
        "size": len(sequences),
        # The items as the harness returns them: every item's ids concatenated, their lengths,
        # their labels.
        "item_ids": np.concatenate([ids for ids, _ in items]),
        "item_lengths": np.array([len(ids) for ids, _ in items], dtype=np.int64),
        "item_labels": np.array([label for _, label in items], dtype=np.int64),
        "batches": batches,
    }
