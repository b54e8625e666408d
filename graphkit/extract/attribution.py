"""Who claims a relation, whether it is affirmed or denied, and whether it is actual, planned or possible."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from .arguments import ArgumentResolver
from .lexicon import Lexicon

__all__ = ["Attribution", "attribute"]

CLAUSE_LINKS = ("ccomp", "xcomp", "parataxis", "advcl", "conj", "acl", "relcl", "pcomp", "pobj", "prep", "dobj", "attr",
                "nsubj", "nsubjpass", "appos", "amod", "compound", "npadvmod")


@dataclass(frozen=True)
class Attribution:
    claimed_by: str | None = None
    polarity: str = "affirmed"
    modality: str = "actual"


def attribute(trigger: Token, source: str, relation: str, r: ArgumentResolver, lexicon: Lexicon, sent: Span,
              headline_source: str | None = None) -> Attribution:
    """Walk from the trigger up the parse: reporting verbs give the claimant, denials and negation the polarity,
    auxiliaries and verbs of intent the modality.

    A speaker's own speech act ("the UK agreed with the US", "'I thank Saudi Arabia,' Dar said") carries no
    claimant; what a speaker reports about anyone, itself included, carries the speaker.
    """
    claimed_by = None
    denied = _negated(trigger)
    modality = _modality(_clause_verb(trigger), lexicon)
    reported = False  # past a reporting verb, intent words belong to the speaker, not to the relation
    token = trigger
    for _ in range(8):
        if token.head.i == token.i:
            break
        if token.dep_ == "pobj" and token.head.lower_ in lexicon.adjunct_preps:
            break  # "..., following similar measures by the EU": an adjunct in the article's own voice
        link, token = token.dep_, token.head
        lemma = token.lemma_.lower()
        if link not in CLAUSE_LINKS:
            continue
        if lemma in lexicon.denial_verbs:
            denied = not denied
            claimed_by = claimed_by or _speaker(token, r)
            reported = True
        elif lemma in lexicon.reporting_verbs and token.pos_ in ("VERB", "AUX"):
            claimed_by = claimed_by or _speaker(token, r)
            denied = denied != _negated(token)
            if not reported and modality == "actual" and lemma == "fear":
                modality = "planned"
            reported = True
        elif reported:
            continue
        elif link == "xcomp" and _negated(token):
            denied = not denied  # "would not dare attack Iran", "does not plan to send troops"
        elif modality == "actual" and (lemma in lexicon.planned_verbs and link == "xcomp" or lemma in lexicon.planned_nouns
                                       or lemma in lexicon.wish_verbs and link in ("dobj", "pobj", "prep")):
            modality = "planned"  # "intends to send", "urged sanctions on Iran", "called for talks with"
        elif modality == "actual" and token.pos_ in ("VERB", "AUX") and link in ("xcomp", "ccomp", "conj"):
            modality = _modality(token, lexicon)
    claimed_by = claimed_by or _parenthetical_speaker(trigger, r, lexicon) or _according_to(sent, r) or headline_source
    if claimed_by == source and relation in lexicon.speech_acts or _first_person_subject(trigger):
        claimed_by = None
    return Attribution(claimed_by=claimed_by, polarity="denied" if denied else "affirmed", modality=modality)


def _clause_verb(trigger: Token) -> Token:
    """The verb whose auxiliaries set a trigger's modality: the trigger itself, or the verb a noun hangs off
    ("Iranian support ... would grow", "the IMF will stagger disbursements")."""
    token = trigger
    for _ in range(3):
        if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
            return token
        if token.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "prep", "attr", "compound", "amod"):
            return token
        token = token.head
    return token


def _parenthetical_speaker(trigger: Token, r: ArgumentResolver, lexicon: Lexicon) -> str | None:
    """ "Pakistan has received $2bn from Saudi Arabia, Finance Minister Ishaq Dar said": a reporting verb hung
    beside the clause (a conjunct or parataxis after it, or one before it with no clause of its own) attributes
    the whole sentence."""
    for above in (trigger, *trigger.ancestors):
        for child in above.children:
            own_clause = any(c.dep_ in ("ccomp", "xcomp") for c in child.children)
            if (child.dep_ in ("parataxis", "conj", "advcl") and child.lemma_.lower() in lexicon.reporting_verbs
                    and child.i != trigger.i and (child.i > trigger.i or not own_clause)):
                speaker = _speaker(child, r)
                if speaker is not None:
                    return speaker
    return None


def _first_person_subject(trigger: Token) -> bool:
    verb = _clause_verb(trigger)
    return any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in verb.children)


def _speaker(verb: Token, r: ArgumentResolver) -> str | None:
    """The actor the reporting verb's subject stands for, or its apposition's: a dateline the parser took for the
    subject ("ISLAMABAD – Pakistan confirmed ...") names a place, the apposition the speaker."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            found = r.actors(child) or [a for c in child.children if c.dep_ == "appos" for a in r.actors(c)]
            return found[0].actor if found else None
    return None


def _according_to(sent: Span, r: ArgumentResolver) -> str | None:
    for token in sent:
        if token.lower_ == "according" and token.i + 2 < sent.end and token.nbor(1).lower_ == "to":
            for child in token.nbor(1).children:
                found = r.actors(child)
                if found:
                    return found[0].actor
    return None


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children) or (
        token.dep_ in ("dobj", "pobj") and any(c.lower_ in ("no", "never") for c in token.children))


def _modality(token: Token, lexicon: Lexicon) -> str:
    for child in token.children:
        if child.dep_ in ("aux", "auxpass"):
            word = child.lower_
            if word in lexicon.planned_auxiliaries:
                return "planned"
            if word in lexicon.possible_auxiliaries:
                return "possible"
            if word == "going" or child.lemma_ == "go" and any(c.lower_ == "to" for c in token.children):
                return "planned"
    return "actual"
