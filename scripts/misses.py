"""Why recall is low: every gold relation line the extractor misses out of fold, by the stage that lost it.

    python scripts/misses.py                 # the table: categories a-f with their reasons, the scores of c
    python scripts/misses.py --examples 3    # and 3 misses of each category (article, offsets, triple, reason)
    python scripts/misses.py --examples 3 --text   # with the evidence sentence (read from ../shared, never stored)
    python scripts/misses.py --json          # every miss as one JSON line

The same 5 article folds, seed and models as scripts/crossval.py (graphkit.training.misses). Needs ../shared and
scikit-learn (the dev extra).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

from graphkit.config import load_settings
from graphkit.extract import Extractor
from graphkit.training.corpus import annotations_dir, full_text_of, read_annotations
from graphkit.training.dataset import build_dataset
from graphkit.training.fit import FitSettings
from graphkit.training.misses import CATEGORIES, SCORE_BINS, find_misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--annotations", type=Path, default=annotations_dir())
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=FitSettings.seed)
    parser.add_argument("--examples", type=int, default=0, help="misses to show per category (a fixed sample)")
    parser.add_argument("--text", action="store_true", help="show each example's evidence sentence")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    lines = read_annotations(sorted(args.annotations.glob("*.jsonl")))
    extractor = Extractor(load_settings(relations="rules"))
    articles = build_dataset(lines, extractor)
    misses = find_misses(articles, extractor, args.folds, args.seed, FitSettings(seed=args.seed))
    if args.json:
        for miss in misses:
            print(json.dumps({"article": miss.line["article"], "start": miss.line.get("start"),
                              "end": miss.line.get("end"), "triple": list(miss.triple), "category": miss.category,
                              "reason": miss.reason, "score": miss.score, "threshold": miss.threshold}))
        return 0
    gold = sum(1 for line in lines if line["relation"] not in ("NONE", "HOLDS_ROLE"))
    print(f"{len(misses)} of {gold} gold relation lines missed out of fold ({args.folds} folds, seed {args.seed})\n")
    by_category = Counter(m.category for m in misses)
    for category, title in CATEGORIES.items():
        print(f"({category}) {title}: {by_category[category]}")
        for reason, n in Counter(m.reason for m in misses if m.category == category).most_common():
            print(f"      {n:5d}  {reason}")
    low = [m.score for m in misses if m.category == "c"]
    if low:
        print("\n(c) calibrated score of the line's type at its best candidate (thresholds: "
              f"{sorted({round(m.threshold, 3) for m in misses if m.threshold is not None})})")
        for lo, hi in zip(SCORE_BINS, SCORE_BINS[1:]):
            print(f"      [{lo:.2f}, {min(hi, 1.0):.2f})  {sum(lo <= s < hi for s in low):5d}")
    print("\nper type: " + ", ".join(f"{t} {n}" for t, n in sorted(Counter(m.triple[1] for m in misses).items())))
    if args.examples:
        rng = random.Random(args.seed)
        for category in CATEGORIES:
            chosen = [m for m in misses if m.category == category]
            for miss in rng.sample(chosen, min(args.examples, len(chosen))):
                line = miss.line
                score = f" score {miss.score:.3f}/{miss.threshold:.3f}" if miss.score is not None else ""
                print(f"\n({category}) {line['article']} {line.get('start')}-{line.get('end')} "
                      f"{' '.join(miss.triple)}: {miss.reason}{score}")
                if args.text:
                    print("    " + full_text_of(line["article"])[line["start"]:line["end"]].replace("\n", " "))
    return 0


if __name__ == "__main__":
    sys.exit(main())
