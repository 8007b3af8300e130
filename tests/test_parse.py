"""The parse pipeline on composed Arabic sentences with the full index: recognition,
resolution by context, regions, false places, analyst overrides and the JSON contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.pipeline import Parser, parse_json, sentence_spans
from geo.testing import mentions_by_text as _mentions
from geo.testing import placed_near as _near

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def parser(full_gazetteer) -> Parser:
    return Parser(full_gazetteer)


def test_hasakah_with_a_village_after_a_cue(parser: Parser) -> None:
    found = _mentions(parser, "اعتقلت القوات شبانا في مدينة الحسكة وبلدة تل تمر.")
    assert found["الحسكة"].place.kind == "city"
    assert _near(found["تل تمر"], 36.66, 40.37, 10)


def test_ambiguous_name_resolved_by_the_places_listed_with_it(parser: Parser) -> None:
    # معصران names a Hama village and an Idlib one; the list around it is in east Hama.
    text = "وصلوا إلى قرى (أبو عجوة، طوال الدباغين، معصران) شرق حماة."
    found = _mentions(parser, text)
    assert _near(found["معصران"], 35.313, 37.246, 5)
    assert "listed with it" in found["معصران"].reason
    assert found["معصران"].candidates, "runner-up candidates are reported"


def test_ambiguous_name_resolved_by_the_governorate_named_nearby(parser: Parser) -> None:
    # معصران again, now with Idlib context: the Maarat al-Numan village wins.
    found = _mentions(parser, "قصفت الطائرات قرية معصران قرب معرة النعمان في ريف إدلب الجنوبي.")
    assert _near(found["معصران"], 35.707, 36.803, 10)


def test_the_same_name_means_the_same_place_throughout_a_document(parser: Parser) -> None:
    text = "نزح الأهالي من الصالحية قرب هجين والشعفة. وبعد أيام عاد بعضهم إلى الصالحية."
    parsed = parser.parse_text(text)
    salihiya = [m for m in parsed.mentions if m.text == "الصالحية"]
    assert len(salihiya) == 2
    assert salihiya[0].place.id == salihiya[1].place.id
    assert salihiya[0].place.admin1 == "Deir ez-Zor"


def test_common_words_people_and_organisations_are_not_places(parser: Parser) -> None:
    text = (
        "تحدث أبو محمد الجولاني عن الثورة السورية وعن الحرية والسلام، "
        "وقالت جبهة فتح الشام إن وزارة الدفاع الروسية نشرت تقريرا عن الطائرات الروسية."
    )
    parsed = parser.parse_text(text)
    assert [mention.text for mention in parsed.mentions] == []


def test_a_naming_cue_makes_a_common_word_a_place(parser: Parser) -> None:
    found = _mentions(parser, "قتل مدني في قرية النصر بريف إدلب.")
    assert "النصر" in found and found["النصر"].place is not None


def test_outlet_byline_is_not_a_place(parser: Parser) -> None:
    found = _mentions(parser, "حلب بوست ـ خاص\nوردت معلومات للرقة بوست عن قصف مدينة الرقة.")
    assert list(found) == ["الرقة"]
    assert found["الرقة"].place.kind == "city"


def test_unknown_name_after_a_cue_is_reported_unresolved(parser: Parser) -> None:
    parsed = parser.parse_text("نزحت العائلات إلى قرية زغرينوس الصغيرة.")
    unresolved = [mention for mention in parsed.mentions if mention.place is None]
    assert [mention.text for mention in unresolved] == ["زغرينوس"]
    assert "not in the gazetteer" in unresolved[0].reason


def test_overrides_pin_and_add_places(full_gazetteer, tmp_path: Path) -> None:
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text(
        "pins:\n"
        "  - name: الصالحية\n"
        "    id: wof:1226434157\n"
        "  - name: زغرينوس\n"
        "    document: report-1\n"
        "    lat: 35.5\n"
        "    lon: 37.5\n"
        "    name_en: Zaghrinus\n"
        "places:\n"
        "  - name: Khirbet Test\n"
        "    name_ar: خربة المختبر\n"
        "    kind: village\n"
        "    lat: 35.1\n"
        "    lon: 38.1\n",
        encoding="utf-8",
    )
    parser = Parser(full_gazetteer, overrides=overrides)
    parsed = parser.parse_text(
        "نزحوا من الصالحية إلى قرية زغرينوس ثم إلى خربة المختبر.", doc_id="report-1"
    )
    by_text = {mention.text: mention for mention in parsed.mentions}
    assert by_text["الصالحية"].place.id == "wof:1226434157"
    assert (
        by_text["الصالحية"].reason.startswith("pinned by analyst")
        and by_text["الصالحية"].confidence == 1.0
    )
    assert by_text["زغرينوس"].place.name == "Zaghrinus"
    assert by_text["خربة المختبر"].place.id.startswith("analyst:")
    other = parser.parse_text("نزحوا إلى قرية زغرينوس.", doc_id="report-2")
    assert other.mentions[0].place is None, "a per-document pin does not apply elsewhere"


def test_bad_overrides_file_names_the_entry(full_gazetteer, tmp_path: Path) -> None:
    from geo.errors import OverridesError

    bad = tmp_path / "bad.yaml"
    bad.write_text("pins:\n  - name: حماة\n    lat: 135\n    lon: 37\n", encoding="utf-8")
    with pytest.raises(OverridesError, match="pins entry 1"):
        Parser(full_gazetteer, overrides=bad)


def test_json_contract(parser: Parser, full_gazetteer) -> None:
    parsed = parser.parse_text("خرج المقاتلون من هجين باتجاه تركيا.", doc_id="doc")
    payload = json.loads(json.dumps(parse_json([parsed], full_gazetteer), ensure_ascii=False))
    assert payload["schema"] == "geo.parse/1"
    assert payload["gazetteer"]["places"] == len(full_gazetteer) and payload["gazetteer"]["sources"]
    document = payload["documents"][0]
    assert {"id", "path", "title", "mentions", "routes"} <= set(document)
    hajin = document["mentions"][0]
    assert {"text", "start", "end", "confidence", "reason", "place", "candidates"} <= set(hajin)
    assert {"id", "name", "name_ar", "kind", "lat", "lon", "admin1", "admin2"} <= set(
        hajin["place"]
    )
    assert hajin["place"]["id"] == "wof:890449895"


def test_sentence_spans_cover_the_text() -> None:
    text = "جملة أولى. جملة ثانية؟\nسطر ثالث"
    spans = sentence_spans(text)
    assert [text[start:end] for start, end in spans] == ["جملة أولى.", "جملة ثانية؟", "سطر ثالث"]


@pytest.mark.parametrize(
    "text",
    [
        "قال..x  ؟؟ y!\n\n\nz.\n. .!\tend.",
        "...\n\n؟!؟ نص.. آخر!؟\r\nسطر",
        "3.5 كم. ثم... وصلوا!\n",
        "",
        "\n",
        ".",
    ],
)
def test_sentence_ends_are_those_of_the_plain_pattern(text: str) -> None:
    # The pattern is rewritten to open on one class of characters; it must end sentences
    # exactly where the plain one does.
    import re

    from geo.sentences import _SENTENCE_END_RE

    plain = re.compile(r"[.!?؟]+(?=\s|$)|\n+")
    spans = [match.span() for match in _SENTENCE_END_RE.finditer(text)]
    assert spans == [match.span() for match in plain.finditer(text)]


def test_sentence_ends_of_the_sample_articles_are_those_of_the_plain_pattern() -> None:
    import re

    from geo.sentences import _SENTENCE_END_RE

    plain = re.compile(r"[.!?؟]+(?=\s|$)|\n+")
    for path in sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt")):
        text = path.read_text("utf-8")
        spans = [match.span() for match in _SENTENCE_END_RE.finditer(text)]
        assert spans == [match.span() for match in plain.finditer(text)], path.name


def test_a_district_seat_is_preferred_to_namesake_villages(parser: Parser) -> None:
    # Ras al-Ain names a district in Hasakah and villages elsewhere; the district's seat wins
    # even though the article names Aleppo places around it.
    found = _mentions(parser, "وشهدت مدن تل أبيض ورأس العين وعفرين وإعزاز موجة نزوح جديدة.")
    assert found["رأس العين"].place.admin1 == "Hasakah"
    assert "seat of the district" in found["رأس العين"].reason


def test_a_city_named_like_a_common_word_needs_context(parser: Parser) -> None:
    text = "دخلت القوات مدينة الباب، ثم فتح الجيش التركي الباب أمام عودة النازحين."
    mentions = [m for m in parser.parse_text(text).mentions if m.text == "الباب"]
    assert [m.start for m in mentions] == [text.index("الباب")]
    assert mentions[0].place.admin1 == "Aleppo"


def test_a_name_starting_with_waw_after_another_continues_the_list(parser: Parser) -> None:
    found = _mentions(parser, "توزع النازحون على مخيمات أطمة وقاح وسرمدا.")
    assert "سرمدا" in found and found["سرمدا"].place.admin1 == "Idlib"


def test_word_frequency_reads_wordfreq_table_exactly_as_wordfreq_does() -> None:
    from wordfreq import get_frequency_dict, zipf_frequency

    from geo.resolve import zipf

    known = sorted(get_frequency_dict("ar", "best"))[::997][:300]
    words = [
        *known,
        *(f"{a} {b}" for a, b in zip(known, reversed(known), strict=True)),
        "حلب",
        "دير الزور",
        "الرقة بوست",
        "النصر",
        "مَدِينَة",  # marks: wordfreq's own path
        "كلمةلاتوجدابدا",
        "سوريا 2024",
    ]
    zipf.cache_clear()
    assert [zipf(word) for word in words] == [float(zipf_frequency(w, "ar")) for w in words]
    assert zipf("حلب") > 3.0 and zipf("كلمةلاتوجدابدا") == 0.0
