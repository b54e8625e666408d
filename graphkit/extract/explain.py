"""Why the extractor kept or dropped each candidate: per sentence, every pair of actors it named, the rule
constructions that matched, and the model's score against its threshold.

>>> from graphkit.extract import Extractor
>>> from graphkit.model import Article
>>> ex = Extractor()
>>> [line["verdict"] for line in explain(ex, [Article("x", "Iran sent drones to Russia.")])
...  if line["source"] == "IRN" and line["target"] == "RUS" and line["relation"] == "SUPPLIES"]
['kept']
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..model import Article
from .pipeline import full_text, original_span, parse_in_zones

__all__ = ["explain", "render"]


def explain(extractor, articles: Iterable[Article], floor: float = 0.05) -> Iterator[dict]:
    """One record per candidate pair and relation worth a word (kept, matched by a rule, or scored at least
    ``floor``), and one per candidate pair with nothing to say, in sentence order."""
    for article, doc in parse_in_zones(extractor.nlp, articles, extractor.settings.batch_size):
        reading = extractor.read(doc)
        text = full_text(article)
        decided: dict[tuple, list] = {}
        for decision in extractor.decisions(reading, keep_dropped=True):
            decided.setdefault((decision.evidence.number, decision.source, decision.target), []).append(decision)
        thresholds = dict(zip(extractor.model.relations, extractor.model.thresholds)) if extractor.model else {}
        for evidence in reading.sentences:
            start, end = original_span(doc, evidence.sent.start_char, evidence.sent.end_char)
            sentence = {"article": article.id, "sentence": evidence.number, "start": start, "end": end,
                        "text": text[start:end].strip()}
            for n, candidate in enumerate(evidence.candidates):
                pair = {**sentence, "source": candidate.source.actor, "target": candidate.target.actor,
                        "mentions": [candidate.source.kind, candidate.target.kind]}
                decisions = decided.get((evidence.number, *candidate.key), [])
                if not decisions:
                    yield {**pair, "relation": None, "score": None, "verdict": "dropped",
                           "why": "no rule matched" if extractor.model is None else f"no type scored {floor} or more"}
                for d in sorted(decisions, key=lambda d: -d.score):
                    why = _why(d, thresholds)
                    if d.read_otherwise is not None:
                        why += (f" (the rules read '{d.read_otherwise.trigger.text}' as {d.read_otherwise.relation}: "
                                "a voiced noun is one type or the other)")
                    elif d.rule is None and extractor.model is not None and \
                            not evidence.model_may_keep(n, d.relation, extractor.lexicon):
                        why += " (a mention stands as a place or a modifier, not as the actor)"
                    yield {**pair, "relation": d.relation, "score": round(d.score, 3),
                           "verdict": "kept" if d.kept else "dropped", "why": why}


def render(records: Iterable[dict]) -> Iterator[str]:
    """The records as text: a sentence line, then one indented line per candidate verdict."""
    current = None
    for r in records:
        key = (r["article"], r["sentence"])
        if key != current:
            current = key
            yield f"{r['article']} s{r['sentence']} [{r['start']}-{r['end']}] {' '.join(r['text'].split())}"
        relation = r["relation"] or "-"
        score = "" if r["score"] is None else f"{r['score']:.3f}"
        yield f"    {r['source']:>10} -> {r['target']:<10} {relation:<16} {score:>6}  {r['verdict']}: {r['why']}"


def _why(decision, thresholds: dict) -> str:
    threshold = thresholds.get(decision.relation)
    rule = f"rule {decision.rule.construction} matched" if decision.rule is not None else "no rule matched"
    if threshold is None:
        return rule
    model = f"model {decision.score:.2f} {'>=' if decision.score >= threshold else '<'} threshold {threshold:.2f}"
    return f"{rule}; {model}"
