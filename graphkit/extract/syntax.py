"""Reading arguments off the dependency parse: subjects where the parse leaves them implicit, prepositional
phrases, the actors in them, and the things a phrase names as supplied or made.

These are the parts the rules' constructions (:mod:`graphkit.extract.constructions`) are built from; each takes a
token and the article's :class:`~graphkit.extract.arguments.ArgumentResolver`.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the resolver is only passed through: no import of its module (which loads the lexicon)
    from spacy.tokens import Token

    from .arguments import Arg, ArgumentResolver
    from .lexicon import Frame, Lexicon

__all__ = ["OBJECTS", "subject_actors", "subject_tokens", "clause_subjects", "between_actors", "object_phrases",
           "prep_objects", "prep_actors", "is_passive", "read_items", "items_at", "noun_items", "produced_items",
           "phrase", "of_anchor", "is_joint"]

OBJECTS = ("dobj", "dative", "attr", "oprd")
LEADING_DEPS = ("det", "poss", "predet", "case", "nummod", "quantmod", "punct", "advmod", "neg", "cc")


# ---------------------------------------------------------------- arguments


def subject_actors(verb: Token, r: ArgumentResolver) -> list[Arg]:
    """The actors a verb's subjects name (:func:`subject_tokens`)."""
    if verb.dep_ == "acl" and verb.tag_ == "VB" and r.possessor(verb.head):
        return [r.possessor(verb.head)]  # "Germany's decision to send missiles"
    subjects = subject_tokens(verb)
    if len(subjects) == 1 and subjects[0].i == verb.i - 1 and subjects[0].dep_ not in ("nsubj", "csubj"):
        arg = r.actor(subjects[0])  # an absolute "with Egypt backing": just that actor, whatever it is coordinated with
        return [arg] if arg else []
    return [a for t in subjects for a in r.actors(t)]


def subject_tokens(verb: Token) -> list[Token]:
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


def clause_subjects(noun: Token, r: ArgumentResolver, circumstances: bool) -> list[Arg]:
    """The subject of the clause a noun is the object of ("signed a deal"), and for meetings and other symmetric
    relations of the clause it sets the circumstances of: "he asked ... during a visit to the U.S." -> his visit."""
    while noun.dep_ == "conj" and noun.head.pos_ == "NOUN":  # "announced X, the closure of Y and a halt to Z"
        noun = noun.head
    head = noun.head
    if noun.dep_ in ("dobj", "attr") and head.pos_ in ("VERB", "AUX"):
        return subject_actors(head, r)
    if noun.dep_ == "nsubjpass" and head.pos_ == "VERB":  # "sanctions were imposed ... by the EU"
        return prep_actors(head, ("by",), r)
    if circumstances and noun.dep_ == "pobj" and head.lower_ in r.lexicon.circumstance_preps and head.head.pos_ in ("VERB", "AUX"):
        return subject_actors(head.head, r)
    return []


def between_actors(noun: Token, r: ArgumentResolver) -> list[Arg]:
    """ "between X and Y"; "between the two countries" or "between them" carry the two actors the sentence names."""
    found = []
    for pobj in prep_objects(noun, ("between",)):
        found += r.actors(pobj)
        if not found and (pobj.lower_ in r.lexicon.pair_pronouns or pobj.lemma_.lower() in r.lexicon.pair_nouns and
                          any(c.lower_ in r.lexicon.pair_quantifiers for c in pobj.children)):
            named = r.sentence_actors(noun)
            found = named if len(named) == 2 else []
    return found


def object_phrases(objects: list[Token]) -> list[Token]:
    """The objects and the nouns of their prepositional phrases, where a parse may hang the verb's "from"."""
    return objects + [p for o in objects for p in prep_objects(o, ("in", "of", "as"))]


def prep_objects(token: Token, preps) -> list[Token]:
    """The objects of the token's prepositional phrases with one of ``preps``."""
    return [pobj for child in token.children if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps
            for pobj in child.children if pobj.dep_ in ("pobj", "pcomp")]


def prep_actors(token: Token, preps, r: ArgumentResolver, owners: bool = False) -> list[Arg]:
    """Actors in the token's prepositional phrases; a preposition a frame names as its target's ("fired at
    Israel") marks a target, even where it would otherwise mark a place."""
    found = []
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ in ("pobj", "pcomp"):
                    found += r.actors(pobj, owners, places=child.lower_ not in r.lexicon.aiming_preps)
    return found


def is_passive(verb: Token) -> bool:
    """Whether the verb is in the passive voice: "were sent"."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def of_anchor(noun: Token) -> Token:
    """ "an unlawful use of force by X against Y": the noun that "of <trigger>" hangs off carries the arguments."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        return noun.head.head
    return noun


def is_joint(noun: Token, lexicon: Lexicon) -> bool:
    """Whether the noun's phrase says it is shared: "joint drills"."""
    return any(c.lower_ in lexicon.joint_words for c in noun.subtree)


# ---------------------------------------------------------------- items


def read_items(tokens: list[Token], r: ArgumentResolver) -> tuple[str, ...]:
    """The supplied things, as written: "hundreds of drones" -> drones; lists distribute."""
    found = []
    for token in tokens:
        for head in (token, *token.conjuncts):
            head = _past_transaction(_past_quantity(head, r.lexicon), r)
            if head.pos_ in ("NOUN", "PROPN", "NUM", "SYM") and not r.actors(head):
                found.append(phrase(head, r))
    return tuple(dict.fromkeys(f for f in found if f))


def items_at(trigger: Token, r: ArgumentResolver) -> tuple[str, ...]:
    """What a trigger the rules did not read says is supplied or made: its objects that are not actors, or for a
    noun, its "of" phrase or itself ("military aid")."""
    if trigger.pos_ in ("NOUN", "PROPN"):
        return noun_items(trigger, r)
    objects = [c for c in trigger.children if c.dep_ in OBJECTS and not r.actors(c)]
    return read_items(objects or prep_objects(trigger, ("of", "with")), r)


def noun_items(noun: Token, r: ArgumentResolver) -> tuple[str, ...]:
    """ "deliveries of tanks" -> tanks; "financial support" -> itself."""
    of_objects = [t for t in prep_objects(noun, ("of",)) if not r.actors(t)]
    return read_items(of_objects, r) if of_objects else (phrase(_past_transaction(noun, r), r),)


def produced_items(noun: Token, frame: Frame, r: ArgumentResolver) -> tuple[str, ...]:
    """ "a partnership to produce drones", "joint production of missiles": what a cooperation makes."""
    if noun.lemma_.lower() in frame.production_verbs or noun.lower_ == "production":
        return read_items(prep_objects(noun, ("of",)), r)
    for clause in noun.children:
        if clause.dep_ in ("acl", "relcl") and clause.lemma_.lower() in frame.production_verbs:
            return read_items([c for c in clause.children if c.dep_ == "dobj"], r)
    return ()


def _past_quantity(token: Token, lexicon: Lexicon) -> Token:
    while token.lemma_.lower() in lexicon.quantity_heads or token.pos_ == "NUM":
        objects = prep_objects(token, ("of",))
        if not objects:
            break
        token = objects[0]
    return token


def _past_transaction(token: Token, r: ArgumentResolver) -> Token:
    """ "a $6.4 billion arms sale" supplies arms: a transaction noun's compound names what passes."""
    if token.lemma_.lower() in r.lexicon.transaction_nouns:
        for child in token.children:
            if child.dep_ == "compound" and child.pos_ in ("NOUN", "PROPN") and not r.actors(child):
                return child
    return token


def phrase(head: Token, r: ArgumentResolver) -> str:
    """The noun phrase up to its head as written, without leading determiners, quantities, possessors or the
    actor that owns it: "hundreds of drones" -> "drones", "Iranian support" -> "support", "$2bn" -> "$2bn"."""
    doc, start = head.doc, head.left_edge.i
    while start < head.i and (doc[start].dep_ in LEADING_DEPS or doc[start].pos_ in ("DET", "PUNCT", "PRON")
                              or doc[start].lower_ in ("'s", "’s") or doc[start].lower_ in r.lexicon.item_leading_words
                              or start in r.at):
        start += 1
    return re.sub(r"[\"“”]", "", doc[start: head.i + 1].text).strip("'‘’ ")
