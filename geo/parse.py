"""The geoparsing pipeline: a document in, its place mentions and movement claims out.

``Parser`` loads the gazetteer and builds the recognizer once; ``Parser.parse`` then runs
recognition, resolution, analyst pins, region phrases and route extraction on one document.
``parse_json`` gives the ``geo.parse/1`` JSON contract documented in the README.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from geo.model import Document, Mention, ParsedDocument, Place
from geo.overrides import Overrides, load_overrides
from geo.recognize import Recognizer, common_words
from geo.regions import apply_regions
from geo.resolve import resolve_spans, zipf
from geo.review import apply_mention_decisions, apply_route_decisions
from geo.unknown import place_variants, unknown_places

__all__ = ["Parser", "corroborate", "load_overrides", "parse_json", "sentence_spans"]

SCHEMA = "geo.parse/1"

#: A sentence ends at a run of full stops, ?, ! before a space or the end, or at line breaks.
#: Written as ``[.!?؟]+(?=\s|$)|\n+`` would be, but opening on one class of characters, which
#: lets ``re`` skip to them: a quarter of the time (tested to split alike).
_SENTENCE_END_RE = re.compile(r"[\n.!?؟](?:(?<=\n)\n*|[.!?؟]*(?=\s|$))")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into (start, end) sentence spans, on full stops, ?, ! and line breaks."""
    spans: list[tuple[int, int]] = []
    start = 0
    for end in [*(match.end() for match in _SENTENCE_END_RE.finditer(text)), len(text)]:
        piece = text[start:end]
        kept = piece.strip()
        if kept:
            first = start + len(piece) - len(piece.lstrip())
            spans.append((first, first + len(kept)))
        start = end
    return spans


class _OverlayGazetteer:
    """The gazetteer seen through an analyst's added places (read-only delegation)."""

    def __init__(self, base: Any, extra: Mapping[str, Place]) -> None:
        self._base = base
        self._extra = dict(extra)

    def get(self, place_id: str) -> Place | None:
        return self._extra.get(place_id) or self._base.get(place_id)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._base, name)


class Parser:
    """Parse documents against one gazetteer; build once, reuse for every document.

    Parameters
    ----------
    gazetteer
        A ``geo.gazetteer.Gazetteer``; ``None`` loads the built index (or the embedded core).
    overrides
        Analyst pins and added places (``load_overrides``), or a path to the YAML file.
    """

    def __init__(
        self, gazetteer: Any = None, *, overrides: Overrides | str | Path | None = None
    ) -> None:
        if gazetteer is None:
            from geo.gazetteer import Gazetteer

            gazetteer = Gazetteer.default()
        if overrides is not None and not isinstance(overrides, Overrides):
            overrides = load_overrides(overrides)
        self.base_gazetteer = gazetteer
        self.overrides = overrides or Overrides()
        extra = self.overrides.place_index()
        self.gazetteer = _OverlayGazetteer(gazetteer, extra) if extra else gazetteer
        keys: dict[str, tuple[str, ...]] = dict(gazetteer.arabic_keys())
        for key, ids in self.overrides.extra_keys().items():
            keys[key] = tuple(dict.fromkeys((*ids, *keys.get(key, ()))))
        self.recognizer = Recognizer(keys)
        # Warm the word-frequency table so the first document is not slower than the rest.
        zipf("سوريا")
        common_words()

    def parse_text(
        self, text: str, *, doc_id: str = "text", metadata: Mapping[str, str] | None = None
    ) -> ParsedDocument:
        """Parse a text given directly (no file)."""
        title = next((line.strip() for line in text.splitlines() if line.strip()), "")
        document = Document(
            id=doc_id, path="", text=text, title=title, metadata=dict(metadata or {})
        )
        return self.parse(document)

    def parse(self, document: Document) -> ParsedDocument:
        """Return the document with its place mentions and movement claims."""
        text = document.text
        sentences = sentence_spans(text)
        spans = self.recognizer.find(text, skip=document.skip)
        mentions = resolve_spans(
            spans, text, self.gazetteer, sentence_breaks=[end for _start, end in sentences]
        )
        mentions = self._apply_pins(mentions, document.id)
        mentions = apply_regions(mentions, text, self.gazetteer)
        mentions.extend(unknown_places(text, mentions, document.skip))
        place_variants(mentions, self.gazetteer)
        mentions.sort(key=lambda mention: (mention.start, mention.end))
        decisions = self.overrides.decisions
        apply_mention_decisions(mentions, document.id, decisions, self.gazetteer)
        parsed = ParsedDocument(document=document, mentions=mentions)
        parsed.routes = _extract_routes(document, mentions)
        apply_route_decisions(parsed.routes, decisions)
        return parsed

    def _apply_pins(self, mentions: list[Mention], document_id: str) -> list[Mention]:
        if not self.overrides.pins:
            return mentions
        for mention in mentions:
            pin = self.overrides.pin_for(mention.key, document_id)
            if pin is None:
                if mention.place is not None and mention.place.id.startswith("pin:"):
                    # Found through a pin made for another document: not placed here.
                    mention.place, mention.confidence, mention.candidates = None, 0.0, []
                    mention.reason = (
                        "pinned by analyst in another document only; not in the gazetteer"
                    )
                continue
            place = pin.place or self.gazetteer.get(pin.place_id)
            if place is None:
                mention.reason = (
                    f"pinned by analyst to {pin.place_id}, which the gazetteer does not have"
                )
                mention.place = None
                mention.confidence = 0.0
            else:
                mention.place = place
                mention.confidence = 1.0
                mention.reason = "pinned by analyst" + (f": {pin.note}" if pin.note else "")
                mention.candidates = [c for c in mention.candidates if c.place.id != place.id]
            mention.pinned = True
        return mentions


def _extract_routes(document: Document, mentions: list[Mention]) -> list:  # type: ignore[type-arg]
    try:
        from geo.routes import extract_routes
    except ImportError:
        return []
    return extract_routes(document, mentions)


def corroborate(parsed: list[ParsedDocument]) -> None:
    """Link movement claims that different documents make about the same movement."""
    try:
        from geo.routes import corroborate as link
    except ImportError:
        return
    link(parsed)


def parse_json(parsed: Sequence[ParsedDocument], gazetteer: Any) -> dict[str, Any]:
    """The ``geo.parse/1`` JSON contract for parsed documents."""
    return {
        "schema": SCHEMA,
        "gazetteer": {
            "places": len(gazetteer),
            "sources": [source.get("id", "") for source in getattr(gazetteer, "sources", [])],
            "attribution": getattr(gazetteer, "attribution", ""),
        },
        "documents": [document.to_dict() for document in parsed],
    }
