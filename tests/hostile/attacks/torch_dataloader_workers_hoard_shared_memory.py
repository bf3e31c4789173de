# challenge: torch_vae
# verdict: runtime_error
# message: DataLoader worker
"""DataLoader worker processes that pass 64 MB tensors through shared memory (/dev/shm) and
keep every one: the sandbox's /dev/shm is its own and small (Docker's 64 MB, counted in the
sandbox's memory), so the first sample that does not fit fails, in the submission."""

import torch
from torch.utils.data import DataLoader, Dataset


class Hoard(Dataset):
    def __len__(self):
        return 10_000

    def __getitem__(self, i):
        return torch.ones(64 << 20, dtype=torch.uint8)  # 64 MB a sample, through shared memory


def negative_elbo(x, mu, log_var, eps, decoder):
    kept = []
    for batch in DataLoader(Hoard(), batch_size=1, num_workers=2):
        kept.append(batch)
    return torch.zeros((), requires_grad=True)
