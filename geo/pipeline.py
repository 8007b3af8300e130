"""The geoparsing pipeline: a document in, its place mentions and movement claims out.

``Parser`` loads the gazetteer and builds the recognizer once; ``Parser.parse`` then runs
recognition, resolution, analyst pins, region phrases and route extraction on one document.
``parse_json`` gives the ``geo.parse/1`` JSON contract documented in the README.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from geo.language import resolve_language
from geo.model import Document, Mention, ParsedDocument, Place, Route
from geo.overrides import Overrides, load_overrides
from geo.recognize import Recognizer, common_words
from geo.regions import apply_regions
from geo.resolve import resolve_spans, zipf
from geo.review import apply_decisions
from geo.sentences import sentence_spans
from geo.textforms import FoldedText, fold_presentation_forms
from geo.unknown import place_variants, unknown_places

__all__ = [
    "Parser",
    "corroborate",
    "load_overrides",
    "parse",
    "parse_json",
    "sentence_spans",
]

SCHEMA = "geo.parse/1"


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
        self,
        gazetteer: Any = None,
        *,
        overrides: Overrides | str | Path | None = None,
        language: str = "auto",
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
        self.language = language  # "auto" (per document), "ar" or "en": see geo.language
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
        """Return the document with its place mentions and movement claims.

        Text in Arabic presentation forms or with bidi controls around names is read through
        a folded view (``geo.textforms``); every offset is then mapped back to the text as read.
        """
        view = fold_presentation_forms(document.text)
        if view.is_identity:
            parsed = self._parse(document)
        else:
            skip = [(view.view_offset(s), view.view_offset(e)) for s, e in document.skip]
            parsed = self._parse(dataclasses.replace(document, text=view.text, skip=skip))
            parsed = _back_to_original(parsed, document, view)
        # Analyst decisions made on the map name mentions by their offsets in the text as read.
        apply_decisions(parsed, self.overrides.decisions, self.gazetteer)
        return parsed

    def _parse(self, document: Document) -> ParsedDocument:
        if resolve_language(self.language, document.text) == "en":
            return self._parse_english(document)
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
        parsed = ParsedDocument(document=document, mentions=mentions)
        parsed.routes = _extract_routes(document, mentions)
        return parsed

    def _parse_english(self, document: Document) -> ParsedDocument:
        from geo.latin import parse_english

        return parse_english(document, self.gazetteer, overrides=self.overrides)

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


def _back_to_original(
    parsed: ParsedDocument, document: Document, view: FoldedText
) -> ParsedDocument:
    """The parse of a folded view with every span moved back to the text as read."""
    text = document.text

    def moved(span: Any) -> None:
        span.start, span.end = view.span(span.start, span.end)
        span.text = text[span.start : span.end]

    for mention in parsed.mentions:
        moved(mention)
    for route in parsed.routes:
        spans: list[Any] = [route.trigger, route.mover, route.evidence]
        spans += [*route.actors, *route.quantities, *route.origins, *route.via, *route.destinations]
        for span in spans:
            if span is not None:
                moved(span)
    return ParsedDocument(document=document, mentions=parsed.mentions, routes=parsed.routes)


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


def arabic_parser(overrides: str | None) -> Any:
    """A ``geo.pipeline.Parser`` that reads every article as Arabic (a parser factory for
    ``geo.corpus.run_corpus``; the corpus cache keys results by the factory's name)."""
    return Parser(None, overrides=overrides, language="ar")


def english_parser(overrides: str | None) -> Any:
    """A ``geo.pipeline.Parser`` that reads every article as English (see ``arabic_parser``)."""
    return Parser(None, overrides=overrides, language="en")


def parser_factory(language: str) -> Callable[[str | None], Any] | None:
    """The corpus parser factory forcing ``language``; ``None`` for ``auto`` (the default
    parser detects each article's language)."""
    resolve_language(language, "")
    return {"ar": arabic_parser, "en": english_parser}.get(language)
