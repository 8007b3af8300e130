"""Which modules mypyc compiles (``setup.py``), and a guard against a stale build.

An editable install leaves the compiled modules beside their sources, and Python imports a
compiled module before its source: after a source is edited, the build would silently run
the old code. The build records the SHA-256 of each source it compiled (``BUILT_SOURCES``);
when any compiled module's source differs from what was compiled, every compiled module is
imported from its source instead (all of them: compiled modules reach into each other's
classes directly), with a warning to install again.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

#: Modules compiled to C with mypyc, as dotted names.
COMPILED = (
    "geo.normalize",
    "geo.recognize",
    "geo.resolve",
    "geo.regions",
    "geo.routes._text",
    "geo.routes.extract",
    "geo.export",
    "geo.routes.corroborate",
    "geo.model",
)


#: Written by the build beside this module: {module: SHA-256 of the source it compiled}.
BUILT_SOURCES = "_compiled_sources.json"


def source_path(name: str) -> Path:
    """The source file of a module of geo, by dotted name."""
    return Path(__file__).resolve().parent.parent.joinpath(*name.split(".")).with_suffix(".py")


def source_digests() -> dict[str, str]:
    """SHA-256 of the compiled modules' sources as they are now."""
    return {name: hashlib.sha256(source_path(name).read_bytes()).hexdigest() for name in COMPILED}


def _built(name: str) -> Path | None:
    """The extension module built from ``name``, or ``None`` when it is not built."""
    source = source_path(name)
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        extension = source.with_suffix(suffix)
        if extension.is_file():
            return extension
    return None


def stale_modules() -> list[str]:
    """Compiled modules whose source is not the one they were built from (and those left
    out of a partial build)."""
    built = [name for name in COMPILED if _built(name) is not None]
    if not built:
        return []
    if len(built) < len(COMPILED):
        return [name for name in COMPILED if name not in built]
    try:
        recorded = json.loads(Path(__file__).with_name(BUILT_SOURCES).read_text("utf-8"))
    except (OSError, ValueError):
        recorded = {}
    now = source_digests()
    return [name for name in built if recorded.get(name) != now[name]]


def compiled_modules() -> list[str]:
    """Compiled modules that are imported compiled (built, and none of them stale)."""
    if stale_modules():
        return []
    return [name for name in COMPILED if _built(name) is not None]


class _SourcesFirst(importlib.abc.MetaPathFinder):
    """Finds the compiled modules' sources, ahead of their (stale) builds."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> Any:
        if fullname not in COMPILED:
            return None
        if _built(fullname) is None:
            return None
        return importlib.util.spec_from_file_location(fullname, source_path(fullname))


def guard() -> None:
    """Import the sources of the compiled modules if any build is older than its source."""
    stale = stale_modules()
    if not stale or any(isinstance(finder, _SourcesFirst) for finder in sys.meta_path):
        return
    sys.meta_path.insert(0, _SourcesFirst())
    warnings.warn(
        f"geo: {', '.join(stale)} changed since it was compiled (or was left out of the "
        "build); running geo from its sources (slower). Install again (pip install -e .) to "
        "compile it.",
        stacklevel=2,
    )
