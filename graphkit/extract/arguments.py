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

__all__ = ["Arg", "ArgumentResolver", "is_carrier_noun"]

SPEAKER_PRONOUNS = {"i", "we"}
POSSESSIVE_CARRIERS = {"its", "their"}
CARRIER_PRONOUNS = {"it"}


def is_carrier_noun(token: Token, lexicon: Lexicon) -> bool:
    """Whether ``token`` is a carrier noun (the lexicon's ``carrier_nouns``) standing alone with "the", so that it
    carries the one state its sentence names: "the closure of all land borders with the country". Not when
    something says which it is: "the host country", "the Asian country", "the country of Peru".

    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> from graphkit.extract.lexicon import load_lexicon
    >>> vocab = spacy.blank("en").vocab  # a parse made by hand: no model needed
    >>> doc = Doc(vocab, words=["with", "the", "country"], heads=[0, 2, 0], deps=["ROOT", "det", "pobj"])
    >>> is_carrier_noun(doc[2], load_lexicon())
    True
    >>> doc = Doc(vocab, words=["the", "Asian", "country"], heads=[2, 2, 2], deps=["det", "amod", "ROOT"])
    >>> is_carrier_noun(doc[2], load_lexicon())
    False
    """
    return (token.lower_ in lexicon.carrier_nouns and any(c.lower_ == "the" for c in token.children)
            and not any(c.dep_ in ("poss", "compound", "amod", "prep") for c in token.children))


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

    def actors(self, token: Token | None, owners: bool = False, places: bool = True) -> list[Arg]:
        """The actors the phrase headed by ``token`` stands for, its coordinated phrases included.

        ``owners`` also accepts an owner named as a modifier ("Houthi targets", "Colombian imports");
        ``places=False`` reads "at Israel" after "fired" as a target, not a place.
        """
        if token is None:
            return []
        found = []
        for head in (token, *[c for c in token.conjuncts if not _starts_clause(c)]):
            if self._is_actor_head(head) and head.i not in self.at and not is_carrier_noun(head, self.lexicon):
                found += self.modifier_actors(head, places) or self._of_actors(head)
                continue
            if self._is_member_noun(head):
                found += self.groups_of(head)
                continue
            arg = self.actor(head, owners, places)
            if arg is not None:
                found.append(arg)
        return found

    def actor(self, token: Token, owners: bool = False, places: bool = True) -> Arg | None:
        mention = self.at.get(token.i)
        if mention is not None:
            if mention.kind == "demonym" and not self._demonym_as_actor(token):
                return self._modifier_actor(token) if owners else None
            if places and self.is_place(token):
                return None
            return Arg(mention.actor, token.i, mention.kind)
        person = self.people.person_at(token)
        if person is not None and person.actor:
            return Arg(person.actor, token.i, "pronoun" if token.lower_ in ("he", "she", "him", "her") else "person")
        if token.lower_ in CARRIER_PRONOUNS or is_carrier_noun(token, self.lexicon):
            return self._carried_by(token)
        if token.lower_ in SPEAKER_PRONOUNS:
            return self._quoted_speaker(token)
        if self._is_actor_head(token):
            return self._modifier_actor(token) or next(iter(self._of_actors(token)), None)
        if self._is_member_noun(token):
            return next(iter(self.groups_of(token)), None)
        lemma = token.lemma_.lower()
        if owners and {lemma, token.lower_} & self.lexicon.owned_targets and not _is_people(token):
            return self._modifier_actor(token)
        return None

    def possessor(self, token: Token) -> Arg | None:
        """ "Sweden's bid", "Russia's invasion": the actor that owns what a verb acts on."""
        for child in token.children:
            if child.dep_ == "poss":
                return self._mention_arg(child) or self._person_arg(child)
        return None

    def modifier_actors(self, token: Token, places: bool = True) -> list[Arg]:
        """Actors named before a noun inside its phrase: "Russia's", "US", "Iranian" in "Iranian support",
        both in "Petro and Trump exchange threats"."""
        found, seen = [], set()
        for child in token.lefts:
            if child.dep_ not in ("poss", "compound", "amod", "nmod", "npadvmod"):
                continue
            for t in child.subtree:
                if t.i in seen:
                    continue
                arg = self._mention_arg(t, places) or self._person_arg(t)
                if arg is not None and not (found and found[-1].actor == arg.actor):
                    found.append(arg)
                mention = self.at.get(t.i)
                seen.update(range(mention.start, mention.end) if mention else (t.i,))
        return found

    def is_place(self, token: Token) -> bool:
        """True where a state is named as a place ("in Yemen", "south of Moscow"), not as an actor, and for a
        place inside a state ("Khan Younis", gazetteer ``places.tsv``)."""
        mention = self.at.get(token.i)
        if mention is not None and mention.kind == "place":
            return True
        head = token
        while head.dep_ in ("compound", "amod", "poss") and head.head.i != head.i:
            head = head.head
        if head.dep_ == "pobj" and head.head.lower_ in self.lexicon.place_preps:
            return True
        if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_.lower() in self.lexicon.place_nouns:
            return True
        return head.i != token.i and head.lemma_.lower() in self.lexicon.place_nouns

    def sentence_actors(self, token: Token) -> list[Arg]:
        """The distinct actors named in the token's sentence (not as places), in order."""
        sent, found, seen = token.sent, [], set()
        for i in range(sent.start, sent.end):
            mention = self.at.get(i)
            if mention is None or mention.actor in seen or mention.kind == "demonym" and i + 1 < sent.end and \
                    self.doc[i].dep_ in ("amod", "compound") and not self._demonym_as_actor(self.doc[i]):
                continue
            if not self.is_place(self.doc[i]):
                seen.add(mention.actor)
                found.append(Arg(mention.actor, i, mention.kind))
        return found

    def groups_of(self, noun: Token) -> list[Arg]:
        """The organisations members stand for: "ELN guerrillas", "fighters of al-Qaeda", "the militia's gunmen"
        (the organisation the sentence named before), "Haftar's militiamen" (the group its leader serves). A state
        is no group: "Syrian rebels" stand for nobody."""
        found = [a for a in self.modifier_actors(noun) + self._of_actors(noun) if a.actor.startswith("org:")]
        for child in noun.children:
            if not found and child.dep_ == "poss" and child.lower_ in self.lexicon.org_carrier_nouns | {"group's"}:
                named = [a for a in self.sentence_actors(child) if a.token < child.i and a.actor.startswith("org:")]
                found = [Arg(named[-1].actor, child.i, "carrier")] if named else []
        return found

    # ------------------------------------------------------------ helpers

    def _is_member_noun(self, token: Token) -> bool:
        return token.i not in self.at and token.lower_ in self.lexicon.member_nouns

    def _is_actor_head(self, token: Token) -> bool:
        return token.lemma_.lower() in self.lexicon.actor_heads or token.lower_ in self.lexicon.actor_heads

    def _carried_by(self, pronoun: Token, skip_own_subject: bool = False) -> Arg | None:
        """ "The UAE has refuted claims it sent weapons": "it" carries the subject of a clause above it, else the
        nearest actor named before it in the sentence. A possessive ("Indian troops fired at its positions")
        skips the subject of its own clause, which "its" rarely points back to."""
        clause, skipped = pronoun.head, not skip_own_subject
        for _ in range(6):
            if clause.head.i == clause.i:
                break
            clause = clause.head
            subjects = [c for c in clause.children if c.dep_ == "nsubj" and c.i < pronoun.i]
            if subjects and not skipped:
                skipped = True
                continue
            for child in subjects:
                if child.lower_ not in CARRIER_PRONOUNS:
                    arg = self.actor(child)
                    if arg is not None:
                        return Arg(arg.actor, pronoun.i, "pronoun")
        before = [a for a in self.sentence_actors(pronoun) if a.token < pronoun.i and a.kind != "demonym"]
        return Arg(before[-1].actor, pronoun.i, "pronoun") if before else None

    def _quoted_speaker(self, pronoun: Token) -> Arg | None:
        """ "'I thank Saudi Arabia,' Dar said": a first person in a quote speaks for the quoted speaker."""
        for token in pronoun.sent:
            if token.lemma_.lower() in self.lexicon.reporting_verbs and token.pos_ == "VERB":
                for child in token.children:
                    if child.dep_ == "nsubj" and child.lower_ not in SPEAKER_PRONOUNS:
                        arg = self.actor(child)
                        if arg is not None:
                            return Arg(arg.actor, pronoun.i, "pronoun")
        return None

    def _person_arg(self, token: Token) -> Arg | None:
        person = self.people.persons.get(token.i)
        return Arg(person.actor, token.i, "person") if person is not None and person.actor else None

    def _mention_arg(self, token: Token, places: bool = True) -> Arg | None:
        mention = self.at.get(token.i)
        if mention is None or places and self.is_place(token):
            return None
        return Arg(mention.actor, token.i, mention.kind)

    def _demonym_as_actor(self, token: Token) -> bool:
        # A demonym names its state only as a modifier of a phrase that stands for it ("the Iranian side",
        # "Russian forces"); alone it names people ("the Chinese working in the country").
        return token.dep_ in ("amod", "compound", "nmod") and token.head.lemma_.lower() in self.lexicon.actor_heads

    def _modifier_actor(self, token: Token) -> Arg | None:
        for child in token.subtree:
            if child.i >= token.i:
                break
            if child.dep_ == "poss" and child.lower_ in POSSESSIVE_CARRIERS:  # "fired at its positions"
                return self._carried_by(child, skip_own_subject=True)
            arg = self._mention_arg(child)
            if arg is not None:
                return arg
            person = self.people.person_at(child) if child.i in self.people.persons else None
            if person is not None and person.actor:
                return Arg(person.actor, child.i, "person")
        return None

    def _of_actors(self, token: Token) -> list[Arg]:
        """ "the foreign ministers of India and China": the actors of an "of" phrase, coordinated ones too."""
        found = []
        preps = ("of", "from") if token.lower_ in self.lexicon.sent_from_nouns else ("of",)
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ in preps:  # "ministers of India", "a delegation from Iraq"
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        for head in (pobj, *pobj.conjuncts):
                            arg = self._mention_arg(head) or self._modifier_actor(head)
                            if arg is not None:
                                found.append(arg)
        return found


def _starts_clause(conjunct: Token) -> bool:
    """ "Egypt backing Burhan and the UAE providing support": a conjunct followed by its own -ing verb is the
    subject of a clause of its own, not one more object of the first verb."""
    following = conjunct.nbor(1) if conjunct.i + 1 < len(conjunct.doc) else None
    return following is not None and following.tag_ == "VBG" and following.dep_ in ("advcl", "acl", "conj")


def _is_people(token: Token) -> bool:
    """ "Bosnian Serbs", "Iraqi Kurds": a people, whose modifier does not own them as a state."""
    return token.tag_ == "NNPS" or token.text[:1].isupper() and token.tag_ == "NNS"
