"""The offline map in a real browser: drawn, readable, right-to-left, no network, no injection.

Debian's chromium is driven by Playwright (Playwright's own browser download does not work
here). Every request that is not ``file:`` or ``data:`` is aborted and counted.
Screenshots go to ``tests/artifacts/`` (git-ignored).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fixtures_parsed import FakeGazetteer, hostile_parsed, sample_parsed

from geo import assets
from geo.outputs import write_outputs

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("GEO_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"chromium not found at {CHROMIUM}")
    try:
        assets.asset_path(assets.Asset("leaflet", "dist/leaflet.js"))
    except Exception as error:  # noqa: BLE001
        pytest.skip(str(error))
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield instance
        instance.close()


class Page:
    """A page with the network blocked, console errors and leaked requests recorded."""

    def __init__(self, browser: Any) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def open(self, path: Path) -> Any:
        self.page.goto(path.as_uri())
        self.page.wait_for_selector(".geo-marker", timeout=15_000)
        return self.page


def _write_map(parsed: list, tmp_path: Path, name: str) -> Path:
    (path,) = write_outputs(
        parsed, tmp_path, name, formats=("html",), offline=True, gazetteer=FakeGazetteer()
    )
    return path


def test_offline_map_renders_routes_markers_and_rtl_popup(browser: Any, tmp_path: Path) -> None:
    path = _write_map(sample_parsed(), tmp_path, "sample")
    session = Page(browser)
    page = session.open(path)
    page.wait_for_timeout(300)

    # 21 fan lines + weapons (dotted start + line) + 2 fighters routes.
    assert page.locator("path.geo-route").count() >= 24
    assert page.locator("path.geo-route-inferred").count() == 1
    assert page.locator("path.geo-arrow-0, path[class*='geo-arrow-']").count() >= 23
    assert page.locator("svg defs.geo-arrows marker").count() > 0
    dashed = page.eval_on_selector_all(
        "path.geo-route",
        "ps => ps.filter(p => p.getAttribute('stroke-dasharray') === '9 7').length",
    )
    assert dashed == 1  # the alleged weapons route; the wounded one has no drawable end
    assert page.locator(".geo-marker").count() >= 8
    assert page.locator(".geo-legend").count() == 1
    assert page.locator(".leaflet-control-scale").count() == 1
    assert page.locator(".leaflet-control-minimap").count() == 1
    assert page.locator(".leaflet-control-search").count() == 1
    assert page.locator(".geo-datefilter").count() == 1
    assert "Natural Earth" in page.inner_text(".leaflet-control-attribution")
    assert "Test gazetteer" in page.inner_text(".leaflet-control-attribution")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-offline.png"))

    page.locator(".geo-pin-origin").first.click()
    page.wait_for_selector(".geo-popup")
    arabic = page.locator(".geo-popup .geo-ar").first
    assert arabic.get_attribute("dir") == "rtl"
    assert arabic.get_attribute("lang") == "ar"
    assert arabic.evaluate("node => getComputedStyle(node).direction") == "rtl"
    assert page.locator(".geo-popup blockquote mark").count() >= 1
    assert "Why this place" in page.inner_text(".geo-popup")
    page.wait_for_timeout(400)  # let the popup finish fading in
    page.screenshot(path=str(ARTIFACTS / "map-offline-popup.png"))

    assert session.errors == []
    assert session.requests == []


def test_route_popup_and_filters(browser: Any, tmp_path: Path) -> None:
    path = _write_map(sample_parsed(), tmp_path, "filters")
    session = Page(browser)
    page = session.open(path)
    routes_before = page.locator("path.geo-route").count()
    # Switch the "Alleged" status off in the layer control: the dashed route disappears.
    page.locator(".leaflet-control-layers").hover()
    page.locator(".leaflet-control-layers-overlays label", has_text="Alleged").click()
    assert page.locator("path.geo-route").count() == routes_before - 2
    page.locator(".leaflet-control-layers-overlays label", has_text="Alleged").click()
    assert page.locator("path.geo-route").count() == routes_before
    # Open a route popup through the map's own API (the line may sit under markers).
    text = page.evaluate(
        """() => {
            const geo = Object.keys(window).filter(k => k.startsWith('geo_data')).map(k => window[k])[0];
            const route = geo.layers.routes.getLayers().find(r => r.feature.properties.mover_label === 'weapons');
            route.openPopup(route.getLayers()[0].getLatLngs()[1]);
            return document.querySelector('.geo-popup').innerText;
        }"""
    )
    assert "Origin inferred" in text
    assert "alleged" in text.lower()
    assert session.errors == []
    assert session.requests == []


def test_hostile_article_runs_no_script(browser: Any, tmp_path: Path) -> None:
    path = _write_map(hostile_parsed(), tmp_path, "hostile")
    html = path.read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html
    session = Page(browser)
    page = session.open(path)
    texts = page.evaluate(
        """async () => {
            const geo = Object.keys(window).filter(k => k.startsWith('geo_data')).map(k => window[k])[0];
            const texts = [];
            for (const m of geo.markers) {
                await new Promise(done => geo.layers.places.zoomToShowLayer(m, done));
                m.openTooltip();
                m.openPopup();
                texts.push(m.getPopup().getElement().innerText);
                m.closePopup();
            }
            return texts;
        }"""
    )
    assert len(texts) == 2
    assert any("window.__pwned='reason'" in text for text in texts), texts
    page.evaluate(
        """() => {
            const geo = Object.keys(window).filter(k => k.startsWith('geo_data')).map(k => window[k])[0];
            geo.layers.routes.getLayers().forEach(r => r.openPopup(r.getLayers()[0].getLatLngs()[0]));
        }"""
    )
    popup = page.locator(".geo-popup").first
    assert "window.__pwned" in popup.inner_text()  # the payload is shown as text
    assert page.locator(".geo-popup a[href^='javascript']").count() == 0
    assert page.locator(".geo-popup img, .geo-popup script").count() == 0
    page.locator(".leaflet-control-layers").hover()
    page.locator(".leaflet-control-search .search-button").click()
    page.locator(".leaflet-control-search input").fill("ح")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__pwned") is None
    assert session.requests == []
    assert session.errors == []


_GEO = "Object.keys(window).filter(k => k.startsWith('geo_data')).map(k => window[k])[0]"


def test_heat_layer_toggles_from_the_layer_control(browser: Any, tmp_path: Path) -> None:
    path = _write_map(sample_parsed(), tmp_path, "heat")
    session = Page(browser)
    page = session.open(path)
    heat = page.locator("canvas.leaflet-heatmap-layer")
    assert heat.count() == 0  # off by default on a small map
    page.locator(".leaflet-control-layers").hover()
    label = page.locator(".leaflet-control-layers-overlays label", has_text="Mention heat")
    label.click()
    assert heat.count() == 1
    painted = page.evaluate(
        """() => {
            const c = document.querySelector('canvas.leaflet-heatmap-layer');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) { n++; } }
            return n;
        }"""
    )
    assert painted > 500
    label.click()
    assert heat.count() == 0
    assert session.errors == [] and session.requests == []


def _corpus_map(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from fixtures_parsed import corpus_parsed

    from geo.mapping import routes

    # A few SVG pairs, the rest drawn as the canvas tail.
    monkeypatch.setattr(routes, "SVG_PAIR_LINES", 20)
    return _write_map(corpus_parsed(40, 80), tmp_path, "corpus")


def test_big_map_aggregates_routes_with_counts(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _corpus_map(tmp_path, monkeypatch)
    session = Page(browser)
    page = session.open(path)
    assert page.locator("path.geo-route-pair").count() == 20
    labels = [int(t) for t in page.locator(".geo-count").all_inner_texts()]
    assert labels and min(labels) >= 2
    popup = page.evaluate(
        f"""() => {{
            const geo = {_GEO};
            const line = geo.layers.routePairs[0];
            line.openPopup();
            return [line.feature.properties.count, document.querySelector('.geo-popup').innerText];
        }}"""
    )
    count, text = popup
    assert count == max(labels)
    assert f"{count} claims" in text
    assert "Outlet" in text  # each claim names its source
    # A click on a long-tail (canvas) line opens the popup of that endpoint pair.
    page.evaluate(f"() => {{ {_GEO}.layers.routes._map.closePopup(); }}")
    page.wait_for_timeout(600)  # let the popup's auto-pan finish
    point = page.evaluate(
        f"""() => {{
            const geo = {_GEO};
            const map = geo.layers.routes._map;
            const line = geo.layers.routeTail.find(l => l.shownMembers.length);
            const c = line.shownMembers[0].geometry.coordinates;
            const p = map.latLngToContainerPoint([(c[0][1] + c[1][1]) / 2, (c[0][0] + c[1][0]) / 2]);
            const box = map.getContainer().getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }}"""
    )
    page.mouse.click(point[0], point[1])
    page.wait_for_selector(".geo-popup .geo-pair-count", timeout=5_000)
    assert "claim" in page.inner_text(".geo-popup .geo-pair-count")
    assert session.errors == [] and session.requests == []


def test_outlet_filter_hides_other_outlets(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _corpus_map(tmp_path, monkeypatch)
    session = Page(browser)
    page = session.open(path)
    counts = f"""() => {{
        const geo = {_GEO};
        return [geo.layers.places.getLayers().length,
                geo.layers.routePairs.filter(l => geo.layers.routes.hasLayer(l)).length];
    }}"""
    places_all, pairs_all = page.evaluate(counts)
    box = page.locator(".geo-outletfilter")
    assert box.locator("input[type=checkbox]").count() == 25
    box.locator("button", has_text="none").click()
    assert page.evaluate(counts) == [0, 0]
    assert page.locator("path.geo-route-pair").count() == 0
    box.locator("label", has_text="Outlet 03").locator("input").check()
    places_one, pairs_one = page.evaluate(counts)
    assert 0 < places_one < places_all and pairs_one < pairs_all
    box.locator("button", has_text="all").click()
    assert page.evaluate(counts) == [places_all, pairs_all]
    assert session.errors == [] and session.requests == []
