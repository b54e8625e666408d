"""Who claims a relation, whether it is affirmed or denied, and whether it is actual, planned or possible."""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from .arguments import ArgumentResolver
from .lexicon import Lexicon

__all__ = ["Attribution", "attribute", "headline_claimant"]

CLAUSE_LINKS = ("ccomp", "xcomp", "parataxis", "advcl", "conj", "acl", "relcl", "pcomp", "pobj", "prep", "dobj", "attr",
                "nsubj", "nsubjpass", "appos", "amod", "compound", "npadvmod")
HEADLINE_SOURCE = re.compile(r"\s+[-–—:]\s+([^-–—:]{1,40})$")


@dataclass(frozen=True)
class Attribution:
    claimed_by: str | None = None
    polarity: str = "affirmed"
    modality: str = "actual"


def attribute(trigger: Token, source: str, r: ArgumentResolver, lexicon: Lexicon, sent: Span,
              headline_source: str | None = None) -> Attribution:
    """Walk from the trigger up the parse: reporting verbs give the claimant, denials and negation the polarity,
    auxiliaries and verbs of intent the modality."""
    claimed_by = None
    denied = _negated(trigger)
    modality = _modality(trigger, lexicon)
    token = trigger
    steps = 0
    while token.head is not token and steps < 8:
        link, token = token.dep_, token.head
        steps += 1
        lemma = token.lemma_.lower()
        if link not in CLAUSE_LINKS:
            continue
        if lemma in lexicon.denial_verbs:
            denied = not denied
            claimed_by = claimed_by or _speaker(token, r)
        elif lemma in lexicon.reporting_verbs and token.pos_ in ("VERB", "AUX"):
            speaker = _speaker(token, r)
            if speaker is not None and claimed_by is None:
                claimed_by = speaker
            if _negated(token):
                denied = not denied
            if modality == "actual" and lemma == "fear":
                modality = "planned"
        elif modality == "actual" and (lemma in lexicon.planned_verbs and link == "xcomp" or lemma in lexicon.planned_nouns):
            modality = "planned"
        if modality == "actual" and token.pos_ in ("VERB", "AUX") and link in ("xcomp", "ccomp", "conj"):
            modality = _modality(token, lexicon) if lemma not in lexicon.reporting_verbs else modality
    claimed_by = claimed_by or _according_to(sent, r) or headline_source
    return Attribution(claimed_by=claimed_by, polarity="denied" if denied else "affirmed", modality=modality)


def headline_claimant(title_sent: Span, r: ArgumentResolver) -> str | None:
    """ "Russia and Iran in full defence partnership - US": the actor after a final dash or colon claims the headline."""
    match = HEADLINE_SOURCE.search(title_sent.text)
    if match is None:
        return None
    start = title_sent.start_char + match.start(1)
    for token in title_sent:
        if token.idx >= start:
            arg = r.actor(token)
            if arg is not None:
                return arg.actor
    return None


def _speaker(verb: Token, r: ArgumentResolver) -> str | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            found = r.actors(child)
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
