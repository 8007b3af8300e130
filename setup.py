"""Build hook: geo's hot modules (parsing, GeoJSON features) are compiled to C with mypyc.

The compiled modules behave exactly as their Python sources (same results, byte for byte);
they parse an article, and build a corpus's features, in less time. Set GEO_PURE_PYTHON=1
when installing to skip the compilation (no C compiler at hand); geo then runs from the
sources alone. After editing one of these modules, install again (``pip install -e .``):
until then geo imports the sources, since they differ from what was compiled (see
``geo/_compiled.py``).
"""

import json
import os
import sys

from setuptools import setup

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from geo._compiled import BUILT_SOURCES, COMPILED, source_digests, source_path  # noqa: E402


def extensions() -> list:
    if os.environ.get("GEO_PURE_PYTHON"):
        return []
    from mypyc.build import mypycify

    modules = mypycify(
        [name.replace(".", "/") + ".py" for name in COMPILED],
        opt_level="3",
        group_name="geo_parsing",
    )
    record = source_path("geo._compiled").with_name(BUILT_SOURCES)
    record.write_text(json.dumps(source_digests(), indent=1, sort_keys=True) + "\n", "utf-8")
    return modules


setup(ext_modules=extensions())
