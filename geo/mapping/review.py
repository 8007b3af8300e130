"""Review on the map (``static/review.js``): mark a claim wrong or confirmed, pick a runner-up
candidate for a mention or mark it not a place, with a note; download the decisions as the
overrides YAML ``geo run --overrides`` reads (``geo.review``).

Decisions are kept in the browser's ``localStorage`` under the run's key (a digest of its
documents, ``data.review_key``), so they survive reloads and carry over to the map a rerun
with them makes. The YAML quotes every text as a JSON-style double-quoted scalar (with the
characters YAML reads as line breaks escaped), so a note can hold any text and stays a note.
"""

from __future__ import annotations

from geo.mapping.base import MapPart


class Review(MapPart):
    """Defines ``geo.review`` and the review boxes the popups show."""

    static = ("review.js",)
    function = "review"
    part_name = "GeoReview"
