"""Colours, line styles and the page stylesheet shared by every map part.

Colours are chosen for contrast on the pale vector basemap and to stay apart for readers
with the common colour-vision deficiencies; marker roles also differ in shape.
"""

from __future__ import annotations

import hashlib

from folium.template import Template

from geo.mapping.base import MapPart

#: Route colour of common mover labels (the canonical English labels of geo.routes).
MOVER_COLOURS = {
    "fighters": "#d62728",
    "members": "#9467bd",
    "families": "#1f77b4",
    "civilians": "#17becf",
    "wounded": "#e377c2",
    "prisoners": "#8c564b",
    "women": "#bcbd22",
    "trucks/aid": "#2ca02c",
    "weapons": "#ff7f0e",
}

#: Colours for other mover labels, picked by a hash of the label so they never change.
EXTRA_COLOURS = (
    "#7f7f7f",
    "#393b79",
    "#637939",
    "#8c6d31",
    "#843c39",
    "#7b4173",
    "#3182bd",
    "#e6550d",
)

#: Marker colour of each place role.
ROLE_COLOURS = {
    "origin": "#1a9850",
    "destination": "#b2182b",
    "via": "#f39c12",
    "mentioned": "#5b6770",
}

#: Labels shown on the map, English then Arabic.
LABELS = {
    "origin": ("Origin", "منطلق"),
    "destination": ("Destination", "وجهة"),
    "via": ("Via", "عبر"),
    "mentioned": ("Mentioned", "مذكور"),
    "alleged": ("Alleged", "مزعوم"),
    "reported": ("Reported", "منقول"),
    "confirmed": ("Confirmed", "مؤكد"),
    "places": ("Places", "الأماكن"),
    "routes": ("Routes", "المسارات"),
    "regions": ("Regions", "المناطق"),
    "corroborated": ("Corroborated by another source", "تؤكده مصادر أخرى"),
    "inferred": ("Origin inferred", "منطلق مستنتج"),
    "heat": ("Mention heat", "كثافة الذكر"),
    "pairs": ("Claims per route (line width)", "عدد الادعاءات لكل مسار"),
}

#: Arabic names of place kinds (geo.model.PLACE_KINDS).
KIND_AR = {
    "country": "دولة",
    "governorate": "محافظة",
    "district": "منطقة",
    "subdistrict": "ناحية",
    "city": "مدينة",
    "town": "بلدة",
    "village": "قرية",
    "camp": "مخيم",
    "neighbourhood": "حي",
    "region": "منطقة جغرافية",
    "zone": "منطقة سيطرة",
    "other": "مكان",
}

STATUSES = ("alleged", "reported", "confirmed")


def mover_colour(label: str) -> str:
    """Return the route colour of a mover label (stable across maps)."""
    if label in MOVER_COLOURS:
        return MOVER_COLOURS[label]
    digest = hashlib.sha1(label.encode("utf-8")).digest()
    return EXTRA_COLOURS[digest[0] % len(EXTRA_COLOURS)]


def palette() -> tuple[str, ...]:
    """Every colour a route may take (one SVG arrowhead is defined per colour)."""
    return tuple(dict.fromkeys([*MOVER_COLOURS.values(), *EXTRA_COLOURS]))


class MapStyle(MapPart):
    """The page stylesheet: popups (right-to-left Arabic blocks), pins, legend, arrows."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
        .leaflet-container { background: #cfe3ef; font-family: "DejaVu Sans", "Noto Sans Arabic", "Noto Naskh Arabic", Tahoma, Arial, sans-serif; }
        .geo-pin { display: block; box-sizing: border-box; border: 2px solid #fff; box-shadow: 0 0 2px rgba(0,0,0,.6); }
        .geo-pin-origin { width: 14px; height: 14px; background: {{ this.roles.origin }}; }
        .geo-pin-destination { width: 16px; height: 16px; border-radius: 50%; background: {{ this.roles.destination }}; }
        .geo-pin-via { width: 12px; height: 12px; margin: 2px; transform: rotate(45deg); background: {{ this.roles.via }}; }
        .geo-pin-mentioned { width: 10px; height: 10px; margin: 3px; border-radius: 50%; background: {{ this.roles.mentioned }}; border-width: 1px; }
        .geo-popup { font-size: 13px; line-height: 1.45; max-height: 360px; overflow-y: auto; }
        .geo-popup h3 { margin: 0 0 2px; font-size: 15px; }
        .geo-popup .geo-ar { direction: rtl; text-align: right; unicode-bidi: isolate; }
        .geo-popup .geo-en { direction: ltr; text-align: left; border-top: 1px solid #ddd; margin-top: 4px; padding-top: 4px; }
        .geo-popup .geo-muted { color: #555; font-size: 12px; }
        .geo-popup blockquote { margin: 4px 0; padding: 3px 6px; background: #f6f6f6; border-right: 3px solid #999; direction: rtl; text-align: right; }
        .geo-popup mark { background: #ffe08a; padding: 0 1px; }
        .geo-popup ol { margin: 4px 0; padding-inline-start: 18px; }
        .geo-popup .geo-tag { display: inline-block; padding: 0 5px; margin: 0 2px; border-radius: 3px; color: #fff; font-size: 11px; }
        .geo-legend, .geo-datefilter, .geo-outletfilter, .geo-notice { background: rgba(255,255,255,.93); padding: 6px 8px; border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.35); font-size: 12px; line-height: 1.5; max-width: 320px; }
        .geo-legend h4 { margin: 2px 0; font-size: 12px; }
        .geo-legend { box-sizing: border-box; }
        .geo-legend .geo-row { display: flex; align-items: center; gap: 6px; }
        .geo-legend .geo-row > span:last-child { flex: 1 1 auto; min-width: 0; overflow-wrap: anywhere; }
        .geo-legend svg { flex: none; }
        .geo-label { color: #4a4a4a; font-size: 11px; text-shadow: 0 0 3px #fff, 0 0 3px #fff; white-space: nowrap; text-align: center; pointer-events: none; }
        .geo-label-country { color: #7a7a7a; font-size: 12px; font-style: italic; }
        .geo-route { stroke-linecap: round; stroke-linejoin: round; }
        {% for colour in this.colours %}
        .geo-arrow-{{ loop.index0 }} { marker-end: url(#geo-arrowhead-{{ loop.index0 }}); marker-mid: url(#geo-arrowmid-{{ loop.index0 }}); }
        {% endfor %}
        .geo-datefilter input { width: 160px; }
        .geo-outlet-list { max-height: 140px; overflow-y: auto; min-width: 160px; }
        .geo-outlet { display: block; white-space: nowrap; }
        .geo-outletfilter button { margin: 0 2px; padding: 0 4px; font-size: 11px; }
        .geo-count { background: rgba(255,255,255,.85); border: 1px solid #777; padding: 0 4px; font-size: 11px; font-weight: bold; box-shadow: none; }
        .geo-count::before { display: none; }
        .leaflet-control-layers-overlays label { direction: auto; unicode-bidi: plaintext; }
        .leaflet-control-attribution { max-width: 48%; font-size: 10px; line-height: 1.35; text-align: right; }
        </style>
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "MapStyle"
        self.roles = ROLE_COLOURS
        self.colours = palette()
