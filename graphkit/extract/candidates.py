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

from spacy.tokens import Span

from .arguments import ArgumentResolver, is_carrier_noun
from .tokens import MAX_PATH, TokenTable

__all__ = ["ActorMention", "Candidate", "sentence_mentions", "candidate_pairs", "stands_as_actor", "standing"]

CARRIERS = {"it", "its"}


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
        if token.lower_ in CARRIERS or is_carrier_noun(token, resolver.lexicon):
            arg = resolver.actor(token)
            if arg is not None and arg.actor in named:
                found.append(ActorMention(arg.actor, token.i, token.i + 1, "carrier", token.i))
    return found


def standing(candidate: Candidate, table: TokenTable, resolver: ArgumentResolver) -> str:
    """How a pair's mentions stand: "actors" (both stand for their actors), "place" (the source does, the target
    is named as a place: an attack there attacks it, when nothing else is named as the target), or "" (neither)."""
    if not stands_as_actor(candidate.source, table, resolver):
        return ""
    if stands_as_actor(candidate.target, table, resolver):
        return "actors"
    return "place" if _inside(candidate.target, table, resolver) else ""


def _inside(mention: ActorMention, table: TokenTable, resolver: ArgumentResolver) -> bool:
    """ "infrastructure in Ukraine", "strikes across Syria": a place named as where something is, inside it (not
    "off the coast of Oman" or "near the border with Iran")."""
    if mention.kind == "place":
        return True  # "strikes on Khan Younis": a place inside a state wherever it stands
    i = mention.head
    while table.dep[i] in ("compound", "amod", "poss") and table.head[i] != i:
        i = table.head[i]
    return (resolver.is_place(resolver.doc[mention.head]) and table.dep[i] == "pobj"
            and table.lower[table.head[i]] in resolver.lexicon.inside_preps)


def stands_as_actor(mention: ActorMention, table: TokenTable, resolver: ArgumentResolver) -> bool:
    """Whether a mention stands for its actor in the sentence, as the guidelines read it: not as a place ("in
    Iraq", "off the coast of Oman"), and not as the modifier of something that is not the actor ("U.S. defense
    firms", "Iranian waters") unless that something acts or is owned for it ("Russian troops", "Iranian drones",
    "Houthi targets", "the Israeli strike")."""
    i = mention.head
    if resolver.is_place(resolver.doc[i]):
        return False
    if table.dep[i] not in ("amod", "compound", "nmod"):
        return True
    head = table.head[i]
    words = {table.lemma[head], table.lower[head]}
    lexicon = resolver.lexicon
    if words & lexicon.member_nouns and mention.actor.startswith("org:"):
        return True  # "Hamas fighters" stand for Hamas
    if words & lexicon.actor_heads:
        # "its Iraq troops", "Denmark's Kabul embassy": with an owner of their own, they are that owner's, and the
        # name only says where they are
        return not any(table.head[j] == head and table.dep[j] == "poss" for j in range(max(0, head - 8), head))
    return bool(words & (lexicon.owned_targets | lexicon.act_nouns | lexicon.weapon_nouns))


def candidate_pairs(sent: Span, mentions: list[ActorMention], table: TokenTable | None = None) -> list[Candidate]:
    """Every ordered pair of distinct actors, each at its closest pair of mentions (shortest parse path, then
    fewest tokens apart)."""
    best: dict[tuple[str, str], tuple[tuple[int, int], Candidate]] = {}
    table = table or TokenTable.of(sent.doc)
    for a in mentions:
        for b in mentions:
            if a.actor == b.actor:
                continue
            up, top, down = table.path(a.head, b.head)
            rank = (len(up) + len(down) + (top is None) * MAX_PATH, abs(a.head - b.head))
            key = (a.actor, b.actor)
            if key not in best or rank < best[key][0]:
                best[key] = (rank, Candidate(sent, a, b))
    return [candidate for _, candidate in sorted(best.values(), key=lambda v: (v[1].source.head, v[1].target.head))]
