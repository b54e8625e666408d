"""Retrain graphkit's relation model from the annotated corpus (deterministic; a few minutes on 2 cores).

    python scripts/train_relation_model.py                      # training/annotations/*.jsonl -> graphkit/data/relation_model/
    python scripts/train_relation_model.py --out /tmp/model     # somewhere else

Needs ../shared (the corpus texts) and scikit-learn (the dev extra). Prints what it trained on and the
threshold it chose; the model's meta.json keeps the same record.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from graphkit.config import load_settings
from graphkit.extract import Extractor
from graphkit.extract.classifier import MODEL_DIR
from graphkit.training.corpus import annotations_dir, read_annotations
from graphkit.training.dataset import build_dataset
from graphkit.training.fit import FitSettings
from graphkit.training.train import train


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--annotations", type=Path, default=annotations_dir())
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--C", type=float, default=FitSettings.C)
    parser.add_argument("--seed", type=int, default=FitSettings.seed)
    args = parser.parse_args()
    started = time.perf_counter()
    lines = read_annotations(sorted(args.annotations.glob("*.jsonl")))
    extractor = Extractor(load_settings(relations="rules"))
    articles = build_dataset(lines, extractor)
    record = train(articles, lines, args.out, FitSettings(C=args.C, seed=args.seed), args.folds)
    record["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(record, indent=1))
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
