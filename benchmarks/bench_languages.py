"""Parse time per article, English against Arabic, on the restored development texts.

    python benchmarks/bench_languages.py [--texts .cache/dev/texts] [--rounds 100]

Reads the development texts (git-ignored, restored by ``check_texts.py``), finds each one's
language as ``geo`` does, and parses every text of each language ``--rounds`` times with one
parser (after one warm-up round), printing the mean time per article and articles per second.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from geo.document import read_document
from geo.language import detect_language
from geo.parse import Parser


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--texts", type=Path, default=Path(".cache/dev/texts"))
    options.add_argument("--rounds", type=int, default=100)
    args = options.parse_args()
    documents = [read_document(path) for path in sorted(args.texts.glob("*.txt"))]
    parser = Parser()
    for language in ("en", "ar"):
        chosen = [document for document in documents if detect_language(document.text) == language]
        if not chosen:
            continue
        for document in chosen:  # warm-up: recognizer, word tables, region geometries
            parser.parse(document)
        started = time.perf_counter()
        for _round in range(args.rounds):
            for document in chosen:
                parser.parse(document)
        seconds = time.perf_counter() - started
        parses = args.rounds * len(chosen)
        characters = sum(len(document.text) for document in chosen) / len(chosen)
        print(
            f"[{language}] {len(chosen)} articles x {args.rounds}: {seconds:.2f} s, "
            f"{1000 * seconds / parses:.2f} ms per article ({characters:.0f} characters on "
            f"average), {parses / seconds:.0f} articles/s"
        )


if __name__ == "__main__":
    main()
