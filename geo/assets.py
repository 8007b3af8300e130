"""Locating the JavaScript, CSS and TopoJSON that maps are built from.

Leaflet, its plugins and Natural Earth borders (``world-atlas``) are npm packages listed in
the repository's ``package.json`` and installed by ``npm ci`` at set-up time; they are never
committed. An offline map inlines them; an online map links them from a CDN at the versions
``package.json`` pins.

The packages are looked for in ``$GEO_ASSETS_DIR`` (a ``node_modules`` directory), else in
``<repository root>/node_modules`` (a checkout), else in ``geo/mapping/vendor/`` (package
data: :func:`vendor_assets` copies the files maps use there at set-up time, git-ignored, so
that a wheel built afterwards carries them).

geo's own scripts and stylesheets (one per map part) are package data in
``geo/mapping/static/``, read by :func:`read_static`.
"""

from __future__ import annotations

import base64
import functools
import importlib.resources
import json
import mimetypes
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.errors import ExportError

#: Environment variable naming the ``node_modules`` directory holding the map assets.
ASSETS_DIR_ENV = "GEO_ASSETS_DIR"

#: Where online maps load the same files from (``{package}@{version}/{path}``).
CDN_URL = "https://cdn.jsdelivr.net/npm/{package}@{version}/{path}"

REPO_ROOT = Path(__file__).resolve().parent.parent

#: Package data holding copies of the npm files maps use (see :func:`vendor_assets`).
VENDOR_DIR = Path(__file__).resolve().parent / "mapping" / "vendor"

#: Files of ``world-atlas`` that maps and exports read (the other packages: ``dist/``).
_WORLD_ATLAS_FILES = ("countries-50m.json", "countries-110m.json")

_CSS_URL_RE = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_INSTALL_HINT = (
    "run `npm ci` at the repository root (or set GEO_ASSETS_DIR to a node_modules directory)"
)


@dataclass(frozen=True, slots=True)
class Asset:
    """One file of an npm package: ``package`` and ``path`` inside it (``dist/leaflet.js``)."""

    package: str
    path: str

    @property
    def key(self) -> str:
        """A stable name for de-duplicating the asset in a page header."""
        return f"{self.package}/{self.path}"

    @property
    def is_css(self) -> bool:
        return self.path.endswith(".css")


def assets_dir() -> Path:
    """Return the ``node_modules`` directory the map assets are read from: ``$GEO_ASSETS_DIR``,
    else the checkout's ``node_modules``, else the package's ``vendor`` copy when it has one
    and the checkout has none."""
    env = os.environ.get(ASSETS_DIR_ENV)
    if env:
        return Path(env).expanduser()
    checkout = REPO_ROOT / "node_modules"
    if not checkout.is_dir() and (VENDOR_DIR / "package.json").is_file():
        return VENDOR_DIR
    return checkout


def asset_path(asset: Asset) -> Path:
    """Return the path of ``asset`` on disk.

    Raises
    ------
    ExportError
        If the package is not installed.
    """
    path = assets_dir() / asset.package / asset.path
    if not path.is_file():
        raise ExportError(f"map asset {asset.key} not found at {path}: {_INSTALL_HINT}")
    return path


def pinned_versions() -> dict[str, str]:
    """Return the npm package versions pinned in the repository's ``package.json`` (or in its
    copy in the package's ``vendor`` directory)."""
    manifest = REPO_ROOT / "package.json"
    if not manifest.is_file() and (VENDOR_DIR / "package.json").is_file():
        manifest = VENDOR_DIR / "package.json"
    return dict(_pinned_versions(str(manifest)))


@functools.cache
def _pinned_versions(package_json: str) -> tuple[tuple[str, str], ...]:
    try:
        manifest = json.loads(Path(package_json).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ExportError(f"cannot read npm manifest {package_json}: {error}") from error
    deps = manifest.get("dependencies", {})
    return tuple(sorted((name, str(version).lstrip("^~=")) for name, version in deps.items()))


def cdn_url(asset: Asset) -> str:
    """Return the CDN URL of ``asset`` at the version pinned in ``package.json``."""
    version = pinned_versions().get(asset.package)
    if version is None:
        raise ExportError(f"npm package {asset.package!r} is not listed in package.json")
    return CDN_URL.format(package=asset.package, version=version, path=asset.path)


def read_script(asset: Asset) -> str:
    """Return the text of a JavaScript asset, safe to place inside ``<script>``."""
    return _read_script(str(asset_path(asset)))


@functools.cache
def _read_script(path: str) -> str:
    text = Path(path).read_text(encoding="utf-8")
    # A literal "</script" inside a library would end the inline element early.
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)


def read_stylesheet(asset: Asset) -> str:
    """Return the text of a CSS asset with every relative ``url()`` inlined as a data URI.

    References that are already data URIs or fragment ids (``#default#VML``) are kept;
    images the stylesheet names but the package does not ship are dropped, so that the page
    never asks for a file that is not there.
    """
    return _read_stylesheet(str(asset_path(asset)))


@functools.cache
def _read_stylesheet(path: str) -> str:
    css_path = Path(path)
    text = css_path.read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        target = match.group(2).strip()
        if target.startswith(("data:", "#")):
            return match.group(0)
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", target, flags=re.IGNORECASE):
            return "none"
        file = (css_path.parent / target.split("?")[0].split("#")[0]).resolve()
        if not file.is_file():
            return "none"
        mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if file.suffix == ".svg":
            mime = "image/svg+xml"
        payload = base64.b64encode(file.read_bytes()).decode("ascii")
        return f'url("data:{mime};base64,{payload}")'

    text = _CSS_URL_RE.sub(inline, text)
    return re.sub(r"</(style)", r"<\\/\1", text, flags=re.IGNORECASE)


def read_static(name: str) -> str:
    """Return one of geo's own map scripts or stylesheets (``geo/mapping/static/NAME``),
    safe to place inside ``<script>`` or ``<style>``."""
    return _read_static(name)


@functools.cache
def _read_static(name: str) -> str:
    resource = importlib.resources.files("geo.mapping").joinpath("static", name)
    try:
        text = resource.read_text(encoding="utf-8")
    except OSError as error:
        raise ExportError(f"map file {name} is missing from geo/mapping/static: {error}") from error
    return re.sub(r"</(script|style)", r"<\\/\1", text, flags=re.IGNORECASE)


def vendor_assets(
    source: str | os.PathLike[str] | None = None, target: str | os.PathLike[str] | None = None
) -> Path:
    """Copy the npm files maps use from ``source`` (``node_modules``) into ``target``.

    ``target`` defaults to ``geo/mapping/vendor`` (package data, git-ignored): run once after
    ``npm ci`` so that a wheel built afterwards carries Leaflet, its plugins and the borders.
    Copied: ``package.json`` (for the CDN versions), each package's ``package.json``,
    licence files and ``dist/`` (without source maps) with the images its stylesheets name,
    and the ``world-atlas`` country outlines.

    Returns
    -------
    Path
        ``target``.
    """
    source_dir = Path(source) if source is not None else REPO_ROOT / "node_modules"
    target_dir = Path(target) if target is not None else VENDOR_DIR
    packages = dict(_pinned_versions(str(REPO_ROOT / "package.json")))
    if not all((source_dir / name / "package.json").is_file() for name in packages):
        raise ExportError(f"npm packages missing from {source_dir}: {_INSTALL_HINT}")
    if target_dir.exists():
        shutil.rmtree(target_dir)
    target_dir.mkdir(parents=True)
    shutil.copyfile(REPO_ROOT / "package.json", target_dir / "package.json")
    for name in packages:
        for file in _package_files(source_dir / name, name):
            destination = target_dir / name / file.relative_to(source_dir / name)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, destination)
    return target_dir


def _package_files(package: Path, name: str) -> list[Path]:
    files = [
        f
        for f in package.iterdir()
        if f.is_file() and re.match(r"(?i)licen[cs]e|package\.json", f.name)
    ]
    if name == "world-atlas":
        return files + [package / file for file in _WORLD_ATLAS_FILES]
    dist = [f for f in sorted((package / "dist").rglob("*")) if f.is_file() and f.suffix != ".map"]
    images = []
    for stylesheet in (f for f in dist if f.suffix == ".css"):
        for match in _CSS_URL_RE.finditer(stylesheet.read_text(encoding="utf-8")):
            image = (stylesheet.parent / match.group(2).split("?")[0].split("#")[0]).resolve()
            if image.is_file() and image.is_relative_to(package.resolve()):
                images.append(package / image.relative_to(package.resolve()))
    return sorted(set(files + dist + images))


def world_atlas_path(resolution: str = "50m") -> Path:
    """Return the path of Natural Earth countries TopoJSON from ``world-atlas``.

    Parameters
    ----------
    resolution
        ``"10m"``, ``"50m"`` or ``"110m"``.
    """
    if resolution not in {"10m", "50m", "110m"}:
        raise ExportError(f"unknown world-atlas resolution {resolution!r}: use 10m, 50m or 110m")
    return asset_path(Asset("world-atlas", f"countries-{resolution}.json"))


@dataclass(frozen=True, slots=True)
class Country:
    """A Natural Earth country outline from ``world-atlas`` (``id`` is ISO 3166 numeric)."""

    id: str
    name: str
    geometry: Any


def countries(resolution: str = "50m") -> tuple[Country, ...]:
    """Return every country outline of ``world-atlas`` at ``resolution`` (WGS84 lon/lat).

    The TopoJSON is read with GDAL's TopoJSON driver through pyogrio when it has one, else
    with :func:`decode_topojson`.
    """
    return _countries(str(world_atlas_path(resolution)))


@functools.cache
def _countries(path: str) -> tuple[Country, ...]:
    rows: list[tuple[str, str, Any]]
    try:
        import pyogrio

        frame = pyogrio.read_dataframe(path, layer="countries")
        rows = [
            (str(row_id or ""), str(name or ""), geometry)
            for row_id, name, geometry in zip(
                frame["id"], frame["name"], frame.geometry, strict=True
            )
        ]
    except Exception:  # noqa: BLE001 - any GDAL without the driver falls back to Python
        topology = json.loads(Path(path).read_text(encoding="utf-8"))
        rows = [
            (str(props.get("id", "")), str(props.get("name", "")), geometry)
            for props, geometry in decode_topojson(topology, "countries")
        ]
    return tuple(
        Country(id=row_id, name=name, geometry=geometry)
        for row_id, name, geometry in rows
        if geometry is not None and not geometry.is_empty
    )


def decode_topojson(topology: dict, object_name: str) -> list[tuple[dict, Any]]:
    """Decode the geometries of one object of a TopoJSON topology into shapely geometries.

    Parameters
    ----------
    topology
        A parsed TopoJSON document (``{"type": "Topology", "arcs": ..., "objects": ...}``).
    object_name
        The member of ``topology["objects"]`` to decode.

    Returns
    -------
    list of (properties, geometry)
        ``properties`` carries the geometry's ``properties`` plus its ``id``; ``geometry``
        is a shapely geometry, or ``None`` for a null geometry.
    """
    from shapely.geometry import shape

    if topology.get("type") != "Topology" or object_name not in topology.get("objects", {}):
        raise ExportError(f"not a TopoJSON topology with an object {object_name!r}")
    decoder = _TopologyDecoder(topology.get("transform"))
    decoder.arcs = [decoder.positions(arc) for arc in topology["arcs"]]
    collection = topology["objects"][object_name]
    members = (
        collection["geometries"] if collection.get("type") == "GeometryCollection" else [collection]
    )
    decoded: list[tuple[dict, Any]] = []
    for member in members:
        properties = dict(member.get("properties") or {})
        if "id" in member:
            properties["id"] = member["id"]
        geojson = decoder.geojson(member)
        decoded.append((properties, shape(geojson) if geojson else None))
    return decoded


class _TopologyDecoder:
    """Turns TopoJSON arcs (delta-encoded when quantized) into GeoJSON coordinates."""

    def __init__(self, transform: dict[str, Any] | None) -> None:
        self.transform = transform
        self.arcs: list[list[tuple[float, float]]] = []

    def positions(self, arc: list[list[float]]) -> list[tuple[float, float]]:
        """The positions of one arc (or of a point's one position)."""
        if not self.transform:
            return [(position[0], position[1]) for position in arc]
        (scale_x, scale_y), (shift_x, shift_y) = (
            self.transform["scale"],
            self.transform["translate"],
        )
        points: list[tuple[float, float]] = []
        x = y = 0.0
        for position in arc:
            x += position[0]
            y += position[1]
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        return points

    def ring(self, indexes: list[int]) -> list[tuple[float, float]]:
        """The positions of arcs joined end to end (a negative index is an arc reversed)."""
        points: list[tuple[float, float]] = []
        for index in indexes:
            arc = self.arcs[index] if index >= 0 else self.arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    def geojson(self, geometry: dict) -> dict | None:
        """The GeoJSON geometry of a TopoJSON geometry (``None`` for a null one)."""
        kind = geometry.get("type")
        if kind in ("Polygon", "MultiLineString"):
            return {"type": kind, "coordinates": [self.ring(r) for r in geometry["arcs"]]}
        if kind == "MultiPolygon":
            rings = [[self.ring(r) for r in polygon] for polygon in geometry["arcs"]]
            return {"type": kind, "coordinates": rings}
        if kind == "LineString":
            return {"type": kind, "coordinates": self.ring(geometry["arcs"])}
        if kind == "Point":
            return {"type": kind, "coordinates": self.positions([geometry["coordinates"]])[0]}
        return None
