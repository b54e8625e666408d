"""The hostile-input suite (issue 13): each case is data — the files, the command, the exit code, the one-line
message and what the store kept — run through the real command line on real files, twice: a re-run of the
same input must give the same exit code and update nothing.

Cases that need real processes (another user, kills, memory ceilings) follow the table.
"""
from __future__ import annotations

import http.server
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.workers import children_of, running

from .conftest import ROOT

runner = CliRunner(env={"COLUMNS": "160", "TERMINAL_WIDTH": "160"})
OK = "Peru thanks Chile\nPeru thanked Chile for the help.\n"


def deep_json(levels: int) -> str:
    return "[" * levels + "]" * levels


@dataclass
class Case:
    name: str
    files: dict[str, str | bytes | Callable[[], bytes]]  # relative path -> content
    code: int  # exit code of the ingest, the first run and the re-run
    message: str | None  # a regular expression the one-line report must match (None: nothing reported)
    kept: dict[str, dict]  # article id -> attributes the stored article must have
    args: list[str] = field(default_factory=lambda: ["{dir}"])  # the ingest's sources
    stdin: bytes | None = None
    then: list[str] | None = None  # a command run on the store afterwards, which must exit 0


CASES = [
    # 3: one bad record is reported and skipped; what comes after it is still read
    Case("json-document-nested-100k-deep", {"deep.json": deep_json(100_000), "ok.txt": OK}, 3,
         r"deep\.json: JSON nested too deeply to read", {"ok": {}}),
    Case("json-line-nested-100k-deep", {"wire.jsonl": "\n".join([
        json.dumps({"id": "a", "text": "Peru thanked Chile."}),
        '{"x": ' * 100_000 + "1" + "}" * 100_000,
        json.dumps({"id": "c", "text": "Chile thanked Peru."})])}, 3,
         r"wire\.jsonl:2: JSON nested too deeply to read", {"a": {}, "c": {}}),
    Case("lone-surrogate-in-json", {"wire.jsonl": '{"id": "s", "text": "Peru \\ud800 thanked Chile."}\n'
                                                  '{"id": "t", "text": "Chile thanked Peru."}\n'}, 3,
         r"wire\.jsonl:1: the text holds a lone surrogate '\\ud800' at character 5", {"t": {}}),
    Case("integer-of-5000-digits", {"wire.jsonl": '{"id": ' + "9" * 5000 + ', "text": "Peru thanked Chile."}\n'
                                                  '{"id": "t", "text": "Chile thanked Peru."}\n'}, 3,
         r"wire\.jsonl:1: unreadable JSON: .*4300", {"t": {}}),
    Case("windows-1252-on-stdin", {}, 0, None, {}, args=["-"],
         stdin="Côte d'Ivoire thanks France\nThe président thanked France.".encode("cp1252")),
    # 4: an article over --max-article-bytes (default 500,000) is reported, and a file of one article is not even read
    Case("text-over-the-article-limit", {"big.txt": "Big\n" + "Peru thanked Chile. " * 30_000, "ok.txt": OK}, 3,
         r"big\.txt: the article is 600,004 bytes, over the limit of 500,000 \(raise it with --max-article-bytes",
         {"ok": {}}),
    Case("json-record-over-the-article-limit", {"wire.jsonl": json.dumps(
        {"id": "big", "text": "Peru thanked Chile. " * 30_000}) + "\n" + json.dumps({"id": "t", "text": "Fine."})}, 3,
         r"wire\.jsonl:1: the article is 600,000 bytes, over the limit of 500,000", {"t": {}}),
    Case("a-lower-limit-given-on-the-command-line", {"ok.txt": OK, "long.txt": "Long\n" + "Peru thanked Chile. " * 20},
         3, r"long\.txt: the article is 405 bytes, over the limit of 100", {"ok": {}},
         args=["{dir}", "--max-article-bytes", "100"]),
    Case("html-page-over-ten-times-the-article-limit", {
        "page.html": "<html><body>" + "<p>Peru thanked Chile for the help today.</p>\n" * 200 + "</body></html>",
        "ok.txt": OK}, 3, r"page\.html: the HTML page is 9,\d+ bytes, over 10 times the article limit of 500",
         {"ok": {}}, args=["{dir}", "--max-article-bytes", "500"]),
    # 2: ids are unique within a run
    Case("same-stem-in-two-folders-and-two-suffixes", {
        "a/x.txt": "First x\nPeru thanked Chile.", "b/x.txt": "Second x\nChile thanked Peru.",
        "b/x.md": "Third x\nBrazil thanked Peru."}, 3,
         r"b/x\.md: id 'x' is already taken in this run by .*a/x\.txt", {"x": {"title": "First x"}}),
    Case("json-ids-1-and-string-1", {"wire.jsonl": '{"id": 1, "title": "one", "text": "Peru thanked Chile."}\n'
                                                   '{"id": "1", "title": "two", "text": "Chile thanked Peru."}\n'}, 3,
         r"wire\.jsonl:2: id '1' is already taken in this run by .*wire\.jsonl:1", {"1": {"title": "one"}}),
    Case("the-same-article-twice-is-no-error", {"a.jsonl": '{"id": "d", "text": "Peru thanked Chile."}\n',
                                                "b.jsonl": '{"id": "d", "text": "Peru thanked Chile."}\n'}, 0, None,
         {"d": {}}),
    # 8: control characters are removed on the way in, by every reader, so GraphML can be written
    Case("nul-and-controls-in-json", {"wire.jsonl": json.dumps(
        {"id": "n", "title": "Peru\u0000 thanks\u0007 Chile", "text": "Peru\u0001 thanked\u000cChile.\u001b",
         "outlet": "wire\u0000"}) + "\n"}, 0, None,
         {"n": {"title": "Peru thanks Chile", "outlet": "wire"}},
         then=["export", "-f", "graphml", "-o", "{dir}/../graph.graphml"]),
    Case("controls-in-a-text-file", {"c.txt": b"Peru\x00 thanks\nPeru\x1b thanked Chile."}, 3,
         r"c\.txt: binary file, not text", {}),
    Case("a-few-controls-in-a-long-text-file", {"c.txt": ("Peru thanks\x07 Chile\n" + "Peru thanked Chile. " * 20)
                                                .encode()}, 0, None, {"c": {"title": "Peru thanks Chile"}},
         then=["export", "-f", "graphml", "-o", "{dir}/../graph.graphml"]),
    # 10: the smaller ones
    Case("utf-16-with-bom", {"u.txt": "\ufeffPeru thanks Chile\nPeru thanked Chile.".encode("utf-16-le")}, 0, None,
         {"u": {"title": "Peru thanks Chile"}}),
    Case("utf-16-big-endian-with-bom", {"u.txt": "Peru thanks Chile\nPeru thanked Chile.".encode("utf-16")
                                        .decode("utf-16").encode("utf-16-be").join([b"\xfe\xff", b""])}, 0, None,
         {"u": {"title": "Peru thanks Chile"}}),
    Case("binary-without-nul-bytes", {"b.txt": bytes(range(1, 256)) * 40, "ok.txt": OK}, 3,
         r"b\.txt: binary file, not text", {"ok": {}}),
    Case("html-over-trafilaturas-limit", {"big.html": lambda: b"<html><body><p>" + b"Peru thanked Chile. " * 1_050_000
                                          + b"</p></body></html>", "ok.txt": OK}, 3,
         r"big\.html: the HTML page is 21,000,\d+ bytes, over the 20,000,000 the HTML reader", {"ok": {}},
         args=["{dir}", "--max-article-bytes", "3000000"]),  # ten times that would let the page through
    Case("title-that-is-an-object", {"wire.jsonl": '{"id": "t", "title": {"x": 1}, "outlet": [1], '
                                                   '"text": "Peru thanked Chile."}\n'}, 0, None,
         {"t": {"title": "", "outlet": None}}),
    Case("date-with-trailing-garbage", {"wire.jsonl": '{"id": "d", "date": "2024-03-02garbage", '
                                                      '"text": "Peru thanked Chile."}\n'
                                                      '{"id": "e", "date": "2024-03-02T10:00:00Z", '
                                                      '"text": "Chile thanked Peru."}\n'}, 0, None,
         {"d": {"date": None}, "e": {"date": "2024-03-02"}}),
]


def write_files(folder: Path, files: dict) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        content = content() if callable(content) else content
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def stored_articles(store: Path) -> dict:
    from graphkit.analysis import articles_from_store

    return {article.id: article for article, _ in articles_from_store(store)} if store.exists() else {}


def summary(stderr: str, label: str) -> int:
    return int(re.search(rf"{label}\W+(\d+)", stderr).group(1))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: Case, tmp_path):
    folder, store = tmp_path / "in", tmp_path / "store"
    folder.mkdir()
    write_files(folder, case.files)
    args = ["ingest", *(a.format(dir=folder) for a in case.args), "--store", str(store)]
    first = runner.invoke(app, args, input=case.stdin)
    assert first.exit_code == case.code, first.output
    assert "Traceback" not in first.output
    reported = [line for line in first.stderr.splitlines() if line.startswith("skipped")]
    if case.message is None:
        assert reported == []
    else:
        assert len(reported) >= 1 and any(re.search(case.message, line) for line in reported), first.stderr
    kept = stored_articles(store)
    assert set(kept) >= set(case.kept) and (case.stdin is not None or set(kept) == set(case.kept)), kept
    for article_id, attributes in case.kept.items():
        for name, value in attributes.items():
            assert getattr(kept[article_id], name) == value, (article_id, name)
    if case.then:
        after = runner.invoke(app, [*(a.format(dir=folder) for a in case.then), "--store", str(store)])
        assert after.exit_code == 0, after.output
    again = runner.invoke(app, args, input=case.stdin)
    assert again.exit_code == case.code and summary(again.stderr, "updated") == 0, again.stderr
    assert summary(again.stderr, "new articles") == 0 and stored_articles(store).keys() == kept.keys()


# ---------------------------------------------------------------- cases that need real processes


# Root reads every folder whatever its mode: as root, the permission cases run without the capabilities that
# let it (setpriv, from util-linux).
UNPRIVILEGED = (["setpriv", "--inh-caps=-dac_override,-dac_read_search",
                 "--bounding-set=-dac_override,-dac_read_search"] if os.geteuid() == 0 else [])


def graphkit(*args: str, unprivileged: bool = False, **kwargs) -> subprocess.CompletedProcess:
    """graphkit as a real process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "160"}
    prefix = UNPRIVILEGED if unprivileged else []
    return subprocess.run([*prefix, sys.executable, "-m", "graphkit", *args], capture_output=True, text=True,
                          env=env, **kwargs)


def test_a_path_inside_an_unreadable_folder_is_reported_and_the_rest_read(tmp_path):
    articles = tmp_path / "articles"
    (articles / "locked").mkdir(parents=True)
    (articles / "ok.txt").write_text(OK)
    (articles / "locked" / "x.txt").write_text(OK)
    (articles / "later.txt").write_text("Chile thanks Peru\nChile thanked Peru.")
    (articles / "locked").chmod(0)
    try:
        result = graphkit("extract", str(articles / "locked" / "x.txt"), str(articles), "--format", "jsonl",
                          unprivileged=True)
    finally:
        (articles / "locked").chmod(0o755)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert any(re.search(r"locked/x\.txt: cannot read the path: Permission denied", line) for line in lines), lines
    assert any(re.search(r"locked: cannot read the folder: Permission denied", line) for line in lines), lines
    assert {json.loads(line)["article"] for line in result.stdout.splitlines()} == {"ok", "later"}


def test_two_process_substitutions_get_distinct_ids(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = (f"{sys.executable} -m graphkit ingest --store {tmp_path / 'store'} "
               "<(printf 'One\\nPeru thanked Chile.') <(printf 'Two\\nChile thanked Peru.')")
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    kept = stored_articles(tmp_path / "store")
    assert sorted(a.title for a in kept.values()) == ["One", "Two"] and not any(i.isdigit() for i in kept)


@pytest.mark.parametrize("value, message", [
    ("9" * 30, r"--param x: 9{30} does not fit Neo4j's 64-bit integers"),
    ("[" * 50_000 + "]" * 50_000, r"--param x: the JSON value is nested too deeply"),
    ("9" * 5000, r"--param x: Exceeds the limit \(4300 digits\)"),
])
def test_query_parameters_that_cannot_be_sent_are_a_usage_error(value, message):
    result = runner.invoke(app, ["query", "RETURN $x", "--param", f"x={value}"])
    assert result.exit_code == 2 and re.search(message, result.stderr), result.output
    assert "Traceback" not in result.output and result.stderr.count("\n") == 1


# ---------------------------------------------------------------- 4: what one article may cost


SENTENCES = ["Norway sent winter equipment to Finland, officials said.", "Iran supplied drones to Russia.",
             "Peru thanked Chile for the help.", "The minister met his counterpart in Lima on Tuesday."]


def one_line(size: int) -> str:
    words = (SENTENCES[n % len(SENTENCES)] for n in range(size // 20))
    return " ".join(words)[:size].rsplit(" ", 1)[0]


def peak_memory_mb(*args: str) -> tuple[int, subprocess.CompletedProcess]:
    """Run graphkit in a fresh child and measure its peak resident memory with ``resource``: the child is the only
    process the measuring interpreter waits for, so RUSAGE_CHILDREN is graphkit's own peak."""
    measure = ("import resource, subprocess, sys, json; r = subprocess.run(sys.argv[1:], capture_output=True, "
               "text=True); print(json.dumps([resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, "
               "r.returncode, r.stdout, r.stderr]))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", measure, sys.executable, "-m", "graphkit", *args],
                            capture_output=True, text=True, env=env, check=True)
    peak, code, stdout, stderr = json.loads(result.stdout)
    return peak, subprocess.CompletedProcess(args, code, stdout, stderr)


def test_text_without_line_breaks_is_parsed_in_sentence_pieces_within_a_memory_ceiling(tmp_path):
    # 400 KB on one line took 1.4 GB when the line was parsed whole; the pipeline alone takes about 0.2 GB.
    (tmp_path / "one-line.txt").write_text("One line\n" + one_line(400_000))
    peak, result = peak_memory_mb("extract", str(tmp_path / "one-line.txt"), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    assert {json.loads(line)["relation"] for line in result.stdout.splitlines()} >= {"SUPPLIES", "SUPPORTS"}
    assert peak < 800, f"peak memory {peak} MB"


def test_an_article_over_the_limit_is_refused_before_it_costs_anything(tmp_path):
    (tmp_path / "huge.txt").write_text("Huge\n" + one_line(30_000_000))
    (tmp_path / "ok.txt").write_text(OK)
    peak, result = peak_memory_mb("extract", str(tmp_path), "--format", "jsonl")
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert re.search(r"huge\.txt: the article is 29,999,\d+ bytes, over the limit of 500,000", result.stderr)
    assert {json.loads(line)["article"] for line in result.stdout.splitlines()} == {"ok"}
    assert peak < 500, f"peak memory {peak} MB"


def test_offsets_of_a_line_parsed_in_pieces_point_into_the_full_text(extractor):
    from graphkit.extract.pipeline import MAX_PIECE, full_text
    from graphkit.model import Article

    states = ["Peru", "Chile", "Brazil", "Bolivia", "Norway", "Finland", "Japan", "Kenya", "Ethiopia", "Ghana"]
    text = " ".join(f"{a} thanked {b} for the help." for a in states for b in states if a != b)
    assert "\n" not in text and len(text) > 2 * MAX_PIECE
    article = Article("long", text, title="Iran sends drones")
    found = extractor.extract_one(article)
    assert len(found) > 50 and max(a.start for a in found) > 2 * MAX_PIECE
    for assertion in found:
        assert full_text(article)[assertion.start:assertion.end] == assertion.evidence
        assert assertion.end - assertion.start < 200  # a sentence, not a piece or the whole line


# ---------------------------------------------------------------- 7: store failures exit 4 with one line


def test_a_store_where_a_file_is_is_exit_4_in_one_line(tmp_path):
    (tmp_path / "ok.txt").write_text(OK)
    (tmp_path / "taken").write_text("a file, not a folder")
    result = runner.invoke(app, ["ingest", str(tmp_path / "ok.txt"), "--store", str(tmp_path / "taken" / "store")])
    assert result.exit_code == 4 and "Traceback" not in result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert re.match(r"error: cannot open the store in .*taken/store for writing: Not a directory", result.stderr)


def test_a_read_only_store_folder_is_exit_4_in_one_line(tmp_path):
    (tmp_path / "ok.txt").write_text(OK)
    (tmp_path / "read-only").mkdir()
    (tmp_path / "read-only").chmod(0o555)
    try:
        result = graphkit("ingest", str(tmp_path / "ok.txt"), "--store", str(tmp_path / "read-only" / "store"),
                          unprivileged=True)
    finally:
        (tmp_path / "read-only").chmod(0o755)
    assert result.returncode == 4 and result.stderr.count("\n") == 1, result.stderr
    assert re.match(r"error: cannot open the store in .*read-only/store for writing: Permission denied", result.stderr)


def test_a_full_disk_is_exit_4_in_one_line_and_the_finished_articles_are_kept(tmp_path):
    import resource
    import signal

    states = ["Peru", "Chile", "Brazil", "Bolivia", "Norway", "Finland", "Japan", "Kenya"]
    for n in range(40):
        a, b = states[n % 8], states[(n * 3 + 1) % 8]
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / f"a{n:03}.txt").write_text(
            f"Story {n}\n" + f"{a} thanked {b} for the help in story {n}. {b} sent aid to {a}. " * 5)

    def small_disk():  # a file may not grow past 150 KB: the store's log fills it, as a full disk would
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (150_000, 150_000))

    store = tmp_path / "store"
    from graphkit.store import Store

    with Store.open(store):  # a store made beforehand, its ontology graph written: the small disk fills with articles
        pass
    full = graphkit("ingest", str(tmp_path / "in"), "--store", str(store), preexec_fn=small_disk)
    assert full.returncode == 4 and full.stderr.count("\n") == 1, full.stderr
    assert re.match(r"error: cannot write article 'a0\d\d' to .*File too large", full.stderr)
    kept = set(stored_articles(store))
    failed_at = int(re.search(r"'a(\d+)'", full.stderr).group(1))
    assert kept == {f"a{n:03}" for n in range(failed_at)} and failed_at > 0  # the finished ones, all of them
    again = graphkit("ingest", str(tmp_path / "in"), "--store", str(store))
    assert again.returncode == 0 and summary(again.stderr, "new articles") == 40 - failed_at, again.stderr
    assert len(stored_articles(store)) == 40


# ---------------------------------------------------------------- 1: a killed multi-process ingest


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    """Poll ``condition`` until it holds or ``seconds`` pass: a bound on a hang, never a speed assertion."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signal_name", ["SIGKILL", "SIGTERM", "SIGINT"])
def test_a_killed_multiprocess_ingest_leaves_no_workers_and_no_lock(tmp_path, signal_name):
    import signal

    states = ["Peru", "Chile", "Brazil", "Bolivia", "Norway", "Finland", "Japan", "Kenya"]
    (tmp_path / "in").mkdir()
    for n in range(300):
        a, b = states[n % 8], states[(n * 3 + 1) % 8]
        (tmp_path / "in" / f"a{n:03}.txt").write_text(f"Story {n}\n" + f"{a} thanked {b} in story {n}. " * 8)
    store = tmp_path / "store"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with open(tmp_path / "stderr", "w") as stderr:
        parent = subprocess.Popen([sys.executable, "-m", "graphkit", "ingest", str(tmp_path / "in"), "--store",
                                   str(store), "--processes", "2"], env=env, stderr=stderr, stdout=subprocess.DEVNULL)
        try:
            assert wait_for(lambda: len(children_of(parent.pid)) >= 2, 120), "no parser workers started"
            workers = children_of(parent.pid)
            wait_for(lambda: parent.poll() is not None, 2)  # let it parse a little
            parent.send_signal(getattr(signal, signal_name))
            parent.wait(120)  # Ctrl-C used to hang here for good
        finally:
            if parent.poll() is None:
                parent.kill()
    assert wait_for(lambda: not any(running(pid) for pid in workers), 30), "orphaned workers"
    assert "Traceback" not in (tmp_path / "stderr").read_text()
    again = graphkit("ingest", str(tmp_path / "in"), "--store", str(store))
    assert again.returncode == 0, again.stderr  # was: exit 4, "another graphkit process is writing"
    assert summary(again.stderr, "updated") == 0 and len(stored_articles(store)) == 300


# ---------------------------------------------------------------- 6: globs, pipes


def test_a_recursive_glob_does_not_follow_a_symlink_loop(tmp_path):
    (tmp_path / "news" / "2024").mkdir(parents=True)
    (tmp_path / "news" / "2024" / "a.txt").write_text(OK)
    (tmp_path / "news" / "b.txt").write_text("Chile thanks Peru\nChile thanked Peru.")
    (tmp_path / "news" / "2024" / "skip.md").write_text(OK)
    (tmp_path / "news" / "2024" / "loop").symlink_to(tmp_path / "news")  # two links: 2**40 paths before ELOOP
    (tmp_path / "news" / "2024" / "loop2").symlink_to(tmp_path / "news")
    result = graphkit("extract", str(tmp_path / "news" / "**" / "*.txt"), "--format", "jsonl", timeout=120)
    assert result.returncode == 0, result.stderr
    assert {json.loads(line)["article"] for line in result.stdout.splitlines()} == {"a", "b"}


def test_a_fifo_without_a_writer_is_reported_not_waited_for(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "ok.txt").write_text(OK)
    result = graphkit("ingest", str(tmp_path / "pipe.txt"), str(tmp_path / "ok.txt"), "--store",
                      str(tmp_path / "store"), timeout=300)
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert re.search(r"pipe\.txt: empty file", result.stderr) and set(stored_articles(tmp_path / "store")) == {"ok"}


# ---------------------------------------------------------------- 5: URLs have a deadline and a size cap


class Hostile(http.server.BaseHTTPRequestHandler):
    """/trickle sends a byte every 0.2 s for ever; /huge streams 50 MB without saying so; /declared says 50 MB."""

    def do_GET(self):  # noqa: N802 - the http.server name
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if self.path == "/declared":
            self.send_header("Content-Length", str(50_000_000))
        self.end_headers()
        try:
            if self.path == "/trickle":
                self.wfile.write(b"<html><body><p>Peru thanked Chile.")
                while True:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.2)
            for _ in range(50):
                self.wfile.write(b"<p>Peru thanked Chile.</p>" * 40_000)
        except OSError:
            pass  # the reader gave up, as it should

    def log_message(self, *args):
        pass


@pytest.fixture
def hostile_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.mark.parametrize("path, message", [
    ("/trickle", r"/trickle: the page took over 2 s to arrive \(the url_seconds setting\)"),
    ("/huge", r"/huge: the page is over the limit of 1,000,000 bytes \(the url_max_bytes setting\)"),
    ("/declared", r"/declared: the page is 50,000,000 bytes, over the limit of 1,000,000"),
])
def test_a_url_has_an_overall_deadline_and_a_size_cap(hostile_server, tmp_path, path, message):
    import tracemalloc

    from graphkit.articles import read
    from graphkit.config import Settings

    (tmp_path / "ok.txt").write_text(OK)
    errors = []
    tracemalloc.start()
    try:
        articles = list(read([hostile_server + path, tmp_path / "ok.txt"], on_error=errors.append,
                             settings=Settings(url_seconds=2, url_max_bytes=1_000_000)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [a.id for a in articles] == ["ok"] and len(errors) == 1
    assert re.search(message, str(errors[0])), errors
    assert peak < 20_000_000  # the 50 MB were never held


# ---------------------------------------------------------------- 9: a lost Neo4j password file


def test_a_lost_neo4j_password_file_is_detected_and_reset_keeping_the_graph(tmp_path, monkeypatch):
    import neo4j

    from graphkit.neo4j.server import LocalServer

    from .conftest import free_port

    bolt, http_port = free_port(), free_port()
    server = LocalServer(tmp_path / "neo4j", bolt_port=bolt, http_port=http_port)
    server.start()
    try:
        with neo4j.GraphDatabase.driver(server.bolt_uri, auth=("neo4j", server.password())) as driver:
            driver.execute_query("CREATE (:Kept {name: 'before the reset'})")
    finally:
        server.stop()
    server.password_file.unlink()
    monkeypatch.setenv("GRAPHKIT_HOME", str(tmp_path))
    monkeypatch.setenv("GRAPHKIT_NEO4J_BOLT_PORT", str(bolt))
    monkeypatch.setenv("GRAPHKIT_NEO4J_HTTP_PORT", str(http_port))
    lost = runner.invoke(app, ["neo4j", "start"])
    assert lost.exit_code == 5 and "Traceback" not in lost.output and lost.stderr.count("\n") == 1, lost.output
    assert "holds a Neo4j database but not its password file" in lost.stderr
    assert "graphkit neo4j password --reset" in lost.stderr and not server.status().running
    reset = runner.invoke(app, ["neo4j", "password", "--reset"])
    assert reset.exit_code == 0 and reset.stdout.strip() == server.password(), reset.output
    server.start()
    try:
        with neo4j.GraphDatabase.driver(server.bolt_uri, auth=("neo4j", server.password())) as driver:
            records, _, _ = driver.execute_query("MATCH (k:Kept) RETURN k.name AS name")
        assert [r["name"] for r in records] == ["before the reset"]
    finally:
        server.stop()
