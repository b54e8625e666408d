"""The distributed engine: partitions read as the whole files are, and a real Dask LocalCluster (two worker
processes) giving exactly what a single-process run gives — assertions and the store's quads — resuming an
interrupted run without duplicates, and reporting bad articles while keeping the rest."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graphkit.articles import ReadOptions, read
from graphkit.config import Settings
from graphkit.csv_articles import CsvColumns
from graphkit.ingest import ingest
from graphkit.partitions import load, manifests, plan, read_partition
from graphkit.store import Store

from .conftest import ROOT

SHARED_TRAIN = Path(os.environ.get("GRAPHKIT_SHARED") or ROOT.parent / "shared") / "train" / "articles"
STATES = ["Peru", "Chile", "Brazil", "Bolivia", "Norway", "Finland", "Japan", "Kenya", "Ghana", "Egypt"]


def story(n: int) -> tuple[str, str]:
    a, b, c = STATES[n % 10], STATES[(n * 3 + 1) % 10], STATES[(n * 7 + 2) % 10]
    return (f"{a} and {b} sign a deal", f"{a} sent wheat to {b} in story {n}. {c} accused {a} of hiding it. "
                                        f"{b} imposed sanctions on {c}.")


def write_corpus(folder: Path, train: int = 0) -> list[Path]:
    """Text files, a JSON lines file and CSV files (one with a quoted line break in a row) of generated stories,
    and ``train`` articles of ../shared/train when present."""
    (folder / "text").mkdir(parents=True)
    for n in range(7):
        title, text = story(n)
        if n == 3:
            text = text.replace(". ", ".\u2028", 1)  # a line separator N-Triples keeps raw in a literal
        (folder / "text" / f"t{n}.txt").write_text(f" date 2024-02-{n + 1:02} {title}\n\n{text}\n", encoding="utf-8")
    with open(folder / "news.jsonl", "w", encoding="utf-8") as handle:
        for n in range(100, 136):
            title, text = story(n)
            handle.write(json.dumps({"id": f"j{n}", "title": title, "text": text, "date": "2024-03-01"}) + "\n")
            if n % 20 == 0:
                handle.write("\n")  # blank lines are skipped, and still counted in line numbers
    with open(folder / "wire.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["headline", "body"])
        for n in range(200, 224):
            title, text = story(n)
            writer.writerow([title, text.replace(". ", ".\n", 1) if n % 7 == 0 else text])
    with open(folder / "ag.csv", "w", encoding="utf-8", newline="") as handle:  # numbered columns, no header
        writer = csv.writer(handle)
        for n in range(300, 318):
            writer.writerow(["2", *story(n)])
    sources = [folder / "text", folder / "news.jsonl", folder / "wire.csv", folder / "ag.csv"]
    if train and SHARED_TRAIN.is_dir():
        (folder / "train").mkdir()
        for path in sorted(SHARED_TRAIN.glob("t*.txt"))[:train]:
            (folder / "train" / path.name).symlink_to(path)  # read from ../shared, never copied
        sources.append(folder / "train")
    return sources


OPTIONS = {"wire.csv": ReadOptions(columns=CsvColumns.parse("title=headline,text=body")),
           "ag.csv": ReadOptions(columns=CsvColumns.parse("title=2,text=3"), id_prefix="ag")}


def options_for(path: Path) -> ReadOptions:
    return OPTIONS.get(path.name, ReadOptions())


# ---------------------------------------------------------------- partitions, without Dask


@pytest.mark.parametrize("name", ["news.jsonl", "wire.csv", "ag.csv"])
def test_a_big_file_cut_into_ranges_reads_as_the_whole_file(tmp_path, name):
    write_corpus(tmp_path)
    path = tmp_path / name
    options = options_for(path)
    parts = plan([path], options, size=5)
    assert len(parts) > 3 and all(p.kind for p in parts)
    whole_errors, part_errors = [], []
    whole = list(read([path], on_error=whole_errors.append, options=options))
    pieces = [a for p in parts for a in read_partition(p, options, on_error=part_errors.append)]
    assert [(a.id, a.title, a.text, a.date, a.source) for a in pieces] == \
           [(a.id, a.title, a.text, a.date, a.source) for a in whole]
    assert sum(p.articles for p in parts) == len(whole) and not whole_errors and not part_errors


def test_a_csv_row_over_the_limit_is_reported_and_the_rows_after_it_kept(tmp_path):
    rows = [f"t{n},Peru thanked Chile in story {n}." for n in range(12)]
    rows[3] = "long," + "Peru thanked Chile. " * 100
    (tmp_path / "wire.csv").write_text("title,text\n" + "\n".join(rows) + "\n")
    options = ReadOptions(max_article_bytes=500)
    errors = []
    whole = [a.id for a in read([tmp_path / "wire.csv"], on_error=errors.append, options=options)]
    assert len(whole) == 11 and [e.where for e in errors] == [f"{tmp_path / 'wire.csv'}:5"]  # was: the rest lost
    parts = plan([tmp_path / "wire.csv"], options, size=4)
    assert [a.id for p in parts for a in read_partition(p, options, on_error=lambda e: None)] == whole


def test_files_the_reader_must_see_whole_are_not_cut(tmp_path):
    lines = [json.dumps({"id": f"x{n}", "text": "Peru thanked Chile."}) for n in range(30)]
    (tmp_path / "cp1252.jsonl").write_bytes(("\n".join(lines) + "\n").encode() + b'{"id": "caf\xe9", "text": "x"}\n')
    (tmp_path / "document.json").write_text(json.dumps([{"id": f"d{n}", "text": "Peru thanked Chile."}
                                                        for n in range(30)], indent=1))
    (tmp_path / "bom16.jsonl").write_text("\n".join(lines), encoding="utf-16")
    (tmp_path / "cr.csv").write_bytes(b"title,text\r" + b"".join(b"t%d,Peru thanked Chile.\r" % n for n in range(30)))
    for name in ("cp1252.jsonl", "document.json", "bom16.jsonl"):
        [part] = plan([tmp_path / name], size=5)
        assert part.kind is None and part.files == (str(tmp_path / name),), name
        assert len(list(read_partition(part, ReadOptions(), on_error=print))) >= 30
    # bare carriage returns end CSV lines for the reader, but are no place to cut: read whole, the same
    parts = plan([tmp_path / "cr.csv"], size=5)
    assert [a.id for p in parts for a in read_partition(p, ReadOptions())] == [
        a.id for a in read([tmp_path / "cr.csv"])]


def test_small_files_are_grouped_in_reading_order_and_a_change_touches_its_group_only(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for n in range(0, 200, 2):
        (folder / f"a{n:03}.txt").write_text(f"Story {n}\n\nPeru thanked Chile in story {n}.\n")
    parts = plan([folder], ReadOptions(), size=10)
    assert [f for p in parts for f in p.files] == [str(p) for p in sorted(folder.iterdir())]
    assert 5 <= len(parts) <= 20 and max(len(p.files) for p in parts) <= 40
    assert plan([folder], ReadOptions(), size=10) == parts  # the same files give the same names
    (folder / "a050.txt").write_text("Chile thanks Peru\n\nChile thanked Peru.\n")
    (folder / "a151.txt").write_text("Peru thanks Chile\n\nPeru thanked Chile again.\n")  # a new file
    again = plan([folder], ReadOptions(), size=10)
    changed = {p.name for p in again} - {p.name for p in parts}
    assert len(changed) <= 3 and len(again) - len(changed) >= len(parts) - 3  # the rest are found finished


def test_lines_appended_to_a_big_file_leave_its_earlier_ranges_as_they_were(tmp_path):
    write_corpus(tmp_path)
    options = options_for(tmp_path / "wire.csv")
    before = plan([tmp_path / "news.jsonl", tmp_path / "wire.csv"], options, size=5)
    with open(tmp_path / "news.jsonl", "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "late", "text": "Peru thanked Chile."}) + "\n")
    with open(tmp_path / "wire.csv", "a", encoding="utf-8") as handle:
        handle.write("Late,Peru thanked Chile.\n")
    after = plan([tmp_path / "news.jsonl", tmp_path / "wire.csv"], options, size=5)
    assert len({p.name for p in after} - {p.name for p in before}) == 2  # the last range of each file


# ---------------------------------------------------------------- on a real LocalCluster


@pytest.fixture(scope="module")
def client():
    """A Dask cluster on this machine: two worker processes, one thread each, as ``--engine dask`` starts it."""
    from graphkit.distributed import cluster

    with cluster(workers=2) as connected:
        yield connected


def single_process(sources: list[Path], store: Path, extractor) -> tuple[list[str], list[str]]:
    """What `graphkit extract --format jsonl` prints and what `graphkit ingest` stores, for the same sources."""
    lines, errors = [], []
    for source in sources:
        options = options_for(source)
        for _, found in extractor.extract(read([source], on_error=errors.append, options=options)):
            lines += [json.dumps(a.to_record(), ensure_ascii=False) for a in found]
        ingest([source], store=store, settings=Settings(), on_error=lambda error: None, options=options)
    return lines, errors


def distributed_run(sources: list[Path], client, folder: Path, store: Path, **kwargs):
    from graphkit import distributed

    reports, errors = [], []
    for source in sources:  # each source with its own reading options, into the same folder
        reports.append(distributed.extract([source], client, folder, Settings(), options_for(source),
                                           on_error=errors.append, **kwargs))
    for report in reports:
        load(store, folder, report.partitions)
    return reports, errors


def assertion_lines(folder: Path, reports) -> list[str]:
    return [line.rstrip("\n") for report in reports for name in report.partitions
            for line in open(folder / f"{name}.jsonl", encoding="utf-8")]


def quads(store: Path) -> list[str]:
    with Store.open(store, read_only=True) as kept:
        return sorted(kept.export("nquads").decode("utf-8").splitlines())


def test_two_workers_give_what_one_process_gives(tmp_path, client, extractor):
    sources = write_corpus(tmp_path / "in", train=6)
    expected, expected_errors = single_process(sources, tmp_path / "single", extractor)
    reports, errors = distributed_run(sources, client, tmp_path / "parts", tmp_path / "dask", partition_size=8)
    assert assertion_lines(tmp_path / "parts", reports) == expected and len(expected) > 200
    assert quads(tmp_path / "dask") == quads(tmp_path / "single")
    assert not errors and not expected_errors
    pids = {m["pid"] for m in manifests(tmp_path / "parts")}
    assert len(pids) == 2 and all(r.workers == 2 for r in reports if r.extracted)  # both workers took partitions
    nquads = [line for p in (tmp_path / "parts").glob("*.nq") for line in p.read_text().splitlines()]
    assert len(nquads) == len(set(nquads))


def test_an_interrupted_run_resumes_without_duplicates(tmp_path, client, extractor):
    from graphkit import distributed

    sources = write_corpus(tmp_path / "in")[:2]
    folder = tmp_path / "parts"
    first = distributed.extract(sources, client, folder, Settings(), partition_size=10)
    assert first.extracted == len(first.partitions) > 4 and first.resumed == 0
    # as a run killed at different moments leaves them: a partition not begun, one whose RDF was written but not
    # its manifest, one with only a temporary file, and one finished
    names = first.partitions
    for suffix in (".json", ".jsonl", ".nq"):
        (folder / f"{names[0]}{suffix}").unlink()
    (folder / f"{names[1]}.json").unlink()
    (folder / f"{names[2]}.json").rename(folder / f".{names[2]}.json.host.123.tmp")
    load(tmp_path / "store", folder, names[3:])  # and the finished ones already loaded once
    again = distributed.extract(sources, client, folder, Settings(), partition_size=10)
    assert (again.extracted, again.resumed) == (3, len(names) - 3) and again.partitions == names
    assert again.articles == first.articles and again.assertions == first.assertions
    report = load(tmp_path / "store", folder, names)
    assert report.skipped == sum(m["count"] if "count" in m else len(m["articles"])
                                 for m in manifests(folder) if m["partition"] in names[3:])
    expected, _ = single_process(sources, tmp_path / "single", extractor)
    assert assertion_lines(folder, [again]) == expected
    assert quads(tmp_path / "store") == quads(tmp_path / "single")
    assert load(tmp_path / "store", folder).triples_added == 0  # loading everything again adds nothing


def test_bad_articles_are_reported_and_the_rest_kept(tmp_path, client, extractor):
    folder = tmp_path / "in"
    (folder / "a").mkdir(parents=True)
    (folder / "b").mkdir()
    (folder / "a" / "same.txt").write_text("Peru thanks Chile\n\nPeru thanked Chile.\n")
    for n in range(6):
        (folder / "a" / f"x{n}.txt").write_text(f"Story {n}\n\nBrazil sent wheat to Kenya in story {n}.\n")
    (folder / "b" / "same.txt").write_text("Chile thanks Peru\n\nChile thanked Peru.\n")  # a taken id, other text
    (folder / "b" / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    lines = [json.dumps({"id": f"j{n}", "text": f"Japan sent aid to Ghana in story {n}."}) for n in range(12)]
    lines[5] = '{"id": "broken",'
    (folder / "b" / "news.jsonl").write_text("\n".join(lines) + "\n")
    expected, expected_errors = single_process([folder], tmp_path / "single", extractor)
    reports, errors = distributed_run([folder], client, tmp_path / "parts", tmp_path / "dask", partition_size=4)
    assert sorted(str(e) for e in errors) == sorted(str(e) for e in expected_errors) and len(errors) == 3
    assert reports[0].failed == 3
    assert assertion_lines(tmp_path / "parts", reports) == expected
    assert quads(tmp_path / "dask") == quads(tmp_path / "single")
    # run again: nothing extracted, the same errors reported, nothing duplicated
    again, errors_again = distributed_run([folder], client, tmp_path / "parts", tmp_path / "dask", partition_size=4)
    assert again[0].extracted == 0 and sorted(map(str, errors_again)) == sorted(map(str, errors))
    assert assertion_lines(tmp_path / "parts", again) == expected
    assert quads(tmp_path / "dask") == quads(tmp_path / "single")


def test_a_changed_article_replaces_its_old_graph_as_ingest_does(tmp_path, client, extractor):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"a{n}.txt").write_text(f"Story {n}\n\nBrazil sent wheat to Kenya in story {n}.\n")
    single, dask, parts = tmp_path / "single", tmp_path / "dask", tmp_path / "parts"
    for step in range(2):
        single_process([folder], single, extractor)
        reports, _ = distributed_run([folder], client, parts, dask)
        (folder / "a1.txt").write_text("Story 1\n\nJapan imposed sanctions on Ghana.\n")
    assert reports[0].extracted == 1 and len(list(parts.glob("*.nq"))) == 2  # the new version of the partition
    assert quads(dask) == quads(single) and any("sanctions" in q for q in quads(dask))
    assert not any("Brazil sent wheat to Kenya in story 1." in q for q in quads(dask))
    load(tmp_path / "all", parts)  # the whole folder, old partition and new: the newer version wins
    assert quads(tmp_path / "all") == quads(single)


def test_the_command_line_ingests_with_a_local_cluster(tmp_path):
    write_corpus(tmp_path / "in")
    (tmp_path / "in" / "text" / "bad.txt").write_bytes(b"")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GRAPHKIT_HOME": str(tmp_path / "home")}
    command = [sys.executable, "-m", "graphkit", "ingest", str(tmp_path / "in" / "text"),
               str(tmp_path / "in" / "news.jsonl"), "--engine", "dask", "--processes", "2", "--partition-size", "20"]
    first = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    assert first.returncode == 3, first.stderr  # an article could not be read: reported, the rest stored
    assert "bad.txt: empty file" in first.stderr and "Traceback" not in first.stderr
    assert "dask: 3 partitions" in first.stderr and "43 articles" in first.stderr
    with Store.open(tmp_path / "home" / "store", read_only=True) as kept:
        assert kept.stats()["articles"] == 43
    again = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    assert again.returncode == 3 and "0 extracted" in again.stderr and "3 found finished" in again.stderr
    assert " 43 " in [line for line in again.stderr.splitlines() if "skipped (unchanged)" in line][0]
    loaded = subprocess.run([sys.executable, "-m", "graphkit", "store", "load", str(tmp_path / "home" / "partitions"),
                             "--store", str(tmp_path / "other")], capture_output=True, text=True, env=env, timeout=300)
    assert loaded.returncode == 0, loaded.stderr
    assert quads(tmp_path / "other") == quads(tmp_path / "home" / "store")


def test_commands_without_the_dask_engine_do_not_import_dask(tmp_path):
    script = """
import sys
from graphkit.cli import app
for args in (["--help"], ["ingest", "--help"], ["store", "load", "--help"]):
    try:
        app(args)
    except SystemExit as done:
        assert not done.code, (args, done.code)
print(sorted(m for m in sys.modules if m.split(".")[0] in ("dask", "distributed")))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


def test_a_scheduler_nobody_runs_is_one_clear_error(tmp_path):
    from .conftest import free_port

    (tmp_path / "a.txt").write_text("Peru thanks Chile\n\nPeru thanked Chile.\n")
    result = subprocess.run([sys.executable, "-m", "graphkit", "ingest", str(tmp_path / "a.txt"), "--engine", "dask",
                             "--scheduler", f"tcp://127.0.0.1:{free_port()}", "--store", str(tmp_path / "store")],
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:" in result.stderr


def test_articles_the_store_holds_are_not_extracted_again(tmp_path, client, extractor):
    from graphkit import distributed

    sources = write_corpus(tmp_path / "in")[:2]  # 7 text files and 36 JSON lines
    store = tmp_path / "store"
    first, _ = distributed.ingest(sources, client, tmp_path / "parts", store, Settings(), partition_size=10)
    assert (first.new, first.skipped) == (43, 0)
    stored = quads(store)
    # again, into a new folder of partitions (the old ones do not count): every article is found in the store
    again, extracted = distributed.ingest(sources, client, tmp_path / "again", store, Settings(), partition_size=10)
    assert (extracted.extracted, extracted.articles, extracted.skipped) == (0, 0, 43)
    assert (again.new, again.updated, again.skipped, again.failed) == (0, 0, 43, 0)
    assert quads(store) == stored
    local = ingest(sources, store=store, settings=Settings())  # the local ingest says the same
    assert (local.new, local.updated, local.skipped) == (0, 0, 43)
    # one text changed and one line added: those two are extracted, nothing else
    (tmp_path / "in" / "text" / "t1.txt").write_text("Story 1\n\nJapan imposed sanctions on Ghana.\n")
    with open(tmp_path / "in" / "news.jsonl", "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "j999", "text": "Kenya sent maize to Egypt."}) + "\n")
    third, extracted = distributed.ingest(sources, client, tmp_path / "again", store, Settings(), partition_size=10)
    assert (third.new, third.updated, third.skipped) == (1, 1, 42) and extracted.extracted == 2
    assert sorted(e["id"] for m in manifests(tmp_path / "again") for e in m["articles"]) == ["j999", "t1"]
    single_process(sources, tmp_path / "single", extractor)
    assert quads(store) == quads(tmp_path / "single")
