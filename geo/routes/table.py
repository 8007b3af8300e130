"""One printable row per movement claim (the ``geo routes`` table)."""

from __future__ import annotations

from collections.abc import Sequence

from geo.model import Endpoint, Route


def route_row(route: Route) -> dict[str, str]:
    """Return the table row of a claim: text cells the CLI prints as they are.

    Keys: ``id``, ``status``, ``movement``, ``mover``, ``route`` ("from → via → to", each
    end in Arabic with its resolved English name; inferred ends carry a ``?``), ``time``,
    ``confidence``, ``corroborated``, ``quote`` (the evidence text, on one line).
    """
    mover = route.mover.text if route.mover else ""
    if route.mover_label:
        mover = f"{mover} ({route.mover_label})" if mover else route.mover_label
    parts = [_ends(route.origins)]
    if route.via:
        parts.append(_ends(route.via))
    parts.append(_ends(route.destinations))
    quote = " ".join(route.evidence.text.split()) if route.evidence else ""
    corroborated = ""
    if route.corroborated_by:
        # The list is capped (settings.CORROBORATION_LIST); the counts cover every match.
        listed = {other.rsplit(":", 1)[0] for other in route.corroborated_by}
        documents = max(route.corroborating_documents, len(listed)) + 1
        shown = ", ".join(sorted(route.corroborated_by))
        more = route.corroborations - len(set(route.corroborated_by))
        corroborated = f"reported in {documents} documents: {shown}" + (
            f" and {more} more" if more > 0 else ""
        )
    return {
        "id": route.id,
        "status": route.status,
        "movement": route.movement,
        "mover": mover,
        "route": " → ".join(parts),
        "time": route.time,
        "confidence": f"{route.confidence:.2f}",
        "corroborated": corroborated,
        "quote": quote,
    }


def _ends(endpoints: Sequence[Endpoint]) -> str:
    if not endpoints:
        return "?"
    return ", ".join(_end(endpoint) for endpoint in endpoints)


def _end(endpoint: Endpoint) -> str:
    if endpoint.place is not None:
        name = endpoint.place.name
    elif endpoint.kind == "zone":
        name = endpoint.note or "control zone"
    else:
        name = "unresolved"
    mark = "?" if endpoint.inferred else ""
    return f"{endpoint.text} ({name}){mark}"
