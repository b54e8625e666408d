"""Candidates: every ordered pair of actors one sentence names, each at the pair of mentions closest in its parse.

A sentence names an actor by a name, a demonym, a capital or seat, a body, a person linked to it, or "it" / "the
country" carrying an actor the same sentence names. Whether a pair stands in a relation, and which, is decided
later (by the rules' constructions and the learned model); here nothing is filtered but self-pairs.

>>> from graphkit.extract import Extractor
>>> ex = Extractor()
>>> reading = ex.read(ex.nlp("Iran sent drones to Russia, the UK says."))
>>> sorted(c.key for c in reading.sentences[0].candidates)
[('GBR', 'IRN'), ('GBR', 'RUS'), ('IRN', 'GBR'), ('IRN', 'RUS'), ('RUS', 'GBR'), ('RUS', 'IRN')]
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from .arguments import ArgumentResolver

__all__ = ["ActorMention", "Candidate", "sentence_mentions", "candidate_pairs", "dependency_path"]

CARRIERS = {"it", "its"}
MAX_PATH = 12  # longer than any path inside one parsed sentence; keeps a broken parse from looping


@dataclass(frozen=True)
class ActorMention:
    """Tokens ``start``..``end`` of a sentence name ``actor`` as a ``kind``; ``head`` is the span's syntactic head."""

    actor: str
    start: int
    end: int
    kind: str  # name, demonym, capital, seat, person, carrier
    head: int


@dataclass(frozen=True)
class Candidate:
    """An ordered pair of actors in one sentence, at the mentions that are closest in the parse."""

    sentence: Span
    source: ActorMention
    target: ActorMention

    @property
    def key(self) -> tuple[str, str]:
        return self.source.actor, self.target.actor


def sentence_mentions(sent: Span, resolver: ArgumentResolver) -> list[ActorMention]:
    """The actor mentions of one sentence: gazetteer forms, people who speak for an actor, and carriers."""
    doc = sent.doc
    found, seen = [], set()
    for i in range(sent.start, sent.end):
        mention = resolver.at.get(i)
        if mention is None or (mention.start, mention.end) in seen or not mention.actor:
            continue
        seen.add((mention.start, mention.end))
        span = doc[max(mention.start, sent.start): min(mention.end, sent.end)]
        found.append(ActorMention(mention.actor, span.start, span.end, mention.kind, span.root.i))
    named = {m.actor for m in found}
    for token in sent:
        if token.lower_ in CARRIERS or resolver._is_carrier_noun(token):
            arg = resolver.actor(token)
            if arg is not None and arg.actor in named:
                found.append(ActorMention(arg.actor, token.i, token.i + 1, "carrier", token.i))
    return found


def candidate_pairs(sent: Span, mentions: list[ActorMention]) -> list[Candidate]:
    """Every ordered pair of distinct actors, each at its closest pair of mentions (shortest parse path, then
    fewest tokens apart)."""
    best: dict[tuple[str, str], tuple[tuple[int, int], Candidate]] = {}
    doc = sent.doc
    for a in mentions:
        for b in mentions:
            if a.actor == b.actor:
                continue
            up, top, down = dependency_path(doc[a.head], doc[b.head])
            rank = (len(up) + len(down) + (top is None) * MAX_PATH, abs(a.head - b.head))
            key = (a.actor, b.actor)
            if key not in best or rank < best[key][0]:
                best[key] = (rank, Candidate(sent, a, b))
    return [candidate for _, candidate in sorted(best.values(), key=lambda v: (v[1].source.head, v[1].target.head))]


def dependency_path(a: Token, b: Token) -> tuple[list[Token], Token | None, list[Token]]:
    """The parse path from ``a`` to ``b``: the tokens strictly between ``a`` and the lowest common ancestor, that
    ancestor (``a`` or ``b`` itself when one heads the other; None when they share no tree), and the tokens
    strictly between it and ``b``, top down."""
    chain_a = _chain(a)
    index = {t.i: n for n, t in enumerate(chain_a)}
    down: list[Token] = []
    for token in _chain(b):
        if token.i in index:
            return chain_a[1: index[token.i]], token, list(reversed(down[1:]))
        down.append(token)
    return chain_a[1:], None, list(reversed(down[1:]))


def _chain(token: Token) -> list[Token]:
    chain = [token]
    while chain[-1].head.i != chain[-1].i and len(chain) < MAX_PATH:
        chain.append(chain[-1].head)
    return chain
