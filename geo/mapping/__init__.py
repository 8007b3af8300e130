"""Leaflet maps of places and routes (folium): the only package that imports folium.

One module per map part; each part is a folium element declaring the npm files it needs.
"""

from geo.mapping.render import render_map, write_map

__all__ = ["render_map", "write_map"]
