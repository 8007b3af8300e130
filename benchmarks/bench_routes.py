"""Benchmark of movement-claim extraction and cross-outlet corroboration (issues 4 and 6).

Extraction: ``extract_routes`` time per article (median, p95) on the two samples and composed
~2,000-character reports (``bench_parse.composed_articles``); the mentions are found first
and not timed. Target: a small part of the 1-5 ms parse budget.

Corroboration: ``corroborate`` time for N synthetic claims (default 10,000 and 100,000: nine
claims per article, endpoints drawn from a few thousand places whose popularity is skewed as
in real news, some control zones, unresolved names and countries). Target: 100,000 claims in a
few seconds. ``--check N`` also compares the links with the pairwise definition on N claims.
``--corpus`` adds the 10,000-article corpus of ``tests/fixtures_parsed.corpus_parsed``.

    python benchmarks/bench_routes.py [--articles 300] [--routes 10000 100000] [--index PATH]
"""

from __future__ import annotations

import argparse
import copy
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "benchmarks"), str(REPO / "tests")]

from bench_parse import composed_articles  # noqa: E402

from geo import settings  # noqa: E402
from geo.document import document_from_text, iter_documents  # noqa: E402
from geo.gazetteer import Gazetteer  # noqa: E402
from geo.model import Document, Endpoint, ParsedDocument, Place, Route, Span  # noqa: E402
from geo.pipeline import Parser  # noqa: E402
from geo.routes import corroborate, extract_routes, same_movement  # noqa: E402

MOVEMENTS = (
    "departure",
    "displacement",
    "transfer",
    "evacuation",
    "withdrawal",
    "flight",
    "deportation",
    "return",
    "heading",
    "arrival",
)
MOVER_LABELS = ("", "", "fighters", "civilians", "families", "trucks/aid", "weapons", "members")
ZONES = ("areas held by SDF", "areas held by the regime", "areas held by ISIS", "")
UNRESOLVED = ("\u0628\u0644\u062f\u0629 {}", "\u0642\u0631\u064a\u0629 {}")


def bench_extraction(index: Path | None, articles: int) -> None:
    gazetteer = Gazetteer.load(index)
    parser = Parser(gazetteer)
    seeds = [doc.text[:2000] for doc in iter_documents([REPO / "seeds"])]
    texts = seeds + composed_articles(gazetteer, articles - len(seeds))
    inputs = []
    for number, text in enumerate(texts):
        document = document_from_text(text, doc_id=f"a{number}")
        inputs.append((document, parser.parse(document).mentions))
    for document, mentions in inputs[:20]:
        extract_routes(document, mentions)  # warm caches
    times = []
    routes = 0
    for document, mentions in inputs:
        started = time.perf_counter()
        routes += len(extract_routes(document, mentions))
        times.append(time.perf_counter() - started)
    times.sort()
    print(f"index               {len(gazetteer)} places")
    print(f"extraction          {len(inputs)} articles x ~2,000 characters, {routes} routes")
    print(f"  median            {statistics.median(times) * 1000:.3f} ms per article")
    print(f"  p95               {times[int(len(times) * 0.95)] * 1000:.3f} ms per article")
    print(f"  total             {sum(times):.3f} s")


def synthetic_routes(count: int, *, seed: int = 0, places: int = 3000) -> list[ParsedDocument]:
    """``count`` claims, nine per article, over ``places`` points of Syria."""
    rng = random.Random(seed)
    pool = [
        Place(
            f"synthetic:{number}",
            f"Place {number}",
            f"\u0645\u0643\u0627\u0646 {number}",
            "village",
            round(rng.uniform(32.5, 37.2), 5),
            round(rng.uniform(35.8, 42.0), 5),
        )
        for number in range(places)
    ]
    weights = [1.0 / (rank + 1) ** 0.9 for rank in range(places)]
    countries = [
        Place("c:tr", "Turkey", "\u062a\u0631\u0643\u064a\u0627", "country", 39.0, 35.0),
        Place("c:lb", "Lebanon", "\u0644\u0628\u0646\u0627\u0646", "country", 33.9, 35.9),
    ]

    def endpoint() -> Endpoint:
        draw = rng.random()
        if draw < 0.05:
            return Endpoint(
                "\u0645\u0646\u0627\u0637\u0642", 0, 1, None, "zone", note=rng.choice(ZONES)
            )
        if draw < 0.10:
            return Endpoint(rng.choice(UNRESOLVED).format(rng.randrange(500)), 0, 1)
        if draw < 0.12:
            country = rng.choice(countries)
            return Endpoint(country.name_ar, 0, 1, country, "country")
        place = rng.choices(pool, weights)[0]
        return Endpoint(place.name_ar, 0, 1, place)

    def ends(empty: float) -> list[Endpoint]:
        if rng.random() < empty:
            return []
        return [endpoint() for _ in range(1 if rng.random() < 0.85 else 2)]

    parsed: list[ParsedDocument] = []
    for number in range(0, count, 9):
        document = Document(id=f"doc{number // 9}", path="", text="")
        routes = [
            Route(
                id=f"{document.id}:r{ordinal + 1}",
                doc_id=document.id,
                trigger=Span("", 0, 0),
                mover=None,
                mover_label=rng.choice(MOVER_LABELS),
                origins=ends(0.2),
                destinations=ends(0.2),
                movement=rng.choice(MOVEMENTS),
            )
            for ordinal in range(min(9, count - number))
        ]
        parsed.append(ParsedDocument(document, [], routes))
    return parsed


def pairwise(parsed: list[ParsedDocument]) -> None:
    """The definition of ``corroborate``: every pair compared."""
    routes = [(document.document.id, route) for document in parsed for route in document.routes]
    limit_km = settings.CORROBORATION_KM
    for position, (doc_a, route_a) in enumerate(routes):
        for doc_b, route_b in routes[position + 1 :]:
            if doc_a == doc_b or not same_movement(route_a, route_b, limit_km=limit_km):
                continue
            if route_b.id not in route_a.corroborated_by:
                route_a.corroborated_by.append(route_b.id)
            if route_a.id not in route_b.corroborated_by:
                route_b.corroborated_by.append(route_a.id)


def bench_corroboration(counts: list[int], check: int, corpus: bool) -> None:
    print(f"corroboration       limit {settings.CORROBORATION_KM} km")
    for count in counts:
        parsed = synthetic_routes(count)
        started = time.perf_counter()
        corroborate(parsed)
        elapsed = time.perf_counter() - started
        links = sum(len(route.corroborated_by) for doc in parsed for route in doc.routes)
        print(f"  {count:>7,} claims     {elapsed:.2f} s, {links:,} links")
    if check:
        parsed = synthetic_routes(check, seed=1, places=300)
        reference = copy.deepcopy(parsed)
        started = time.perf_counter()
        corroborate(parsed)
        fast = time.perf_counter() - started
        started = time.perf_counter()
        pairwise(reference)
        slow = time.perf_counter() - started
        same = [r.corroborated_by for d in parsed for r in d.routes] == [
            r.corroborated_by for d in reference for r in d.routes
        ]
        print(f"  check {check:,} claims: {fast:.2f} s vs pairwise {slow:.2f} s, same: {same}")
    if corpus:
        from fixtures_parsed import corpus_parsed

        parsed = corpus_parsed()
        count = sum(len(doc.routes) for doc in parsed)
        started = time.perf_counter()
        corroborate(parsed)
        elapsed = time.perf_counter() - started
        links = sum(len(route.corroborated_by) for doc in parsed for route in doc.routes)
        print(f"  corpus_parsed {count:,} claims: {elapsed:.2f} s, {links:,} links")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--articles", type=int, default=300)
    options.add_argument("--routes", type=int, nargs="*", default=[10_000, 100_000])
    options.add_argument("--check", type=int, default=0)
    options.add_argument("--corpus", action="store_true")
    options.add_argument("--index", type=Path, default=None)
    options.add_argument("--skip-extraction", action="store_true")
    args = options.parse_args()
    if not args.skip_extraction:
        bench_extraction(args.index, args.articles)
    bench_corroboration(args.routes, args.check, args.corpus)


if __name__ == "__main__":
    main()
