"""Analyst overrides files: valid ones load, malformed ones fail with a message naming the field."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from geo.errors import GeoError, OverridesError
from geo.overrides import load_overrides

VALID = """\
pins:
  - name: الصالحية
    id: wof:1226434157
  - name: مزرعة الأمل
    document: 2019-03-report
    lat: 35.12
    lon: 38.41
    name_en: Mazraat al-Amal
places:
  - id: analyst:tal-hamis-camp
    name: Tal Hamis camp
    name_ar: مخيم تل حميس
    names: [تل حميس]
    kind: camp
    lat: 36.62
    lon: 41.37
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "overrides.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_file(tmp_path: Path) -> None:
    overrides = load_overrides(write(tmp_path, VALID))
    assert [pin.place_id for pin in overrides.pins] == ["wof:1226434157", "pin:mazraat-al-amal"]
    (camp,) = overrides.places
    assert camp.kind == "camp" and "تل حميس" in camp.names


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pins: 5\n", r"'pins' must be a list of entries .*not int 5"),
        ("places: camp\n", r"'places' must be a list of entries .*not str"),
        ("pins: {name: x}\n", r"'pins' must be a list .*not dict"),
        ("pins:\n  - 5\n", r"pins entry 1: expected a mapping"),
        ("places:\n  - {name_ar: مخيم, lat: 36, lon: 41, names: 5}\n", r"places entry 1: 'names'"),
        (
            "places:\n  - {name_ar: {a: b}, lat: 36, lon: 41}\n",
            r"places entry 1: 'name_ar' must be text",
        ),
        ("pins:\n  - {name: [a], id: x}\n", r"pins entry 1: 'name' must be text"),
        ("pins:\n  - {name: x, lat: [1], lon: 2}\n", r"pins entry 1: lat/lon must be numbers"),
        ("pins:\n  - {name: x, lat: .nan, lon: 2}\n", r"pins entry 1: .* not a point on Earth"),
        ("pins:\n  - {name: x, lat: 1e999, lon: 2}\n", r"pins entry 1: .* not a point on Earth"),
        ("[1, 2]\n", r"expected a mapping with 'pins'"),
        ("pinz: []\n", r"unknown section"),
        ("pins: [\n", r"not valid UTF-8 YAML"),
        ("pins:\n  - {name: x, id: y, document: 2018-13-45}\n", r"not valid UTF-8 YAML"),
        ("pins:\n  - {name: !!int x, id: y}\n", r"cannot construct"),
    ],
)
def test_malformed_files_name_the_field(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(OverridesError, match=message) as error:
        load_overrides(write(tmp_path, text))
    assert "overrides.yaml" in str(error.value)
    assert isinstance(error.value, GeoError)


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [
        f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    bomb = "pins:\n  - name: x\n    note: *i\n    id: y\n" + "\n".join(lines)
    started = time.perf_counter()
    with pytest.raises(OverridesError, match="alias"):
        load_overrides(write(tmp_path, bomb))
    assert time.perf_counter() - started < 1.0


def test_lone_surrogate_and_bad_bytes(tmp_path: Path) -> None:
    overrides = load_overrides(write(tmp_path, 'pins:\n  - {name: "x\\ud800", id: wof:1}\n'))
    assert overrides.pins[0].name == "x\ufffd"
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"pins:\n  - {name: \xff, id: wof:1}\n")
    with pytest.raises(OverridesError, match="not valid UTF-8 YAML"):
        load_overrides(path)
    with pytest.raises(OverridesError, match="cannot read overrides file"):
        load_overrides(tmp_path / "missing.yaml")
