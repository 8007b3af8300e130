"""A date filter: two sliders over the documents' dates, shown only for dated documents
(``static/timeline.js``)."""

from __future__ import annotations

from geo.mapping.base import MapPart


class DateFilter(MapPart):
    """Shows only documents dated between the two slider positions."""

    static = ("timeline.js",)
    function = "timeline"
    part_name = "GeoDateFilter"
