"""The rules' sentence constructions, by name: each is one way a sentence states a relation, with an example.

A relation frame in ``lexicon.json`` lists the constructions its triggers use (``"constructions"``); the loader
(:mod:`graphkit.extract.lexicon`) refuses a name not registered here and a registered one no frame lists.
:mod:`graphkit.extract.relations` reads each trigger with its frame's constructions of the trigger's kind, tried in
the order they are registered here, and every match records the name of the construction that read it
(``rule:transfer_to``). The kinds:

- ``verb``: a verb's clause; the first that reads it wins (``None``: not this construction's clause, or no target
  found — try the next; :data:`REFUSED`: this construction's clause, and it states no relation).
- ``subject``: fills in the source of a verb whose clause names none.
- ``unpaired``: pairs a verb's coordinated subjects where the verb's construction found no target.
- ``noun``: a noun phrase read whole; the first that applies wins.
- ``pairs``: the noun phrases no ``noun`` construction took; every one listed adds its pairs.
- ``adjective``: "X-backed"; ``sentence``: reads a sentence's other matches.

A frame's ``items`` (``"supplied"`` or ``"produced"``) says what its triggers name as passing between the actors.

>>> CONSTRUCTIONS["transfer_to"].example
'Brazil shipped vaccines to Bolivia.'
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache, cached_property
from itertools import combinations
from typing import TYPE_CHECKING, NamedTuple

from .syntax import (OBJECTS, between_actors, clause_subjects, is_passive, noun_items, object_phrases, of_anchor,
                     phrase, prep_actors, prep_objects, produced_items, read_items, subject_actors, subject_tokens)

if TYPE_CHECKING:  # the lexicon checks frames against this registry: no import of it here at run time
    from spacy.tokens import Span, Token

    from .arguments import Arg, ArgumentResolver
    from .lexicon import Frame, Lexicon

__all__ = ["RuleMatch", "Construction", "Clause", "VerbClause", "NounClause", "Reading", "REFUSED", "CONSTRUCTIONS",
           "ITEM_KINDS", "listed"]

ITEM_KINDS = ("supplied", "produced")  # a frame's "items": what its triggers name as passing between the actors


@dataclass(frozen=True)
class RuleMatch:
    """A relation one of the rules' constructions reads off a sentence, at its trigger word."""

    source: Arg
    relation: str
    target: Arg
    trigger: Token
    items: tuple[str, ...] = ()
    confidence: float = 0.7
    construction: str = ""


@dataclass(frozen=True)
class Construction:
    """A named construction: its kind (see the module's docstring) and the function that reads it."""

    name: str
    kind: str
    read: Callable
    symmetric: bool = False  # pairs actors unordered: only for symmetric relation types

    @property
    def example(self) -> str:
        """The example sentence of the construction's docstring."""
        found = re.search(r'Example: "([^"]+)"', self.read.__doc__ or "")
        return found.group(1) if found else ""


CONSTRUCTIONS: dict[str, Construction] = {}  # name -> construction, in the order a kind's are tried


def construction(kind: str, symmetric: bool = False) -> Callable:
    """Register the decorated function as the construction of its name."""
    def register(read: Callable) -> Callable:
        CONSTRUCTIONS[read.__name__] = Construction(read.__name__, kind, read, symmetric)
        return read
    return register


def listed(frame: Frame, kind: str) -> tuple[Construction, ...]:
    """The constructions of one kind a frame lists, in the order they are tried."""
    return _listed(frame.constructions, kind)


@cache
def _listed(names: tuple[str, ...], kind: str) -> tuple[Construction, ...]:
    return tuple(c for name, c in CONSTRUCTIONS.items() if c.kind == kind and name in names)


class Reading(NamedTuple):
    """What a verb construction reads off its clause: sources, targets and items, under its name."""

    sources: list[Arg]
    targets: list[Arg]
    items: tuple[str, ...]
    construction: str

    def matches(self, trigger: Token, relation: str) -> Iterator[RuleMatch]:
        """Each source paired with each target, surer with one source."""
        confidence = 0.8 if len(self.sources) == 1 else 0.75
        return _pairs(self.sources, self.targets, relation, trigger, self.items, confidence, self.construction)


REFUSED = Reading([], [], (), "")  # the clause is the construction's, and states no relation


class Clause:
    """A trigger word read for one relation frame: what the constructions look at."""

    def __init__(self, trigger: Token, frame: Frame, r: ArgumentResolver, symmetric: bool = False):
        self.trigger, self.frame, self.r, self.symmetric = trigger, frame, r, symmetric
        self.relation = frame.relation
        self.lemma = trigger.lemma_.lower()


class VerbClause(Clause):
    """A verb trigger's clause; ``subjects`` are its subjects' actors (filled in by ``subject`` constructions)."""

    def __init__(self, verb: Token, frame: Frame, r: ArgumentResolver, symmetric: bool, subjects: list[Arg]):
        super().__init__(verb, frame, r, symmetric)
        self.subjects = subjects

    @cached_property
    def objects(self) -> list[Token]:
        return [c for c in self.trigger.children if c.dep_ in OBJECTS]

    @cached_property
    def participle(self) -> bool:
        """ "weapons supplied by North Korea to Russia": a reduced participle, no subject or auxiliary of its own."""
        verb = self.trigger
        return verb.dep_ == "acl" and verb.tag_ == "VBN" and not any(
            c.dep_ in ("nsubj", "aux", "auxpass") for c in verb.children)

    @cached_property
    def passive(self) -> bool:
        return is_passive(self.trigger) or self.participle


class NounClause(Clause):
    """A noun trigger's phrase: its owners (modifiers), its targets, the actors it is "between", its sources."""

    @cached_property
    def modifiers(self) -> list[Arg]:
        return self.r.modifier_actors(self.trigger)

    @cached_property
    def anchor(self) -> Token:
        return of_anchor(self.trigger)

    @cached_property
    def targets(self) -> list[Arg]:
        noun, frame, r, anchor = self.trigger, self.frame, self.r, self.anchor
        owners = frame.through_owners
        targets = prep_actors(anchor, frame.target_preps - {"between", "of"}, r, owners) if anchor.i != noun.i else []
        targets += prep_actors(noun, frame.target_preps - {"between"}, r, owners)
        if not targets:  # "the closure of all land borders with the country"
            targets = [a for t in prep_objects(noun, ("of",)) for a in prep_actors(t, frame.target_preps - {"of"}, r, owners)]
        if not targets and not owners:  # "support for Armenia's sovereignty", "criticism of Israel's operation"
            targets = [p for t in prep_objects(noun, frame.target_preps - {"between"}) for p in (r.possessor(t),) if p]
        if noun.dep_ in ("dobj", "attr", "nsubjpass") and noun.head.pos_ in ("VERB", "AUX"):
            # "imposed sanctions on Iran", "sanctions were imposed on Iran", "signed a deal with Iraq": the verb
            # carries the target's preposition too.
            targets += prep_actors(noun.head, frame.target_preps - {"between"}, r, owners)
        return targets

    @cached_property
    def between(self) -> list[Arg]:
        return between_actors(self.trigger, self.r)

    @cached_property
    def sources(self) -> list[Arg]:
        noun, r, anchor = self.trigger, self.r, self.anchor
        target_actors = {t.actor for t in self.targets}
        return ([m for m in self.modifiers if m.actor not in target_actors] or prep_actors(noun, ("by",), r)
                or prep_actors(anchor, ("by",), r) or clause_subjects(noun, r, circumstances=self.symmetric)
                or (clause_subjects(anchor, r, circumstances=self.symmetric) if anchor.i != noun.i else []))

    @cached_property
    def items(self) -> tuple[str, ...]:
        if self.frame.items == "supplied":
            return noun_items(self.trigger, self.r)
        if self.frame.items == "produced":
            return produced_items(self.trigger, self.frame, self.r)
        return ()


# ---------------------------------------------------------------- verbs, tried in this order


@construction("verb")
def passive_by(c: VerbClause) -> Reading | None:
    """The agent of a passive is the source, its subject the target — or, for a frame whose items are supplied,
    the thing supplied, with the target in the frame's prepositions. A reduced participle counts.
    Example: "Kenya was criticised by Ethiopia." """
    if not c.passive:
        return None
    verb, frame, r = c.trigger, c.frame, c.r
    sources = prep_actors(verb, ("by",), r)
    patients = [t for t in verb.children if t.dep_ == "nsubjpass"] or ([verb.head] if c.participle else [])
    if frame.items == "supplied":  # "rifles were sold to Chad by Serbia"
        return Reading(sources, prep_actors(verb, frame.target_preps, r), read_items(patients, r), "passive_by")
    return Reading(sources, [a for t in patients for a in r.actors(t, frame.through_owners)], (), "passive_by")


@construction("verb")
def receive_from(c: VerbClause) -> Reading | None:
    """A verb of the frame's ``reverse_verbs`` turns round: the subject receives from the "from" phrase; without
    an item it states nothing (a delegation received is a visit).
    Example: "Peru bought helicopters from Italy." """
    if c.passive or c.lemma not in c.frame.reverse_verbs:
        return None
    verb, frame, r = c.trigger, c.frame, c.r
    sources = prep_actors(verb, ("from",), r) or [a for t in object_phrases(c.objects) for a in
                                                   prep_actors(t, ("from",), r)]
    items = tuple(i for i in read_items(c.objects, r) if i.split()[-1].lower() not in frame.not_items)
    return Reading(sources, c.subjects, items, "receive_from") if items else REFUSED


@construction("verb")
def transfer_to(c: VerbClause) -> Reading | None:
    """The subject gives the object to the indirect object or the frame's target preposition; lists distribute.
    Without an item it states nothing, unless the verb is one of the frame's ``recipient_only_verbs``.
    Example: "Brazil shipped vaccines to Bolivia." """
    if c.passive:
        return None
    verb, frame, r = c.trigger, c.frame, c.r
    recipients = [a for t in c.objects for a in r.actors(t)]
    item_tokens = [t for t in c.objects if not r.actors(t)] or prep_objects(verb, frame.item_preps)
    items = tuple(i for i in read_items(item_tokens, r) if i.split()[-1].lower() not in frame.not_items)
    targets = recipients or prep_actors(verb, frame.target_preps, r)
    if not items and c.lemma not in frame.recipient_only_verbs:
        return REFUSED
    items = items or frame.verb_items.get(c.lemma, ())
    return Reading(c.subjects, targets, items, "transfer_to")


@construction("verb")
def subject_object(c: VerbClause) -> Reading | None:
    """The subject acts on the object, the object's owner, or the frame's target preposition.
    Example: "Chile condemned Venezuela." """
    if c.passive:
        return None
    verb, frame, r = c.trigger, c.frame, c.r
    owners = frame.through_owners
    if c.lemma in frame.possessor_only_verbs:
        targets = [p for t in c.objects for p in (r.possessor(t),) if p]
    else:
        targets = [a for t in c.objects for a in (r.actors(t, owners) or [p for p in (r.possessor(t),) if p]
                                                  or ([] if owners else _act_owner(t, r)))]
    targets += prep_actors(verb, frame.verb_target_preps.get(c.lemma, frame.target_preps), r, owners)
    if not targets:  # "banned imports from Iran": the object's own phrase names the target
        targets = [a for t in c.objects for a in prep_actors(t, frame.target_preps - {"of"}, r, owners)]
    return Reading(c.subjects, targets, (), "subject_object") if targets else None


@construction("verb")
def threatened_act(c: VerbClause) -> Reading | None:
    """Where the object names no target, the infinitive the verb governs may: the threatened act's target.
    Example: "Serbia threatened to invade Kosovo." """
    if c.passive:
        return None
    for act in c.trigger.children:
        if act.dep_ == "xcomp" and act.pos_ == "VERB":
            objects = [t for t in act.children if t.dep_ in ("dobj", "dative")]
            found = [a for t in objects for a in c.r.actors(t, owners=True) or [p for p in (c.r.possessor(t),) if p]]
            found += [a for t in object_phrases(objects) + prep_objects(act, ("on", "against", "at"))
                      for a in c.r.actors(t, owners=True)]
            if found:
                return Reading(c.subjects, found, (), "threatened_act")
    return None


@construction("verb")
def will_not_tolerate(c: VerbClause) -> Reading | None:
    """A warning that what an actor does will not be tolerated (one of the frame's ``tolerance_verbs``, negated)
    threatens that actor.
    Example: "Egypt warned that it would not accept Sudanese incursions." """
    if c.passive:
        return None
    for clause in c.trigger.children:
        if clause.dep_ == "ccomp" and clause.lemma_.lower() in c.frame.tolerance_verbs and \
                any(t.dep_ == "neg" for t in clause.children):
            found = [a for t in clause.children if t.dep_ == "dobj" for a in c.r.actors(t) or c.r.modifier_actors(t)]
            return Reading(c.subjects, found, (), "will_not_tolerate") if found else None
    return None


def _act_owner(noun: Token, r: ArgumentResolver) -> list[Arg]:
    """ "condemned the Israeli strike on Qatar": whoever an act belongs to is the one it is held against."""
    return r.modifier_actors(noun)[:1] if noun.lemma_.lower() in r.lexicon.act_nouns or noun.lower_ in r.lexicon.act_nouns else []


@construction("subject")
def weapon_owner(verb: Token, r: ArgumentResolver) -> list[Arg]:
    """A verb whose subject is a weapon (the lexicon's ``weapon_nouns``) acts for the weapon's owner; the match is
    recorded under the verb construction that read the clause.
    Example: "Indian artillery shelled Pakistan." """
    return [a for t in subject_tokens(verb) if t.lemma_.lower() in r.lexicon.weapon_nouns
            for a in r.modifier_actors(t)]


@construction("unpaired", symmetric=True)
def coordinated_subjects(c: VerbClause) -> Iterator[RuleMatch]:
    """A symmetric verb with no target pairs its coordinated subjects.
    Example: "Norway and Iceland cooperated." """
    return _coordinated(c.subjects, c.relation, c.trigger, 0.7, "coordinated_subjects")


# ---------------------------------------------------------------- nouns read whole, tried in this order


@construction("noun")
def reciprocal(c: Clause) -> Iterator[RuleMatch] | None:
    """The relation holds both ways: "exchanged" nouns ("X and Y exchanged threats"), and the lexicon's
    ``reciprocal_verbs`` between the subjects and the "with" phrase.
    Example: "Armenia and Azerbaijan exchanged threats." """
    trigger, r = c.trigger, c.r
    if isinstance(c, VerbClause):  # a reciprocal verb: "clashed with"
        return _both_ways(trigger, c.relation, subject_actors(trigger, r), prep_actors(trigger, ("with",), r))
    if any(t.lemma_.lower() == "exchange" for t in trigger.children) or (
            trigger.dep_ == "dobj" and trigger.head.lemma_.lower() == "exchange"):
        return _both_ways(trigger, c.relation, c.modifiers or subject_actors(trigger.head, r), [])
    return None


@construction("noun")
def drew_criticism(c: NounClause) -> Iterator[RuleMatch] | None:
    """A relation drawn by what another actor did (one of the frame's ``drawing_verbs``): the "from" phrase acts
    on the verb's subject.
    Example: "Turkey's purchase drew criticism from Greece." """
    noun, r = c.trigger, c.r
    if not (noun.dep_ == "dobj" and noun.head.lemma_.lower() in c.frame.drawing_verbs):
        return None
    critics = prep_actors(noun, ("from", "by"), r) or prep_actors(noun.head, ("from", "by"), r)
    criticised = [a for t in subject_tokens(noun.head) for a in (r.actors(t) or [p for p in (r.possessor(t),) if p])]
    return _pairs(critics, criticised, c.relation, noun, (), 0.65, "drew_criticism")


@construction("noun")
def secured_from(c: NounClause) -> Iterator[RuleMatch] | None:
    """The object of a ``reverse_verbs`` verb: its owner supplies the verb's subject with it.
    Example: "Kenya secured a Japanese loan." """
    noun = c.trigger
    if not (noun.dep_ == "dobj" and noun.head.lemma_.lower() in c.frame.reverse_verbs):
        return None
    return _pairs(c.modifiers, subject_actors(noun.head, c.r), c.relation, noun, (phrase(noun, c.r),), 0.65,
                  "secured_from")


@construction("noun")
def agent_noun(c: NounClause) -> Iterator[RuleMatch] | None:
    """A noun for the one who does the act ("supporter", "ally"), said of a copula's subject: the subject serves
    the noun's owner or target.
    Example: "Cuba is Venezuela's closest ally." """
    noun = c.trigger
    if not (c.lemma.endswith(c.r.lexicon.agent_noun_endings) or c.lemma in c.r.lexicon.agent_nouns):
        return None
    anchor = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else noun
    if anchor.dep_ not in ("attr", "oprd"):
        return iter(())
    items = ()
    if c.frame.items == "supplied" and c.lemma.startswith("support"):
        items = (" ".join([t.text for t in noun.lefts if t.dep_ == "amod"] + ["support"]),)
    return _pairs(subject_actors(anchor.head, c.r), c.modifiers + c.targets, c.relation, noun, items, 0.7,
                  "agent_noun")


# ---------------------------------------------------------------- noun phrases' pairs, each listed one adds


@construction("pairs", symmetric=True)
def between(c: NounClause) -> Iterator[RuleMatch]:
    """A symmetric noun pairs the actors it is "between".
    Example: "Talks between Ghana and Togo resumed." """
    return _coordinated(c.between, c.relation, c.trigger, 0.75, "between", c.items)


@construction("pairs", symmetric=True)
def coordinated_owners(c: NounClause) -> Iterator[RuleMatch]:
    """A symmetric noun with two or more owners and no target pairs the owners (the mediators of "talks between
    X and Y" do not meet).
    Example: "Peru and Ecuador signed a trade deal." """
    if len(c.sources) >= 2 and not c.targets and not c.between:
        return _coordinated(c.sources, c.relation, c.trigger, 0.65, "coordinated_owners", c.items)
    return iter(())


@construction("pairs", symmetric=True)
def in_partnership(c: NounClause) -> Iterator[RuleMatch]:
    """A symmetric noun with no arguments of its own, in a phrase hanging off a name: the actors that name and
    its coordinates stand for pair up.
    Example: "Paraguay and Uruguay, in partnership, built a bridge." """
    noun = c.trigger
    if noun.dep_ == "pobj" and noun.head.head.pos_ == "PROPN" and not (c.sources or c.targets or c.between):
        return _coordinated(c.r.actors(noun.head.head), c.relation, noun, 0.6, "in_partnership")
    return iter(())


@construction("pairs")
def noun_owner_target(c: NounClause) -> Iterator[RuleMatch]:
    """The noun's owner (or "by" phrase, or the clause's subject) stands in the relation to its target.
    Example: "Japan's sanctions on Russia took effect." """
    return _pairs(c.sources, c.targets, c.relation, c.trigger, c.items, 0.65, "noun_owner_target")


# ---------------------------------------------------------------- adjectives, sentences


@construction("adjective")
def backed_adjective(c: Clause) -> Iterator[RuleMatch]:
    """ "X-backed": the actor before the hyphen stands in the relation to the phrase's actor, or to the one
    organisation the sentence names.
    Example: "The Rwanda-backed M23 rebels seized Goma." """
    adjective, r = c.trigger, c.r
    source = r.actor(adjective.nbor(-2))
    if source is None:
        return
    noun = adjective.head
    targets = [a for a in (r.actors(noun, owners=True) if noun.i != adjective.i else []) if a.actor != source.actor]
    if not targets:
        # "the Iran-backed militia group" stands for the organisation the sentence names.
        orgs = [a for a in r.sentence_actors(adjective) if a.actor.startswith("org:") and a.actor != source.actor]
        targets = [replace(orgs[0], kind="context")] if len(orgs) == 1 else []
    yield from _pairs([source], targets, c.relation, adjective, (), 0.7, "backed_adjective")


@construction("sentence")
def similar_measures(sent: Span, found: list[RuleMatch], r: ArgumentResolver, lexicon: Lexicon) -> Iterator[RuleMatch]:
    """A noun marked as repeating another (the lexicon's ``anaphoric_modifiers``) takes its relation and target
    from a match the sentence already has, or its source where the marker reverses.
    Example: "Canada imposed tariffs on China, and Mexico adopted similar measures." """
    for noun in sent:
        markers = {t.lower_ for t in noun.children if t.dep_ == "amod"} & set(lexicon.anaphoric_modifiers)
        if not markers or noun.pos_ != "NOUN":
            continue
        generic = noun.lemma_.lower() in lexicon.anaphoric_heads  # "similar steps": whatever the model was
        names = lexicon.noun_relations(noun) or ()
        sources = r.modifier_actors(noun) or prep_actors(noun, ("by",), r) or clause_subjects(noun, r, False)
        for model in [m for m in found if (generic or m.relation in names) and m.trigger.i != noun.i
                      and "similar_measures" in lexicon.frames[m.relation].constructions]:
            reverse = lexicon.anaphoric_modifiers[markers.pop()] == "reverse" if markers else False
            for source in sources:
                target = model.source if reverse else model.target
                if source.actor != target.actor:
                    yield RuleMatch(source, model.relation, target, noun, (), 0.6, "similar_measures")
            break


# ---------------------------------------------------------------- shared


def _both_ways(trigger: Token, relation: str, sides: list[Arg], others: list[Arg]) -> Iterator[RuleMatch]:
    pairs = [(a, b) for a in sides for b in others] + list(combinations(_unique(sides), 2))
    for a, b in pairs:
        if a.actor != b.actor:
            yield RuleMatch(a, relation, b, trigger, confidence=0.7, construction="reciprocal")
            yield RuleMatch(b, relation, a, trigger, confidence=0.7, construction="reciprocal")


def _pairs(sources: list[Arg], targets: list[Arg], relation: str, trigger: Token, items: tuple[str, ...],
           confidence: float, construction: str) -> Iterator[RuleMatch]:
    for source in _unique(sources):
        for target in _unique(targets):
            if source.actor != target.actor:
                penalty = 0.1 * sum(a.kind in ("pronoun", "context") for a in (source, target))
                yield RuleMatch(source, relation, target, trigger, items, round(confidence - penalty, 2), construction)


def _coordinated(args: list[Arg], relation: str, trigger: Token, confidence: float, construction: str,
                 items: tuple[str, ...] = ()) -> Iterator[RuleMatch]:
    for a, b in combinations(_unique(args), 2):
        yield RuleMatch(a, relation, b, trigger, items, confidence, construction)


def _unique(args: list[Arg]) -> list[Arg]:
    seen, out = set(), []
    for arg in args:
        if arg.actor not in seen:
            seen.add(arg.actor)
            out.append(arg)
    return out
