"""Place markers by role (origin, destination, via, mentioned), clustered when dense."""

from __future__ import annotations

from folium.template import Template

from geo.assets import Asset
from geo.mapping.base import MapPart


class PlaceLayer(MapPart):
    """All place points of the map data in one marker-cluster group.

    Markers are CSS ``divIcon`` shapes (no image files); popups and tooltips are built
    when first opened.
    """

    assets = (
        Asset("leaflet.markercluster", "dist/leaflet.markercluster.js"),
        Asset("leaflet.markercluster", "dist/MarkerCluster.css"),
        Asset("leaflet.markercluster", "dist/MarkerCluster.Default.css"),
    )

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (geo, map) {
            var icons = {};
            ["origin", "destination", "via", "mentioned"].forEach(function (role) {
                icons[role] = L.divIcon({className: "geo-marker geo-marker-" + role, html: '<span class="geo-pin geo-pin-' + role + '"></span>', iconSize: [16, 16], iconAnchor: [8, 8], popupAnchor: [0, -8], tooltipAnchor: [0, -8]});
            });
            var cluster = L.markerClusterGroup({chunkedLoading: true, chunkInterval: 1500, chunkDelay: 10, maxClusterRadius: {{ this.radius }}, showCoverageOnHover: false, spiderfyOnMaxZoom: true, disableClusteringAtZoom: {{ this.uncluster_zoom }}});
            var markers = geo.data.places.map(function (f) {
                var p = f.properties, c = f.geometry.coordinates;
                var marker = L.marker([c[1], c[0]], {icon: icons[p.role] || icons.mentioned, title: p.name_ar ? p.name_ar + " \u2014 " + p.name : p.name, riseOnHover: true});
                marker.feature = f;
                marker.options.search = [p.name_ar, p.name, p.admin1].filter(Boolean).join(" \u2014 ");
                marker.bindPopup(function () { return geo.placePopup(p); }, {maxWidth: 420, minWidth: 260});
                marker.bindTooltip(function () { return geo.el("span", {dir: "auto"}, p.name_ar || p.name); }, {direction: "top"});
                return marker;
            });
            function refresh() {
                cluster.clearLayers();
                cluster.addLayers(markers.filter(function (m) { return geo.visible(m.feature.properties); }));
            }
            // On the map first: a cluster group off the map checks duplicates in O(n) per marker.
            cluster.addTo(map);
            geo.onChange(refresh);
            refresh();
            geo.layers.places = cluster;
            geo.markers = markers;
        })({{ this.geo.get_name() }}, {{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, geo: MapPart, *, radius: int = 40, uncluster_zoom: int = 12) -> None:
        super().__init__()
        self._name = "GeoPlaces"
        self.geo = geo
        self.radius = radius
        self.uncluster_zoom = uncluster_zoom
