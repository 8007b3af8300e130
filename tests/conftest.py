"""Shared fixtures: no network, a private GEO_HOME, and the full index from ../shared."""

from __future__ import annotations

import os
import socket
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GEO_SHARED", REPO.parent / "shared"))
GAZETTEER_SOURCES = SHARED / "data" / "gazetteer-sources"
EVAL_DIR = SHARED / "eval"
SEEDS = REPO / "seeds"

_LOOPBACK = ("127.", "::1", "localhost")
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _guard(address: object) -> None:
    if isinstance(address, tuple) and address:
        host = str(address[0])
        if not host.startswith(_LOOPBACK):
            raise OSError(f"network access blocked in tests: {address!r}")


def _blocked_connect(self: socket.socket, address: object) -> None:
    _guard(address)
    return _real_connect(self, address)


def _blocked_connect_ex(self: socket.socket, address: object) -> int:
    _guard(address)
    return _real_connect_ex(self, address)


def pytest_configure(config: pytest.Config) -> None:
    # Every test run gets its own data directory unless one is named explicitly.
    if "GEO_TEST_HOME" not in os.environ:
        os.environ["GEO_TEST_HOME"] = tempfile.mkdtemp(prefix="geo-test-home-")
    os.environ["GEO_HOME"] = os.environ["GEO_TEST_HOME"]


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Block every socket connection that is not to loopback."""
    monkeypatch.setattr(socket.socket, "connect", _blocked_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _blocked_connect_ex)


@pytest.fixture(scope="session")
def full_index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of an index built once per session from ../shared/data/gazetteer-sources."""
    if not GAZETTEER_SOURCES.is_dir():
        pytest.skip(f"shared gazetteer sources not found at {GAZETTEER_SOURCES}")
    from geo.gazetteer import build_index

    out = tmp_path_factory.mktemp("full-index") / "gazetteer.sqlite"
    build_index(GAZETTEER_SOURCES, out)
    return out


@pytest.fixture(scope="session")
def full_gazetteer(full_index_path: Path):
    """The Gazetteer loaded from the full index (session-wide, read-only)."""
    from geo.gazetteer import Gazetteer

    return Gazetteer.load(full_index_path)
