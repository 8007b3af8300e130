"""Colours, line styles and the page stylesheet shared by every map part.

Colours are chosen for contrast on the pale vector basemap and to stay apart for readers
with the common colour-vision deficiencies; marker roles also differ in shape.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

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

#: Colours for other mover labels, picked by a hash of the label so they do not change from
#: map to map (unless two labels of one map hash alike: see ``mover_colours``).
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
    "denied": ("Denied", "منفي"),
    "places": ("Places", "الأماكن"),
    "routes": ("Routes", "المسارات"),
    "regions": ("Regions", "المناطق"),
    "corroborated": ("Corroborated by another source", "تؤكده مصادر أخرى"),
    "inferred": ("Origin inferred", "منطلق مستنتج"),
    "heat": ("Mention heat", "كثافة الذكر"),
    "pairs": ("Claims per route (line width)", "عدد الادعاءات لكل مسار"),
    "low": ("Low confidence", "ثقة منخفضة"),
    "cluster": ("Places close together: click to spread", "أماكن متقاربة: انقر لفصلها"),
    "unnamed": ("movers not named", "الجهة غير مذكورة"),
    "not_drawn": ("not drawn, see Sources", "غير مرسوم، انظر المصادر"),
    "cluster_low": ("… one of them of low confidence", "… أحدها بثقة منخفضة"),
    "single": ("Claim with one placed end", "ادعاء بطرف واحد"),
    "hub": ("Claim with many ends (hub)", "ادعاء متعدد الأطراف"),
    "rejected": ("Rejected by analyst", "رفضه المحلل"),
    "analyst_confirmed": ("Confirmed by analyst", "أكده المحلل"),
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

STATUSES = ("alleged", "denied", "reported", "confirmed")

#: Below this confidence a place marker and a route line are drawn pale (and said so in the
#: legend and the popup).
LOW_CONFIDENCE = 0.7


def mover_colour(label: str) -> str:
    """Return the route colour of a mover label (stable across maps)."""
    if label in MOVER_COLOURS:
        return MOVER_COLOURS[label]
    digest = hashlib.sha1(label.encode("utf-8")).digest()
    return EXTRA_COLOURS[digest[0] % len(EXTRA_COLOURS)]


def mover_colours(labels: Iterable[str]) -> dict[str, str]:
    """Return the colour of each mover label of one map, no two alike while colours last.

    A label keeps :func:`mover_colour` unless a label before it took that colour (the
    labels of ``MOVER_COLOURS`` first, then the others in sorted order): it then takes the
    next extra colour no label has, so that the legend tells every mover apart.
    """
    colours: dict[str, str] = {}
    used: set[str] = set()
    for label in sorted(set(labels), key=lambda label: (label not in MOVER_COLOURS, label)):
        colour = mover_colour(label)
        if colour in used and colour in EXTRA_COLOURS:
            start = EXTRA_COLOURS.index(colour)
            free = [c for c in EXTRA_COLOURS[start:] + EXTRA_COLOURS[:start] if c not in used]
            colour = free[0] if free else colour
        colours[label] = colour
        used.add(colour)
    return colours


def palette() -> tuple[str, ...]:
    """Every colour a route may take (one SVG arrowhead is defined per colour)."""
    return tuple(dict.fromkeys([*MOVER_COLOURS.values(), *EXTRA_COLOURS]))


class MapStyle(MapPart):
    """The page stylesheet (``static/geo.css``): popups (right-to-left Arabic blocks), pins,
    legend, filters; the role colours are set here."""

    static = ("geo.css",)
    part_name = "MapStyle"

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>:root { {{ this.role_properties() }} }</style>
        {% endmacro %}
        """
    )

    def role_properties(self) -> str:
        """The CSS custom properties of the role colours ``geo.css`` reads."""
        return " ".join(f"--geo-{role}: {colour};" for role, colour in ROLE_COLOURS.items())
