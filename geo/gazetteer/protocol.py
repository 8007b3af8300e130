"""The one contract every stage of the parse is typed against: what a gazetteer answers.

``geo.gazetteer.index.Gazetteer`` (the SQLite index or the embedded core) implements it, and so
does the parser's overlay of analyst-added places. A test gazetteer need only provide these.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

from geo.model import Place


@runtime_checkable
class Gazetteer(Protocol):
    """Places by id and by Arabic match key, admin units and their outlines."""

    def __len__(self) -> int: ...

    def get(self, place_id: str) -> Place | None:
        """The place with this id, or None."""
        ...

    def arabic_keys(self) -> Mapping[str, tuple[str, ...]]:
        """Every Arabic match key with the ids of the places it names."""
        ...

    def by_key(self, key: str) -> list[Place]:
        """The places an Arabic match key names."""
        ...

    def governorates(self) -> list[Place]:
        """The country's first-level admin units."""
        ...

    def districts(self) -> list[Place]:
        """The country's second-level admin units."""
        ...

    def geometry(self, place_id: str) -> Any:
        """The outline of an admin unit as a shapely geometry, or None when the sources have none."""
        ...
