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
from fixtures_parsed import (
    PLACES,
    FakeGazetteer,
    endpoint,
    hostile_parsed,
    mention,
    sample_parsed,
    span_of,
)

from geo import assets
from geo.model import Document, ParsedDocument, Route
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


_GEO = "Object.keys(window).filter(k => k.startsWith('geo_data')).map(k => window[k])[0]"

_MAP_STILL = f"""() => {{
    // No pan or zoom under way, and the clusters have finished splitting or merging for the
    // zoom (markercluster fades its old discs out on timers after the map has stopped).
    const geo = {_GEO}, map = geo.layers.routes._map;
    return (!map._panAnim || !map._panAnim._inProgress) && !map._animatingZoom
        && !geo.layers.places._inZoomAnimation;
}}"""

_READY = f"""() => {{
    // The cluster group has taken every shown marker (it adds them in chunks, one timer
    // apart) and the map stands still.
    const geo = {_GEO};
    if (!geo || !geo.layers.places) {{ return false; }}
    const shown = geo.markers.filter(m => geo.visible(m.feature.properties)).length;
    return geo.layers.places.getLayers().length === shown && ({_MAP_STILL})();
}}"""


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
        self.page.wait_for_function(_READY)
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

    # The 3 x 7 fan is one hub shape (3 spokes, a trunk, 7 spokes) + weapons (dotted start
    # + line) + 2 fighters routes.
    assert page.locator("path.geo-route").count() == 15
    assert page.locator("path.geo-route-hit").count() == 15
    assert page.locator("path.geo-route-hub").count() == 2
    assert page.locator("path.geo-route-inferred").count() == 1
    assert page.locator("path[class*='geo-arrow-']").count() == 10
    assert page.locator("svg defs.geo-arrows marker").count() > 0
    dashed = page.eval_on_selector_all(
        "path.geo-route",
        "ps => ps.filter(p => p.getAttribute('stroke-dasharray') === '9 7').length",
    )
    assert dashed == 1  # the alleged weapons route
    # The wounded claim has one placed end (Deir ez-Zor): a badge beside it.
    assert page.locator(".geo-claim-badge.geo-claim-out").count() == 1
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
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
    )  # faded in
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
    page.locator(".leaflet-control-search .search-tip").first.wait_for()
    assert page.locator(".leaflet-control-search img, .leaflet-control-search script").count() == 0
    page.locator(".geo-sources > summary").click()
    page.locator(".geo-panel details").evaluate_all("ds => ds.forEach(d => { d.open = true; })")
    assert page.locator(".geo-panel img, .geo-panel script, .geo-panel a").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    assert session.requests == []
    assert session.errors == []


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
    dashed_pairs = page.eval_on_selector_all(
        "path.geo-route-pair", "ps => ps.filter(p => p.getAttribute('stroke-dasharray')).length"
    )
    assert page.locator("path.geo-route-hit").count() == dashed_pairs  # their gaps take clicks
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
    _close_popups(page)
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


# --- The map as an analyst's instrument (issue 20): every claim reachable, nothing hidden
# under the controls, confidence and status visible, review on the map.

_MIDPOINT = f"""(routeId) => {{
    // The midpoint along the rendered (lane-shifted) main line of a claim, in page pixels.
    const geo = {_GEO};
    const map = geo.layers.routes._map;
    const route = geo.routeLayers.find(r => r.feature.properties.route_id === routeId);
    if (!route.strokes.length) {{ return null; }}
    const stroke = route.strokes.find(s => s.main) || route.strokes[route.strokes.length - 1];
    const points = stroke.layers.hit.getLatLngs().map(ll => map.latLngToContainerPoint(ll));
    let total = 0;
    for (let i = 1; i < points.length; i++) {{ total += points[i].distanceTo(points[i - 1]); }}
    let left = total / 2;
    for (let i = 1; i < points.length; i++) {{
        const d = points[i].distanceTo(points[i - 1]);
        if (left <= d) {{
            const t = left / d, box = map.getContainer().getBoundingClientRect();
            return [box.left + points[i - 1].x + (points[i].x - points[i - 1].x) * t,
                    box.top + points[i - 1].y + (points[i].y - points[i - 1].y) * t];
        }}
        left -= d;
    }}
    return null;
}}"""


_OPEN_POINT = f"""(routeId) => {{
    // The point of a claim's main line nearest its midpoint where nothing else lies over the
    // line (on a small screen a cluster disc may cover the middle), in page pixels.
    const geo = {_GEO};
    const map = geo.layers.routes._map, box = map.getContainer().getBoundingClientRect();
    const route = geo.routeLayers.find(r => r.feature.properties.route_id === routeId);
    const own = new Set();
    route.eachLayer(layer => {{ if (layer._path) {{ own.add(layer._path); }} }});
    const stroke = route.strokes.find(s => s.main) || route.strokes[route.strokes.length - 1];
    const points = stroke.layers.hit.getLatLngs().map(ll => map.latLngToContainerPoint(ll));
    const lengths = [0];
    for (let i = 1; i < points.length; i++) {{ lengths.push(lengths[i - 1] + points[i].distanceTo(points[i - 1])); }}
    const total = lengths[lengths.length - 1];
    for (let step = 0; step <= 40; step++) {{
        const along = total * (0.5 + (step % 2 ? 1 : -1) * Math.ceil(step / 2) / 100);
        const i = Math.max(1, lengths.findIndex(l => l >= along));
        const t = (along - lengths[i - 1]) / (lengths[i] - lengths[i - 1] || 1);
        const x = box.left + points[i - 1].x + (points[i].x - points[i - 1].x) * t;
        const y = box.top + points[i - 1].y + (points[i].y - points[i - 1].y) * t;
        if (own.has(document.elementFromPoint(x, y))) {{ return [x, y]; }}
    }}
    return null;
}}"""


def _route_ids(page: Any) -> list[str]:
    return page.evaluate(
        f"() => {_GEO}.routeLayers.filter(r => r.strokes.length)"
        ".map(r => r.feature.properties.route_id)"
    )


def _close_popups(page: Any) -> None:
    """Close the open popup and wait until it has left the page and the map stands still.

    Leaflet fades a closed popup out before removing it, and an opened one pans the map: a
    click made before both settle lands on whatever has moved under the pointer.
    """
    page.evaluate(f"() => {{ {_GEO}.layers.routes._map.closePopup(); }}")
    page.wait_for_selector(".leaflet-popup", state="detached")
    page.wait_for_function(_MAP_STILL)


def _popup_text(page: Any) -> str:
    """The text of the popup a click has just opened, once its auto-pan has finished."""
    page.wait_for_selector(".leaflet-popup .geo-popup", timeout=5_000)
    page.wait_for_function(_MAP_STILL)
    return page.inner_text(".leaflet-popup .geo-popup")


def _click_route(page: Any, route_id: str) -> str:
    """Click the midpoint of a claim's line; return the route id its popup shows."""
    _close_popups(page)
    x, y = page.evaluate(_MIDPOINT, route_id)
    page.mouse.click(x, y)
    text = _popup_text(page)
    return next(
        line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Route id")
    )


_OPEN_BADGE = f"""(routeId) => {{
    // The centre of the first badge of a claim that nothing covers, in page pixels.
    const route = {_GEO}.routeLayers.find(r => r.feature.properties.route_id === routeId);
    for (const marker of route.getLayers()) {{
        const box = marker.getElement().querySelector('.geo-claim-badge').getBoundingClientRect();
        const x = box.x + box.width / 2, y = box.y + box.height / 2;
        const hit = document.elementFromPoint(x, y);
        if (hit && hit.closest('.geo-claim-end') === marker.getElement()) return [x, y];
    }}
    return null;
}}"""


def _click_badge(page: Any, route_id: str) -> str:
    """Click an uncovered badge of a claim drawn without a line; return its popup's text.

    Badges of one claim may overlap each other where its places lie close together; the claim
    is reachable when one of them is uncovered.
    """
    _close_popups(page)
    point = page.evaluate(_OPEN_BADGE, route_id)
    assert point is not None, f"every badge of {route_id} is covered"
    page.mouse.click(*point)
    return _popup_text(page)


def _overlapping_parsed() -> list:
    """The samples plus an alleged claim lying exactly on a reported one (doc-a#r3)."""
    from dataclasses import replace

    parsed = sample_parsed()
    reported = next(r for r in parsed[0].routes if r.id == "doc-a#r3")
    parsed[0].routes.append(
        replace(reported, id="doc-a#r4", status="alleged", corroborated_by=[], confidence=0.8)
    )
    return parsed


def test_every_route_opens_its_own_popup_at_its_midpoint(browser: Any, tmp_path: Path) -> None:
    path = _write_map(_overlapping_parsed(), tmp_path, "click")
    session = Page(browser)
    page = session.open(path)
    ids = _route_ids(page)
    assert len(ids) == 5
    for route_id in ids:
        assert _click_route(page, route_id) == route_id
    assert session.errors == [] and session.requests == []


def test_overlapping_routes_are_drawn_in_separate_lanes(browser: Any, tmp_path: Path) -> None:
    path = _write_map(_overlapping_parsed(), tmp_path, "lanes")
    session = Page(browser)
    page = session.open(path)
    lanes = page.evaluate(
        f"() => Object.fromEntries({_GEO}.routeLayers.map(r => [r.feature.properties.route_id, r.lane]))"
    )
    assert lanes["doc-a#r3"] != lanes["doc-a#r4"]
    a = page.evaluate(_MIDPOINT, "doc-a#r3")
    b = page.evaluate(_MIDPOINT, "doc-a#r4")
    assert ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 >= 8
    # Still apart after zooming in (lanes are pixels, recomputed at every zoom).
    page.evaluate(f"() => {{ {_GEO}.layers.routes._map.zoomIn(2, {{animate: false}}); }}")
    page.wait_for_function(_READY)
    a = page.evaluate(_MIDPOINT, "doc-a#r3")
    b = page.evaluate(_MIDPOINT, "doc-a#r4")
    assert ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 >= 8
    assert session.errors == [] and session.requests == []


def test_a_click_in_a_dash_gap_opens_the_route_not_the_region(browser: Any, tmp_path: Path) -> None:
    path = _write_map(_overlapping_parsed(), tmp_path, "gaps")
    session = Page(browser)
    page = session.open(path)
    # Every pixel along the middle of the dashed (alleged) line belongs to that claim: a dash
    # or its hit line.
    owners = page.evaluate(
        f"""() => {{
            const geo = {_GEO};
            const map = geo.layers.routes._map;
            const route = geo.routeLayers.find(r => r.feature.properties.route_id === 'doc-a#r4');
            const own = new Map();
            route.eachLayer(layer => {{ if (layer._path) {{ own.set(layer._path, layer.options.className); }} }});
            const latlngs = route.strokes[0].layers.hit.getLatLngs();
            const a = map.latLngToContainerPoint(latlngs[0]), b = map.latLngToContainerPoint(latlngs[latlngs.length - 1]);
            const box = map.getContainer().getBoundingClientRect(), owners = [];
            for (let t = 0.3; t <= 0.7; t += 0.005) {{
                const x = box.left + a.x + (b.x - a.x) * t, y = box.top + a.y + (b.y - a.y) * t;
                const node = document.elementFromPoint(x, y);
                owners.push([x, y, own.get(node) || (node ? node.getAttribute('class') || node.tagName : 'none')]);
            }}
            return owners;
        }}"""
    )
    assert all(owner.startswith("geo-route") for _, _, owner in owners), owners
    gaps = [(x, y) for x, y, owner in owners if owner.startswith("geo-route-hit")]
    assert gaps  # gaps are taken by the hit line
    # A click in a gap opens the claim, and leaves no focus rectangle round the line.
    _close_popups(page)
    page.mouse.click(*gaps[len(gaps) // 2])
    assert "Route id: doc-a#r4" in _popup_text(page)
    focused = page.evaluate(
        """() => { const node = document.activeElement;
                   return [node.tagName, getComputedStyle(node).outlineStyle]; }"""
    )
    assert focused[0] == "BODY" or focused[1] == "none", focused
    assert session.errors == [] and session.requests == []


def _english_parsed() -> ParsedDocument:
    text = "Buses carrying fighters left Raqqa for Afrin on Sunday, activists said."
    raqqa, afrin = PLACES["raqqa"], PLACES["afrin"]
    document = Document(id="doc-en", path="doc-en.txt", text=text, title="Convoy leaves Raqqa")
    route = Route(
        id="doc-en#r1",
        doc_id="doc-en",
        trigger=span_of(text, "left"),
        mover=span_of(text, "fighters"),
        mover_label="fighters",
        origins=[endpoint(text, "Raqqa", raqqa)],
        destinations=[endpoint(text, "Afrin", afrin)],
        status="reported",
        confidence=0.8,
        evidence=span_of(text, text),
    )
    mentions = [mention(text, "Raqqa", raqqa), mention(text, "Afrin", afrin)]
    return ParsedDocument(document=document, mentions=mentions, routes=[route])


def test_quotes_read_in_their_own_direction(browser: Any, tmp_path: Path) -> None:
    # An English quote reads left to right beside an Arabic one that reads right to left,
    # each starting at its own side of the popup.
    path = _write_map([*sample_parsed(), _english_parsed()], tmp_path, "languages")
    session = Page(browser)
    page = session.open(path)
    for route_id, direction in (("doc-en#r1", "ltr"), ("doc-a#r2", "rtl")):
        _click_route(page, route_id)
        quote = page.locator(".leaflet-popup .geo-popup blockquote").first
        assert quote.evaluate("node => getComputedStyle(node).direction") == direction
        box, text = quote.evaluate(
            """node => {
                const range = document.createRange();
                range.selectNodeContents(node);
                const text = range.getClientRects()[0], box = node.getBoundingClientRect();
                return [[box.left, box.right], [text.left, text.right]];
            }"""
        )
        if direction == "ltr":  # the first line starts at the quote's left edge
            assert text[0] - box[0] < 12
        else:  # and at its right edge
            assert box[1] - text[1] < 12
    assert session.errors == []
    assert session.requests == []


def test_a_claim_with_many_ends_is_one_hub_with_every_end_in_its_popup(
    browser: Any, tmp_path: Path
) -> None:
    path = _write_map(sample_parsed(), tmp_path, "hub")
    session = Page(browser)
    page = session.open(path)
    shape = page.evaluate(
        f"""() => {{
            const route = {_GEO}.routeLayers.find(r => r.feature.properties.route_id === 'doc-a#r1');
            return {{hub: route.hub, strokes: route.strokes.length,
                     spokes: route.strokes.filter(s => s.spoke).length,
                     trunks: route.strokes.filter(s => s.trunk).length}};
        }}"""
    )
    # 3 origins and 7 destinations: 10 spokes and one trunk, not 21 lines.
    assert shape == {"hub": True, "strokes": 11, "spokes": 10, "trunks": 1}
    assert _click_route(page, "doc-a#r1") == "doc-a#r1"
    text = page.inner_text(".leaflet-popup .geo-popup")
    for name in ("الرقة", "منبج", "الباب", "عفرين", "إعزاز", "جرابلس", "تل أبيض", "رأس العين"):
        assert name in text
    assert "ريف إدلب الشمالي" in text and "تركيا" in text
    assert session.errors == [] and session.requests == []


def _control_rects(page: Any) -> list[dict[str, float]]:
    return page.eval_on_selector_all(
        ".leaflet-control-container .leaflet-control",
        "cs => cs.map(c => c.getBoundingClientRect()).filter(r => r.width && r.height)"
        ".map(r => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom}))",
    )


def _inside(point: list[float], rect: dict[str, float]) -> bool:
    return rect["left"] <= point[0] <= rect["right"] and rect["top"] <= point[1] <= rect["bottom"]


def _data_points(page: Any) -> list[list[float]]:
    """Page positions of every place marker (or cluster) and every route vertex."""
    return page.evaluate(
        f"""() => {{
            const geo = {_GEO};
            const map = geo.layers.routes._map, box = map.getContainer().getBoundingClientRect();
            const points = [];
            document.querySelectorAll('.geo-marker, .marker-cluster, .geo-claim-badge').forEach(n => {{
                if (n.closest('.leaflet-control')) {{ return; }}  // the legend's samples
                const r = n.getBoundingClientRect();
                points.push([r.left + r.width / 2, r.top + r.height / 2]);
            }});
            geo.routeLayers.forEach(route => route.strokes.forEach(s => s.layers.hit.getLatLngs().forEach(ll => {{
                const p = map.latLngToContainerPoint(ll);
                points.push([box.left + p.x, box.top + p.y]);
            }})));
            return points;
        }}"""
    )


_PLACES_SHOWN = f"""() => {{
    // Every place is a pin or counted in a cluster disc, and nothing covers the centre of a
    // pin or disc (another pin, a disc, a badge, a control).
    const geo = {_GEO}, covered = [];
    let counted = 0;
    geo.layers.places._featureGroup.eachLayer(layer => {{
        const icon = layer._icon, r = icon.getBoundingClientRect();
        const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        if (!top || top.closest('.leaflet-marker-icon') !== icon) {{
            covered.push(icon.title || icon.textContent);
        }}
        counted += layer.getChildCount ? layer.getChildCount() : 1;
    }});
    return {{covered: covered, counted: counted, places: geo.markers.length}};
}}"""


def _assert_every_place_shown(page: Any) -> None:
    shown = page.evaluate(_PLACES_SHOWN)
    assert shown["covered"] == [], shown
    assert shown["counted"] == shown["places"], shown


@pytest.mark.parametrize("viewport", [(1400, 900), (1280, 800)])
def test_first_view_shows_every_place_clear_of_the_controls(
    browser: Any, tmp_path: Path, viewport: tuple[int, int]
) -> None:
    path = _write_map(sample_parsed(), tmp_path, "view")
    session = Page(browser)
    session.page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page = session.open(path)
    assert page.locator(".leaflet-control-layers-expanded").count() == 1  # the open panel
    controls = _control_rects(page)
    points = _data_points(page)
    assert len(points) > 20
    for point in points:
        assert 0 <= point[0] <= viewport[0] and 0 <= point[1] <= viewport[1], point
        assert not any(_inside(point, rect) for rect in controls), point
    _assert_every_place_shown(page)
    assert session.errors == [] and session.requests == []


def _overlap(first: dict[str, float], second: dict[str, float]) -> bool:
    return (
        first["left"] < second["right"]
        and second["left"] < first["right"]
        and first["top"] < second["bottom"]
        and second["top"] < first["bottom"]
    )


@pytest.mark.parametrize("viewport", [(800, 600), (960, 640)])
def test_a_narrow_window_starts_with_the_legend_and_layer_panel_closed(
    browser: Any, tmp_path: Path, viewport: tuple[int, int]
) -> None:
    # Open, the legend and the layer panel would leave the map a strip between them: in a
    # narrow window they start closed, no control covers another, and every place is shown.
    path = _write_map(sample_parsed(), tmp_path, "narrow")
    session = Page(browser)
    session.page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page = session.open(path)
    assert page.locator(".leaflet-control-layers-expanded").count() == 0
    assert page.locator(".geo-legend details").evaluate("node => node.open") is False
    controls = _control_rects(page)
    for index, first in enumerate(controls):
        for second in controls[index + 1 :]:
            assert not _overlap(first, second), (first, second)
    free = viewport[0] * viewport[1] - sum(
        (rect["right"] - rect["left"]) * (rect["bottom"] - rect["top"]) for rect in controls
    )
    assert free > 0.75 * viewport[0] * viewport[1]
    for point in _data_points(page):
        assert 0 <= point[0] <= viewport[0] and 0 <= point[1] <= viewport[1], point
        assert not any(_inside(point, rect) for rect in controls), point
    _assert_every_place_shown(page)
    # The legend opens from its summary.
    page.locator(".geo-legend summary").click()
    assert page.locator(".geo-legend details").evaluate("node => node.open") is True
    assert page.locator(".geo-legend .geo-row").first.is_visible()
    assert session.errors == [] and session.requests == []


def _assert_popup_clear_of_the_controls(page: Any, viewport: tuple[int, int]) -> None:
    popup = page.locator(".leaflet-popup-content-wrapper").bounding_box()
    rect = {
        "left": popup["x"],
        "top": popup["y"],
        "right": popup["x"] + popup["width"],
        "bottom": popup["y"] + popup["height"],
    }
    assert rect["left"] >= 0 and rect["top"] >= 0, rect
    assert rect["right"] <= viewport[0] and rect["bottom"] <= viewport[1], rect
    for control in _control_rects(page):
        overlap = min(rect["right"], control["right"]) > max(rect["left"], control["left"]) and min(
            rect["bottom"], control["bottom"]
        ) > max(rect["top"], control["top"])
        assert not overlap, (rect, control)


@pytest.mark.parametrize("viewport", [(1400, 900), (1024, 700)])
def test_popups_open_clear_of_the_controls(
    browser: Any, tmp_path: Path, viewport: tuple[int, int]
) -> None:
    path = _write_map(sample_parsed(), tmp_path, "popup")
    session = Page(browser)
    session.page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page = session.open(path)
    # The place nearest the layer panel (top right).
    page.evaluate(
        f"""() => {{
            const geo = {_GEO};
            const map = geo.layers.routes._map;
            let best = null, score = -Infinity;
            geo.markers.forEach(m => {{
                const p = map.latLngToContainerPoint(m.getLatLng());
                if (p.x - p.y > score) {{ score = p.x - p.y; best = m; }}
            }});
            geo.layers.places.zoomToShowLayer(best, () => best.openPopup());
        }}"""
    )
    _popup_text(page)
    _assert_popup_clear_of_the_controls(page, viewport)
    # Every claim's popup, opened by a click on its line (the fan's lists every end: the
    # tallest), with its من:/عبر:/إلى: labels at the right edge.
    for route_id in _route_ids(page):
        _close_popups(page)
        page.evaluate(f"() => {_GEO}.fitView()")
        point = page.evaluate(_OPEN_POINT, route_id)
        assert point is not None, f"{route_id} is covered along the middle of its line"
        page.mouse.click(*point)
        assert f"Route id: {route_id}" in _popup_text(page)
        _assert_popup_clear_of_the_controls(page, viewport)
        labels = page.locator(".leaflet-popup .geo-popup .geo-ar b")
        for i in range(labels.count()):
            box = labels.nth(i).bounding_box()
            assert not any(
                _inside([box["x"] + box["width"], box["y"] + box["height"] / 2], rect)
                for rect in _control_rects(page)
            )
    assert session.errors == [] and session.requests == []


_SETTLED = f"""() => {{
    // The map stands still and the minimap has stopped following it: its pane has kept its
    // place over three polls (made once per animation frame).
    const pane = document.querySelector('.leaflet-control-minimap .leaflet-map-pane');
    const now = pane.style.transform, seen = window.__geoMiniPane || {{at: null, polls: 0}};
    window.__geoMiniPane = {{at: now, polls: seen.at === now ? seen.polls + 1 : 0}};
    return ({_MAP_STILL})() && window.__geoMiniPane.polls >= 3;
}}"""


def test_the_minimap_never_pulls_an_opened_popup_back_under_the_controls(
    browser: Any, tmp_path: Path
) -> None:
    path = _write_map(sample_parsed(), tmp_path, "minimap")
    session = Page(browser)
    page = session.open(path)
    page.wait_for_function(_SETTLED)
    # The map moved twice in a row (the minimap, 5 zoom levels out, moves a few pixels each
    # time), then a claim's popup opened near the top edge (it pans the map), all before the
    # minimap has followed.
    page.evaluate(
        f"""() => {{
            const geo = {_GEO};
            const map = geo.layers.routes._map;
            map.panBy([0, 200], {{animate: false}});
            map.panBy([0, -100], {{animate: false}});
            const route = geo.routeLayers.find(r => r.feature.properties.route_id === 'doc-a#r1');
            const trunk = route.strokes.find(s => s.trunk).layers.hit.getLatLngs();
            route.openPopup(L.latLng((trunk[0].lat + trunk[1].lat) / 2, (trunk[0].lng + trunk[1].lng) / 2));
        }}"""
    )
    page.wait_for_function(_SETTLED)
    _assert_popup_clear_of_the_controls(page, (1400, 900))
    assert session.errors == [] and session.requests == []


def test_low_confidence_and_status_are_visible(browser: Any, tmp_path: Path) -> None:
    parsed = sample_parsed()
    parsed[0].mentions[1].confidence = 0.5  # منبج
    fighters_b = parsed[1].routes[0]
    fighters_b.status = "confirmed"
    parsed[0].routes[2].status = "denied"
    path = _write_map(parsed, tmp_path, "confidence")
    session = Page(browser)
    page = session.open(path)
    low_markers = page.locator(".geo-marker-low").count()
    assert low_markers >= 1
    opacity = page.eval_on_selector(
        "path.geo-route-low", "p => Number(p.getAttribute('stroke-opacity'))"
    )
    assert opacity <= 0.5  # the weapons claim, confidence 0.5
    # The fan's spoke from منبج (a place at 0.5) is pale like its marker; the one from
    # الرقة (0.9) is not.
    spokes = page.evaluate(
        f"""() => {{
            const route = {_GEO}.routeLayers.find(r => r.feature.properties.route_id === 'doc-a#r1');
            const opacity = (lon) => {{
                const stroke = route.strokes.find(s => s.spoke && Math.abs(s.points[0].lng - lon) < 1e-6);
                return Number(stroke.layers.line._path.getAttribute('stroke-opacity'));
            }};
            return [opacity(37.9549), opacity(39.0079)];
        }}"""
    )
    assert spokes[0] <= 0.5 < spokes[1], spokes
    assert _click_route(page, "doc-a#r1") == "doc-a#r1"
    assert "منبج (ثقة منخفضة 0.50)" in page.inner_text(".leaflet-popup .geo-popup .geo-ar")
    assert page.locator("path.geo-route-casing").count() == 1  # the confirmed claim
    assert (
        page.eval_on_selector("path.geo-route-denied", "p => p.getAttribute('stroke-dasharray')")
        == "14 5 2 5"
    )
    assert (
        page.eval_on_selector("path.geo-route-reported", "p => p.getAttribute('stroke-dasharray')")
        is None
    )
    legend = page.inner_text(".geo-legend")
    assert "Low confidence" in legend and "Confirmed" in legend and "Denied" in legend
    assert session.errors == [] and session.requests == []


def test_single_end_claims_and_undrawn_claims_are_reachable(browser: Any, tmp_path: Path) -> None:
    parsed = sample_parsed()
    wounded = parsed[1].routes[1]
    wounded.mover, wounded.mover_label = None, ""  # the text names no movers
    path = _write_map(parsed, tmp_path, "single")
    session = Page(browser)
    page = session.open(path)
    page.locator(".geo-claim-badge").first.click()
    text = _popup_text(page)
    assert "doc-b#r2" in text
    assert text.splitlines()[0].startswith("movers not named / الجهة غير مذكورة")
    assert "movers not named" in page.inner_text(".geo-legend")
    # The sources panel: documents with hash and counts; one filters the map to its evidence.
    page.locator(".geo-sources > summary").click()
    docs = page.locator(".geo-panel li.geo-doc")
    assert docs.count() == 2
    assert "SHA-256" in docs.first.inner_text() and "routes" in docs.first.inner_text()
    before = page.locator("path.geo-route").count()
    docs.nth(1).locator("button").click()
    assert 0 < page.locator("path.geo-route").count() < before
    # Only the places document b names stay: الطبقة (its own) yes, حماة (document a's) no.
    shown = page.evaluate(
        f"() => {_GEO}.layers.places.getLayers().map(m => m.feature.properties.name_ar)"
    )
    assert "الطبقة" in shown and "حماة" not in shown and "الرقة" in shown, shown
    switches = page.locator(".leaflet-control-layers-overlays label", has_text="▸")
    assert [s.locator("input").is_checked() for s in switches.all()] == [False, True]
    docs.nth(1).locator("button").click()
    assert page.locator("path.geo-route").count() == before
    assert [s.locator("input").is_checked() for s in switches.all()] == [True, True]
    assert session.errors == [] and session.requests == []


@pytest.mark.parametrize("viewport", [(1280, 800), (1024, 700)])
def test_the_open_sources_panel_runs_under_no_other_control(
    browser: Any, tmp_path: Path, viewport: tuple[int, int]
) -> None:
    path = _write_map(sample_parsed(), tmp_path, "panel")
    session = Page(browser)
    session.page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page = session.open(path)
    page.locator(".geo-sources > summary").click()
    page.locator(".geo-panel details").evaluate_all("ds => ds.forEach(d => { d.open = true; })")
    panel = page.locator(".geo-panel").bounding_box()
    for control in _control_rects(page):
        if abs(control["left"] - panel["x"]) < 0.5 and abs(control["top"] - panel["y"]) < 0.5:
            continue  # the panel itself
        overlap = min(panel["x"] + panel["width"], control["right"]) > max(
            panel["x"], control["left"]
        ) and min(panel["y"] + panel["height"], control["bottom"]) > max(panel["y"], control["top"])
        assert not overlap, (panel, control)
    # Its last line (the overrides download) scrolls into view and takes the click.
    button = page.locator("button.geo-download")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    hit = page.evaluate(
        "(p) => document.elementFromPoint(p[0], p[1]).className",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit == "geo-download"
    assert session.errors == [] and session.requests == []


def test_search_finds_the_articles_spellings_and_latin_forms(browser: Any, tmp_path: Path) -> None:
    path = _write_map(sample_parsed(), tmp_path, "search")
    session = Page(browser)
    page = session.open(path)
    found = page.evaluate(
        f"""() => ['الرقه', 'رقة', 'Raqqa', 'ar-raqqa', 'Manbij', 'منبج'].map(q => {_GEO}.searchMatches(q))"""
    )
    assert all(found), found
    assert session.errors == [] and session.requests == []


HOSTILE_NOTE = (
    "</script><script>window.__pwned='note'</script> <img src=x onerror=\"window.__pwned='img'\">"
    " javascript:window.__pwned='js' # not: a comment - [x] {y} & *z | > %"
)


def test_review_yaml_keeps_hostile_notes_as_text(browser: Any, tmp_path: Path) -> None:
    import yaml

    from geo.overrides import load_overrides

    path = _write_map(sample_parsed(), tmp_path, "yaml")
    session = Page(browser)
    page = session.open(path)
    notes = [
        HOSTILE_NOTE,
        'line one\nline two "quoted" \\ back\\slash \u2028 sep \u2029 \ufeff bom \u0085 nel \t tab',
        "---\n...\n- item\n? key\n: value\n!!python/object:os.system 'ls'",
        "null",
        "",
    ]
    text = page.evaluate(
        f"""(notes) => {{
            const geo = {_GEO};
            notes.forEach((note, i) => geo.review.setRoute('doc-a#r' + (i + 1), i % 2 ? 'confirmed' : 'rejected', note));
            geo.review.setMention({{d: 0, start: 3, end: 8, text: notes[0]}}, 'place', 'core:x"y', notes[1]);
            return geo.review.yaml();
        }}""",
        notes,
    )
    data = yaml.safe_load(text)
    assert [entry["note"] for entry in data["route_decisions"]] == notes
    assert data["mention_decisions"][0]["text"] == notes[0]
    assert data["mention_decisions"][0]["place"] == 'core:x"y'
    assert data["mention_decisions"][0]["note"] == notes[1]
    saved = tmp_path / "decisions.yaml"
    saved.write_text(text, encoding="utf-8")
    overrides = load_overrides(saved)
    assert overrides.decisions.routes["doc-a#r1"].note == HOSTILE_NOTE
    # The hostile note shown back in a popup is text, and runs nothing.
    page.evaluate(
        f"""() => {{
            const geo = {_GEO};
            const route = geo.routeLayers.find(r => r.feature.properties.route_id === 'doc-a#r1');
            route.openPopup(route.strokes[0].layers.hit.getLatLngs()[0]);
        }}"""
    )
    assert "window.__pwned='note'" in page.inner_text(".leaflet-popup .geo-popup")
    assert page.locator(".leaflet-popup img, .leaflet-popup script").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    assert session.errors == [] and session.requests == []


@pytest.fixture()
def index_home(full_index_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A GEO_HOME holding the full index, as `bash scripts/setup.sh` builds it."""
    import shutil

    import geo.gazetteer.index as index_module

    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(full_index_path, home / "gazetteer.sqlite")
    monkeypatch.setenv("GEO_HOME", str(home))
    monkeypatch.setattr(index_module, "_DEFAULT", None)
    return home


def _run_seeds(out: Path, *extra: str) -> None:
    from conftest import SEEDS

    from geo.cli import main

    args = ["run", str(SEEDS), "--out", str(out), "--offline", "--jobs", "1", "--no-cache"]
    assert main([*args, *extra]) == 0


REJECTED = "000_6af6e4e56df1d80f:r2"
SALIHIYA = "wof:1226434157"
CHOSEN = "wof:1242671321"
BUHASAN = "wof:1209336015"


def _open_place_popup(page: Any, place_id: str) -> None:
    _close_popups(page)
    page.evaluate(
        f"""(id) => {{
            const geo = {_GEO};
            const marker = geo.markers.find(m => m.feature.properties.place_id === id);
            geo.layers.places.zoomToShowLayer(marker, () => marker.openPopup());
        }}""",
        place_id,
    )
    page.wait_for_selector(".leaflet-popup .geo-choice")


@pytest.mark.shared
def test_review_round_trip_decide_download_rerun(
    browser: Any, index_home: Path, tmp_path: Path
) -> None:
    import json

    from geo.overrides import load_overrides

    first = tmp_path / "first"
    _run_seeds(first)
    session = Page(browser)
    page = session.open(first / "seeds.html")
    # A claim marked wrong, with a hostile note.
    assert _click_route(page, REJECTED) == REJECTED
    popup = page.locator(".leaflet-popup .geo-popup")
    popup.locator(".geo-review .geo-note").fill(HOSTILE_NOTE)
    popup.locator(".geo-review button[data-decision=rejected]").click()
    assert "rejected" in popup.locator(".geo-decision").inner_text()
    # A runner-up candidate chosen for الصالحية, and البوحسن marked not a place.
    _open_place_popup(page, SALIHIYA)
    popup.locator(".geo-review .geo-note").first.fill("al-Salihiya near Abu Kamal")
    popup.locator("select.geo-choice").first.select_option(f"place:{CHOSEN}")
    _open_place_popup(page, BUHASAN)
    popup.locator("select.geo-choice").first.select_option("not_a_place")
    # Shown on the map, and kept across a reload.
    assert page.locator(".geo-review-mark").count() == 1
    page.reload()
    page.wait_for_selector(".geo-marker")
    page.wait_for_function(_READY)
    page.wait_for_selector(".geo-review-mark")  # drawn one timer after the map is ready
    assert page.evaluate(f"() => {_GEO}.review.pending()") == 3
    assert page.locator(".geo-review-mark").count() == 1
    page.locator(".geo-sources > summary").click()
    with page.expect_download() as download:
        page.locator("button.geo-download").click()
    decisions = tmp_path / "decisions.yaml"
    download.value.save_as(decisions)
    overrides = load_overrides(decisions)
    assert overrides.decisions.routes[REJECTED].note == HOSTILE_NOTE
    assert {d.decision for d in overrides.decisions.mentions.values()} == {"place", "not_a_place"}
    assert session.errors == [] and session.requests == []

    second = tmp_path / "second"
    _run_seeds(second, "--overrides", str(decisions))
    collection = json.loads((second / "seeds.geojson").read_text(encoding="utf-8"))
    features = {f["id"]: f["properties"] for f in collection["features"]}
    route = features[f"route:{REJECTED}"]
    assert (route["decision"], route["decision_note"]) == ("rejected", HOSTILE_NOTE)
    chosen = features[f"place:{CHOSEN}"]
    assert chosen["mentions"][0]["decision"] == "chosen"
    assert chosen["mentions"][0]["decision_note"] == "al-Salihiya near Abu Kamal"
    assert f"place:{SALIHIYA}" not in features and f"place:{BUHASAN}" not in features
    rejected = [m for m in collection["unresolved"] if m.get("decision") == "rejected"]
    assert [m["text"] for m in rejected] == ["البوحسن"]

    session = Page(browser)
    page = session.open(second / "seeds.html")
    drawn = _route_ids(page)
    assert REJECTED not in drawn and len(drawn) == 2  # r3 and r5 are still lines
    page.locator(".geo-sources > summary").click()
    page.locator(".geo-undrawn").evaluate("node => node.closest('details').open = true")
    page.locator(f".geo-undrawn button[data-route='{REJECTED}']").click()
    text = page.inner_text(".leaflet-popup .geo-popup")
    assert "Analyst decision: rejected" in text and "window.__pwned='note'" in text
    assert "applied in this run" in text
    assert page.locator(".geo-marker-reviewed").count() >= 1
    assert page.evaluate("() => window.__pwned") is None
    _close_popups(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-after-review.png"))
    assert session.errors == [] and session.requests == []


def test_sample_map_every_claim_reachable_and_clear_of_the_controls(browser: Any) -> None:
    from conftest import REPO

    session = Page(browser)
    page = session.open(REPO / "maps" / "seeds.html")
    controls = _control_rects(page)
    for point in _data_points(page):
        assert not any(_inside(point, rect) for rect in controls), point
    _assert_every_place_shown(page)
    # The first view frames Syria: no country mentioned elsewhere (the United States,
    # Russia) stretches it.
    west, south, east, north = page.evaluate(
        f"() => {_GEO}.layers.routes._map.getBounds().toBBoxString().split(',').map(Number)"
    )
    assert west > 28 and east < 50 and south > 26 and north < 42, (west, south, east, north)
    # A cluster holding a place of low confidence (الصالحية, 0.68) says so with a dashed rim.
    rims = page.evaluate(
        f"""() => {{
            const rims = [];
            {_GEO}.layers.places._featureGroup.eachLayer(layer => {{
                if (!layer.getAllChildMarkers) {{ return; }}
                const low = layer.getAllChildMarkers().some(m => m.feature.properties.confidence < 0.7);
                rims.push([low, getComputedStyle(layer._icon.firstChild).borderTopStyle]);
            }});
            return rims;
        }}"""
    )
    assert [True, "dashed"] in rims
    assert all((style == "dashed") == low for low, style in rims), rims
    # Every mover in the legend has a colour of its own.
    swatches = page.evaluate(
        f"""() => Array.from(document.querySelectorAll('.geo-legend .geo-row svg path:first-child'))
            .slice(0, {_GEO}.data.movers.length).map(p => p.getAttribute('stroke'))"""
    )
    assert len(swatches) == 7 and len(set(swatches)) == 7, swatches
    # A mover the legend lists has a line or a badge of its colour on the map, unless the
    # legend says none of its claims has an end there.
    movers = page.evaluate(
        f"""() => {{
            const colour = (c) => {{
                const probe = document.createElement('span');
                probe.style.color = c;
                document.body.appendChild(probe);
                const rgb = getComputedStyle(probe).color;
                probe.remove();
                return rgb;
            }};
            const drawn = new Set();
            document.querySelectorAll('path.geo-route').forEach(p => drawn.add(colour(p.getAttribute('stroke'))));
            document.querySelectorAll('.geo-claim-badge').forEach(b => {{
                if (!b.closest('.leaflet-control')) {{ drawn.add(getComputedStyle(b).borderTopColor); }}
            }});
            return {_GEO}.data.movers.map((m, i) => {{
                const row = document.querySelectorAll('.geo-legend .geo-row')[i];
                return [m.label, drawn.has(colour(m.colour)), row.classList.contains('geo-mover-absent')];
            }});
        }}"""
    )
    assert all(on_map != absent for _, on_map, absent in movers), movers
    assert [label for label, _, absent in movers if absent] == ["trucks/aid"]
    ids = _route_ids(page)
    assert len(ids) == 3  # the claims with a line: to Turkey, to Hama and Idlib, to Idlib
    for route_id in ids:
        assert _click_route(page, route_id) == route_id
    # The claims with one placed end are badges, each opening its own claim.
    badges = page.evaluate(
        f"""() => {_GEO}.routeLayers.filter(r => r.single).map(r => r.feature.properties.route_id)"""
    )
    assert len(badges) == 4
    for route_id in badges:
        assert route_id in _click_badge(page, route_id)
    # The article's own spellings and Latin forms find their places.
    found = page.evaluate(
        f"""() => ['العطشانة', 'البوحسن', 'الصالحية', 'Salihiya', 'Shaafa', 'Atshana']
            .map(q => {_GEO}.searchMatches(q))"""
    )
    assert found == [
        ["wof:1226437783"],
        ["wof:1209336015"],
        ["wof:1226434157"],
        ["wof:1226434157"],
        ["wof:1242669227"],
        ["wof:1226437783"],
    ]
    names = page.evaluate(
        f"""() => Object.fromEntries({_GEO}.markers.map(m => [m.feature.properties.place_id, m.options.title]))"""
    )
    assert names["wof:1226434157"] == "الصالحية — al-Salihiya"
    assert names["wof:1242669227"] == "الشعفة — Ash Shaʿfah"
    assert not any("`" in title for title in names.values())
    assert "core:usa" not in names and "core:russia" not in names
    assert session.errors == [] and session.requests == []


_SEARCH_TIPS = """() => {
    const box = document.querySelector('.leaflet-control-search .search-tooltip');
    if (!box || box.style.display === 'none') { return []; }
    return Array.from(box.querySelectorAll('.search-tip')).map(tip => tip.textContent);
}"""


@pytest.mark.parametrize(
    ("query", "spelling"),
    [
        ("العطشانة", "العطشانة"),
        ("البوحسن", "البوحسن"),
        ("الصالحية", "الصالحية"),
        ("Salihiya", "الصالحية"),
        ("Shaafa", "الشعفة"),
    ],
)
def test_search_box_finds_the_articles_spellings(browser: Any, query: str, spelling: str) -> None:
    from conftest import REPO

    session = Page(browser)
    page = session.open(REPO / "maps" / "seeds.html")
    page.locator(".leaflet-control-search .search-button").click()
    box = page.locator(".leaflet-control-search input")
    box.focus()
    # Typed as an input method commits it: Arabic arrives without key events.
    page.keyboard.type(query)
    page.wait_for_function(f"() => ({_SEARCH_TIPS})().length > 0", timeout=5_000)
    tips = page.evaluate(_SEARCH_TIPS)
    assert len(tips) == 1 and tips[0].startswith(spelling), tips
    page.locator(".leaflet-control-search .search-tip").first.click()
    assert spelling in _popup_text(page).splitlines()[0]
    assert session.errors == [] and session.requests == []
