"""Helpers for tests and benchmarks: a seeded synthetic corpus, a fast stand-in parser.

Synthetic corpus
----------------
A seeded corpus of Arabic news articles for benchmarks and corpus tests.

Articles are built from sentence templates filled with the Arabic names of real places of a
gazetteer (villages, towns, cities, governorates, with cues such as قرية, بلدة, ريف ...
الشرقي), movement phrases (خروج ... من ... باتجاه ..., نقل ... إلى ..., نزوح ... من ... نحو
...), hedges (مصادر محلية, شهود عيان) and filler sentences, about 2,000 characters each. The
same seed and gazetteer give byte-identical files.

Usage::

    from geo.testing import generate_corpus
    corpus = generate_corpus(out_dir, 1000, seed=0, gazetteer=Gazetteer.default(), bad_files=20)
    corpus.good      # article files that must parse
    corpus.bad       # {path: kind} of files that must be reported as failures
    corpus.odd       # {path: kind} of good files in unusual form (cp1256, UTF-16, cut UTF-8)

or from the shell: ``python benchmarks/synth.py OUT_DIR N [--seed S] [--bad B]``.
"""

from __future__ import annotations

import codecs
import random
import re
import time
import zlib
from collections.abc import Sequence
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

    title = fill(rng.choice(TITLE_TEMPLATES))
    paragraphs: list[str] = []
    length = len(title)
    while length < TARGET_CHARS:
        sentences = [
            fill(rng.choice(MOVEMENT_TEMPLATES)),
            fill(rng.choice(EVENT_TEMPLATES)),
            rng.choice(FILLER),
        ]
        rng.shuffle(sentences)
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    text = title + "\n\n" + "\n\n".join(paragraphs) + rng.choice(FURNITURE_TAILS) + "\n"
    return text, used


def generate_corpus(
    out_dir: str | Path,
    n_articles: int,
    *,
    seed: int = 0,
    gazetteer: Any,
    bad_files: int = 0,
    odd_files: int | None = None,
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
        Readable files in unusual encodings (``ODD_KINDS``); default 3 when ``bad_files``.

    Returns
    -------
    SynthCorpus
    """
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    settlements, governorates = _names(gazetteer)
    corpus = SynthCorpus(out_dir=root)
    for number in range(n_articles):
        text, used = make_article(rng, settlements, governorates)
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
            _write_bad(path, kind, rng)
            corpus.bad[path] = kind
    odd_count = (len(ODD_KINDS) if bad_files else 0) if odd_files is None else odd_files
    if odd_count:
        odd_dir = root / "odd"
        odd_dir.mkdir(exist_ok=True)
        for number in range(odd_count):
            kind = ODD_KINDS[number % len(ODD_KINDS)]
            text, used = make_article(rng, settlements, governorates)
            path = odd_dir / f"odd_{number:03d}_{kind}.txt"
            if kind == "cp1256":
                path.write_bytes(text.encode("cp1256"))
            elif kind == "utf16-bom":
                path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
            else:  # the last Arabic letter cut in half, as a download broken off
                raw = (text.rstrip() + " انتهى").encode("utf-8")
                path.write_bytes(raw[:-1])
            corpus.odd[path] = kind
            corpus.places[path] = used
    return corpus


def _write_bad(path: Path, kind: str, rng: random.Random) -> None:
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
        path.write_text(
            "<!DOCTYPE html><html><head><script>var x = 1;</script></head><body><nav>الرئيسية</nav></body></html>",
            encoding="utf-8",
        )
    elif kind == "bad-sidecar":
        path.write_text("مقال سليم عن قرية ما.\n", encoding="utf-8")
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
