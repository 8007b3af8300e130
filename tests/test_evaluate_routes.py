"""Scoring routes against gold annotations, and the acceptance run on the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.evaluate_routes import format_route_scores, score_routes
from geo.model import Document, Endpoint, ParsedDocument, Place, Route, Span

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
EVAL_DIR = REPO.parent / "shared" / "eval"


TEXT = "خرج المقاتلون من حمص باتجاه تركيا والريف الشرقي لحماة."
HOMS = Place("t:homs", "Homs", "حمص", "city", 34.7324, 36.7137)
NEAR_HOMS = Place("t:near", "Near Homs", "قرب حمص", "village", 34.80, 36.75)
TURKEY = Place("t:tur", "Turkey", "تركيا", "country", 39.0, 35.0)
HAMA_EAST = Place("region:hama-e", "Eastern countryside of Hama", "", "region", 35.2, 37.4)


def _gold(tmp_path: Path, status: str = "reported") -> tuple[Path, Path]:
    routes = [
        {
            "doc": "x.txt",
            "id": "g1",
            "required": True,
            "origins": ["homs"],
            "destinations": ["turkey", "hama_east"],
            "status": status,
        },
        {
            "doc": "x.txt",
            "id": "optional",
            "required": False,
            "origins": ["homs"],
            "status": "alleged",
        },
    ]
    toponyms = [
        {
            "id": "x.txt",
            "toponyms": [
                {
                    "entity": "homs",
                    "start": 17,
                    "end": 20,
                    "lat": 34.73,
                    "lon": 36.71,
                    "kind": "city",
                    "name_en": "Homs",
                },
                {
                    "entity": "turkey",
                    "start": 28,
                    "end": 33,
                    "lat": 39.0,
                    "lon": 35.0,
                    "kind": "country",
                    "name_en": "Turkey",
                },
                {
                    "entity": "hama_east",
                    "start": 49,
                    "end": 53,
                    "lat": 35.13,
                    "lon": 36.76,
                    "kind": "region",
                    "name_en": "east Hama",
                },
            ],
        }
    ]
    routes_path = tmp_path / "routes.json"
    toponyms_path = tmp_path / "toponyms.json"
    routes_path.write_text(json.dumps(routes, ensure_ascii=False), encoding="utf-8")
    toponyms_path.write_text(json.dumps(toponyms, ensure_ascii=False), encoding="utf-8")
    return routes_path, toponyms_path


def _parsed(
    origin: Place, *, status: str = "reported", evidence_end: int = len(TEXT)
) -> list[ParsedDocument]:
    document = Document(id="x", path="/somewhere/x.txt", text=TEXT)
    route = Route(
        id="x:r1",
        doc_id="x",
        trigger=Span("خرج", 0, 3),
        mover=None,
        mover_label="",
        origins=[Endpoint("حمص", 17, 20, origin, inferred=True)],
        destinations=[
            Endpoint("تركيا", 28, 33, TURKEY, kind="country"),
            Endpoint("الريف الشرقي لحماة", 35, 53, HAMA_EAST, kind="region"),
        ],
        status=status,
        evidence=Span(TEXT[:evidence_end], 0, evidence_end),
    )
    return [ParsedDocument(document, [], [route])]


def test_perfect_match_counts_inferred_endpoints(tmp_path: Path):
    scores = score_routes(_parsed(NEAR_HOMS), *_gold(tmp_path))
    assert scores["route_recall"] == 1.0
    assert scores["endpoint_recall"] == 1.0
    assert scores["status_accuracy"] == 1.0
    assert scores["evidence_coverage"] == 1.0
    assert scores["required_routes"] == 1
    assert "recall 1.00" in format_route_scores(scores)


def test_wrong_status_and_far_origin(tmp_path: Path):
    scores = score_routes(_parsed(NEAR_HOMS, status="alleged"), *_gold(tmp_path))
    assert scores["route_recall"] == 0.0
    assert scores["status_accuracy"] == 0.0
    assert scores["endpoint_recall"] == 1.0
    far = Place("t:far", "Far", "", "city", 36.2, 37.1)
    scores = score_routes(_parsed(far), *_gold(tmp_path))
    assert scores["route_recall"] == 0.0
    assert scores["matched_endpoints"] == 2
    assert "MISS" in format_route_scores(scores)


def test_evidence_must_cover_trigger_and_a_gold_toponym(tmp_path: Path):
    scores = score_routes(_parsed(NEAR_HOMS, evidence_end=10), *_gold(tmp_path))
    assert scores["route_recall"] == 1.0
    assert scores["evidence_coverage"] == 0.0


def test_missing_document_scores_zero(tmp_path: Path):
    scores = score_routes([], *_gold(tmp_path))
    assert scores["route_recall"] == 0.0 and scores["endpoint_recall"] == 0.0


@pytest.mark.shared
def test_acceptance_on_seeds(full_gazetteer):
    if not (EVAL_DIR / "seeds-routes.json").is_file():
        pytest.skip(f"gold annotations not found in {EVAL_DIR}")
    from geo.document import read_document
    from geo.pipeline import Parser
    from geo.routes import corroborate, extract_routes

    parser = Parser(full_gazetteer)
    parsed = [parser.parse(read_document(path)) for path in sorted(SEEDS.glob("*.txt"))]
    for item in parsed:
        if not item.routes:
            item.routes = extract_routes(item.document, item.mentions)
    corroborate(parsed)
    scores = score_routes(parsed, EVAL_DIR / "seeds-routes.json", EVAL_DIR / "seeds-toponyms.json")
    assert scores["route_recall"] == 1.0, format_route_scores(scores)
    assert scores["endpoint_recall"] == 1.0
    assert scores["status_accuracy"] == 1.0
    assert scores["evidence_coverage"] == 1.0
    by_id = {detail["id"]: detail["route"] for detail in scores["routes"]}
    routes = {route.id: route for item in parsed for route in item.routes}
    first, second = routes[by_id["raqqa-deal"]], routes[by_id["raqqa-deal-2017"]]
    assert second.id in first.corroborated_by and first.id in second.corroborated_by


def test_line_precision_on_the_samples_format(tmp_path: Path):
    scores = score_routes(_parsed(NEAR_HOMS), *_gold(tmp_path))
    assert (scores["supported_lines"], scores["drawn_lines"]) == (2, 2)
    assert scores["line_precision"] == 1.0
    parsed = _parsed(NEAR_HOMS)
    damascus = Place("t:dam", "Damascus", "دمشق", "city", 33.51, 36.29)
    parsed[0].routes[0].destinations.append(Endpoint("المقاتلون", 4, 13, damascus))
    scores = score_routes(parsed, *_gold(tmp_path))
    assert (scores["supported_lines"], scores["drawn_lines"]) == (2, 3)
    (unsupported,) = scores["unsupported_lines"]
    assert unsupported["destination"]["place"] == "t:dam"
    assert "route lines: precision 0.67 (2/3" in format_route_scores(scores)
