# verdict: runtime_error
# message: interfered with the judge
"""Replaces NumPy's .npy header writers, which the runner's child uses to report results, with
ones that write a header claiming a huge array (and the whole writer too, as it once used)."""

import numpy as np

_LIE = (
    b"\x93NUMPY\x01\x00v\x00{'descr': '<f8', 'fortran_order': False, "
    b"'shape': (100000, 100000), }" + b" " * 40 + b"\n"
)


def _lying_header(stream, *args, **kwargs):
    stream.write(_LIE)


def _lying_writer(stream, array, *args, **kwargs):
    stream.write(_LIE)


np.lib.format.write_array_header_1_0 = _lying_header
np.lib.format.write_array = _lying_writer


def matrix_multiplication(A, B):
    return A @ B
