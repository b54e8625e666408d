"""Cross-validate the relation model on the annotated corpus, by article folds, against the rules alone.

    python scripts/crossval.py                       # 5 folds: P/R/F1 per type, attributes, roles, calibration
    python scripts/crossval.py --learning-curve      # and F1 (and the ranking's AP) with 25/50/75/100% of each part
    python scripts/crossval.py --json                # the same figures as one JSON object

Needs ../shared (the corpus texts) and scikit-learn (the dev extra).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from graphkit.config import load_settings
from graphkit.extract import Extractor
from graphkit.training.corpus import annotations_dir, read_annotations
from graphkit.training.crossval import cross_validate
from graphkit.training.dataset import build_dataset
from graphkit.training.fit import FitSettings
from graphkit.training.train import corpus_summary


def table_lines(name: str, table) -> list[str]:
    out = [f"{name}: P={table.precision:.3f} R={table.recall:.3f} F1={table.f1:.3f} "
           f"(tp={table.tp} fp={table.fp} fn={table.fn})"]
    for relation, (tp, fp, fn) in sorted(table.per_type.items()):
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out.append(f"  {relation:<16} P={p:.3f} R={r:.3f} F1={f:.3f}  tp={tp:4d} fp={fp:4d} fn={fn:4d}")
    attributes = ", ".join(f"{k}={v:.3f}" for k, v in sorted(table.attributes.items()) if v is not None)
    return out + ([f"  attributes: {attributes}"] if attributes else [])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--annotations", type=Path, default=annotations_dir())
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=FitSettings.seed)
    parser.add_argument("--C", type=float, default=FitSettings.C)
    parser.add_argument("--learning-curve", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    lines = read_annotations(sorted(args.annotations.glob("*.jsonl")))
    extractor = Extractor(load_settings(relations="rules"))
    articles = build_dataset(lines, extractor)
    settings = FitSettings(C=args.C, seed=args.seed)
    result = cross_validate(articles, extractor, args.folds, args.seed, settings)
    curve = []
    if args.learning_curve:
        for fraction in (0.25, 0.5, 0.75, 1.0):
            run = result if fraction == 1.0 else cross_validate(articles, extractor, args.folds, args.seed, settings,
                                                                fraction)
            curve.append((fraction, run.model.relations.precision, run.model.relations.recall, run.model.relations.f1,
                          run.ranking))
    report = {
        "corpus": corpus_summary(lines), "folds": args.folds, "seed": args.seed, "settings": settings.__dict__,
        "model": {"relations": result.model.relations.to_dict(), "roles": result.model.roles.to_dict()},
        "rules": {"relations": result.rules.relations.to_dict(), "roles": result.rules.roles.to_dict()},
        "thresholds": result.thresholds, "calibration": result.calibration,
        "ranking_average_precision": result.ranking, "unreachable_gold_lines": result.unreachable, "gold_relation_lines": result.gold_relations,
        "learning_curve": curve, "seconds": round(time.perf_counter() - started, 1)}
    if args.json:
        for side in ("model", "rules"):
            for table in report[side].values():
                table.pop("errors")
        print(json.dumps(report, indent=1))
        return 0
    c = report["corpus"]
    print(f"corpus: {c['articles']} articles, {c['relation_lines']} relation lines, {c['role_lines']} HOLDS_ROLE, "
          f"{c['none_lines']} NONE; {args.folds} folds, seed {args.seed}")
    print(f"gold relation lines whose actors were not both found in their sentence: {result.unreachable} of "
          f"{result.gold_relations}")
    print(f"ranking of candidate pairs and types by the out-of-fold scores: average precision {result.ranking:.3f}")
    for name, score in (("model", result.model), ("rules alone", result.rules)):
        print()
        print("\n".join(table_lines(f"{name} — relations", score.relations)))
        print("\n".join(table_lines(f"{name} — HOLDS_ROLE", score.roles)))
    print("\ncalibration (model, out of fold): confidence bin, assertions, share correct")
    for low, high, n, correct in result.calibration:
        print(f"  [{low:.1f}, {high:.1f})  {n:5d}  {correct / n if n else 0:.3f}")
    if curve:
        print("\nlearning curve (share of each training part: P, R, F1 at the precision goal; AP of the ranking)")
        for fraction, p, r, f, ap in curve:
            print(f"  {fraction:.0%}  P={p:.3f} R={r:.3f} F1={f:.3f}  AP={ap:.3f}")
    print(f"\n{report['seconds']} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
