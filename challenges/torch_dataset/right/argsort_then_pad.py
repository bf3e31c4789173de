# expect: accepted
# Pad first in the original order, then reorder every tensor with one argsort of the lengths
# (not stable: rows of equal length may swap, which the statement allows); labels as 0-d tensors.
import torch
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader, Dataset


class SequenceDataset(Dataset):
    def __init__(self, sequences, labels):
        self.items = [
            (torch.as_tensor(s, dtype=torch.int64), torch.tensor(label, dtype=torch.int64))
            for s, label in zip(sequences, labels, strict=True)
        ]

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]


def collate(batch):
    sequences = [ids for ids, _ in batch]
    padded = pad_sequence(sequences, batch_first=True)
    lengths = torch.tensor([len(s) for s in sequences])
    labels = torch.stack([label for _, label in batch])
    order = torch.argsort(lengths, descending=True)
    return padded[order], lengths[order], labels[order]


def make_loader(sequences, labels, batch_size):
    dataset = SequenceDataset(sequences, labels)
    return DataLoader(dataset, batch_size=batch_size, shuffle=False, collate_fn=collate)
