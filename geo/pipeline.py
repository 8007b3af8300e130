"""The geoparsing pipeline: a document in, its place mentions and movement claims out.

``Parser`` loads the gazetteer and builds the recognizer once; ``Parser.parse`` then runs
recognition, resolution, analyst pins, region phrases and route extraction on one document.
``parse_json`` gives the ``geo.parse/1`` JSON contract documented in the README.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from geo.model import Document, Mention, ParsedDocument, Place, Route
from geo.overrides import Overrides, load_overrides
from geo.recognize import Recognizer, common_words
from geo.regions import apply_regions
from geo.resolve import resolve_spans, unknown_after_cues, zipf

__all__ = [
    "Parser",
    "corroborate",
    "load_overrides",
    "parse",
    "parse_json",
    "sentence_spans",
]

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
        mentions.extend(unknown_after_cues(text, mentions, document.skip))
        mentions.sort(key=lambda mention: (mention.start, mention.end))
        parsed = ParsedDocument(document=document, mentions=mentions)
        parsed.routes = _extract_routes(document, mentions)
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


def _extract_routes(document: Document, mentions: list[Mention]) -> list[Route]:
    from geo.routes import extract_routes

    return extract_routes(document, mentions)


def corroborate(parsed: list[ParsedDocument]) -> None:
    """Link movement claims that different documents make about the same movement."""
    from geo.routes import corroborate as link

    link(parsed)


_DEFAULT_PARSERS: dict[tuple[Any, str | None], Parser] = {}


def parse(
    source: str | os.PathLike[str],
    *,
    gazetteer: Any = None,
    overrides: str | Path | None = None,
    encoding: str | None = None,
) -> ParsedDocument:
    """Parse one article: a text given as ``str``, or a file given as a path.

    A ``str`` is always the article's text, never a file name, so a short text that happens
    to name a file is not read from disk; pass a ``pathlib.Path`` (any ``os.PathLike``) to
    read a file (encoding detected, HTML text extracted, sidecar metadata read, as
    ``geo parse FILE`` does).

    The parser for a gazetteer and overrides file is made once and reused: the first call
    loads the gazetteer index (about a second), later calls parse at once.

    Parameters
    ----------
    source
        The article's text, or the path of an article file.
    gazetteer
        A ``geo.Gazetteer``; default the built index (else the embedded core).
    overrides
        An analyst overrides file.
    encoding
        Decode a file with this codec instead of detecting it.

    Raises
    ------
    DocumentError
        If a file cannot be read as an article (missing, empty, binary, too large).
    TypeError
        If ``source`` is neither a ``str`` nor a path.
    """
    key = (gazetteer, str(overrides) if overrides is not None else None)
    parser = _DEFAULT_PARSERS.get(key)
    if parser is None:
        parser = _DEFAULT_PARSERS[key] = Parser(gazetteer, overrides=overrides)
    if isinstance(source, str):
        return parser.parse_text(source)
    if isinstance(source, os.PathLike):
        from geo.document import read_document

        return parser.parse(read_document(Path(source), encoding=encoding))
    raise TypeError(f"parse() takes a text (str) or a path, not {type(source).__name__}")


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
