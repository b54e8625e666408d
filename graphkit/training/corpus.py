"""The annotated corpus: third-party articles read from ``../shared``, gold lines kept in the repo by offsets.

Article ids name where a text comes from: ``tNNN`` is ``shared/train/articles/tNNN.txt``; ``ag<row>`` is row
``<row>`` (counted from 0) of ``shared/eval/large/ag_news_test.csv``, its title and description as the article.
Gold lines in ``training/annotations/*.jsonl`` carry ``start``/``end`` offsets into the text graphkit reads
(the title, a blank line, the text: :func:`graphkit.extract.pipeline.full_text`) instead of the text itself, so
no third-party text is copied into the repository; :func:`with_evidence` puts the sentences back.

>>> sorted(RELATION_KEYS)[:3]
['article', 'claimed_by', 'end']
"""
from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from ..articles import read_path
from ..errors import ArticleError
from ..model import Article

__all__ = ["shared_dir", "annotations_dir", "corpus_article", "corpus_articles", "ag_news_world_rows",
           "read_annotations", "with_evidence", "full_text_of", "RESERVED_AG_ROWS", "RELATION_KEYS"]

REPO = Path(__file__).resolve().parents[2]
# AG News rows below this index are reserved for measurement outside the project: never read here.
RESERVED_AG_ROWS = 2000
AG_NEWS_WORLD = "1"
RELATION_KEYS = {"article", "source", "relation", "target", "item", "claimed_by", "polarity", "modality", "role",
                 "start", "end"}


def shared_dir() -> Path:
    """``$GRAPHKIT_SHARED``, else the ``shared`` folder beside the repository."""
    return Path(os.environ.get("GRAPHKIT_SHARED") or REPO.parent / "shared")


def annotations_dir() -> Path:
    """``training/annotations`` in the repository."""
    return REPO / "training" / "annotations"


def corpus_article(article_id: str) -> Article:
    """The article an id names (``t042``, ``ag2011``), read as graphkit reads it.

    Raises :class:`ArticleError` for a reserved AG News row or an id that names nothing.
    """
    if article_id.startswith("ag") and article_id[2:].isdigit():
        return _ag_news_article(int(article_id[2:]))
    path = shared_dir() / "train" / "articles" / f"{article_id}.txt"
    if not path.is_file():
        raise ArticleError(article_id, f"no corpus article {path}")
    return read_path(path)[0]


def corpus_articles(ids: Iterable[str]) -> Iterator[Article]:
    """The articles the ids name, in order."""
    return (corpus_article(i) for i in ids)


def full_text_of(article_id: str) -> str:
    """The text an article's offsets point into."""
    from ..extract.pipeline import full_text

    return full_text(corpus_article(article_id))


def ag_news_world_rows(start: int = RESERVED_AG_ROWS, stop: int | None = None) -> list[int]:
    """Rows of AG News's World class (1) from ``start`` (never below the reserved rows) up to ``stop``."""
    start = max(start, RESERVED_AG_ROWS)
    rows = _ag_news_rows()
    return [i for i in range(start, len(rows) if stop is None else min(stop, len(rows)))
            if rows[i][0] == AG_NEWS_WORLD]


def read_annotations(paths: Iterable[Path] | None = None) -> list[dict]:
    """Gold lines from annotation files (default: every ``training/annotations/*.jsonl``), each with ``file``."""
    if paths is None:
        paths = sorted(annotations_dir().glob("*.jsonl"))
    lines = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    try:
                        record = json.loads(line)
                    except json.JSONDecodeError as err:
                        raise ArticleError(f"{path}:{number}", f"broken JSON line: {err.msg}") from None
                    record["file"] = f"{Path(path).name}:{number}"
                    lines.append(record)
    return lines


def with_evidence(lines: Iterable[dict]) -> list[dict]:
    """Gold lines with ``evidence`` read back from the articles by their offsets, as the scorer wants them."""
    out = []
    for line in lines:
        line = dict(line)
        if "start" in line:
            line["evidence"] = full_text_of(line["article"])[line["start"]:line["end"]]
        out.append(line)
    return out


def _ag_news_article(row: int) -> Article:
    if row < RESERVED_AG_ROWS:
        raise ArticleError(f"ag{row}", f"AG News rows below {RESERVED_AG_ROWS} are reserved for outside measurement")
    rows = _ag_news_rows()
    if row >= len(rows):
        raise ArticleError(f"ag{row}", f"AG News has {len(rows)} rows")
    _, title, text = rows[row]
    return Article(id=f"ag{row}", title=title.strip(), text=text, source=f"ag_news_test.csv:{row}")


@cache
def _ag_news_rows() -> list[list[str]]:
    path = shared_dir() / "eval" / "large" / "ag_news_test.csv"
    if not path.is_file():
        raise ArticleError(str(path), "AG News is not present")
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))
