"""Acceptance of the toponym issue on the two sample articles, scored against the gold file."""

from __future__ import annotations

import pytest
from conftest import EVAL_DIR, SEEDS

from geo.document import iter_documents
from geo.evaluate import ToponymScores, score_toponyms
from geo.pipeline import Parser

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def parsed(full_gazetteer):
    parser = Parser(full_gazetteer)
    return [parser.parse(document) for document in iter_documents([SEEDS])]


@pytest.fixture(scope="module")
def scores(parsed) -> ToponymScores:
    gold = EVAL_DIR / "seeds-toponyms.json"
    if not gold.is_file():
        pytest.skip(f"no gold annotations at {gold}")
    return score_toponyms(parsed, gold)


def test_precision_and_recall_at_least_095(scores: ToponymScores) -> None:
    assert scores.precision >= 0.95, scores.spurious
    assert scores.recall >= 0.95


def test_every_place_within_its_kind_tolerance(scores: ToponymScores) -> None:
    wrong = [
        (match.gold["surface"], match.gold["start"], match.error_km)
        for match in scores.matches
        if match.mention is not None and not match.within_tolerance
    ]
    assert wrong == []


def test_named_disambiguations(parsed) -> None:
    mentions = {(p.document.id, m.text): m for p in parsed for m in p.mentions}
    first, second = sorted({p.document.id for p in parsed})

    def place_id(doc: str, text: str) -> str:
        return mentions[(doc, text)].place.id

    assert place_id(first, "العطشانة") == "wof:1226437783"
    assert place_id(first, "أبو خنادق") in {"wof:1343345137", "wof:1259466783"}
    assert mentions[(first, "أبو خنادق")].place.admin1 == "Hama"
    assert place_id(first, "معصران") == "wof:1309701351"
    assert place_id(first, "الصالحية") == "wof:1226434157"
    assert place_id(second, "البوحسن") == "wof:1209336015"


def test_byline_outlet_is_not_a_place(parsed) -> None:
    first = sorted(parsed, key=lambda p: p.document.id)[0]
    text = first.document.text
    byline = text.index("الرقة بوست")
    assert not any(m.start <= byline < m.end for m in first.mentions)


def test_metrics_report_all_figures(scores: ToponymScores) -> None:
    figures = scores.to_dict()
    for key in ("precision", "recall", "f1", "accuracy_161km", "accuracy_25km", "auc"):
        assert 0.0 <= figures[key] <= 1.0
    assert figures["auc"] < 0.2
