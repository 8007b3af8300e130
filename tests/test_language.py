"""Language per document: detected from its letters, or forced; the parser dispatches on it."""

from __future__ import annotations

import pytest

from geo.errors import ConfigurationError
from geo.gazetteer import Gazetteer
from geo.language import detect_language, resolve_language
from geo.parse import Parser


def test_arabic_and_english_texts_are_told_apart() -> None:
    assert detect_language("نزح آلاف المدنيين من ريف إدلب الجنوبي نحو الحدود التركية.") == "ar"
    assert detect_language("Thousands of civilians fled southern Idlib towards the border.") == "en"


def test_the_majority_script_wins_over_quoted_names() -> None:
    english = "Fighters left Hajin (هجين) for Idlib, the Syrian Observatory said on Sunday."
    arabic = "قال المرصد السوري (SOHR) إن المقاتلين غادروا هجين باتجاه إدلب يوم الأحد."
    assert detect_language(english) == "en"
    assert detect_language(arabic) == "ar"


def test_accented_transliterations_count_as_latin() -> None:
    assert detect_language("Serê Kaniyê, Qāmishlī") == "en"


def test_a_text_without_letters_is_taken_as_arabic() -> None:
    assert detect_language("") == "ar"
    assert detect_language("2019 - 12 - 03") == "ar"


def test_a_forced_language_is_kept_and_an_unknown_one_is_refused() -> None:
    assert resolve_language("ar", "Fighters left Raqqa.") == "ar"
    assert resolve_language("auto", "Fighters left Raqqa.") == "en"
    with pytest.raises(ConfigurationError, match="unknown language 'fr'"):
        resolve_language("fr", "text")


def test_the_parser_reads_each_document_in_its_language() -> None:
    gazetteer = Gazetteer.core()
    english = "Fighters were bused from Douma to Idlib."
    found = Parser(gazetteer).parse_text(english)
    assert [mention.text for mention in found.mentions] == ["Douma", "Idlib"]
    arabic = Parser(gazetteer).parse_text("خرج المقاتلون من دوما إلى إدلب.")
    assert [mention.text for mention in arabic.mentions] == ["دوما", "إدلب"]
    # Forced to Arabic, an English text has no Arabic names in it.
    assert Parser(gazetteer, language="ar").parse_text(english).mentions == []


def test_geo_parse_takes_a_forced_language(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from geo.cli import main

    article = tmp_path / "report.txt"
    article.write_text("Fighters were bused from Douma to Idlib.\n", encoding="utf-8")
    assert main(["parse", str(article), "--json"]) == 0
    detected = json.loads(capsys.readouterr().out)["documents"][0]
    assert [mention["text"] for mention in detected["mentions"]] == ["Douma", "Idlib"]
    assert [route["movement"] for route in detected["routes"]] == ["transfer"]
    assert main(["parse", str(article), "--json", "--lang", "ar"]) == 0
    forced = json.loads(capsys.readouterr().out)["documents"][0]
    assert forced["mentions"] == [] and forced["routes"] == []


def test_the_corpus_parser_factories_force_a_language() -> None:
    from geo.parse import arabic_parser, english_parser, parser_factory

    assert parser_factory("auto") is None
    assert parser_factory("en") is english_parser and parser_factory("ar") is arabic_parser
    with pytest.raises(ConfigurationError):
        parser_factory("de")
