"""The Neo4j Browser as a person uses it: headless Chromium opens http://127.0.0.1:PORT/browser/, connects with
the generated password, runs a query in the editor and finds its result on the page; graphkit's style and guide,
which the local server has the Browser apply on connecting, caption and colour what it draws."""
from __future__ import annotations

import os
import re
import shutil
import urllib.request
from contextlib import contextmanager

import pytest

from graphkit.analysis import QUAD_COLOURS
from graphkit.config import Settings
from graphkit.neo4j.browser import GUIDE_PATH, STYLE_PATH, grass, style_rules
from graphkit.neo4j.loader import load_store
from graphkit.neo4j.queries import named_queries

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# As the machine notes advise for a closed network: no background traffic, a fresh profile.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DATE = re.compile(r"^\s*\d{4}-\d")


@pytest.fixture(scope="module")
def chromium():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium package")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return CHROMIUM


@contextmanager
def connected_browser(chromium, server, screenshot):
    """A Browser page connected to ``server`` as neo4j; a screenshot of it is taken at the end, whatever happens."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(f"http://127.0.0.1:{server.http_port}/browser/", wait_until="networkidle")
            page.fill("input[data-testid=boltaddress]", f"127.0.0.1:{server.bolt_port}")
            page.fill("input[data-testid=username]", "neo4j")
            page.fill("input[data-testid=password]", server.password())
            page.click("button[data-testid=connect]")
            page.wait_for_selector("text=You are connected as user", timeout=60_000)
            yield page
        finally:
            page.screenshot(path=str(screenshot))
            browser.close()


def run(page, query: str) -> None:
    page.locator(".monaco-editor").first.click()
    page.keyboard.type(query)
    page.keyboard.press("Control+Enter")


def test_browser_connects_runs_a_query_and_shows_its_result(chromium, neo4j_server, neo4j_target, sample_store,
                                                            tmp_path):
    load_store(sample_store, target=neo4j_target, settings=Settings())
    with connected_browser(chromium, neo4j_server, tmp_path / "browser.png") as page:
        run(page, "MATCH (s:State {id: 'IRN'})-[r:SUPPLIES]->(t:State) "
                  "RETURN t.name AS recipient, r.articles AS reports")
        page.get_by_text('"Russia"', exact=True).wait_for(timeout=60_000)  # the table shows strings quoted
        assert page.locator("text=recipient").count() >= 1
    assert (tmp_path / "browser.png").stat().st_size > 10_000


def test_the_style_captions_assertions_by_relation_and_colours_cooperation_and_conflict(
        chromium, neo4j_server, neo4j_target, sample_store, tmp_path, pytestconfig):
    """On connecting, the local server's Browser applies graphkit's style (browser.post_connect_cmd): assertion
    nodes read "SUPPLIES (denied)", not a date, and wear the colour of their PLOVER quad class."""
    load_store(sample_store, target=neo4j_target, settings=Settings())
    screenshot = tmp_path / "browser-style.png"
    with connected_browser(chromium, neo4j_server, screenshot) as page:
        run(page, "MATCH p = (:Article)<-[:REPORTED_IN]-(a:Assertion)-[:SUBJECT|OBJECT]->(:Actor) "
                  "WHERE a.relation <> 'HOLDS_ROLE' RETURN p")
        page.locator("svg g.node").first.wait_for(timeout=60_000)
        page.wait_for_timeout(3_000)  # let the layout settle for the screenshot
        nodes = page.evaluate("""() => Array.from(document.querySelectorAll('svg g.node')).map(g => ({
            fill: g.querySelector('circle.b-outline').getAttribute('fill'),
            caption: Array.from(g.querySelectorAll('text.caption')).map(t => t.textContent.trim()).join(' ')}))""")
    pytestconfig.graphkit_figures.append(screenshot)
    assert screenshot.stat().st_size > 20_000
    rules = style_rules(grass())
    quad_fills = {rules[f"node.Assertion.{quad}"]["color"]: quad for quad in QUAD_COLOURS}
    assertions = [node for node in nodes if node["fill"] in quad_fills]
    assert len(assertions) >= 10, nodes
    assert not [node for node in nodes if DATE.match(node["caption"])], "a node is captioned by a date"
    captions = " ".join(node["caption"] for node in assertions)
    for relation in ("SUPPLIES", "SANCTIONS", "MEETS"):
        assert relation in captions
    assert "denied" in captions  # Iran's denial of supplying Russia, in the sample articles
    assert {quad_fills[node["fill"]] for node in assertions} == set(QUAD_COLOURS)  # all four quad classes drawn
    fills = {node["fill"] for node in nodes}
    assert rules["node.State"]["color"] in fills and rules["node.Article"]["color"] in fills


def test_the_guide_is_served_and_played_on_connecting(chromium, neo4j_server, neo4j_target, tmp_path):
    url = neo4j_server.status().guide_url
    with urllib.request.urlopen(url + GUIDE_PATH, timeout=30) as response:
        page_text = response.read().decode()
        assert response.headers["Access-Control-Allow-Origin"] == "*"  # the Browser fetches it cross-origin
    with urllib.request.urlopen(url + STYLE_PATH, timeout=30) as response:
        assert response.read().decode() == grass()
    assert all(name in page_text for name in named_queries())
    with connected_browser(chromium, neo4j_server, tmp_path / "browser-guide.png") as page:
        guide = page.locator("[data-testid=carousel]").first
        guide.wait_for(timeout=60_000)
        assert "Reading graphkit's graph" in guide.inner_text()
        guide.locator("pre.runnable").first.click()  # a runnable query goes into the editor
        assert "REPORTED_IN" in page.locator(".monaco-editor").first.inner_text()
