"""The form of a gold line, checked: what annotators write and what the corpus files hold.

>>> check_lines([{"article": "x", "relation": "MEETS", "source": "RUS", "target": "RUS"}], texts={"x": "..."})[0]
'line 1 (x): MEETS needs polarity, modality, start and end'
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ..errors import ArticleError
from ..evaluate import head_noun
from ..model import MODALITIES, POLARITIES
from ..vocabulary import ROLE, relation_types, symmetric_relations
from .corpus import RELATION_KEYS, full_text_of

__all__ = ["check_lines", "strip_text", "known_states", "NONE"]

NONE = "NONE"
# States gone or renamed that older news names, coded as ISO 3166-3 / common practice keeps them.
HISTORICAL_STATES = {"SUN", "YUG", "SCG", "CSK", "DDR"}
DRAFT_ONLY_KEYS = {"evidence", "note"}
ORG = re.compile(r"org:[A-Za-z0-9][A-Za-z0-9-]*")
PERSON = re.compile(r"person:\S.*\S")


def known_states() -> set[str]:
    """The state codes a gold line may use: graphkit's states and a few historical ones."""
    from ..extract.gazetteer import load_gazetteer

    return {a for a in load_gazetteer().actors if not a.startswith("org:")} | HISTORICAL_STATES


def check_lines(lines: Iterable[dict], require_evidence: bool = False,
                texts: dict[str, str] | None = None, text_of: Callable[[str], str] = full_text_of) -> list[str]:
    """Every problem with the gold lines, one message each (an empty list: all is well).

    Offsets are checked against the article texts (``texts`` or ``text_of``); with ``require_evidence`` a line's
    ``evidence`` must be exactly the text between its offsets.
    """
    states, types, symmetric = known_states(), set(relation_types()) | {ROLE}, symmetric_relations()
    texts = dict(texts or {})
    problems, seen = [], {}
    for number, line in enumerate(lines, 1):
        where = line.get("file") or f"line {number}"
        where = f"{where} ({line.get('article', '?')})"
        found = _line_problems(line, states, types, require_evidence, texts, text_of)
        problems += [f"{where}: {p}" for p in found]
        if not found and line["relation"] != NONE:
            key = _key(line, symmetric)
            if key in seen:
                problems.append(f"{where}: repeats {seen[key]} (one line per triple and attributes)")
            seen.setdefault(key, where)
    return problems


def strip_text(line: dict) -> dict:
    """The line as the repository keeps it: offsets, no evidence text, no notes."""
    return {k: v for k, v in line.items() if k not in DRAFT_ONLY_KEYS and k != "file"}


def _line_problems(line: dict, states: set[str], types: set[str], require_evidence: bool, texts: dict[str, str],
                   text_of: Callable[[str], str]) -> list[str]:
    allowed = RELATION_KEYS | DRAFT_ONLY_KEYS | {"file"}
    unknown = set(line) - allowed
    if unknown:
        return [f"unknown keys {sorted(unknown)}"]
    article, relation = line.get("article"), line.get("relation")
    if not isinstance(article, str) or not article:
        return ["no article id"]
    if article not in texts:
        try:
            texts[article] = text_of(article)
        except ArticleError as err:
            return [str(err)]
    if relation == NONE:
        extra = set(line) - {"article", "relation", "file", "note"}
        return [f"a NONE line has only article and relation, not {sorted(extra)}"] if extra else []
    if relation not in types:
        return [f"unknown relation {relation!r}"]
    problems = []
    missing = [k for k in ("source", "target", "start", "end") if k not in line]
    if relation != ROLE:
        missing = [k for k in ("polarity", "modality") if k not in line] + missing
    if missing:
        return [f"{relation} needs {', '.join(missing[:-1]) + ' and ' + missing[-1] if len(missing) > 1 else missing[0]}"]
    source, target = line["source"], line["target"]
    if relation == ROLE:
        if not isinstance(source, str) or not PERSON.fullmatch(source):
            problems.append(f"HOLDS_ROLE's source must be person:Full Name, not {source!r}")
        if not line.get("role") or not isinstance(line["role"], str):
            problems.append("HOLDS_ROLE needs a role")
    else:
        problems += _actor_problem("source", source, states)
        if line.get("polarity") not in POLARITIES:
            problems.append(f"polarity must be one of {POLARITIES}")
        if line.get("modality") not in MODALITIES:
            problems.append(f"modality must be one of {MODALITIES}")
        if line.get("role") is not None:
            problems.append("only HOLDS_ROLE has a role")
    problems += _actor_problem("target", target, states)
    if line.get("claimed_by") is not None:
        problems += _actor_problem("claimed_by", line["claimed_by"], states)
    if source == target:
        problems.append("source and target are one actor")
    items = line.get("item", [])
    if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
        problems.append("item must be a list of non-empty strings")
    problems += _offset_problems(line, texts[article], require_evidence)
    return problems


def _actor_problem(key: str, value: object, states: set[str]) -> list[str]:
    if isinstance(value, str) and (value in states or ORG.fullmatch(value)):
        return []
    return [f"{key} {value!r} is neither a known state code nor org:Name"]


def _offset_problems(line: dict, text: str, require_evidence: bool) -> list[str]:
    start, end = line["start"], line["end"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        return [f"offsets {start}-{end} are not inside the article's {len(text)} characters"]
    span = text[start:end]
    if span != span.strip():
        return [f"offsets {start}-{end} take in surrounding white space"]
    if require_evidence and _words(line.get("evidence")) != _words(span):
        return [f"evidence does not match the text at {start}-{end}, which reads {span[:80]!r}"]
    return []


def _words(text: object) -> list[str] | None:
    # Evidence is a checksum on the offsets: line breaks (shown as ⏎ by the viewer) and spacing may differ.
    return text.replace("⏎", " ").split() if isinstance(text, str) else None


def _key(line: dict, symmetric: set[str]) -> tuple:
    source, target = line["source"], line["target"]
    if line["relation"] in symmetric and target < source:
        source, target = target, source
    if line["relation"] == ROLE:
        return line["article"], source, ROLE, target
    heads = tuple(sorted({head_noun(i) for i in line.get("item", [])}))
    return (line["article"], source, line["relation"], target, heads, line.get("claimed_by"),
            line.get("polarity"), line.get("modality"))
