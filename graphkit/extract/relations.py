"""Relations from the dependency parse: trigger words read with the constructions their frames list.

Each trigger (a verb, noun or "-backed" adjective of the lexicon) is read for each relation frame it belongs to,
with the named constructions (:mod:`graphkit.extract.constructions`) that frame lists in ``lexicon.json``: "Iran
sent drones to Russia" is SUPPLIES's ``transfer_to``, "Kyiv was struck by Russia" ATTACKS's ``passive_by``. Which
constructions a relation uses is data; nothing here branches on the relation's name.

>>> from graphkit.extract.lexicon import load_lexicon
>>> [c.name for c in listed(load_lexicon().frames["SUPPLIES"], "verb")]
['passive_by', 'receive_from', 'transfer_to']
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from ..vocabulary import symmetric_relations
from .arguments import ArgumentResolver
from .constructions import (CONSTRUCTIONS, REFUSED, Clause, NounClause, RuleMatch, VerbClause, listed)
from .lexicon import Frame, Lexicon
from .syntax import OBJECTS, is_joint, items_at, prep_objects, subject_actors

__all__ = ["RuleMatch", "find_relations", "items_at", "listed"]

CLAUSAL = ("xcomp", "ccomp", "advcl", "relcl")  # a token in these roles is a verb, whatever its tag


def find_relations(sent: Span, resolver: ArgumentResolver, lexicon: Lexicon) -> list[RuleMatch]:
    """Every candidate relation in one sentence: its triggers' matches, then what the ``sentence`` constructions
    read off those ("..., and Mexico adopted similar measures")."""
    found = list(_triggered(sent, resolver, lexicon))
    sentence = [c for c in CONSTRUCTIONS.values() if c.kind == "sentence"]
    return found + [m for c in sentence for m in c.read(sent, found, resolver, lexicon)]


def _triggered(sent: Span, resolver: ArgumentResolver, lexicon: Lexicon) -> Iterator[RuleMatch]:
    symmetric = symmetric_relations()
    for token in sent:
        lemma = token.lemma_.lower()
        adjective = lexicon.adjective_triggers.get(token.lower_)
        if adjective and token.i >= sent.start + 2 and token.nbor(-1).text == "-":
            for name in adjective:
                clause = Clause(token, lexicon.frames[name], resolver)
                for construction in listed(clause.frame, "adjective"):
                    yield from construction.read(clause)
        elif token.pos_ in ("VERB", "AUX") or token.dep_ in CLAUSAL:  # "would not dare attack Iran": tagged NOUN
            for name in lexicon.verb_triggers.get(lemma, ()):
                needs = lexicon.frames[name].verb_preps.get(lemma)
                objects = [c for c in token.children if c.dep_ in OBJECTS]
                if needs is None or prep_objects(token, needs) or any(prep_objects(o, needs) for o in objects):
                    yield from _from_verb(token, lexicon.frames[name], resolver, name in symmetric)
            if lemma in lexicon.reciprocal:  # "clashed with": the lexicon's reciprocal_verbs
                frame = lexicon.frames[lexicon.reciprocal[lemma]]
                if "reciprocal" in frame.constructions:
                    yield from CONSTRUCTIONS["reciprocal"].read(VerbClause(token, frame, resolver, False, []))
        elif token.pos_ in ("NOUN", "PROPN"):
            for name in lexicon.noun_relations(token):
                if token.lemma_.lower() in lexicon.voiced_nouns and (name in lexicon.speech_acts) != _voiced(token, lexicon):
                    continue  # "voiced support for Armenia" is backing; "provided support to" is supply
                yield from _from_noun(token, lexicon.frames[name], resolver, name in symmetric)


def _voiced(noun: Token, lexicon: Lexicon) -> bool:
    return noun.dep_ == "dobj" and noun.head.lemma_.lower() in lexicon.voicing_verbs


def _from_verb(verb: Token, frame: Frame, r: ArgumentResolver, symmetric: bool) -> Iterator[RuleMatch]:
    """The first of the frame's verb constructions that reads the clause; where none found a target, the
    ``unpaired`` ones."""
    subjects = subject_actors(verb, r)
    for construction in listed(frame, "subject"):
        if subjects:
            break
        subjects = construction.read(verb, r)  # "Russian missiles struck Kyiv"
    clause = VerbClause(verb, frame, r, symmetric, subjects)
    reading = next((found for construction in listed(frame, "verb")
                    if (found := construction.read(clause)) is not None), None)
    if reading is REFUSED:
        return
    if reading is not None:
        yield from reading.matches(verb, frame.relation)
    if reading is None or not reading.targets:
        for construction in listed(frame, "unpaired"):
            yield from construction.read(clause)


def _from_noun(noun: Token, frame: Frame, r: ArgumentResolver, symmetric: bool) -> Iterator[RuleMatch]:
    """The first of the frame's noun constructions that takes the phrase whole; else, unless the phrase is
    ruled out, the pairs of each of its ``pairs`` constructions."""
    clause = NounClause(noun, frame, r, symmetric)
    for construction in listed(frame, "noun"):
        found = construction.read(clause)
        if found is not None:
            yield from found
            return
    if symmetric and {clause.lemma, noun.lower_} & frame.modifier_nouns and not clause.between and not is_joint(noun, r.lexicon):
        return  # "the drills" alone is nobody's cooperation
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in frame.stop_verbs:
        return  # "suspended all development aid to Niger" stops supplying: the sanction is found on the verb
    for construction in listed(frame, "pairs"):
        yield from construction.read(clause)
