"""Checks every source record passes before it reaches the index, and the report of refusals.

A national source describes Syria, so a Syrian record whose point (or polygon) lies outside
Syria's extent, widened by :data:`geo.settings.SOURCE_BOUNDS_MARGIN`, is a mistake in the
source: a point at (0, 0) (an empty cell read as zero), one on another continent, or one whose
latitude and longitude were swapped (the swapped point lies in Syria and the point as written
does not). A second record with an id already seen is refused and the first one kept. The
index stores what was refused (counts and a few examples per reason) in its metadata, and
``geo gazetteer build`` prints it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from geo import settings
from geo.gazetteer.sources import SourceRecord

__all__ = ["BuildReport", "in_syria", "refusal_reason", "valid_records"]

#: Reasons a record is refused, as keys of :attr:`BuildReport.refused`.
OUTSIDE = "outside Syria"
SWAPPED = "latitude and longitude swapped"
DUPLICATE = "duplicate id"

#: Examples kept per reason.
EXAMPLES_PER_REASON = 5


@dataclass(slots=True)
class BuildReport:
    """What an index build refused: counts and a few examples per reason."""

    refused: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def refuse(self, reason: str, example: str) -> None:
        self.refused[reason] = self.refused.get(reason, 0) + 1
        kept = self.examples.setdefault(reason, [])
        if len(kept) < EXAMPLES_PER_REASON:
            kept.append(example)

    @property
    def total(self) -> int:
        return sum(self.refused.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "refused": dict(sorted(self.refused.items())),
            "examples": {reason: self.examples[reason] for reason in sorted(self.examples)},
        }

    @classmethod
    def from_dict(cls, data: Any) -> BuildReport:
        """The report stored in an index's metadata (an empty one for anything else)."""
        report = cls()
        if isinstance(data, dict):
            refused, examples = data.get("refused"), data.get("examples")
            if isinstance(refused, dict):
                report.refused = {str(k): int(v) for k, v in refused.items()}
            if isinstance(examples, dict):
                report.examples = {str(k): [str(e) for e in v] for k, v in examples.items()}
        return report

    def lines(self) -> list[str]:
        """One line per reason with its count, then its examples indented."""
        if not self.refused:
            return ["refused: none"]
        out = [f"refused: {self.total} record(s)"]
        for reason, count in sorted(self.refused.items()):
            out.append(f"  {reason}: {count}")
            out.extend(f"    e.g. {example}" for example in self.examples.get(reason, []))
        return out


def in_syria(lat: float, lon: float, *, margin: float | None = None) -> bool:
    """Whether a point lies in Syria's extent widened by ``margin`` degrees (the setting)."""
    west, south, east, north = settings.SYRIA_BOUNDS
    pad = settings.SOURCE_BOUNDS_MARGIN if margin is None else margin
    return west - pad <= lon <= east + pad and south - pad <= lat <= north + pad


def refusal_reason(record: SourceRecord) -> str:
    """Why a Syrian record cannot be indexed (``""`` when it can): its point or polygon."""
    if record.country != "SY":
        return ""
    if record.lat is not None and record.lon is not None and not in_syria(record.lat, record.lon):
        return SWAPPED if in_syria(record.lon, record.lat) else OUTSIDE
    if record.geometry is not None:
        bounds = _bounds(record.geometry)
        if bounds is not None:
            west, south, east, north = bounds
            if not in_syria((south + north) / 2, (west + east) / 2):
                return OUTSIDE
    return ""


def valid_records(
    records: Iterable[SourceRecord], *, source: str, report: BuildReport
) -> Iterator[SourceRecord]:
    """The records of one source that pass the checks; the others are counted in ``report``."""
    seen: set[str] = set()
    for record in records:
        reason = DUPLICATE if record.id in seen else refusal_reason(record)
        if reason:
            report.refuse(reason, _describe(record, source))
            continue
        seen.add(record.id)
        yield record


def _describe(record: SourceRecord, source: str) -> str:
    where = "" if record.lat is None else f" at lat {record.lat}, lon {record.lon}"
    return f"{source} {record.id} {record.name or record.name_ar!r}{where}"


def _bounds(geometry: dict[str, Any]) -> tuple[float, float, float, float] | None:
    """``(west, south, east, north)`` of a GeoJSON geometry's coordinates, or ``None``."""
    xs: list[float] = []
    ys: list[float] = []
    stack: list[Any] = [geometry.get("coordinates")]
    while stack:
        item = stack.pop()
        if not isinstance(item, list | tuple) or not item:
            continue
        if isinstance(item[0], int | float) and len(item) >= 2:
            xs.append(float(item[0]))
            ys.append(float(item[1]))
        else:
            stack.extend(item)
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)
