# verdict: time_limit_exceeded
# message: exceeded the time limit of 2.0 s
"""Stops every clock it can reach, in the time module and in the runner's own module, then
spins for longer than the limit: the limit is kept by a process the submission cannot touch, on
the CPU time its cgroup counts."""

import sys
import time

_cpu = time.process_time
for name in ("time", "monotonic", "perf_counter", "process_time"):
    setattr(time, name, lambda: 0.0)
for name in ("time_ns", "monotonic_ns", "perf_counter_ns", "process_time_ns"):
    setattr(time, name, lambda: 0)
for name, module in list(sys.modules.items()):  # the runner's modules: the child's clock
    if (name == "__main__" or "runner" in name) and hasattr(module, "_clock"):
        module._clock = lambda: 0


def matrix_multiplication(A, B):
    started = _cpu()
    while _cpu() - started < 2.5:
        pass
    return A @ B
