"""Flat memory: what a long ingest keeps is bounded (spaCy memory zones, big files read line by line, ids of the
run on disk past a few thousand, the store's memory tables flushed), and the results are those of before."""
from __future__ import annotations

import json
import tracemalloc

import pytest

import graphkit.articles as articles_module
from graphkit.articles import read
from graphkit.config import Settings
from graphkit.extract import Extractor
from graphkit.extract.pipeline import parse_articles, parse_in_zones
from graphkit.model import Article
from graphkit.synthetic import news_articles


def collect(sources, stream: bool, monkeypatch, caplog=None):
    """What read gives, with big files read line by line (stream) or whole."""
    monkeypatch.setattr(articles_module, "STREAM_BYTES", 0 if stream else 1 << 40)
    errors = []
    found = [(a.id, a.title, a.text, a.date, a.source) for a in read(sources, on_error=errors.append)]
    return found, [str(e) for e in errors]


def test_json_lines_read_line_by_line_give_what_the_whole_read_gives(tmp_path, monkeypatch):
    lines = [json.dumps({"id": f"a{n}", "title": f"T{n}", "text": f"Peru thanked Chile \u2028 {n}.",
                         "date": "2024-01-02"}) for n in range(50)]
    lines[7] = '{"id": "broken", "text": '  # a broken line is reported with its number, the rest kept
    lines[9] = '{"title": "no text"}'
    lines[11] = ""
    path = tmp_path / "many.jsonl"
    path.write_text("\r\n".join(lines) + "\n", encoding="utf-8")
    streamed = collect([path], True, monkeypatch)
    assert streamed == collect([path], False, monkeypatch)
    assert len(streamed[0]) == 47 and len(streamed[1]) == 2 and ":8: broken JSON line" in streamed[1][0]
    assert counted([path], True, monkeypatch) == counted([path], False, monkeypatch) == 49


def counted(sources, stream: bool, monkeypatch, options=None):
    """The progress bar's count, with big files counted line by line (stream) or read whole."""
    import graphkit.counting

    monkeypatch.setattr(graphkit.counting, "STREAM_BYTES", 0 if stream else 1 << 40)
    return graphkit.counting.count_articles(sources, options)


def test_a_file_that_is_not_utf8_is_read_the_same_line_by_line(tmp_path, monkeypatch, caplog):
    path = tmp_path / "legacy.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Caf\xe9 in Peru."}\n{"id": "b", "text": "Chile \xe2\x80\x93 Peru."}\n')
    streamed = collect([path], True, monkeypatch)
    assert "not valid UTF-8 (byte 0xe9 at offset 24)" in caplog.text
    assert streamed == collect([path], False, monkeypatch)
    assert streamed[0][0][2] == "Café in Peru."


@pytest.mark.parametrize("text", ['{"id": "one",\n "text": "One object over lines."}\n',
                                  '[{"id": "a", "text": "In an array."},\n{"id": "b", "text": "Two."}]\n',
                                  '{"id": "one", "text": "One line, one object."}\n'])
def test_json_documents_are_still_read_whole(tmp_path, monkeypatch, text):
    path = tmp_path / "doc.json"
    path.write_text(text, encoding="utf-8")
    assert collect([path], True, monkeypatch) == collect([path], False, monkeypatch)


@pytest.mark.parametrize("raw", [b'{"id": "a", "text": "Peru\x07 thanked Chile."}\n{"id": "b", "text": "Two."}\n',
                                 b'{"id": "a", "text": "Odd \x81 byte."}\n{"id": "b", "text": "Two."}\n',
                                 b'\xff\xfe{\x00}\x00', b"   \n\n", b'{"id": "a", "text": "\x00"}\n{"id": "b"}\n'])
def test_what_the_whole_read_judges_is_left_to_it(tmp_path, monkeypatch, raw):
    path = tmp_path / "odd.jsonl"
    path.write_bytes(raw)
    assert collect([path], True, monkeypatch) == collect([path], False, monkeypatch)


def test_csv_read_line_by_line_gives_what_the_whole_read_gives(tmp_path, monkeypatch):
    path = tmp_path / "news.csv"
    rows = "".join(f'"{n % 4}","Title {n}","Peru thanked\nChile, {n} times."\r\n' for n in range(40))
    path.write_text(rows + '"1","","  "\n', encoding="utf-8")
    from graphkit.articles import ReadOptions
    from graphkit.csv_articles import CsvColumns

    def both(stream: bool):
        monkeypatch.setattr(articles_module, "STREAM_BYTES", 0 if stream else 1 << 40)
        errors = []
        options = ReadOptions(columns=CsvColumns.parse("title=2,text=3"), id_prefix="ag")
        return [(a.id, a.title, a.text) for a in read([path], errors.append, options)], [str(e) for e in errors]

    assert both(True) == both(False)
    assert len(both(True)[0]) == 40 and "no text in column 3" in both(True)[1][0]
    options = ReadOptions(columns=CsvColumns.parse("title=2,text=3"))
    assert counted([path], True, monkeypatch, options) == counted([path], False, monkeypatch, options) == 41


def test_a_big_json_lines_file_is_not_held_in_memory(tmp_path, monkeypatch):
    path = tmp_path / "big.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for article in news_articles(6000):
            out.write(json.dumps({"id": article.id, "title": article.title, "text": article.text}) + "\n")
    assert path.stat().st_size > 3_000_000
    monkeypatch.setattr(articles_module, "STREAM_BYTES", 1 << 20)
    tracemalloc.start()
    try:
        count = sum(1 for _ in read([path]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 6000
    assert peak < 4_000_000, f"reading held {peak:,} bytes"  # whole, the file took three times its size


def test_ids_taken_in_a_run_are_checked_past_the_memory_limit(tmp_path, monkeypatch):
    path = tmp_path / "ids.jsonl"
    lines = [json.dumps({"id": f"n{n}", "text": f"Text {n}."}) for n in range(30)]
    lines.append(json.dumps({"id": "n3", "text": "Other text under a taken id."}))
    lines.append(json.dumps({"id": "n4", "text": "Text 4."}))  # the same article again: passed on
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(articles_module._TakenIds.__init__, "__defaults__", (5,))  # spilled to SQLite after 5
    errors = []
    found = [a.id for a in read([path], on_error=errors.append)]
    assert found == [f"n{n}" for n in range(30)] + ["n4"]
    assert len(errors) == 1 and "id 'n3' is already taken in this run by" in str(errors[0])
    assert f"{path}:4" in str(errors[0])


def test_memory_zones_change_no_assertion(extractor):
    articles = list(news_articles(30, seed=5))
    zoned = [(article.id, [a.to_record() for a in found])  # first: the zones meet words the vocabulary lacks
             for article, found in _extract_in_zones(extractor, articles, zone_articles=7)]
    plain = [(article.id, [a.to_record() for a in extractor.assertions(article, doc)])
             for article, doc in parse_articles(extractor.nlp, articles)]
    assert zoned == plain and sum(len(found) for _, found in plain) > 30


def _extract_in_zones(extractor, articles, zone_articles):
    for article, doc in parse_in_zones(extractor.nlp, articles, zone_articles=zone_articles):
        yield article, extractor.assertions(article, doc)


def test_memory_zones_keep_the_vocabulary_from_growing(extractor):
    strings = len(extractor.nlp.vocab.strings)
    found = list(extractor.extract(news_articles(40, seed=9, start=10_000)))
    assert len(found) == 40 and sum(len(f) for _, f in found) > 40
    assert len(extractor.nlp.vocab.strings) == strings  # every new name was forgotten with its zone
    assert not extractor.nlp.vocab.in_memory_zone


def test_memory_zones_across_processes_change_no_assertion():
    articles = list(news_articles(24, seed=6))
    one = Extractor(Settings())
    two = Extractor(Settings(processes=2))
    plain = [[a.to_record() for a in found] for _, found in one.extract(articles)]
    parallel = [[a.to_record() for a in found]
                for _, found in _zones(two, articles)]
    assert parallel == plain


def _zones(extractor, articles):
    for article, doc in parse_in_zones(extractor.nlp, articles, processes=2, zone_articles=5):
        yield article, extractor.assertions(article, doc)


def test_an_extraction_stopped_early_leaves_no_zone_open(extractor):
    stream = extractor.extract(news_articles(5, seed=2))
    next(stream)
    stream.close()
    assert not extractor.nlp.vocab.in_memory_zone
    assert extractor.extract_one(Article("x", "Iran sent drones to Russia."))[0].relation == "SUPPLIES"


def test_a_store_reopened_while_written_keeps_every_article(tmp_path, monkeypatch):
    """Closed and reopened every few articles (to let RocksDB's memory go), the store ends as one written in one go,
    and stays locked to other writers throughout."""
    import graphkit.store as store_module
    from graphkit.errors import StoreLockedError
    from graphkit.rdf import article_graph
    from graphkit.store import Store
    from graphkit.synthetic import synthetic_articles

    reopened = []
    real = Store._reopen
    monkeypatch.setattr(Store, "_reopen", lambda self: (reopened.append(1), real(self)))
    exports = []
    for reopen_bytes in (1 << 40, 20_000):
        monkeypatch.setattr(store_module, "REOPEN_BYTES", reopen_bytes)
        path = tmp_path / f"store{reopen_bytes}"
        with Store.open(path) as store:
            for article, found in synthetic_articles(40, 4, states=8):
                store.replace_article(article.id, article_graph(article, found))
                assert store.article_hash(article.id) == article.content_hash
            with pytest.raises(StoreLockedError):
                with Store.open(path):
                    pass
            exports.append((store.export("nquads"), store.stats()))
    assert len(reopened) > 3
    assert exports[0] == exports[1] and exports[0][1]["articles"] == 40
