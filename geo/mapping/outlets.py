"""An outlet filter: one check box per outlet (with its number of documents), beside the
dates (``static/outlets.js``)."""

from __future__ import annotations

from geo.mapping.base import MapPart


class OutletFilter(MapPart):
    """Hides the places, regions and routes that only documents of unchecked outlets name.

    Shown when the documents come from at least two outlets. Documents without an outlet
    are grouped under "(no outlet)".
    """

    static = ("outlets.js",)
    function = "outlets"
    part_name = "GeoOutletFilter"
