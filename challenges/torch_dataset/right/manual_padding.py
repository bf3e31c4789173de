# expect: accepted
# No pad_sequence: the batch sorted with Python's sorted (stable, longest first), a zero tensor
# filled row by row; the dataset keeps the lists and makes the tensor in __getitem__.
import torch
from torch.utils.data import DataLoader, Dataset


class SequenceDataset(Dataset):
    def __init__(self, sequences, labels):
        self.sequences, self.labels = sequences, labels

    def __len__(self):
        return len(self.sequences)

    def __getitem__(self, i):
        return torch.tensor(self.sequences[i], dtype=torch.long), int(self.labels[i])


def collate(batch):
    batch = sorted(batch, key=lambda item: len(item[0]), reverse=True)
    longest = len(batch[0][0])
    padded = torch.zeros(len(batch), longest, dtype=torch.long)
    for row, (ids, _) in enumerate(batch):
        padded[row, : len(ids)] = ids
    lengths = torch.tensor([len(ids) for ids, _ in batch], dtype=torch.long)
    labels = torch.tensor([label for _, label in batch], dtype=torch.long)
    return padded, lengths, labels


def make_loader(sequences, labels, batch_size):
    return DataLoader(SequenceDataset(sequences, labels), batch_size=batch_size, collate_fn=collate)
