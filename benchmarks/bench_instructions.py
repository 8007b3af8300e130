"""Instructions the parse executes per article, counted by valgrind's callgrind.

Timings on a shared machine move by up to half between runs minutes apart; instruction counts
do not. To compare two versions of the parse, run this on each: it writes a seeded synthetic
corpus (``synth.py``), parses ``--warm`` articles to fill the parser's caches, and counts the
instructions of the next ``--articles`` parses only (collection is switched on inside
``itertools.starmap``, which nothing in geo calls). Instructions are not time (a cache miss
costs more than an addition), so a change is also measured by ``bench_corpus.py``.

Needs ``valgrind`` (Debian package ``valgrind``); takes about two minutes.

    python benchmarks/bench_instructions.py [--articles 100] [--warm 60]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _parse_in_child(corpus: Path, warm: int, articles: int) -> None:
    """What valgrind runs: parse ``warm`` articles, then ``articles`` inside ``starmap``."""
    import gc
    import itertools

    from geo.document import read_document
    from geo.pipeline import Parser

    paths = sorted(corpus.rglob("article_*.txt"))[: warm + articles]
    parser = Parser()
    documents = [read_document(path) for path in paths]
    for document in documents[:warm]:
        parser.parse(document)
    gc.freeze()  # as geo's workers do once the parser is loaded
    list(itertools.starmap(parser.parse, [(document,) for document in documents[warm:]]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100, help="articles counted")
    parser.add_argument("--warm", type=int, default=60, help="articles parsed beforehand")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        _parse_in_child(args.child, args.warm, args.articles)
        return 0
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2

    import synth

    from geo.gazetteer import Gazetteer

    with tempfile.TemporaryDirectory(prefix="geo-instructions-") as work:
        corpus = Path(work) / "corpus"
        synth.generate_corpus(
            corpus, args.warm + args.articles, seed=args.seed, gazetteer=Gazetteer.default()
        )
        command = [
            valgrind,
            "--tool=callgrind",
            "--collect-atstart=no",
            "--toggle-collect=starmap_next",
            f"--callgrind-out-file={Path(work) / 'callgrind.out'}",
            sys.executable,
            __file__,
            "--child",
            str(corpus),
            "--warm",
            str(args.warm),
            "--articles",
            str(args.articles),
        ]
        # The same hash seed each time: set and dict orders, and so the work, do not vary.
        environment = {**os.environ, "PYTHONHASHSEED": "0"}
        done = subprocess.run(command, env=environment, capture_output=True, text=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        print(done.stderr[-2000:], file=sys.stderr)
        return 1
    total = int(found.group(1))
    print(
        f"{total / args.articles / 1e6:.2f} M instructions per article "
        f"({total:,} for {args.articles} articles after {args.warm} warm-up)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
