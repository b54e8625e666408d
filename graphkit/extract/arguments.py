"""Which actors a phrase of a parsed sentence stands for.

"Iran's foreign ministry", "the US national security council", "Russian forces",
"Mr Kirby" and a quoting "he" all stand for a state; "Iranian drones", "in
southern Lebanon" and "nine U.S. defense firms" do not.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .lexicon import Lexicon
from .mentions import Mention
from .people import ArticlePeople

__all__ = ["Arg", "ArgumentResolver"]

COMPANY_NOUNS = {"firm", "company", "companies", "firms", "business", "businesses", "entity", "entities", "bank",
                 "banks", "individual", "individuals", "manufacturer", "manufacturers", "exporter", "citizen", "citizens"}


@dataclass(frozen=True)
class Arg:
    """An actor standing in a relation, found at ``token``, named as ``kind``."""

    actor: str
    token: int
    kind: str


class ArgumentResolver:
    """Resolves argument tokens of one doc to actors."""

    def __init__(self, doc: Doc, mentions: list[Mention], people: ArticlePeople, lexicon: Lexicon):
        self.doc = doc
        self.lexicon = lexicon
        self.people = people
        self.at: dict[int, Mention] = {i: m for m in mentions for i in range(m.start, m.end)}
        for m in people.mentions:
            if m.actor:
                for i in range(m.start, m.end):
                    self.at.setdefault(i, m)

    def actors(self, token: Token | None, owners: bool = False) -> list[Arg]:
        """The actors the phrase headed by ``token`` stands for, its coordinated phrases included.

        ``owners`` also accepts an owner named as a modifier ("Houthi targets", "Colombian imports").
        """
        if token is None:
            return []
        found = []
        for head in (token, *token.conjuncts):
            arg = self.actor(head, owners)
            if arg is not None:
                found.append(arg)
        return found

    def actor(self, token: Token, owners: bool = False) -> Arg | None:
        mention = self.at.get(token.i)
        if mention is not None:
            if mention.kind == "demonym" and not self._demonym_as_actor(token):
                return self._modifier_actor(token) if owners else None
            if self.is_place(token):
                return None
            return Arg(mention.actor, token.i, mention.kind)
        person = self.people.person_at(token)
        if person is not None and person.actor:
            return Arg(person.actor, token.i, "pronoun" if token.lower_ in ("he", "she", "him", "her") else "person")
        lemma = token.lemma_.lower()
        if lemma in self.lexicon.actor_heads or token.lower_ in self.lexicon.actor_heads:
            return self._modifier_actor(token) or self._of_actor(token)
        if owners and lemma not in COMPANY_NOUNS and token.lower_ not in COMPANY_NOUNS:
            return self._modifier_actor(token)
        return None

    def modifier_actors(self, token: Token) -> list[Arg]:
        """Actors named by the modifiers of a noun: "Russia's", "US", "Iranian" in "Iranian support"."""
        found = []
        for child in token.lefts:
            if child.dep_ in ("poss", "compound", "amod", "nmod", "npadvmod"):
                arg = self._mention_arg(child) or self.actor(child)
                if arg is not None:
                    found.append(arg)
                    found += [a for c in child.conjuncts if (a := self._mention_arg(c) or self.actor(c))]
        return found

    def is_place(self, token: Token) -> bool:
        """True where a state is named as a place ("in Yemen", "south of Moscow"), not as an actor."""
        head = token
        while head.dep_ in ("compound", "amod", "poss") and head.head is not head:
            head = head.head
        if head.dep_ == "pobj" and head.head.lower_ in self.lexicon.place_preps:
            return True
        if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_.lower() in self.lexicon.place_nouns:
            return True
        return head is not token and head.lemma_.lower() in self.lexicon.place_nouns

    # ------------------------------------------------------------ helpers

    def _mention_arg(self, token: Token) -> Arg | None:
        mention = self.at.get(token.i)
        if mention is None or self.is_place(token):
            return None
        return Arg(mention.actor, token.i, mention.kind)

    def _demonym_as_actor(self, token: Token) -> bool:
        # A demonym names its state only as the head of a phrase that stands for it ("the Iranian side") or
        # as "US"-style adjectives that are also names.
        head = token.head
        return token.dep_ not in ("amod", "compound") or head.lemma_.lower() in self.lexicon.actor_heads

    def _modifier_actor(self, token: Token) -> Arg | None:
        for child in token.subtree:
            if child.i >= token.i:
                break
            arg = self._mention_arg(child)
            if arg is not None:
                return arg
            person = self.people.person_at(child) if child.i in self.people.persons else None
            if person is not None and person.actor:
                return Arg(person.actor, child.i, "person")
        return None

    def _of_actor(self, token: Token) -> Arg | None:
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return self._mention_arg(pobj) or self._modifier_actor(pobj)
        return None
