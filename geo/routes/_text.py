"""Tokens, sentences and lexicon matching for route extraction.

Words are matched after folding (``geo.normalize.fold_arabic``) and after stripping the
clitics and endings their lexicon class allows, so a table lists a stem once and all of its
written forms (وبخروجهم, يخرجون, ليصلوا) match it. Everything here is compiled once per
process; per document the work is a few array operations over the characters, one
dictionary look-up per word and a few list operations per word that starts a lexicon entry.
"""

from __future__ import annotations

import functools
import itertools
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from geo.lexicons import load_table
from geo.normalize import fold_arabic

_SENTENCE_END = frozenset(".!?؟…")
_CLAUSE_END = frozenset("،,;؛:")
#: Punctuation that may stand inside a list of places.
LIST_PUNCT = frozenset("،,()[]-–\"'«»“”#/")

_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")
_PERSON = ("ي", "ت", "ن", "ا")
_VERB_PRE = ("س", "ل")
_PRONOUNS = ("ه", "ها", "هم", "هن", "هما", "كم", "نا")
_NOUN_SUFFIXES = frozenset(
    ("", "ين", "ون", "ات", "ان", "ي", "يه", "يها", "يهم", "تين", "تان")
    + _PRONOUNS
    + tuple(ending + pronoun for ending in ("ات", "ت", "و", "ي") for pronoun in _PRONOUNS)
)
_VERB_SUFFIXES = frozenset(
    ("", "وا", "و", "ون", "ين", "ت", "تم", "تا", "ن", "نا", "ا", "وه", "وها", "وهم", "وهن")
    + _PRONOUNS
    + tuple(ending + pronoun for ending in ("ون", "ت", "تم", "ي", "ا") for pronoun in _PRONOUNS)
)

#: What each lexicon class lets a stem carry: (prepositions and article, person prefix
#: allowed, person prefix required, suffix set).
_CLASS_RULES: dict[str, tuple[bool, bool, bool, frozenset[str]]] = {
    "noun": (True, False, False, _NOUN_SUFFIXES),
    "verb": (False, True, False, _VERB_SUFFIXES),
    "imperfect": (False, True, True, _VERB_SUFFIXES),
    "past": (False, False, False, _VERB_SUFFIXES),
}


class Tokens:
    """Words and punctuation marks of a text as parallel lists (cheaper than one object each).

    Token ``i`` is ``text[starts[i]:ends[i]]``, ``folded[i]`` its folded form and
    ``is_word[i]`` whether it is a word rather than a punctuation mark.
    """

    __slots__ = ("starts", "ends", "folded", "is_word")

    def __init__(
        self, starts: list[int], ends: list[int], folded: list[str], is_word: list[bool]
    ) -> None:
        self.starts = starts
        self.ends = ends
        self.folded = folded
        self.is_word = is_word

    def __len__(self) -> int:
        return len(self.starts)


@dataclass(frozen=True, slots=True, eq=False)
class Entry:
    """One lexicon row ready for matching: the first word's key, the other words, its row."""

    lexicon: str
    words: tuple[str, ...]
    row: dict[str, str]
    word_class: str


class Match:
    """A lexicon entry found at tokens ``first..last`` (inclusive)."""

    __slots__ = ("entry", "first", "last")

    def __init__(self, entry: Entry, first: int, last: int) -> None:
        self.entry = entry
        self.first = first
        self.last = last


# Words are runs of letters, digits and Arabic marks; any other non-space character is a
# token of its own (punctuation matters: commas and brackets delimit lists and clauses).
_WORD_CHAR = r"[\w\u0610-\u061a\u064b-\u065f\u0670\u0640]"
_TOKEN_RE = re.compile(rf"{_WORD_CHAR}+|[^\s\w]")
_WORD_CHAR_RE = re.compile(_WORD_CHAR)
_SPACE_RE = re.compile(r"\s")
_SPACE, _PUNCT, _MARK, _ALNUM, _UNKNOWN = range(5)


def _char_class(char: str) -> int:
    """Whitespace, punctuation, or a word character (alphanumeric or not), as ``_TOKEN_RE``
    sees it."""
    if _SPACE_RE.match(char):
        return _SPACE
    if _WORD_CHAR_RE.match(char):
        return _ALNUM if char.isalnum() else _MARK
    return _PUNCT


#: The class of every character by code point, filled in as characters are first seen.
_CLASSES = np.full(sys.maxunicode + 1, _UNKNOWN, np.uint8)


class _ChunkFolds(dict[str, tuple[str, ...]]):
    """Folded forms of the tokens of a whitespace-free chunk of text, computed on first
    sight (up to a bound, then each time): articles repeat most of their words."""

    def __missing__(self, chunk: str) -> tuple[str, ...]:
        folded = tuple(map(fold_arabic, _TOKEN_RE.findall(chunk)))
        if len(self) < 262_144:
            self[chunk] = folded
        return folded


_CHUNK_FOLDS = _ChunkFolds()


def tokenize(text: str) -> Tokens:
    """Split ``text`` into word and punctuation tokens with folded forms."""
    starts, ends, is_word = _bounds(_classes(text))
    # Tokens never contain whitespace: the folded forms come chunk by chunk, from a cache
    # (``_TOKEN_RE`` splits a chunk as the character classes do).
    folded = list(itertools.chain.from_iterable(map(_CHUNK_FOLDS.__getitem__, text.split())))
    if "" in folded:  # a lone diacritic or tatweel folds to nothing: not a token
        kept = [index for index, form in enumerate(folded) if form]
        return Tokens(
            [starts[index] for index in kept],
            [ends[index] for index in kept],
            [folded[index] for index in kept],
            [is_word[index] for index in kept],
        )
    return Tokens(starts, ends, folded, is_word)


def _classes(text: str) -> np.ndarray:
    """The class of each character of ``text``."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    classes = _CLASSES[codes]
    for index in np.flatnonzero(classes == _UNKNOWN).tolist():
        classes[index] = _CLASSES[codes[index]] = _char_class(text[index])
    return classes


def _bounds(classes: np.ndarray) -> tuple[list[int], list[int], list[bool]]:
    """Start and end offsets of the tokens of a text from its characters' classes, and
    whether each token is a word.

    Array operations: a regex scan of the whole text, or a loop over its characters or
    chunks in Python, costs several times as much.
    """
    word = classes >= _MARK
    punct = classes == _PUNCT
    first = word.copy()
    first[1:] &= ~word[:-1]
    last = word.copy()
    last[:-1] &= ~word[1:]
    starts = np.flatnonzero(first | punct)
    ends = np.flatnonzero(last | punct) + 1
    # A word is a run of two or more word characters or one alphanumeric character.
    is_word = (ends - starts > 1) | (classes[starts] == _ALNUM)
    return starts.tolist(), ends.tolist(), is_word.tolist()


def is_sentence_end(tokens: Tokens, index: int) -> bool:
    return not tokens.is_word[index] and tokens.folded[index] in _SENTENCE_END


def is_clause_end(tokens: Tokens, index: int) -> bool:
    folded = tokens.folded[index]
    return not tokens.is_word[index] and (folded in _CLAUSE_END or folded in _SENTENCE_END)


def _strip_conj(word: str) -> Iterable[tuple[str, bool]]:
    yield word, False
    if len(word) > 2 and word[0] in _CONJ:
        yield word[1:], True


_Analysis = tuple[str, str, bool, bool, str]


@functools.lru_cache(maxsize=65536)
def stems(word: str) -> tuple[_Analysis, ...]:
    """Return the analyses of a folded word: ``(stem, kind, has_prep, has_person, suffix)``.

    ``kind`` is ``noun`` (prepositions and the article may have been stripped) or ``verb``
    (a future/lam and a person prefix may have been stripped). The unanalysed word is always
    the first analysis.
    """
    found: dict[_Analysis, None] = {}
    for rest, _ in _strip_conj(word):
        for core, prep in _noun_cores(rest):
            _add_suffixes(found, core, "noun", prep, False)
        for core in _verb_cores(rest):
            _add_suffixes(found, core, "verb", False, True)
    return tuple(found)


def _noun_cores(rest: str) -> list[tuple[str, bool]]:
    """The word, then without a preposition (ب ل ك، لل) and the article: (core, had a prep)."""
    cores = [(rest, False)]
    if rest.startswith("لل") and len(rest) > 3:
        cores.append((rest[2:], True))
    for prep in _PREP:
        if rest.startswith(prep) and len(rest) > 2:
            after_prep = rest[1:]
            cores.append((after_prep, True))
            if after_prep.startswith("ال") and len(after_prep) > 3:
                cores.append((after_prep[2:], True))
    if rest.startswith("ال") and len(rest) > 3:
        cores.append((rest[2:], True))
    return cores


def _verb_cores(rest: str) -> list[str]:
    """The word without a future or lam prefix (if any) and a person prefix."""
    cores = []
    for pre in ("", *_VERB_PRE):
        if pre and not rest.startswith(pre):
            continue
        after_pre = rest[len(pre) :]
        for person in _PERSON:
            if after_pre.startswith(person) and len(after_pre) > 2:
                cores.append(after_pre[1:])
    return cores


def _add_suffixes(
    found: dict[_Analysis, None], core: str, kind: str, prep: bool, person: bool
) -> None:
    """Each stem of ``core`` with up to four final letters taken as a suffix."""
    for cut in range(0, min(5, len(core) - 1)):
        suffix = core[len(core) - cut :] if cut else ""
        stem = core[: len(core) - cut]
        if len(stem) < 2:
            break
        found.setdefault((stem, kind, prep, person, suffix), None)
        # A suffix turns a final ة into ت (عائلتهم, سيطرته): restore it.
        if suffix and stem.endswith("ت") and len(stem) > 2:
            found.setdefault((stem[:-1] + "ه", kind, prep, person, suffix), None)


def _admits(word_class: str, analysis: tuple[str, str, bool, bool, str]) -> bool:
    _stem, kind, prep, person, suffix = analysis
    rules = _CLASS_RULES.get(word_class)
    if rules is None:
        return False
    allows_prep, allows_person, needs_person, suffixes = rules
    if prep and not allows_prep:
        return False
    if person and not allows_person:
        return False
    if needs_person and not person:
        return False
    if kind == "verb" and not allows_person:
        return False
    return suffix in suffixes


@functools.lru_cache(maxsize=65536)
def _plain_keys(word: str, with_prep: bool) -> tuple[str, ...]:
    """Keys of a word for ``fixed``/``word`` entries: without و/ف, (ب/ل/ك), (ال)."""
    keys: list[str] = []
    for rest, _ in _strip_conj(word):
        keys.append(rest)
        if not with_prep:
            continue
        if rest.startswith("لل") and len(rest) > 3:
            keys.append("ال" + rest[2:])
        for prep in _PREP:
            if rest.startswith(prep) and len(rest) > 2:
                keys.append(rest[1:])
    return tuple(dict.fromkeys(keys))


class Lexicon:
    """All entries of some tables, indexed by the key of their first word."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self._morph: dict[str, list[Entry]] = {}
        self._plain: dict[str, list[Entry]] = {}
        self._word: dict[str, list[Entry]] = {}
        self._cache: dict[str, tuple[Entry, ...]] = {}
        for entry in entries:
            if entry.word_class in _CLASS_RULES:
                index = self._morph
            elif entry.word_class == "word":
                index = self._word
            else:
                index = self._plain
            index.setdefault(entry.words[0], []).append(entry)
        for index in (self._morph, self._plain, self._word):
            for bucket in index.values():
                bucket.sort(key=lambda entry: -len(entry.words))
        # Every stem ``stems`` finds is a piece of the word, or a piece whose final ت is read
        # as ه: a word containing none of the pieces these can be has no stem to look up.
        self._stem_piece = _piece_pattern(
            {*self._morph, *(key[:-1] + "ت" for key in self._morph if key.endswith("ه"))}
        )

    def candidates(self, word: str) -> tuple[Entry, ...]:
        """Entries whose first word ``word`` may be, longest first (ties in table order)."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        candidates: list[Entry] = []
        for key in _plain_keys(word, False):
            candidates.extend(self._plain.get(key, ()))
        for key in _plain_keys(word, True):
            candidates.extend(self._word.get(key, ()))
            if key.startswith("ال") and len(key) > 3:
                candidates.extend(self._word.get(key[2:], ()))
        if self._stem_piece.search(word):
            for analysis in stems(word):
                for entry in self._morph.get(analysis[0], ()):
                    if _admits(entry.word_class, analysis):
                        candidates.append(entry)
        # The match of an entry spans as many tokens as it has words, so ordering the
        # candidates by length orders their matches longest first.
        result = tuple(sorted(dict.fromkeys(candidates), key=lambda entry: -len(entry.words)))
        if len(self._cache) < 200_000:
            self._cache[word] = result
        return result


def _piece_pattern(pieces: set[str]) -> re.Pattern[str]:
    """A pattern found in every word containing one of ``pieces`` (in any word, if none)."""
    return re.compile("|".join(map(re.escape, sorted(pieces))))


def _fold_words(phrase: str) -> tuple[str, ...]:
    tokens = tokenize(phrase)
    return tuple(
        word for word, is_word in zip(tokens.folded, tokens.is_word, strict=True) if is_word
    )


@functools.cache
def lexicon(name: str, default_class: str = "word") -> tuple[Entry, ...]:
    """Return the rows of table ``name`` as entries (first column is the phrase)."""
    entries = []
    for row in load_table(name):
        phrase = next(iter(row.values()))
        words = _fold_words(phrase)
        if not words:
            continue
        word_class = row.get("class") or default_class
        entries.append(Entry(name, words, row, word_class))
    return tuple(entries)
