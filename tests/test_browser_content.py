"""graphkit's Neo4j Browser style and guide, and the server that hands them to the Browser, without a Browser
(tests/test_browser.py drives the real one): the style agrees with the ontology, the guide holds every named
query, and the local server's configuration has the Browser apply both on connecting."""
from __future__ import annotations

import threading
import urllib.error
import urllib.request

import pytest
from typer.testing import CliRunner

from graphkit.analysis import QUAD_COLOURS
from graphkit.cli import app
import graphkit.neo4j.browser as browser
from graphkit.neo4j.browser import (GUIDE_PATH, STYLE_PATH, content_server, grass, guide_html,
                                    post_connect_commands, serve, style_rules)
from graphkit.neo4j.queries import named_queries
from graphkit.neo4j.server import LocalServer
from graphkit.vocabulary import quad_classes, relation_types


def test_the_style_colours_each_relation_type_as_its_quad_class():
    rules = style_rules(grass())
    for quad in quad_classes():
        assert rules[f"node.Assertion.{quad}"]["color"] == QUAD_COLOURS[quad]
    for name, kind in relation_types().items():
        rule = rules[f"relationship.{name}"]
        if kind.quad:
            assert rule["color"] == QUAD_COLOURS[kind.quad], name
    for structural in ("SUBJECT", "OBJECT", "CLAIMED_BY", "REPORTED_IN", "ITEM"):
        assert f"relationship.{structural}" in rules


def test_the_style_captions_actors_articles_and_assertions():
    rules = style_rules(grass())
    assert rules["node.Assertion"]["caption"] == "{label}"
    assert rules["node.Article"]["caption"] == "{title}"
    assert all(rules[f"node.{kind}"]["caption"] == "{name}" for kind in ("Actor", "State", "Organization", "Person"))


def test_the_comment_in_the_style_is_one_the_browser_ignores():
    """The Browser's GraSS reader knows no comments: ours must hold nothing it would read as part of a rule."""
    text = grass()
    comment = text[text.index("/*"):text.index("*/") + 2]
    assert not set(comment) & set(":;'\"{}")
    assert text[text.index("*/") + 2] == ";"
    assert set(style_rules(text)["node"]) == {"diameter", "color", "border-color", "border-width",
                                              "text-color-internal", "font-size"}


def test_the_guide_has_a_runnable_slide_for_each_named_query():
    page = guide_html()
    assert page.count("<slide>") == len(named_queries()) + 1
    for query in named_queries().values():
        assert f"<h3>{query.name}</h3>" in page
        for key in query.params:
            assert f":param {key} =&gt; " in page
    assert page.count('<pre class="runnable">') >= len(named_queries()) + 1


def test_the_content_server_serves_the_style_and_the_guide_to_another_origin():
    server = content_server(0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with urllib.request.urlopen(base + STYLE_PATH, timeout=10) as response:
            assert response.read().decode() == grass()
            assert response.headers["Access-Control-Allow-Origin"] == "*"
        with urllib.request.urlopen(base + GUIDE_PATH, timeout=10) as response:
            assert response.headers["Content-Type"].startswith("text/html")
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "/etc/passwd", timeout=10)
        assert missing.value.code == 404
    finally:
        server.shutdown()
        server.server_close()


def test_the_local_server_has_the_browser_apply_the_style_and_play_the_guide(tmp_path):
    server = LocalServer(tmp_path / "neo4j")
    server._write_config("http://127.0.0.1:7476")
    conf = (tmp_path / "neo4j" / "conf" / "neo4j.conf").read_text()
    assert "browser.remote_content_hostname_whitelist=127.0.0.1,localhost" in conf  # Neo4j 5's (and the Browser's) name
    assert f"browser.post_connect_cmd={post_connect_commands('http://127.0.0.1:7476')}" in conf


def test_style_and_guide_commands_print_them_and_say_how_to_apply_them(tmp_path):
    runner = CliRunner(env={"COLUMNS": "160", "GRAPHKIT_HOME": str(tmp_path)})
    style = runner.invoke(app, ["neo4j", "style"])
    assert style.exit_code == 0 and style.stdout == grass()
    assert ":style" in style.stderr
    guide = runner.invoke(app, ["neo4j", "guide"])
    assert guide.exit_code == 0 and guide.stdout == guide_html()
    assert "--serve" in guide.stderr


def fetch_then_stop(server, path: str, got: list) -> threading.Thread:
    """A thread that fetches ``path`` from ``server`` and then stops it, whatever happened: nothing is left serving."""
    def run():
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}{path}", timeout=10) as page:
                got.append(page.read().decode())
        finally:
            server.shutdown()  # from another thread than serve's, as it must be: it waits for serve to stop

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_serve_answers_until_shut_down_and_closes_its_socket():
    server, got = content_server(0), []
    fetching = fetch_then_stop(server, GUIDE_PATH, got)
    serve(server)  # returns once the thread has shut it down
    fetching.join(10)
    assert got == [guide_html()] and server.socket.fileno() == -1


def test_serve_ends_quietly_on_ctrl_c_and_closes_its_socket(monkeypatch):
    server = content_server(0)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(server, "serve_forever", interrupted)
    serve(server)
    assert server.socket.fileno() == -1


def test_the_guide_command_serves_with_serve(tmp_path, monkeypatch):
    got, served = [], []

    def serve_briefly(server):
        served.append(fetch_then_stop(server, STYLE_PATH, got))
        serve(server)

    monkeypatch.setattr(browser, "serve", serve_briefly)
    result = CliRunner(env={"COLUMNS": "160", "GRAPHKIT_HOME": str(tmp_path)}).invoke(app, ["neo4j", "guide", "--serve"])
    served[0].join(10)
    assert result.exit_code == 0 and got == [grass()]
    assert ":play http://127.0.0.1:" in result.stderr
