"""Tests of geo.corpus and ``geo run``: bad files, cache, interrupts, engines, report."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from geo import testing
from geo.cli import main
from geo.corpus import corpus_report, run_corpus, serialize, workers
from geo.corpus.inputs import SidecarFolders
from geo.gazetteer import Gazetteer
from geo.model import Document, ParsedDocument
from geo.testing import generate_corpus

REPO = Path(__file__).resolve().parents[1]

stub_factory = testing.stub_factory
default_gazetteer_stub_factory = testing.default_gazetteer_stub_factory


class RegionStubParser(testing.StubParser):
    """Gives every mention a detailed polygon around its place, like a region mention."""

    def parse(self, document: Document) -> ParsedDocument:
        parsed = super().parse(document)
        for mention in parsed.mentions:
            assert mention.place is not None
            mention.geometry = _disc(mention.place.lon, mention.place.lat)
        return parsed


def _disc(lon: float | None, lat: float | None) -> Any:
    from shapely.geometry import Point

    return Point(lon, lat).buffer(0.2, quad_segs=64)


def region_stub_factory(overrides: str | None) -> RegionStubParser:
    return RegionStubParser()


@pytest.fixture(autouse=True)
def _private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEO_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(testing, "STOP_AT", None)
    monkeypatch.setattr(testing, "FAIL_AT", None)
    workers.forget_parsers()


@pytest.fixture
def corpus(tmp_path: Path) -> Any:
    return generate_corpus(tmp_path / "corpus", 60, seed=7, gazetteer=Gazetteer.core(), bad_files=7)


def as_dicts(parsed: list[ParsedDocument]) -> list[dict[str, Any]]:
    return [item.to_dict() for item in parsed]


# --- run_corpus ----------------------------------------------------------------------------


def test_failures_are_exactly_the_bad_files(corpus: Any) -> None:
    result = run_corpus([corpus.out_dir], jobs=2, parser_factory=stub_factory)
    assert sorted(path for path, _ in result.failures) == sorted(str(path) for path in corpus.bad)
    for path, reason in result.failures:
        assert path in reason
    reasons = {Path(path).name.split("_", 2)[2]: reason for path, reason in result.failures}
    assert "is empty (0 bytes)" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "larger than the 5 MB limit" in reasons["huge.txt"]
    assert "not valid JSON" in reasons["bad-sidecar.txt"]
    assert [item.document.path for item in result.parsed] == [str(path) for path in corpus.readable]
    encodings = {Path(item.document.path).name: item.document.encoding for item in result.parsed}
    assert encodings["odd_000_cp1256.txt"] == "cp1256"
    assert encodings["odd_002_utf16-bom.txt"] == "utf-16"
    stats = result.stats
    assert (stats.documents, stats.parsed, stats.cached, stats.errors) == (70, 63, 0, 7)
    assert stats.places == sum(len(item.mentions) for item in result.parsed) > 60
    assert stats.worker_peak_rss_mb is not None and stats.worker_peak_rss_mb > 0


def test_synthetic_corpus_is_seeded_and_names_its_places(corpus: Any, tmp_path: Path) -> None:
    gazetteer = Gazetteer.core()
    result = run_corpus([corpus.out_dir], jobs=1, parser_factory=stub_factory)
    texts = {item.document.path: item.document.text for item in result.parsed}
    for path, place_ids in corpus.places.items():
        assert place_ids
        for place_id in place_ids:
            assert gazetteer.places[place_id].name_ar in texts[str(path)], (path, place_id)
    lengths = [len(texts[str(path)]) for path in corpus.good]
    assert 1800 < sum(lengths) / len(lengths) < 2600
    twin = generate_corpus(tmp_path / "twin", 60, seed=7, gazetteer=gazetteer, bad_files=7)
    for mine, theirs in zip(corpus.good, twin.good, strict=True):
        assert mine.read_bytes() == theirs.read_bytes()
    other = generate_corpus(tmp_path / "other", 5, seed=8, gazetteer=gazetteer)
    assert other.good[0].read_bytes() != corpus.good[0].read_bytes()


def test_cache_parses_only_new_or_changed_files(corpus: Any) -> None:
    first = run_corpus([corpus.out_dir], jobs=2, parser_factory=stub_factory)
    assert (first.stats.parsed, first.stats.cached) == (63, 0)
    again = run_corpus([corpus.out_dir], jobs=2, parser_factory=stub_factory)
    assert (again.stats.parsed, again.stats.cached, again.stats.errors) == (0, 63, 7)
    assert as_dicts(again.parsed) == as_dicts(first.parsed)
    assert again.failures == first.failures
    changed = corpus.good[5]
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\nونزحت عائلات نحو مدينة حلب.\n", encoding="utf-8"
    )
    new_file = corpus.out_dir / "new.txt"
    new_file.write_text("خبر جديد عن مدينة حمص.\n", encoding="utf-8")
    third = run_corpus([corpus.out_dir], jobs=1, parser_factory=stub_factory)
    assert (third.stats.parsed, third.stats.cached) == (2, 62)
    forced = run_corpus([corpus.out_dir], jobs=2, use_cache=False, parser_factory=stub_factory)
    assert (forced.stats.parsed, forced.stats.cached) == (64, 0)
    assert as_dicts(forced.parsed) == as_dicts(third.parsed)


def test_a_sidecar_change_invalidates_the_cache(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("قصف على مدينة حماة.\n", encoding="utf-8")
    run_corpus([tmp_path], jobs=1, parser_factory=stub_factory)
    (tmp_path / "a.json").write_text('{"outlet": "وكالة"}', encoding="utf-8")
    result = run_corpus([tmp_path], jobs=1, parser_factory=stub_factory)
    assert result.stats.parsed == 1
    assert result.parsed[0].document.outlet == "وكالة"


def test_unexpected_parser_errors_are_reported_per_file(corpus: Any) -> None:
    testing.FAIL_AT = "article_000012"
    result = run_corpus([corpus.out_dir], jobs=2, parser_factory=stub_factory)
    unexpected = [reason for path, reason in result.failures if "article_000012" in path]
    assert len(unexpected) == 1
    assert "ValueError: stand-in parser failure" in unexpected[0]
    assert len(result.parsed) == 62
    # Unexpected errors are not cached: once fixed, the file is parsed again.
    testing.FAIL_AT = None
    fixed = run_corpus([corpus.out_dir], jobs=1, parser_factory=stub_factory)
    assert (fixed.stats.parsed, fixed.stats.cached) == (1, 62)


@pytest.mark.parametrize("jobs", [1, 2])
def test_interrupt_keeps_finished_documents(corpus: Any, jobs: int) -> None:
    testing.STOP_AT = "article_000035"
    with pytest.raises(KeyboardInterrupt):
        run_corpus([corpus.out_dir], jobs=jobs, batch_size=10, parser_factory=stub_factory)
    testing.STOP_AT = None
    resumed = run_corpus([corpus.out_dir], jobs=1, parser_factory=stub_factory)
    # The documents of the interrupted batch before the interrupt (30..34) were kept.
    assert resumed.stats.cached >= 5 if jobs == 2 else resumed.stats.cached == 35
    assert resumed.stats.parsed + resumed.stats.cached == 63


def test_bad_options(tmp_path: Path) -> None:
    from geo.errors import ConfigurationError, DocumentError

    with pytest.raises(ConfigurationError, match="unknown engine"):
        run_corpus([tmp_path], engine="spark")
    with pytest.raises(ConfigurationError, match="--engine dask"):
        run_corpus([tmp_path], scheduler="tcp://127.0.0.1:1")
    with pytest.raises(ConfigurationError, match="at least 1"):
        run_corpus([tmp_path], jobs=0)
    with pytest.raises(DocumentError, match="no such file or folder"):
        run_corpus([tmp_path / "missing"])


def test_report_is_deterministic(corpus: Any) -> None:
    first = run_corpus([corpus.out_dir], jobs=2, parser_factory=stub_factory)
    again = run_corpus([corpus.out_dir], jobs=1, parser_factory=stub_factory)
    report = corpus_report(first, name="c", inputs=[str(corpus.out_dir)], outputs=["/x/c.geojson"])
    assert report == corpus_report(
        again, name="c", inputs=[str(corpus.out_dir)], outputs=["/x/c.geojson"]
    )
    assert report["counts"]["documents"] == 70
    assert report["counts"]["failures"] == 7
    assert report["outputs"] == ["c.geojson"]
    assert [item["path"] for item in report["failures"]] == sorted(str(path) for path in corpus.bad)
    text = json.dumps(report)
    assert "seconds" not in text and "cached" not in text


# --- geo run ------------------------------------------------------------------------------


@pytest.fixture
def stub_default_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "default_parser", stub_factory)


def test_run_pauses_the_collector_from_loading_to_the_last_output(
    corpus: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The parsed corpus is long-lived and has no cycles: each collection between the
    # stages only rescanned it (seconds for 10,000 articles).
    import gc

    from geo import outputs
    from geo.corpus import run

    enabled: list[bool] = []
    write_outputs = outputs.write_outputs

    def watched_write_outputs(*args: Any, **kwargs: Any) -> list[Path]:
        enabled.append(gc.isenabled())
        return write_outputs(*args, **kwargs)

    monkeypatch.setattr(outputs, "write_outputs", watched_write_outputs)
    assert gc.isenabled()
    run(
        [corpus.out_dir],
        tmp_path / "out",
        jobs=1,
        parser_factory=stub_factory,
        progress=lambda stats: enabled.append(gc.isenabled()),
    )
    assert len(enabled) == 71  # every document and then the outputs
    assert not any(enabled)
    assert gc.isenabled()


def test_cli_run_writes_outputs_and_report(
    corpus: Any, tmp_path: Path, stub_default_parser: None, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = main(
        [
            "run",
            str(corpus.out_dir),
            "--out",
            str(out),
            "--jobs",
            "2",
            "--quiet",
            "--format",
            "geojson",
        ]
    )
    assert code == 0
    assert sorted(path.name for path in out.iterdir()) == ["corpus.geojson", "corpus.report.json"]
    report = json.loads((out / "corpus.report.json").read_text(encoding="utf-8"))
    assert report["inputs"] == [str(corpus.out_dir)]
    assert sorted(item["path"] for item in report["failures"]) == sorted(
        str(path) for path in corpus.bad
    )
    assert report["outputs"] == ["corpus.geojson", "corpus.report.json"]
    err = capsys.readouterr().err
    assert "70 documents (63 parsed, 0 cached, 7 unreadable)" in err
    geojson = json.loads((out / "corpus.geojson").read_text(encoding="utf-8"))
    assert geojson["features"]
    # A cached rerun writes the same report, byte for byte.
    before = (out / "corpus.report.json").read_bytes()
    assert (
        main(["run", str(corpus.out_dir), "--out", str(out), "--quiet", "--format", "geojson"]) == 0
    )
    assert "(0 parsed, 63 cached" in capsys.readouterr().err
    assert (out / "corpus.report.json").read_bytes() == before


def test_cli_strict_exit_code(corpus: Any, tmp_path: Path, stub_default_parser: None) -> None:
    out = tmp_path / "strict"
    args = [
        "run",
        str(corpus.out_dir),
        "--out",
        str(out),
        "--jobs",
        "1",
        "--quiet",
        "--format",
        "geojson",
    ]
    assert main([*args, "--strict", "--name", "s"]) == 1
    assert (out / "s.geojson").exists() and (out / "s.report.json").exists()
    assert main([*args, "--strict", "--name", "good", "--no-cache"]) == 1
    good_only = tmp_path / "good-only"
    good_only.mkdir()
    (good_only / "a.txt").write_text("نزوح من مدينة حلب باتجاه مدينة إدلب.\n", encoding="utf-8")
    assert (
        main(
            ["run", str(good_only), "--out", str(out), "--quiet", "--strict", "--format", "geojson"]
        )
        == 0
    )
    assert (out / "good-only.geojson").exists()


def test_cli_interrupt_writes_no_outputs(
    corpus: Any, tmp_path: Path, stub_default_parser: None, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    testing.STOP_AT = "article_000040"
    code = main(["run", str(corpus.out_dir), "--out", str(out), "--jobs", "1", "--quiet"])
    assert code == 130
    assert not out.exists() or not any(out.iterdir())
    testing.STOP_AT = None
    assert (
        main(
            [
                "run",
                str(corpus.out_dir),
                "--out",
                str(out),
                "--jobs",
                "1",
                "--quiet",
                "--format",
                "geojson",
            ]
        )
        == 0
    )
    err = capsys.readouterr().err
    assert "geo: interrupted" in err
    assert "(23 parsed, 40 cached" in err


def test_cli_rejects_unknown_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["run", str(tmp_path), "--out", str(tmp_path / "o"), "--format", "geojson,shp"]) == 1
    )
    assert "unknown output format(s) shp" in capsys.readouterr().err


def test_default_name() -> None:
    from geo.cli.run import parse_formats
    from geo.corpus.workflow import default_name

    assert default_name([str(REPO / "seeds")]) == "seeds"
    assert (
        default_name([str(REPO / "seeds" / "000_6af6e4e56df1d80f.txt")]) == "000_6af6e4e56df1d80f"
    )
    assert default_name(["a", "b"]) == "corpus"
    assert parse_formats(["geojson,csv", "kml"]) == ("geojson", "csv", "kml")
    assert parse_formats(None) == ("geojson", "html")


# --- corroboration kept under the corpus digest ---------------------------------------------


def _links(parsed: list[ParsedDocument]) -> list[tuple[Any, ...]]:
    return [
        (
            route.id,
            route.corroboration_count,
            route.corroborating_documents,
            route.corroborating_outlets,
            list(route.corroborated_by),
        )
        for item in parsed
        for route in item.routes
    ]


def _linked_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A 40-article corpus whose claims corroborate each other (a 200 km limit), and a cache."""
    from geo import settings

    corpus = generate_corpus(tmp_path / "c", 40, seed=5, gazetteer=Gazetteer.core())
    monkeypatch.setattr(settings, "CORROBORATION_KM", 200.0)
    return corpus.out_dir, tmp_path / "cache"


def test_corroboration_is_kept_under_the_corpus_digest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from geo import settings
    from geo.corpus import corroborate_result
    from geo.routes import corroborate

    folder, cache = _linked_corpus(tmp_path, monkeypatch)
    result = run_corpus([folder], jobs=1, cache_dir=cache)
    expected = run_corpus([folder], jobs=1, cache_dir=cache).parsed
    corroborate(expected)
    assert sum(link[1] for link in _links(expected)) > 0
    assert corroborate_result(result, cache_dir=cache) is False
    assert _links(result.parsed) == _links(expected)

    again = run_corpus([folder], jobs=1, cache_dir=cache)
    assert again.digest == result.digest
    assert corroborate_result(again, cache_dir=cache) is True
    assert _links(again.parsed) == _links(expected)

    # Another limit is another corroboration; a damaged entry is computed again.
    monkeypatch.setattr(settings, "CORROBORATION_KM", 1.0)
    narrow = run_corpus([folder], jobs=1, cache_dir=cache)
    assert corroborate_result(narrow, cache_dir=cache) is False
    assert _links(narrow.parsed) != _links(expected)
    monkeypatch.setattr(settings, "CORROBORATION_KM", 200.0)
    for entry in (cache / "corroboration").iterdir():
        entry.write_bytes(b"damaged")
    damaged = run_corpus([folder], jobs=1, cache_dir=cache)
    assert corroborate_result(damaged, cache_dir=cache) is False
    assert _links(damaged.parsed) == _links(expected)


# --- engines -------------------------------------------------------------------------------


def test_dask_and_local_engines_give_identical_geojson(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real parser with the core gazetteer on 500 short articles, both engines.

    Cross-document corroboration is left out: it is a deterministic function of the parsed
    documents, which are compared in full.
    """
    pytest.importorskip("distributed")
    from geo.export import to_geojson

    monkeypatch.setattr(testing, "TARGET_CHARS", 200)
    gazetteer = Gazetteer.core()
    corpus = generate_corpus(
        tmp_path / "c", 500, seed=3, gazetteer=gazetteer, bad_files=2, odd_files=0
    )
    local = run_corpus([corpus.out_dir], jobs=2, use_cache=False)
    dask = run_corpus([corpus.out_dir], jobs=2, use_cache=False, engine="dask")
    assert dask.failures == local.failures
    assert sorted(path for path, _ in local.failures) == sorted(str(path) for path in corpus.bad)
    assert as_dicts(dask.parsed) == as_dicts(local.parsed)
    assert to_geojson(dask.parsed, gazetteer=gazetteer) == to_geojson(
        local.parsed, gazetteer=gazetteer
    )
    assert (dask.stats.places, dask.stats.routes) == (local.stats.places, local.stats.routes)


def test_a_bad_overrides_file_stops_the_run_with_its_message(corpus: Any, tmp_path: Path) -> None:
    from geo.errors import GeoError

    overrides = tmp_path / "overrides.yaml"
    overrides.write_text("pins: [unclosed\n", encoding="utf-8")
    with pytest.raises(GeoError, match="overrides"):
        run_corpus([corpus.out_dir], jobs=2, overrides_path=overrides)


def test_gazetteer_places_are_stored_as_references(corpus: Any) -> None:
    first = run_corpus([corpus.out_dir], jobs=2, parser_factory=default_gazetteer_stub_factory)
    again = run_corpus([corpus.out_dir], jobs=1, parser_factory=default_gazetteer_stub_factory)
    assert again.stats.cached == 63
    assert as_dicts(again.parsed) == as_dicts(first.parsed)
    places = Gazetteer.default().places
    mention = next(m for item in again.parsed for m in item.mentions if m.place is not None)
    assert mention.place is places[mention.place.id]
    # A payload that refers to another gazetteer is refused, never misread.
    payload = serialize.dump_parsed(again.parsed[0], ("another|index|1", places), {})
    assert len(payload) < len(serialize.dump_parsed(again.parsed[0], None, {}))
    with pytest.raises(ValueError, match="another gazetteer"):
        serialize.load_parsed(payload)


# --- cache entries: size, references, key --------------------------------------------------


def test_region_geometries_are_stored_once_by_reference(corpus: Any, tmp_path: Path) -> None:
    import shapely

    cache = tmp_path / "cache"
    first = run_corpus(
        [corpus.out_dir], jobs=2, parser_factory=region_stub_factory, cache_dir=cache
    )
    entries = list(cache.glob("parsed-*/??/*.entry"))
    stored = list(cache.glob("parsed-*/geometries/??/*.wkb"))
    distinct = {
        mention.place.id for item in first.parsed for mention in item.mentions if mention.place
    }
    assert len(stored) == len(distinct)
    polygon_bytes = len(shapely.to_wkb(_disc(36.0, 35.0), include_srid=True))
    mentions = sum(len(item.mentions) for item in first.parsed)
    assert mentions * polygon_bytes > 5 * sum(entry.stat().st_size for entry in entries)
    again = run_corpus(
        [corpus.out_dir], jobs=1, parser_factory=region_stub_factory, cache_dir=cache
    )
    assert again.stats.cached == 63
    assert as_dicts(again.parsed) == as_dicts(first.parsed)
    loaded = [m.geometry for item in again.parsed for m in item.mentions]
    original = [m.geometry for item in first.parsed for m in item.mentions]
    assert all(a.equals_exact(b, 0) for a, b in zip(loaded, original, strict=True))
    # A geometry lost from the store makes its results misses, parsed again, never wrong.
    stored[0].unlink()
    third = run_corpus(
        [corpus.out_dir], jobs=1, parser_factory=region_stub_factory, cache_dir=cache
    )
    assert third.stats.parsed > 0 and third.stats.parsed + third.stats.cached == 63
    assert as_dicts(third.parsed) == as_dicts(first.parsed)


def test_cache_key_follows_contents_not_modification_times(tmp_path: Path) -> None:
    package, data = tmp_path / "pkg", tmp_path / "data"
    (package / "routes").mkdir(parents=True)
    (data / "lexicons").mkdir(parents=True)
    (package / "recognize.py").write_text("CUES = 1\n", encoding="utf-8")
    (package / "routes" / "verbs.py").write_text("VERBS = 1\n", encoding="utf-8")
    (package / "export.py").write_text("WIDTH = 1\n", encoding="utf-8")
    table = data / "lexicons" / "triggers.tsv"
    table.write_text("# verbs\nform\tkind\n\u0646\u0632\u062d\tdisplacement\n", encoding="utf-8")
    from geo.corpus.fingerprint import source_fingerprint

    fingerprint = source_fingerprint.__wrapped__  # type: ignore[attr-defined]
    before = fingerprint(package, data)
    for file in (package / "recognize.py", table):
        os.utime(file, ns=(1, 1))
    assert fingerprint(package, data) == before
    (package / "export.py").write_text("WIDTH = 2\n", encoding="utf-8")
    assert fingerprint(package, data) == before  # export code does not change a parse
    assert fingerprint(package, data, everything=True) != fingerprint(package, data)
    table.write_text(table.read_text(encoding="utf-8") + "\u0641\u0631\tflight\n", encoding="utf-8")
    assert fingerprint(package, data) != before
    table.write_text("# verbs\nform\tkind\n\u0646\u0632\u062d\tdisplacement\n", encoding="utf-8")
    assert fingerprint(package, data) == before
    (package / "routes" / "verbs.py").write_text("VERBS = 2\n", encoding="utf-8")
    assert fingerprint(package, data) != before


def test_a_settings_change_invalidates_the_cache(
    corpus: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from geo import settings

    run_corpus([corpus.out_dir], jobs=1, parser_factory=stub_factory)
    monkeypatch.setattr(settings, "MIN_RESOLUTION_CONFIDENCE", 0.9)
    changed = run_corpus([corpus.out_dir], jobs=1, parser_factory=stub_factory)
    assert (changed.stats.parsed, changed.stats.cached) == (63, 0)


def test_corpus_digest_matches_the_run(corpus: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from geo.corpus import corpus_digest

    monkeypatch.setattr(workers, "default_parser", stub_factory)
    result = run_corpus([corpus.out_dir], jobs=1)
    assert corpus_digest([corpus.out_dir]) == result.digest
    corpus.good[3].write_text(
        "\u062e\u0628\u0631 \u0639\u0646 \u062d\u0645\u0635.\n", encoding="utf-8"
    )
    assert corpus_digest([corpus.out_dir]) != result.digest
    assert run_corpus([corpus.out_dir], jobs=1).digest == corpus_digest([corpus.out_dir])


def test_cli_rerun_with_outputs_up_to_date(
    corpus: Any, tmp_path: Path, stub_default_parser: None, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    args = ["run", str(corpus.out_dir), "--out", str(out), "--quiet", "--format", "geojson"]
    assert main([*args, "--jobs", "1"]) == 0
    written = {path.name: path.read_bytes() for path in out.iterdir()}
    capsys.readouterr()
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "outputs up to date: 2 files" in err
    assert "70 documents (0 parsed, 63 cached, 7 unreadable)" in err
    assert err.count("geo: skipped:") == 7
    assert main([*args, "--strict"]) == 1
    capsys.readouterr()
    # A touched output is hashed and still up to date; an edited one is written again.
    geojson = out / "corpus.geojson"
    os.utime(geojson, ns=(1, 1))
    assert main(args) == 0
    assert "outputs up to date" in capsys.readouterr().err
    geojson.write_bytes(b" " * len(written["corpus.geojson"]))
    assert main(args) == 0
    assert "up to date" not in capsys.readouterr().err
    assert geojson.read_bytes() == written["corpus.geojson"]
    geojson.write_text("{}", encoding="utf-8")
    assert main(args) == 0
    assert "up to date" not in capsys.readouterr().err
    assert {path.name: path.read_bytes() for path in out.iterdir()} == written
    # Another option, or a changed article, runs again.
    assert main([*args, "--format", "geojson,csv"]) == 0
    assert "up to date" not in capsys.readouterr().err
    corpus.good[0].write_text(
        "\u0642\u0635\u0641 \u0639\u0644\u0649 \u062d\u0645\u0627\u0629.\n", encoding="utf-8"
    )
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "up to date" not in err and "(1 parsed, 62 cached" in err
    assert main([*args, "--no-cache"]) == 0
    assert "(63 parsed, 0 cached" in capsys.readouterr().err


def test_sidecars_are_found_from_folder_listings(tmp_path: Path) -> None:
    text = "\u0642\u0635\u0641 \u0639\u0644\u0649 \u0645\u062f\u064a\u0646\u0629 \u062d\u0645\u0627\u0629.\n"
    for name in ("a.txt", "ab.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "a.txt.meta.json").write_text('{"outlet": "A"}', encoding="utf-8")
    (tmp_path / "b.yaml").write_text("outlet: B\n", encoding="utf-8")
    folders = SidecarFolders()
    assert [folders.may_have_sidecar(tmp_path / name) for name in ("a.txt", "b.txt", "c.txt")] == [
        True,
        True,
        False,
    ]
    result = run_corpus([tmp_path], jobs=1, parser_factory=stub_factory)
    outlets = {Path(item.document.path).name: item.document.outlet for item in result.parsed}
    assert outlets == {"a.txt": "A", "ab.txt": "", "b.txt": "B", "c.txt": ""}


# --- issue 19: unique document ids, a cache that runs no code, faults ---------------------

MOVEMENT = "\u062e\u0631\u062c \u0639\u0634\u0631\u0627\u062a \u0627\u0644\u0645\u0642\u0627\u062a\u0644\u064a\u0646 \u0645\u0646 \u0645\u062f\u064a\u0646\u0629 \u062d\u0645\u0635 \u0628\u0627\u062a\u062c\u0627\u0647 \u0625\u062f\u0644\u0628 \u0628\u062d\u0633\u0628 \u0645\u0635\u0627\u062f\u0631 \u0645\u062d\u0644\u064a\u0629.\n"


def _geojson(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _run_args(inputs: list[Path], out: Path, *extra: str) -> list[str]:
    return ["run", *map(str, inputs), "--out", str(out), "--quiet", "--jobs", "1", *extra]


def test_same_stem_in_two_folders_gives_two_documents(tmp_path: Path) -> None:
    # Two outlets each save their report as report.txt: two documents, two claims that
    # corroborate each other, route ids that do not collide.
    corpus = tmp_path / "corpus"
    for outlet in ("enab", "smart"):
        (corpus / outlet).mkdir(parents=True)
        (corpus / outlet / "report.txt").write_text(MOVEMENT, encoding="utf-8")
        (corpus / outlet / "report.json").write_text(
            json.dumps({"outlet": outlet}), encoding="utf-8"
        )
    out = tmp_path / "out"
    assert main(_run_args([corpus], out, "--format", "geojson")) == 0
    collection = _geojson(out / "corpus.geojson")
    routes = [f for f in collection["features"] if f["properties"].get("feature_type") == "route"]
    assert len(routes) == 2
    assert len({route["id"] for route in routes}) == 2
    assert all(route["properties"]["corroboration_count"] == 1 for route in routes)
    report = _geojson(out / "corpus.report.json")
    ids = [document["id"] for document in report["documents"]]
    assert len(set(ids)) == 2 and all(doc_id.startswith("report-") for doc_id in ids)
    # Stable from run to run.
    assert main(_run_args([corpus], tmp_path / "again", "--format", "geojson")) == 0
    assert [
        d["id"] for d in _geojson(tmp_path / "again" / "corpus.report.json")["documents"]
    ] == ids


def test_planted_links_are_never_read(tmp_path: Path) -> None:
    # Links written into the cache by someone else (here: every claim corroborated by 7
    # others, in the format geo keeps them) are computed again, not shown on the map.
    import zlib

    from geo.corpus import links

    corpus = tmp_path / "corpus"
    for outlet in ("enab", "smart"):
        (corpus / outlet).mkdir(parents=True)
        (corpus / outlet / "report.txt").write_text(MOVEMENT, encoding="utf-8")
    assert main(_run_args([corpus], tmp_path / "first", "--format", "geojson")) == 0
    (kept,) = (tmp_path / "home" / "cache").glob("corroboration/*.json.z")
    planted = json.dumps({"format": links._FORMAT, "links": [[7, 7, 7, ["x:r1"]]] * 2})
    unsigned = zlib.compress(planted.encode())
    for number, content in enumerate((unsigned, b"\0" * 32 + unsigned)):
        kept.write_bytes(content)
        out = tmp_path / f"again-{number}"
        assert main(_run_args([corpus], out, "--format", "geojson", "--name", "again")) == 0
        routes = [
            feature["properties"]
            for feature in _geojson(out / "again.geojson")["features"]
            if feature["properties"].get("feature_type") == "route"
        ]
        assert [route["corroboration_count"] for route in routes] == [1, 1]


def test_unique_stems_keep_their_ids(tmp_path: Path) -> None:
    seeds = sorted((REPO / "seeds").glob("*.txt"))
    result = run_corpus([REPO / "seeds"], jobs=1, parser_factory=stub_factory)
    assert [item.document.id for item in result.parsed] == [path.stem for path in seeds]


class _RunsCommand:
    """Unpickling this runs a shell command: what a planted cache entry would do."""

    def __init__(self, command: str) -> None:
        self.command = command

    def __reduce__(self) -> tuple[Any, ...]:
        return os.system, (self.command,)


def _entries(home: Path) -> list[Path]:
    return sorted(path for path in home.glob("cache/parsed-*/??/*.entry") if path.is_file())


def test_a_planted_cache_entry_is_never_unpickled(tmp_path: Path) -> None:
    import pickle
    import secrets
    import zlib

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(MOVEMENT, encoding="utf-8")
    (corpus / "b.txt").write_text(MOVEMENT, encoding="utf-8")
    assert main(_run_args([corpus], tmp_path / "first", "--format", "geojson")) == 0
    marker = tmp_path / "pwned"
    # A result payload (format byte, no gazetteer token, zlib'd pickle) that runs a command.
    planted = b"\x05\x00\x00" + zlib.compress(pickle.dumps(_RunsCommand(f"touch {marker}")))
    old_shape = b"P" + planted  # the entries geo wrote before they were signed
    forged = b"geo4" + secrets.token_bytes(32) + b"P" + planted  # geo's shape, a guessed MAC
    entries = _entries(tmp_path / "home")
    assert len(entries) == 2
    entries[0].write_bytes(old_shape)
    entries[1].write_bytes(forged)
    assert main(_run_args([corpus], tmp_path / "second", "--format", "geojson")) == 0
    assert not marker.exists()
    first = (tmp_path / "first" / "corpus.geojson").read_bytes()
    assert (tmp_path / "second" / "corpus.geojson").read_bytes() == first


def test_a_signed_entry_of_another_kind_is_parsed_again(tmp_path: Path) -> None:
    # Well formed and signed with this GEO_HOME's secret, yet not a parsed article.
    import pickle
    import zlib

    from geo.corpus.cache import ArticleCache, cache_root

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(MOVEMENT, encoding="utf-8")
    first = run_corpus([corpus], jobs=1, parser_factory=stub_factory)
    cache = ArticleCache(cache_root(None))
    for entry in _entries(tmp_path / "home"):
        payload = b"\x05\x00\x00" + zlib.compress(pickle.dumps({"document": "not a result"}))
        cache.put_parsed(entry.stem, payload)
    again = run_corpus([corpus], jobs=1, parser_factory=stub_factory)
    assert (again.stats.parsed, again.stats.cached) == (1, 0)
    assert as_dicts(again.parsed) == as_dicts(first.parsed)


@pytest.mark.parametrize("kind", ["folder", "link", "damaged", "others may read", "another user"])
def test_a_cache_secret_geo_did_not_make_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    from geo.corpus import cache as cache_module
    from geo.errors import ConfigurationError

    home = tmp_path / "home"
    secret = cache_module.cache_secret(home)
    key = home / "cache.key"
    assert len(secret) == 32 and key.stat().st_mode & 0o777 == 0o600
    assert cache_module.cache_secret(home) == secret
    expected = {
        "folder": "is a folder, not a regular file",
        "link": "is a symbolic link",
        "damaged": "is damaged",
        "others may read": "may be read or changed by others (mode 644)",
        "another user": "belongs to another user",
    }[kind]
    if kind in ("folder", "link"):
        key.unlink()
        if kind == "folder":
            key.mkdir()
        else:
            (home / "planted.key").write_bytes(b"k" * 32)
            key.symlink_to(home / "planted.key")
    elif kind == "damaged":
        key.write_bytes(b"short")
    elif kind == "others may read":
        key.chmod(0o644)
    else:
        real = os.geteuid()
        monkeypatch.setattr(cache_module.os, "geteuid", lambda: real + 1)
    with pytest.raises(ConfigurationError, match=re.escape(expected)) as error:
        cache_module.cache_secret(home)
    assert str(key) in str(error.value) and "delete it" in str(error.value)


def test_fifos_planted_in_geo_home_never_hang_a_run(tmp_path: Path) -> None:
    # A FIFO where the cache secret or a cache entry is: a clear error, or a miss.
    import subprocess
    import sys

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(MOVEMENT, encoding="utf-8")
    (corpus / "b.txt").write_text(MOVEMENT, encoding="utf-8")
    home = tmp_path / "home"
    assert main(_run_args([corpus], tmp_path / "first", "--format", "geojson")) == 0
    for entry in _entries(home):
        entry.unlink()
        os.mkfifo(entry)
    cli = "import sys; from geo.cli import main; sys.exit(main())"

    def geo_run(out: Path) -> Any:
        command = [sys.executable, "-c", cli, *_run_args([corpus], out, "--format", "geojson")]
        env = {**os.environ, "GEO_HOME": str(home)}
        return subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)

    finished = geo_run(tmp_path / "second")
    assert finished.returncode == 0, finished.stderr
    assert "(2 parsed, 0 cached" in finished.stderr
    first = (tmp_path / "first" / "corpus.geojson").read_bytes()
    assert (tmp_path / "second" / "corpus.geojson").read_bytes() == first
    (home / "cache.key").unlink()
    os.mkfifo(home / "cache.key")
    finished = geo_run(tmp_path / "third")
    assert finished.returncode == 1 and "Traceback" not in finished.stderr
    assert "cache.key is a named pipe (FIFO), not a regular file" in finished.stderr


def test_a_damaged_or_foreign_cache_entry_is_parsed_again(tmp_path: Path) -> None:
    # Only readable articles, so that every cache entry is a parsed one (a bad file's entry,
    # damaged, would be refused again rather than parsed).
    corpus = generate_corpus(tmp_path / "clean", 20, seed=7, gazetteer=Gazetteer.core())
    first = run_corpus([corpus.out_dir], jobs=1, parser_factory=stub_factory)
    assert (first.stats.parsed, first.stats.errors) == (20, 0)
    entries = sorted(Path(os.environ["GEO_HOME"]).glob("cache/parsed-*/??/*"))
    assert len(entries) == 20
    entries[0].write_bytes(entries[0].read_bytes()[:-5])  # cut short
    entries[1].write_bytes(b"")
    entries[2].write_bytes(entries[3].read_bytes())  # another article's entry
    again = run_corpus([corpus.out_dir], jobs=1, parser_factory=stub_factory)
    assert (again.stats.parsed, again.stats.cached) == (3, 17)
    assert as_dicts(again.parsed) == as_dicts(first.parsed)


def test_fifos_and_dangling_links_are_reported_never_read(tmp_path: Path) -> None:
    import subprocess
    import sys

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(MOVEMENT, encoding="utf-8")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "gone.txt").symlink_to(corpus / "missing.txt")
    out = tmp_path / "out"
    cli = "import sys; from geo.cli import main; sys.exit(main())"
    command = [sys.executable, "-c", cli, *_run_args([corpus], out, "--format", "geojson")]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    report = _geojson(out / "corpus.report.json")
    reasons = {Path(item["path"]).name: item["reason"] for item in report["failures"]}
    assert set(reasons) == {"pipe.txt", "gone.txt"}
    assert "FIFO" in reasons["pipe.txt"]
    assert "does not exist" in reasons["gone.txt"]
    assert report["counts"]["parsed"] == 1
    assert "skipped:" in finished.stderr and "pipe.txt" in finished.stderr


# A `geo run` in a new process whose parser is the stand-in, slowed down so that the run can
# be caught mid-way.
_STAND_IN_RUN = """
import sys
from geo import testing
from geo.cli import main
from geo.corpus import workers
testing.SECONDS_PER_DOCUMENT = float(sys.argv[1])
workers.default_parser = testing.stub_factory
sys.exit(main(sys.argv[2:]))
"""


def _start_run(
    corpus: Path, out: Path, *, seconds_per_document: float, jobs: int = 2, name: str = ""
) -> Any:
    import subprocess
    import sys

    args = ["run", str(corpus), "--out", str(out), "--quiet", "--jobs", str(jobs)]
    args += ["--name", name] if name else []
    return subprocess.Popen(
        [sys.executable, "-c", _STAND_IN_RUN, str(seconds_per_document), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(condition: Any, *, seconds: float = 60.0) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _visible(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if not path.name.startswith("."))


def _leftovers(*folders: Path) -> list[Path]:
    """Temporary files and staging folders under ``folders``."""
    return [
        path
        for folder in folders
        for path in folder.rglob("*")
        if path.name.endswith(".tmp") or path.name.startswith(".geo-staging")
    ]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_workers_die_with_a_killed_run(tmp_path: Path) -> None:
    import signal

    corpus = generate_corpus(tmp_path / "c", 60, seed=2, gazetteer=Gazetteer.core())
    run = _start_run(corpus.out_dir, tmp_path / "out", seconds_per_document=0.2)
    _wait_for(lambda: len(testing.child_pids(run.pid)) >= 2)
    children = testing.child_pids(run.pid)
    os.kill(run.pid, signal.SIGKILL)
    run.wait(timeout=30)
    _wait_for(lambda: not any(testing.alive(pid) for pid in children), seconds=10)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_terminated_run_cleans_up_and_keeps_finished_articles(tmp_path: Path) -> None:
    import signal

    corpus = generate_corpus(tmp_path / "c", 60, seed=2, gazetteer=Gazetteer.core())
    out = tmp_path / "out"
    run = _start_run(corpus.out_dir, out, seconds_per_document=0.1)
    _wait_for(lambda: len(list((tmp_path / "home").glob("cache/parsed-*/??/*"))) >= 10)
    children = testing.child_pids(run.pid)
    run.send_signal(signal.SIGTERM)
    run.wait(timeout=60)
    assert run.returncode == 130, run.stderr.read() if run.stderr else ""
    assert "interrupted" in (run.stderr.read() if run.stderr else "")
    _wait_for(lambda: not any(testing.alive(pid) for pid in children), seconds=10)
    assert not out.exists() or _visible(out) == []
    assert _leftovers(out if out.exists() else tmp_path, tmp_path / "home") == []


def test_a_run_publishes_its_outputs_under_the_folder_lock(tmp_path: Path) -> None:
    from geo.corpus.publish import locked_output

    small = generate_corpus(tmp_path / "small", 5, seed=1, gazetteer=Gazetteer.core())
    big = generate_corpus(tmp_path / "big", 20, seed=2, gazetteer=Gazetteer.core())
    out = tmp_path / "out"
    out.mkdir()
    with locked_output(out):
        waiting = _start_run(small.out_dir, out, seconds_per_document=0, jobs=1)
        # The outputs are written (in a staging folder) but not moved in while we hold it.
        _wait_for(lambda: any(out.glob(".geo-staging*/*.report.json")))
        assert waiting.poll() is None
        assert _visible(out) == []
    assert waiting.wait(timeout=60) == 0
    assert _visible(out) == ["small.geojson", "small.html", "small.report.json"]
    # Two runs at once on one folder and name leave one run's complete set.
    runs = [
        _start_run(folder, out, seconds_per_document=0, jobs=1, name="shared")
        for folder in (small.out_dir, big.out_dir, small.out_dir, big.out_dir)
    ]
    assert [run.wait(timeout=120) for run in runs] == [0, 0, 0, 0]
    report = _geojson(out / "shared.report.json")
    collection = _geojson(out / "shared.geojson")
    documents = sorted(d["doc"] for d in collection["geo"]["documents"])
    assert documents == sorted(d["id"] for d in report["documents"])
    assert len(documents) in (5, 20)
    assert _leftovers(out) == []


def _two_articles(folder: Path) -> Path:
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"{name}.txt").write_text(MOVEMENT, encoding="utf-8")
    return folder


@pytest.mark.parametrize("where", ["gpkg", "kml"])
def test_an_interrupt_while_exporting_leaves_no_file_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    # Ctrl-C while GDAL writes the GeoPackage (between its layers) or while the KML is being
    # written: the temporary files and the staging folder go, no output is moved in.
    from geo.corpus import run
    from geo.export import gpkg, kml

    corpus = _two_articles(tmp_path / "corpus")
    out = tmp_path / "out"
    seen: list[str] = []

    def interrupt(folder: Path) -> None:
        seen.extend(path.name for path in folder.iterdir())
        raise KeyboardInterrupt

    if where == "gpkg":
        real_write_frame = gpkg.write_frame

        def write_frame(frame: Any, path: Path, **options: Any) -> None:
            if options["append"]:  # the file holds its first layer
                interrupt(path.parent)
            real_write_frame(frame, path, **options)

        monkeypatch.setattr(gpkg, "write_frame", write_frame)
    else:

        class Halfway:
            def write(self, stream: Any, **options: Any) -> None:
                stream.write(b"<?xml version='1.0' encoding='utf-8'?>\n<kml>")
                stream.flush()
                interrupt(Path(stream.name).parent)

        monkeypatch.setattr(kml, "kml_document", lambda collection, title: Halfway())
    with pytest.raises(KeyboardInterrupt):
        run([corpus], out, formats=("geojson", where), jobs=1, parser_factory=stub_factory)
    assert "corpus.geojson" in seen and any(name.startswith(f".corpus.{where}.") for name in seen)
    assert list(out.rglob("*")) == []


# geo run in a new process (the stand-in parser) that stops for good once its outputs are
# written into the staging folder, so that it can be killed while exporting.
_STALLED_EXPORT_RUN = """
import sys, time
from geo import outputs, testing
from geo.cli import main
from geo.corpus import workers
workers.default_parser = testing.stub_factory
write_outputs = outputs.write_outputs
def write_and_stall(*args, **kwargs):
    written = write_outputs(*args, **kwargs)
    print("exported", flush=True)
    time.sleep(300)
    return written
outputs.write_outputs = write_and_stall
sys.exit(main(sys.argv[1:]))
"""


def test_a_run_killed_while_exporting_leaves_what_the_next_run_removes(
    tmp_path: Path, stub_default_parser: None, capsys: pytest.CaptureFixture[str]
) -> None:
    import signal
    import subprocess
    import sys

    corpus = _two_articles(tmp_path / "corpus")
    out = tmp_path / "out"
    args = _run_args([corpus], out, "--format", "geojson,gpkg")
    assert main(args) == 0
    written = {path.name: path.read_bytes() for path in out.iterdir()}
    killed = subprocess.Popen(
        [sys.executable, "-c", _STALLED_EXPORT_RUN, *args, "--no-cache"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert killed.stdout is not None and killed.stdout.readline() == "exported\n"
    finally:
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=30)
    assert [path.name.startswith(".geo-staging-") for path in out.iterdir() if path.is_dir()] == [
        True
    ]
    capsys.readouterr()
    # The next run finds its outputs up to date, and removes the dead run's staging folder.
    assert main(args) == 0
    assert "outputs up to date" in capsys.readouterr().err
    assert sorted(path.name for path in out.iterdir()) == sorted(written)
    assert {name: (out / name).read_bytes() for name in written} == written


def test_the_outputs_record_describes_the_files_this_run_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stub_default_parser: None
) -> None:
    # Another run on the same folder may move its files in as soon as this one has moved its
    # own: this run's record must not take those for its outputs.
    from geo.corpus import run, workflow

    corpus = _two_articles(tmp_path / "corpus")
    out = tmp_path / "out"
    publish = workflow.publish

    def publish_then_replaced(files: list[Path], folder: Path) -> list[Path]:
        moved = publish(files, folder)
        (folder / "corpus.geojson").write_text('{"another": "run"}', encoding="utf-8")
        return moved

    monkeypatch.setattr(workflow, "publish", publish_then_replaced)
    assert not run([corpus], out, formats=("geojson",), jobs=1).up_to_date
    monkeypatch.setattr(workflow, "publish", publish)
    assert not run([corpus], out, formats=("geojson",), jobs=1).up_to_date  # written again
    assert _geojson(out / "corpus.geojson")["type"] == "FeatureCollection"
    assert run([corpus], out, formats=("geojson",), jobs=1).up_to_date
