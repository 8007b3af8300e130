"""Route claims aggregated by endpoint pair and status: the layer big maps draw."""

from __future__ import annotations

from collections import Counter
from typing import Any

from geo.export._common import documents_by_id, empty_document


def _endpoint_key(endpoint: dict[str, Any], position: list[float]) -> str:
    if endpoint.get("place_id"):
        return str(endpoint["place_id"])
    lon, lat = endpoint.get("lonlat") or position
    return f"{lon:.6f},{lat:.6f}"


def _pair_end(endpoint: dict[str, Any], key: str) -> dict[str, Any]:
    return {
        "key": key,
        "place_id": endpoint.get("place_id", ""),
        "name": endpoint.get("name", ""),
        "name_ar": endpoint.get("name_ar", "") or endpoint.get("text", ""),
        "kind": endpoint.get("kind", ""),
    }


def _claim(properties: dict[str, Any], meta: dict[str, Any], document: dict[str, Any]) -> dict:
    evidence = properties["evidence"]
    return {
        "route": properties["route_id"],
        "doc": properties["doc"],
        "outlet": document["outlet"],
        "date": document["date"],
        "mover": properties["mover"],
        "mover_label": properties["mover_label"],
        "evidence": evidence["text"] if evidence else "",
        "origin_inferred": bool(meta["origin_inferred"]),
        "corroborated": bool(properties["corroborated"]),
    }


def _lines(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "LineString":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def route_pairs(collection: dict[str, Any]) -> list[dict[str, Any]]:
    """Aggregate the route lines of a FeatureCollection by endpoint pair and status.

    Each line of each route feature (one per origin and destination of a fan) is a claim
    that something moved from one place to another; claims with the same origin place,
    destination place and status become one feature.

    Parameters
    ----------
    collection
        A FeatureCollection returned by :func:`geo.export.to_geojson`.

    Returns
    -------
    list of dict
        GeoJSON features (``feature_type: "route_pair"``, a ``LineString`` from the origin
        to the destination), sorted by id, with ``origin``/``destination`` (``key``,
        ``place_id``, ``name``, ``name_ar``, ``kind``), ``status``, ``count`` (claims),
        ``movers`` (``{label: claims}``), ``mover_label`` (the most frequent), ``documents``,
        ``outlets``, ``first_date``, ``last_date``, ``corroborated`` (claims corroborated
        elsewhere) and ``claims`` (every claim: ``route``, ``doc``, ``outlet``, ``date``,
        ``mover``, ``mover_label``, ``evidence``, ``origin_inferred``, ``corroborated``,
        sorted by date, document and route).
    """
    documents = documents_by_id(collection)
    pairs: dict[tuple[str, str, str], dict[str, Any]] = {}
    for feature in collection["features"]:
        properties = feature["properties"]
        if properties["feature_type"] != "route" or feature["geometry"] is None:
            continue
        document = documents.get(properties["doc"]) or empty_document(properties["doc"])
        lines = _lines(feature["geometry"])
        for coordinates, meta in zip(lines, properties["lines"], strict=False):
            origin = properties["origins"][meta["origin"]]
            destination = properties["destinations"][meta["destination"]]
            origin_key = _endpoint_key(origin, coordinates[0])
            destination_key = _endpoint_key(destination, coordinates[-1])
            key = (origin_key, destination_key, properties["status"])
            pair = pairs.get(key)
            if pair is None:
                pair = pairs[key] = {
                    "coordinates": [coordinates[0], coordinates[-1]],
                    "origin": _pair_end(origin, origin_key),
                    "destination": _pair_end(destination, destination_key),
                    "claims": {},
                }
            if properties["route_id"] not in pair["claims"]:
                pair["claims"][properties["route_id"]] = _claim(properties, meta, document)
    features = [_pair_feature(key, pair) for key, pair in pairs.items()]
    features.sort(key=lambda f: str(f["id"]))
    return features


def _pair_feature(key: tuple[str, str, str], pair: dict[str, Any]) -> dict[str, Any]:
    origin_key, destination_key, status = key
    claims = sorted(pair["claims"].values(), key=lambda c: (c["date"] or "~", c["doc"], c["route"]))
    movers = Counter(claim["mover_label"] for claim in claims)
    dates = sorted(c["date"] for c in claims if c["date"])
    return {
        "type": "Feature",
        "id": f"route_pair:{origin_key}>{destination_key}:{status}",
        "geometry": {"type": "LineString", "coordinates": pair["coordinates"]},
        "properties": {
            "feature_type": "route_pair",
            "origin": pair["origin"],
            "destination": pair["destination"],
            "status": status,
            "count": len(claims),
            "movers": dict(sorted(movers.items())),
            "mover_label": min(movers, key=lambda label: (-movers[label], label)),
            "documents": sorted({c["doc"] for c in claims}),
            "outlets": sorted({c["outlet"] for c in claims if c["outlet"]}),
            "first_date": dates[0] if dates else "",
            "last_date": dates[-1] if dates else "",
            "corroborated": sum(c["corroborated"] for c in claims),
            "claims": claims,
        },
    }
