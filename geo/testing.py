"""Helpers for tests and benchmarks: a seeded synthetic corpus, a fast stand-in parser.

Synthetic corpus
----------------
A seeded corpus of Arabic or English news articles for benchmarks and corpus tests.

Arabic articles are built from sentence templates filled with the Arabic names of real places
of a gazetteer (villages, towns, cities, governorates, with cues such as قرية, بلدة, ريف ...
الشرقي), movement phrases (خروج ... من ... باتجاه ..., نقل ... إلى ..., نزوح ... من ... نحو
...), hedges (مصادر محلية, شهود عيان) and filler sentences, about 2,000 characters each.

English articles (``language="en"``) are built the same way from the gazetteer's Latin names
of the same places, written as wire reports write them: the article as al-, el- or
assimilated (ad-, ash-, ar- ...) or left out, vowels spelled by ear (ee, ou, a final h), each
spelling checked to have the transliteration key of one of the place's names
(``geo.latin.translit``) and to be no ordinary English word. Cues ("the town of", "the village
of", "camp", "crossing", "province", "the eastern countryside of"), movement sentences ("were
evacuated from X to Y via Z", "fled X for Y", "buses carrying ... left X for Y", "reached Y
after leaving X"), hedges ("according to activists", "reportedly") and filler sentences, about
2,000 characters each.

The same seed, language and gazetteer give byte-identical files.

Usage::

    from geo.testing import generate_corpus
    corpus = generate_corpus(out_dir, 1000, seed=0, gazetteer=Gazetteer.default(), bad_files=20)
    corpus.good      # article files that must parse
    corpus.bad       # {path: kind} of files that must be reported as failures
    corpus.odd       # {path: kind} of good files in unusual form (cp1256, UTF-16, cut UTF-8)

or from the shell: ``python benchmarks/synth.py OUT_DIR N [--seed S] [--bad B] [--lang en]``.
"""

from __future__ import annotations

import codecs
import random
import re
import time
import unicodedata
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.model import Document, Mention, ParsedDocument

#: Kinds of bad file, cycled through; every one must be refused by geo.document.
BAD_KINDS = ("empty", "binary", "huge", "whitespace", "control", "html-without-text", "bad-sidecar")

#: Kinds of unusual but readable file added beside the bad ones.
ODD_KINDS = ("cp1256", "truncated-utf8", "utf16-bom")

HUGE_BYTES = 20 * 1024 * 1024
TARGET_CHARS = 2000

HEDGES = (
    "مصادر محلية",
    "شهود عيان",
    "ناشطون محليون",
    "مصادر ميدانية",
    "مراسلنا",
    "مصادر أهلية",
)
MOVERS = (
    "عشرات العائلات",
    "مئات المدنيين",
    "عناصر من التنظيم",
    "مقاتلي الفصائل وعائلاتهم",
    "أكثر من مئة عائلة",
    "الجرحى والمصابين",
    "دفعة من المهجرين",
    "عدد من الأسرى",
)
TIMES = ("", " صباح اليوم", " مساء أمس", " خلال الأيام الماضية", " فجر الأحد", " منذ أسبوع")
DIRECTIONS = ("الشرقي", "الغربي", "الشمالي", "الجنوبي")
MOVEMENT_TEMPLATES = (
    "وأفادت {hedge} بخروج {mover} من {a} باتجاه {b}{time}.",
    "وقالت {hedge} إن قوات النظام نقلت {mover} من {a} إلى {b}{time}.",
    "ونزح {mover} من {a} نحو {b}{time} هرباً من القصف.",
    "وذكرت {hedge} أن قافلة تقل {mover} انطلقت من {a} باتجاه {b} مروراً عبر {c}.",
    "وأكد {hedge} وصول {mover} إلى {b} قادمين من {a}{time}.",
)
EVENT_TEMPLATES = (
    "وشهدت {a} قصفاً مدفعياً عنيفاً{time}، ما أدى إلى سقوط جرحى بين المدنيين.",
    "وتعرضت أطراف {a} لغارات جوية متتالية بحسب {hedge}.",
    "واندلعت اشتباكات عنيفة على محور {a} استمرت عدة ساعات.",
    "وتقع {a} في {region} وتخضع لسيطرة فصائل المعارضة منذ سنوات.",
)
FILLER = (
    "وتعاني المنطقة من نقص حاد في المواد الغذائية والطبية منذ أشهر.",
    "ولم يصدر أي تعليق رسمي حتى ساعة إعداد هذا التقرير.",
    "وتأتي هذه التطورات في ظل تصعيد عسكري متواصل تشهده المنطقة.",
    "وطالب الأهالي المنظمات الإنسانية بالتدخل العاجل لتأمين المأوى للنازحين.",
    "وأشار التقرير إلى أن أعداد الضحايا مرشحة للارتفاع بسبب خطورة الإصابات.",
    "وتحدث السكان عن انقطاع التيار الكهربائي ومياه الشرب عن معظم الأحياء.",
    "وكانت الأمم المتحدة قد حذرت في وقت سابق من تدهور الوضع الإنساني.",
    "ويقول ناشطون إن الطرق الرئيسية باتت غير آمنة بسبب انتشار الحواجز.",
)
TITLE_TEMPLATES = (
    "نزوح {mover} من {a} باتجاه {b}",
    "قصف عنيف يستهدف {a} وحركة نزوح نحو {b}",
    "تفاصيل خروج {mover} من {a}",
)
FURNITURE_TAILS = ("", "\n\nالتعليقات (0)\n\nشارك", "\n\nاقرأ أيضاً\n\nالأكثر قراءة", "")
_CUES = {"village": "قرية", "town": "بلدة", "city": "مدينة"}
_CLEAN_NAME_RE = re.compile("^[\u0621-\u064a]+(?: [\u0621-\u064a]+){0,2}$")


@dataclass
class SynthCorpus:
    """What ``generate_corpus`` wrote. Paths are inside ``out_dir``."""

    out_dir: Path
    good: list[Path] = field(default_factory=list)
    bad: dict[Path, str] = field(default_factory=dict)
    odd: dict[Path, str] = field(default_factory=dict)
    places: dict[Path, list[str]] = field(default_factory=dict)

    @property
    def readable(self) -> list[Path]:
        """Every file that must parse: the good ones and the odd ones."""
        return sorted([*self.good, *self.odd], key=lambda path: path.as_posix())


@dataclass(frozen=True)
class _Name:
    place_id: str
    name_ar: str
    kind: str
    governorate_ar: str


def _names(gazetteer: Any) -> tuple[list[_Name], list[_Name]]:
    """Settlements and governorates of ``gazetteer`` with clean Arabic names, sorted by id."""
    governorates: dict[str, str] = {}
    gov_names: list[_Name] = []
    for place in sorted(gazetteer.places.values(), key=lambda place: place.id):
        if (
            place.kind == "governorate"
            and place.country == "SY"
            and _CLEAN_NAME_RE.match(place.name_ar or "")
        ):
            governorates.setdefault(place.name, place.name_ar)
            gov_names.append(_Name(place.id, place.name_ar, "governorate", place.name_ar))
    settlements: list[_Name] = []
    fallback = sorted(governorates.values())
    for place in sorted(gazetteer.places.values(), key=lambda place: place.id):
        if place.kind not in _CUES or place.country != "SY" or place.lat is None:
            continue
        name = (place.name_ar or "").strip()
        if not _CLEAN_NAME_RE.match(name) or len(name.replace(" ", "")) < 3:
            continue
        governorate = governorates.get(place.admin1) or (
            fallback[zlib.crc32(place.id.encode()) % len(fallback)] if fallback else ""
        )
        settlements.append(_Name(place.id, name, place.kind, governorate))
    if not settlements or not gov_names:
        raise ValueError(
            "the gazetteer has no Syrian settlements or governorates with Arabic names"
        )
    return settlements, gov_names


def _mention(name: _Name, rng: random.Random) -> str:
    if name.kind == "governorate":
        return rng.choice(
            (f"محافظة {name.name_ar}", f"ريف {name.name_ar} {rng.choice(DIRECTIONS)}")
        )
    cue = _CUES[name.kind]
    if rng.random() < 0.3 and name.governorate_ar:
        return f"{cue} {name.name_ar} في ريف {name.governorate_ar} {rng.choice(DIRECTIONS)}"
    return f"{cue} {name.name_ar}"


def make_article(
    rng: random.Random, settlements: Sequence[_Name], governorates: Sequence[_Name]
) -> tuple[str, list[str]]:
    """One article of about ``TARGET_CHARS`` characters and the place ids it names."""
    used: list[str] = []

    def pick() -> str:
        name = rng.choice(governorates) if rng.random() < 0.1 else rng.choice(settlements)
        used.append(name.place_id)
        return _mention(name, rng)

    def fill(template: str) -> str:
        values = {
            "hedge": rng.choice(HEDGES),
            "mover": rng.choice(MOVERS),
            "time": rng.choice(TIMES),
            "region": f"ريف {rng.choice(governorates).name_ar} {rng.choice(DIRECTIONS)}",
        }
        for slot in ("a", "b", "c"):
            if "{" + slot + "}" in template:
                values[slot] = pick()
        return template.format(**values)

    text = _article_text(
        rng, fill, TITLE_TEMPLATES, MOVEMENT_TEMPLATES, EVENT_TEMPLATES, FILLER, FURNITURE_TAILS
    )
    return text, used


def _article_text(
    rng: random.Random,
    fill: Callable[[str], str],
    titles: Sequence[str],
    movements: Sequence[str],
    events: Sequence[str],
    filler: Sequence[str],
    tails: Sequence[str],
) -> str:
    """A title, then paragraphs of a movement, an event and a filler sentence in a random
    order, until the article is ``TARGET_CHARS`` long, then site furniture."""
    title = fill(rng.choice(titles))
    paragraphs: list[str] = []
    length = len(title)
    while length < TARGET_CHARS:
        sentences = [fill(rng.choice(movements)), fill(rng.choice(events)), rng.choice(filler)]
        rng.shuffle(sentences)
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return title + "\n\n" + "\n\n".join(paragraphs) + rng.choice(tails) + "\n"


# ---------------------------------------------------------------------------------------
# English articles
# ---------------------------------------------------------------------------------------

#: Languages ``generate_corpus`` writes.
LANGUAGES = ("ar", "en")
#: Kinds of unusual but readable English file added beside the bad ones.
ENGLISH_ODD_KINDS = ("cp1252", "truncated-utf8", "utf16-bom")

EN_HEDGES = (
    "according to activists",
    "activists said",
    "local sources said",
    "witnesses said",
    "a source told our correspondent",
    "residents said",
)
EN_MOVERS = (
    "dozens of families",
    "hundreds of civilians",
    "some 400 fighters and their families",
    "more than 100 families",
    "the wounded and sick",
    "a batch of displaced people",
    "scores of detainees",
    "thousands of residents",
)
EN_TIMES = (
    "",
    " on Sunday",
    " on Monday evening",
    " over the past few days",
    " at dawn on Friday",
    " last week",
)
EN_DIRECTIONS = ("eastern", "western", "northern", "southern")
EN_MOVEMENT_TEMPLATES = (
    "{Mover} were evacuated from {a} to {b} via {c}{time}, {hedge}.",
    "{Mover} fled {a} for {b}{time} to escape the shelling.",
    "Buses carrying {mover} left {a} for {b}{time}, {hedge}.",
    "{Mover} were reportedly bused from {a} to {b}{time}.",
    "{Mover} reached {b}{time} after leaving {a}, {hedge}.",
    "A convoy carrying {mover} departed {a} bound for {b}, passing through {c}{time}.",
    "{Mover} were displaced from {a} towards {b}{time}, {hedge}.",
    "The government denied that {mover} had been transferred from {a} to {b}{time}.",
    "{Mover} arrived in {b} from {a}{time}, {hedge}.",
)
EN_EVENT_TEMPLATES = (
    "Heavy artillery shelling hit {a}{time}, wounding several civilians.",
    "Warplanes carried out a series of air strikes near {a}, {hedge}.",
    "Fierce clashes broke out around {a} and lasted several hours.",
    "{A} lies in {region} and has been held by opposition factions for years.",
)
EN_FILLER = (
    "The area has suffered from severe shortages of food and medicine for months.",
    "There was no official comment by the time this report was published.",
    "The developments come amid a continuing military escalation in the region.",
    "Residents called on humanitarian organisations to urgently provide shelter for the displaced.",
    "The report said the death toll was likely to rise as many of the wounded were in critical condition.",
    "People spoke of power cuts and a lack of drinking water in most neighbourhoods.",
    "The United Nations had earlier warned of a deteriorating humanitarian situation.",
    "Activists say the main roads have become unsafe because of the spread of checkpoints.",
)
EN_TITLE_TEMPLATES = (
    "Hundreds flee {a} for {b} as shelling intensifies",
    "Heavy shelling hits {a}, residents head to {b}",
    "Evacuation of {mover} from {a} under way",
)
EN_FURNITURE_TAILS = ("", "\n\nComments (0)\n\nShare", "\n\nRead more\n\nMost read", "")
_EN_CUES = {
    "village": "the village of {}",
    "town": "the town of {}",
    "city": "the city of {}",
    "camp": "the {} camp",
}
_LATIN_NAME_RE = re.compile(r"^[A-Za-z]+(?:'[A-Za-z]+)*(?:[ -][A-Za-z]+(?:'[A-Za-z]+)*){0,3}$")
#: Kinds a wire report names with no cue or preposition ("Homs", "Idlib province").
_PROMINENT_KINDS = frozenset(("city", "governorate"))
#: Vowel and ending spellings by ear; a spelling is kept only if its key is the name's.
_EAR_SPELLINGS = (
    (re.compile(r"(?<=[bdfhjklmnqrstz])i(?=[bdfjklmnqrstz])"), "ee"),
    (re.compile(r"(?<=[bdfhjklmnqrstz])u(?=[bdfjklmnqrstz])"), "ou"),
    (re.compile(r"(?<=[bdfhjklmnqrstz])ay(?=[bdfjklmnqrstz])"), "ai"),
    (re.compile(r"iyah$"), "iyeh"),
    (re.compile(r"ah$"), "a"),
    (re.compile(r"(?<=[bdfjklmnqrstz])a$"), "ah"),
)


@dataclass(frozen=True)
class _LatinName:
    place_id: str
    #: The gazetteer's English name.
    name: str
    #: The place's names as a wire report may write them, each with one of its keys.
    spellings: tuple[str, ...]
    kind: str
    #: The id of its governorate.
    governorate: str
    #: Transliteration keys of the place's Latin names, as English recognition indexes them.
    keys: frozenset[str]


def _plain_latin(name: str) -> str:
    """``name`` without accents and ayn marks ("‘Ayn Shāţir" → "Ayn Shatir"), an article that
    is also an English word joined by a hyphen ("As Safirah" → "As-Safirah"); '' if it is not
    a plain Latin name."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = re.sub("[`‘’ʿʾʻʼ´]", "'", " ".join(plain.split()))
    plain = re.sub(r"(?:^|(?<=[ -]))'+|'+(?=$|[ -])", "", plain)
    if re.search(r"(?:^|[ -])[A-Za-z]'", plain):
        return ""  # "H'ims": a dotted letter written with an apostrophe, not a reporter's spelling
    from geo.latin.translit import ARTICLES

    words = re.split("[ -]", plain)
    if any(not word[:1].isupper() for word in words if word.lower() not in ARTICLES):
        return ""  # "dhyban": a search form, not a name as written
    plain = re.sub(
        r"\b(As|At|An|Ad|Ed|Es|Et|Er|En|as|at|an|ad|ed|es|et|er|en) (?=[A-Za-z])", r"\1-", plain
    )
    return plain if _LATIN_NAME_RE.match(plain) else ""


def _written_key(spelling: str) -> str:
    """The transliteration key English recognition reads from ``spelling`` in a text."""
    from geo.latin.translit import translit_key
    from geo.latin.words import tokens_of

    return translit_key(" ".join(token.text for token in tokens_of(spelling)))


def _readable(spelling: str, keys: frozenset[str], *, exact: bool) -> bool:
    """Whether recognition reads ``spelling`` as the place: its key is one of the place's,
    and (unless it is the gazetteer's own name of a city or governorate) it is no English
    word, which recognition would take for the word."""
    from geo.latin.translit import MIN_KEY_LENGTH
    from geo.latin.words import LOOSE_MATCH_ZIPF, english_zipf
    from geo.normalize import latin_key

    key = _written_key(spelling)
    if len(key) < MIN_KEY_LENGTH or key not in keys:
        return False
    return exact or english_zipf(latin_key(spelling)) < LOOSE_MATCH_ZIPF


def _latin_name(place: Any, governorate: str) -> _LatinName | None:
    from geo.gazetteer.index import name_keys, place_names
    from geo.latin.translit import translit_key

    _arabic, latin, _bones = name_keys(place_names(place))
    keys = frozenset(translit_key(key) for key in latin)
    main = _written_key(_plain_latin(place.name)) if _plain_latin(place.name) else ""
    spellings: list[str] = []
    for name in (place.name, *place.names):
        plain = _plain_latin(name)
        if place.kind == "camp":
            # "Mukhayyam al Yarmuk", "Yarmouk Camp": the camp word is the cue's.
            plain = " ".join(
                word for word in plain.split() if word.lower() not in ("camp", "mukhayyam")
            )
        if (
            plain
            and plain not in spellings
            and (_written_key(plain) == main or place.kind == "camp")
            and _readable(plain, keys, exact=place.kind in _PROMINENT_KINDS)
        ):
            spellings.append(plain)
    if not spellings:
        return None
    return _LatinName(place.id, place.name, tuple(spellings), place.kind, governorate, keys)


def _latin_names(gazetteer: Any) -> tuple[list[_LatinName], list[_LatinName]]:
    """Settlements and governorates of ``gazetteer`` with Latin names English recognition
    reads, sorted by id."""
    places = sorted(gazetteer.places.values(), key=lambda place: place.id)
    gov_names: list[_LatinName] = []
    for place in places:
        if place.kind == "governorate" and place.country == "SY":
            name = _latin_name(place, place.id)
            if name is not None:
                gov_names.append(name)
    by_english: dict[str, str] = {}
    for name in gov_names:
        by_english.setdefault(name.name, name.place_id)
    fallback = sorted(by_english.values())
    settlements: list[_LatinName] = []
    for place in places:
        if place.kind not in _EN_CUES or place.country != "SY" or place.lat is None:
            continue
        governorate = by_english.get(place.admin1) or (
            fallback[zlib.crc32(place.id.encode()) % len(fallback)] if fallback else ""
        )
        name = _latin_name(place, governorate)
        if name is not None:
            settlements.append(name)
    if not settlements or not gov_names:
        raise ValueError("the gazetteer has no Syrian settlements or governorates with Latin names")
    return settlements, gov_names


def _article_form(following: str, rng: random.Random, *, first: bool) -> str:
    """The article before ``following`` as reports write it: al-, el-, or assimilated to a sun
    letter (ad-, ash-, ez- ...); capitalised at times at the start of a name."""
    lower = following.lower()
    forms = ["al-", "el-"]
    if lower[:2] in ("sh", "th", "dh"):
        forms.append(f"a{lower[:2]}-")
    elif lower[:1] in ("t", "d", "r", "z", "s", "n"):
        forms.extend((f"a{lower[0]}-", f"e{lower[0]}-"))
    form = rng.choice(forms)
    return form.capitalize() if first and rng.random() < 0.5 else form


def _spelled(name: _LatinName, rng: random.Random) -> str:
    """One of the place's spellings, sometimes with its article and vowels written another way
    that recognition reads as the same name (else the spelling as the gazetteer has it)."""
    from geo.latin.translit import ARTICLES

    spelling = rng.choice(name.spellings)
    words = re.split(r"[ -]", spelling)
    if (
        len(words) > 1
        and rng.random() < 0.5
        and any(word.lower() in ARTICLES for word in words[:-1])
    ):
        parts: list[str] = []
        index = 0
        while index < len(words):
            word = words[index]
            if word.lower() in ARTICLES and index < len(words) - 1:
                following = words[index + 1]
                if index == 0 and rng.random() < 0.2:
                    parts.append(following)  # "Rastan" for "Al-Rastan"
                else:
                    parts.append(_article_form(following, rng, first=index == 0) + following)
                index += 2
                continue
            parts.append(word)
            index += 1
        spelling = " ".join(parts)
    if rng.random() < 0.3:
        pattern, replacement = rng.choice(_EAR_SPELLINGS)
        spelling = pattern.sub(replacement, spelling, count=1)
    chosen = spelling if _readable(spelling, name.keys, exact=False) else ""
    return chosen or name.spellings[0]


def _english_region(governorate: _LatinName, rng: random.Random) -> str:
    gov = _spelled(governorate, rng)
    if governorate.name.startswith("Rural "):
        return f"{gov} province"  # not "the countryside of Rural Damascus"
    direction = rng.choice(EN_DIRECTIONS)
    return rng.choice(
        (
            f"the {direction} countryside of {gov}",
            f"rural {direction} {gov}",
            f"the {direction} {gov} countryside",
        )
    )


def _english_mention(
    name: _LatinName, rng: random.Random, governorates: dict[str, _LatinName], slot: str
) -> str:
    """How an article names a place in ``slot`` ("a", "b", "c": the via point, "A": the
    subject of a sentence, which says where it lies by itself)."""
    if name.kind == "governorate":
        gov = _spelled(name, rng)
        if name.name.startswith("Rural ") or rng.random() < 0.5:
            return rng.choice((f"{gov} province", f"the province of {gov}"))
        return _english_region(name, rng)
    spelling = _spelled(name, rng)
    if slot == "c" and name.kind in ("town", "village") and rng.random() < 0.2:
        return f"the {spelling} crossing"
    if name.kind in _PROMINENT_KINDS and rng.random() < 0.5:
        text = spelling
    else:
        text = _EN_CUES[name.kind].format(spelling)
    governorate = governorates.get(name.governorate)
    if slot != "A" and rng.random() < 0.3 and governorate is not None:
        if rng.random() < 0.5:
            return f"{text} in {_english_region(governorate, rng)}"
        return f"{text} in {_spelled(governorate, rng)} province"
    return text


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def make_english_article(
    rng: random.Random, settlements: Sequence[_LatinName], governorates: Sequence[_LatinName]
) -> tuple[str, list[str]]:
    """One English article of about ``TARGET_CHARS`` characters and the place ids it names."""
    used: list[str] = []
    by_id = {name.place_id: name for name in governorates}

    def pick(slot: str) -> str:
        name = rng.choice(governorates) if rng.random() < 0.1 else rng.choice(settlements)
        used.append(name.place_id)
        return _english_mention(name, rng, by_id, slot)

    def fill(template: str) -> str:
        mover = rng.choice(EN_MOVERS)
        values = {
            "hedge": rng.choice(EN_HEDGES),
            "mover": mover,
            "Mover": _capitalised(mover),
            "time": rng.choice(EN_TIMES),
            "region": _english_region(rng.choice(governorates), rng),
        }
        for slot in ("a", "b", "c"):
            if "{" + slot + "}" in template:
                values[slot] = pick(slot)
        if "{A}" in template:
            values["A"] = _capitalised(pick("A"))
        return template.format(**values)

    text = _article_text(
        rng,
        fill,
        EN_TITLE_TEMPLATES,
        EN_MOVEMENT_TEMPLATES,
        EN_EVENT_TEMPLATES,
        EN_FILLER,
        EN_FURNITURE_TAILS,
    )
    return text, used


def generate_corpus(
    out_dir: str | Path,
    n_articles: int,
    *,
    seed: int = 0,
    gazetteer: Any,
    bad_files: int = 0,
    odd_files: int | None = None,
    language: str = "ar",
) -> SynthCorpus:
    """Write ``n_articles`` synthetic articles (plus bad and odd files) into ``out_dir``.

    Parameters
    ----------
    out_dir
        Folder to write into (created). Articles go to ``out_dir/NNN/article_NNNNNN.txt``
        (100 per sub-folder); bad and odd files to ``out_dir/bad`` and ``out_dir/odd``.
    n_articles
        Good UTF-8 articles to write.
    seed
        Random seed; the same seed and gazetteer give the same files.
    gazetteer
        A ``geo.gazetteer.Gazetteer`` (or anything with ``.places``) whose names fill the
        templates.
    bad_files
        Files that cannot be read (cycling through ``BAD_KINDS``; only the first ``huge``
        one is 20 MB, later ones are replaced by binary files).
    odd_files
        Readable files in unusual encodings (``ODD_KINDS``, in English ``ENGLISH_ODD_KINDS``);
        default 3 when ``bad_files``.
    language
        ``"ar"`` (Arabic articles, from the gazetteer's Arabic names) or ``"en"`` (English
        articles, from its Latin names). The Arabic corpus of a seed is the one this function
        wrote before it had English.

    Returns
    -------
    SynthCorpus
    """
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: use one of {', '.join(LANGUAGES)}")
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    article: Callable[[random.Random], tuple[str, list[str]]]
    if language == "en":
        latin_settlements, latin_governorates = _latin_names(gazetteer)

        def article(rng: random.Random) -> tuple[str, list[str]]:
            return make_english_article(rng, latin_settlements, latin_governorates)

    else:
        settlements, governorates = _names(gazetteer)

        def article(rng: random.Random) -> tuple[str, list[str]]:
            return make_article(rng, settlements, governorates)

    corpus = SynthCorpus(out_dir=root)
    for number in range(n_articles):
        text, used = article(rng)
        folder = root / f"{number // 100:03d}"
        folder.mkdir(exist_ok=True)
        path = folder / f"article_{number:06d}.txt"
        path.write_text(text, encoding="utf-8")
        corpus.good.append(path)
        corpus.places[path] = used
    if bad_files:
        bad_dir = root / "bad"
        bad_dir.mkdir(exist_ok=True)
        huge_written = False
        for number in range(bad_files):
            kind = BAD_KINDS[number % len(BAD_KINDS)]
            if kind == "huge" and huge_written:
                kind = "binary"
            huge_written = huge_written or kind == "huge"
            path = bad_dir / f"bad_{number:03d}_{kind}.txt"
            _write_bad(path, kind, rng, language)
            corpus.bad[path] = kind
    odd_kinds = ENGLISH_ODD_KINDS if language == "en" else ODD_KINDS
    odd_count = (len(odd_kinds) if bad_files else 0) if odd_files is None else odd_files
    if odd_count:
        odd_dir = root / "odd"
        odd_dir.mkdir(exist_ok=True)
        for number in range(odd_count):
            kind = odd_kinds[number % len(odd_kinds)]
            text, used = article(rng)
            path = odd_dir / f"odd_{number:03d}_{kind}.txt"
            path.write_bytes(_odd_bytes(text, kind, language))
            corpus.odd[path] = kind
            corpus.places[path] = used
    return corpus


def _odd_bytes(text: str, kind: str, language: str) -> bytes:
    if kind == "cp1256":
        return text.encode("cp1256")
    if kind == "cp1252":  # a byline with a dash that is one byte in Windows-1252
        return ("By our correspondent \u2014 " + text).encode("cp1252")
    if kind == "utf16-bom":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    # The last character cut short, as a download broken off: an Arabic letter, or a dash.
    ending = " \u2014" if language == "en" else " انتهى"
    return (text.rstrip() + ending).encode("utf-8")[:-1]


def _write_bad(path: Path, kind: str, rng: random.Random, language: str = "ar") -> None:
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "whitespace":
        path.write_bytes(b" \n\t\r\n   \n")
    elif kind == "binary":
        path.write_bytes(bytes(rng.randrange(256) for _ in range(4096)) + b"\x00\x00")
    elif kind == "control":
        path.write_bytes(b"\x01\x02\x03\x1b[0m\x04\x05" * 300)
    elif kind == "huge":
        with path.open("wb") as handle:  # sparse: the size check refuses it before reading
            handle.truncate(HUGE_BYTES)
    elif kind == "html-without-text":
        home = "Home" if language == "en" else "الرئيسية"
        path.write_text(
            f"<!DOCTYPE html><html><head><script>var x = 1;</script></head><body><nav>{home}</nav></body></html>",
            encoding="utf-8",
        )
    elif kind == "bad-sidecar":
        sound = "A sound article about a village." if language == "en" else "مقال سليم عن قرية ما."
        path.write_text(sound + "\n", encoding="utf-8")
        path.with_suffix(".json").write_text("{ not json", encoding="utf-8")
    else:  # pragma: no cover - guarded by BAD_KINDS
        raise ValueError(f"unknown bad file kind {kind!r}")


# ---------------------------------------------------------------------------------------
# A fast stand-in parser (top-level, so worker processes can make it)
# ---------------------------------------------------------------------------------------

#: Set to a path fragment to make the stand-in raise KeyboardInterrupt on that document.
STOP_AT: str | None = None
#: Set to a path fragment to make the stand-in raise ValueError on that document.
FAIL_AT: str | None = None
#: Seconds the stand-in sleeps per document (a slow parse, to catch a run mid-way).
SECONDS_PER_DOCUMENT = 0.0


class StubParser:
    """Finds the gazetteer's Arabic names of Syrian places by plain substring search."""

    def __init__(self, gazetteer: Any = None) -> None:
        from geo.gazetteer import Gazetteer

        places = (gazetteer or Gazetteer.core()).places.values()
        self.names = sorted(
            ((place.name_ar, place) for place in places if place.name_ar and place.country == "SY"),
            key=lambda item: (-len(item[0]), item[0]),
        )

    def parse(self, document: Document) -> ParsedDocument:
        if STOP_AT and STOP_AT in document.path:
            raise KeyboardInterrupt
        if FAIL_AT and FAIL_AT in document.path:
            raise ValueError("stand-in parser failure")
        if SECONDS_PER_DOCUMENT:
            time.sleep(SECONDS_PER_DOCUMENT)
        mentions: list[Mention] = []
        taken: set[int] = set()
        for name, place in self.names:
            start = document.text.find(name)
            while start != -1:
                end = start + len(name)
                if not taken.intersection(range(start, end)):
                    taken.update(range(start, end))
                    mentions.append(
                        Mention(text=name, start=start, end=end, place=place, confidence=1.0)
                    )
                start = document.text.find(name, end)
        mentions.sort(key=lambda mention: mention.start)
        return ParsedDocument(document=document, mentions=mentions)


def stub_factory(overrides: str | None) -> StubParser:
    """A ``StubParser`` over the embedded core gazetteer (a ``parser_factory``)."""
    return StubParser()


def default_gazetteer_stub_factory(overrides: str | None) -> StubParser:
    """A ``StubParser`` over ``Gazetteer.default()`` (a ``parser_factory``)."""
    from geo.gazetteer import Gazetteer

    return StubParser(Gazetteer.default())


def child_pids(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux ``/proc``; empty elsewhere)."""
    children: list[int] = []
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            children.append(int(entry.parent.name))
    return children


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie (Linux ``/proc``)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def mentions_by_text(parser: Any, text: str) -> dict[str, Any]:
    """Parse ``text`` and return its mentions by their text, checking every offset first
    (``text[start:end]`` is the mention's text)."""
    parsed = parser.parse_text(text)
    for mention in parsed.mentions:
        assert text[mention.start : mention.end] == mention.text
    return {mention.text: mention for mention in parsed.mentions}


def placed_near(mention: Any, lat: float, lon: float, km: float) -> bool:
    """Whether the mention's place lies within ``km`` of (``lat``, ``lon``)."""
    from geo.distance import haversine_km

    place = mention.place
    return place is not None and haversine_km(place.lat, place.lon, lat, lon) <= km
