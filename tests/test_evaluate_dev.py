"""Scoring the development-set format: composed gold and texts in temporary folders."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from geo.cli import main
from geo.evaluate import DevSet, format_dev_scores, load_dev_set, score_dev
from geo.evaluate_routes import GoldPlace, endpoint_matches
from geo.model import Document, Endpoint, Mention, ParsedDocument, Place, Route, Span

AR_TEXT = "خرج المقاتلون من حمص إلى إدلب عبر حماة. وانتقل آخرون من دوما إلى جرابلس."
EN_TEXT = "Fighters left Douma for Harasta on Sunday."

HOMS = Place("t:homs", "Homs", "حمص", "city", 34.7315, 36.6854)
IDLIB = Place("t:idlib", "Idlib", "إدلب", "city", 35.9306, 36.6339)
HAMA = Place("t:hama", "Hama", "حماة", "city", 35.1318, 36.7578)
DOUMA = Place("t:douma", "Douma", "دوما", "town", 33.5718, 36.4027)
HARASTA = Place("t:harasta", "Harasta", "حرستا", "town", 33.5586, 36.3650)
JARABULUS = Place("t:jarabulus", "Jarabulus", "جرابلس", "town", 36.8175, 38.0111)
#: 300 km south of Idlib: a wrong placement at any tolerance.
FAR_IDLIB = Place("t:far", "Somewhere", "إدلب", "city", 33.2306, 36.6339)
#: About 40 km from Jarabulus: right at 161 km, wrong at 25 km.
NEAR_JARABULUS = Place("t:near", "Near Jarabulus", "جرابلس", "town", 36.8175, 38.46)


def _span(text: str, surface: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return start, start + len(surface)


def _toponym(text: str, surface: str, place: Place, kind: str, **extra: Any) -> dict[str, Any]:
    start, end = _span(text, surface)
    return {
        "surface": surface,
        "start": start,
        "end": end,
        "name_en": place.name,
        "kind": kind,
        "lat": place.lat,
        "lon": place.lon,
        "source": extra.get("source", "wof:1"),
    }


def _sentence(text: str, index: int) -> tuple[int, int]:
    starts = [0] + [i + 2 for i, char in enumerate(text) if char == "." and i + 2 < len(text)]
    start = starts[index]
    return start, text.index(".", start) + 1


def _records() -> list[dict[str, Any]]:
    first, second = _sentence(AR_TEXT, 0), _sentence(AR_TEXT, 1)
    arabic = {
        "id": "ar1",
        "lang": "ar",
        "toponyms": [
            _toponym(AR_TEXT, "حمص", HOMS, "city"),
            _toponym(AR_TEXT, "إدلب", IDLIB, "governorate"),
            _toponym(AR_TEXT, "حماة", HAMA, "city", source="none"),
            _toponym(AR_TEXT, "دوما", DOUMA, "town"),
            _toponym(AR_TEXT, "جرابلس", JARABULUS, "town"),
        ],
        "routes": [
            {
                "mover": "fighters",
                "origins": ["حمص"],
                "destinations": ["إدلب"],
                "via": ["حماة"],
                "evidence_start": first[0],
                "evidence_end": first[1],
                "status": "reported",
            },
            {
                "mover": "others",
                "origins": ["دوما"],
                "destinations": ["جرابلس"],
                "via": [],
                "evidence_start": second[0],
                "evidence_end": second[1],
                "status": "reported",
            },
        ],
    }
    english = {
        "id": "en1",
        "lang": "en",
        "toponyms": [
            _toponym(EN_TEXT, "Douma", DOUMA, "town"),
            _toponym(EN_TEXT, "Harasta", HARASTA, "town"),
        ],
        "routes": [
            {
                "mover": "fighters",
                "origins": ["Douma"],
                "destinations": ["Harasta"],
                "via": [],
                "evidence_start": 0,
                "evidence_end": len(EN_TEXT),
                "status": "reported",
            }
        ],
    }
    return [arabic, english]


def _write_dev(folder: Path, records: list[dict[str, Any]], texts: dict[str, str]) -> Path:
    texts_dir = folder / "texts"
    texts_dir.mkdir(parents=True)
    lines = []
    for record in records:
        text = texts[record["id"]]
        (texts_dir / f"{record['id']}.txt").write_text(text, encoding="utf-8")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        lines.append(json.dumps({**record, "sha256": digest}, ensure_ascii=False))
    gold = folder / "gold.jsonl"
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return gold


@pytest.fixture()
def dev(tmp_path: Path) -> DevSet:
    gold = _write_dev(tmp_path, _records(), {"ar1": AR_TEXT, "en1": EN_TEXT})
    return load_dev_set(gold, tmp_path / "texts")


def _mention(text: str, surface: str, place: Place | None) -> Mention:
    start, end = _span(text, surface)
    return Mention(surface, start, end, place=place, reason="test")


def _endpoint(text: str, surface: str, place: Place, occurrence: int = 0) -> Endpoint:
    start, end = _span(text, surface, occurrence)
    return Endpoint(surface, start, end, place)


def _route(doc: str, number: int, text: str, **parts: Any) -> Route:
    return Route(
        id=f"{doc}:r{number}",
        doc_id=doc,
        trigger=Span(text[:3], 0, 3),
        mover=None,
        mover_label="",
        origins=parts.get("origins", []),
        destinations=parts.get("destinations", []),
        via=parts.get("via", []),
        status=parts.get("status", "reported"),
        evidence=Span(text, 0, len(text)),
    )


def _parsed() -> list[ParsedDocument]:
    arabic = ParsedDocument(
        Document("ar1", "ar1.txt", AR_TEXT),
        [
            _mention(AR_TEXT, "حمص", HOMS),
            _mention(AR_TEXT, "إدلب", FAR_IDLIB),
            _mention(AR_TEXT, "دوما", DOUMA),
            _mention(AR_TEXT, "جرابلس", NEAR_JARABULUS),
            _mention(AR_TEXT, "آخرون", None),
        ],
        [
            # Every gold endpoint in its role: matched; its one line is stated by gold.
            _route(
                "ar1",
                1,
                AR_TEXT,
                origins=[_endpoint(AR_TEXT, "حمص", HOMS)],
                via=[_endpoint(AR_TEXT, "حماة", HAMA)],
                destinations=[_endpoint(AR_TEXT, "إدلب", FAR_IDLIB)],
            ),
            # The second claim backwards: no endpoint in its role, an unsupported line.
            _route(
                "ar1",
                2,
                AR_TEXT,
                origins=[_endpoint(AR_TEXT, "جرابلس", JARABULUS)],
                destinations=[_endpoint(AR_TEXT, "دوما", DOUMA)],
            ),
        ],
    )
    english = ParsedDocument(
        Document("en1", "en1.txt", EN_TEXT),
        [_mention(EN_TEXT, "Douma", DOUMA), _mention(EN_TEXT, "Harasta", HARASTA)],
        [
            # Douma to Douma through Harasta: drawn, and a self-loop. Harasta is 4 km from
            # Douma, so without the self-loop rule the gold Douma → Harasta would support it.
            _route(
                "en1",
                1,
                EN_TEXT,
                origins=[_endpoint(EN_TEXT, "Douma", DOUMA)],
                via=[_endpoint(EN_TEXT, "Harasta", HARASTA)],
                destinations=[_endpoint(EN_TEXT, "Douma", DOUMA)],
                status="alleged",
            ),
            # From a place to itself with nothing between: export draws no line for it.
            _route(
                "en1",
                2,
                EN_TEXT,
                origins=[_endpoint(EN_TEXT, "Harasta", HARASTA)],
                destinations=[_endpoint(EN_TEXT, "Harasta", HARASTA)],
                status="alleged",
            ),
        ],
    )
    return [arabic, english]


def test_recognition_counts_unresolved_mentions(dev: DevSet) -> None:
    figures = score_dev(_parsed(), dev).figures("ar")
    assert (figures["true_positives"], figures["false_positives"]) == (4, 1)
    assert figures["false_negatives"] == 1
    assert figures["precision"] == pytest.approx(0.8)
    assert figures["recall"] == pytest.approx(0.8)
    assert figures["f1"] == pytest.approx(0.8)


def test_accuracy_at_161_and_at_25_km_for_local_kinds(dev: DevSet) -> None:
    figures = score_dev(_parsed(), dev).figures("ar")
    assert figures["accuracy_161km_of"] == 4
    assert figures["accuracy_161km"] == pytest.approx(0.75)
    assert figures["accuracy_25km_of"] == 2
    assert figures["accuracy_25km"] == pytest.approx(0.5)
    assert figures["within_kind_tolerance"] == pytest.approx(0.5)


def test_routes_matched_endpoint_recall_and_status(dev: DevSet) -> None:
    scores = score_dev(_parsed(), dev)
    arabic, english = scores.figures("ar"), scores.figures("en")
    assert (arabic["routes_matched"], arabic["gold_routes"]) == (1, 2)
    assert (arabic["matched_endpoints"], arabic["gold_endpoints"]) == (3, 5)
    assert arabic["status_accuracy"] == 1.0
    assert (english["routes_matched"], english["gold_routes"]) == (1, 1)
    assert english["status_accuracy"] == 0.0
    missed = scores.errors()["missed_routes"]
    assert [(e["doc"], e["missing"]) for e in missed] == [
        ("ar1", ["origin: دوما", "destination: جرابلس"])
    ]
    assert [e["doc"] for e in scores.errors()["wrong_status"]] == ["en1"]


def test_line_precision_supported_unsupported_and_self_loop(dev: DevSet) -> None:
    scores = score_dev(_parsed(), dev)
    arabic, english, both = (scores.figures(lang) for lang in ("ar", "en", "all"))
    assert (arabic["supported_lines"], arabic["drawn_lines"]) == (1, 2)
    assert arabic["line_precision"] == pytest.approx(0.5)
    assert (english["supported_lines"], english["drawn_lines"]) == (0, 1)
    assert (both["supported_lines"], both["drawn_lines"]) == (1, 3)
    unsupported = scores.errors()["unsupported_lines"]
    assert [(e["route"], e["self_loop"]) for e in unsupported] == [
        ("ar1:r2", False),
        ("en1:r1", True),
    ]
    assert unsupported[0]["origin"]["text"] == "جرابلس"
    assert "[جرابلس]" in unsupported[0]["origin"]["context"]


def test_errors_carry_offsets_context_and_reasons(dev: DevSet) -> None:
    errors = score_dev(_parsed(), dev).errors("ar")
    (missed,) = errors["missed_toponyms"]
    assert (missed["surface"], missed["start"]) == ("حماة", AR_TEXT.index("حماة"))
    assert "[حماة]" in missed["context"]
    wrong = {e["surface"]: e for e in errors["wrong_placements"]}
    assert set(wrong) == {"إدلب", "جرابلس"}
    assert wrong["إدلب"]["error_km"] == pytest.approx(300, abs=5)
    assert wrong["إدلب"]["reason"] == "test"
    (spurious,) = errors["spurious_mentions"]
    assert (spurious["text"], spurious["predicted"]) == ("آخرون", "unresolved")


def test_breakdown_per_kind_and_source(dev: DevSet) -> None:
    breakdown = score_dev(_parsed(), dev).breakdown("ar")
    assert breakdown["kind"]["city"] == {"gold": 2, "missed": 1, "wrong": 0}
    assert breakdown["kind"]["governorate"] == {"gold": 1, "missed": 0, "wrong": 1}
    assert breakdown["source"]["no source"] == {"gold": 1, "missed": 1, "wrong": 0}


def test_report_and_json_list_the_same_errors(dev: DevSet) -> None:
    scores = score_dev(_parsed(), dev)
    report = format_dev_scores(scores)
    assert "[ar] 1 documents" in report and "[en] 1 documents" in report
    assert "line precision 0.333 (1/3" in report
    payload = scores.to_dict()
    assert set(payload["figures"]) == {"ar", "en", "all"}
    assert len(payload["errors"]["unsupported_lines"]) == 2
    json.dumps(payload, ensure_ascii=False)


def test_a_text_whose_hash_differs_is_left_out(tmp_path: Path) -> None:
    gold = _write_dev(tmp_path, _records(), {"ar1": AR_TEXT, "en1": EN_TEXT})
    (tmp_path / "texts" / "en1.txt").write_text(EN_TEXT.replace("Sunday", "Monday"), "utf-8")
    dev = load_dev_set(gold, tmp_path / "texts")
    assert [d.id for d in dev.documents] == ["ar1"]
    assert dev.left_out == [("en1", "text differs (sha256)")]
    scores = score_dev(_parsed(), dev)
    assert scores.figures("en")["documents"] == 0
    assert "left out en1" in format_dev_scores(scores)


def test_unplaced_gold_matches_by_span_or_surface_only() -> None:
    desert = GoldPlace("البادية", "region", None, None, spans=((10, 17),))
    far_text = Endpoint("البادية", 50, 57, Place("t:b", "Badia", "", "region", 34.0, 38.0))
    assert endpoint_matches(far_text, desert, (38.0, 34.0))
    other = Endpoint("تدمر", 60, 64, Place("t:p", "Palmyra", "", "city", 34.0, 38.0))
    assert not endpoint_matches(other, desert, (38.0, 34.0))
    overlapping = Endpoint("بادية", 11, 17, None)
    assert endpoint_matches(overlapping, desert, None)


def test_cli_dev_scores_composed_set_and_reports_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "خرج المقاتلون من حمص إلى إدلب."
    record = {
        "id": "x1",
        "lang": "ar",
        "toponyms": [
            _toponym(text, "حمص", HOMS, "city"),
            _toponym(text, "إدلب", IDLIB, "city"),
        ],
        "routes": [
            {
                "mover": "fighters",
                "origins": ["حمص"],
                "destinations": ["إدلب"],
                "via": [],
                "evidence_start": 0,
                "evidence_end": len(text),
                "status": "reported",
            }
        ],
    }
    missing = {**record, "id": "x2"}
    gold = _write_dev(tmp_path, [record], {"x1": text})
    with gold.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({**missing, "sha256": "0" * 64}, ensure_ascii=False) + "\n")
    code = main(["eval", "--gold", str(gold), "--docs", str(tmp_path / "texts"), "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "x2 left out" in captured.err
    payload = json.loads(captured.out)
    assert payload["left_out"] == [{"id": "x2", "why": "text missing"}]
    figures = payload["figures"]["ar"]
    assert figures["documents"] == 1
    assert figures["recall"] == 1.0
    assert figures["routes_matched"] == 1
