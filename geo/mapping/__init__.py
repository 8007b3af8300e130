"""Leaflet maps of places and routes (folium): the only package that imports folium.

One module per map part; each part is a folium element declaring beside it the npm files it
needs and its own script in ``static/`` (package data, inlined into the page), whose
function it calls with the map, the map data and its options.
"""

from geo.mapping.render import render_map, write_map

__all__ = ["render_map", "write_map"]
