"""Movement claims in English reports (placeholder until the grammar lands)."""

from __future__ import annotations

from geo.model import Document, Mention, Route


def extract_english_routes(document: Document, mentions: list[Mention]) -> list[Route]:
    return []
