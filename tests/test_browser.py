"""The Neo4j Browser as a person uses it: headless Chromium opens http://127.0.0.1:PORT/browser/, connects with
the generated password, runs a query in the editor and finds its result on the page."""
from __future__ import annotations

import os
import shutil

import pytest

from graphkit.config import Settings
from graphkit.neo4j.loader import load_store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# As the machine notes advise for a closed network: no background traffic, a fresh profile.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def chromium():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium package")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return CHROMIUM


def test_browser_connects_runs_a_query_and_shows_its_result(chromium, neo4j_server, neo4j_target, sample_store,
                                                            tmp_path):
    from playwright.sync_api import sync_playwright

    load_store(sample_store, target=neo4j_target, settings=Settings())
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        try:
            page.goto(f"http://127.0.0.1:{neo4j_server.http_port}/browser/", wait_until="networkidle")
            page.fill("input[data-testid=boltaddress]", f"127.0.0.1:{neo4j_server.bolt_port}")
            page.fill("input[data-testid=username]", "neo4j")
            page.fill("input[data-testid=password]", neo4j_server.password())
            page.click("button[data-testid=connect]")
            page.wait_for_selector("text=You are connected as user", timeout=60_000)
            page.locator(".monaco-editor").first.click()
            page.keyboard.type("MATCH (s:State {id: 'IRN'})-[r:SUPPLIES]->(t:State) "
                               "RETURN t.name AS recipient, r.assertions AS reports")
            page.keyboard.press("Control+Enter")
            page.get_by_text('"Russia"', exact=True).wait_for(timeout=60_000)  # the table shows strings quoted
            assert page.locator("text=recipient").count() >= 1
        finally:
            page.screenshot(path=str(tmp_path / "browser.png"))
            browser.close()
    assert (tmp_path / "browser.png").stat().st_size > 10_000
