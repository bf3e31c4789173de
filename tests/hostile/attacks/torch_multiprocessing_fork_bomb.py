# challenge: torch_vae
# verdict: time_limit_exceeded
# message: exceeded the time limit
"""Forks processes through torch.multiprocessing, each of which forks more and shrugs off every
failure: the pids limit stops the breeding inside the sandbox, the CPU time of them all counts
against the limit, and nothing of them outlives the sandbox."""

import torch.multiprocessing as mp


def breed():
    while True:
        try:
            mp.Process(target=breed, daemon=False).start()
        except Exception:
            pass


def negative_elbo(x, mu, log_var, eps, decoder):
    mp.set_start_method("fork", force=True)
    breed()
