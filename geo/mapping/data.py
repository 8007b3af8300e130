"""The map's data: one JSON blob (the GeoJSON export, slimmed) plus the shared filter state.

Every other map part reads features from here and registers a refresh function, so that
10,000 places are one JSON document and a short JavaScript loop, not 10,000 folium objects.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

from geo import export
from geo.mapping.base import JsonDataPart, script_json
from geo.mapping.names import clean_name, english_name
from geo.mapping.style import (
    KIND_AR,
    LABELS,
    LOW_CONFIDENCE,
    ROLE_COLOURS,
    STATUSES,
    mover_colours,
    palette,
)
from geo.model import Candidate, ParsedDocument

#: Mentions quoted in full per place popup; more are summarised by count (the GeoJSON keeps
#: every one).
MAX_POPUP_MENTIONS = 20

#: Mentions quoted per place popup in a map of at least ``HEAT_ON_ABOVE`` places (a corpus
#: map: its page must stay small enough to open in seconds).
MAX_POPUP_MENTIONS_BIG = 5

#: Above this many route lines a map draws one line per origin place, destination place and
#: status, with the number of claims, instead of one line per claim.
AGGREGATE_ROUTES_ABOVE = 300

#: Claims quoted in the popup of an aggregated route line; more are summarised by count.
MAX_PAIR_CLAIMS = 10

#: An aggregated map draws at most this many endpoint pairs: those with most claims (then by
#: id). Each pair costs the browser work when the map opens and at every filter change; the
#: legend says how many pairs and claims are left out (the GeoJSON has them all).
MAX_PAIR_LINES = 10_000

#: The mention heat layer is shown when the map opens if it has at least this many places
#: (it is in the layer control either way).
HEAT_ON_ABOVE = 2000

#: Documents get one switch each in the layer control only up to this many (outlets and
#: dates filter bigger corpora).
MAX_DOCUMENT_SWITCHES = 30

# The popups read only these fields; the rest of the GeoJSON properties stay in the export.
# Documents are referred to by their index ``d`` in the payload's ``documents``.
_MENTION_FIELDS = (
    "d",
    "text",
    "start",
    "end",
    "quote",
    "quote_start",
    "quote_end",
    "reason",
    "decision",
    "decision_note",
)
_PLACE_FIELDS = (
    "feature_type",
    "place_id",
    "name",
    "name_ar",
    "kind",
    "admin1",
    "admin1_ar",
    "admin2",
    "admin2_ar",
    "role",
    "roles",
    "confidence",
    "reason",
)
_ENDPOINT_FIELDS = ("text", "place_id", "name", "name_ar", "kind", "inferred", "placed", "lonlat")
_DOCUMENT_FIELDS = ("doc", "outlet", "date", "title", "url", "link")


#: Characters of context a popup quotes on each side of a name (the GeoJSON keeps more).
POPUP_CONTEXT = 60

#: Characters of a claim's sentence quoted in an aggregated route popup.
POPUP_EVIDENCE = 120


def _trim_quote(mention: dict[str, Any]) -> dict[str, Any]:
    quote, start, end = mention["quote"], mention["quote_start"], mention["quote_end"]
    left, right = max(0, start - POPUP_CONTEXT), min(len(quote), end + POPUP_CONTEXT)
    if left == 0 and right == len(quote):
        return mention
    prefix = "\u2026" if left > 0 else ""
    suffix = "\u2026" if right < len(quote) else ""
    shift = len(prefix) - left
    return {
        **mention,
        "quote": prefix + quote[left:right] + suffix,
        "quote_start": start + shift,
        "quote_end": end + shift,
    }


def _slim_mentions(
    mentions: list[dict[str, Any]], index: dict[str, int], quoted: int
) -> list[dict[str, Any]]:
    slim = []
    for mention in mentions[:quoted]:
        trimmed = _trim_quote({**mention, "d": index[mention["doc"]]})
        slim.append({k: trimmed[k] for k in _MENTION_FIELDS if trimmed.get(k) not in ("", None)})
    return slim


def _slim_endpoints(endpoints: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {k: e[k] for k in _ENDPOINT_FIELDS if e.get(k) not in ("", None, False)} for e in endpoints
    ]


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _pair_end(end: dict[str, Any], place_index: dict[str, int]) -> Any:
    # An end that is a place of the map is referred to by its index in ``places``.
    if end["place_id"] and end["place_id"] in place_index:
        return place_index[end["place_id"]]
    return {k: v for k, v in end.items() if k != "key" and v}


def _pair_feature(
    feature: dict[str, Any],
    index: dict[str, int],
    colours: tuple[str, ...],
    place_index: dict[str, int],
    mover_colour: dict[str, str],
) -> dict[str, Any]:
    properties = feature["properties"]
    colour = mover_colour[properties["mover_label"]]
    claims = properties["claims"]
    return {
        "type": "Feature",
        "id": feature["id"],
        "geometry": feature["geometry"],
        "properties": {
            "feature_type": "route_pair",
            "status": properties["status"],
            "count": properties["count"],
            "colour": colour,
            "arrow": colours.index(colour),
            "mover_label": properties["mover_label"],
            "movers": [[label, n] for label, n in properties["movers"].items()],
            "corroborated": properties["corroborated"],
            "origin": _pair_end(properties["origin"], place_index),
            "destination": _pair_end(properties["destination"], place_index),
            "docs": [index[claim["doc"]] for claim in claims],
            "claims": [
                {
                    k: v
                    for k, v in {
                        "route": claim["route"],
                        "d": index[claim["doc"]],
                        "mover": claim["mover"],
                        "mover_label": claim["mover_label"],
                        "evidence": _short(claim["evidence"], POPUP_EVIDENCE),
                        "origin_inferred": claim["origin_inferred"],
                    }.items()
                    if v not in ("", None, False)
                }
                for claim in claims[:MAX_PAIR_CLAIMS]
            ],
        },
    }


def _link_corroboration(routes: list[dict[str, Any]], index: dict[str, int]) -> None:
    # The export names a corroborating route and its document by id: the popup shows the
    # document (by index ``d``) and the sentence of that route.
    evidence = {
        f["properties"]["route_id"]: (f["properties"]["evidence"] or {}).get("text", "")
        for f in routes
    }
    for feature in routes:
        properties = feature["properties"]
        properties["corroborated_by"] = [
            {
                k: v
                for k, v in {
                    "route": other["route"],
                    "d": index.get(other["doc"], -1),
                    "evidence": _short(evidence.get(other["route"], ""), POPUP_EVIDENCE),
                }.items()
                if v not in ("", None)
            }
            for other in properties["corroborated_by"]
        ]


def _route_feature(
    feature: dict[str, Any],
    index: dict[str, int],
    colours: tuple[str, ...],
    mover_colour: dict[str, str],
) -> dict[str, Any]:
    route = dict(feature["properties"])
    colour = mover_colour[route["mover_label"]]
    route["colour"] = colour
    route["arrow"] = colours.index(colour)
    route["d"] = index.get(route["doc"], -1)
    for key in ("origins", "via", "destinations"):
        route[key] = _slim_endpoints(route[key])
    for key in ("title", "outlet", "date", "url", "link", "trigger", "movement"):
        route.pop(key, None)
    return {
        "type": "Feature",
        "id": feature["id"],
        "geometry": feature["geometry"],
        "properties": route,
    }


def aggregates(routes: list[dict[str, Any]]) -> bool:
    """Whether a map of these route features draws them aggregated by endpoint pair
    (above ``AGGREGATE_ROUTES_ABOVE`` lines)."""
    return _line_count(routes) > AGGREGATE_ROUTES_ABOVE


def _line_count(routes: list[dict[str, Any]]) -> int:
    count = 0
    for feature in routes:
        geometry = feature["geometry"]
        if geometry is not None:
            count += 1 if geometry["type"] == "LineString" else len(geometry["coordinates"])
    return count


class LocatedPayload(NamedTuple):
    """The documents, places and regions of a map's payload."""

    documents: list[dict[str, Any]]
    #: Index of each document in ``documents``, by document id.
    doc_index: dict[str, int]
    places: list[dict[str, Any]]
    regions: list[dict[str, Any]]
    #: Countries other than Syria: listed in the sources panel, not drawn as points (a
    #: centroid on another continent says nothing about where in Syria anything happened).
    countries: list[dict[str, Any]]


#: Spellings of a place kept for its popup and the search (most used first).
MAX_SPELLINGS = 5

#: Alternate gazetteer names of a place the search matches.
MAX_SEARCH_NAMES = 12

#: Runner-up candidates a popup offers for each mention (review).
REVIEW_CANDIDATES = 3


def located_payload(collection: dict[str, Any]) -> LocatedPayload:
    """The documents, places and regions of ``collection`` as the map draws them."""
    documents = [{key: d[key] for key in _DOCUMENT_FIELDS} for d in collection["geo"]["documents"]]
    index = {d["doc"]: i for i, d in enumerate(documents)}
    places: list[dict[str, Any]] = []
    regions: list[dict[str, Any]] = []
    countries: list[dict[str, Any]] = []
    placed = sum(
        1
        for feature in collection["features"]
        if feature["geometry"] is not None and feature["properties"]["feature_type"] == "place"
    )
    quoted = MAX_POPUP_MENTIONS_BIG if placed >= HEAT_ON_ABOVE else MAX_POPUP_MENTIONS
    for feature in collection["features"]:
        properties = feature["properties"]
        kind = properties["feature_type"]
        foreign = kind == "place" and export.is_foreign_country(
            properties.get("kind", ""), properties.get("country", "")
        )
        if kind not in ("place", "region") or (feature["geometry"] is None and not foreign):
            continue
        mentions = properties["mentions"]
        slim = {
            key: properties[key] for key in _PLACE_FIELDS if properties.get(key) not in ("", None)
        }
        slim["mention_total"] = len(mentions)
        slim["docs"] = [index[m["doc"]] for m in mentions]
        slim["mentions"] = _slim_mentions(mentions, index, quoted)
        spellings = Counter(m["text"] for m in mentions if m.get("text"))
        slim["spellings"] = [text for text, _ in spellings.most_common(MAX_SPELLINGS)]
        target = countries if foreign else places if kind == "place" else regions
        target.append(
            {
                "type": "Feature",
                "id": feature["id"],
                "geometry": feature["geometry"],
                "properties": slim,
            }
        )
    return LocatedPayload(documents, index, places, regions, countries)


def _candidate(candidate: Candidate) -> dict[str, Any]:
    place = candidate.place
    if place.lat is None or place.lon is None:
        return {}
    return {
        k: v
        for k, v in {
            "id": place.id,
            "name": clean_name(place.name),
            "name_ar": place.name_ar,
            "kind": place.kind,
            "admin1": place.admin1,
            "lonlat": [round(place.lon, 6), round(place.lat, 6)],
            "score": round(float(candidate.score), 2),
        }.items()
        if v not in ("", None)
    }


def _enrich(
    parsed: Sequence[ParsedDocument], located: LocatedPayload, runs: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Add what the GeoJSON does not carry: each place's English name matching the
    article's spelling and the names the search matches, each quoted mention's runner-up
    candidates, each document's hash and counts. Returns the mentions an analyst decided."""
    wanted: dict[tuple[int, int, int], dict[str, Any]] = {}
    for feature in [*located.places, *located.regions]:
        for mention in feature["properties"]["mentions"]:
            wanted[(mention["d"], mention["start"], mention["end"])] = mention
    names: dict[str, tuple[str, ...]] = {}
    decided: list[dict[str, Any]] = []
    for item in parsed:
        d = located.doc_index[item.document.id]
        runs[d]["sha256"] = item.document.sha256
        runs[d]["routes"] = len(item.routes)
        runs[d]["places"] = len({m.place.id for m in item.mentions if m.place is not None})
        for mention in item.mentions:
            if mention.place is not None and mention.place.id not in names:
                names[mention.place.id] = mention.place.names
            slim = wanted.get((d, mention.start, mention.end))
            if slim is not None and mention.candidates and mention.geometry is None:
                usable = [
                    c
                    for c in mention.candidates
                    if c.place.lat is not None and c.place.lon is not None
                ]
                slim["candidates"] = [_candidate(c) for c in usable[:REVIEW_CANDIDATES]]
            if mention.decision:
                decided.append(
                    {
                        "d": d,
                        "text": mention.text,
                        "start": mention.start,
                        "end": mention.end,
                        "decision": mention.decision,
                        "decision_note": mention.decision_note,
                        "place_id": mention.place.id if mention.place else "",
                    }
                )
    # A corpus map keeps fewer alternate names per place, to stay quick to open.
    search_names = (
        MAX_SEARCH_NAMES if len(located.places) < HEAT_ON_ABOVE else MAX_SEARCH_NAMES // 3
    )
    for feature in located.places:
        properties = feature["properties"]
        alternates = names.get(properties.get("place_id", ""), ())
        spelling = (properties["spellings"] or [properties.get("name_ar", "")])[0]
        properties["name_en"] = english_name(spelling, properties.get("name", ""), alternates)
        properties["names"] = list(dict.fromkeys(alternates))[:search_names]
    return decided


def review_key(documents: Sequence[dict[str, Any]]) -> str:
    """The key the page keeps an analyst's decisions under: a digest of the run's documents
    (their ids and SHA-256), so that a rerun of the same articles (with the decisions
    applied) continues the same review."""
    digest = hashlib.sha256()
    for document in documents:
        digest.update(f"{document['doc']}\0{document.get('sha256', '')}\n".encode())
    return digest.hexdigest()[:16]


def build_payload(
    parsed: Sequence[ParsedDocument],
    *,
    gazetteer: export.GazetteerLike | None,
    failures: Sequence[tuple[str, str]] = (),
    collection: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Return everything the map draws, as plain JSON-ready data.

    Parameters
    ----------
    parsed
        Parsed documents.
    gazetteer
        For Arabic admin names and the attribution.
    failures
        ``(path, message)`` of documents that could not be read.
    collection
        What :func:`geo.export.to_geojson` returned for ``parsed``, if already computed.

    Returns
    -------
    dict
        ``documents`` (referred to by index), ``outlets``, ``dates``,
        ``places``/``regions`` (GeoJSON features, ``docs`` = the document of each
        mention), ``routes`` (one feature per claim) or, above ``AGGREGATE_ROUTES_ABOVE``
        lines, ``route_pairs`` (one per endpoint pair and status, the ``MAX_PAIR_LINES`` with
        most claims; ``route_pairs_left_out`` counts the other pairs and their claims), ``movers`` (label,
        colour), ``unresolved`` count, ``failures``, UI labels and switches.
    """
    if collection is None:
        collection = export.to_geojson(parsed, gazetteer=gazetteer)
    colours = palette()
    located = located_payload(collection)
    documents, index, places, regions, countries = located
    decided = _enrich(parsed, located, documents)
    routes = [f for f in collection["features"] if f["properties"]["feature_type"] == "route"]
    movers = mover_colours(f["properties"]["mover_label"] for f in routes)
    pairs: list[dict[str, Any]] = []
    pairs_left_out = {"pairs": 0, "claims": 0}
    aggregated = aggregates(routes)
    if aggregated:
        place_index = {f["properties"]["place_id"]: i for i, f in enumerate(places)}
        drawn = sorted(
            export.route_pairs(collection), key=lambda f: (-f["properties"]["count"], f["id"])
        )
        left_out = drawn[MAX_PAIR_LINES:]
        drawn = sorted(drawn[:MAX_PAIR_LINES], key=lambda f: str(f["id"]))
        pairs = [_pair_feature(f, index, colours, place_index, movers) for f in drawn]
        pairs_left_out = {
            "pairs": len(left_out),
            "claims": sum(f["properties"]["count"] for f in left_out),
        }
        routes = []
    else:
        routes = [_route_feature(feature, index, colours, movers) for feature in routes]
        _link_corroboration(routes, index)
    outlets: dict[str, int] = {}
    for document in documents:
        outlets[document["outlet"]] = outlets.get(document["outlet"], 0) + 1
    return {
        "documents": documents,
        "review_key": review_key(documents),
        "decided_mentions": decided,
        "countries": countries,
        "low_confidence": LOW_CONFIDENCE,
        "outlets": [{"outlet": name, "documents": n} for name, n in sorted(outlets.items())],
        "dates": sorted({d["date"] for d in documents if d["date"]}),
        "places": places,
        "regions": regions,
        "routes": routes,
        "route_pairs": pairs,
        "route_pairs_left_out": pairs_left_out,
        "aggregated": aggregated,
        "heat_on": len(places) >= HEAT_ON_ABOVE,
        "document_switches": len(documents) <= MAX_DOCUMENT_SWITCHES,
        "movers": [{"label": label, "colour": movers[label]} for label in sorted(movers)],
        "statuses": list(STATUSES),
        "unresolved": len(collection["unresolved"]),
        "failures": [{"path": str(path), "error": str(message)} for path, message in failures],
        "labels": {key: list(value) for key, value in LABELS.items()},
        "kind_ar": KIND_AR,
        "role_colours": ROLE_COLOURS,
        "attribution": collection["geo"]["attribution"],
    }


class MapData(JsonDataPart):
    """Holds the JSON blob and defines the ``geo`` object other parts use (``static/data.js``).

    ``geo.state`` says which kinds, documents (by index), outlets, statuses and dates are
    shown; a part calls ``geo.onChange(refresh)`` and a control calls ``geo.changed()`` after
    changing the state. ``geo.visibleCount(docs)`` counts the entries of a ``docs`` list
    whose document is shown. A part adds ``{label, layer}`` to ``geo.overlays`` to get a
    switch in the layer control.
    ``geo.el`` builds DOM nodes from untrusted text (always ``textContent``, never HTML).
    """

    static = ("data.js",)
    function = "data"
    part_name = "GeoData"

    #: Stands for the JSON in the page when it is written by :func:`geo.mapping.write_map`,
    #: which streams the JSON into the file in its place.
    PLACEHOLDER = "/*geo-payload-json*/"

    def __init__(self, payload: dict[str, Any], *, streamed: bool = False) -> None:
        super().__init__()
        self.payload = payload
        self.payload_json = self.PLACEHOLDER if streamed else script_json(payload)
