"""Gazetteer performance figures: build, load, lookup, CLI cold start, index size.

Run: ``python benchmarks/bench_gazetteer.py [SOURCES_DIR]`` (default ../shared/data/gazetteer-sources).
Budgets: build <= 5 s, load <= 0.5 s, median lookup <= 100 us, geocode cold start <= 1 s,
index <= 20 MB.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = REPO.parent / "shared" / "data" / "gazetteer-sources"
QUERIES = [
    "هجين",
    "الشعفة",
    "ديرالزور",
    "حماة",
    "إدلب",
    "أبو خنادق",
    "البوحسن",
    "الرقة",
    "Hajin",
    "Hajjin",
    "al-Shaafa",
    "Deir ez-Zor",
    "Idleb",
    "Hama",
    "Raqqa",
    "Aleppo",
]


def main() -> int:
    sources = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCES
    from geo.gazetteer import Gazetteer, build_index

    with tempfile.TemporaryDirectory() as home:
        index = Path(home) / "gazetteer.sqlite"
        started = time.perf_counter()
        build_index(sources, index)
        build_s = time.perf_counter() - started

        loads = []
        for _ in range(3):
            started = time.perf_counter()
            gazetteer = Gazetteer.load(index)
            loads.append(time.perf_counter() - started)

        timings = []
        for _ in range(50):
            for query in QUERIES:
                started = time.perf_counter()
                gazetteer.search(query, limit=10)
                timings.append(time.perf_counter() - started)
        by_key = []
        keys = list(gazetteer.arabic_keys())[:2000]
        for key in keys:
            started = time.perf_counter()
            gazetteer.by_key(key)
            by_key.append(time.perf_counter() - started)

        env = dict(os.environ, GEO_HOME=home)
        colds = []
        geo = shutil.which("geo")
        command = (
            [geo]
            if geo
            else [sys.executable, "-c", "import sys; from geo.cli import main; sys.exit(main())"]
        )
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run(
                [*command, "geocode", "Hajin", "--limit", "3"],
                env=env,
                check=True,
                capture_output=True,
            )
            colds.append(time.perf_counter() - started)

        # The compact gazetteer shipped with geo: unpacked on first use, then opened as an index.
        from geo import settings

        packaged = settings.packaged_gazetteer_path()
        fresh_homes = []
        for number in range(3):
            os.environ["GEO_HOME"] = str(Path(home) / f"fresh-{number}")
            started = time.perf_counter()
            assert Gazetteer.load(None).is_packaged
            fresh_homes.append(time.perf_counter() - started)
        size_mb = index.stat().st_size / 1e6
        print(f"places                 {len(gazetteer)}")
        print(f"index build            {build_s:.2f} s   (budget 5 s)")
        print(f"index load (best of 3) {min(loads):.3f} s (budget 0.5 s)")
        print(
            f"median search          {statistics.median(timings) * 1e6:.0f} us "
            f"(p95 {sorted(timings)[int(len(timings) * 0.95)] * 1e6:.0f} us; budget 100 us)"
        )
        print(f"median by_key          {statistics.median(by_key) * 1e6:.1f} us")
        print(f"geocode cold start     {min(colds):.2f} s   (best of 3; budget 1 s)")
        print(f"index size             {size_mb:.1f} MB (budget 20 MB)")
        print(f"packaged gazetteer     {packaged.stat().st_size / 1e6:.2f} MB gzip'ed")
        print(f"first load, empty home {min(fresh_homes):.3f} s (unpack + load, best of 3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
