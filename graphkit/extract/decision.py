"""Deciding which candidate pairs stand in which relation: the learned model over every pair's features (the rules'
matches among them), or the rules alone.

Every decision keeps what it rests on — the model's calibrated probability and the rule match, if any — so that
``graphkit extract --explain`` can say why a pair was kept or dropped, and every assertion can name what produced it.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from .candidates import Candidate
from .classifier import RelationModel
from .evidence import ArticleReading, SentenceEvidence
from .lexicon import Lexicon
from .relations import RuleMatch, items_at
from .tokens import TokenTable

__all__ = ["Decision", "model_decisions", "rule_decisions", "trigger_for"]


@dataclass(frozen=True)
class Decision:
    """A pair considered for one relation type: kept or not, with its score and the rule match behind it."""

    evidence: SentenceEvidence
    source: str
    relation: str
    target: str
    score: float
    kept: bool
    rule: RuleMatch | None
    trigger: Token
    items: tuple[str, ...]
    decided_by: str  # "rule:<construction>" or "model:<version>"
    read_otherwise: RuleMatch | None = None  # the rules read the voiced noun it hangs on as another type


def rule_decisions(sentences: list[SentenceEvidence]) -> Iterator[Decision]:
    """The rules' matches, each kept at the rule's own confidence."""
    for evidence in sentences:
        for match in evidence.rules:
            yield Decision(evidence, match.source.actor, match.relation, match.target.actor, match.confidence, True,
                           match, match.trigger, match.items, f"rule:{match.construction}")


def model_decisions(reading: ArticleReading, model: RelationModel, lexicon: Lexicon, symmetric: set[str],
                    keep_dropped: bool = False, floor: float = 0.05) -> Iterator[Decision]:
    """The decisions over every candidate pair: a relation is kept where a rule's construction matched it (the
    constructions were measured to be precise) or, for a pair whose mentions stand as actors (or whose target is
    a place an attack hits: :func:`~graphkit.extract.candidates.standing`), where the model's calibrated
    probability reaches the type's threshold; each kept pair's score is the model's probability. With ``keep_dropped``, also the pairs dropped
    that scored at least ``floor``, so an explanation can show them."""
    sentences = reading.sentences
    rows = [features for evidence in sentences for features in evidence.features]
    if not rows:
        return
    probabilities = model.probabilities(rows)
    row = 0
    for evidence in sentences:
        for n, candidate in enumerate(evidence.candidates):
            scores = probabilities[row]
            row += 1
            matched = {m.relation: m for m in evidence.by_pair.get(candidate.key, ())}
            for column, relation in enumerate(model.relations):
                score = float(scores[column])
                rule = matched.get(relation)
                kept = rule is not None or score >= model.thresholds[column] and \
                    evidence.model_may_keep(n, relation, lexicon)
                other = voiced_reading(candidate, relation, matched, lexicon, evidence.table) \
                    if kept and rule is None and matched else None
                kept = kept and other is None
                if kept or keep_dropped and (score >= floor or other is not None):
                    yield _decision(reading, evidence, candidate, relation, score, kept, rule, model, lexicon, other)


def voiced_reading(candidate: Candidate, relation: str, matched: dict[str, RuleMatch], lexicon: Lexicon,
                   table: TokenTable) -> RuleMatch | None:
    """The rules' match of another type on the voiced noun ``relation`` would hang on ("China's support for
    Russia"), if any. Such a noun is backing when voiced and supply otherwise (lexicon ``voiced_nouns``): one type
    or the other, and the rules' reading decides which, so the model does not keep the other type on the same
    word. (The corpus splits 4/4 on "X's support for Y"; the dev gold and GUIDELINES.md read "providing support
    for" as SUPPLIES only.)"""
    word = trigger_for(candidate, relation, lexicon, table)
    if word.lemma_.lower() not in lexicon.voiced_nouns:
        return None
    return next((m for m in matched.values() if m.trigger.i == word.i), None)


def trigger_for(candidate: Candidate, relation: str, lexicon: Lexicon, table: TokenTable) -> Token:
    """The word a relation the rules did not match hangs on: a trigger of that type on the parse path between the
    two actors (the nearest to their common ancestor), else the common ancestor, else the source's head."""
    doc = candidate.sentence.doc
    up, top, down = table.path(candidate.source.head, candidate.target.head)
    if top is None:
        return doc[candidate.source.head]
    for token in [doc[i] for i in [top] + list(reversed(up)) + down]:
        if relation in lexicon.verb_triggers.get(token.lemma_.lower(), ()) or relation in lexicon.noun_relations(token):
            return token
    return doc[top]


def _decision(reading: ArticleReading, evidence: SentenceEvidence, candidate: Candidate, relation: str, score: float,
              kept: bool, rule: RuleMatch | None, model: RelationModel, lexicon: Lexicon,
              read_otherwise: RuleMatch | None = None) -> Decision:
    source, target = candidate.key
    if rule is not None:
        trigger, items = rule.trigger, rule.items
        by = f"{model.name}+rule:{rule.construction}"
    else:
        trigger = trigger_for(candidate, relation, lexicon, evidence.table)
        frame = lexicon.frames.get(relation)  # its frame says whether its triggers name items ("items")
        items = items_at(trigger, reading.resolver) if frame is not None and frame.items else ()
        if not items and frame is not None:  # "arming the Houthis" supplies arms (the frame's verb_items)
            items = frame.verb_items.get(trigger.lemma_.lower(), ())
        by = model.name
    return Decision(evidence, source, relation, target, score, kept, rule, trigger, items, by, read_otherwise)
