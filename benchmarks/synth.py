"""A seeded synthetic corpus of Arabic or English news articles: ``geo.testing.generate_corpus`` from the shell.

Usage: ``python benchmarks/synth.py OUT_DIR N [--seed S] [--bad B] [--lang ar|en]``; see
``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from geo.testing import LANGUAGES, SynthCorpus, generate_corpus

__all__ = ["SynthCorpus", "generate_corpus", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("n_articles", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--bad", type=int, default=0)
    parser.add_argument("--lang", choices=LANGUAGES, default="ar", help="default ar")
    args = parser.parse_args(argv)
    from geo.gazetteer import Gazetteer

    corpus = generate_corpus(
        args.out_dir,
        args.n_articles,
        seed=args.seed,
        gazetteer=Gazetteer.default(),
        bad_files=args.bad,
        language=args.lang,
    )
    manifest = {
        "good": len(corpus.good),
        "odd": {str(path): kind for path, kind in corpus.odd.items()},
        "bad": {str(path): kind for path, kind in corpus.bad.items()},
    }
    print(json.dumps(manifest, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
