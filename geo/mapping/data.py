"""The map's data: one JSON blob (the GeoJSON export, slimmed) plus the shared filter state.

Every other map part reads features from here and registers a refresh function, so that
10,000 places are one JSON document and a short JavaScript loop, not 10,000 folium objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from folium.template import Template

from geo import export
from geo.mapping.base import MapPart, script_json
from geo.mapping.style import KIND_AR, LABELS, ROLE_COLOURS, STATUSES, mover_colour, palette
from geo.model import ParsedDocument

#: Mentions quoted in full per place popup; more are summarised by count.
MAX_POPUP_MENTIONS = 25

# The popups read only these fields; the rest of the GeoJSON properties stay in the export.
# Document fields (outlet, date, link) are looked up by document id.
_MENTION_FIELDS = ("doc", "start", "end", "quote", "quote_start", "quote_end", "reason")
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
    "documents",
)
_ENDPOINT_FIELDS = ("text", "name", "name_ar", "kind", "inferred", "placed")


#: Characters of context a popup quotes on each side of a name (the GeoJSON keeps more).
POPUP_CONTEXT = 60


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


def _slim_mentions(mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {k: m[k] for k in _MENTION_FIELDS if m.get(k) not in ("", None)}
        for m in (_trim_quote(m) for m in mentions[:MAX_POPUP_MENTIONS])
    ]


def _slim_endpoints(endpoints: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {k: e[k] for k in _ENDPOINT_FIELDS if e.get(k) not in ("", None, False)} for e in endpoints
    ]


def build_payload(
    parsed: Sequence[ParsedDocument],
    *,
    gazetteer: export.GazetteerLike | None,
    failures: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """Return everything the map draws, as plain JSON-ready data.

    Returns
    -------
    dict
        ``documents``, ``dates``, ``places``/``regions``/``routes`` (GeoJSON features),
        ``movers`` (label, colour), ``unresolved`` count, ``failures`` and UI labels.
    """
    collection = export.to_geojson(parsed, gazetteer=gazetteer)
    colours = palette()
    places: list[dict[str, Any]] = []
    regions: list[dict[str, Any]] = []
    routes: list[dict[str, Any]] = []
    movers: dict[str, str] = {}
    for feature in collection["features"]:
        properties = dict(feature["properties"])
        kind = properties["feature_type"]
        if kind in ("place", "region"):
            if feature["geometry"] is None:
                continue
            mentions = properties["mentions"]
            properties = {
                key: properties[key]
                for key in _PLACE_FIELDS
                if properties.get(key) not in ("", None)
            }
            properties["mention_total"] = len(mentions)
            properties["mentions"] = _slim_mentions(mentions)
            target = places if kind == "place" else regions
            target.append(
                {
                    "type": "Feature",
                    "id": feature["id"],
                    "geometry": feature["geometry"],
                    "properties": properties,
                }
            )
        else:
            colour = mover_colour(properties["mover_label"])
            movers[properties["mover_label"]] = colour
            properties["colour"] = colour
            properties["arrow"] = colours.index(colour)
            for key in ("origins", "via", "destinations"):
                properties[key] = _slim_endpoints(properties[key])
            for key in ("title", "outlet", "date", "url", "link", "trigger", "movement"):
                properties.pop(key, None)
            routes.append(
                {
                    "type": "Feature",
                    "id": feature["id"],
                    "geometry": feature["geometry"],
                    "properties": properties,
                }
            )
    documents = collection["geo"]["documents"]
    return {
        "documents": documents,
        "dates": sorted({d["date"] for d in documents if d["date"]}),
        "places": places,
        "regions": regions,
        "routes": routes,
        "movers": [{"label": label, "colour": movers[label]} for label in sorted(movers)],
        "statuses": list(STATUSES),
        "unresolved": len(collection["unresolved"]),
        "failures": [{"path": str(path), "error": str(message)} for path, message in failures],
        "labels": {key: list(value) for key, value in LABELS.items()},
        "kind_ar": KIND_AR,
        "role_colours": ROLE_COLOURS,
        "attribution": collection["geo"]["attribution"],
    }


class MapData(MapPart):
    """Holds the JSON blob and defines the ``geo`` object other parts use.

    ``geo.state`` says which kinds, documents, statuses and dates are shown; a part calls
    ``geo.onChange(refresh)`` and a control calls ``geo.changed()`` after changing the state.
    ``geo.el`` builds DOM nodes from untrusted text (always ``textContent``, never HTML).
    """

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <script type="application/json" id="{{ this.get_name() }}_json">{{ this.payload_json }}</script>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var data = JSON.parse(document.getElementById("{{ this.get_name() }}_json").textContent);
            var geo = {data: data, docs: {}, listeners: [], layers: {}};
            var state = {kinds: {place: true, region: true, route: true}, docs: {}, statuses: {}, from: "", to: ""};
            data.documents.forEach(function (d) { geo.docs[d.doc] = d; state.docs[d.doc] = true; });
            data.statuses.forEach(function (s) { state.statuses[s] = true; });
            geo.state = state;
            geo.docVisible = function (id) {
                if (state.docs[id] === false) { return false; }
                var doc = geo.docs[id], date = doc ? doc.date : "";
                if (date && state.from && date < state.from) { return false; }
                if (date && state.to && date > state.to) { return false; }
                return true;
            };
            geo.visible = function (p) {
                if (!state.kinds[p.feature_type]) { return false; }
                if (p.feature_type === "route") {
                    return state.statuses[p.status] !== false && geo.docVisible(p.doc);
                }
                return p.documents.some(geo.docVisible);
            };
            geo.onChange = function (fn) { geo.listeners.push(fn); };
            geo.changed = function () { geo.listeners.forEach(function (fn) { fn(); }); };
            geo.el = function (tag, attrs, children) {
                var node = document.createElement(tag);
                Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
                (children === undefined ? [] : [].concat(children)).forEach(function (c) {
                    if (c === null || c === undefined || c === "") { return; }
                    node.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
                });
                return node;
            };
            geo.esc = function (text) {
                return String(text).replace(/[&<>"']/g, function (c) {
                    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
                });
            };
            geo.safeLink = function (url) {
                return /^https?:\\/\\/[^\\s"'<>`]+$/i.test(url || "") ? url : "";
            };
            geo.label = function (key) { var l = data.labels[key]; return l ? l[0] + " / " + l[1] : key; };
            return geo;
        })();
        {% endmacro %}
        """
    )

    def __init__(self, payload: dict[str, Any]) -> None:
        super().__init__()
        self._name = "GeoData"
        self.payload = payload
        self.payload_json = script_json(payload)
