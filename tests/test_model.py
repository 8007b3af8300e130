"""The data model's helpers: ``rounded`` gives ``round``'s floats bit for bit."""

from __future__ import annotations

import math
import random
import struct

import pytest

from geo.model import rounded


def _bits(value: float) -> bytes:
    return struct.pack("<d", value)


EDGES = [
    0.125,  # an exact tie: round halves to even
    0.375,
    2.675,  # stored just below 2.675
    -2.675,
    0.5,
    -0.5,
    1.5,
    2.5,
    0.0,
    -0.0,  # the sign of a zero is kept
    -0.0004,  # rounds to a negative zero
    5e-324,
    -1e-320,
    1e15,
    -1e16,
    123456789.1234565,
    0.0005,
    0.00049999999999999,
    36.2021055,
    float("inf"),
    float("-inf"),
]


@pytest.mark.parametrize("digits", range(10))
def test_rounded_is_round_bit_for_bit(digits: int) -> None:
    generator = random.Random(digits)
    values = list(EDGES)
    for _ in range(20_000):
        values.append(generator.uniform(-1.0, 1.0))
        values.append(generator.uniform(-180.0, 180.0))
        # Ties in decimal, and values one unit either side of them.
        tie = (generator.randrange(-(10**6), 10**6) + 0.5) / 10**digits
        values.extend((tie, math.nextafter(tie, math.inf), math.nextafter(tie, -math.inf)))
        # Any bit pattern at all (NaN compares unequal to itself, so it is left out).
        value = struct.unpack("<d", struct.pack("<Q", generator.getrandbits(64)))[0]
        if not math.isnan(value):
            values.append(value)
    wrong = [
        value for value in values if _bits(rounded(value, digits)) != _bits(round(value, digits))
    ]
    assert wrong == []


def test_rounded_nan_is_nan() -> None:
    assert math.isnan(rounded(float("nan"), 3))


@pytest.mark.parametrize("digits", [-2, -1, 10, 12])
def test_rounded_outside_its_scales_is_still_round(digits: int) -> None:
    for value in (1234.5678, -0.000123456789012, 98765.4321):
        assert _bits(rounded(value, digits)) == _bits(round(value, digits))
