"""geo installed from a wheel, away from the checkout, gives the checkout's results.

The wheel is built from a copy of the package's files (the map assets that the set-up step
copied into ``geo/mapping/vendor`` included) and installed into a new virtualenv; the dependencies come from the test run's environment
through a ``.pth`` line (not reinstalled), geo itself only from the wheel. ``geo run`` then
maps copies of the sample articles in a temporary folder, with an empty ``GEO_HOME`` and no
``../shared``: the gazetteer is the compact one shipped as package data, and the GeoJSON must
be byte for byte the committed ``maps/seeds.geojson`` (which ``test_committed_maps`` keeps
equal to what the checkout makes with the full index).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, SEEDS

pytestmark = pytest.mark.slow

#: Environment variables that would point the installed geo back at the checkout.
_CHECKOUT_VARIABLES = ("PYTHONPATH", "GEO_ASSETS_DIR", "GEO_SOURCES", "GEO_EVAL_DIR", "GEO_SHARED")


@dataclass(frozen=True)
class Installed:
    venv: Path
    geo: Path
    python: Path


def _run(command: list[str], **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=600, **options)  # type: ignore[call-overload]


def _copy_project(target: Path) -> None:
    """The files a wheel is built from, without build products of the checkout."""
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(REPO / name, target / name)
    shutil.copytree(
        REPO / "geo",
        target / "geo",
        ignore=shutil.ignore_patterns("__pycache__"),
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("wheel")
    project = root / "project"
    project.mkdir()
    _copy_project(project)
    dist = root / "dist"
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), f"{project}/"]
    )
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = dist.glob("geo-*.whl")
    venv = root / "venv"
    base_python = getattr(sys, "_base_executable", sys.executable)
    made = _run([base_python, "-m", "venv", "--without-pip", str(venv)])
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps"]
    done = _run([*pip, "--no-index", str(wheel)])
    assert done.returncode == 0, done.stderr[-3000:]
    site = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    # The dependencies of this test run, appended after the venv's own site-packages.
    Path(site.stdout.strip(), "test-dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8"
    )
    return Installed(venv=venv, geo=venv / "bin" / "geo", python=python)


def _away_from_checkout(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    work = tmp_path / "elsewhere"
    (work / "seeds").mkdir(parents=True)
    for article in sorted(SEEDS.glob("*.txt")):
        shutil.copyfile(article, work / "seeds" / article.name)
    home = tmp_path / "empty-home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in _CHECKOUT_VARIABLES}
    env["GEO_HOME"] = str(home)
    return work, env


def test_geo_comes_from_the_wheel(installed: Installed, tmp_path: Path) -> None:
    work, env = _away_from_checkout(tmp_path)
    probe = _run(
        [str(installed.python), "-c", "import geo, geo.settings as s; print(geo.__file__)"],
        cwd=work,
        env=env,
    )
    assert probe.returncode == 0, probe.stderr
    assert Path(probe.stdout.strip()).is_relative_to(installed.venv)
    version = _run([str(installed.geo), "--version"], cwd=work, env=env)
    assert version.returncode == 0 and version.stdout.startswith("geo ")
    info = _run([str(installed.geo), "gazetteer", "info", "--json"], cwd=work, env=env)
    assert info.returncode == 0, info.stderr
    assert '"is_packaged": true' in info.stdout and '"places": 10' in info.stdout


def _map_samples(installed: Installed, work: Path, env: dict[str, str]) -> None:
    command = [str(installed.geo), "run", "seeds/", "--out", "maps/", "--offline"]
    run = _run([*command, "--jobs", "1", "--no-cache"], cwd=work, env=env)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr


def test_wheel_maps_the_samples_as_the_checkout(installed: Installed, tmp_path: Path) -> None:
    """Same GeoJSON and map, with only the npm map assets taken from the checkout."""
    assets = REPO / "node_modules"
    if not (assets / "leaflet").is_dir():
        pytest.skip("no node_modules in the checkout: run `npm ci`")
    work, env = _away_from_checkout(tmp_path)
    env["GEO_ASSETS_DIR"] = str(assets)
    _map_samples(installed, work, env)
    for name in ("seeds.geojson", "seeds.html"):
        assert (work / "maps" / name).read_bytes() == (REPO / "maps" / name).read_bytes(), (
            f"geo installed from the wheel writes another {name} than the checkout: "
            "regenerate the packaged gazetteer (scripts/build_compact_gazetteer.py) and commit it"
        )


def test_wheel_needs_nothing_from_the_checkout(installed: Installed, tmp_path: Path) -> None:
    """The map's scripts and the Natural Earth borders that clip routes come with the wheel."""
    work, env = _away_from_checkout(tmp_path)
    _map_samples(installed, work, env)
    for name in ("seeds.geojson", "seeds.html"):
        assert (work / "maps" / name).read_bytes() == (REPO / "maps" / name).read_bytes(), name
