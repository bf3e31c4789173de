# expect: wrong_answer
# shuffle=True: batches of random sequences instead of consecutive ones, in order.
import torch
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader, Dataset


class SequenceDataset(Dataset):
    def __init__(self, sequences, labels):
        self.sequences = [torch.tensor(s, dtype=torch.int64) for s in sequences]
        self.labels = list(labels)

    def __len__(self):
        return len(self.sequences)

    def __getitem__(self, i):
        return self.sequences[i], self.labels[i]


def collate(batch):
    sequences, labels = zip(*batch, strict=True)
    lengths = torch.tensor([len(s) for s in sequences], dtype=torch.int64)
    # Longest first, as pack_padded_sequence(enforce_sorted=True) wants; the labels follow.
    lengths, order = torch.sort(lengths, descending=True, stable=True)
    padded = pad_sequence([sequences[i] for i in order], batch_first=True, padding_value=0)
    labels = torch.tensor([labels[i] for i in order], dtype=torch.int64)
    return padded, lengths, labels


def make_loader(sequences, labels, batch_size):
    return DataLoader(
        SequenceDataset(sequences, labels), batch_size=batch_size, shuffle=True, collate_fn=collate
    )
