"""Screenshots of the samples' map for ``docs/``: first view, a claim's popup, after a review.

    .venv/bin/python scripts/screenshots.py [OUT_DIR]     # default: docs/

Run from the repository root after ``bash scripts/setup.sh --test`` (Debian chromium driven
by Playwright, as the browser tests drive it; the page is offline and every request is
refused). The review round trip marks one claim wrong and one confirmed on the map,
downloads the overrides file, runs geo again with it and shows the result. Look at the
images before committing them.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, "tests")
import test_map_browser as browser_test  # noqa: E402  (the browser tests' page helpers)

VIEW = {"width": 1280, "height": 800}
#: The samples' hub claim (3 origins, 7 destinations), one stating an intention, one departure.
HUB, INTENTION, DEPARTURE = (f"000_6af6e4e56df1d80f:r{n}" for n in (3, 5, 2))
GEO_RUN = [".venv/bin/geo", "run", "seeds/", "--offline", "--jobs", "1", "--no-cache"]


def _open(browser: object, path: Path) -> tuple[object, object]:
    session = browser_test.Page(browser)
    session.page.set_viewport_size(VIEW)
    page = session.open(path.resolve())
    page.wait_for_function(browser_test._SETTLED)
    return session, page


def _shown(page: object) -> None:
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
    )
    page.wait_for_function(browser_test._SETTLED)


def _check(session: object, what: str) -> None:
    if session.errors or session.requests:
        raise SystemExit(f"{what}: console errors {session.errors}, requests {session.requests}")


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work_dir, sync_playwright() as playwright:
        work = Path(work_dir)
        subprocess.run([*GEO_RUN, "--out", str(work / "first")], check=True)
        browser = playwright.chromium.launch(
            executable_path=str(browser_test.CHROMIUM), args=browser_test.LAUNCH_ARGS
        )
        session, page = _open(browser, Path("maps/seeds.html"))
        page.screenshot(path=str(out / "map-first-view.png"))
        assert browser_test._click_route(page, HUB) == HUB
        _shown(page)
        page.screenshot(path=str(out / "map-popup.png"))
        _check(session, "first view and popup")

        session, page = _open(browser, work / "first" / "seeds.html")
        popup = page.locator(".leaflet-popup .geo-popup")
        for route, decision, note in (
            (INTENTION, "rejected", "an intention (يسعى إلى نقل مواقعه), not a movement"),
            (DEPARTURE, "confirmed", "they left towards Turkey"),
        ):
            assert browser_test._click_route(page, route) == route
            popup.locator(".geo-review .geo-note").fill(note)
            popup.locator(f".geo-review button[data-decision={decision}]").click()
        browser_test._close_popups(page)
        page.locator(".geo-sources > summary").click()
        with page.expect_download() as download:
            page.locator("button.geo-download").click()
        decisions = work / "decisions.yaml"
        download.value.save_as(decisions)
        _check(session, "review")
        subprocess.run(
            [*GEO_RUN, "--out", str(work / "second"), "--overrides", str(decisions)], check=True
        )

        session, page = _open(browser, work / "second" / "seeds.html")
        page.locator(".geo-sources > summary").click()
        page.locator(".geo-undrawn").evaluate("node => node.closest('details').open = true")
        page.locator(f".geo-undrawn button[data-route='{INTENTION}']").click()
        page.wait_for_selector(".leaflet-popup .geo-popup")
        _shown(page)
        page.screenshot(path=str(out / "map-after-review.png"))
        _check(session, "after review")
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs"))
