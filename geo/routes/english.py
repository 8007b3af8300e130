"""Movement claims in English reports: the English grammar, the same ``Route`` objects.

The grammar, in the order it is applied (its words are the tables ``data/lexicons/en_*.tsv``):

1. Movement words and phrases (``en_triggers.tsv``) are found in each sentence; one with a
   negation before it in its clause ("refused to receive", "preventing ... from reaching")
   states no movement.
2. Each place mention gets a role from the nearest marker before it (``en_markers.tsv``:
   from/out of → origin, to/towards/into → destination, via/through → via, in/at → where it
   happened, near → only a locator), skipping adjectives ("rebel-held") and articles. A place
   right after a movement verb is its object ("left Raqa", "reached Homs"). A place joined to
   the previous one by "and", a comma or a slash inherits its role. "for" is a destination
   only after leaving: a departure, a withdrawal or a flight ("left Raqa for Idlib", "fled
   Aleppo for Turkey"). A place introduced by in/at/near right
   after another place says where that place is and is never an endpoint
   ("Rukban camp near al-Tanf"); a location governed by a direction marker takes its role
   ("to jihadist-held territory in Deir Ezzor" is a destination).
3. A movement word takes the endpoints between it and the next movement word of the
   sentence; explicit origins and destinations before the first one belong to it. A word that
   joins ("crossed into", "en route to") continues the movement before it: the destinations
   passed become via points.
4. An origin the text leaves implicit is taken from a place named earlier in the same
   sentence only, and marked ``inferred`` with a note. A place is never both ends of a claim,
   and of places nested in one role ("the East Ghouta town of Arbin") the most specific is kept.
5. Status is ``alleged`` when the sentence, or an earlier sentence of its paragraph, hedges,
   denies or cites unnamed sources (``en_hedges.tsv``), else ``reported``.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from geo.lexicons import load_table
from geo.model import Actor, Document, Endpoint, Mention, Route, Span
from geo.routes.confidence import claim_confidence
from geo.sentences import sentence_spans

__all__ = ["extract_english_routes"]

#: Kinds of endpoint that other endpoints of the same role may lie in.
_BROAD_KINDS = frozenset(("country", "governorate", "region", "river", "district"))
#: How many words a marker may stand before its place (adjectives, articles, cue words).
_MARKER_REACH = 12
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]")
_NUMBER_RE = re.compile(r"^\d[\d,.]*$")
_QUANTITY_WORDS = frozenset(
    [
        "thousands",
        "hundreds",
        "dozens",
        "tens",
        "some",
        "about",
        "around",
        "approximately",
        "nearly",
        "over",
        "more",
        "than",
        "many",
        "several",
        "up",
        "to",
        "as",
        "of",
        "a",
        "the",
        "first",
        "second",
        "last",
        "another",
        "group",
        "batch",
    ]
)
_CLAUSE_BREAKS = frozenset((";", ":", "—", "–", "(", ")", "“", "”", '"'))


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    lower: str


@dataclass(slots=True)
class _Place:
    mention: Mention
    first: int
    last: int
    role: str = ""
    #: Places joined to it by "and", a comma or a slash (one enumeration).
    group: int = -1


@dataclass(slots=True)
class _Claim:
    trigger: int
    trigger_end: int
    row: dict[str, str]
    sentence: tuple[int, int]
    origins: list[Endpoint] = field(default_factory=list)
    destinations: list[Endpoint] = field(default_factory=list)
    via: list[Endpoint] = field(default_factory=list)
    low: int = 0
    high: int = 0
    #: Whether an origin was inferred from a place that was not introduced as the scene: it
    #: is dropped if the claim gets a destination (no line is drawn from a guess).
    guessed_origin: bool = False


#: Rows of a word table by their phrase, as a tuple of lowercase words.
_Table = dict[tuple[str, ...], dict[str, str]]


@functools.cache
def _phrases(table: str, column: str) -> _Table:
    return {tuple(row[column].lower().split()): row for row in load_table(table)}


def _match(
    tokens: Sequence[_Token], index: int, table: _Table
) -> tuple[int, dict[str, str]] | None:
    """The longest phrase of ``table`` starting at ``index``: (its last index, its row)."""
    for length in (4, 3, 2, 1):
        words = tuple(token.lower for token in tokens[index : index + length])
        if len(words) == length and words in table:
            return index + length - 1, table[words]
    return None


def _ending_at(
    tokens: Sequence[_Token], index: int, table: _Table
) -> tuple[int, dict[str, str]] | None:
    """The longest phrase of ``table`` ending at ``index``: (its first index, its row)."""
    for length in (4, 3, 2, 1):
        first = index - length + 1
        if first < 0:
            continue
        words = tuple(token.lower for token in tokens[first : index + 1])
        if words in table:
            return first, table[words]
    return None


def extract_english_routes(document: Document, mentions: Sequence[Mention]) -> list[Route]:
    """The movement claims of an English document, as ``geo.routes.extract_routes`` gives them
    for Arabic ones (same ``Route`` fields, so exports and corroboration need nothing else)."""
    return _Reader(document, mentions).run()


@dataclass(slots=True)
class _Walk:
    """Where a walk back from a place stands, and what it has read."""

    index: int
    role: str = ""
    #: Words that are no filler, passed after a location marker.
    free_words: int = 0


#: Returned by a step of the walk to end it.
_STOP = object()


class _Reader:
    def __init__(self, document: Document, mentions: Sequence[Mention]) -> None:

        self.document = document
        self.text = text = document.text
        self.tokens = [
            _Token(match.start(), match.end(), match.group().lower())
            for match in _TOKEN_RE.finditer(text)
        ]
        self.starts = [token.start for token in self.tokens]
        self.sentences = sentence_spans(text)
        skip = document.skip
        located = (
            self._place(mention)
            for mention in mentions
            if not any(low <= mention.start and mention.end <= high for low, high in skip)
        )
        self.places: list[_Place] = [place for place in located if place is not None]
        #: The claims read so far, in text order.
        self._claims: list[_Claim] = []
        self._place_starts = [place.mention.start for place in self.places]
        self.markers = _phrases("en_markers", "phrase")
        #: Movement words: (last token, row) by the index of their first token, and
        #: (first token, row) by the index of their last.
        self.triggers = self._movement_words()
        self._trigger_ends = {last: (first, row) for first, (last, row) in self.triggers.items()}

    def _token_range(self, span: tuple[int, int]) -> tuple[int, int]:
        """The indices of the tokens starting inside ``span`` (first, one past the last)."""
        return bisect.bisect_left(self.starts, span[0]), bisect.bisect_left(self.starts, span[1])

    def _place(self, mention: Mention) -> _Place | None:
        first = bisect.bisect_left(self.starts, mention.start)
        last = bisect.bisect_left(self.starts, mention.end) - 1
        if first >= len(self.tokens) or last < first:
            return None
        return _Place(mention, first, last)

    # -- roles ----------------------------------------------------------------------------

    def _assign_roles(self, places: list[_Place]) -> None:
        previous: _Place | None = None
        group = 0
        for place in places:
            gap = self.text[previous.mention.end : place.mention.start] if previous else ""
            if previous is not None and re.fullmatch(r"\s*(?:,|/|,?\s+and|,?\s+or)\s*", gap):
                place.role, place.group = previous.role, previous.group
                previous = place
                continue
            group += 1
            place.group = group
            place.role = self._role_before(place, previous)
            previous = place

    def _role_before(self, place: _Place, previous: _Place | None) -> str:
        """The role the words before a place give it (see the module docstring)."""
        if self._names_a_border(place):
            return ""
        if self._possessive_origin(place):
            return "origin"
        if previous is not None and self._names_a_border(previous):
            previous = None  # "from the Lebanon-Syria border zone in X": read on past it
        floor = previous.last + 1 if previous else 0
        walk = _Walk(place.first - 1)
        while walk.index >= floor and place.first - walk.index <= _MARKER_REACH + walk.free_words:
            decided = self._step(walk, previous)
            if decided is _STOP:
                break
            if decided is not None:
                return str(decided)
        if not walk.role and previous is not None and walk.index < floor and previous.role:
            # "the East Ghouta town of Arbin": only place words part the two, one nests in
            # the other and shares its role (the broader is dropped from the claim).
            return previous.role
        # A location far from any movement word says where something is, not where it went.
        return "location-far" if walk.role == "location" else walk.role

    def _step(self, walk: _Walk, previous: _Place | None) -> str | object | None:
        """Read the token at ``walk.index`` (moving the walk back): a role to return, ``_STOP``
        to end the walk, or None to go on."""
        token = self.tokens[walk.index]
        if token.lower in _CLAUSE_BREAKS or token.lower in (".", "!", "?"):
            return _STOP
        trigger = self._trigger_ends.get(walk.index)
        if trigger is not None:
            if walk.role == "location":
                return "location"
            if not walk.role:
                object_role = trigger[1].get("object", "none")
                return object_role if object_role != "none" else ""
            return _STOP
        found = self._marker_ending_at(walk.index)
        if found is not None:
            return self._marker_step(walk, found, previous)
        if token.lower not in _fillers():
            if walk.role != "location":
                return ""
            walk.free_words += 1
            if walk.free_words > _SCENE_REACH:
                return _STOP
        walk.index -= 1
        return None

    def _marker_ending_at(self, index: int) -> tuple[int, dict[str, str]] | None:
        found = _ending_at(self.tokens, index, self.markers)
        if (
            found is not None
            and found[1]["role"] == "near"
            and found[0] > 0
            and self.tokens[found[0] - 1].lower == "the"
        ):
            return None  # "in the west of X" is part of X, not near it
        return found

    def _marker_step(
        self, walk: _Walk, found: tuple[int, dict[str, str]], previous: _Place | None
    ) -> str | None:
        first, row = found
        marker_role = row["role"]
        if walk.role == "location":
            if marker_role == "location":
                walk.index = first - 1  # "settled in a house in X": the scene stays X
                return None
            if marker_role in _DIRECTIONS and walk.free_words <= _GOVERNED_WORDS:
                return marker_role  # "to territory in X": the direction governs
            if marker_role == "near":
                return "near"
            walk.index = first - 1
            return None
        if (
            marker_role in ("location", "near")
            and previous is not None
            and self._right_after(previous, first)
        ):
            return "locator"
        if marker_role != "location":
            return marker_role
        walk.role = "location"
        walk.index = first - 1
        return None

    def _names_a_border(self, place: _Place) -> bool:
        """ "the Lebanon-Syria border": the place names a border, which is not a place."""
        for token in self.tokens[place.last + 1 : place.last + 5]:
            if token.lower in ("border", "borders", "frontier"):
                return True
            written = self.text[token.start : token.end]
            if token.lower not in _BORDER_PARTS and not written[:1].isupper():
                return False
        return False

    def _possessive_origin(self, place: _Place) -> bool:
        """ "Afrin's displaced people": a place owning its movers or a movement is their origin."""
        written = self.text[place.mention.end : place.mention.end + 2]
        if written not in ("'s", "’s"):
            return False
        following = place.last + 1
        while following < len(self.tokens) and self.tokens[following].start < place.mention.end + 2:
            following += 1
        if following >= len(self.tokens):
            return False
        word = self.tokens[following].lower
        return following in self.triggers or (word,) in _phrases("en_movers", "word")

    def _right_after(self, previous: _Place, marker_first: int) -> bool:
        """Whether a marker follows the previous place with only filler words between."""
        between = self.tokens[previous.last + 1 : marker_first]
        return len(between) <= 4 and all(
            token.lower in _LOCATOR_FILLERS or token.lower in _fillers() for token in between
        )

    # -- claims ---------------------------------------------------------------------------

    def _movement_words(self) -> dict[int, tuple[int, dict[str, str]]]:
        """(last token, row) of each movement word or phrase, by its first token."""
        table = _phrases("en_triggers", "phrase")
        found: dict[int, tuple[int, dict[str, str]]] = {}
        index = 0
        while index < len(self.tokens):
            match = _match(self.tokens, index, table)
            if match is not None:
                found[index] = match
                index = match[0] + 1
            else:
                index += 1
        return found

    def run(self) -> list[Route]:
        self._assign_roles(self.places)
        claims = self._claims
        for sentence in self.sentences:
            claims.extend(self._sentence_claims(sentence))
        routes: list[Route] = []
        for claim in claims:
            _tidy(claim)
            if not (claim.origins or claim.destinations):
                continue
            routes.append(self._route(claim, len(routes) + 1))
        return routes

    def _sentence_claims(self, sentence: tuple[int, int]) -> list[_Claim]:
        start, end = sentence
        low, high = self._token_range(sentence)
        inside = [first for first in range(low, high) if first in self.triggers]
        inside = [first for first in inside if not self._negated(first, start)]
        if not inside:
            return []
        places = self.places[
            bisect.bisect_left(self._place_starts, start) : bisect.bisect_left(
                self._place_starts, end
            )
        ]
        claims_before = self._claims
        claims: list[_Claim] = []
        chain: _Claim | None = None
        for position, first in enumerate(inside):
            last, row = self.triggers[first]
            stop = inside[position + 1] if position + 1 < len(inside) else len(self.tokens)
            claim = _Claim(first, last, row, sentence, low=first, high=last)
            segment = [place for place in places if first < place.first < stop]
            if position == 0:
                segment = [
                    place
                    for place in places
                    if place.first < first and place.role in ("origin", "destination", "via")
                ] + segment
            for place in segment:
                self._add(claim, place)
            if chain is not None and row.get("joins") == "yes" and not claim.origins:
                _continue(chain, claim)
                continue
            if not claim.origins and row.get("scene") == "origin":
                self._infer_origin(claim, places)
            if not claim.origins and claim.destinations and row.get("movement") in _ONWARD:
                self._carry_origin(claim, claims_before)
            if (
                chain is not None
                and claim.origins
                and not claim.destinations
                and chain.destinations
                and not chain.origins
            ):
                # "reached X after leaving Y": one journey, told backwards.
                chain.origins.extend(claim.origins)
                chain.low, chain.high = min(chain.low, claim.low), max(chain.high, claim.high)
                continue
            claims.append(claim)
            chain = claim
        return claims

    def _add(self, claim: _Claim, place: _Place) -> None:
        role = place.role
        mention = place.mention
        if role == "location":
            if mention.place is not None and mention.place.kind == "country":
                return  # a country is an endpoint only when a direction marker says so
            role = claim.row.get("scene", "none")
        if role == "for":
            role = "destination" if claim.row.get("movement") in _LEAVING else ""
        if role not in ("origin", "destination", "via"):
            return
        kind = "place"
        if mention.place is not None and mention.place.kind in ("region", "country"):
            kind = mention.place.kind
        endpoint = Endpoint(
            text=mention.text,
            start=mention.start,
            end=mention.end,
            place=mention.place,
            kind=kind,
            geometry=mention.geometry,
        )
        {"origin": claim.origins, "destination": claim.destinations, "via": claim.via}[role].append(
            endpoint
        )
        claim.low = min(claim.low, place.first)
        claim.high = max(claim.high, place.last)

    def _infer_origin(self, claim: _Claim, places: Sequence[_Place]) -> None:
        """The place named before the movement word in its sentence, as where it started: a
        place introduced as the scene ("in X"), or, for a claim that names no destination (so
        that no line is drawn from a guess), any place named before it."""
        scene_roles = (
            ("location", "location-far") if claim.destinations else ("", "location", "location-far")
        )
        before = [
            place
            for place in places
            if place.last < claim.trigger
            and place.role in scene_roles
            and place.mention.place is not None
            and place.mention.place.kind != "country"
        ]
        if not before:
            return
        place = before[-1]
        claim.guessed_origin = place.role == ""
        mention = place.mention
        kind = "place"
        if mention.place is not None and mention.place.kind in ("region", "country"):
            kind = mention.place.kind
        claim.origins.append(
            Endpoint(
                text=mention.text,
                start=mention.start,
                end=mention.end,
                place=mention.place,
                kind=kind,
                inferred=True,
                note=f"origin inferred: {mention.text}, named before the movement in the same sentence",
                geometry=mention.geometry,
            )
        )
        claim.low = min(claim.low, place.first)

    def _carry_origin(self, claim: _Claim, before: Sequence[_Claim]) -> None:
        """ "Thousands were displaced from X. Some 5,000 went to Y.": a movement onward that names
        no origin continues a claim of the sentence before in its paragraph that named where
        they left and not where they went."""
        paragraph_start = self.text.rfind("\n", 0, claim.sentence[0]) + 1
        earlier = [
            other
            for other in before
            if other.sentence != claim.sentence and other.sentence[0] >= paragraph_start
        ]
        if not earlier:
            return
        sentence = earlier[-1].sentence
        open_ended = [
            other
            for other in earlier
            if other.sentence == sentence
            and not other.destinations
            and any(not origin.inferred for origin in other.origins)
        ]
        if not open_ended:
            return
        for origin in open_ended[-1].origins:
            note = f"origin inferred: {origin.text}, where the movement told in the sentence "
            note += "before started"
            claim.origins.append(replace(origin, inferred=True, note=note))

    def _negated(self, trigger: int, sentence_start: int) -> bool:
        negations = _phrases("en_negations", "phrase")
        index = trigger - 1
        while index >= 0 and trigger - index <= 6 and self.tokens[index].start >= sentence_start:
            token = self.tokens[index]
            if token.lower in _CLAUSE_BREAKS or token.lower == ",":
                return False
            if _ending_at(self.tokens, index, negations) is not None:
                return True
            index -= 1
        return False

    # -- routes ---------------------------------------------------------------------------

    def _route(self, claim: _Claim, number: int) -> Route:
        trigger_start = self.tokens[claim.trigger].start
        trigger_end = self.tokens[claim.trigger_end].end
        start, end = claim.sentence
        status, cue = self._status(claim.sentence)
        mover, label = self._mover(claim)
        every = [*claim.origins, *claim.destinations, *claim.via]
        resolved = sum(1 for endpoint in every if endpoint.place is not None)
        strength = float(claim.row.get("strength") or 0.5)
        confidence = claim_confidence(strength, every, resolved, status)
        return Route(
            id=f"{self.document.id}:r{number}",
            doc_id=self.document.id,
            trigger=Span(self.text[trigger_start:trigger_end], trigger_start, trigger_end),
            mover=mover,
            mover_label=label,
            origins=claim.origins,
            destinations=claim.destinations,
            via=claim.via,
            actors=self._actors(start, end),
            status=status,
            status_cue=cue,
            time=self.document.metadata.get("date", ""),
            confidence=round(min(1.0, confidence), 3),
            evidence=Span(self.text[start:end], start, end),
            movement=claim.row.get("movement", ""),
        )

    def _status(self, sentence: tuple[int, int]) -> tuple[str, str]:
        """Alleged when the sentence, or an earlier one of its paragraph, hedges."""
        start, end = sentence
        paragraph_start = self.text.rfind("\n", 0, start) + 1
        for low, high in [(start, end), (paragraph_start, start)]:
            cue = _hedge(self.text[low:high])
            if cue:
                return "alleged", cue
        return "reported", ""

    def _mover(self, claim: _Claim) -> tuple[Span | None, str]:
        """The mover: the nearest mover word before the movement word in its sentence, else
        after it; the span takes the quantity before it ("some 1,000 fighters")."""
        movers = _phrases("en_movers", "word")
        indices = range(*self._token_range(claim.sentence))
        before = [i for i in indices if i < claim.trigger and (self.tokens[i].lower,) in movers]
        after = [i for i in indices if i > claim.trigger_end and (self.tokens[i].lower,) in movers]
        people = [i for i in before if movers[(self.tokens[i].lower,)]["kind"] != "quantity"]
        candidates = people or before or after[:1]
        if not candidates:
            return None, ""
        head = candidates[-1]
        first = head
        while first - 1 >= 0 and first - 1 in indices:
            word = self.tokens[first - 1].lower
            if (
                _NUMBER_RE.match(word)
                or word in _QUANTITY_WORDS
                or (word,) in movers
                or word in ("and", ",", "their", "of")
            ):
                first -= 1
            else:
                break
        while first < head and (
            self.tokens[first].lower in ("and", ",", "of", "the", "a")
            or (self.tokens[first].lower == "as" and self.tokens[first + 1].lower != "many")
        ):
            first += 1
        labels = []
        for index in range(first, head + 1):
            row = movers.get((self.tokens[index].lower,))
            if row and row["kind"] != "quantity" and row["label"] not in labels:
                labels.append(row["label"])
        if not labels:
            labels.append(movers[(self.tokens[head].lower,)]["label"])
        span_start, span_end = self.tokens[first].start, self.tokens[head].end
        return Span(self.text[span_start:span_end], span_start, span_end), ", ".join(labels)

    def _actors(self, start: int, end: int) -> list[Actor]:
        pattern, names = _actor_pattern()
        found: list[Actor] = []
        for match in pattern.finditer(self.text, start, end):
            name = names[match.group().lower()]
            if all(actor.name != name for actor in found):
                found.append(Actor(match.group(), match.start(), match.end(), name))
        return found


_DIRECTIONS = ("origin", "destination", "via", "for")
#: Movements that leave a place: after them "for" names where they head.
_LEAVING = ("departure", "withdrawal", "flight")
#: Words (no fillers) a direction may govern a located place across ("to shelters in X").
_GOVERNED_WORDS = 2
#: Movements onward from where an earlier sentence left the movers ("went to", "reached").
_ONWARD = frozenset(("movement", "heading", "arrival"))
_LOCATOR_FILLERS = frozenset((",", "the", "a", "an", "which", "is", "located", "lies", "’s", "'s"))
_BORDER_PARTS = frozenset(("-", "/"))
#: Words (no fillers) that may stand between a movement word and "in X" ("fled their homes in").
_SCENE_REACH = 8


@functools.cache
def _fillers() -> frozenset[str]:
    """Words that may stand between a marker and its place: articles, control adjectives,
    place-type words and directions ("to the rebel-held western countryside of X")."""
    words = {row["word"].lower() for row in load_table("en_fillers")}
    words |= {row["word"].lower() for row in load_table("en_directions")}
    return frozenset(words)


@functools.cache
def _hedge_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    rows = {" ".join(row["cue"].lower().split()): row["status"] for row in load_table("en_hedges")}
    alternatives = "|".join(
        re.escape(cue).replace(r"\ ", r"\s+") for cue in sorted(rows, key=len, reverse=True)
    )
    return re.compile(rf"\b(?:{alternatives})\b", re.I), rows


def _hedge(text: str) -> str:
    pattern, _rows = _hedge_pattern()
    match = pattern.search(text)
    return match.group() if match else ""


@functools.cache
def _actor_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    rows = load_table("en_actors")
    names = {row["phrase"].lower(): row["name"] for row in rows}
    # Case matters for acronyms ("IS" is not "is"): the phrases are matched as written.
    written = "|".join(
        re.escape(row["phrase"]) for row in sorted(rows, key=lambda row: -len(row["phrase"]))
    )
    return re.compile(rf"(?<![\w-])(?:{written})(?![\w-])"), names


def _continue(chain: _Claim, claim: _Claim) -> None:
    """A joining movement word continues ``chain``: destinations passed become via points."""
    if claim.destinations and chain.destinations:
        chain.via.extend(chain.destinations)
        chain.destinations = []
    chain.destinations.extend(claim.destinations)
    chain.via.extend(claim.via)
    chain.low, chain.high = min(chain.low, claim.low), max(chain.high, claim.high)


def _tidy(claim: _Claim) -> None:
    """Keep the most specific of nested places in each role; no place at both ends; no origin
    guessed from a bare mention once the claim has a destination."""
    if claim.guessed_origin and claim.destinations:
        claim.origins = [origin for origin in claim.origins if not origin.inferred]
    for role in ("origins", "destinations", "via"):
        endpoints: list[Endpoint] = getattr(claim, role)
        local = [e for e in endpoints if e.place is not None and e.place.kind not in _BROAD_KINDS]
        if local:
            kept = [
                e
                for e in endpoints
                if not (
                    e.place is not None and e.place.kind in _BROAD_KINDS and _contains(e, local)
                )
            ]
            setattr(claim, role, kept)
    origin_ids = {e.place.id for e in claim.origins if e.place is not None}
    claim.destinations = [
        e for e in claim.destinations if e.place is None or e.place.id not in origin_ids
    ]
    claim.via = [e for e in claim.via if e.place is None or e.place.id not in origin_ids]


def _contains(broad: Endpoint, local: Sequence[Endpoint]) -> bool:
    """Whether a broad endpoint (country, governorate, region) holds one of the local ones."""
    place = broad.place
    if place is None:
        return False
    for endpoint in local:
        other = endpoint.place
        if other is None:
            continue
        if place.kind == "country" and other.country == place.country:
            return True
        if place.kind in ("governorate", "district") and place.id in (
            other.admin1_id,
            other.admin2_id,
        ):
            return True
        if place.kind in ("region", "river") and abs(endpoint.start - broad.end) <= 40:
            return True
    return False
