"""Reading the reviewed word tables in ``geo/data/lexicons`` (package data).

A table is UTF-8 TSV: lines starting with ``#`` are comments (say why an entry is there),
the first other line is the header, blank lines are ignored. Cells are stripped.
"""

from __future__ import annotations

import functools
from pathlib import Path

from geo import settings
from geo.errors import ConfigurationError


def lexicon_path(name: str) -> Path:
    """Return the path of the lexicon table ``name`` (without ``.tsv``)."""
    return settings.DATA_DIR / "lexicons" / f"{name}.tsv"


@functools.cache
def load_table(name: str) -> tuple[dict[str, str], ...]:
    """Return the rows of lexicon ``name`` as dicts keyed by the header's column names."""
    path = lexicon_path(name)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ConfigurationError(f"cannot read lexicon {name!r} at {path}: {error}") from error
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if header is None:
            header = cells
            continue
        if len(cells) > len(header):
            raise ConfigurationError(
                f"{path}:{number}: {len(cells)} cells, header has {len(header)}"
            )
        cells += [""] * (len(header) - len(cells))
        rows.append(dict(zip(header, cells, strict=True)))
    return tuple(rows)


@functools.cache
def folded_words(name: str, *, by: str, column: str = "word") -> dict[str, frozenset[str]]:
    """The folded words (``column``) of lexicon ``name``, grouped by the value of column ``by``
    ("before", "after" ...): the form every matcher compares folded text against."""
    from geo.normalize import fold_arabic

    groups: dict[str, set[str]] = {}
    for row in load_table(name):
        groups.setdefault(row.get(by, ""), set()).add(fold_arabic(row[column]))
    return {value: frozenset(words) for value, words in groups.items()}
