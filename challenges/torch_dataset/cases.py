"""The torch_dataset suite: variable-length sequences of token ids (every id >= 1, 0 being the
padding), integer labels and a batch size.

harness.py calls ``make_loader(sequences, labels, batch_size)`` and returns ``len`` of its
dataset, every item of the dataset, and every batch the loader yields, as arrays with their
dtypes. The check compares them with expected.py's, part by part, naming the item or the batch
and the part: token ids, lengths and labels must be int64 exactly; a batch's rows are sorted by
length, longest first, and rows of equal length may come in any order (each with its label).

Cases: an incomplete last batch, batches that divide the data exactly, a batch larger than the
data, batches of one, sequences all of one length (ties everywhere), sequences of length one, one
very long sequence among short ones, token ids up to 2**40 (beyond int32), many classes, and a
benchmark of 3000 sequences.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, check_numeric


def _case(name, rng, n, batch_size, lengths=(1, 12), vocabulary=1000, classes=3, long=None):
    sizes = rng.integers(lengths[0], lengths[1] + 1, size=n)
    if long is not None:
        sizes[rng.integers(n)] = long
    sequences = [rng.integers(1, vocabulary, size=int(s), dtype=np.int64) for s in sizes]
    labels = rng.integers(0, classes, size=n, dtype=np.int64)
    return Case(name, (sequences, labels, batch_size))


def examples():
    sequences = [np.array(s, dtype=np.int64) for s in ([5, 2], [7, 1, 9], [3], [4, 4, 8, 6])]
    labels = np.array([0, 1, 1, 0], dtype=np.int64)
    yield Case("example-four-sequences-batches-of-three", (sequences, labels, 3))


def hidden(rng: np.random.Generator):
    yield _case("incomplete-last-batch", rng, 23, 4)
    yield _case("exact-batches", rng, 24, 8)
    yield _case("batch-larger-than-data", rng, 5, 16)
    yield _case("batches-of-one", rng, 7, 1)
    yield _case("all-one-length", rng, 10, 4, lengths=(6, 6))
    yield _case("lengths-one-to-three", rng, 17, 5, lengths=(1, 3))
    yield _case("one-long-sequence", rng, 12, 5, lengths=(1, 5), long=200)
    yield _case("ids-beyond-int32", rng, 9, 4, vocabulary=2**40)
    yield _case("many-classes", rng, 30, 7, classes=100)


def benchmark(rng: np.random.Generator):
    yield _case("benchmark-3000-sequences", rng, 3000, 64, lengths=(1, 120), vocabulary=30000)


def _realigned(rows, lengths, labels, want_rows, want_labels):
    """The candidate's rows in the expected order where they differ only by the order of rows of
    equal length (which the statement leaves free): each expected (row, label) takes the first
    unused equal one of the candidate's run of that length. Unchanged where that fails."""
    order, used = [], set()
    for want_row, want_label in zip(want_rows, want_labels, strict=True):
        match = next(
            (
                j
                for j in range(len(rows))
                if j not in used and labels[j] == want_label and np.array_equal(rows[j], want_row)
            ),
            None,
        )
        if match is None:
            return rows, lengths, labels
        order.append(match)
        used.add(match)
    return rows[order], lengths[order], labels[order]


def _exact(want, got, what, tolerance):
    """An int64 array, exactly: dtype first, then shape and values."""
    array = np.asarray(got) if isinstance(got, np.ndarray | np.generic) else None
    if array is None:
        return Check(False, f"{what}: expected an int64 tensor, got {type(got).__name__}")
    if array.dtype != np.int64:
        return Check(False, f"{what}: expected dtype int64, got {array.dtype}")
    found = check_numeric(want, array, tolerance)
    return found if found.ok else Check(False, f"{what}: {found.message}")


def check(case, expected, actual, tolerance) -> Check:
    want, got = expected[0], actual[0]
    if not isinstance(got, dict) or set(got) != set(want):
        return Check(False, f"expected the harness's results {sorted(want)}, got {type(got)}")
    size = np.asarray(got["size"])
    if size.shape != () or size.dtype.kind not in "iu" or int(size) != want["size"]:
        return Check(False, f"len(dataset) is {got['size']!r}, expected {want['size']}")
    lengths = got["item_lengths"]
    found = _exact(want["item_lengths"], lengths, "the lengths of the dataset's items", tolerance)
    if not found.ok:
        return found
    # Each item's ids and label, named by its index.
    ends = np.cumsum(want["item_lengths"])
    for key, what in (("item_ids", "token ids"), ("item_labels", "label")):
        array = got[key]
        if not isinstance(array, np.ndarray) or array.dtype != np.int64:
            dtype = getattr(array, "dtype", type(array).__name__)
            return Check(False, f"the dataset's items' {what}: expected dtype int64, got {dtype}")
        if array.shape != want[key].shape:
            return Check(False, f"the dataset's items' {what}: expected shape {want[key].shape}")
        wrong = np.flatnonzero(array != want[key])
        if wrong.size:
            i = (
                int(np.searchsorted(ends, wrong[0], side="right"))
                if key == "item_ids"
                else wrong[0]
            )
            return Check(False, f"dataset[{i}]: the {what} differ from the sequence's own")
    batches, wanted = got["batches"], want["batches"]
    if not isinstance(batches, list) or len(batches) != len(wanted):
        count = len(batches) if isinstance(batches, list) else batches
        return Check(
            False,
            f"the loader yielded {count} batches, expected {len(wanted)} (in order, the last"
            " one incomplete where the batch size does not divide the data)",
        )
    for b, (want_batch, got_batch) in enumerate(zip(wanted, batches, strict=True)):
        where = f"batch {b}"
        if not isinstance(got_batch, list | tuple) or len(got_batch) != 3:
            return Check(False, f"{where}: expected (padded, lengths, labels)")
        for part, what in enumerate(("the padded ids", "the lengths", "the labels")):
            array = got_batch[part]
            if not isinstance(array, np.ndarray) or array.dtype != np.int64:
                dtype = getattr(array, "dtype", type(array).__name__)
                return Check(False, f"{where}, {what}: expected dtype int64, got {dtype}")
            if array.shape != np.shape(want_batch[part]):
                return Check(
                    False,
                    f"{where}, {what}: expected shape {np.shape(want_batch[part])}, got"
                    f" {array.shape} (padded to the longest sequence of the batch)",
                )
        rows, lengths, labels = got_batch
        if np.any(np.diff(lengths) > 0):
            return Check(False, f"{where}: the lengths {lengths.tolist()} are not longest first")
        rows, lengths, labels = _realigned(rows, lengths, labels, want_batch[0], want_batch[2])
        for part, what, value in (
            (1, "the lengths (before padding)", lengths),
            (0, "the padded ids (each sequence from column 0, then 0s)", rows),
            (2, "the labels (each with its sequence)", labels),
        ):
            found = check_numeric(want_batch[part], value, tolerance)
            if not found.ok:
                return Check(False, f"{where}, {what}: {found.message}")
    return PASS
