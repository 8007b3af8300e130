"""Scoring geo against gold annotations: toponyms (and, through ``evaluate_routes``, routes).

Gold toponyms are a JSON list of documents ``{"id": "<file name>", "toponyms": [{"surface",
"start", "end", "kind", "lat", "lon", ...}], "not_toponyms": [...]}``. A predicted mention
matches a gold toponym when their spans overlap (one to one, greatest overlap first).

Figures: precision, recall and F1 of recognition; accuracy@161 km and @25 km of resolution
over matched toponyms (an unresolved match counts as wrong); the AUC of the error curve
(area under the sorted log(1 + error km) curve, normalised by log of half the Earth's
circumference; 0 is perfect); and the acceptance check of the issue: every local place
(town, village) within 25 km of gold, every region, governorate and country within 161 km.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.model import Mention, ParsedDocument
from geo.resolve import haversine_km

#: Half the Earth's circumference (km): the largest possible error, used by the AUC.
MAX_ERROR_KM = 20039.0
LOCAL_KINDS = ("town", "village", "camp", "neighbourhood")


@dataclass(slots=True)
class ToponymMatch:
    doc: str
    gold: dict[str, Any]
    mention: Mention | None
    error_km: float | None

    @property
    def tolerance_km(self) -> float:
        return 25.0 if self.gold.get("kind") in LOCAL_KINDS else 161.0

    @property
    def within_tolerance(self) -> bool:
        return self.error_km is not None and self.error_km <= self.tolerance_km


@dataclass(slots=True)
class ToponymScores:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    matches: list[ToponymMatch] = field(default_factory=list)
    spurious: list[tuple[str, Mention]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 0.0

    @property
    def recall(self) -> float:
        gold = self.true_positives + self.false_negatives
        return self.true_positives / gold if gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def _errors(self) -> list[float]:
        return [
            MAX_ERROR_KM if match.error_km is None else match.error_km
            for match in self.matches
            if match.mention is not None
        ]

    def accuracy_at(self, km: float) -> float:
        errors = self._errors()
        return sum(error <= km for error in errors) / len(errors) if errors else 0.0

    @property
    def within_tolerance(self) -> float:
        found = [match for match in self.matches if match.mention is not None]
        return sum(match.within_tolerance for match in found) / len(found) if found else 0.0

    @property
    def auc(self) -> float:
        errors = sorted(math.log1p(error) for error in self._errors())
        if len(errors) < 2:
            return 0.0 if not errors else errors[0] / math.log(MAX_ERROR_KM)
        area = sum((errors[i] + errors[i + 1]) / 2 for i in range(len(errors) - 1))
        return area / (math.log(MAX_ERROR_KM) * (len(errors) - 1))

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "accuracy_161km": round(self.accuracy_at(161.0), 4),
            "accuracy_25km": round(self.accuracy_at(25.0), 4),
            "within_kind_tolerance": round(self.within_tolerance, 4),
            "auc": round(self.auc, 4),
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
        }


def load_gold(path: str | Path) -> dict[str, dict[str, Any]]:
    """Gold documents keyed by document id (the file stem)."""
    documents = json.loads(Path(path).read_text(encoding="utf-8"))
    return {Path(document["id"]).stem: document for document in documents}


def score_toponyms(parsed: Sequence[ParsedDocument], gold_path: str | Path) -> ToponymScores:
    """Score predicted mentions against gold toponyms, document by document."""
    gold = load_gold(gold_path)
    scores = ToponymScores()
    for document in parsed:
        entry = gold.get(document.document.id)
        if entry is None:
            continue
        _score_document(document, entry, scores)
    return scores


def _score_document(parsed: ParsedDocument, gold: dict[str, Any], scores: ToponymScores) -> None:
    toponyms = list(gold.get("toponyms", []))
    optional = [item for item in gold.get("not_toponyms", []) if "optional" in item.get("why", "")]
    pairs: list[tuple[int, int, int]] = []
    for g_index, toponym in enumerate(toponyms):
        for m_index, mention in enumerate(parsed.mentions):
            overlap = min(toponym["end"], mention.end) - max(toponym["start"], mention.start)
            if overlap > 0:
                pairs.append((overlap, g_index, m_index))
    pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
    gold_taken: dict[int, int] = {}
    mention_taken: set[int] = set()
    for _overlap, g_index, m_index in pairs:
        if g_index in gold_taken or m_index in mention_taken:
            continue
        gold_taken[g_index] = m_index
        mention_taken.add(m_index)
    for g_index, toponym in enumerate(toponyms):
        found = gold_taken.get(g_index)
        if found is None:
            scores.false_negatives += 1
            scores.matches.append(ToponymMatch(parsed.document.id, toponym, None, None))
            continue
        mention = parsed.mentions[found]
        error = None
        if (
            mention.place is not None
            and mention.place.lat is not None
            and mention.place.lon is not None
        ):
            error = haversine_km(
                mention.place.lat, mention.place.lon, toponym["lat"], toponym["lon"]
            )
        scores.true_positives += 1
        scores.matches.append(ToponymMatch(parsed.document.id, toponym, mention, error))
    for m_index, mention in enumerate(parsed.mentions):
        if m_index in mention_taken:
            continue
        if any(item["start"] < mention.end and mention.start < item["end"] for item in optional):
            continue
        scores.false_positives += 1
        scores.spurious.append((parsed.document.id, mention))


def format_toponym_scores(scores: ToponymScores) -> str:
    """A readable report: figures, then every miss, spurious mention and out-of-tolerance place."""
    figures = scores.to_dict()
    lines = [
        "Toponyms",
        f"  precision {figures['precision']:.3f}  recall {figures['recall']:.3f}  F1 {figures['f1']:.3f}",
        f"  accuracy@161km {figures['accuracy_161km']:.3f}  accuracy@25km {figures['accuracy_25km']:.3f}"
        f"  within kind tolerance {figures['within_kind_tolerance']:.3f}  AUC {figures['auc']:.4f}",
        f"  TP {scores.true_positives}  FP {scores.false_positives}  FN {scores.false_negatives}",
    ]
    for match in scores.matches:
        gold = match.gold
        if match.mention is None:
            lines.append(
                f"  missed   {match.doc} {gold['start']}-{gold['end']} {gold['surface']} ({gold.get('name_en', '')})"
            )
        elif not match.within_tolerance:
            where = "unresolved" if match.error_km is None else f"{match.error_km:.0f} km off"
            place = match.mention.place.id if match.mention.place else "-"
            lines.append(
                f"  wrong    {match.doc} {gold['start']}-{gold['end']} {gold['surface']}: {place}, {where}"
                f" (tolerance {match.tolerance_km:.0f} km)"
            )
    for doc, mention in scores.spurious:
        place = mention.place.id if mention.place else "unresolved"
        lines.append(f"  spurious {doc} {mention.start}-{mention.end} {mention.text} ({place})")
    return "\n".join(lines)
