"""What one sentence offers for a decision: the rules' matches, the candidate pairs and each pair's features.

>>> from graphkit.extract import Extractor
>>> ex = Extractor()
>>> reading = ex.read(ex.nlp("Iran sent drones to Russia."))
>>> [(m.source.actor, m.relation, m.target.actor, m.construction) for m in reading.sentences[0].rules]
[('IRN', 'SUPPLIES', 'RUS', 'transfer_to')]
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from .arguments import ArgumentResolver
from .candidates import ActorMention, Candidate, candidate_pairs, sentence_mentions, standing
from .features import candidate_features, sentence_context
from .tokens import TokenTable
from .lexicon import Lexicon
from .people import ArticlePeople
from .relations import RuleMatch, find_relations

__all__ = ["SentenceEvidence", "ArticleReading", "read_sentences"]


@dataclass
class SentenceEvidence:
    """One sentence: the rules' matches, its candidate pairs, and the features of each pair (same order)."""

    number: int
    sent: Span
    rules: list[RuleMatch]
    candidates: list[Candidate]
    features: list[list[str]]
    table: TokenTable
    standing: list[str]  # how each pair's mentions stand (candidates.standing): what the model may keep alone

    def model_may_keep(self, n: int, relation: str, lexicon: Lexicon) -> bool:
        """Whether pair ``n`` may be kept for ``relation`` without a rule's match."""
        how = self.standing[n]
        return how == "actors" or how == "place" and relation in lexicon.place_target_relations
    by_pair: dict[tuple[str, str], list[RuleMatch]] = field(default_factory=dict)

    def rule_for(self, source: str, relation: str, target: str, symmetric: bool) -> RuleMatch | None:
        """The rules' match for a triple in this sentence, if any (either way round for a symmetric type)."""
        for key in ((source, target), (target, source)) if symmetric else ((source, target),):
            for match in self.by_pair.get(key, ()):
                if match.relation == relation:
                    return match
        return None


@dataclass
class ArticleReading:
    """A parsed article read for actors: who is named where, and the evidence of each sentence with actors."""

    doc: Doc
    resolver: ArgumentResolver
    people: ArticlePeople
    sentences: list[SentenceEvidence]


def read_sentences(doc: Doc, resolver: ArgumentResolver, lexicon: Lexicon) -> list[SentenceEvidence]:
    """The evidence of every sentence that names at least one actor."""
    found = []
    table = None
    for number, sent in enumerate(doc.sents):
        if not any(i in resolver.at for i in range(sent.start, sent.end)):
            continue  # no actor named: no relation to find
        rules = list(find_relations(sent, resolver, lexicon))
        mentions = sentence_mentions(sent, resolver)
        named = {m.actor for m in mentions}
        for match in rules:  # an actor only the rules reach ("he", a context): a mention at its token
            for arg in (match.source, match.target):
                if arg.actor not in named:
                    named.add(arg.actor)
                    mentions.append(ActorMention(arg.actor, arg.token, arg.token + 1, arg.kind, arg.token))
        by_pair: dict[tuple[str, str], list[RuleMatch]] = defaultdict(list)
        for match in rules:
            by_pair[match.source.actor, match.target.actor].append(match)
        table = table or TokenTable.of(doc)
        candidates = candidate_pairs(sent, mentions, table)
        context = sentence_context(sent, resolver, lexicon, table)
        features = [candidate_features(c, resolver, lexicon, _relations(by_pair, c.key),
                                       _relations(by_pair, c.key[::-1]), context) for c in candidates]
        how = [standing(c, table, resolver) for c in candidates]
        found.append(SentenceEvidence(number, sent, rules, candidates, features, table, how, dict(by_pair)))
    return found


def _relations(by_pair: dict, key: tuple[str, str]) -> list[str]:
    return sorted({m.relation for m in by_pair.get(key, ())})
