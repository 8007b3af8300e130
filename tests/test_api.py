"""The public API of ``import geo``: ``geo.parse``, ``geo.run`` and the names of ``__all__``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import geo
from geo import testing
from geo.corpus import workers
from geo.gazetteer import Gazetteer

ARTICLE = "\u062e\u0631\u062c \u0639\u0634\u0631\u0627\u062a \u0627\u0644\u0645\u0642\u0627\u062a\u0644\u064a\u0646 \u0645\u0646 \u0645\u062f\u064a\u0646\u0629 \u062d\u0645\u0635 \u0628\u0627\u062a\u062c\u0627\u0647 \u0625\u062f\u0644\u0628 \u0628\u062d\u0633\u0628 \u0645\u0635\u0627\u062f\u0631 \u0645\u062d\u0644\u064a\u0629.\n"


@pytest.fixture(autouse=True)
def _private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEO_HOME", str(tmp_path / "home"))
    workers.forget_parsers()


def test_every_public_name_resolves() -> None:
    assert set(geo.__all__) >= {
        "Gazetteer",
        "Parser",
        "parse",
        "run",
        "to_geojson",
        "to_geodataframe",
        "render_map",
    }
    for name in geo.__all__:
        assert getattr(geo, name) is not None, name
    with pytest.raises(AttributeError):
        geo.no_such_name  # noqa: B018


def test_parse_takes_a_text_or_a_path(tmp_path: Path) -> None:
    gazetteer = Gazetteer.core()
    from_text = geo.parse(ARTICLE, gazetteer=gazetteer)
    names = [mention.text for mention in from_text.mentions if mention.place is not None]
    assert any("\u062d\u0645\u0635" in name for name in names)
    assert from_text.routes
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    from_file = geo.parse(article, gazetteer=gazetteer)
    assert from_file.document.id == "a" and from_file.document.path == str(article)
    assert [m.text for m in from_file.mentions] == [m.text for m in from_text.mentions]
    # A str is text, even when it names a file.
    assert geo.parse(str(article), gazetteer=gazetteer).document.text == str(article)
    with pytest.raises(TypeError):
        geo.parse(42, gazetteer=gazetteer)  # type: ignore[arg-type]
    collection = geo.to_geojson([from_file])
    assert collection["type"] == "FeatureCollection" and collection["features"]


def test_run_does_what_geo_run_does_and_prints_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(workers, "default_parser", testing.stub_factory)
    corpus = testing.generate_corpus(
        tmp_path / "corpus", 12, seed=4, gazetteer=Gazetteer.core(), bad_files=2
    )
    outcome = geo.run([corpus.out_dir], tmp_path / "out", formats=["geojson"], jobs=1)
    assert capsys.readouterr() == ("", "")
    assert not outcome.up_to_date and outcome.corpus is not None
    assert [path.name for path in outcome.outputs] == ["corpus.geojson", "corpus.report.json"]
    assert outcome.report == tmp_path / "out" / "corpus.report.json"
    assert len(outcome.failures) == 2 and outcome.stats.errors == 2
    report = json.loads(outcome.report.read_text(encoding="utf-8"))
    assert report["counts"]["documents"] == outcome.stats.documents == 17
    again = geo.run([corpus.out_dir], tmp_path / "out", formats=["geojson"], jobs=1)
    assert again.up_to_date and again.corpus is None
    assert again.failures == outcome.failures
    assert capsys.readouterr() == ("", "")
    with pytest.raises(geo.GeoError, match="unknown output format"):
        geo.run([corpus.out_dir], tmp_path / "out", formats=["shp"])
