"""Reading articles: every format, and every kind of bad input gives a clear message while the rest is kept."""
from __future__ import annotations

import http.server
import io
import json
import threading
from pathlib import Path

import pytest

from graphkit.articles import ReadOptions, read, read_path
from graphkit.errors import ArticleError

FIXTURES = Path(__file__).parent / "fixtures"


def collect(sources):
    errors = []
    articles = list(read(sources, on_error=errors.append))
    return articles, errors


def test_txt_with_header_gives_date_title_and_stem_id(tmp_path):
    path = tmp_path / "n01.txt"
    path.write_text(" date 2024-03-02 Iran ships drones\n\nIran sent drones to Russia.\n", encoding="utf-8")
    [article] = read_path(path)
    assert (article.id, article.date, article.title, article.text) == (
        "n01", "2024-03-02", "Iran ships drones", "Iran sent drones to Russia.")


def test_txt_without_header_is_an_article_without_date(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("Chile recalls envoy\nChile recalled its ambassador from Peru.\n", encoding="utf-8")
    [article] = read_path(path)
    assert article.title == "Chile recalls envoy" and article.date is None and article.text.startswith("Chile recalled")


def test_empty_file_is_a_clear_error_and_others_are_kept(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "good.txt").write_text("Peru thanks Chile\nPeru thanked Chile.", encoding="utf-8")
    articles, errors = collect([tmp_path])
    assert [a.id for a in articles] == ["good"]
    assert len(errors) == 1 and str(errors[0]).endswith("empty.txt: empty file")


def test_binary_file_is_refused(tmp_path):
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    articles, errors = collect([tmp_path / "image.txt"])
    assert articles == [] and "binary file" in str(errors[0])


def test_non_utf8_text_is_read_as_windows_1252_with_a_warning(tmp_path, caplog):
    (tmp_path / "latin.txt").write_bytes("Côte d'Ivoire thanks France\nThe président said so.".encode("cp1252"))
    articles, errors = collect([tmp_path / "latin.txt"])
    assert errors == [] and articles[0].title == "Côte d'Ivoire thanks France"
    assert "not valid UTF-8" in caplog.text and "latin.txt" in caplog.text


def test_jsonl_with_one_broken_line_reports_file_and_line_and_keeps_the_rest(tmp_path):
    lines = [
        json.dumps({"id": "a", "title": "One", "date": "2024-01-02", "text": "Iran sent drones to Russia."}),
        '{"id": "b", "title": "Two", "text": "broken',
        json.dumps({"id": "c", "title": "Three", "body": "Peru thanked Chile.", "date": "March 3, 2024"}),
        json.dumps({"id": "d", "title": "no text here"}),
    ]
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, errors = collect([path])
    assert [(a.id, a.date) for a in articles] == [("a", "2024-01-02"), ("c", "2024-03-03")]
    assert [e.where for e in errors] == [f"{path}:2", f"{path}:4"]
    assert "broken JSON line" in errors[0].reason and "no text" in errors[1].reason


def test_without_on_error_the_first_problem_raises(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text('{"id": "a", "text": "x"}\nnot json\n', encoding="utf-8")
    with pytest.raises(ArticleError, match=r"wire.jsonl:2: broken JSON line"):
        list(read([path]))


def test_json_array_and_single_object(tmp_path):
    (tmp_path / "many.json").write_text(json.dumps([{"id": "x", "text": "A."}, {"text": "B.", "url": "http://e/1"}]))
    (tmp_path / "one.json").write_text(json.dumps({"title": "T", "content": "C."}))
    articles, errors = collect([tmp_path])
    assert errors == []
    assert [a.id for a in articles][:1] == ["x"] and len(articles[1].id) == 16 and articles[2].id == "one"


def test_missing_and_unparseable_dates_keep_the_article(tmp_path, caplog):
    (tmp_path / "wire.jsonl").write_text(
        json.dumps({"id": "a", "text": "A."}) + "\n" + json.dumps({"id": "b", "text": "B.", "date": "soon"}) + "\n")
    articles, errors = collect([tmp_path / "wire.jsonl"])
    assert [(a.id, a.date) for a in articles] == [("a", None), ("b", None)] and errors == []
    assert "'soon' is not a date" in caplog.text


def test_five_megabyte_article_is_read_whole(tmp_path):
    text = ("Norway sent winter equipment to Finland, officials said. " * 20 + "\n") * 4500
    assert len(text) > 5_000_000
    (tmp_path / "huge.txt").write_text(" date 2024-01-01 Huge\n\n" + text, encoding="utf-8")
    [article] = read_path(tmp_path / "huge.txt")
    assert article.text == text.strip("\n")


def test_folder_of_a_thousand_files_reads_every_one(tmp_path):
    for n in range(1000):
        (tmp_path / f"sub{n % 7}").mkdir(exist_ok=True)
        (tmp_path / f"sub{n % 7}" / f"a{n:04}.txt").write_text(f"Title {n}\nText {n}.", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("not me\nno")
    (tmp_path / "notes.png").write_bytes(b"\x89PNG")
    articles, errors = collect([tmp_path])
    assert errors == [] and len(articles) == 1000 and len({a.id for a in articles}) == 1000


def test_glob_and_missing_paths(tmp_path):
    for name in ("a.txt", "b.txt", "c.md"):
        (tmp_path / name).write_text(f"{name}\ntext")
    articles, errors = collect([str(tmp_path / "*.txt"), str(tmp_path / "nope.txt"), str(tmp_path / "*.none")])
    assert [a.id for a in articles] == ["a", "b"]
    assert ["no such file" in str(e) for e in errors] == [True, False]
    assert "no file matches" in str(errors[1])


def test_stdin_jsonl_and_text(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO('{"id": "s1", "text": "Peru thanked Chile."}\n'))
    assert [a.id for a in read(["-"])] == ["s1"]
    monkeypatch.setattr("sys.stdin", io.StringIO("Headline\nBody text."))
    [article] = read(["-"])
    assert article.title == "Headline" and len(article.id) == 16


def test_html_page_main_text_without_navigation():
    [article] = read_path(FIXTURES / "page.html")
    assert article.title == "Kenya and Ethiopia sign border trade pact"
    assert "Kenya and Ethiopia signed an agreement" in article.text and "Sport" not in article.text


def test_rss_feed_gives_one_article_per_item():
    articles = read_path(FIXTURES / "feed.xml")
    assert [(a.title, a.date, a.outlet) for a in articles] == [
        ("Japan and Australia hold joint naval drills", "2024-03-19", "graphkit test wire"),
        ("Brazil sends aid to Bolivia", "2024-03-20", "graphkit test wire"),
    ]
    assert articles[0].text == "Japan and Australia held joint naval exercises off Darwin on Tuesday."


def test_urls_are_fetched_from_a_local_server():
    handler = lambda *args: http.server.SimpleHTTPRequestHandler(*args, directory=str(FIXTURES))  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        [page] = read([f"{base}/page.html"])
        feed = list(read([f"{base}/feed.xml"]))
        _, errors = collect([f"{base}/missing.html"])
    finally:
        server.shutdown()
    assert page.url == f"{base}/page.html" and "Kenya" in page.title
    assert len(feed) == 2
    assert "cannot fetch" in str(errors[0]) and "404" in str(errors[0])


# A line separator and a next-line control inside JSON strings, unescaped (json.dumps ensure_ascii=False keeps them):
# both are legal in a JSON string, and str.splitlines would cut the line at each.
ODD_TEXT = "Peru thanked Chile\u2028for the loan.\x85Chile said so too."


def _odd_lines(path: Path, padding: int) -> None:
    """JSON lines: ``padding`` plain articles, then one whose text holds U+2028 and U+0085, then a broken line."""
    with open(path, "w", encoding="utf-8", newline="") as out:
        for n in range(padding):
            out.write(json.dumps({"id": f"pad{n}", "text": f"Bolivia wrote to Ecuador, note {n}. " * 4}) + "\r\n")
        out.write(json.dumps({"id": "odd", "title": "Loan\u2029note", "text": ODD_TEXT}, ensure_ascii=False) + "\n")
        out.write('{"id": "broken", "text": \n')


@pytest.mark.parametrize("padding", [2, 8000], ids=["small file", "file over 1 MB, read line by line"])
def test_json_lines_are_cut_at_line_feeds_only(tmp_path, padding):
    from graphkit.articles import STREAM_BYTES
    from graphkit.counting import count_articles
    from graphkit.partitions import plan, read_partition

    path = tmp_path / "odd.jsonl"
    _odd_lines(path, padding)
    assert (path.stat().st_size > STREAM_BYTES) == (padding > 2)
    articles, errors = collect([path])
    odd = articles[-1]
    assert len(articles) == padding + 1 and (odd.id, odd.title) == ("odd", "Loan\u2029note")
    assert odd.text == ODD_TEXT.replace("\x85", "")  # U+0085 is a control character, removed as every reader does
    assert [e.where for e in errors] == [f"{path}:{padding + 2}"]  # line numbers as the file's, past the odd line
    assert count_articles([path]) == padding + 2
    # the distributed engine's ranges of lines give the same articles and line numbers
    parted, part_errors = [], []
    for partition in plan([path], size=max(padding // 3, 1)):
        parted += read_partition(partition, ReadOptions(), on_error=part_errors.append)
    assert [(a.id, a.title, a.text) for a in parted] == [(a.id, a.title, a.text) for a in articles]
    assert [str(e) for e in part_errors] == [str(e) for e in errors]


def test_a_path_that_cannot_be_looked_at_is_reported_with_its_reason(tmp_path):
    articles, errors = collect([str(tmp_path / ("n" * 5000) / "a.txt")])  # a file name too long for the system
    assert articles == [] and len(errors) == 1 and errors[0].reason.startswith("cannot read the path: ")
