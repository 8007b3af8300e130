"""Place search in Arabic and English names (leaflet-search over the place markers)."""

from __future__ import annotations

from folium.template import Template

from geo.assets import Asset
from geo.mapping.base import MapPart


class PlaceSearch(MapPart):
    """A search box matching any part of a place's Arabic or English name.

    Found places are shown by opening their cluster and popup. Tips are plain text nodes.
    """

    assets = (
        Asset("leaflet-search", "dist/leaflet-search.src.js"),
        Asset("leaflet-search", "dist/leaflet-search.src.css"),
    )

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (geo, map) {
            var byText = {};
            (geo.markers || []).forEach(function (m) { byText[m.options.search] = m; });
            var control = new L.Control.Search({
                layer: geo.layers.places, propertyName: "search", initial: false, marker: false,
                zoom: 12, position: "topleft", textPlaceholder: "Search places / \u0627\u0628\u062d\u062b \u0639\u0646 \u0645\u0643\u0627\u0646",
                textErr: "Not found / \u063a\u064a\u0631 \u0645\u0648\u062c\u0648\u062f",
                buildTip: function (text) { return geo.el("a", {href: "#", dir: "auto"}, text); },
                moveToLocation: function (latlng, title, map) {
                    var marker = byText[title];
                    if (marker && geo.layers.places.hasLayer(marker)) {
                        geo.layers.places.zoomToShowLayer(marker, function () { marker.openPopup(); });
                    } else {
                        map.setView(latlng, 12);
                    }
                }
            });
            map.addControl(control);
        })({{ this.geo.get_name() }}, {{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, geo: MapPart) -> None:
        super().__init__()
        self._name = "GeoSearch"
        self.geo = geo
