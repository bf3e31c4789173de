# verdict: runtime_error
# message: File too large
"""Writes a single file past the file-size limit."""


def matrix_multiplication(A, B):
    with open("/tmp/huge", "wb") as f:
        while True:
            f.write(b"\0" * (1 << 20))
