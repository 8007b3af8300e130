"""The mypyc build: every listed module is compiled by the install, and a source edited after
the build is what geo runs (never the stale build)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geo import _compiled

REPO = Path(__file__).resolve().parents[1]

needs_build = pytest.mark.skipif(
    not _compiled.compiled_modules(), reason="geo is not compiled (GEO_PURE_PYTHON install)"
)


@pytest.mark.skipif(bool(os.environ.get("GEO_PURE_PYTHON")), reason="pure-Python install")
def test_the_install_compiled_every_listed_module_from_the_current_sources() -> None:
    import importlib

    assert _compiled.stale_modules() == []
    assert _compiled.compiled_modules() == list(_compiled.COMPILED)
    for name in _compiled.COMPILED:
        module = importlib.import_module(name)
        assert not module.__file__.endswith(".py"), name


def _copy_package(tmp_path: Path) -> Path:
    root = tmp_path / "checkout"
    shutil.copytree(REPO / "geo", root / "geo", ignore=shutil.ignore_patterns("__pycache__"))
    for shared in REPO.glob("*__mypyc*"):
        shutil.copy2(shared, root / shared.name)
    return root


def _imported_file(root: Path, module: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", f"import {module}; print({module}.__file__)"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        check=True,
    )


@needs_build
def test_an_edited_source_is_run_instead_of_its_stale_build(tmp_path: Path) -> None:
    root = _copy_package(tmp_path)
    assert _imported_file(root, "geo.resolve").stdout.strip().endswith(".so")

    regions = root / "geo" / "regions.py"
    regions.write_text(regions.read_text("utf-8") + "\n# edited\n", "utf-8")
    shown = _imported_file(root, "geo.resolve")
    # One stale module sends every compiled module back to its source.
    assert shown.stdout.strip() == str(root / "geo" / "resolve.py")
    assert "geo.regions changed since it was compiled" in shown.stderr


@needs_build
def test_a_touched_but_unchanged_source_keeps_the_build(tmp_path: Path) -> None:
    root = _copy_package(tmp_path)
    (root / "geo" / "regions.py").touch()
    shown = _imported_file(root, "geo.regions")
    assert shown.stdout.strip().endswith(".so") and "changed since" not in shown.stderr


@needs_build
def test_a_partial_build_is_not_used(tmp_path: Path) -> None:
    root = _copy_package(tmp_path)
    next((root / "geo").glob("regions.*.so")).unlink()
    shown = _imported_file(root, "geo.resolve")
    assert shown.stdout.strip() == str(root / "geo" / "resolve.py")
    assert "geo.regions changed since it was compiled" in shown.stderr


def _model_objects() -> list[object]:
    """One object of each data class the stages pass on, the nested ones filled in."""
    from geo.model import Actor, Candidate, Endpoint, Mention, Place, Route, Span
    from geo.recognize import NameSpan
    from geo.regions import RegionPhrase

    place = Place("core:x", "X", "إكس", "town", 35.0, 37.0, names=("إكس",))
    mention = Mention("إكس", 3, 6, "اكس", "", place, 0.8, "why", [Candidate(place, 0.5, "r")])
    endpoint = Endpoint("إكس", 3, 6, place, note="n")
    span = Span("نزح", 0, 3)
    route = Route("r1", "d1", span, None, "", origins=[endpoint], actors=[Actor("أ", 0, 1, "A")])
    route.corroborated_by.append("r2")
    name = NameSpan(3, 6, "اكس", ("core:x",), hints=["kunya"])
    return [place, mention, endpoint, span, route, name, RegionPhrase(0, 6, 90.0, "east", "sector")]


@pytest.mark.parametrize("obj", _model_objects(), ids=lambda obj: type(obj).__name__)
def test_data_objects_copy_and_pickle_by_pythons_own_protocols(obj: object) -> None:
    # Compiled, a class with its own __init__ cannot be made empty and filled in, which is
    # how copy and pickle (and so Dask) take objects apart unless told otherwise.
    import copy
    import pickle

    assert pickle.loads(pickle.dumps(obj)) == obj
    assert copy.deepcopy(obj) == obj
    assert copy.copy(obj) == obj
