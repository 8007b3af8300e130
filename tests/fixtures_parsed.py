"""Synthetic parsed documents and a tiny gazetteer for export and map tests.

The Arabic sentences are composed for these tests. Offsets are computed from the text, so
``document.text[start:end]`` always equals the quoted span.
"""

from __future__ import annotations

import random
from typing import Any

from shapely.geometry import Polygon, box

from geo.model import (
    Actor,
    Candidate,
    Document,
    Endpoint,
    Mention,
    ParsedDocument,
    Place,
    Route,
    Span,
)


def _place(
    pid: str,
    name: str,
    name_ar: str,
    kind: str,
    lat: float,
    lon: float,
    gov: str = "",
    gov_id: str = "",
    **extra: Any,
) -> Place:
    return Place(
        id=pid,
        name=name,
        name_ar=name_ar,
        kind=kind,
        lat=lat,
        lon=lon,
        admin1=gov,
        admin1_id=gov_id,
        source=pid.split(":")[0],
        **extra,
    )


GOVERNORATES = {
    "Aleppo": ("gov:aleppo", "حلب", box(36.5, 35.6, 38.6, 36.8)),
    "Idlib": ("gov:idlib", "إدلب", box(35.9, 35.5, 36.7, 36.3)),
    "Ar-Raqqa": ("gov:raqqa", "الرقة", box(38.0, 35.5, 39.9, 36.8)),
    "Deir-ez-Zor": ("gov:deir", "دير الزور", box(39.5, 34.4, 41.3, 35.9)),
    "Hama": ("gov:hama", "حماة", box(36.2, 34.8, 37.6, 35.5)),
    "Homs": ("gov:homs", "حمص", box(36.3, 33.7, 38.8, 34.8)),
    "Al-Hasakeh": ("gov:hasakeh", "الحسكة", box(39.9, 35.9, 42.3, 37.3)),
}


def gov(name: str) -> dict[str, str]:
    return {"gov": name, "gov_id": GOVERNORATES[name][0]}


PLACES = {
    "raqqa": _place("wof:1", "Ar-Raqqa", "الرقة", "city", 35.9528, 39.0079, **gov("Ar-Raqqa")),
    "manbij": _place("wof:2", "Manbij", "منبج", "city", 36.5281, 37.9549, **gov("Aleppo")),
    "bab": _place("wof:3", "Al-Bab", "الباب", "city", 36.3706, 37.5157, **gov("Aleppo")),
    "afrin": _place("wof:4", "Afrin", "عفرين", "city", 36.5119, 36.8697, **gov("Aleppo")),
    "azaz": _place("wof:5", "Azaz", "إعزاز", "city", 36.5866, 37.0464, **gov("Aleppo")),
    "jarabulus": _place("wof:6", "Jarabulus", "جرابلس", "city", 36.8175, 38.0111, **gov("Aleppo")),
    "tal_abyad": _place(
        "wof:7", "Tal Abyad", "تل أبيض", "town", 36.6975, 38.9567, **gov("Ar-Raqqa")
    ),
    "ras_al_ain": _place(
        "wof:8", "Ras al-Ain", "رأس العين", "town", 36.8500, 40.0700, **gov("Al-Hasakeh")
    ),
    "hama": _place("wof:9", "Hama", "حماة", "city", 35.1318, 36.7578, **gov("Hama")),
    "homs": _place("wof:10", "Homs", "حمص", "city", 34.7324, 36.7137, **gov("Homs")),
    "deir": _place(
        "wof:11", "Deir ez-Zor", "دير الزور", "city", 35.3359, 40.1408, **gov("Deir-ez-Zor")
    ),
    "tabqa": _place("wof:12", "Al-Thawrah", "الطبقة", "city", 35.8367, 38.5481, **gov("Ar-Raqqa")),
    "turkey": _place("core:tur", "Turkey", "تركيا", "country", 39.0, 35.0, country="TR"),
}

IDLIB_NORTH_POLYGON = Polygon(
    [(36.45, 36.0), (36.75, 36.0), (36.75, 36.25), (36.45, 36.25), (36.45, 36.0)]
)
PLACES["idlib_north"] = _place(
    "region:idlib-north",
    "northern Idlib countryside",
    "ريف إدلب الشمالي",
    "region",
    36.125,
    36.6,
    **gov("Idlib"),
)


def span(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """Return ``(start, end)`` of the ``occurrence``-th ``needle`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def mention(
    text: str,
    needle: str,
    place: Place | None,
    *,
    occurrence: int = 0,
    confidence: float = 0.9,
    reason: str = "",
    geometry: Any = None,
    candidates: list[Candidate] | None = None,
) -> Mention:
    start, end = span(text, needle, occurrence)
    return Mention(
        text=needle,
        start=start,
        end=end,
        place=place,
        confidence=confidence if place else 0.0,
        reason=reason
        or ("unique gazetteer match in governorate context" if place else "no gazetteer entry"),
        candidates=candidates or [],
        geometry=geometry,
    )


def endpoint(
    text: str,
    needle: str,
    place: Place | None,
    *,
    kind: str = "place",
    inferred: bool = False,
    note: str = "",
    geometry: Any = None,
    occurrence: int = 0,
) -> Endpoint:
    start, end = span(text, needle, occurrence)
    return Endpoint(
        text=needle,
        start=start,
        end=end,
        place=place,
        kind=kind,
        inferred=inferred,
        note=note,
        geometry=geometry,
    )


def span_of(text: str, needle: str, occurrence: int = 0) -> Span:
    start, end = span(text, needle, occurrence)
    return Span(needle, start, end)


DOC1_TEXT = (
    "أفادت مصادر محلية يوم الثلاثاء بأن مئات العائلات نزحت من الرقة ومنبج والباب "
    "باتجاه عفرين وإعزاز وجرابلس وتل أبيض ورأس العين وريف إدلب الشمالي وصولاً إلى تركيا.\n"
    "وفي حماة، قال ناشطون إن عناصر من فصيل مسلح نقلوا أسلحة إلى حمص خلال الليل.\n"
    "ونقلت المصادر أن مقاتلين وصلوا إلى الرقة قادمين من دير الزور.\n"
    "وذكر المرصد أن قرية الخربة الشرقية شهدت اشتباكات عنيفة."
)

DOC2_TEXT = (
    "قال مراسلنا إن مقاتلين انتقلوا من دير الزور إلى الرقة عبر الطبقة بحسب مصادر عسكرية.\n"
    "كما زعمت صفحات موالية أن الجرحى نقلوا إلى مناطق سيطرة النظام."
)


def sample_parsed() -> list[ParsedDocument]:
    """Two dated documents: a 3-origin x 7-destination fan (a country and a region among the
    destinations), an alleged route with an inferred origin, two corroborating routes, a route
    to a control zone and an unresolved mention."""
    p = PLACES
    t1 = DOC1_TEXT
    doc1 = Document(
        id="doc-a",
        path="articles/doc-a.txt",
        text=t1,
        title="نزوح من الرقة",
        metadata={"outlet": "Local Monitor", "date": "2019-10-15", "url": "https://example.org/a"},
    )
    mentions1 = [
        mention(t1, "الرقة", p["raqqa"]),
        mention(t1, "منبج", p["manbij"]),
        mention(
            t1, "الباب", p["bab"], confidence=0.7, reason="city preferred over homonymous village"
        ),
        mention(t1, "عفرين", p["afrin"]),
        mention(t1, "إعزاز", p["azaz"]),
        mention(t1, "جرابلس", p["jarabulus"]),
        mention(t1, "تل أبيض", p["tal_abyad"]),
        mention(t1, "رأس العين", p["ras_al_ain"]),
        mention(
            t1,
            "ريف إدلب الشمالي",
            p["idlib_north"],
            geometry=IDLIB_NORTH_POLYGON,
            reason="region: northern part of Idlib governorate",
        ),
        mention(t1, "تركيا", p["turkey"]),
        mention(t1, "حماة", p["hama"]),
        mention(t1, "حمص", p["homs"]),
        mention(t1, "الرقة", p["raqqa"], occurrence=1),
        mention(t1, "دير الزور", p["deir"]),
        mention(
            t1,
            "الخربة الشرقية",
            None,
            candidates=[Candidate(p["homs"], 0.1, "weak")],
        ),
    ]
    fan = Route(
        id="doc-a#r1",
        doc_id="doc-a",
        trigger=span_of(t1, "نزحت"),
        mover=span_of(t1, "مئات العائلات"),
        mover_label="families",
        origins=[
            endpoint(t1, "الرقة", p["raqqa"]),
            endpoint(t1, "منبج", p["manbij"]),
            endpoint(t1, "الباب", p["bab"]),
        ],
        destinations=[
            endpoint(t1, "عفرين", p["afrin"]),
            endpoint(t1, "إعزاز", p["azaz"]),
            endpoint(t1, "جرابلس", p["jarabulus"]),
            endpoint(t1, "تل أبيض", p["tal_abyad"]),
            endpoint(t1, "رأس العين", p["ras_al_ain"]),
            endpoint(
                t1,
                "ريف إدلب الشمالي",
                p["idlib_north"],
                kind="region",
                geometry=IDLIB_NORTH_POLYGON,
            ),
            endpoint(t1, "تركيا", p["turkey"], kind="country"),
        ],
        status="reported",
        status_cue="أفادت مصادر",
        time="يوم الثلاثاء",
        confidence=0.8,
        evidence=span_of(t1, t1.split("\n")[0]),
    )
    weapons = Route(
        id="doc-a#r2",
        doc_id="doc-a",
        trigger=span_of(t1, "نقلوا"),
        mover=span_of(t1, "أسلحة"),
        mover_label="weapons",
        origins=[
            endpoint(
                t1,
                "حماة",
                p["hama"],
                inferred=True,
                note="place named at the start of the sentence",
            )
        ],
        destinations=[endpoint(t1, "حمص", p["homs"])],
        actors=[Actor("فصيل مسلح", *span(t1, "فصيل مسلح"), name="armed faction")],
        status="alleged",
        status_cue="قال ناشطون",
        confidence=0.5,
        evidence=span_of(t1, t1.split("\n")[1]),
    )
    fighters_a = Route(
        id="doc-a#r3",
        doc_id="doc-a",
        trigger=span_of(t1, "وصلوا"),
        mover=span_of(t1, "مقاتلين"),
        mover_label="fighters",
        origins=[endpoint(t1, "دير الزور", p["deir"])],
        destinations=[endpoint(t1, "الرقة", p["raqqa"], occurrence=1)],
        status="reported",
        confidence=0.7,
        evidence=span_of(t1, t1.split("\n")[2]),
        corroborated_by=["doc-b#r1"],
    )
    parsed1 = ParsedDocument(doc1, mentions1, [fan, weapons, fighters_a])

    t2 = DOC2_TEXT
    doc2 = Document(
        id="doc-b",
        path="articles/doc-b.txt",
        text=t2,
        title="تحركات عسكرية",
        metadata={"outlet": "Desk Two", "date": "2019-10-17", "url": "http://example.net/b"},
    )
    mentions2 = [
        mention(t2, "دير الزور", p["deir"]),
        mention(t2, "الرقة", p["raqqa"]),
        mention(t2, "الطبقة", p["tabqa"], reason="alias of Al-Thawrah"),
    ]
    fighters_b = Route(
        id="doc-b#r1",
        doc_id="doc-b",
        trigger=span_of(t2, "انتقلوا"),
        mover=span_of(t2, "مقاتلين"),
        mover_label="fighters",
        origins=[endpoint(t2, "دير الزور", p["deir"])],
        via=[endpoint(t2, "الطبقة", p["tabqa"])],
        destinations=[endpoint(t2, "الرقة", p["raqqa"])],
        status="reported",
        confidence=0.75,
        evidence=span_of(t2, t2.split("\n")[0]),
        corroborated_by=["doc-a#r3"],
    )
    wounded = Route(
        id="doc-b#r2",
        doc_id="doc-b",
        trigger=span_of(t2, "نقلوا"),
        mover=span_of(t2, "الجرحى"),
        mover_label="wounded",
        origins=[
            endpoint(
                t2, "دير الزور", p["deir"], inferred=True, note="origin of the previous sentence"
            )
        ],
        destinations=[endpoint(t2, "مناطق سيطرة النظام", None, kind="zone")],
        status="alleged",
        status_cue="زعمت",
        confidence=0.4,
        evidence=span_of(t2, t2.split("\n")[1]),
    )
    parsed2 = ParsedDocument(doc2, mentions2, [fighters_b, wounded])
    return [parsed1, parsed2]


HOSTILE_TEXT = (
    'قالت مصادر <script>window.__pwned="script"</script> إن عائلات نزحت من حماة '
    'إلى حمص <img src=x onerror="window.__pwned=\'img\'"> بعد القصف "</script>'
    "<script>window.__pwned='close'</script> وفق ما نشر <a href=\"javascript:window.__pwned='a'\">هنا</a>."
)


def hostile_parsed() -> list[ParsedDocument]:
    """A document whose text, metadata and labels carry script-injection payloads."""
    p = PLACES
    text = HOSTILE_TEXT
    document = Document(
        id="doc-<x>",
        path="articles/<img src=x onerror=alert(1)>.txt",
        text=text,
        title='</script><script>window.__pwned="title"</script>',
        metadata={
            "outlet": "<img src=x onerror=\"window.__pwned='outlet'\">",
            "date": "2020-01-01",
            "url": "javascript:window.__pwned='url'",
        },
    )
    hama = mention(
        text, "حماة", p["hama"], reason="<img src=x onerror=\"window.__pwned='reason'\">"
    )
    homs = mention(text, "حمص", p["homs"])
    route = Route(
        id='r"</script>',
        doc_id=document.id,
        trigger=span_of(text, "نزحت"),
        mover=span_of(text, "عائلات"),
        mover_label='<b onmouseover="window.__pwned=1">families</b>',
        origins=[endpoint(text, "حماة", p["hama"])],
        destinations=[endpoint(text, "حمص", p["homs"])],
        actors=[
            Actor("مصادر", *span(text, "مصادر"), name="<script>window.__pwned='actor'</script>")
        ],
        status="alleged",
        evidence=Span(text, 0, len(text)),
    )
    return [ParsedDocument(document, [hama, homs], [route])]


class FakeGazetteer:
    """The part of the Gazetteer API that exports and maps use, with rough test polygons."""

    attribution = "Test gazetteer: boxes drawn for tests (CC0)"
    sources = [
        {
            "id": "test",
            "title": "Test boxes",
            "licence": "CC0",
            "attribution": "Test gazetteer",
            "url": "https://example.org/gazetteer",
        }
    ]

    def __init__(self) -> None:
        self._governorates = [
            Place(
                id=gid,
                name=name,
                name_ar=name_ar,
                kind="governorate",
                lat=shape.centroid.y,
                lon=shape.centroid.x,
                source="test",
            )
            for name, (gid, name_ar, shape) in GOVERNORATES.items()
        ]
        self._geometry = {gid: shape for gid, _, shape in GOVERNORATES.values()}
        district = box(36.75, 36.4, 37.2, 36.75)
        self._districts = [
            Place(
                id="dist:afrin",
                name="Afrin",
                name_ar="عفرين",
                kind="district",
                lat=36.55,
                lon=36.95,
                admin1="Aleppo",
                admin1_id="gov:aleppo",
                source="test",
            )
        ]
        self._geometry["dist:afrin"] = district

    def governorates(self) -> list[Place]:
        return list(self._governorates)

    def districts(self) -> list[Place]:
        return list(self._districts)

    def geometry(self, place_id: str) -> Any:
        return self._geometry.get(place_id)


def large_parsed(
    n_places: int = 10_000, n_routes: int = 2_000, *, seed: int = 7, n_documents: int = 50
) -> list[ParsedDocument]:
    """Many documents naming ``n_places`` distinct places and ``n_routes`` routes (benchmarks)."""
    rng = random.Random(seed)
    labels = [
        "fighters",
        "families",
        "civilians",
        "wounded",
        "prisoners",
        "trucks/aid",
        "weapons",
        "members",
    ]
    statuses = ["alleged", "reported", "confirmed"]
    places = [
        Place(
            id=f"synthetic:{i}",
            name=f"Place {i}",
            name_ar=f"قرية {i}",
            kind="village",
            lat=round(rng.uniform(32.5, 37.2), 5),
            lon=round(rng.uniform(35.8, 42.0), 5),
            admin1="Aleppo",
            source="synthetic",
        )
        for i in range(n_places)
    ]
    per_doc = -(-n_places // n_documents)
    routes_per_doc = -(-n_routes // n_documents)
    parsed: list[ParsedDocument] = []
    for d in range(n_documents):
        chunk = places[d * per_doc : (d + 1) * per_doc]
        pieces: list[str] = []
        mentions: list[Mention] = []
        offset = 0
        for place in chunk:
            sentence = f"وصل النازحون إلى {place.name_ar} صباحاً. "
            start = offset + sentence.index(place.name_ar)
            mentions.append(
                Mention(
                    place.name_ar,
                    start,
                    start + len(place.name_ar),
                    place=place,
                    confidence=0.8,
                    reason="synthetic",
                )
            )
            pieces.append(sentence)
            offset += len(sentence)
        text = "".join(pieces)
        document = Document(
            id=f"doc-{d:03d}",
            path=f"docs/{d:03d}.txt",
            text=text,
            title=f"تقرير {d}",
            metadata={
                "outlet": f"Outlet {d % 7}",
                "date": f"2020-{1 + d % 12:02d}-{1 + d % 28:02d}",
                "url": f"https://example.org/{d}",
            },
        )
        routes: list[Route] = []
        for r in range(routes_per_doc):
            if len(parsed) * routes_per_doc + r >= n_routes or len(mentions) < 2:
                break
            a, b = rng.sample(mentions, 2)
            routes.append(
                Route(
                    id=f"doc-{d:03d}#r{r}",
                    doc_id=document.id,
                    trigger=Span(a.text, a.start, a.end),
                    mover=None,
                    mover_label=rng.choice(labels),
                    origins=[Endpoint(a.text, a.start, a.end, place=a.place)],
                    destinations=[Endpoint(b.text, b.start, b.end, place=b.place)],
                    status=rng.choice(statuses),
                    confidence=0.6,
                    evidence=_sentence_of(text, b),
                )
            )
        parsed.append(ParsedDocument(document, mentions, routes))
    return parsed


def _sentence_of(text: str, mention: Mention) -> Span:
    start = (
        text.rfind(". ", 0, mention.start) + 2 if text.rfind(". ", 0, mention.start) != -1 else 0
    )
    end = text.find(".", mention.end) + 1 or len(text)
    return Span(text[start:end], start, end)


_FILLER_AR = (
    "\u0648\u0642\u0627\u0644 \u0645\u0635\u062f\u0631 \u0645\u062d\u0644\u064a "
    "\u0625\u0646 \u0627\u0644\u0648\u0636\u0639 \u0628\u0642\u064a "
    "\u0645\u062a\u0648\u062a\u0631\u0627\u064b \u0637\u0648\u0627\u0644 "
    "\u0627\u0644\u064a\u0648\u0645\u060c "
)


def corpus_parsed(
    n_documents: int = 10_000,
    n_places: int = 20_000,
    *,
    mentions_per_doc: int = 20,
    routes_per_doc: int = 9,
    n_outlets: int = 25,
    seed: int = 11,
    padding: int = 0,
    corroboration: int = 0,
) -> list[ParsedDocument]:
    """A corpus-sized set of parsed documents (the issue 6 scale: 10,000 articles).

    Place popularity is skewed as in real news (a few cities named in many articles, most
    villages once or twice), so many routes share their endpoint pair. Every place is named
    at least once when ``n_documents * 2 >= n_places``.

    ``padding`` adds about that many characters of Arabic text around each sentence and
    gives documents news-sized titles, URLs and paths (so quotes and document details weigh
    what they weigh in real articles); ``corroboration`` makes each route corroborated by
    the routes of the same rank in up to that many neighbouring documents.
    """
    rng = random.Random(seed)
    labels = ["fighters", "families", "civilians", "wounded", "trucks/aid", "weapons"]
    statuses = ["alleged", "reported", "confirmed"]
    places = [
        Place(
            id=f"synthetic:{i}",
            name=f"Place {i}",
            name_ar=f"\u0642\u0631\u064a\u0629 {i}",
            kind="city" if i < 50 else "village",
            lat=round(rng.uniform(32.5, 37.2), 5),
            lon=round(rng.uniform(35.8, 42.0), 5),
            admin1="Aleppo",
            source="synthetic",
        )
        for i in range(n_places)
    ]
    popular = min(400, n_places)
    weights = [1.0 / (rank + 1) ** 0.9 for rank in range(popular)]
    sentence_ar = "\u0648\u0635\u0644 \u0627\u0644\u0646\u0627\u0632\u062d\u0648\u0646 \u0625\u0644\u0649 {} \u0635\u0628\u0627\u062d\u0627\u064b. "
    parsed: list[ParsedDocument] = []
    for d in range(n_documents):
        chosen = [places[(2 * d) % n_places], places[(2 * d + 1) % n_places]]
        chosen += rng.choices(places[:popular], weights=weights, k=mentions_per_doc - 2)
        pieces: list[str] = []
        mentions: list[Mention] = []
        offset = 0
        filler = (_FILLER_AR * (1 + padding // len(_FILLER_AR)))[: padding // 2]
        for place in chosen:
            sentence = filler + sentence_ar.format(place.name_ar) + filler
            start = offset + sentence.index(place.name_ar)
            mentions.append(
                Mention(
                    place.name_ar,
                    start,
                    start + len(place.name_ar),
                    place=place,
                    confidence=0.8,
                    reason="synthetic",
                )
            )
            pieces.append(sentence)
            offset += len(sentence)
        text = "".join(pieces)
        long_title = filler[:90] if padding else ""
        document = Document(
            id=f"doc-{d:05d}",
            path=f"docs/{d:05d}.txt" if not padding else f"/data/corpus/2019/{d:05d}-{d}.txt",
            text=text,
            title=f"\u062a\u0642\u0631\u064a\u0631 {d}" + (" " + long_title if long_title else ""),
            metadata={
                "outlet": f"Outlet {d % n_outlets:02d}",
                "date": f"20{16 + d % 8}-{1 + d % 12:02d}-{1 + d % 28:02d}",
                "url": f"https://example.org/{d}"
                + (f"/news/syria/2019/article-{d}-{'x' * 60}" if padding else ""),
            },
        )
        routes: list[Route] = []
        for r in range(routes_per_doc):
            a, b = rng.sample(mentions[2:], 2) if r % 3 else rng.sample(mentions, 2)
            if a.place is b.place:
                continue
            routes.append(
                Route(
                    id=f"{document.id}#r{r}",
                    doc_id=document.id,
                    trigger=Span(a.text, a.start, a.end),
                    mover=None,
                    mover_label=labels[r % len(labels)],
                    origins=[Endpoint(a.text, a.start, a.end, place=a.place)],
                    destinations=[Endpoint(b.text, b.start, b.end, place=b.place)],
                    status=statuses[(d + r) % 3],
                    confidence=0.6,
                    evidence=_sentence_of(text, b),
                    corroborated_by=[
                        f"doc-{other:05d}#r{r}"
                        for k in range(1, corroboration + 1)
                        for other in (d - k, d + k)
                        if 0 <= other < n_documents
                    ][:corroboration],
                )
            )
        parsed.append(ParsedDocument(document, mentions, routes))
    return parsed
