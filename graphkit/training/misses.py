"""Why the extractor misses gold relations: every gold line the out-of-fold extractor does not find, put in the
category of the stage that lost it, with a short reason.

The stages, in the order a line passes them (``CATEGORIES``):

- ``a`` an actor of the line is not recognised in its sentence (nor carried into it from elsewhere);
- ``b`` both actors are recognised in the article, but no candidate pair joins them in the sentence: the parser
  split the sentence, the sentence carries one of them by "it" / "the two countries" / "he", or a mention of it
  was filtered out (a dateline, a "former" demonym);
- ``c`` the pair is a candidate, but the line's type scored below the threshold;
- ``d`` the pair was kept, but for another type or the other direction;
- ``e`` the type scored at the threshold, but the decision step dropped it (a mention does not stand as an actor);
- ``f`` anything else.

The models are the cross-validation's own (:func:`~graphkit.training.crossval.fold_models`): each article is read
by the model of the fold that did not see it, so the counts explain the cross-validated recall.

>>> sorted(CATEGORIES)
['a', 'b', 'c', 'd', 'e', 'f']
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..extract import Extractor
from ..extract.arguments import ArgumentResolver
from ..extract.candidates import Candidate, stands_as_actor
from ..extract.classifier import RelationModel
from ..extract.decision import Decision, model_decisions
from ..extract.evidence import SentenceEvidence
from ..extract.pipeline import original_span
from ..vocabulary import ROLE, symmetric_relations
from .annotation import NONE
from .crossval import article_folds, extract_with, fold_models
from .dataset import AnnotatedArticle, covers
from .fit import FitSettings

__all__ = ["Miss", "CATEGORIES", "find_misses", "article_misses", "SCORE_BINS"]

CATEGORIES = {
    "a": "an actor not recognised in the sentence",
    "b": "both actors recognised, no candidate pair for them in the sentence",
    "c": "candidate, right type scored below the threshold",
    "d": "candidate kept, but another type or the other direction",
    "e": "scored at the threshold, dropped by the decision step",
    "f": "other",
}
SCORE_BINS = (0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 1.01)
PRONOUN_CARRIERS = {"it", "its", "they", "their", "them", "he", "she", "his", "her", "him"}


@dataclass(frozen=True)
class Miss:
    """A gold line the extractor did not find, the category of the stage that lost it and why."""

    line: dict
    category: str
    reason: str
    score: float | None = None  # the line's type's calibrated score at its best candidate, where one was scored
    threshold: float | None = None

    @property
    def triple(self) -> tuple[str, str, str]:
        return self.line["source"], self.line["relation"], self.line["target"]


def find_misses(articles: Sequence[AnnotatedArticle], extractor: Extractor, k: int = 5, seed: int = 13,
                settings: FitSettings = FitSettings()) -> list[Miss]:
    """The misses of every article, each read by the model of the cross-validation fold that held it out."""
    folds = article_folds(articles, k, seed)
    models, _ = fold_models(articles, folds, settings)
    found = []
    for model, test in zip(models, folds):
        for n in test:
            found += article_misses(articles[n], extractor, model)
    return found


def article_misses(article: AnnotatedArticle, extractor: Extractor, model: RelationModel) -> list[Miss]:
    """The gold relation lines of one article whose triple the extractor (deciding with ``model``) does not give,
    each classified."""
    symmetric = extractor.symmetric
    predicted = {_key(p, symmetric) for p in extract_with(extractor, model, [article]) if p["relation"] != ROLE}
    missed = [g for g in article.gold if g["relation"] not in (NONE, ROLE) and _key(g, symmetric) not in predicted]
    if not missed:
        return []
    decisions = list(model_decisions(article.reading, model, extractor.lexicon, symmetric, keep_dropped=True,
                                     floor=0.0))
    raw = _gazetteer_actors(extractor, article)
    return [_classify(line, article, decisions, model, extractor, raw) for line in missed]


def _classify(line: dict, article: AnnotatedArticle, decisions: list[Decision], model: RelationModel,
              extractor: Extractor, raw: dict[int, str]) -> Miss:
    reading = article.reading
    doc = reading.doc
    source, relation, target = line["source"], line["relation"], line["target"]
    sentences = [e for e in reading.sentences if covers(line, *original_span(doc, e.sent.start_char, e.sent.end_char))]
    spans = [s for s in doc.sents if covers(line, *original_span(doc, s.start_char, s.end_char))]
    here = {m.actor for e in sentences for c in e.candidates for m in (c.source, c.target)}
    here |= {reading.resolver.at[i].actor for s in spans for i in range(s.start, s.end)
             if i in reading.resolver.at and reading.resolver.at[i].actor}
    if source not in here or target not in here:
        missing = [x for x in (source, target) if x not in here]
        return _unrecognised(line, missing, spans, article, extractor, raw)
    keys = {(source, target), (target, source)} if relation in symmetric_relations() else {(source, target)}
    paired = [e for e in sentences if keys & {c.key for c in e.candidates}]
    if not paired:
        return Miss(line, "b", "different sentences: the parser split the gold sentence" if len(spans) > 1
                    else "both named, no pair (a mention only the rules reach)")
    column = model.relations.index(relation)
    threshold = float(model.thresholds[column])
    right = [d for d in decisions if d.evidence in paired and d.relation == relation and (d.source, d.target) in keys]
    best = max(right, key=lambda d: d.score, default=None)
    score = best.score if best is not None else None
    if best is not None and best.kept:
        return Miss(line, "f", "kept here, lost when lines were merged", score, threshold)
    if best is not None and best.score >= threshold:
        return Miss(line, "e", _why_dropped(best, reading.resolver), score, threshold)
    pair = {source, target}
    other = [d for d in decisions if d.evidence in paired and d.kept and {d.source, d.target} == pair]
    if other:
        kinds = sorted({"other direction" if d.relation == relation else f"as {d.relation}" for d in other})
        return Miss(line, "d", ", ".join(kinds), score, threshold)
    if best is None:
        return Miss(line, "f", "no score for the pair", None, threshold)
    return Miss(line, "c", _why_low(best, keys), score, threshold)


def _unrecognised(line: dict, missing: list[str], spans, article: AnnotatedArticle, extractor: Extractor,
                  raw: dict[int, str]) -> Miss:
    """Category a or b for a line with an actor its sentence does not name (as far as the extractor sees)."""
    reading = article.reading
    lexicon = extractor.lexicon
    elsewhere = {m.actor for m in reading.resolver.at.values() if m.actor}
    tokens = [t for s in spans for t in s]
    for actor in missing:
        if any(raw.get(t.i) == actor for t in tokens):
            return Miss(line, "b", "a mention filtered out (dateline, 'former', overlapping name)")
    if all(actor in elsewhere for actor in missing):
        carriers = [t.lower_ for t in tokens if t.lower_ in PRONOUN_CARRIERS
                    or t.lemma_.lower() in lexicon.pair_nouns | lexicon.carrier_nouns | lexicon.org_carrier_nouns
                    and any(c.lower_ in ("the", "both", "two") for c in t.children)]
        if carriers:
            return Miss(line, "b", f"coreference not carried ({carriers[0]})")
        return Miss(line, "a", "recognised elsewhere in the article, named otherwise here")
    if any(m.actor == "" and any(m.start <= t.i < m.end for t in tokens) for m in reading.people.mentions):
        return Miss(line, "a", "a person linked to no actor")
    kind = "an organisation" if all(a.startswith("org:") for a in missing) else "a state"
    return Miss(line, "a", f"{kind} not recognised anywhere in the article")


def _why_dropped(decision: Decision, resolver: ArgumentResolver) -> str:
    """Which mention of a pair does not stand as an actor, so that the model alone may not keep it."""
    evidence = decision.evidence
    candidate = _candidate(evidence, decision.source, decision.target)
    if candidate is None:
        return "not standing as actors"
    for name, mention in (("source", candidate.source), ("target", candidate.target)):
        if not stands_as_actor(mention, evidence.table, resolver):
            token = evidence.sent.doc[mention.head]
            if resolver.is_place(token):
                return f"{name} named as a place"
            return f"{name} a modifier of '{token.head.lemma_.lower()}'"
    return "target a place, the type no attack"


def _why_low(decision: Decision, keys: set[tuple[str, str]]) -> str:
    """What a low-scored pair lacks: a trigger of its type in the sentence, or on the parse path between them; and
    whether a mention is one of a coordination ("France and Germany") or carried ("it")."""
    evidence = decision.evidence
    candidate = _candidate(evidence, decision.source, decision.target)
    features = set(evidence.features[evidence.candidates.index(candidate)]) if candidate else set()
    relation = decision.relation
    if f"trig_path={relation}" in features:
        reason = "trigger on the path"
    elif f"trig_sent={relation}" in features:
        reason = "trigger in the sentence, off the path"
    else:
        reason = "no trigger of the type in the sentence"
    if candidate is not None:
        table = evidence.table
        if "conj" in (table.dep[candidate.source.head], table.dep[candidate.target.head]):
            reason += "; a coordinated mention"
        if "carrier" in (candidate.source.kind, candidate.target.kind):
            reason += "; a carried mention"
    return reason


def _candidate(evidence: SentenceEvidence, source: str, target: str) -> Candidate | None:
    return next((c for c in evidence.candidates if c.key == (source, target)), None)


def _gazetteer_actors(extractor: Extractor, article: AnnotatedArticle) -> dict[int, str]:
    """Token -> actor of every gazetteer form in the article before any filtering (datelines, "former")."""
    doc = article.reading.doc
    found = {}
    matcher = extractor.find_mentions
    for key, start, end in matcher.matcher(doc):
        form = matcher.readings[key]
        for i in range(start, end):
            found.setdefault(i, form.actor)
    return found


def _key(line: dict, symmetric: Iterable[str]) -> tuple[str, str, str]:
    source, relation, target = line["source"], line["relation"], line["target"]
    if relation in symmetric and target < source:
        source, target = target, source
    return source, relation, target
