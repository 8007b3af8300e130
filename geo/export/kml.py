"""KML for Google Earth: places, regions and every route, written by an XML serialiser.

Text is escaped by ``xml.etree`` (never pasted into markup) and characters XML 1.0 forbids
are dropped, so the file is well-formed whatever the articles hold. Every route is written:
with its lines when two ends are placed, as the point(s) of its placed ends otherwise, and
without geometry when none is; its description lists its ends either way.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo._io import atomic_writer
from geo.export._json import dumps

KML_NAMESPACE = "http://www.opengis.net/kml/2.2"

#: Characters XML 1.0 does not allow in a document, even escaped.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NOT_ID = re.compile(r"[^A-Za-z0-9._-]")

_FOLDERS = (("places", "place"), ("regions", "region"), ("routes", "route"))
_ENDS = (("origins", "From"), ("via", "Via"), ("destinations", "To"))


def xml_text(value: Any) -> str:
    """``value`` as text an XML document may hold (forbidden characters dropped)."""
    return _NOT_XML.sub("", str(value))


@dataclass
class _Ids:
    """Unique XML ids (NCNames) made from feature ids."""

    seen: set[str] = field(default_factory=set)

    def __call__(self, feature_id: str) -> str:
        base = _NOT_ID.sub("_", feature_id)
        if not base or not (base[0].isalpha() or base[0] == "_"):
            base = "_" + base
        candidate, number = base, 1
        while candidate in self.seen:
            number += 1
            candidate = f"{base}.{number}"
        self.seen.add(candidate)
        return candidate


def _sub(parent: ET.Element, tag: str, text: Any = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = xml_text(text)
    return element


def _coordinates(positions: Iterable[list[float]]) -> str:
    return " ".join(f"{lon!r},{lat!r}" for lon, lat in positions)


def _add_point(parent: ET.Element, position: list[float]) -> None:
    _sub(_sub(parent, "Point"), "coordinates", _coordinates([position]))


def _add_line(parent: ET.Element, positions: list[list[float]]) -> None:
    line = _sub(parent, "LineString")
    _sub(line, "tessellate", "1")
    _sub(line, "coordinates", _coordinates(positions))


def _add_polygon(parent: ET.Element, rings: list[list[list[float]]]) -> None:
    polygon = _sub(parent, "Polygon")
    for index, ring in enumerate(rings):
        boundary = _sub(polygon, "outerBoundaryIs" if index == 0 else "innerBoundaryIs")
        _sub(_sub(boundary, "LinearRing"), "coordinates", _coordinates(ring))


_ADDERS: dict[str, Callable[[ET.Element, Any], None]] = {
    "Point": _add_point,
    "LineString": _add_line,
    "Polygon": _add_polygon,
}


def _add_geometry(parent: ET.Element, kind: str, coordinates: Any) -> None:
    if kind in _ADDERS:
        _ADDERS[kind](parent, coordinates)
        return
    single = kind.removeprefix("Multi")
    group = _sub(parent, "MultiGeometry")
    for part in coordinates:
        _ADDERS[single](group, part)


def _placed_ends(properties: dict[str, Any]) -> list[list[float]]:
    return [
        end["lonlat"]
        for key, _ in _ENDS
        for end in properties[key]
        if end.get("lonlat") is not None
    ]


def _route_description(properties: dict[str, Any]) -> str:
    lines = []
    evidence = properties.get("evidence") or {}
    if evidence.get("text"):
        lines.append(evidence["text"])
    for key, label in _ENDS:
        for end in properties[key]:
            name = end.get("name_ar") or end.get("text") or end.get("name") or "?"
            placed = "placed" if end.get("placed") else "not placed"
            lines.append(f"{label}: {name} ({end.get('kind', '')}, {placed})")
    return "\n".join(lines)


def _extended_data(parent: ET.Element, properties: dict[str, Any]) -> None:
    extended = _sub(parent, "ExtendedData")
    for key in sorted(properties):
        value = properties[key]
        if isinstance(value, (list, dict)):
            value = dumps(value)
        data = _sub(extended, "Data")
        data.set("name", xml_text(key))
        _sub(data, "value", "" if value is None else value)


def _placemark(folder: ET.Element, feature: dict[str, Any], ids: _Ids) -> None:
    properties = feature["properties"]
    placemark = _sub(folder, "Placemark")
    placemark.set("id", ids(str(feature["id"])))
    geometry = feature["geometry"]
    if properties["feature_type"] == "route":
        _sub(placemark, "name", f"{properties['mover_label']} ({properties['status']})")
        _sub(placemark, "description", _route_description(properties))
        if geometry is None:
            ends = _placed_ends(properties)
            if ends:
                geometry = {"type": "MultiPoint" if len(ends) > 1 else "Point"}
                geometry["coordinates"] = ends if len(ends) > 1 else ends[0]
    else:
        _sub(
            placemark, "name", properties.get("name_ar") or properties.get("name") or feature["id"]
        )
        _sub(placemark, "description", properties.get("reason", ""))
    _extended_data(placemark, properties)
    if geometry is not None:
        _add_geometry(placemark, geometry["type"], geometry["coordinates"])


def kml_document(collection: dict[str, Any], *, title: str = "geo") -> ET.ElementTree:
    """The KML tree of ``collection``: a folder each of places, regions and routes.

    Places and regions without geometry are left out (they are in the GeoJSON); every route
    is written.
    """
    root = ET.Element("kml", xmlns=KML_NAMESPACE)
    document = _sub(root, "Document")
    _sub(document, "name", title)
    ids = _Ids()
    for folder_name, feature_type in _FOLDERS:
        folder = _sub(document, "Folder")
        _sub(folder, "name", folder_name)
        for feature in collection["features"]:
            if feature["properties"]["feature_type"] != feature_type:
                continue
            if feature["geometry"] is None and feature_type != "route":
                continue
            _placemark(folder, feature, ids)
    ET.indent(root)
    return ET.ElementTree(root)


def write_kml(
    collection: dict[str, Any], path: str | os.PathLike[str], *, title: str = "geo"
) -> Path:
    """Write the KML of ``collection`` to ``path`` (see :func:`kml_document`)."""
    tree = kml_document(collection, title=title)
    with atomic_writer(path) as stream:
        tree.write(stream, encoding="utf-8", xml_declaration=True)
        stream.write(b"\n")
    return Path(path)
