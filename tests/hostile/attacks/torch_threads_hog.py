# challenge: torch_vae
# verdict: time_limit_exceeded
# message: exceeded the time limit
"""Asks PyTorch for 8 intra-op threads and forks work onto its inter-op pool and keeps them all multiplying: the
sandbox's CPUs are its slot's alone, and the CPU time of every thread counts against the limit."""

import torch

torch.set_num_threads(8)


def negative_elbo(x, mu, log_var, eps, decoder):
    a = torch.randn(1024, 1024)
    futures = [torch.jit.fork(torch.mm, a, a) for _ in range(4)]
    while True:
        a = torch.tanh(a @ a)
        futures = [torch.jit.fork(torch.mm, a, a) for _ in range(4)]
        [torch.jit.wait(f) for f in futures]
