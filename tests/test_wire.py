"""The wire format: faithful for what may travel, and refusing hostile bytes before allocating."""

from __future__ import annotations

import io
import json
import math
import struct

import numpy as np
import pytest

from judge.runner import wire


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        3,
        -(2**70),
        1.5,
        "text",
        [1, [2.5, "x"]],
        (1, 2),
        {"a": [1, 2], "b": {"c": None}},
        {"$nd": 0},  # a user dict that looks like a tag stays a dict
    ],
)
def test_plain_values_round_trip(value):
    assert wire.decode(wire.encode(value)) == value


def test_special_floats_round_trip():
    nan, inf, minus = wire.decode(wire.encode([math.nan, math.inf, -math.inf]))
    assert math.isnan(nan) and inf == math.inf and minus == -math.inf


@pytest.mark.parametrize(
    "array",
    [
        np.arange(12, dtype=np.int32).reshape(3, 4),
        np.asfortranarray(np.random.default_rng(0).normal(size=(5, 3))),
        np.zeros((0, 4)),
        np.array([1 + 2j, 3.5j]),
        np.array(True),
        np.arange(10.0)[::3],  # a strided view
    ],
)
def test_arrays_round_trip_exactly(array):
    back = wire.decode(wire.encode({"x": array}))["x"]
    assert back.dtype == array.dtype and back.shape == array.shape
    np.testing.assert_array_equal(back, array)
    assert back.flags.writeable


def test_numpy_scalar_stays_a_numpy_scalar():
    back = wire.decode(wire.encode(np.float32(2.5)))
    assert isinstance(back, np.float32) and back == 2.5


@pytest.mark.parametrize(
    "value",
    [lambda: 1, (x for x in ()), object(), {1: "int key"}, np.array([1, "a"], dtype=object)],
)
def test_values_that_cannot_travel_are_refused(value):
    with pytest.raises(wire.UnsupportedValue):
        wire.encode(value)


def test_a_huge_view_is_refused_before_it_is_materialised():
    view = np.broadcast_to(np.float64(1.0), (1 << 20, 1 << 14))  # claims 128 GiB
    with pytest.raises(wire.TooLarge):
        wire.encode(view, max_bytes=1 << 20)


def test_deep_nesting_is_refused():
    value: list = []
    for _ in range(100):
        value = [value]
    with pytest.raises(wire.UnsupportedValue):
        wire.encode(value)


def _message(tree, blobs=()):
    header = json.dumps(tree).encode()
    parts = [wire.MAGIC, struct.pack(">I", len(header)), header, struct.pack(">I", len(blobs))]
    for blob in blobs:
        parts += [struct.pack(">Q", len(blob)), blob]
    return b"".join(parts)


def _npy_header(shape, dtype="<f8"):
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buffer, {"descr": dtype, "fortran_order": False, "shape": shape}
    )
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a message",
        wire.MAGIC + b"\xff\xff\xff\xff",
        _message({"$nd": 5}),
        _message({"$unknown": 1}),
        _message({"$nd": 0, "$map": {}}),
        _message({"$nd": 0}, [_npy_header((10**12,))]),  # a claim of 8 TB, no data
        _message({"$nd": 0}, [_npy_header((2, 2)) + b"\0" * 8]),  # too little data
        _message({"$nd": 0}, [_npy_header((1,), "|O") + b"\0" * 8]),  # object dtype
        _message({"$nd": 0}, [b"\x93NUMPY\x01\x00garbage"]),
        wire.MAGIC + struct.pack(">I", 10_001) + b"[" * 10_001 + struct.pack(">I", 0),
        wire.encode([1, 2]) + b"trailing",
    ],
)
def test_malformed_messages_are_refused(data):
    with pytest.raises(wire.WireError):
        wire.decode(data)
