"""Benchmark: write an offline map and its GeoJSON, then open the map in headless Chromium.

Scenarios (run from the repository root):

``places`` (default): 10,000 places and 2,000 routes; HTML written in <= 10 s, opened in <= 3 s::

    python benchmarks/bench_map.py [--places 10000] [--routes 2000] [--out benchmarks/out]

``corpus``: the parsed results of 10,000 articles (~20,000 places, ~200,000 mentions,
~88,000 routes; issue 6). ``to_geojson`` + ``render_map`` + writing both files in <= 15 s,
the HTML <= 60 MB and opened in <= 3 s (navigation to markers drawn)::

    python benchmarks/bench_map.py --scenario corpus [--articles 10000] [--padding 400]
        [--corroboration 10] [--no-browser]

``--padding`` gives articles news-sized sentences, titles and URLs and ``--corroboration``
links each route to that many others (the sizes of real corpora); the corpus scenario also
prints the peak memory of the process (target < 4 GB at 10,000 articles) and the GeoJSON
bytes per article (target <= 40 KB).

Times are wall-clock; CPU seconds of this process are printed beside them, since a busy
machine inflates wall time.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from fixtures_parsed import FakeGazetteer, corpus_parsed, large_parsed  # noqa: E402

from geo.outputs import write_outputs  # noqa: E402

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def open_in_chromium(path: Path) -> tuple[float, int, int]:
    """Return (seconds to markers drawn, route paths, requests leaving the file)."""
    from playwright.sync_api import sync_playwright

    leaked: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900})

        def guard(route) -> None:  # type: ignore[no-untyped-def]
            if route.request.url.startswith(("file:", "data:")):
                route.continue_()
            else:
                leaked.append(route.request.url)
                route.abort()

        page.route("**/*", guard)
        started = time.perf_counter()
        page.goto(path.as_uri(), wait_until="load", timeout=60_000)
        page.wait_for_selector(".marker-cluster, .geo-marker", timeout=60_000)
        elapsed = time.perf_counter() - started
        paths = page.locator("path.geo-route").count()
        page.screenshot(path=str(path.with_suffix(".png")))
        browser.close()
    return elapsed, paths, len(leaked)


def places_scenario(args: argparse.Namespace) -> int:
    parsed = large_parsed(args.places, args.routes)
    started = time.perf_counter()
    (html,) = write_outputs(
        parsed, args.out, "bench", formats=("html",), offline=True, gazetteer=FakeGazetteer()
    )
    written = time.perf_counter() - started
    started = time.perf_counter()
    write_outputs(parsed, args.out, "bench", formats=("geojson",), gazetteer=FakeGazetteer())
    geojson = time.perf_counter() - started
    opened, paths, leaked = open_in_chromium(html)
    size = html.stat().st_size / 1e6
    print(f"places={args.places} routes={args.routes} html={size:.1f} MB")
    print(f"html written in {written:.2f} s (target <= 10 s); geojson written in {geojson:.2f} s")
    print(
        f"opened in chromium in {opened:.2f} s (target <= 3 s); route paths={paths}; network requests={leaked}"
    )
    return 0 if written <= 10 and opened <= 3 and leaked == 0 else 1


def corpus_scenario(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    parsed = corpus_parsed(
        args.articles,
        2 * args.articles,
        padding=args.padding,
        corroboration=args.corroboration,
    )
    built = time.perf_counter() - started
    rss_before = _peak_rss_mb()
    mentions = sum(len(item.mentions) for item in parsed)
    routes = sum(len(item.routes) for item in parsed)
    places = len({m.place.id for item in parsed for m in item.mentions if m.place})
    wall, cpu = time.perf_counter(), time.process_time()
    html, geojson = write_outputs(
        parsed,
        args.out,
        "corpus",
        formats=("html", "geojson"),
        offline=True,
        gazetteer=FakeGazetteer(),
    )
    written, written_cpu = time.perf_counter() - wall, time.process_time() - cpu
    rss_after = _peak_rss_mb()
    opened, paths, leaked = (0.0, 0, 0) if args.no_browser else open_in_chromium(html)
    size = html.stat().st_size / 1e6
    per_article = geojson.stat().st_size / 1e3 / max(1, args.articles)
    print(
        f"articles={args.articles} places={places} mentions={mentions} routes={routes} "
        f"(synthetic parse results built in {built:.1f} s)"
    )
    print(f"html={size:.1f} MB (target <= 60 MB); geojson={geojson.stat().st_size / 1e6:.1f} MB")
    print(
        f"to_geojson + render_map + both files written in {written:.2f} s wall, "
        f"{written_cpu:.2f} s CPU (target <= 15 s)"
    )
    print(
        f"peak RSS {rss_after:.0f} MB (target < 4000 MB; {rss_before:.0f} MB before the export); "
        f"geojson {per_article:.1f} KB per article (target <= 40 KB)"
    )
    if args.no_browser:
        return 0 if written <= 15 and size <= 60 and rss_after < 4000 and per_article <= 40 else 1
    print(
        f"opened in chromium in {opened:.2f} s (target <= 3 s); SVG route paths={paths}; "
        f"network requests={leaked}"
    )
    return 0 if written <= 15 and opened <= 3 and size <= 60 and leaked == 0 else 1


def _peak_rss_mb() -> float:
    # Linux reports ru_maxrss in kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=("places", "corpus"), default="places")
    parser.add_argument("--places", type=int, default=10_000)
    parser.add_argument("--routes", type=int, default=2_000)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--padding", type=int, default=0)
    parser.add_argument("--corroboration", type=int, default=0)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out")
    args = parser.parse_args()
    if args.scenario == "corpus":
        return corpus_scenario(args)
    return places_scenario(args)


if __name__ == "__main__":
    sys.exit(main())
