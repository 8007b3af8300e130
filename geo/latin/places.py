"""From English name spans to mentions: resolution, analyst pins, names the gazetteer lacks,
region phrases and named areas, and the parse of one English document.

Resolution is the Arabic resolver's (``geo.resolve.resolve_spans``); region phrases ("the
eastern countryside of Deir ez-Zor", "rural western Idlib") are built with
``geo.regions.region_for``; named areas ("East Ghouta", "the Euphrates") take their extent
from ``geo.areas``. A name the gazetteer lacks is a mention without a place when a cue
introduces it ("Rukban camp", "government-held X"), and so are its later bare occurrences.
"""

from __future__ import annotations

import bisect
import functools
import re
import weakref
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from geo.areas import area_mention, named_areas, take_over
from geo.gazetteer.protocol import Gazetteer
from geo.latin.recognize import EnglishRecognizer, LatinGazetteer
from geo.latin.translit import ARTICLES, translit_key
from geo.latin.words import (
    FILLERS,
    STOP_WORD_ZIPF,
    UNKNOWN_NAME_ZIPF,
    Token,
    all_cue_words,
    cues,
    direction_words,
    english_zipf,
    is_acronym,
    is_article,
    name_context,
    tokens_of,
)
from geo.lexicons import load_table
from geo.model import Document, Mention, ParsedDocument, Place
from geo.normalize import has_arabic, latin_key
from geo.overrides import Overrides, Pin
from geo.regions import ANCHOR_KINDS, RegionPhrase, phrase_mention
from geo.resolve import resolve_spans
from geo.sentences import sentence_spans

# -- from spans to mentions ----------------------------------------------------------------

#: One recognizer per gazetteer (building one keys every Latin name of the gazetteer).
_RECOGNIZERS: weakref.WeakKeyDictionary[Any, EnglishRecognizer] = weakref.WeakKeyDictionary()


def recognizer_for(
    gazetteer: LatinGazetteer, overrides: Overrides | None = None
) -> EnglishRecognizer:
    """The English recognizer of ``gazetteer`` (with the places ``overrides`` adds), built on
    first use; a parser's gazetteer and overrides go together."""
    recognizer = _RECOGNIZERS.get(gazetteer)
    if recognizer is None:
        extra = _latin_keys_of(overrides.places) if overrides is not None else {}
        recognizer = _RECOGNIZERS[gazetteer] = EnglishRecognizer(gazetteer, extra=extra)
    return recognizer


def _latin_keys_of(places: Iterable[Place]) -> dict[str, tuple[str, ...]]:
    keys: dict[str, list[str]] = {}
    for place in places:
        for name in (place.name, *place.names):
            key = latin_key(name) if name and not has_arabic(name) else ""
            if key:
                keys.setdefault(key, []).append(place.id)
    return {key: tuple(dict.fromkeys(ids)) for key, ids in keys.items()}


def parse_english(
    document: Document, gazetteer: LatinGazetteer, *, overrides: Overrides | None = None
) -> ParsedDocument:
    """Parse an English document: its place mentions (with an analyst's pins and added
    places, ``overrides``) and movement claims."""
    from geo.routes.english import extract_english_routes

    text = document.text
    breaks = [end for _start, end in sentence_spans(text)]
    mentions = english_mentions(
        text,
        recognizer_for(gazetteer, overrides),
        gazetteer,
        skip=document.skip,
        sentence_breaks=breaks,
        pins=_pins_for(overrides, document.id) if overrides is not None else {},
    )
    parsed = ParsedDocument(document=document, mentions=mentions)
    parsed.routes = extract_english_routes(document, mentions)
    return parsed


def english_mentions(
    text: str,
    recognizer: EnglishRecognizer,
    gazetteer: Gazetteer,
    *,
    skip: Iterable[tuple[int, int]] = (),
    sentence_breaks: Sequence[int] = (),
    pins: Mapping[str, Pin] | None = None,
) -> list[Mention]:
    """Every place an English text names, resolved, with regions and named areas; ``pins``
    (transliteration key -> analyst pin) fix the place of the names they key."""
    skip = list(skip)
    found_names = recognizer.find_names(text, skip=skip)
    spans = [found.span for found in found_names]
    mentions = resolve_spans(spans, text, gazetteer, sentence_breaks=sentence_breaks)
    # "al-Hol camp": the camp or crossing word joins the span (the annotation convention).
    extended = {found.span.start: found.end for found in found_names}
    for mention in mentions:
        end = extended.get(mention.start, 0)
        if end > mention.end:
            mention.end, mention.text = end, text[mention.start : end]
    areas = _area_mentions(text, gazetteer, skip)
    mentions.extend(_unknown_places(text, [*mentions, *areas], skip))
    if pins:
        _apply_pins(mentions, pins, gazetteer)
    mentions = _regions(mentions, text, gazetteer)
    mentions.sort(key=lambda mention: (mention.start, mention.end))
    return take_over(mentions, areas)


# -- analyst pins ------------------------------------------------------------------------


def _pins_for(overrides: Overrides, document_id: str) -> dict[str, Pin]:
    """The pins that apply in a document, by the transliteration key of the pinned name (a
    pin for this document beats a pin for every document)."""
    pins: dict[str, Pin] = {}
    for pin in overrides.pins:
        if pin.document and pin.document != document_id:
            continue
        key = translit_key(pin.name) if not has_arabic(pin.name) else ""
        if key and (key not in pins or pin.document):
            pins[key] = pin
    return pins


def _apply_pins(mentions: Sequence[Mention], pins: Mapping[str, Pin], gazetteer: Gazetteer) -> None:
    for mention in mentions:
        pin = pins.get(mention.key) or pins.get(translit_key(mention.text))
        if pin is None:
            continue
        place = pin.place or gazetteer.get(pin.place_id)
        if place is None:
            mention.place, mention.confidence = None, 0.0
            mention.reason = (
                f"pinned by analyst to {pin.place_id}, which the gazetteer does not have"
            )
        else:
            mention.place, mention.confidence = place, 1.0
            mention.reason = "pinned by analyst" + (f": {pin.note}" if pin.note else "")
            mention.candidates = [c for c in mention.candidates if c.place.id != place.id]
        mention.pinned = True


# -- names the gazetteer lacks -----------------------------------------------------------


def _unknown_places(
    text: str, mentions: Sequence[Mention], skip: Sequence[tuple[int, int]]
) -> list[Mention]:
    """Names a cue introduces ("Rukban camp", "the village of X") that the gazetteer lacks, and
    their later bare occurrences: unresolved mentions, with the reason."""
    tokens = tokens_of(text)
    taken = [(mention.start, mention.end) for mention in mentions]
    before_cues, after_cues = cues()
    introduced: dict[str, str] = {}
    found: list[Mention] = []

    blocked = sorted([*taken, *skip])
    blocked_starts = [low for low, _high in blocked]
    reach = max((high - low for low, high in blocked), default=0)

    def free(start: int, end: int) -> bool:
        # Only intervals starting within ``reach`` before ``end`` can overlap [start, end).
        first = bisect.bisect_left(blocked_starts, start - reach)
        last = bisect.bisect_left(blocked_starts, end)
        return not any(blocked[i][1] > start for i in range(first, last))

    index = 0
    while index < len(tokens):
        run = _name_run(tokens, index)
        if run is None:
            index += 1
            continue
        first, last = run
        start, end = tokens[first].start, tokens[last].end
        name = text[start:end]
        key = translit_key(name)
        before = [token.lower for token in tokens[max(0, first - 3) : first]]
        while before and before[-1] in FILLERS:
            before.pop()
        after_tokens = tokens[last + 1 : last + 3]
        after = [token.lower for token in after_tokens]
        cue_end, cue_text = end, ""
        for cue in after_cues:
            if (
                cue.introduces
                and tuple(after[: len(cue.words)]) == cue.words
                and after_tokens[0].gap in (" ", "-")
            ):
                cue_end, cue_text = after_tokens[len(cue.words) - 1].end, " ".join(cue.words)
                break
        else:
            for cue in before_cues:
                if cue.introduces and tuple(before[-len(cue.words) :]) == cue.words:
                    cue_text = " ".join(cue.words)
                    break
        arabic = tokens[first].lower in ARTICLES
        rare = all(
            english_zipf(token.lower) < UNKNOWN_NAME_ZIPF
            for token in tokens[first : last + 1]
            if token.lower not in ARTICLES
        )
        if cue_text and (rare or arabic) and free(start, cue_end):
            introduced[key] = cue_text
            found.append(_unknown(text, start, cue_end, key, f"named by the cue {cue_text!r}"))
        elif key in introduced and free(start, end):
            found.append(
                _unknown(text, start, end, key, f"named earlier by the cue {introduced[key]!r}")
            )
        index = last + 1
    return found


def _name_run(tokens: Sequence[Token], first: int) -> tuple[int, int] | None:
    """The run of capitalised words (with articles) starting at ``first``, at most three."""
    last = -1
    for position in range(first, min(first + 4, len(tokens))):
        token = tokens[position]
        if position > first and token.gap not in (" ", "-"):
            break
        following = tokens[position + 1] if position + 1 < len(tokens) else None
        if is_article(token, following):
            continue
        if (
            not token.capital
            or is_acronym(token, following)
            or token.lower in all_cue_words()
            or english_zipf(token.lower) >= STOP_WORD_ZIPF
        ):
            break
        last = position
        if token.possessive:
            break
    return (first, last) if last >= first else None


def _unknown(text: str, start: int, end: int, key: str, why: str) -> Mention:
    return Mention(
        text=text[start:end],
        start=start,
        end=end,
        key=key,
        cue="unknown",
        place=None,
        confidence=0.0,
        reason=f"a place the gazetteer does not have: {why}",
    )


# -- region phrases ----------------------------------------------------------------------


def _direction_group() -> str:
    return "|".join(re.escape(word) for word in sorted(direction_words(), key=len, reverse=True))


@functools.cache
def _region_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    direction = _direction_group()
    unit = r"(?:(?:city|province|governorate|town)\s+of\s+)?"
    # "the eastern countryside of (the province of) X", "rural parts of western X".
    countryside_before = re.compile(
        rf"\b({direction})\s+(?:countryside|rural\s+areas?|suburbs|outskirts)\s+of\s+(?:the\s+)?{unit}$",
        re.I,
    )
    rural_before = re.compile(
        rf"\b(?:rural\s+(?:parts|areas)\s+of\s+(?:the\s+)?|rural\s+)({direction})\s+$|\b({direction})\s+rural\s+$",
        re.I,
    )
    # "eastern X countryside", "eastern X suburbs".
    direction_before = re.compile(rf"\b({direction})\s+$", re.I)
    countryside_after = re.compile(r"^\s+(?:countryside|suburbs|rural\s+areas)\b", re.I)
    return countryside_before, rural_before, direction_before, countryside_after


_UNIT_AFTER_RE = re.compile(r"^\s+(?:province|governorate|city)\b", re.I)


def _english_phrase(text: str, mention: Mention) -> RegionPhrase | None:
    countryside_before, rural_before, direction_before, countryside_after = _region_patterns()
    window_start = max(0, mention.start - 70)
    before = text[window_start : mention.start]
    after = text[mention.end : mention.end + 40]
    directions = direction_words()
    end = mention.end
    unit = _UNIT_AFTER_RE.match(after)
    if unit:
        end = mention.end + unit.end()
    match = countryside_before.search(before) or rural_before.search(before)
    if match:
        word = next(group for group in match.groups() if group)
        bearing, label = directions[word.lower()]
        return RegionPhrase(window_start + match.start(), end, bearing, label, "countryside")
    match = direction_before.search(before)
    if match:
        tail = countryside_after.match(after)
        bearing, label = directions[match.group(1).lower()]
        if tail:
            return RegionPhrase(
                window_start + match.start(),
                mention.end + tail.end(),
                bearing,
                label,
                "countryside",
            )
        return RegionPhrase(window_start + match.start(), mention.end, bearing, label, "sector")
    match = re.search(rf"\b({_direction_group()})\s+of\s+(?:the\s+)?$", before, re.I)
    if match:
        bearing, label = directions[match.group(1).lower()]
        return RegionPhrase(window_start + match.start(), mention.end, bearing, label, "sector")
    return None


def _regions(mentions: list[Mention], text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Anchors inside directed countryside phrases become region mentions; "north of X" and
    "east Aleppo" keep X, with the direction as a qualifier."""
    out: list[Mention] = []
    for mention in mentions:
        place = mention.place
        if (
            place is None
            or place.kind not in ANCHOR_KINDS
            or mention.pinned
            or place.kind == "country"
        ):
            out.append(mention)
            continue
        phrase = _english_phrase(text, mention)
        if phrase is None:
            out.append(mention)
            continue
        out.append(phrase_mention(mention, phrase, text, gazetteer))
    return out


# -- named areas -------------------------------------------------------------------------


@functools.cache
def _area_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern of every English form of the named areas, and form (folded) → name_en."""
    known = {area.name_en for area in named_areas()}
    forms: dict[str, str] = {}
    for row in load_table("en_named_areas"):
        if row["name_en"] not in known:
            continue
        for form in row["forms"].split("|"):
            if form.strip():
                forms[" ".join(form.lower().split())] = row["name_en"]
    alternatives = "|".join(
        re.escape(form).replace(r"\ ", r"\s+") for form in sorted(forms, key=len, reverse=True)
    )
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.I), forms


def _area_mentions(
    text: str, gazetteer: Gazetteer, skip: Sequence[tuple[int, int]]
) -> list[Mention]:
    pattern, forms = _area_pattern()
    areas = {area.name_en: area for area in named_areas()}
    operation = name_context("before", "organisation")
    found: list[Mention] = []
    for match in pattern.finditer(text):
        start, end = match.start(), match.end()
        if any(low <= start and end <= high for low, high in skip):
            continue
        words_before = text[max(0, start - 20) : start].split()
        if words_before and words_before[-1].lower() in operation:
            continue
        after = text[end : end + 20].split()
        if (
            after
            and after[0][:1].isupper()
            and after[0].lower().strip(".,;:") in name_context("after", "organisation")
        ):
            continue
        area = areas[forms[" ".join(match.group().lower().split())]]
        found.append(
            area_mention(
                area, text, start, end, key=translit_key(match.group()), gazetteer=gazetteer
            )
        )
    return found
