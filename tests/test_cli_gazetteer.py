"""``geo gazetteer build|info``, ``geo geocode`` and ``geo check`` through the CLI entry point."""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import shutil
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_gazetteer_sources import write_sources

from geo.cli import build_parser, main
from geo.gazetteer import index as gazetteer_index


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GEO_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(gazetteer_index, "_DEFAULT", None)
    return tmp_path / "home"


@pytest.fixture
def built(home: Path, tmp_path: Path) -> Path:
    folder = write_sources(tmp_path / "sources")
    assert main(["gazetteer", "build", "--from", str(folder)]) == 0
    return folder


def test_build_and_info(built: Path, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (home / "gazetteer.sqlite").is_file()
    capsys.readouterr()
    assert main(["gazetteer", "info"]) == 0
    out = capsys.readouterr().out
    assert "village" in out and "Deir ez-Zor" in out and "Who's On First" in out
    assert main(["gazetteer", "info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["by_governorate"]["Hama"] >= 2 and not info["is_core"]


def test_geocode_json(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["geocode", "الميادين", "--limit", "3", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert results[0]["id"] == "wof:1125980167"
    for key in (
        "id",
        "name",
        "name_ar",
        "kind",
        "lat",
        "lon",
        "admin1",
        "admin2",
        "population",
        "score",
    ):
        assert key in results[0]
    assert len(results) <= 3


def test_geocode_table_and_within(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["geocode", "خريطة", "--within", "دير الزور"]) == 0
    out = capsys.readouterr().out
    assert "wof:9000001" in out and "Abu Kamal" in out
    assert main(["geocode", "خريطة", "--within", "Hama"]) == 1  # nothing matches: status 1
    assert "no match" in capsys.readouterr().out


def test_unknown_name_suggests(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["geocode", "خريطا"]) in (0,)
    out = capsys.readouterr().out
    assert "wof:9000001" in out  # a fuzzy candidate or a suggestion
    assert main(["geocode", "Qqqxxyyzz"]) == 1
    assert "no match for 'Qqqxxyyzz'" in capsys.readouterr().out
    assert main(["geocode", "Qqqxxyyzz", "--json"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out) == [] and "no match" in captured.err


def test_geocode_rejects_an_unknown_kind(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["geocode", "حماة", "--kind", "castle"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'castle'" in capsys.readouterr().err
    assert main(["geocode", "حماة", "--kind", "city", "--json", "--limit", "1"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["kind"] == "city"


def test_version_and_one_line_descriptions(capsys: pytest.CaptureFixture[str]) -> None:
    from geo import __version__

    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"geo {__version__}"
    with pytest.raises(SystemExit):
        main(["--help"])
    listing = capsys.readouterr().out
    parser = build_parser()
    assert {"gazetteer", "geocode", "check", "parse", "run"} <= set(_subcommands(parser))
    for command in _subcommands(parser):
        assert command in listing
    for name, action in _help_lines(parser):
        assert action.help and "\n" not in action.help, name


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _help_lines(parser: argparse.ArgumentParser, prefix: str = "geo") -> list[tuple[str, Any]]:
    """Every (sub)command's entry in its parent's listing, with the sub-commands' own."""
    found: list[tuple[str, Any]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for entry in action._choices_actions:
                found.append((f"{prefix} {entry.dest}", entry))
                found += _help_lines(action.choices[entry.dest], f"{prefix} {entry.dest}")
    return found


def test_empty_query_is_a_usage_error(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["geocode", "  "]) == 2
    assert "empty" in capsys.readouterr().err


def test_malformed_source_names_file_and_row(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(built, bad)
    (bad / "opensyria-geography" / "districts.json").write_text("[{]", encoding="utf-8")
    capsys.readouterr()
    assert main(["gazetteer", "build", "--from", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "districts.json" in err and "line 1" in err
    gazetteer_index._DEFAULT = None
    assert main(["geocode", "الميادين", "--json"]) == 0  # the previous index still answers
    assert json.loads(capsys.readouterr().out)[0]["id"] == "wof:1125980167"


def test_packaged_gazetteer_without_index(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["geocode", "تركيا", "--json", "--limit", "1"]) == 0
    (turkey,) = json.loads(capsys.readouterr().out)
    assert turkey["kind"] == "country" and abs(turkey["lat"] - 39.0) < 1
    assert main(["geocode", "الشعفة", "--json", "--limit", "1"]) == 0  # a village: not in the core
    assert json.loads(capsys.readouterr().out)[0]["admin1"] == "Deir ez-Zor"
    assert main(["gazetteer", "info"]) == 0
    out = capsys.readouterr().out
    assert "shipped with geo" in out and "refused: none" in out


@pytest.fixture
def http_root(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


def test_build_from_url(home: Path, tmp_path: Path, http_root: tuple[Path, str]) -> None:
    root, base = http_root
    sources = write_sources(tmp_path / "sources")
    with zipfile.ZipFile(root / "SY.zip", "w") as bundle:
        bundle.write(sources / "geonames" / "SY.txt", "SY.txt")
        bundle.writestr("readme.txt", "GeoNames extract")
    assert main(["gazetteer", "build", "--from", f"{base}/SY.zip"]) == 0
    from geo.gazetteer import Gazetteer

    gazetteer = Gazetteer.load(home / "gazetteer.sqlite")
    assert gazetteer.get("gn:173480") is not None
    assert gazetteer.get("core:turkey") is not None
    assert {source["id"] for source in gazetteer.sources} == {"core", "geonames"}
    assert main(["gazetteer", "build", "--from", f"{base}/missing.zip"]) == 1


def test_check(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check"])
    out = capsys.readouterr().out
    assert "shapely" in out and "chromium" in out and "leaflet" in out and "index" in out
    assert "shipped with geo" in out  # nothing built in this GEO_HOME: the packaged gazetteer
    assert code in (0, 1)
