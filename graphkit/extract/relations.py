"""Relations from the dependency parse: trigger words and the actors they link.

Each trigger (a verb, noun or "-backed" adjective of the lexicon) takes its
source from its subject or possessor and its target from its object or a
preposition the relation's frame names; lists distribute, passives turn round,
"receive X from Y" reverses, and symmetric relations pair coordinated actors.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

from spacy.tokens import Span, Token

from ..vocabulary import relation_types
from .arguments import Arg, ArgumentResolver
from .lexicon import Frame, Lexicon

__all__ = ["Candidate", "find_relations"]

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
QUANTITY_HEADS = {"hundred", "hundreds", "thousand", "thousands", "number", "dozen", "dozens", "some", "batch",
                  "lot", "lots", "amount", "level", "range", "supply", "shipment", "consignment", "kind", "type", "variety"}
OWNER_RELATIONS = {"ATTACKS", "SANCTIONS"}


@dataclass(frozen=True)
class Candidate:
    source: Arg
    relation: str
    target: Arg
    trigger: Token
    items: tuple[str, ...] = ()
    confidence: float = 0.7


def find_relations(sent: Span, resolver: ArgumentResolver, lexicon: Lexicon) -> Iterator[Candidate]:
    """Every candidate relation in one sentence."""
    symmetric = {name for name, kind in relation_types().items() if kind.symmetric}
    for token in sent:
        lemma = token.lemma_.lower()
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "NOUN" and token.tag_.startswith("VB")):
            for name in lexicon.verb_triggers.get(lemma, ()):
                yield from _from_verb(token, lexicon.frames[name], resolver, name in symmetric)
            if lemma in lexicon.reciprocal:
                yield from _reciprocal(token, lexicon.reciprocal[lemma], resolver)
        elif token.pos_ in ("NOUN", "PROPN"):
            for name in lexicon.noun_triggers.get(lemma, ()) or lexicon.noun_triggers.get(token.lower_, ()):
                yield from _from_noun(token, lexicon.frames[name], resolver, name in symmetric)
        if lemma in lexicon.adjective_triggers and token.i > sent.start and token.nbor(-1).text == "-":
            for name in lexicon.adjective_triggers[lemma]:
                yield from _from_compound_adjective(token, name, resolver)


# ---------------------------------------------------------------- verbs


def _from_verb(verb: Token, frame: Frame, r: ArgumentResolver, symmetric: bool) -> Iterator[Candidate]:
    owners = frame.relation in OWNER_RELATIONS
    lemma = verb.lemma_.lower()
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    subjects = [a for t in _subjects(verb) for a in r.actors(t)]
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative", "attr", "oprd")]
    preps = _preps(verb)
    items: tuple[str, ...] = ()
    if passive:
        sources = [a for t in preps.get("by", []) for a in r.actors(t)]
        targets = [a for t in _subjects(verb) for a in r.actors(t, owners)]
        if frame.relation == "SUPPLIES":
            sources, targets = sources, [a for p in frame.target_preps for t in preps.get(p, []) for a in r.actors(t)]
            items = _items([t for t in _subjects(verb)], r)
            sources = sources or []
    elif lemma in frame.reverse_verbs:
        sources = [a for t in preps.get("from", []) for a in r.actors(t)]
        targets = subjects
        items = _items(objects, r)
    else:
        sources = subjects
        object_actors = [a for t in objects for a in r.actors(t, owners)]
        prep_actors = [a for p in frame.target_preps for t in preps.get(p, []) for a in r.actors(t, owners)]
        if frame.relation == "SUPPLIES":
            targets = object_actors or prep_actors
            item_tokens = [t for t in objects if not r.actors(t)] or [t for p in frame.item_preps for t in preps.get(p, [])]
            items = _items(item_tokens, r) if lemma in frame.item_verbs or lemma in frame.reverse_verbs else ()
            if not items and lemma not in ("arm", "fund", "finance", "equip"):
                targets = prep_actors or [a for a in object_actors if a.kind != "demonym"]
                if not item_tokens and not object_actors:
                    return
        else:
            targets = object_actors + prep_actors
    confidence = 0.8 if sources and targets else 0.6
    yield from _pairs(sources, targets, frame.relation, verb, items, confidence)
    if symmetric and not targets:
        yield from _coordinated(subjects, frame.relation, verb, 0.7)


def _reciprocal(verb: Token, relation: str, r: ArgumentResolver) -> Iterator[Candidate]:
    subjects = [a for t in _subjects(verb) for a in r.actors(t)]
    others = [a for t in _preps(verb).get("with", []) for a in r.actors(t)]
    for a, b in [(a, b) for a in subjects for b in others] + list(combinations(subjects, 2)):
        if a.actor != b.actor:
            yield Candidate(a, relation, b, verb, confidence=0.7)
            yield Candidate(b, relation, a, verb, confidence=0.7)


# ---------------------------------------------------------------- nouns


def _from_noun(noun: Token, frame: Frame, r: ArgumentResolver, symmetric: bool) -> Iterator[Candidate]:
    owners = frame.relation in OWNER_RELATIONS
    lemma = noun.lemma_.lower()
    modifiers = r.modifier_actors(noun)
    preps = _preps(noun)
    targets = [a for p in frame.target_preps - {"between"} for t in preps.get(p, []) for a in r.actors(t, owners)]
    between = [a for t in preps.get("between", []) for a in r.actors(t)]
    head = noun.head
    if noun.dep_ in ("dobj", "attr") and head.pos_ in ("VERB", "AUX"):
        # "imposed sanctions on Iran", "struck a deal with Iraq": the verb carries the source and often the target.
        verb_preps = _preps(head)
        targets += [a for p in frame.target_preps - {"between"} for t in verb_preps.get(p, []) for a in r.actors(t, owners)]
        subject_actors = [a for t in _subjects(head) for a in r.actors(t)]
    else:
        subject_actors = []
    if lemma.endswith(("er", "or")) or lemma in ("ally", "partner"):
        yield from _agent_noun(noun, frame, r, modifiers, targets, symmetric)
        return
    if symmetric and lemma in frame.modifier_nouns and not between and not _is_joint(noun):
        return
    items = _noun_items(noun, frame, r)
    sources = modifiers or subject_actors
    if symmetric:
        yield from _coordinated(between, frame.relation, noun, 0.75)
        if len(modifiers) >= 2 and not targets:
            yield from _coordinated(modifiers, frame.relation, noun, 0.65)
        if not (sources or targets or between) and noun.dep_ in ("pobj",) and noun.head.head.pos_ == "PROPN":
            # Headlines: "Russia and Iran in full defence partnership".
            yield from _coordinated(r.actors(noun.head.head), frame.relation, noun, 0.6)
    sources = [a for a in sources if a.actor not in {t.actor for t in targets}] or sources
    yield from _pairs(sources, targets, frame.relation, noun, items, 0.65)


def _agent_noun(noun: Token, frame: Frame, r: ArgumentResolver, modifiers: list[Arg], targets: list[Arg],
                symmetric: bool) -> Iterator[Candidate]:
    """ "Iran had become one of Russia's main military supporters": the copula's subject serves the possessor."""
    anchor = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else noun
    if anchor.dep_ not in ("attr", "oprd", "appos"):
        return
    verb = anchor.head
    subjects = [a for t in _subjects(verb) for a in r.actors(t)] if anchor.dep_ != "appos" else r.actors(verb)
    items = ()
    if frame.relation == "SUPPLIES":
        modifiers_text = " ".join(t.text for t in noun.lefts if t.dep_ == "amod")
        items = ((modifiers_text + " support").strip(),) if noun.lemma_.lower().startswith("support") else ()
    yield from _pairs(subjects, [m for m in modifiers if m.kind != "demonym" or True] + targets, frame.relation, noun, items, 0.7)


def _from_compound_adjective(adjective: Token, relation: str, r: ArgumentResolver) -> Iterator[Candidate]:
    """ "the Iran-backed militia": the actor before the hyphen backs the phrase's actor."""
    sources = [a for a in (r.actor(adjective.nbor(-2)) if adjective.i >= 2 else None,) if a]
    noun = adjective.head if adjective.head is not adjective else None
    targets = r.actors(noun, owners=True) if noun is not None else []
    if sources and not targets and noun is not None:
        # "the Iran-backed militia group" stands for an organisation named elsewhere in the sentence.
        orgs = [m for i, m in sorted(r.at.items()) if m.actor.startswith("org:") and noun.sent.start <= i < noun.sent.end]
        targets = [Arg(orgs[0].actor, orgs[0].start, "context")] if orgs else []
    yield from _pairs(sources, targets, relation, adjective, (), 0.7)


# ---------------------------------------------------------------- shared


def _pairs(sources: list[Arg], targets: list[Arg], relation: str, trigger: Token, items: tuple[str, ...],
           confidence: float) -> Iterator[Candidate]:
    for source in _unique(sources):
        for target in _unique(targets):
            if source.actor != target.actor:
                penalty = 0.1 * sum(a.kind in ("pronoun", "context") for a in (source, target))
                yield Candidate(source, relation, target, trigger, items, round(confidence - penalty, 2))


def _coordinated(args: list[Arg], relation: str, trigger: Token, confidence: float) -> Iterator[Candidate]:
    for a, b in combinations(_unique(args), 2):
        if a.actor != b.actor:
            yield Candidate(a, relation, b, trigger, (), confidence)


def _unique(args: list[Arg]) -> list[Arg]:
    seen, out = set(), []
    for arg in args:
        if arg.actor not in seen:
            seen.add(arg.actor)
            out.append(arg)
    return out


def _subjects(verb: Token) -> list[Token]:
    """The verb's subjects, inherited through "intends to provide", "and sent", "accusing" and relative clauses."""
    seen = 0
    while seen < 4:
        found = [c for c in verb.children if c.dep_ in SUBJECTS and not (c.dep_ == "nsubjpass")]
        if found:
            return found
        if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp") and verb.head is not verb:
            verb = verb.head
        elif verb.dep_ == "relcl":
            return [verb.head]
        else:
            return []
        seen += 1
    return []


def _preps(token: Token) -> dict[str, list[Token]]:
    """Objects of the token's prepositions by preposition: {"to": [Russia], "with": [drones]}."""
    found: dict[str, list[Token]] = {}
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative"):
            for pobj in child.children:
                if pobj.dep_ in ("pobj", "pcomp"):
                    found.setdefault(child.lower_, []).append(pobj)
    return found


def _items(tokens: list[Token], r: ArgumentResolver) -> tuple[str, ...]:
    """The supplied things, as written: "hundreds of drones" -> drones; lists distribute."""
    found = []
    for token in tokens:
        for head in (token, *token.conjuncts):
            head = _past_quantity(head)
            if head.pos_ in ("NOUN", "PROPN", "NUM", "SYM") and not r.actors(head):
                found.append(_phrase(head))
    return tuple(dict.fromkeys(f for f in found if f))


def _noun_items(noun: Token, frame: Frame, r: ArgumentResolver) -> tuple[str, ...]:
    if frame.relation != "SUPPLIES":
        return ()
    of_objects = [t for t in _preps(noun).get("of", []) if not r.actors(t)]
    if of_objects:
        return _items(of_objects, r)
    return (_phrase(noun),)


def _past_quantity(token: Token) -> Token:
    """ "hundreds of drones" names drones; "a limited number of drones" too."""
    while token.lemma_.lower() in QUANTITY_HEADS or token.pos_ == "NUM" and token.lower_ not in ("$",):
        objects = _preps(token).get("of", [])
        if not objects:
            break
        token = objects[0]
    return token


def _phrase(head: Token) -> str:
    """The noun phrase up to its head, without determiners, quantities or possessors."""
    words = [t for t in head.lefts for t in t.subtree
             if t.dep_ not in ("det", "poss", "predet", "case", "nummod", "quantmod", "punct", "advmod", "neg")
             and t.pos_ not in ("DET", "PUNCT", "PRON")]
    words = [t for t in words if t.i < head.i and not (t.dep_ == "amod" and t.lower_ in ("more", "some", "any", "other"))]
    text = " ".join([t.text for t in words] + [head.text])
    return text.strip("\"'“”‘’ ")


def _is_joint(noun: Token) -> bool:
    return any(c.lower_ in ("joint", "combined", "bilateral", "trilateral", "mutual") for c in noun.subtree)
