"""Typed module-level defaults. Code reads them at call time, so tests and users can change them."""

from __future__ import annotations

import os
from pathlib import Path

#: Environment variable naming geo's data directory (index, cache).
GEO_HOME_ENV = "GEO_HOME"

#: File name of the embedded gazetteer index inside ``geo_home()``.
INDEX_FILENAME = "gazetteer.sqlite"

#: Largest article geo reads, in bytes; larger files are refused with a clear message.
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024

#: Largest metadata sidecar or YAML front matter geo reads, in bytes.
MAX_METADATA_BYTES = 64 * 1024

#: Largest analyst overrides file geo reads, in bytes.
MAX_OVERRIDES_BYTES = 4 * 1024 * 1024

#: Deepest nesting of YAML geo reads (sidecars, front matter, overrides); aliases never.
MAX_YAML_DEPTH = 20

#: Seconds geo waits for a special file (a FIFO, a device) to deliver an article.
SPECIAL_FILE_SECONDS = 5.0

#: Distance (km) within which endpoints of two claims count as the same place.
CORROBORATION_KM = 25.0

#: Corroborating claims listed per claim (nearest first); all of them are counted.
CORROBORATION_LIST = 10

#: Mentions scored below this are reported as unresolved rather than placed.
MIN_RESOLUTION_CONFIDENCE = 0.2

#: Web tile layer used when a map is not made ``--offline``.
TILES_URL = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"
TILES_ATTRIBUTION = "&copy; OpenStreetMap contributors"

#: The installed package's directory.
PACKAGE_DIR = Path(__file__).resolve().parent

#: Package data: the hand-curated core gazetteer, the lexicons, the compact gazetteer.
DATA_DIR = PACKAGE_DIR / "data"

#: The folder holding the package: the repository root when geo runs from a checkout.
SOURCE_ROOT = PACKAGE_DIR.parent


#: Syria's extent in degrees, ``(west, south, east, north)``: the OCHA governorate
#: boundaries (lon 35.614-42.385, lat 32.316-37.319) rounded outwards.
SYRIA_BOUNDS = (35.6, 32.3, 42.4, 37.4)

#: Degrees a national gazetteer source's point may lie outside ``SYRIA_BOUNDS`` (border
#: towns, a coarse centroid); a point farther out is refused when the index is built.
SOURCE_BOUNDS_MARGIN = 0.5

#: The compact Syria gazetteer shipped as package data (``scripts/build_compact_gazetteer.py``),
#: used when no index has been built in ``geo_home()``; a gzip'ed index file.
PACKAGED_GAZETTEER = "gazetteer/syria.sqlite.gz"


def geo_home() -> Path:
    """Return geo's data directory: ``$GEO_HOME``, else a per-user data directory."""
    env = os.environ.get(GEO_HOME_ENV)
    if env:
        return Path(env).expanduser()
    try:
        from platformdirs import user_data_dir

        return Path(user_data_dir("geo", appauthor=False))
    except ImportError:  # pragma: no cover - platformdirs is a dependency
        return Path.home() / ".local" / "share" / "geo"


def index_path() -> Path:
    """Return the path of the built gazetteer index."""
    return geo_home() / INDEX_FILENAME


def packaged_gazetteer_path() -> Path:
    """Return the path of the compact gazetteer shipped with geo (it may be absent)."""
    return DATA_DIR / PACKAGED_GAZETTEER
