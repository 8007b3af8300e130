"""Benchmark of the toponym parse (recognition + resolution + regions + routes) per article.

Targets (toponym issue): after the index is loaded, median ≤ 5 ms to parse a 2,000-character
article, and 1,000 such articles ≤ 10 s on one core. Articles: the two samples cut to 2,000
characters, and composed reports built from gazetteer names (seeded), so the figure does not
depend on two texts alone.

    python benchmarks/bench_parse.py [--articles 1000] [--repeat 3] [--corpus composed|synth]
                                     [--index PATH]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
from pathlib import Path

from geo.document import document_from_text, iter_documents
from geo.gazetteer import Gazetteer
from geo.parse import Parser

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = (
    "قصفت قوات النظام بلدة {v1} في ريف {g} {d}، فيما نزحت عشرات العائلات من {v2} باتجاه {v3}.",
    "وأفادت مصادر محلية بخروج مقاتلين من قرى ({v1}، {v2}، {v3}) نحو {g} مروراً بمناطق سيطرة النظام.",
    "وقال ناشطون إن الأهالي في مدينة {t} يعانون من نقص في المواد الغذائية والطبية منذ أسابيع.",
    "ونقلت الميليشيات المعتقلين من {t} إلى سجن في {g} بحسب شهود عيان.",
    "وتحدث التقرير عن الأوضاع المعيشية الصعبة التي يعيشها المدنيون في المنطقة بعد المعارك الأخيرة.",
)
DIRECTIONS = ("الشرقي", "الغربي", "الشمالي", "الجنوبي", "الشمالي الشرقي")


def composed_articles(
    gazetteer: Gazetteer, count: int, *, seed: int = 0, size: int = 2000
) -> list[str]:
    rng = random.Random(seed)
    places = sorted(gazetteer.places.values(), key=lambda place: place.id)
    villages = [p.name_ar for p in places if p.kind == "village" and p.name_ar]
    towns = [p.name_ar for p in places if p.kind in ("town", "city") and p.name_ar]
    governorates = [p.name_ar for p in places if p.kind == "governorate" and p.name_ar]
    articles = []
    for _ in range(count):
        parts: list[str] = []
        while sum(len(part) + 1 for part in parts) < size:
            template = rng.choice(TEMPLATES)
            parts.append(
                template.format(
                    v1=rng.choice(villages),
                    v2=rng.choice(villages),
                    v3=rng.choice(villages),
                    t=rng.choice(towns),
                    g=rng.choice(governorates),
                    d=rng.choice(DIRECTIONS),
                )
            )
        articles.append(" ".join(parts)[:size])
    return articles


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--articles", type=int, default=1000)
    options.add_argument("--index", type=Path, default=None)
    options.add_argument(
        "--corpus",
        choices=("composed", "synth"),
        default="composed",
        help="composed: dense reports (~45 places each); synth: the corpus benchmark's articles",
    )
    options.add_argument(
        "--repeat", type=int, default=3, help="passes over the articles (best of them per article)"
    )
    args = options.parse_args()

    started = time.process_time()
    gazetteer = Gazetteer.load(args.index)
    parser = Parser(gazetteer)
    setup = time.process_time() - started
    seeds = [doc.text[:2000] for doc in iter_documents([REPO / "seeds"])]
    if args.corpus == "synth":
        import sys

        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from synth import _names, make_article

        rng = random.Random(0)
        settlements, governorates = _names(gazetteer)
        generated = [
            make_article(rng, settlements, governorates)[0][:2000]
            for _ in range(args.articles - len(seeds))
        ]
    else:
        generated = composed_articles(gazetteer, args.articles - len(seeds))
    texts = seeds + generated
    documents = [document_from_text(text, doc_id=f"a{i}") for i, text in enumerate(texts)]
    for document in documents[:20]:
        parser.parse(document)  # warm caches (regions, word frequencies)
    # As geo's worker processes do once the parser is loaded (geo.corpus): the index and the
    # parser stay out of the cyclic collector's sight.
    gc.freeze()
    rounds: list[list[float]] = []
    totals: list[float] = []
    mentions = routes = 0
    for _ in range(args.repeat):
        times = []
        total_started = time.process_time()
        for document in documents:
            one = time.process_time()
            parsed = parser.parse(document)
            times.append(time.process_time() - one)
            if not rounds:
                mentions += len(parsed.mentions)
                routes += len(parsed.routes)
        totals.append(time.process_time() - total_started)
        rounds.append(times)
    # This machine's speed drifts by a fifth from one second to the next: an article's time
    # is the best of its parses (as timeit takes the best of its repeats); each pass is
    # reported too.
    best = [min(parses) for parses in zip(*rounds, strict=True)]
    print(
        f"index {'core' if gazetteer.is_core else 'full'}: {len(gazetteer)} places; parser ready in {setup:.2f} s"
    )
    print(
        f"articles            {len(documents)} x ~2,000 characters, one core, {args.repeat} passes"
    )
    print(
        f"median per article  {statistics.median(best) * 1000:.2f} ms   (target <= 5 ms; "
        f"each article's best of {args.repeat})"
    )
    print(
        "  median of a pass  "
        + " / ".join(f"{statistics.median(times) * 1000:.2f}" for times in rounds)
        + " ms"
    )
    print(f"p95 per article     {sorted(best)[int(len(best) * 0.95)] * 1000:.2f} ms")
    print(
        f"all articles        {min(totals):.2f} s   (target 1,000 in <= 10 s; best pass) = "
        f"{len(documents) / min(totals):.0f} articles/s; passes "
        + " / ".join(f"{total:.2f}" for total in totals)
        + " s"
    )
    print(f"found               {mentions} mentions, {routes} routes")
    samples = []
    for document in documents[: len(seeds)]:
        repeated = []
        for _ in range(50):
            one = time.process_time()
            parser.parse(document)
            repeated.append(time.process_time() - one)
        samples.append(f"{statistics.median(repeated) * 1000:.2f} ms")
    print(f"the samples, cut    {' / '.join(samples)} (median of 50 parses each)")


if __name__ == "__main__":
    main()
