"""The committed sample outputs (maps/seeds.*) are exactly what `geo run seeds/ --out maps/
--offline` makes today: CI regenerates them and fails on any difference."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, SEEDS

pytestmark = pytest.mark.shared

COMMITTED = ("seeds.html", "seeds.geojson")


@pytest.fixture()
def index_home(full_index_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A GEO_HOME holding the full index, as `bash scripts/setup.sh` builds it."""
    import geo.gazetteer.index as index_module

    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(full_index_path, home / "gazetteer.sqlite")
    monkeypatch.setenv("GEO_HOME", str(home))
    monkeypatch.setattr(index_module, "_DEFAULT", None)
    return home


def test_committed_sample_maps_are_up_to_date(
    index_home: Path, tmp_path: Path, monkeypatch
) -> None:
    from geo.cli import main

    monkeypatch.chdir(REPO)
    out = tmp_path / "maps"
    assert (
        main(
            [
                "run",
                str(SEEDS.relative_to(REPO)) + "/",
                "--out",
                str(out),
                "--offline",
                "--jobs",
                "1",
                "--no-cache",
            ]
        )
        == 0
    )
    for name in COMMITTED:
        committed = REPO / "maps" / name
        assert committed.is_file(), f"{committed} is not committed; run the README's main command"
        fresh = (out / name).read_bytes()
        assert fresh == committed.read_bytes(), (
            f"maps/{name} differs from what `geo run seeds/ --out maps/ --offline` writes now; "
            "regenerate it and commit"
        )
