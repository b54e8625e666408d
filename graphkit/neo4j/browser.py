"""What graphkit gives the Neo4j Browser: a style (``browser.grass``), a guide to play, and a small server that
serves both to the Browser.

>>> "node.Assertion" in style_rules(grass())
True
>>> style_rules(grass())["node.Assertion"]["caption"]
'{label}'
>>> post_connect_commands("http://127.0.0.1:7476")
'style http://127.0.0.1:7476/graphkit.grass; play http://127.0.0.1:7476/guide.html'

The Browser fetches a style (``:style URL``) or a guide (``:play URL``) only from hosts its server allows
(``browser.remote_content_hostname_whitelist``, still so named in Neo4j 5), and runs the commands of
``browser.post_connect_cmd`` after connecting: graphkit's local server sets both, so an analyst who connects gets
the style and the guide without doing anything. The content server answers on 127.0.0.1 only, two fixed paths,
with the CORS header the Browser's cross-origin fetch needs.
"""
from __future__ import annotations

import argparse
import html
import socket
import sys
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

__all__ = ["GRASS", "STYLE_PATH", "GUIDE_PATH", "grass", "style_rules", "guide_html", "post_connect_commands",
           "content_server", "serve", "free_port", "main"]

GRASS = Path(__file__).with_name("browser.grass")
STYLE_PATH, GUIDE_PATH = "/graphkit.grass", "/guide.html"


@cache
def grass() -> str:
    """The style's text, as the Browser reads it."""
    return GRASS.read_text(encoding="utf-8")


def style_rules(text: str) -> dict[str, dict[str, str]]:
    """The rules of a GraSS text, read as the Browser reads them: ``{"node.State": {"color": "#D9C8AE", ...}}``.

    Quotes are dropped and a property needs exactly one colon, so a comment (no colon, ended by its own
    semicolon) is ignored, as the Browser ignores it.

    >>> style_rules("node.State { color: #D9C8AE; caption: '{name}'; }")
    {'node.State': {'color': '#D9C8AE', 'caption': '{name}'}}
    """
    rules, selector, props, quoted, depth = {}, "", "", False, 0
    for char in text:
        if char in "'\"":
            quoted = not quoted
        elif char == "{" and not quoted and depth == 0:
            depth = 1
        elif char == "}" and not quoted and depth == 1:
            rules[selector], selector, props, depth = props, "", "", 0
        elif depth:
            props += char
        elif not char.isspace():
            selector += char
    parsed = {}
    for name, body in rules.items():
        pairs = [prop.split(":") for prop in body.split(";")]
        parsed[name] = {pair[0].strip(): pair[1].strip() for pair in pairs if len(pair) == 2}
    return parsed


def post_connect_commands(base_url: str) -> str:
    """The value of ``browser.post_connect_cmd`` that applies the style and plays the guide from ``base_url``."""
    return f"style {base_url}{STYLE_PATH}; play {base_url}{GUIDE_PATH}"


def guide_html() -> str:
    """The guide: how to read graphkit's graph in the Browser, then one slide a named query, each runnable."""
    from ..analysis import QUAD_COLOURS
    from ..vocabulary import quad_classes, relation_types
    from .queries import named_queries

    members = {quad: [name for name, kind in relation_types().items() if kind.quad == quad] for quad in quad_classes()}
    legend = "".join(
        f'<tr><td><span style="display:inline-block;width:1.2em;height:1.2em;border-radius:50%;'
        f'background:{QUAD_COLOURS[quad]}"></span></td><td>{html.escape(q.label)}</td>'
        f"<td>{', '.join(members[quad])}</td></tr>" for quad, q in quad_classes().items())
    slides = [f"""<slide>
<h3>Reading graphkit's graph</h3>
<p><b>Actors</b> are captioned by name: states (sand), organisations (purple), people (yellow).
Between two actors, one <b>summary relationship</b> for each relation type they are in, such as
<code>SUPPLIES (3)</code>: the number is the <b>reports</b>, the articles that say so (its <code>assertions</code>
property counts every time they do).</p>
<p><b>Assertions</b> are the provenance: one relation as one article reports it, captioned by relation and polarity
(<code>SUPPLIES (denied)</code>, <code>ATTACKS (affirmed, planned)</code>), with <code>SUBJECT</code> and
<code>OBJECT</code> to its actors, <code>CLAIMED_BY</code> to whoever says it, <code>REPORTED_IN</code> to the
<b>article</b> (captioned by title) and <code>ITEM</code> to what is supplied. Click one to read its
<code>evidence</code>, the sentence it came from.</p>
<p>Colour is the PLOVER quad class the ontology gives each relation type:</p>
<table>{legend}</table>
<p>Some assertions and their actors:</p>
<pre class="runnable">MATCH p = (art:Article)&lt;-[:REPORTED_IN]-(a:Assertion)-[:SUBJECT|OBJECT]-&gt;(:Actor)
RETURN p LIMIT 60</pre>
<p>The style is graphkit's <code>browser.grass</code>; <code>:style reset</code> goes back to the Browser's own.</p>
</slide>"""]
    for query in named_queries().values():
        params = "".join(f'<pre class="runnable">:param {html.escape(key)} =&gt; {html.escape(_literal(value))}</pre>'
                         for key, value in query.params.items())
        how = (f"<p>It has parameters: set them first (click, then run), and change the values to ask about "
               f"others.</p>{params}") if params else ""
        slides.append(f"""<slide>
<h3>{html.escape(query.name)}</h3>
<p>{html.escape(query.about)}</p>
{how}<pre class="runnable">{html.escape(query.cypher)}</pre>
<p>From the command line: <code>graphkit query --name {html.escape(query.name)}</code></p>
</slide>""")
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>graphkit</title></head><body>\n"
            "<article class=\"guide\"><carousel class=\"deck container-fluid\">\n"
            + "\n".join(slides) + "\n</carousel></article>\n</body></html>\n")


def content_server(port: int = 0, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """A server (not yet serving: give it to :func:`serve`) answering ``/graphkit.grass`` and ``/guide.html``."""
    pages = {STYLE_PATH: (grass().encode(), "text/plain; charset=utf-8"),
             GUIDE_PATH: (guide_html().encode(), "text/html; charset=utf-8")}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the http.server API)
            body, kind = pages.get(self.path.split("?")[0], (None, None))
            if body is None:
                self.send_error(404, "graphkit serves /graphkit.grass and /guide.html")
                return
            self.send_response(200)
            self._headers()
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_OPTIONS(self):  # noqa: N802 (a preflight, should the Browser send headers of its own)
            self.send_response(204)
            self._headers()
            self.end_headers()

        def _headers(self):
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Headers", "*")
            self.send_header("Cache-Control", "no-store")

        def log_message(self, *args):  # quiet: it runs in the background
            pass

    return ThreadingHTTPServer((host, port), Handler)


def free_port() -> int:
    """A port on 127.0.0.1 nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(server: ThreadingHTTPServer) -> None:
    """Serve with ``server`` (a :func:`content_server`) in this thread until Ctrl-C, or until another thread calls
    ``server.shutdown()``; then close its socket. Ctrl-C is the way a user stops it: it ends quietly.

    >>> import threading, urllib.request
    >>> server = content_server(0)
    >>> serving = threading.Thread(target=serve, args=(server,), daemon=True)
    >>> serving.start()
    >>> urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}{STYLE_PATH}").status
    200
    >>> server.shutdown(); serving.join()   # shutdown() only from another thread: it waits for serve to stop
    """
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main(argv: list[str] | None = None) -> None:
    """``python -m graphkit.neo4j.browser --port N``: serve the style and the guide until killed."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--port", type=int, required=True)
    serve(content_server(parser.parse_args(argv).port))


def _literal(value: str) -> str:
    """A named query's default as a Cypher literal: numbers as they are, text quoted."""
    try:
        float(value)
        return value
    except ValueError:
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


if __name__ == "__main__":
    main(sys.argv[1:])
