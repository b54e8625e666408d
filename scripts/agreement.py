"""Inter-annotator agreement: the second, independent pass over a random 10% of the corpus scored against the
first pass, as graphkit eval scores an extractor (F1 is symmetric in the two passes; P and R swap).

    python scripts/agreement.py            # training/agreement/second-pass.jsonl vs training/annotations/

The figure is the corpus's own ceiling: no extractor can agree with the gold better than two careful readers do.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graphkit.evaluate import score
from graphkit.training.corpus import REPO, annotations_dir, read_annotations

sys.path.insert(0, str(Path(__file__).parent))
from crossval import table_lines  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--second", type=Path, default=REPO / "training" / "agreement" / "second-pass.jsonl")
    parser.add_argument("--annotations", type=Path, default=annotations_dir())
    args = parser.parse_args()
    second = read_annotations([args.second])
    sample = {line["article"] for line in second}
    first = [line for line in read_annotations(sorted(args.annotations.glob("*.jsonl"))) if line["article"] in sample]
    result = score(first, second, only=sample)
    print(f"{len(sample)} articles annotated twice; first pass as reference, second pass scored against it")
    print("\n".join(table_lines("relations", result.relations)))
    print("\n".join(table_lines("HOLDS_ROLE", result.roles)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
