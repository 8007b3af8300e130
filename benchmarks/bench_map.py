"""Benchmark: write an offline map of 10,000 places and 2,000 routes, then open it.

Targets: written in <= 10 s, opened in headless Chromium in <= 3 s (from navigation to
markers drawn). Run from the repository root::

    python benchmarks/bench_map.py [--places 10000] [--routes 2000] [--out benchmarks/out]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from fixtures_parsed import FakeGazetteer, large_parsed  # noqa: E402

from geo.export import write_outputs  # noqa: E402

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=10_000)
    parser.add_argument("--routes", type=int, default=2_000)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out")
    args = parser.parse_args()

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


if __name__ == "__main__":
    sys.exit(main())
