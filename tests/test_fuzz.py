"""Property tests: whatever bytes or text come in, geo reads, parses and exports without error.

Random bytes, texts in mixed encodings, Arabic with bidi controls, presentation forms and odd
marks, and hostile markup go through ``document_from_bytes``/``document_from_text``, the
``Parser`` and ``to_geojson``. The only exception allowed is geo's own ``GeoError`` (refused
input); every span geo reports quotes the text exactly (``text[start:end] == quote``); the
GeoJSON and the ``geo.parse/1`` JSON are valid JSON, and valid UTF-8.

The number of examples comes from the hypothesis profile: ``ci`` (the default: a few thousand
in all) or ``GEO_FUZZ_EXAMPLES`` examples per test, e.g. for a long run::

    GEO_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.document import document_from_bytes, document_from_text
from geo.errors import GeoError
from geo.model import Document

_EXAMPLES = int(os.environ.get("GEO_FUZZ_EXAMPLES", "0") or 0)
settings.register_profile(
    "ci",
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
settings.register_profile(
    "long",
    max_examples=max(_EXAMPLES, 1),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
settings.load_profile("long" if _EXAMPLES else "ci")

# -- text material ------------------------------------------------------------------------

PLACES = ["هجين", "الرقة", "دير الزور", "حماة", "إدلب", "الشعفة", "البوكمال", "تركيا", "الميادين"]
WORDS = [
    "خرج", "خروج", "نزوح", "وصول", "نقل", "المقاتلون", "العائلات", "عناصر", "من", "إلى",
    "باتجاه", "نحو", "عبر", "مروراً", "ب", "في", "ريف", "الشرقي", "شرق", "مدينة", "بلدة",
    "قرية", "وقال", "مصدر", "محلي", "إن", "الحافلات", "وصلت", "مساء", "تنظيم", "داعش", "قسد",
    "تلك", "المناطق", "إليها", "Raqqa", "Hajin", "SDF", "2018", "١٤", "،", ".", "؟", ":", "(", ")",
]  # fmt: skip
CONTROLS = [
    "\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066",
    "\u2067", "\u2068", "\u2069", "\u200b", "\u200c", "\u200d", "\ufeff", "\u0640", "\u064e",
    "\u0651", "\u00a0", "\t", "\r\n", "\r", "\n\n", "\u2028", "\u0000", "\u001b",
]  # fmt: skip
FORMS = [
    "\ufeeb\ufea0\ufef4\ufee6",  # ﻫﺠﻴﻦ
    "\ufe8d\ufedf\ufead\ufed7\ufe94",  # ﺍﻟﺮﻗﺔ
    "\ufefb", "\ufdf2", "\ufdfa", "\ufe70", "\ufb50", "\ufd3e", "\ufd3f",
]  # fmt: skip
MARKUP = [
    "<script>alert('هجين')</script>", "]]>", "<![CDATA[", "&xxe;", "&amp;", "&#0;", "&#x202e;",
    '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "<p>", "</p>", "<br>",
    "<html>", "<body>", "<article>", "</article>", "<!--", "-->", "<style>p{}</style>",
    '<meta charset="utf-7">', '<meta charset="unicode_escape">', '<meta charset="rot13">',
    '<meta property="og:site_name" content="\u202eسوريا">', "<svg onload=x>", "<",
    "date: 2018-13-45\n", "d: !!int x\n", "a: &a [1]\nb: *a\n", "? [x]\n: y\n", "title: \"\\ud800\"\n",
    "outlet: !!binary ZZZ\n", "- x\n", "{{{\n", "key: value\n",
]  # fmt: skip
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256", "mac_arabic"]
ENCODINGS += ["cp1252", "latin-1", "utf-7", "utf-32"]

pieces = st.one_of(
    st.sampled_from(PLACES),
    st.sampled_from(WORDS),
    st.sampled_from(CONTROLS),
    st.sampled_from(FORMS),
    st.sampled_from([" ", " ", " ", "\n"]),
    st.text(min_size=1, max_size=3),
)
arabic_texts = st.lists(pieces, min_size=1, max_size=60).map("".join)
markup_texts = st.lists(st.one_of(pieces, st.sampled_from(MARKUP)), max_size=60).map("".join)


@pytest.fixture(scope="module")
def parser() -> Any:
    from geo.parse import Parser

    return Parser()


# -- checks ------------------------------------------------------------------------------


def _spans(value: Any) -> Iterator[dict[str, Any]]:
    """Every ``{"text", "start", "end"}`` object in a JSON-like value."""
    if isinstance(value, dict):
        if isinstance(value.get("start"), int) and isinstance(value.get("text"), str):
            yield value
        for item in value.values():
            yield from _spans(item)
    elif isinstance(value, list):
        for item in value:
            yield from _spans(item)


def _check(parser: Any, document: Document) -> None:
    from geo.export import to_geojson
    from geo.parse import corroborate, parse_json

    parsed = parser.parse(document)
    corroborate([parsed])
    text = document.text
    for mention in parsed.mentions:
        assert text[mention.start : mention.end] == mention.text
    payload = parse_json([parsed], parser.gazetteer)
    for span in _spans(payload["documents"][0]):
        assert text[span["start"] : span["end"]] == span["text"], span
    encoded = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    assert json.loads(encoded)["schema"] == "geo.parse/1"
    collection = to_geojson([parsed], gazetteer=parser.gazetteer)
    again = json.loads(json.dumps(collection, ensure_ascii=False).encode("utf-8"))
    assert again["type"] == "FeatureCollection"
    from geo.export import serialise

    json.loads(serialise(collection))


def _read_bytes(data: bytes, name: str) -> Document | None:
    try:
        return document_from_bytes(data, path=name)
    except GeoError:
        return None


# -- properties --------------------------------------------------------------------------


@given(data=st.binary(max_size=3000), name=st.sampled_from(["a.txt", "a.html", "a"]))
def test_random_bytes(parser: Any, data: bytes, name: str) -> None:
    document = _read_bytes(data, name)
    if document is not None:
        _check(parser, document)


@given(
    parts=st.lists(st.tuples(arabic_texts, st.sampled_from(ENCODINGS)), min_size=1, max_size=3),
    cut=st.integers(min_value=0, max_value=3),
)
def test_mixed_encodings(parser: Any, parts: list[tuple[str, str]], cut: int) -> None:
    data = b"".join(text.encode(codec, "ignore") for text, codec in parts)
    document = _read_bytes(data[: len(data) - cut] if cut < len(data) else data, "a.txt")
    if document is not None:
        _check(parser, document)


@given(text=arabic_texts)
def test_arabic_with_controls_and_presentation_forms(parser: Any, text: str) -> None:
    try:
        document = document_from_text(text)
    except GeoError:
        return
    _check(parser, document)


@given(text=markup_texts, name=st.sampled_from(["a.html", "a.txt", "a.md"]))
def test_hostile_markup(parser: Any, text: str, name: str) -> None:
    for data in (text.encode("utf-8", "surrogatepass"), f"---\n{text}\n---\n{text}".encode()):
        document = _read_bytes(data, name)
        if document is not None:
            _check(parser, document)


metadata_values = st.one_of(
    st.text(max_size=20),
    st.integers(),
    st.floats(),
    st.none(),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
    st.sampled_from(["\ud800", "x\udfff", "2018-13-45", "14 كانون الأول 2018", "99999-1-1"]),
)


@given(
    metadata=st.dictionaries(
        st.one_of(st.text(max_size=8), st.sampled_from(["date", "outlet", "title", "url"])),
        metadata_values,
        max_size=5,
    ),
    text=arabic_texts,
)
def test_metadata_values(parser: Any, metadata: dict[str, Any], text: str) -> None:
    try:
        document = document_from_text(text, metadata=metadata)
    except GeoError:
        return
    json.dumps(document.metadata, ensure_ascii=False).encode("utf-8")
    _check(parser, document)


@settings(max_examples=max(_EXAMPLES // 20, 25))
@given(text=arabic_texts)
def test_csv_and_kml_writers(parser: Any, text: str, tmp_path_factory: Any) -> None:
    from geo.outputs import write_outputs

    try:
        document = document_from_text(text, doc_id="fuzz")
    except GeoError:
        return
    parsed = parser.parse(document)
    out: Path = tmp_path_factory.mktemp("fuzz-out")
    try:
        written = write_outputs(
            [parsed], out, "fuzz", formats=("csv", "kml"), gazetteer=parser.gazetteer
        )
    except GeoError:
        return
    for path in written:
        path.read_bytes().decode("utf-8")
