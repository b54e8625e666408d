"""The annotated training corpus: every gold line well-formed, every offset true to the text in ../shared, no
third-party text in the repository, no reserved AG News row."""
from __future__ import annotations

import json

import pytest

from graphkit.training.annotation import check_lines
from graphkit.training.corpus import RESERVED_AG_ROWS, REPO, annotations_dir, read_annotations, shared_dir

FILES = sorted(annotations_dir().glob("*.jsonl")) + sorted((REPO / "training" / "agreement").glob("*.jsonl"))


@pytest.fixture(scope="module")
def shared():
    if not (shared_dir() / "train" / "articles").is_dir():
        pytest.skip("../shared is not present")
    return shared_dir()


def test_the_corpus_is_there_and_large_enough():
    lines = read_annotations()
    relations = [line for line in lines if line["relation"] not in ("NONE", "HOLDS_ROLE")]
    assert len(relations) >= 1500
    assert {line["article"][:2] for line in lines} >= {"t0", "ag"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_lines_keep_offsets_not_text(path):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        record = json.loads(line)
        assert not {"evidence", "text", "note"} & set(record), f"{path.name}:{number} keeps text"
        if record["article"].startswith("ag"):
            assert int(record["article"][2:]) >= RESERVED_AG_ROWS, f"{path.name}:{number} uses a reserved row"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_line_checks_against_the_shared_texts(path, shared):
    assert check_lines(read_annotations([path])) == []


def test_the_checker_catches_a_wrong_offset_and_a_bad_actor(shared):
    line = next(line for line in read_annotations([FILES[0]]) if "start" in line)
    text_length = line["end"] - line["start"]
    moved = {**line, "start": line["start"] + 1, "end": line["end"] + 1, "evidence": "not the sentence"}
    assert check_lines([moved], require_evidence=True)
    assert check_lines([{**line, "source": "Russia"}])
    assert check_lines([{**line, "end": line["start"] + text_length + 10**6}])


@pytest.mark.parametrize("folder", ["fresh", "fresh/blind", "fresh/blind2"])
def test_the_fresh_sentences_are_well_formed_gold(folder):
    """Our own test sentences (training/fresh): text in the repo, gold lines whose offsets give their evidence."""
    where = REPO / "training" / folder
    texts = {json.loads(line)["id"]: json.loads(line)["text"]
             for line in (where / "articles.jsonl").read_text(encoding="utf-8").splitlines()}
    lines = [json.loads(line) for line in (where / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {line["article"] for line in lines} == set(texts)
    assert check_lines(lines, require_evidence=True, texts=texts) == []
