"""Relations from the dependency parse: trigger words and the actors they link.

Each trigger (a verb, noun or "-backed" adjective of the lexicon) takes its source from its subject or possessor
and its target from its object or a preposition its relation's frame names. Lists distribute, passives turn round,
"receive X from Y" reverses, symmetric relations pair coordinated actors, and "exchange threats" goes both ways.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

from spacy.tokens import Span, Token

from ..vocabulary import symmetric_relations
from .arguments import Arg, ArgumentResolver
from .lexicon import Frame, Lexicon

__all__ = ["RuleMatch", "find_relations", "items_at"]

OBJECTS = ("dobj", "dative", "attr", "oprd")
CLAUSAL = ("xcomp", "ccomp", "advcl", "relcl")  # a token in these roles is a verb, whatever its tag
AGENT_NOUN_ENDINGS = ("er", "or")
LEADING_DEPS = ("det", "poss", "predet", "case", "nummod", "quantmod", "punct", "advmod", "neg", "cc")


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


def find_relations(sent: Span, resolver: ArgumentResolver, lexicon: Lexicon) -> list[RuleMatch]:
    """Every candidate relation in one sentence."""
    found = list(_triggered(sent, resolver, lexicon))
    return found + list(_anaphoric(sent, found, resolver, lexicon))


def _triggered(sent: Span, resolver: ArgumentResolver, lexicon: Lexicon) -> Iterator[RuleMatch]:
    symmetric = symmetric_relations()
    for token in sent:
        lemma = token.lemma_.lower()
        adjective = lexicon.adjective_triggers.get(token.lower_)
        if adjective and token.i >= sent.start + 2 and token.nbor(-1).text == "-":
            for name in adjective:
                yield from _from_compound_adjective(token, name, resolver)
        elif token.pos_ in ("VERB", "AUX") or token.dep_ in CLAUSAL:  # "would not dare attack Iran": tagged NOUN
            for name in lexicon.verb_triggers.get(lemma, ()):
                needs = lexicon.frames[name].verb_preps.get(lemma)
                objects = [c for c in token.children if c.dep_ in OBJECTS]
                if needs is None or _prep_objects(token, needs) or any(_prep_objects(o, needs) for o in objects):
                    yield from _from_verb(token, lexicon.frames[name], resolver, name in symmetric)
            if lemma in lexicon.reciprocal:
                yield from _reciprocal(token, lexicon.reciprocal[lemma], _subject_actors(token, resolver),
                                       _prep_actors(token, ("with",), resolver))
        elif token.pos_ in ("NOUN", "PROPN"):
            for name in lexicon.noun_relations(token):
                if token.lemma_.lower() in lexicon.voiced_nouns and (name in lexicon.speech_acts) != _voiced(token, lexicon):
                    continue  # "voiced support for Armenia" is backing; "provided support to" is supply
                yield from _from_noun(token, lexicon.frames[name], resolver, name in symmetric)


def _voiced(noun: Token, lexicon: Lexicon) -> bool:
    return noun.dep_ == "dobj" and noun.head.lemma_.lower() in lexicon.voicing_verbs


def _anaphoric(sent: Span, found: list[RuleMatch], r: ArgumentResolver, lexicon: Lexicon) -> Iterator[RuleMatch]:
    """ "France suspended aid to Niger, following similar measures by the EU": the EU's measures take their target
    from France's; "Trump slapped tariffs on Colombia, after which Petro adopted a reciprocal measure" turns round."""
    for noun in sent:
        markers = {c.lower_ for c in noun.children if c.dep_ == "amod"} & set(lexicon.anaphoric_modifiers)
        if not markers or noun.pos_ != "NOUN":
            continue
        generic = noun.lemma_.lower() in lexicon.anaphoric_heads  # "similar steps": whatever the model was
        names = lexicon.noun_relations(noun) or ()
        sources = r.modifier_actors(noun) or _prep_actors(noun, ("by",), r) or _clause_subjects(noun, r, False)
        for model in [c for c in found if (generic or c.relation in names) and c.trigger.i != noun.i]:
            reverse = lexicon.anaphoric_modifiers[markers.pop()] == "reverse" if markers else False
            for source in sources:
                target = model.source if reverse else model.target
                if source.actor != target.actor:
                    yield RuleMatch(source, model.relation, target, noun, (), 0.6, "similar_measures")
            break


# ---------------------------------------------------------------- verbs


def _from_verb(verb: Token, frame: Frame, r: ArgumentResolver, symmetric: bool) -> Iterator[RuleMatch]:
    owners = frame.through_owners
    lemma = verb.lemma_.lower()
    objects = [c for c in verb.children if c.dep_ in OBJECTS]
    subjects = _subject_actors(verb, r)
    if not subjects and frame.relation == "ATTACKS":  # "Russian missiles struck Kyiv"
        subjects = [a for t in _subjects(verb) if t.lemma_.lower() in r.lexicon.weapon_nouns
                    for a in r.modifier_actors(t)]
    items: tuple[str, ...] = ()
    # "weapons supplied by North Korea to Russia": a reduced participle, with no subject or auxiliary of its own
    participle = verb.dep_ == "acl" and verb.tag_ == "VBN" and not any(
        c.dep_ in ("nsubj", "aux", "auxpass") for c in verb.children)
    construction = "subject_object"
    if _is_passive(verb) or participle:
        construction = "passive_by"
        sources = _prep_actors(verb, ("by",), r)
        patients = [c for c in verb.children if c.dep_ == "nsubjpass"] or ([verb.head] if participle else [])
        if frame.relation == "SUPPLIES":  # "drones were sent to Russia by Iran"
            targets, items = _prep_actors(verb, frame.target_preps, r), _items(patients, r)
        else:
            targets = [a for t in patients for a in r.actors(t, owners)]
    elif lemma in frame.reverse_verbs:  # "Pakistan received $2bn (in support) from Saudi Arabia"
        construction = "receive_from"
        sources = _prep_actors(verb, ("from",), r) or [a for t in _object_phrases(objects) for a in
                                                       _prep_actors(t, ("from",), r)]
        targets = subjects
        items = tuple(i for i in _items(objects, r) if i.split()[-1].lower() not in frame.not_items)
        if not items:
            return  # "received a delegation from Iraq" is a visit, not a supply
    elif frame.relation == "SUPPLIES":
        construction = "transfer_to"
        sources = subjects
        recipients = [a for t in objects for a in r.actors(t)]
        item_tokens = [t for t in objects if not r.actors(t)] or _prep_objects(verb, frame.item_preps)
        items = tuple(i for i in _items(item_tokens, r) if i.split()[-1].lower() not in frame.not_items)
        targets = recipients or _prep_actors(verb, frame.target_preps, r)
        if not items and lemma not in frame.recipient_only_verbs:  # "Iran arms the Houthis" names no item
            return
    else:
        sources = subjects
        if lemma in frame.possessor_only_verbs:
            targets = [p for t in objects for p in (r.possessor(t),) if p]
        else:
            targets = [a for t in objects for a in (r.actors(t, owners) or [p for p in (r.possessor(t),) if p]
                                                    or ([] if owners else _act_owner(t, r)))]
        targets += _prep_actors(verb, frame.verb_target_preps.get(lemma, frame.target_preps), r, owners)
        if not targets:  # "banned imports from Iran": the object's own phrase names the target
            targets = [a for t in objects for a in _prep_actors(t, frame.target_preps - {"of"}, r, owners)]
        if not targets and frame.through_acts:  # "threatened to annex part of Guyana"
            targets, construction = _act_targets(verb, r), "threatened_act"
        if not targets and frame.tolerance_verbs:  # "warned that the US will not tolerate Houthi attacks"
            targets, construction = _intolerable(verb, frame, r), "will_not_tolerate"
    confidence = 0.8 if len(sources) == 1 else 0.75
    yield from _pairs(sources, targets, frame.relation, verb, items, confidence, construction)
    if symmetric and not targets:
        yield from _coordinated(subjects, frame.relation, verb, 0.7, "coordinated_subjects")


def _act_owner(noun: Token, r: ArgumentResolver) -> list[Arg]:
    """ "condemned the Israeli strike on Qatar": whoever an act belongs to is the one it is held against."""
    return r.modifier_actors(noun)[:1] if noun.lemma_.lower() in r.lexicon.act_nouns or noun.lower_ in r.lexicon.act_nouns else []


def _act_targets(verb: Token, r: ArgumentResolver) -> list[Arg]:
    """The actors a verb's infinitive acts on: "to annex part of Guyana", "to strike Iran"."""
    for act in verb.children:
        if act.dep_ == "xcomp" and act.pos_ == "VERB":
            objects = [c for c in act.children if c.dep_ in ("dobj", "dative")]
            found = [a for t in objects for a in r.actors(t, owners=True) or [p for p in (r.possessor(t),) if p]]
            found += [a for t in _object_phrases(objects) + _prep_objects(act, ("on", "against", "at"))
                      for a in r.actors(t, owners=True)]
            if found:
                return found
    return []


def _intolerable(verb: Token, frame: Frame, r: ArgumentResolver) -> list[Arg]:
    """The owners of what a warning says will not be tolerated: a threat of consequences."""
    for clause in verb.children:
        if clause.dep_ == "ccomp" and clause.lemma_.lower() in frame.tolerance_verbs and \
                any(c.dep_ == "neg" for c in clause.children):
            return [a for c in clause.children if c.dep_ == "dobj" for a in r.actors(c) or r.modifier_actors(c)]
    return []


def _reciprocal(trigger: Token, relation: str, sides: list[Arg], others: list[Arg]) -> Iterator[RuleMatch]:
    """ "X and Y exchanged fire", "X clashed with Y": the relation holds both ways."""
    pairs = [(a, b) for a in sides for b in others] + list(combinations(_unique(sides), 2))
    for a, b in pairs:
        if a.actor != b.actor:
            yield RuleMatch(a, relation, b, trigger, confidence=0.7, construction="reciprocal")
            yield RuleMatch(b, relation, a, trigger, confidence=0.7, construction="reciprocal")


# ---------------------------------------------------------------- nouns


def _from_noun(noun: Token, frame: Frame, r: ArgumentResolver, symmetric: bool) -> Iterator[RuleMatch]:
    owners = frame.through_owners
    lemma = noun.lemma_.lower()
    modifiers = r.modifier_actors(noun)
    if any(c.lemma_.lower() == "exchange" for c in noun.children) or (
            noun.dep_ == "dobj" and noun.head.lemma_.lower() == "exchange"):
        sides = modifiers or _subject_actors(noun.head, r)
        yield from _reciprocal(noun, frame.relation, sides, [])
        return
    anchor = _of_anchor(noun)
    targets = _prep_actors(anchor, frame.target_preps - {"between", "of"}, r, owners) if anchor.i != noun.i else []
    targets += _prep_actors(noun, frame.target_preps - {"between"}, r, owners)
    if not targets:  # "the closure of all land borders with the country"
        targets = [a for t in _prep_objects(noun, ("of",)) for a in _prep_actors(t, frame.target_preps - {"of"}, r, owners)]
    if not targets and not owners:  # "support for Armenia's sovereignty", "criticism of Israel's operation"
        targets = [p for t in _prep_objects(noun, frame.target_preps - {"between"}) for p in (r.possessor(t),) if p]
    between = _between_actors(noun, r)
    context = _clause_subjects(noun, r, circumstances=symmetric)
    if noun.dep_ in ("dobj", "attr", "nsubjpass") and noun.head.pos_ in ("VERB", "AUX"):
        # "imposed sanctions on Iran", "sanctions were imposed on Iran", "signed a deal with Iraq": the verb
        # carries the target's preposition too.
        targets += _prep_actors(noun.head, frame.target_preps - {"between"}, r, owners)
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in frame.drawing_verbs:
        # "China's support for Russia drew criticism from NATO": NATO criticises China.
        critics = _prep_actors(noun, ("from", "by"), r) or _prep_actors(noun.head, ("from", "by"), r)
        subjects = _subjects(noun.head)
        criticised = [a for t in subjects for a in (r.actors(t) or [p for p in (r.possessor(t),) if p])]
        yield from _pairs(critics, criticised, frame.relation, noun, (), 0.65, "drew_criticism")
        return
    if frame.relation == "SUPPLIES" and noun.dep_ == "dobj" and noun.head.lemma_.lower() in frame.reverse_verbs:
        # "Pakistan secured an IMF bailout": the supplier modifies the noun, the verb's subject receives.
        yield from _pairs(modifiers, _subject_actors(noun.head, r), frame.relation, noun, (_phrase(noun, r),), 0.65,
                          "secured_from")
        return
    if lemma.endswith(AGENT_NOUN_ENDINGS) or lemma in ("ally", "partner"):
        yield from _agent_noun(noun, frame, r, modifiers + targets)
        return
    if symmetric and {lemma, noun.lower_} & frame.modifier_nouns and not between and not _is_joint(noun):
        return
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in frame.stop_verbs:
        return  # "suspended all development aid to Niger" stops supplying: the sanction is found on the verb
    items = _noun_items(noun, r) if frame.relation == "SUPPLIES" else _produced(noun, frame, r)
    target_actors = {t.actor for t in targets}
    sources = ([m for m in modifiers if m.actor not in target_actors] or _prep_actors(noun, ("by",), r)
               or _prep_actors(anchor, ("by",), r) or context
               or (_clause_subjects(anchor, r, circumstances=symmetric) if anchor.i != noun.i else []))
    if symmetric:
        yield from _coordinated(between, frame.relation, noun, 0.75, "between", items)
        if len(sources) >= 2 and not targets and not between:  # mediators of "talks between X and Y" do not meet
            yield from _coordinated(sources, frame.relation, noun, 0.65, "coordinated_owners", items)
        elif noun.dep_ == "pobj" and noun.head.head.pos_ == "PROPN" and not (sources or targets or between):
            yield from _coordinated(r.actors(noun.head.head), frame.relation, noun, 0.6, "in_partnership")
    yield from _pairs(sources, targets, frame.relation, noun, items, 0.65, "noun_owner_target")


def _agent_noun(noun: Token, frame: Frame, r: ArgumentResolver, served: list[Arg]) -> Iterator[RuleMatch]:
    """ "Iran had become one of Russia's main military supporters": the copula's subject serves the possessor."""
    anchor = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else noun
    if anchor.dep_ not in ("attr", "oprd"):
        return
    items = ()
    if frame.relation == "SUPPLIES" and noun.lemma_.lower().startswith("support"):
        items = (" ".join([t.text for t in noun.lefts if t.dep_ == "amod"] + ["support"]),)
    yield from _pairs(_subject_actors(anchor.head, r), served, frame.relation, noun, items, 0.7, "agent_noun")


def _from_compound_adjective(adjective: Token, relation: str, r: ArgumentResolver) -> Iterator[RuleMatch]:
    """ "the Iran-backed militia": the actor before the hyphen backs the phrase's actor."""
    source = r.actor(adjective.nbor(-2))
    if source is None:
        return
    noun = adjective.head
    targets = [a for a in (r.actors(noun, owners=True) if noun.i != adjective.i else []) if a.actor != source.actor]
    if not targets:
        # "the Iran-backed militia group" stands for the organisation the sentence names.
        orgs = [a for a in r.sentence_actors(adjective) if a.actor.startswith("org:") and a.actor != source.actor]
        targets = [Arg(orgs[0].actor, orgs[0].token, "context")] if len(orgs) == 1 else []
    yield from _pairs([source], targets, relation, adjective, (), 0.7, "backed_adjective")


# ---------------------------------------------------------------- arguments


def _subject_actors(verb: Token, r: ArgumentResolver) -> list[Arg]:
    if verb.dep_ == "acl" and verb.tag_ == "VB" and r.possessor(verb.head):
        return [r.possessor(verb.head)]  # "Germany's decision to send missiles"
    subjects = _subjects(verb)
    if len(subjects) == 1 and subjects[0].i == verb.i - 1 and subjects[0].dep_ not in ("nsubj", "csubj"):
        arg = r.actor(subjects[0])  # an absolute "with Egypt backing": just that actor, whatever it is coordinated with
        return [arg] if arg else []
    return [a for t in subjects for a in r.actors(t)]


def _subjects(verb: Token) -> list[Token]:
    """The verb's subjects, also where the parse leaves them implicit:
    "Russia intends to provide", "asked the US to send", "accused Iran of supplying", "condemned the US for
    selling", "denied claims of sending",
    "with Egypt backing", "the UAE, which sent"."""
    for _ in range(5):
        found = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
        if found:
            return found
        head = verb.head
        if verb.dep_ == "pcomp" and head.lower_ in ("of", "for"):
            owner = head.head
            if owner.pos_ == "VERB":
                objects = [c for c in owner.children if c.dep_ == "dobj"]
                if objects:
                    return objects
                verb = owner
            elif owner.dep_ in ("dobj", "pobj") and owner.head.pos_ in ("VERB", "ADP"):
                verb = owner.head if owner.head.pos_ == "VERB" else owner.head.head
            else:
                return []
        elif verb.dep_ == "xcomp":
            objects = [c for c in head.children if c.dep_ == "dobj"]
            if objects:
                return objects
            verb = head
        elif verb.dep_ in ("acl", "relcl"):
            return [head]
        elif verb.tag_ == "VBG" and verb.i > 0 and verb.nbor(-1).pos_ == "PROPN":
            return [verb.nbor(-1)]  # "with Egypt backing Burhan"
        elif verb.dep_ in ("conj", "advcl", "pcomp"):
            verb = head
        else:
            return []
    return []


def _clause_subjects(noun: Token, r: ArgumentResolver, circumstances: bool) -> list[Arg]:
    """The subject of the clause a noun is the object of ("signed a deal"), and for meetings and other symmetric
    relations of the clause it sets the circumstances of: "he asked ... during a visit to the U.S." -> his visit."""
    while noun.dep_ == "conj" and noun.head.pos_ == "NOUN":  # "announced X, the closure of Y and a halt to Z"
        noun = noun.head
    head = noun.head
    if noun.dep_ in ("dobj", "attr") and head.pos_ in ("VERB", "AUX"):
        return _subject_actors(head, r)
    if noun.dep_ == "nsubjpass" and head.pos_ == "VERB":  # "sanctions were imposed ... by the EU"
        return _prep_actors(head, ("by",), r)
    if circumstances and noun.dep_ == "pobj" and head.lower_ in r.lexicon.circumstance_preps and head.head.pos_ in ("VERB", "AUX"):
        return _subject_actors(head.head, r)
    return []


def _between_actors(noun: Token, r: ArgumentResolver) -> list[Arg]:
    """ "between X and Y"; "between the two countries" or "between them" carry the two actors the sentence names."""
    found = []
    for pobj in _prep_objects(noun, ("between",)):
        found += r.actors(pobj)
        if not found and (pobj.lower_ == "them" or pobj.lemma_.lower() in r.lexicon.pair_nouns and
                          any(c.lower_ in ("two", "both") for c in pobj.children)):
            named = r.sentence_actors(noun)
            found = named if len(named) == 2 else []
    return found


def _object_phrases(objects: list[Token]) -> list[Token]:
    """The objects and the nouns of their prepositional phrases, where a parse may hang the verb's "from"."""
    return objects + [p for o in objects for p in _prep_objects(o, ("in", "of", "as"))]


def _prep_objects(token: Token, preps) -> list[Token]:
    return [pobj for child in token.children if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps
            for pobj in child.children if pobj.dep_ in ("pobj", "pcomp")]


def _prep_actors(token: Token, preps, r: ArgumentResolver, owners: bool = False) -> list[Arg]:
    """Actors in the token's prepositional phrases; a preposition a frame names as its target's ("fired at
    Israel") marks a target, even where it would otherwise mark a place."""
    found = []
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ in ("pobj", "pcomp"):
                    found += r.actors(pobj, owners, places=child.lower_ not in r.lexicon.aiming_preps)
    return found


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


# ---------------------------------------------------------------- items


def _items(tokens: list[Token], r: ArgumentResolver) -> tuple[str, ...]:
    """The supplied things, as written: "hundreds of drones" -> drones; lists distribute."""
    found = []
    for token in tokens:
        for head in (token, *token.conjuncts):
            head = _past_quantity(head, r.lexicon)
            if head.pos_ in ("NOUN", "PROPN", "NUM", "SYM") and not r.actors(head):
                found.append(_phrase(head, r))
    return tuple(dict.fromkeys(f for f in found if f))


def items_at(trigger: Token, r: ArgumentResolver) -> tuple[str, ...]:
    """What a trigger the rules did not read says is supplied or made: its objects that are not actors, or for a
    noun, its "of" phrase or itself ("military aid")."""
    if trigger.pos_ in ("NOUN", "PROPN"):
        return _noun_items(trigger, r)
    objects = [c for c in trigger.children if c.dep_ in OBJECTS and not r.actors(c)]
    return _items(objects or _prep_objects(trigger, ("of", "with")), r)


def _noun_items(noun: Token, r: ArgumentResolver) -> tuple[str, ...]:
    """ "deliveries of tanks" -> tanks; "financial support" -> itself."""
    of_objects = [t for t in _prep_objects(noun, ("of",)) if not r.actors(t)]
    return _items(of_objects, r) if of_objects else (_phrase(noun, r),)


def _produced(noun: Token, frame: Frame, r: ArgumentResolver) -> tuple[str, ...]:
    """ "a partnership to produce drones", "joint production of missiles": what a cooperation makes."""
    if noun.lemma_.lower() in frame.production_verbs or noun.lower_ == "production":
        return _items(_prep_objects(noun, ("of",)), r)
    for clause in noun.children:
        if clause.dep_ in ("acl", "relcl") and clause.lemma_.lower() in frame.production_verbs:
            return _items([c for c in clause.children if c.dep_ == "dobj"], r)
    return ()


def _past_quantity(token: Token, lexicon: Lexicon) -> Token:
    while token.lemma_.lower() in lexicon.quantity_heads or token.pos_ == "NUM":
        objects = _prep_objects(token, ("of",))
        if not objects:
            break
        token = objects[0]
    return token


def _phrase(head: Token, r: ArgumentResolver | None = None) -> str:
    """The noun phrase up to its head as written, without leading determiners, quantities, possessors or the
    actor that owns it: "hundreds of drones" -> "drones", "Iranian support" -> "support", "$2bn" -> "$2bn"."""
    doc, start = head.doc, head.left_edge.i
    while start < head.i and (doc[start].dep_ in LEADING_DEPS or doc[start].pos_ in ("DET", "PUNCT", "PRON")
                              or doc[start].lower_ in ("more", "some", "any", "other", "'s", "’s")
                              or r is not None and start in r.at):
        start += 1
    return re.sub(r"[\"“”]", "", doc[start: head.i + 1].text).strip("'‘’ ")


def _of_anchor(noun: Token) -> Token:
    """ "an unlawful use of force by X against Y": the noun that "of <trigger>" hangs off carries the arguments."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        return noun.head.head
    return noun


def _is_joint(noun: Token) -> bool:
    return any(c.lower_ in ("joint", "combined", "bilateral", "trilateral", "mutual") for c in noun.subtree)


# ---------------------------------------------------------------- shared


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
