"""Alleged movement routes: who moved, from where, through where, to where, how sure.

``extract_routes`` reads the claims of one article, ``corroborate`` links claims of
different outlets describing the same movement, and ``route_row`` gives a printable row.
The grammar's words live in ``data/lexicons`` (triggers, markers, movers, actors, hedges,
zones, negations); no rule names a place.
"""

from geo.routes.corroborate import corroborate, endpoints_match, same_movement
from geo.routes.english import extract_english_routes
from geo.routes.extract import extract_routes
from geo.routes.table import route_row

__all__ = [
    "corroborate",
    "endpoints_match",
    "extract_english_routes",
    "extract_routes",
    "route_row",
    "same_movement",
]
