"""Scoring extracted movement claims against gold route annotations.

The gold files are ``seeds-routes.json`` (a list of routes: ``doc``, ``id``, ``required``,
``origins``/``destinations`` as entity names, ``status``) and ``seeds-toponyms.json``
(per document, toponyms with ``entity``, offsets, ``lat``/``lon``, ``kind``, ``name_en``).
A gold endpoint is matched by a predicted endpoint within ``settings.CORROBORATION_KM``;
a gold region by one within ``REGION_KM``; a gold country by name.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from geo import settings
from geo.errors import ConfigurationError
from geo.model import Endpoint, ParsedDocument, Route
from geo.normalize import latin_key
from geo.routes import haversine_km

#: Distance (km) within which a predicted endpoint matches a gold region's point.
REGION_KM = 161.0


def score_routes(parsed: list[ParsedDocument], routes_gold: Path, toponyms_gold: Path) -> dict:
    """Score the routes of ``parsed`` against the required gold routes.

    Returns
    -------
    dict
        ``route_recall`` (gold routes found: a predicted route of the same document matches
        every gold origin and destination, inferred endpoints included, and the status),
        ``endpoint_recall`` (gold endpoints matched by the best predicted route of each gold
        route / all gold endpoints), ``status_accuracy`` (over gold routes with a best
        match), ``evidence_coverage`` (over found routes: the evidence contains the trigger
        and, when the route has toponyms, a gold offset of one of its endpoints), counts,
        and ``routes``: one detail dict per gold route.
    """
    gold_routes = _load(routes_gold)
    toponyms = _load(toponyms_gold)
    if not isinstance(gold_routes, list) or not isinstance(toponyms, list):
        raise ConfigurationError(f"gold files {routes_gold} and {toponyms_gold} must hold lists")
    entities, offsets = _entity_tables(toponyms)
    by_doc = {_doc_key(item.document.id): item for item in parsed}
    by_doc.update({_doc_key(item.document.path): item for item in parsed if item.document.path})
    details = []
    found = matched_endpoints = total_endpoints = 0
    status_right = status_total = evidence_ok = 0
    for gold in gold_routes:
        if not gold.get("required"):
            continue
        doc_key = _doc_key(gold["doc"])
        document = by_doc.get(doc_key)
        ends = [("origin", name) for name in gold.get("origins", [])] + [
            ("destination", name) for name in gold.get("destinations", [])
        ]
        total_endpoints += len(ends)
        best: Route | None = None
        best_hits = -1
        for route in document.routes if document else []:
            hits = sum(
                1 for role, name in ends if _matches(route, role, entities.get((doc_key, name)))
            )
            if hits > best_hits or (
                hits == best_hits and best is not None and _better_status(route, best, gold)
            ):
                best, best_hits = route, hits
        hits = max(best_hits, 0)
        matched_endpoints += hits
        is_found = best is not None and hits == len(ends) and best.status == gold.get("status")
        covered = False
        if best is not None:
            status_total += 1
            status_right += best.status == gold.get("status")
            if is_found:
                covered = _evidence_covers(
                    best, [offsets.get((doc_key, name), []) for _, name in ends]
                )
        found += is_found
        evidence_ok += covered
        details.append(
            {
                "doc": gold["doc"],
                "id": gold.get("id", ""),
                "found": is_found,
                "endpoints": f"{hits}/{len(ends)}",
                "status": best.status if best else "",
                "gold_status": gold.get("status", ""),
                "evidence": covered,
                "route": best.id if best else "",
            }
        )
    required = len(details)
    return {
        "required_routes": required,
        "found_routes": found,
        "route_recall": found / required if required else 0.0,
        "gold_endpoints": total_endpoints,
        "matched_endpoints": matched_endpoints,
        "endpoint_recall": matched_endpoints / total_endpoints if total_endpoints else 0.0,
        "status_accuracy": status_right / status_total if status_total else 0.0,
        "evidence_coverage": evidence_ok / found if found else 0.0,
        "routes": details,
    }


def format_route_scores(scores: dict) -> str:
    """Return a short plain-text report of ``score_routes`` output."""
    lines = [
        f"routes: recall {scores['route_recall']:.2f} "
        f"({scores['found_routes']}/{scores['required_routes']} required)",
        f"route endpoints: recall {scores['endpoint_recall']:.2f} "
        f"({scores['matched_endpoints']}/{scores['gold_endpoints']})",
        f"route status accuracy {scores['status_accuracy']:.2f}, "
        f"evidence coverage {scores['evidence_coverage']:.2f}",
    ]
    for detail in scores.get("routes", []):
        mark = "ok " if detail["found"] else "MISS"
        lines.append(
            f"  {mark} {detail['doc']} {detail['id']}: endpoints {detail['endpoints']}, "
            f"status {detail['status'] or '-'} (gold {detail['gold_status']}), "
            f"evidence {'ok' if detail['evidence'] else '-'}"
            + (f", {detail['route']}" if detail["route"] else "")
        )
    return "\n".join(lines)


def _load(path: Path) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ConfigurationError(f"cannot read gold file {path}: {error}") from error


def _doc_key(name: str) -> str:
    return Path(name).name


def _entity_tables(
    toponyms: Sequence[dict[str, Any]],
) -> tuple[dict[tuple[str, str], dict[str, Any]], dict[tuple[str, str], list[tuple[int, int]]]]:
    entities: dict[tuple[str, str], dict[str, Any]] = {}
    offsets: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for document in toponyms:
        doc_key = _doc_key(document["id"])
        for toponym in document.get("toponyms", []):
            key = (doc_key, toponym["entity"])
            entities.setdefault(key, toponym)
            offsets.setdefault(key, []).append((toponym["start"], toponym["end"]))
    return entities, offsets


def _matches(route: Route, role: str, entity: dict[str, Any] | None) -> bool:
    if entity is None:
        return False
    endpoints = route.origins if role == "origin" else route.destinations
    return any(_endpoint_matches(endpoint, entity) for endpoint in endpoints)


def _endpoint_matches(endpoint: Endpoint, entity: dict[str, Any]) -> bool:
    place = endpoint.place
    if place is None:
        return False
    if entity.get("kind") == "country":
        names = {latin_key(place.name), *(latin_key(name) for name in place.names)}
        return latin_key(str(entity.get("name_en", ""))) in names
    if place.lat is None or place.lon is None:
        return False
    limit = REGION_KM if entity.get("kind") == "region" else settings.CORROBORATION_KM
    distance = haversine_km(place.lat, place.lon, float(entity["lat"]), float(entity["lon"]))
    return distance <= limit


def _better_status(route: Route, best: Route, gold: dict[str, Any]) -> bool:
    return route.status == gold.get("status") and best.status != gold.get("status")


def _evidence_covers(route: Route, gold_offsets: Sequence[Sequence[tuple[int, int]]]) -> bool:
    evidence = route.evidence
    if evidence is None:
        return False
    if not (evidence.start <= route.trigger.start and route.trigger.end <= evidence.end):
        return False
    spans = [span for spans in gold_offsets for span in spans]
    if not spans:
        return True
    return any(evidence.start <= start and end <= evidence.end for start, end in spans)
