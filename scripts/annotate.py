"""Annotating the training corpus: show articles sentence by sentence with offsets, check drafts, import them.

    python scripts/annotate.py view t001 t002            # sentences with [start-end] offsets
    python scripts/annotate.py view t001-t040            # a range of corpus articles
    python scripts/annotate.py view ag2000-ag2400        # AG News World items in a row range (rows >= 2000 only)
    python scripts/annotate.py check DRAFT.jsonl         # every line checked; evidence must equal text[start:end]
    python scripts/annotate.py import DRAFT.jsonl training/annotations/NAME.jsonl

A draft line is a gold line (../shared/eval/GUIDELINES.md) with ``start``/``end`` offsets and, to check them, the
``evidence`` text; ``import`` keeps the offsets and drops the text, since third-party text never enters the repo.
Drafts live outside the repository.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from graphkit.training.annotation import check_lines, strip_text
from graphkit.training.corpus import ag_news_world_rows, corpus_articles


def expand(specs: list[str]) -> list[str]:
    ids = []
    for spec in specs:
        match = re.fullmatch(r"(t|ag)(\d+)-(?:t|ag)?(\d+)", spec)
        if match is None:
            ids.append(spec)
        elif match.group(1) == "t":
            width = len(match.group(2))
            ids += [f"t{n:0{width}d}" for n in range(int(match.group(2)), int(match.group(3)) + 1)]
        else:
            ids += [f"ag{row}" for row in ag_news_world_rows(int(match.group(2)), int(match.group(3)) + 1)]
    return ids


def view(ids: list[str]) -> None:
    from graphkit.config import load_settings
    from graphkit.extract.pipeline import full_text, load_nlp, original_span, parse_articles

    nlp = load_nlp(load_settings().model)
    for article, doc in parse_articles(nlp, corpus_articles(ids)):
        text = full_text(article)
        print(f"=== {article.id}  date {article.date or '-'}  ({len(text)} characters)")
        for number, sent in enumerate(doc.sents):
            start, end = original_span(doc, sent.start_char, sent.end_char)
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                shown = text[start:end].replace("\n", " ⏎ ")
                print(f"[{start}-{end}] s{number}: {shown}")
        print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("view").add_argument("ids", nargs="+")
    commands.add_parser("check").add_argument("draft", type=Path)
    importing = commands.add_parser("import")
    importing.add_argument("draft", type=Path)
    importing.add_argument("out", type=Path)
    args = parser.parse_args()
    if args.command == "view":
        view(expand(args.ids))
        return 0
    lines = [json.loads(line) for line in args.draft.read_text(encoding="utf-8").splitlines() if line.strip()]
    problems = check_lines(lines, require_evidence=True)
    for problem in problems:
        print(problem, file=sys.stderr)
    articles = {line["article"] for line in lines}
    print(f"{len(lines)} lines, {len(articles)} articles, {len(problems)} problems", file=sys.stderr)
    if problems:
        return 1
    if args.command == "import":
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text("".join(json.dumps(strip_text(line), ensure_ascii=False) + "\n" for line in lines),
                            encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
