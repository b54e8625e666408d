"""Scoring extracted relations against gold relations, as ../shared/eval/GUIDELINES.md defines it.

The unit is the triple (source, relation, target) per article; symmetric relations compare unordered and
HOLDS_ROLE is scored in its own table. Attribute accuracy is counted per gold line of a matched triple: the share
of those lines for which some predicted line of the triple gives the same value.

>>> gold = [{"article": "a", "source": "IRN", "relation": "SUPPLIES", "target": "RUS", "items": ["drones"]}]
>>> pred = [{"article": "a", "source": "IRN", "relation": "SUPPLIES", "target": "RUS", "items": ["attack drones"]}]
>>> s = score(gold, pred)
>>> s.relations.f1, s.relations.attributes["items"]
(1.0, 1.0)
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ArticleError
from .vocabulary import ROLE, symmetric_relations

__all__ = ["score", "Score", "Table", "read_jsonl", "head_noun", "ATTRIBUTES"]

ATTRIBUTES = ("items", "claimed_by", "polarity", "modality")


@dataclass
class Table:
    """Precision, recall and F1 of one table (relations or roles), per type, with attributes and errors."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    per_type: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    attribute_counts: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    # (kind, article, triple, text): kind FP, FN, or ATTR for an attribute of a matched triple that was missed
    errors: list[tuple[str, str, tuple[str, str, str], str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def attributes(self) -> dict[str, float | None]:
        return {name: (ok / total if total else None) for name, (ok, total) in self.attribute_counts.items()}

    def to_dict(self) -> dict:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
            "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "per_type": {t: dict(zip(("tp", "fp", "fn"), v)) for t, v in sorted(self.per_type.items())},
            "attributes": {n: (round(v, 4) if v is not None else None) for n, v in self.attributes.items()},
            "errors": [{"kind": k, "article": a, "triple": list(t), "evidence": e} for k, a, t, e in self.errors],
        }


@dataclass
class Score:
    relations: Table
    roles: Table
    articles: int


def score(gold: Iterable[dict], predicted: Iterable[dict], only: Iterable[str] | None = None) -> Score:
    """Score predicted lines against gold lines; only the articles in ``gold`` (or ``only``) count."""
    gold, predicted = list(gold), list(predicted)
    articles = {g["article"] for g in gold} & (set(only) if only else {g["article"] for g in gold})
    gold_by, pred_by = _group(gold, articles), _group(predicted, articles)
    relations, roles = Table(), Table()
    for article in sorted(articles):
        for table, is_role in ((relations, False), (roles, True)):
            golds = {k: v for k, v in gold_by[article].items() if (k[1] == ROLE) == is_role}
            preds = {k: v for k, v in pred_by[article].items() if (k[1] == ROLE) == is_role}
            _count(table, article, golds, preds, attributes=not is_role)
    return Score(relations, roles, len(articles))


def read_jsonl(path: str | Path) -> list[dict]:
    """The JSON objects of a JSON-lines file; a broken line is an ArticleError naming file and line."""
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as err:
                    raise ArticleError(f"{path}:{number}", f"broken JSON line: {err.msg}") from None
    return rows


def head_noun(phrase: str) -> str:
    """The head noun of an item phrase, crudely singular: "air defence systems" -> "system".

    >>> head_noun("Kamikaze drones"), head_noun("supplies"), head_noun("$2bn")
    ('drone', 'supply', 'bn')
    """
    words = re.findall(r"[a-z]+", phrase.lower())
    if not words:
        return ""
    word = words[-1]
    for suffix, replacement in (("ies", "y"), ("ses", "s"), ("s", "")):
        if word.endswith(suffix) and len(word) > 3:
            return word[: len(word) - len(suffix)] + replacement
    return word


# ---------------------------------------------------------------- helpers


def _key(row: dict) -> tuple[str, str, str]:
    source, relation, target = str(row["source"]).strip(), str(row["relation"]).strip().upper(), str(row["target"]).strip()
    if relation == ROLE:
        source = source.lower()
    if relation in symmetric_relations() and target < source:
        source, target = target, source
    return source, relation, target


def _group(rows: list[dict], articles: set[str]) -> dict[str, dict[tuple, list[dict]]]:
    grouped: dict[str, dict[tuple, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row.get("article") in articles and row.get("relation") != "NONE":
            grouped[row["article"]][_key(row)].append(row)
    return grouped


def _count(table: Table, article: str, golds: dict, preds: dict, attributes: bool) -> None:
    for key in golds.keys() & preds.keys():
        table.tp += 1
        table.per_type[key[1]][0] += 1
        if attributes:
            for line in golds[key]:
                for name in ATTRIBUTES:
                    if name == "items" and not _items(line):
                        continue
                    found = any(_same(name, p, line) for p in preds[key])
                    table.attribute_counts[name][0] += found
                    table.attribute_counts[name][1] += 1
                    if not found:
                        value = (lambda row: _items(row) if name == "items" else row.get(name))  # noqa: E731
                        predicted = sorted({str(value(p)) for p in preds[key]})
                        table.errors.append(("ATTR", article, key, f"{name}: gold {value(line)!s}, predicted "
                                             f"{' or '.join(predicted)} | {line.get('evidence', '')}"))
    for key in sorted(preds.keys() - golds.keys()):
        table.fp += 1
        table.per_type[key[1]][1] += 1
        table.errors.append(("FP", article, key, preds[key][0].get("evidence", "")))
    for key in sorted(golds.keys() - preds.keys()):
        table.fn += 1
        table.per_type[key[1]][2] += 1
        table.errors.append(("FN", article, key, golds[key][0].get("evidence", "")))


def _items(row: dict) -> list[str]:
    value = row.get("items", row.get("item"))
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _same(name: str, predicted: dict, gold: dict) -> bool:
    if name == "items":
        return bool({head_noun(x) for x in _items(predicted)} & {head_noun(x) for x in _items(gold)})
    return predicted.get(name) == gold.get(name)
