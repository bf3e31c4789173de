import torch
from torch.utils.data import DataLoader, Dataset


class SequenceDataset(Dataset):
    """Item i: (the i-th sequence as an int64 tensor of token ids, its label)."""

    def __init__(self, sequences: list[list[int]], labels: list[int]):
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    def __getitem__(self, i: int) -> tuple[torch.Tensor, int]:
        raise NotImplementedError


def collate(
    batch: list[tuple[torch.Tensor, int]],
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(padded (B, T_max) int64, 0 after each sequence; lengths (B,) int64; labels (B,) int64),
    the rows sorted by length, longest first."""
    raise NotImplementedError


def make_loader(sequences: list[list[int]], labels: list[int], batch_size: int) -> DataLoader:
    """A DataLoader over SequenceDataset(sequences, labels) that yields collate's batches of
    batch_size consecutive sequences, in order (no shuffling), the last one possibly smaller."""
    raise NotImplementedError
