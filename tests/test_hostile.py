"""Hostile input through ``geo parse`` and ``geo run`` (subprocesses) and the Python API.

Each bad file ends in a clear message naming it, never a traceback, and the good files beside
it are still parsed. Inputs are made here; nothing binary is committed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import SEEDS

from geo.textforms import fold_presentation_forms

ARTICLE = (SEEDS / "001_b612fac50e613db2.txt").read_text(encoding="utf-8")
BAD_NAME = os.fsdecode(b"bad-\xff\xfe.txt")  # not UTF-8: its bytes reach Python as surrogates
BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [
        f"{name}: &{name} [{','.join([f'*{previous}'] * 9)}]"
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
    ]
)
HAJIN_FORMS = "\ufeeb\ufea0\ufef4\ufee6"  # ﻫﺠﻴﻦ


@dataclass(frozen=True)
class Result:
    code: int
    out: bytes
    err: str


def geo(*args: str, cwd: Path, home: Path, timeout: float = 120) -> Result:
    """Run the ``geo`` command in a new process, as a user would."""
    env = {**os.environ, "GEO_HOME": str(home)}
    command = [sys.executable, "-c", "import sys; from geo.cli import main; sys.exit(main())"]
    done = subprocess.run(
        [*command, *args], cwd=cwd, env=env, capture_output=True, timeout=timeout, check=False
    )
    return Result(done.returncode, done.stdout, done.stderr.decode("utf-8", "replace"))


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A GEO_HOME without an index: geo uses the gazetteer it ships with."""
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Good articles, each next to a hostile one."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / BAD_NAME).write_text(ARTICLE, encoding="utf-8")
    (folder / "surrogate.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "surrogate.json").write_text('{"outlet": "Raqqa \\ud800 Post"}', encoding="utf-8")
    (folder / "front-surrogate.md").write_text(
        f'---\noutlet: "x \\udfff"\n---\n{ARTICLE}', encoding="utf-8"
    )
    (folder / "bomb.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "bomb.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
    (folder / "front-bomb.md").write_text(f"---\n{BILLION_LAUGHS}\n---\n{ARTICLE}", "utf-8")
    (folder / "utf16.txt").write_bytes(ARTICLE.encode("utf-16-le"))
    (folder / "mac.txt").write_bytes(ARTICLE.encode("mac_arabic", "replace"))
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    os.mkfifo(folder / "pipe.txt")
    return folder


HOSTILE_REFUSED = {"bomb.txt": "alias", "front-bomb.md": "alias", "binary.txt": "binary"}
READ = ("good", "bad-\\xff\\xfe", "surrogate", "front-surrogate", "utf16", "mac")


def test_geo_parse_json(corpus: Path, home: Path, tmp_path: Path) -> None:
    files = sorted(name for name in os.listdir(corpus) if not name.endswith((".json", ".yaml")))
    unreadable = tmp_path / os.fsdecode(b"binary-\xff.txt")  # refused, and its name not UTF-8
    unreadable.write_bytes(bytes(range(256)) * 8)
    result = geo("parse", "--json", *files, str(unreadable), cwd=corpus, home=home)
    assert "Traceback" not in result.err
    assert result.code == 1  # some files failed
    payload = json.loads(result.out.decode("utf-8"))  # valid UTF-8, valid JSON
    documents = {document["id"]: document for document in payload["documents"]}
    assert set(documents) == set(READ)
    for name in READ:
        assert documents[name]["mentions"], name  # places found in every readable variant
    good = {m["text"] for m in documents["good"]["mentions"]}
    for name in ("utf16", "mac", "bad-\\xff\\xfe"):
        assert {m["text"] for m in documents[name]["mentions"]} == good, name
    assert documents["surrogate"]["metadata"]["outlet"] == "Raqqa \ufffd Post"
    assert documents["front-surrogate"]["metadata"]["outlet"] == "x \ufffd"
    assert (
        "geo: note: surrogate.txt: invalid Unicode (lone surrogates) in its metadata file "
        "surrogate.json replaced by U+FFFD in 'outlet'" in result.err
    )
    assert "front-surrogate.md: invalid Unicode (lone surrogates) in its YAML front" in result.err
    errors = {Path(error["path"]).name: error["error"] for error in payload["errors"]}
    assert set(errors) == {*HOSTILE_REFUSED, "pipe.txt", "binary-\\xff.txt"}
    for name, reason in HOSTILE_REFUSED.items():
        assert name in errors[name] and reason in errors[name]
    assert "named pipe (FIFO)" in errors["pipe.txt"]


def test_geo_parse_text_output(corpus: Path, home: Path) -> None:
    result = geo("parse", BAD_NAME, "bomb.txt", "pipe.txt", "good.txt", cwd=corpus, home=home)
    assert "Traceback" not in result.err and result.code == 1
    out = result.out.decode("utf-8")
    assert "# bad-\\xff\\xfe:" in out and "# good:" in out
    assert "bomb.txt: its metadata file bomb.yaml uses a YAML alias" in result.err
    assert "pipe.txt is a named pipe (FIFO) with nothing written to it" in result.err


def test_geo_run_reports_bad_files_and_maps_the_rest(
    corpus: Path, home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = geo(
        "run", ".", "--out", str(out), "--name", "run", "--format", "geojson", "--jobs", "1", "--no-cache",
        cwd=corpus, home=home,
    )  # fmt: skip
    assert "Traceback" not in result.err, result.err[-2000:]
    assert result.code == 0, result.err
    report = (out / "run.report.json").read_text(encoding="utf-8")
    for name in HOSTILE_REFUSED:
        assert name in report
    warnings = {item["path"]: item["warning"] for item in json.loads(report)["warnings"]}
    assert (
        "metadata file surrogate.json replaced by U+FFFD in 'outlet'" in warnings["surrogate.txt"]
    )
    assert "YAML front matter replaced by U+FFFD in 'outlet'" in warnings["front-surrogate.md"]
    assert "Mac Arabic" in warnings["mac.txt"]  # a guessed encoding is said
    collection = json.loads((out / "run.geojson").read_text(encoding="utf-8"))
    docs = {
        mention["doc"]
        for feature in collection["features"]
        for mention in feature["properties"].get("mentions", [])
    }
    assert set(READ) <= docs


def test_geo_run_with_an_unreadable_file_whose_name_is_not_utf8(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / os.fsdecode(b"binary-\xff.txt")).write_bytes(bytes(range(256)) * 8)
    result = geo(
        "run", ".", "--out", str(tmp_path / "out"), "--name", "run", "--format", "geojson",
        "--jobs", "1", "--no-cache", cwd=folder, home=home,
    )  # fmt: skip
    assert "Traceback" not in result.err and result.code == 0
    report = json.loads((tmp_path / "out" / "run.report.json").read_text("utf-8"))
    assert [failure["path"] for failure in report["failures"]] == ["binary-\\xff.txt"]


def test_bad_overrides_file(corpus: Path, home: Path, tmp_path: Path) -> None:
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text("pins: 5\n", encoding="utf-8")
    result = geo("parse", "good.txt", "--overrides", str(overrides), cwd=corpus, home=home)
    assert "Traceback" not in result.err and result.code == 1
    assert "overrides.yaml: 'pins' must be a list of entries" in result.err
    overrides.write_text(f"pins:\n  - name: x\n    id: y\n{BILLION_LAUGHS}\n", encoding="utf-8")
    result = geo("parse", "good.txt", "--overrides", str(overrides), cwd=corpus, home=home)
    assert "Traceback" not in result.err and result.code == 1
    assert "alias" in result.err


def test_an_overrides_fifo_is_refused_at_once(corpus: Path, home: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "overrides.yaml"
    os.mkfifo(fifo)
    result = geo("parse", "good.txt", "--overrides", str(fifo), cwd=corpus, home=home, timeout=60)
    assert "Traceback" not in result.err and result.code == 1
    assert "overrides.yaml: it is a named pipe (FIFO), not a regular file" in result.err
    out = tmp_path / "out"
    result = geo("run", ".", "--out", str(out), "--overrides", str(fifo), cwd=corpus, home=home)
    assert "Traceback" not in result.err and result.code == 1
    assert "overrides.yaml is not a regular file" in result.err


# Text and names that break or inject into exports, and a folder name GDAL cuts at ';'.
INJECTED = (
    '=HYPERLINK("http://x.example","click") ]]> &xxe; '
    '<!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    "خرج عشرات المقاتلين من مدينة حمص ]]> &xxe; \x01\x0b باتجاه إدلب.\n"
    f"{ARTICLE}\r=1+2\r+3\r-4\r@SUM(A1)\r\t=5 ]]> &xxe;\n"
)
INJECTED_NAME = "&xxe;\"<x>'="


def test_hostile_names_and_text_in_every_export(home: Path, tmp_path: Path) -> None:
    import csv
    import sqlite3
    import xml.etree.ElementTree as ET

    folder = tmp_path / "a;b"
    folder.mkdir()
    (folder / f"{INJECTED_NAME}.txt").write_text(INJECTED, encoding="utf-8", newline="")
    (folder / f"{INJECTED_NAME}.json").write_text(
        json.dumps({"outlet": "@SUM(1+1)", "title": "-2+3\r=4 ]]>", "url": "javascript:alert(1)"}),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    formats = "geojson,html,gpkg,csv,kml,parquet"
    result = geo(
        "run", folder.name, "--out", str(out), "--format", formats, "--jobs", "1", "--no-cache",
        cwd=tmp_path, home=home,
    )  # fmt: skip
    assert "Traceback" not in result.err and result.code == 0, result.err[-2000:]
    report = json.loads((out / "a;b.report.json").read_text(encoding="utf-8"))
    assert sorted(path.name for path in out.iterdir()) == report["outputs"]
    assert {"a;b.gpkg", "a;b.kml", "a;b.html", "a;b.routes.csv"} <= set(report["outputs"])
    (document,) = report["documents"]
    assert document["id"] == INJECTED_NAME and document["routes"] >= 1
    # KML: well-formed, the markup in the text kept as text, valid ids.
    root = ET.parse(out / "a;b.kml").getroot()
    namespace = "{http://www.opengis.net/kml/2.2}"
    values = [value.text or "" for value in root.iter(f"{namespace}value")]
    assert any("]]> &xxe;" in value for value in values)
    assert any(INJECTED_NAME in value for value in values)
    for placemark in root.iter(f"{namespace}Placemark"):
        assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9._-]*", placemark.get("id", ""))
    # CSV: one row per record whatever the carriage returns, no cell a formula.
    for path in out.glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.reader(stream))
        for row in rows:
            assert len(row) == len(rows[0]), path.name
            for cell in row:
                if not re.fullmatch(r"-?[0-9.]+(e-?[0-9]+)?", cell):  # numbers are numbers
                    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (path, cell)
    with (out / "a;b.documents.csv").open(encoding="utf-8-sig", newline="") as stream:
        (row,) = list(csv.DictReader(stream))
    assert (row["doc"], row["outlet"], row["title"]) == (
        INJECTED_NAME,
        "'@SUM(1+1)",
        "'-2+3\r=4 ]]>",
    )
    # The GeoPackage holds the document once, its title as written.
    with sqlite3.connect(out / "a;b.gpkg") as database:
        titles = [row[0] for row in database.execute("select title from documents")]
    assert titles == ["-2+3\r=4 ]]>"]


def test_folder_names_that_are_not_utf8(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / os.fsdecode(b"corpus-\xfe")
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / os.fsdecode(b"out-\xff")
    args = ("run", folder.name, "--out", out.name, "--format", "geojson,html,kml", "--jobs", "1")
    result = geo(*args, cwd=tmp_path, home=home)
    assert "Traceback" not in result.err and result.code == 0, result.err[-2000:]
    assert "wrote 4 files to out-\\xff" in result.err
    assert sorted(os.listdir(out)) == [
        f"corpus-\\xfe.{suffix}" for suffix in ("geojson", "html", "kml", "report.json")
    ]
    report = json.loads((out / "corpus-\\xfe.report.json").read_text(encoding="utf-8"))
    assert report["inputs"] == ["corpus-\\xfe"]
    result = geo(*args, cwd=tmp_path, home=home)
    assert "Traceback" not in result.err and "outputs up to date: 4 files" in result.err


def test_a_fifo_never_hangs_the_api(tmp_path: Path) -> None:
    from geo.document import find_documents, iter_documents, read_document
    from geo.errors import DocumentError

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    assert [document.id for document in iter_documents([tmp_path])] == ["good"]
    with pytest.raises(DocumentError, match=r"pipe\.txt is a named pipe \(FIFO\)"):
        read_document(fifo)
    with pytest.raises(DocumentError, match=r"pipe\.txt is a named pipe \(FIFO\), not an"):
        find_documents([fifo, tmp_path / "good.txt"])


# -- presentation forms and bidi controls: matched through geo.textforms' view, offsets exact.


def _parse(text: str):  # type: ignore[no-untyped-def]
    from geo.document import document_from_text
    from geo.pipeline import Parser

    parser = _parse.__dict__.setdefault("parser", Parser())
    return parser.parse(document_from_text(text))


def test_presentation_forms_give_places() -> None:
    text = f"وصل المقاتلون إلى بلدة {HAJIN_FORMS} في ريف دير الزور الشرقي."
    parsed = _parse(text)
    found = {mention.text: mention for mention in parsed.mentions}
    assert HAJIN_FORMS in found and found[HAJIN_FORMS].place is not None
    assert found[HAJIN_FORMS].place.name == "Hajin"
    for mention in parsed.mentions:
        assert text[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("\u202b", "\u202c"), ("\u202e", "\u202c"), ("\u2067", "\u2069"), ("\u202e", "")],
    ids=["embedding", "override", "isolate", "override left open"],
)
def test_bidi_controls_around_places(opening: str, closing: str) -> None:
    plain = "خرج المقاتلون من الرقة باتجاه هجين في ريف دير الزور."
    text = (
        f"خرج المقاتلون من {opening}الرقة{closing} باتجاه {opening}هجين{closing} في ريف دير "
        "الزور\u200f."
    )
    expected = _parse(plain)
    parsed = _parse(text)
    assert [m.text for m in parsed.mentions] == [m.text for m in expected.mentions]
    names = [
        [endpoint.place.name if endpoint.place else None for endpoint in route.destinations]
        for route in parsed.routes
    ]
    assert names == [
        [endpoint.place.name if endpoint.place else None for endpoint in route.destinations]
        for route in expected.routes
    ]
    assert [
        [end.place.name if end.place else None for end in route.origins] for route in parsed.routes
    ] == [["Ar Raqqah"]]


def test_the_matching_view_of_hostile_text_maps_back_exactly() -> None:
    text = f"من \u202bالرقة\u202c إلى {HAJIN_FORMS}\u200f و\ufefbذقية"
    view = fold_presentation_forms(text)
    assert view.text == "من الرقة إلى هجين ولاذقية"
    for word, original in (("الرقة", "الرقة"), ("هجين", HAJIN_FORMS), ("لاذقية", "\ufefbذقية")):
        start = view.text.index(word)
        begin, end = view.span(start, start + len(word))
        assert text[begin:end] == original
