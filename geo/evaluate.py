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

import hashlib
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.distance import haversine_km
from geo.errors import ConfigurationError
from geo.evaluate_routes import (
    LOCAL_KINDS,
    DrawnLine,
    GoldRoute,
    RouteMatch,
    dev_gold_routes,
    drawn_lines,
    line_precision,
    line_record,
    match_routes,
    same_country,
    score_lines,
    tolerance_km,
)
from geo.model import Mention, ParsedDocument, Route

__all__ = [
    "LOCAL_KINDS",
    "MAX_ERROR_KM",
    "DevScores",
    "DevSet",
    "ToponymMatch",
    "ToponymScores",
    "format_dev_scores",
    "load_dev_set",
    "score_dev",
    "score_toponyms",
]

#: Half the Earth's circumference (km): the largest possible error, used by the AUC.
MAX_ERROR_KM = 20039.0


@dataclass(slots=True)
class ToponymMatch:
    doc: str
    gold: dict[str, Any]
    mention: Mention | None
    error_km: float | None

    @property
    def tolerance_km(self) -> float:
        return tolerance_km(self.gold.get("kind"))

    @property
    def within_tolerance(self) -> bool:
        """Within its kind's distance of gold; a country also when the place is in it."""
        if self.error_km is not None and self.error_km <= self.tolerance_km:
            return True
        place = self.mention.place if self.mention is not None else None
        return (
            self.gold.get("kind") == "country"
            and place is not None
            and same_country(place, str(self.gold.get("name_en", "")))
        )


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
            and toponym.get("lat") is not None
            and toponym.get("lon") is not None
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


# --------------------------------------------------------------------------------------
# The development set: real excerpts, gold toponyms and routes, scored per language

#: Kinds accuracy@25 km is measured over on the development set.
POINT_KINDS = ("town", "village", "camp")
#: Characters of context shown either side of an error.
CONTEXT_CHARS = 40
LANGUAGES = ("ar", "en", "all")


@dataclass(frozen=True, slots=True)
class DevDocument:
    """A development-set record whose restored text is intact."""

    id: str
    lang: str
    path: Path
    record: dict[str, Any]


@dataclass(slots=True)
class DevSet:
    """The records of ``gold.jsonl`` with an intact text, and the ids left out (and why)."""

    documents: list[DevDocument]
    left_out: list[tuple[str, str]]


def load_dev_set(gold_path: str | Path, texts_dir: str | Path) -> DevSet:
    """Read ``gold.jsonl`` and find each record's text ``<id>.txt`` in ``texts_dir``.

    A text that is missing, whose SHA-256 differs from the record's, or whose gold offsets
    do not hold is left out (never patched), with the reason.

    Raises
    ------
    ConfigurationError
        If the gold file cannot be read.
    """
    gold_file, folder = Path(gold_path), Path(texts_dir)
    try:
        lines = gold_file.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ConfigurationError(
            f"cannot read the development gold {gold_file}: {error.strerror}; "
            "name it with --gold or set $GEO_EVAL_DIR"
        ) from None
    documents, left_out = [], []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            raise ConfigurationError(f"{gold_file}:{number}: not JSON: {error}") from None
        path = folder / f"{record['id']}.txt"
        if not path.is_file():
            left_out.append((record["id"], "text missing"))
            continue
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != record.get("sha256"):
            left_out.append((record["id"], "text differs (sha256)"))
            continue
        text = data.decode("utf-8", errors="replace")
        if any(text[t["start"] : t["end"]] != t["surface"] for t in record.get("toponyms", [])):
            left_out.append((record["id"], "text differs (gold offsets)"))
            continue
        documents.append(DevDocument(record["id"], str(record.get("lang", "")), path, record))
    return DevSet(documents, left_out)


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """``text[start:end]`` in brackets with ``width`` characters either side, on one line."""
    before = " ".join(text[max(0, start - width) : start].split())
    after = " ".join(text[end : end + width].split())
    inside = " ".join(text[start:end].split())
    return f"{before} [{inside}] {after}".strip()


@dataclass(slots=True)
class DevDocumentScores:
    """What one development document scored: its toponym matches, spurious mentions,
    gold-route matches and drawn lines."""

    document: DevDocument
    text: str
    toponyms: ToponymScores
    routes: list[RouteMatch]
    lines: list[DrawnLine]


@dataclass(slots=True)
class DevScores:
    """The development set scored document by document; figures and errors per language."""

    documents: list[DevDocumentScores]
    left_out: list[tuple[str, str]]

    def _subset(self, lang: str) -> list[DevDocumentScores]:
        return [d for d in self.documents if lang == "all" or d.document.lang == lang]

    def figures(self, lang: str = "all") -> dict[str, Any]:
        """Recognition, resolution, route and line figures over the documents of ``lang``
        (``"ar"``, ``"en"`` or ``"all"``)."""
        documents = self._subset(lang)
        matches = [m for d in documents for m in d.toponyms.matches]
        found = [m for m in matches if m.mention is not None]
        placed = [m for m in found if _gold_placed(m.gold)]
        points = [m for m in placed if m.gold.get("kind") in POINT_KINDS]
        tp = len(found)
        fp = sum(len(d.toponyms.spurious) for d in documents)
        fn = len(matches) - tp
        routes = [r for d in documents for r in d.routes]
        matched = [r for r in routes if r.matched]
        lines = [line for d in documents for line in d.lines]
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        return {
            "documents": len(documents),
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(2 * precision * recall / (precision + recall), 4)
            if precision + recall
            else 0.0,
            "true_positives": tp,
            "false_positives": fp,
            "false_negatives": fn,
            "accuracy_161km": _share(placed, lambda m: _within(m, 161.0)),
            "accuracy_161km_of": len(placed),
            "accuracy_25km": _share(points, lambda m: _within(m, 25.0)),
            "accuracy_25km_of": len(points),
            "within_kind_tolerance": _share(placed, lambda m: m.within_tolerance),
            "gold_routes": len(routes),
            "routes_matched": len(matched),
            "route_recall": round(len(matched) / len(routes), 4) if routes else 0.0,
            "gold_endpoints": sum(r.total for r in routes),
            "matched_endpoints": sum(r.hits for r in routes),
            "endpoint_recall": round(sum(r.hits for r in routes) / sum(r.total for r in routes), 4)
            if any(r.total for r in routes)
            else 0.0,
            "status_accuracy": _share(matched, lambda r: r.status_right),
            "drawn_lines": len(lines),
            "supported_lines": sum(line.supported for line in lines),
            "line_precision": round(line_precision(lines), 4),
        }

    def errors(self, lang: str = "all") -> dict[str, list[dict[str, Any]]]:
        """Every error of the documents of ``lang``, each with its document, offsets and
        context: missed and wrongly placed gold toponyms, spurious mentions, missed gold
        routes, matched routes with the wrong status, and unsupported lines."""
        errors: dict[str, list[dict[str, Any]]] = {
            "missed_toponyms": [],
            "wrong_placements": [],
            "spurious_mentions": [],
            "missed_routes": [],
            "wrong_status": [],
            "unsupported_lines": [],
        }
        for scored in self._subset(lang):
            doc, text, lang = scored.document.id, scored.text, scored.document.lang
            for match in scored.toponyms.matches:
                gold = match.gold
                where = {"doc": doc, "lang": lang, "start": gold["start"], "end": gold["end"]}
                if match.mention is None:
                    errors["missed_toponyms"].append(
                        {
                            **where,
                            "surface": gold["surface"],
                            "kind": gold.get("kind", ""),
                            "name_en": gold.get("name_en", ""),
                            "source": gold.get("source", ""),
                            "context": context(text, gold["start"], gold["end"]),
                        }
                    )
                elif _gold_placed(gold) and not match.within_tolerance:
                    errors["wrong_placements"].append(
                        {
                            **where,
                            "surface": gold["surface"],
                            "kind": gold.get("kind", ""),
                            "gold": f"{gold.get('name_en', '')} ({gold.get('source', '')})",
                            "gold_latlon": [gold["lat"], gold["lon"]],
                            "predicted": _place_label(match.mention),
                            "predicted_latlon": _mention_latlon(match.mention),
                            "mention": [match.mention.start, match.mention.end],
                            "error_km": None
                            if match.error_km is None
                            else round(match.error_km, 1),
                            "tolerance_km": match.tolerance_km,
                            "reason": match.mention.reason,
                            "context": context(text, gold["start"], gold["end"]),
                        }
                    )
            for _doc, mention in scored.toponyms.spurious:
                errors["spurious_mentions"].append(
                    {
                        "doc": doc,
                        "lang": lang,
                        "start": mention.start,
                        "end": mention.end,
                        "text": mention.text,
                        "predicted": _place_label(mention),
                        "reason": mention.reason,
                        "context": context(text, mention.start, mention.end),
                    }
                )
            for route_match in scored.routes:
                gold_route = route_match.gold
                start, end = gold_route.evidence or (0, 0)
                record = {
                    "doc": doc,
                    "lang": lang,
                    "start": start,
                    "end": end,
                    "gold": _gold_route_text(gold_route),
                    "mover": gold_route.mover,
                    "gold_status": gold_route.status,
                    "predicted": _route_text(route_match.route),
                    "evidence": context(text, start, end, 0),
                }
                if not route_match.matched:
                    errors["missed_routes"].append(
                        {
                            **record,
                            "endpoints": f"{route_match.hits}/{route_match.total}",
                            "missing": [
                                f"{role}: {place.surface}" for role, place in route_match.missing
                            ],
                        }
                    )
                elif not route_match.status_right and route_match.route is not None:
                    errors["wrong_status"].append({**record, "status": route_match.route.status})
            for line in scored.lines:
                if line.supported:
                    continue
                item = line_record(line)
                item["lang"] = lang
                item["origin"]["context"] = context(text, line.origin.start, line.origin.end)
                item["destination"]["context"] = context(
                    text, line.destination.start, line.destination.end
                )
                errors["unsupported_lines"].append(item)
        return errors

    def breakdown(self, lang: str = "all") -> dict[str, dict[str, dict[str, int]]]:
        """Gold toponyms, misses and wrong placements per gold kind and per whether the gold
        has a source record (``wof``/``gn``/``os``/``known``) or none."""
        by_kind: dict[str, dict[str, int]] = {}
        by_source: dict[str, dict[str, int]] = {}
        for scored in self._subset(lang):
            for match in scored.toponyms.matches:
                gold = match.gold
                source = str(gold.get("source", "none")).split(":")[0] or "none"
                sourced = "no source" if source == "none" else "has source"
                for table, key in ((by_kind, str(gold.get("kind", ""))), (by_source, sourced)):
                    row = table.setdefault(key, {"gold": 0, "missed": 0, "wrong": 0})
                    row["gold"] += 1
                    if match.mention is None:
                        row["missed"] += 1
                    elif _gold_placed(gold) and not match.within_tolerance:
                        row["wrong"] += 1
        return {"kind": dict(sorted(by_kind.items())), "source": by_source}

    def to_dict(self) -> dict[str, Any]:
        return {
            "figures": {lang: self.figures(lang) for lang in LANGUAGES},
            "breakdown": {lang: self.breakdown(lang) for lang in LANGUAGES},
            "errors": self.errors(),
            "left_out": [{"id": doc, "why": why} for doc, why in self.left_out],
        }


def score_dev(parsed: Sequence[ParsedDocument], dev: DevSet) -> DevScores:
    """Score parsed development documents (document id = gold id) against their gold."""
    by_id = {item.document.id: item for item in parsed}
    lines = drawn_lines([by_id[d.id] for d in dev.documents if d.id in by_id])
    documents = []
    for document in dev.documents:
        item = by_id.get(document.id)
        if item is None:
            continue
        toponyms = ToponymScores()
        _score_document(item, document.record, toponyms)
        gold_routes = dev_gold_routes(document.record)
        mine = score_lines([line for line in lines if line.doc == document.id], gold_routes)
        documents.append(
            DevDocumentScores(
                document, item.document.text, toponyms, match_routes(gold_routes, [item]), mine
            )
        )
    return DevScores(documents, list(dev.left_out))


def format_dev_scores(scores: DevScores) -> str:
    """A readable report: figures per language, the breakdown of misses, then every error."""
    out = ["Development set"]
    for doc, why in scores.left_out:
        out.append(f"  left out {doc}: {why}")
    for lang in LANGUAGES:
        f = scores.figures(lang)
        out += [
            f"[{lang}] {f['documents']} documents",
            f"  recognition  P {f['precision']:.3f}  R {f['recall']:.3f}  F1 {f['f1']:.3f}"
            f"  (TP {f['true_positives']}  FP {f['false_positives']}  FN {f['false_negatives']})",
            f"  accuracy@161km {f['accuracy_161km']:.3f} (of {f['accuracy_161km_of']})"
            f"  accuracy@25km {f['accuracy_25km']:.3f} (of {f['accuracy_25km_of']} town/village/camp)"
            f"  within kind tolerance {f['within_kind_tolerance']:.3f}",
            f"  routes matched {f['route_recall']:.3f} ({f['routes_matched']}/{f['gold_routes']})"
            f"  endpoint recall {f['endpoint_recall']:.3f}"
            f" ({f['matched_endpoints']}/{f['gold_endpoints']})"
            f"  status accuracy {f['status_accuracy']:.3f}",
            f"  line precision {f['line_precision']:.3f}"
            f" ({f['supported_lines']}/{f['drawn_lines']} drawn lines stated by a gold route)",
        ]
    for lang in LANGUAGES:
        breakdown = scores.breakdown(lang)
        out.append(f"[{lang}] gold / missed / wrongly placed, per gold kind and source")
        for table in ("kind", "source"):
            out.append(
                "  "
                + "  ".join(
                    f"{key} {row['gold']}/{row['missed']}/{row['wrong']}"
                    for key, row in breakdown[table].items()
                )
            )
    errors = scores.errors()
    for title, key, line in _ERROR_LISTS:
        out.append(f"{title} ({len(errors[key])})")
        out += [f"  {error['doc']} {line(error)}" for error in errors[key]]
    return "\n".join(out)


def _missed_toponym_line(e: dict[str, Any]) -> str:
    return (
        f"{e['start']}-{e['end']} {e['surface']} [{e['kind']}, {e['source']}]  … {e['context']} …"
    )


def _wrong_placement_line(e: dict[str, Any]) -> str:
    distance = "unplaced" if e["error_km"] is None else f"{e['error_km']:.0f} km"
    return (
        f"{e['start']}-{e['end']} {e['surface']} [{e['kind']}]: gold {e['gold']},"
        f" got {e['predicted']}, {distance} (tolerance {e['tolerance_km']:.0f})"
        f"\n      why: {e['reason']}\n      … {e['context']} …"
    )


def _spurious_mention_line(e: dict[str, Any]) -> str:
    return f"{e['start']}-{e['end']} {e['text']} → {e['predicted']}  … {e['context']} …"


def _missed_route_line(e: dict[str, Any]) -> str:
    return (
        f"{e['start']}-{e['end']} gold {e['gold']} [{e['gold_status']}];"
        f" best {e['predicted'] or '-'}; {e['endpoints']}, missing {', '.join(e['missing'])}"
        f"\n      {e['evidence'][:300]}"
    )


def _wrong_status_line(e: dict[str, Any]) -> str:
    return (
        f"{e['start']}-{e['end']} gold {e['gold']} [{e['gold_status']}],"
        f" predicted [{e['status']}]\n      {e['evidence'][:300]}"
    )


def _unsupported_line(e: dict[str, Any]) -> str:
    origin, destination = e["origin"], e["destination"]
    loop = " (self-loop)" if e["self_loop"] else ""
    evidence = e["evidence"]["text"] if e["evidence"] else ""
    return (
        f"{e['route']} [{e['status']}] {origin['text']} {origin['start']}-"
        f"{origin['end']} ({origin['name'] or origin['place']}) → {destination['text']} "
        f"{destination['start']}-{destination['end']} ({destination['name'] or destination['place']})"
        f"{loop}\n      from: … {origin['context']} …\n      to:   … {destination['context']} …"
        f"\n      evidence: {' '.join(evidence.split())[:300]}"
    )


#: The error lists of the development report, in order: title, key of ``DevScores.errors()``
#: and how one error reads after its document id.
_ERROR_LISTS: tuple[tuple[str, str, Callable[[dict[str, Any]], str]], ...] = (
    ("Missed gold toponyms", "missed_toponyms", _missed_toponym_line),
    ("Wrong placements", "wrong_placements", _wrong_placement_line),
    ("Spurious mentions", "spurious_mentions", _spurious_mention_line),
    ("Missed gold routes", "missed_routes", _missed_route_line),
    ("Matched routes with the wrong status", "wrong_status", _wrong_status_line),
    ("Unsupported lines", "unsupported_lines", _unsupported_line),
)


def _gold_placed(gold: dict[str, Any]) -> bool:
    return gold.get("lat") is not None and gold.get("lon") is not None


def _within(match: ToponymMatch, km: float) -> bool:
    return match.error_km is not None and match.error_km <= km


def _share(items: Sequence[Any], test: Any) -> float:
    return round(sum(bool(test(item)) for item in items) / len(items), 4) if items else 0.0


def _place_label(mention: Mention) -> str:
    place = mention.place
    if place is None:
        return "unresolved"
    return f"{place.name} [{place.kind}] {place.id}"


def _mention_latlon(mention: Mention) -> list[float] | None:
    place = mention.place
    if place is None or place.lat is None or place.lon is None:
        return None
    return [place.lat, place.lon]


def _gold_route_text(gold: GoldRoute) -> str:
    def names(places: Sequence[Any]) -> str:
        return " + ".join(place.surface for place in places) or "?"

    via = f" → (via {names(gold.via)})" if gold.via else ""
    return f"{names(gold.origins)}{via} → {names(gold.destinations)}"


def _route_text(route: Route | None) -> str:
    if route is None:
        return ""

    def names(endpoints: Sequence[Any]) -> str:
        return " + ".join(endpoint.text for endpoint in endpoints) or "?"

    via = f" → (via {names(route.via)})" if route.via else ""
    return f"{route.id} {names(route.origins)}{via} → {names(route.destinations)} [{route.status}]"
