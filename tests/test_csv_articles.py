"""CSV input: a column mapping by number or header name, row ids as the training corpus gives AG News rows."""
from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from graphkit.articles import ReadOptions, read
from graphkit.cli import app
from graphkit.csv_articles import CsvColumns
from graphkit.errors import ArticleError, UsageError

runner = CliRunner(env={"COLUMNS": "160"})


def collect(sources, **options):
    errors = []
    return list(read(sources, on_error=errors.append, options=ReadOptions(**options))), errors


def write_rows(path, rows, header=None):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        if header:
            writer.writerow(header)
        writer.writerows(rows)
    return path


def ag_rows(count):
    """AG News' shape: class, title (with a trailing space), description (one with a line break inside quotes)."""
    return [["1", f"Title {i} ", f"Iran sent drones to Russia, report {i}." + ("\nSecond line." if i % 7 == 3 else "")]
            for i in range(count)]


def test_csv_by_column_numbers_gives_ag_news_ids_titles_and_texts_as_the_corpus_does(tmp_path, monkeypatch):
    from graphkit.training import corpus

    shared = tmp_path / "shared"
    (shared / "eval" / "large").mkdir(parents=True)
    path = write_rows(shared / "eval" / "large" / "ag_news_test.csv", ag_rows(corpus.RESERVED_AG_ROWS + 12))
    monkeypatch.setenv("GRAPHKIT_SHARED", str(shared))
    corpus._ag_news_rows.cache_clear()
    try:
        articles, errors = collect([path], columns=CsvColumns.parse("title=2,text=3"), id_prefix="ag")
        expected = [corpus.corpus_article(f"ag{row}") for row in range(corpus.RESERVED_AG_ROWS, len(articles))]
    finally:
        corpus._ag_news_rows.cache_clear()
    assert errors == [] and len(articles) == corpus.RESERVED_AG_ROWS + 12
    got = articles[corpus.RESERVED_AG_ROWS:]
    assert [(a.id, a.title, a.text, a.content_hash) for a in got] == [
        (a.id, a.title, a.text, a.content_hash) for a in expected]
    assert got[5].id == f"ag{corpus.RESERVED_AG_ROWS + 5}" and "\nSecond line." in got[5].text  # a quoted break


def test_csv_with_a_header_and_no_id_column_counts_rows_from_0_over_the_whole_file(tmp_path):
    path = write_rows(tmp_path / "news.csv", [["2024-01-02", "Peru thanks Chile", "Peru thanked Chile."],
                                              ["", "", ""],  # unreadable rows still count
                                              ["1 March 2024", "Iran ships drones", "Iran sent drones to Russia."]],
                      header=["date", "title", "body"])
    articles, errors = collect([path])
    assert [(a.id, a.date, a.title) for a in articles] == [("news-0", "2024-01-02", "Peru thanks Chile"),
                                                          ("news-2", "2024-03-01", "Iran ships drones")]
    assert [e.where for e in errors] == [f"{path}:3"]
    prefixed, _ = collect([path], id_prefix="n")
    assert [a.id for a in prefixed] == ["n0", "n2"]


def test_csv_by_header_names_and_an_id_column(tmp_path):
    path = write_rows(tmp_path / "x.csv", [["k1", "Peru thanks Chile", "Peru thanked Chile.", "https://e.org/1"]],
                      header=["key", "headline", "story", "link"])
    [article], _ = collect([path], columns=CsvColumns.parse("id=key,title=headline,text=story,url=link"))
    assert (article.id, article.title, article.text, article.url) == (
        "k1", "Peru thanks Chile", "Peru thanked Chile.", "https://e.org/1")
    _, errors = collect([path], columns=CsvColumns.parse("text=body"))
    assert len(errors) == 1 and "no column named 'body'" in str(errors[0])


def test_csv_without_a_mapping_or_a_text_header_says_what_to_give(tmp_path):
    path = write_rows(tmp_path / "ag.csv", ag_rows(2))
    articles, errors = collect([path])
    assert articles == [] and "--columns title=2,text=3" in str(errors[0])


@pytest.mark.parametrize("spec", ["title=2", "title=2,text=body", "text=0", "headline=2,text=3", "title2,text=3"])
def test_bad_column_mappings_are_usage_errors(spec):
    with pytest.raises(UsageError):
        CsvColumns.parse(spec)


def test_an_unknown_extension_is_refused_unless_read_as_text(tmp_path):
    path = tmp_path / "note.log"
    path.write_text("Peru thanks Chile\nPeru thanked Chile.\n", encoding="utf-8")
    articles, errors = collect([path])
    assert articles == [] and "unknown file type .log" in str(errors[0]) and "--as text" in str(errors[0])
    [article], errors = collect([path], read_as="text")
    assert article.title == "Peru thanks Chile" and errors == []
    with pytest.raises(ArticleError):
        list(read([path]))


def test_a_folder_reads_its_csv_files(tmp_path):
    write_rows(tmp_path / "a.csv", [["Peru thanked Chile."]], header=["text"])
    articles, _ = collect([tmp_path])
    assert [a.id for a in articles] == ["a-0"]


def test_extract_reads_csv_with_columns_and_refuses_unknown_extensions(tmp_path):
    path = write_rows(tmp_path / "ag.csv", ag_rows(2))
    result = runner.invoke(app, ["extract", str(path), "--columns", "title=2,text=3", "--id-prefix", "ag", "-f",
                                 "jsonl"])
    assert result.exit_code == 0, result.output
    found = {(r["article"], r["source"], r["relation"], r["target"]) for r in map(json.loads, result.stdout.splitlines())}
    assert {("ag0", "IRN", "SUPPLIES", "RUS"), ("ag1", "IRN", "SUPPLIES", "RUS")} <= found
    other = tmp_path / "note.log"
    other.write_text("Iran sent drones to Russia.\n", encoding="utf-8")
    refused = runner.invoke(app, ["extract", str(other), "-f", "jsonl"])
    assert refused.exit_code == 3 and "--as text" in refused.stderr
    read_as_text = runner.invoke(app, ["extract", str(other), "--as", "text", "-f", "jsonl"])
    assert read_as_text.exit_code == 0 and '"RUS"' in read_as_text.stdout
    bad = runner.invoke(app, ["extract", str(path), "--columns", "title=2"])
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1


def test_ingest_reads_csv_with_columns(tmp_path):
    path = write_rows(tmp_path / "ag.csv", ag_rows(3))
    store = str(tmp_path / "store")
    result = runner.invoke(app, ["ingest", str(path), "--columns", "title=2,text=3", "--id-prefix", "ag", "--store",
                                 store])
    assert result.exit_code == 0, result.output
    ids = runner.invoke(app, ["sparql", "SELECT ?id WHERE { ?a gk:articleId ?id } ORDER BY ?id", "--store", store,
                              "-f", "jsonl"])
    assert [json.loads(line)["id"] for line in ids.stdout.splitlines()] == ["ag0", "ag1", "ag2"]


def test_stdin_read_as_csv():
    rows = '"1","Drones ","Iran sent drones to Russia."\n'
    result = runner.invoke(app, ["extract", "-", "--as", "csv", "--columns", "title=2,text=3", "--id-prefix", "ag",
                                 "-f", "jsonl"], input=rows)
    assert result.exit_code == 0, result.output
    assert {(r["article"], r["relation"]) for r in map(json.loads, result.stdout.splitlines())} == {("ag0", "SUPPLIES")}
