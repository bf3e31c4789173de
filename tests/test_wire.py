"""The wire format: faithful for what may travel, and refusing hostile bytes before allocating."""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import io
import json
import math
import struct
import time

import numpy as np
import pytest

from judge.runner import wire


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        3,
        -(2**63),
        2**64 - 1,
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


# ---------------------------------------------------------------- dtypes

ALLOWED_DTYPES = [
    "?",
    *(f"{order}{kind}{size}" for order in "<>" for kind in "iu" for size in (1, 2, 4, 8)),
    *(f"{order}f{size}" for order in "<>" for size in (2, 4, 8)),
    *(f"{order}c{size}" for order in "<>" for size in (8, 16)),
    np.dtype(np.longdouble).str,
    np.dtype(np.clongdouble).str,
]


@pytest.mark.parametrize("dtype", ALLOWED_DTYPES)
def test_every_allowed_dtype_round_trips_as_array_and_scalar(dtype):
    array = (np.arange(12) % 5).astype(dtype).reshape(3, 4)
    back, scalar = wire.decode(wire.encode([array, array[1, 2]]))
    assert back.dtype == array.dtype and back.shape == array.shape and back.flags.writeable
    np.testing.assert_array_equal(back, array)
    assert type(scalar) is type(array[1, 2]) and scalar.dtype == array[1, 2].dtype
    assert scalar == array[1, 2]


REFUSED_DTYPES = [
    "|S3",
    "<U2",
    "|V8",
    "<M8[ns]",
    "<m8[s]",
    [("a", "<f8"), ("b", "<i4")],  # fields
    [("a", "<f8", (2,))],  # a sub-array
    "|O",
]


@pytest.mark.parametrize("dtype", REFUSED_DTYPES, ids=str)
def test_other_dtypes_are_refused_both_ways(dtype):
    array = np.zeros(2, dtype=np.dtype(dtype))
    with pytest.raises(wire.UnsupportedValue, match="can travel"):
        wire.encode(array)
    if array.dtype.hasobject:
        return  # write_array refuses it too; the decoding side is in the malformed messages
    blob = io.BytesIO()
    np.lib.format.write_array(blob, array, allow_pickle=False)
    # Dates' and records' descrs are not even read: the header pattern takes only simple ones.
    with pytest.raises(wire.WireError, match=r"cannot travel|bad \.npy header"):
        wire.decode(_message({"$nd": 0}, [blob.getvalue()]))


@pytest.mark.parametrize("dtype", ["?", "i1", ">i2", "<u4", "<i8", "f2", ">f4", "<f8", "<c16"])
@pytest.mark.parametrize("shape", [(), (0,), (3,), (2, 3), (5, 0), (1,) * wire.MAX_NDIM])
@pytest.mark.parametrize("order", ["C", "F"])
def test_arrays_are_read_without_parsing_python(monkeypatch, dtype, shape, order):
    # NumPy's own reader runs ast.literal_eval on the header, and CPython 3.11's AST constructor
    # fails when threads parse at once; the worker decodes while another thread parses a source.
    array = (np.arange(math.prod(shape)) % 7).astype(dtype).reshape(shape, order=order)
    for version in [(1, 0), (2, 0)]:
        blob = io.BytesIO()
        np.lib.format.write_array(blob, array, version=version, allow_pickle=False)
        with monkeypatch.context() as patched:  # undone before pytest reports, which parses
            patched.setattr(ast, "parse", _never_called)
            got = wire.load_npy(blob.getvalue())
        assert got.dtype == array.dtype and got.shape == shape and np.array_equal(got, array)


def _never_called(*args, **kwargs):
    raise AssertionError("Python source was parsed")


@pytest.mark.parametrize(
    "header",
    [
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1, }",
        "{'descr': '<f8', 'fortran_order': 0, 'shape': (2,), }",
        "{'descr': __import__('os').getpid(), 'fortran_order': False, 'shape': (2,), }",
        "{'descr':'<f8','fortran_order':False,'shape':(2,),}",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (-2,), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2, ), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }" + " " * 10_000,
        "{'descr': '<Z9', 'fortran_order': False, 'shape': (2,), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (" + "1, " * 40 + "1), }",
    ],
)
def test_npy_headers_other_than_numpys_are_refused(header):
    text = (header + "\n").encode("latin-1")
    blob = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text + b"\0" * 16
    with quickly(), pytest.raises(wire.WireError, match=r"bad \.npy header"):
        wire.load_npy(blob)


@pytest.mark.parametrize("cut", [0, 5, 7, 9, 20])
def test_a_cut_npy_blob_is_refused(cut):
    blob = io.BytesIO()
    np.lib.format.write_array(blob, np.zeros(2), allow_pickle=False)
    with pytest.raises(wire.WireError):
        wire.load_npy(blob.getvalue()[:cut])


# ---------------------------------------------------------------- hostile bytes, refused quickly


@contextlib.contextmanager
def quickly(seconds=1.0):
    started = time.perf_counter()
    yield
    elapsed = time.perf_counter() - started
    assert elapsed < seconds, f"took {elapsed:.2f} s"


@pytest.mark.parametrize("descr", ["|V0", "|S0", "<U0", []], ids=str)
def test_zero_byte_items_with_a_giant_shape_are_refused(descr):
    blob = _npy_header((10**12,), descr)  # 0 bytes of data match 10**12 items of 0 bytes
    with quickly(), pytest.raises(wire.WireError, match=r"cannot travel|bad \.npy header"):
        wire.decode(_message({"$nd": 0}, [blob]))


def test_an_empty_array_with_a_giant_axis_is_refused():
    blob = _npy_header((10**12, 0), "|u1")  # 10**12 empty rows, 0 bytes
    with quickly(), pytest.raises(wire.TooLargeToDecode):
        wire.decode(_message({"$nd": 0}, [blob]))
    assert wire.decode(_message({"$nd": 0}, [_npy_header((0, 4), "|u1")])).shape == (0, 4)


def test_total_elements_are_capped_across_the_message():
    blob = io.BytesIO()
    np.lib.format.write_array(blob, np.zeros(60, np.uint8))
    data = _message([{"$nd": 0}, {"$nd": 1}], [blob.getvalue()] * 2)
    assert len(wire.decode(data)) == 2
    limits = dataclasses.replace(wire.UNTRUSTED, elements=100)
    with pytest.raises(wire.TooLargeToDecode, match="more than 100 elements"):
        wire.decode(data, limits=limits)
    with pytest.raises(wire.TooLargeToDecode):
        wire.load_npy(_npy_header((101,), "|u1") + b"\0" * 101, limits=limits)


@pytest.mark.parametrize("limits, references", [(wire.UNTRUSTED, 50_000), (wire.REQUEST, 200_000)])
def test_one_blob_referenced_many_times_is_refused(limits, references):
    blob = io.BytesIO()
    np.lib.format.write_array(blob, np.zeros(1 << 17))  # 1 MiB, that would be copied each time
    data = _message([{"$nd": 0}] * references, [blob.getvalue()])
    with quickly(), pytest.raises(wire.WireError, match="used more than once"):
        wire.decode(data, limits=limits)
    scalar = io.BytesIO()
    np.lib.format.write_array(scalar, np.array(1.5))
    with pytest.raises(wire.WireError, match="used more than once"):
        wire.decode(_message({"$tuple": [{"$scalar": 0}, {"$scalar": 0}]}, [scalar.getvalue()]))


def test_a_scalar_must_be_zero_dimensional():
    blob = io.BytesIO()
    np.lib.format.write_array(blob, np.zeros(3))
    with pytest.raises(wire.WireError, match="0-dimensional"):
        wire.decode(_message({"$scalar": 0}, [blob.getvalue()]))


def test_too_many_blobs_are_refused():
    data = _message([], [b""] * (wire.UNTRUSTED.blobs + 1))
    with quickly(), pytest.raises(wire.TooLargeToDecode, match="arrays, over the limit"):
        wire.split(data)


def _raw_message(header: bytes, blobs=0) -> bytes:
    return wire.MAGIC + struct.pack(">I", len(header)) + header + struct.pack(">I", blobs)


def test_a_long_header_is_refused_before_it_is_read():
    data = _raw_message(b" " * (3 << 20) + b"[]")
    with quickly(), pytest.raises(wire.TooLargeToDecode) as caught:
        wire.decode(data)
    assert str(caught.value) == "the output's header is 3.1 MiB, over the limit of 1 MiB"
    assert wire.decode(data, limits=wire.REQUEST) == []


@pytest.mark.parametrize(
    "limits, header",
    [
        (wire.UNTRUSTED, b"[" + b"[]," * 340_000 + b"[]]"),
        (wire.UNTRUSTED, b"[" + b"{}," * 340_000 + b"{}]"),
        (wire.UNTRUSTED, b'{"$map":{' + b'"":0,' * 200_000 + b'"":0}}'),
        # An escaped backslash ends the string: what follows is counted.
        (wire.UNTRUSTED, b'["\\\\",' + b"[]," * 250_000 + b"[]]"),
        (wire.REQUEST, b"[" + b"[]," * 22_000_000 + b"[]]"),  # 64 MiB
    ],
    ids=["lists", "objects", "keys", "after-an-escape", "request"],
)
def test_a_header_that_expands_is_refused_before_it_is_parsed(limits, header):
    with quickly(2.0), pytest.raises(wire.TooLargeToDecode, match="values"):
        wire.split(_raw_message(header), limits=limits)


def test_syntax_inside_strings_is_not_counted():
    text = '",[{:\\"]}' * 40_000  # syntax and escaped quotes, 360,000 characters of it
    header = json.dumps([text, {"$map": {"k": text}}]).encode()
    assert len(header) < wire.UNTRUSTED.header_bytes
    with quickly():
        assert wire.decode(_raw_message(header)) == [text, {"k": text}]


@pytest.mark.parametrize(
    "header",
    [
        b"[" * 100 + b"]" * 100,  # well-formed, too deep
        b"[" * 100_000,  # past the C parser's recursion
        b'{"$tuple":[' * 40 + b"1" + b"]}" * 40,  # within the JSON cap, too deep as a value
    ],
    ids=["lists", "unclosed", "tuples"],
)
def test_deep_nesting_is_refused_on_decode(header):
    with quickly(), pytest.raises(wire.WireError, match="nested more than 32 levels"):
        wire.decode(_raw_message(header))


def test_from_tree_caps_depth_itself():
    tree: list = []
    for _ in range(10_000):  # deeper than the recursion limit: refused on its own depth count
        tree = [tree]
    with quickly(), pytest.raises(wire.WireError, match="nested more than"):
        wire.from_tree(tree, [])
    value: list = []
    for _ in range(wire.MAX_DEPTH):
        value = [value]
    assert wire.decode(wire.encode(value)) == value


def test_from_tree_caps_its_values():
    limits = dataclasses.replace(wire.UNTRUSTED, nodes=1000)
    assert wire.from_tree([0] * 999, [], limits=limits) == [0] * 999
    with pytest.raises(wire.TooLargeToDecode):
        wire.from_tree([0] * 1000, [], limits=limits)
    with pytest.raises(wire.TooLargeToDecode):
        wire.from_tree({"$map": {str(i): 0 for i in range(600)}}, [], limits=limits)


@pytest.mark.parametrize("digits", [21, 4301, 1_000_000])
def test_long_integers_are_refused_before_conversion(digits):
    header = b"[" + b"9" * min(digits, wire.UNTRUSTED.header_bytes - 2) + b"]"
    with quickly(), pytest.raises(wire.WireError, match="digits, over the limit of 20"):
        wire.decode(_raw_message(header))


def test_integers_the_encoder_writes_travel_in_requests_only():
    for value in (-(2**70), 2**wire.MAX_INT_BITS - 1, -(2**wire.MAX_INT_BITS - 1)):
        assert wire.decode(wire.encode(value), limits=wire.REQUEST) == value
    with pytest.raises(wire.WireError) as caught:
        wire.decode(wire.encode({"results": [10**20]}))
    assert str(caught.value) == "an integer of 21 digits, over the limit of 20"
    assert wire.decode(wire.encode(-(10**20 - 1))) == -(10**20 - 1)


@pytest.mark.parametrize(
    "header", [b"NaN", b"[Infinity]", b"[-Infinity]", b'{"$map":{"x":NaN}}', b"1e999", b"[-1e400]"]
)
def test_non_finite_numbers_travel_only_as_tagged_floats(header):
    with pytest.raises(wire.WireError) as caught:
        wire.decode(_raw_message(header))
    assert not isinstance(caught.value, wire.TooLargeToDecode)


def test_lone_surrogates_come_out_as_escapes_and_the_header_must_be_utf8():
    assert wire.decode(_raw_message(b'["a\\ud800b"]')) == ["a\\ud800b"]
    assert wire.decode(_raw_message(b'{"$map":{"\\udc80":1}}')) == {"\\udc80": 1}
    with pytest.raises(wire.WireError):
        wire.decode(_raw_message('["é"]'.encode("utf-16")))
    assert wire.decode(_raw_message('["é\\u00e9"]'.encode())) == ["éé"]
