"""Organisations no dictionary knows: named by spaCy's entity recogniser (ORG, or NORP used as a group) and acting
in a sentence of the article.

A name becomes an actor when it says it is a body ("Mahdi Army", "Justice and Equality Movement"), or when its
members act ("Ansar Dine fighters attacked ..."), and one of its mentions is the subject or object of a relation
trigger; then every mention of it in the article names it, and so does the acronym the article gives it in
brackets. Its id comes from its name, the same every time: ``org:MahdiArmy``, or the acronym the article gives
(``org:JEM``), as the annotation guidelines ask. Companies, outlets and clubs are no actors; neither is a state's own
body ("the Iraqi Governing Council" names Iraq, which the gazetteer finds), except a group that takes a place in its
name to fight for it ("Sudan Liberation Army"), which is a group and not that state.

>>> org_id("Mahdi Army"), org_id("the Justice and Equality Movement"), org_id("Hay'at al-Tahrir")
('org:MahdiArmy', 'org:JusticeAndEqualityMovement', 'org:HayatAlTahrir')
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from .lexicon import Lexicon
from .mentions import Mention

__all__ = ["GroupFinder", "org_id"]

LABELS = ("ORG", "NORP")
# Words of a group's name that fight for a place: such a name is the group's even when it names a state.
INSURGENT_WORDS = {"liberation", "front", "movement", "rebels", "resistance", "brigades", "mujahideen", "jihad",
                   "martyrs", "tigers", "militia", "militias", "insurgents"}
ACRONYM = re.compile(r"[A-Z][A-Za-z]{1,6}")


def org_id(name: str) -> str:
    """The stable id of an organisation known only by its name: its words in CamelCase, without a leading article
    or punctuation."""
    words = re.split(r"[\s\-]+", re.sub(r"^(the|The)\s+", "", name.strip()))
    parts = [re.sub(r"[^\w]", "", w) for w in words]
    return "org:" + "".join(p[:1].upper() + p[1:] for p in parts if p)


class GroupFinder:
    """Finds the organisations of an article that no gazetteer knows and that act in it."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon

    def __call__(self, doc: Doc, mentions: list[Mention]) -> tuple[list[Mention], set[int]]:
        """The mentions of unknown organisations that act somewhere in the article, and the tokens of gazetteer
        mentions they replace (a state inside a group's name: "Sudan Liberation Army")."""
        at = {i: m for m in mentions for i in range(m.start, m.end)}
        spans = [self._trim(ent) for ent in doc.ents if ent.label_ in LABELS]
        spans = [span for span in spans if span is not None]
        names: dict[str, str] = {}  # the name as written -> id, for names one of whose mentions acts
        for span in spans:
            if self._is_group(span, at) and self._acts(span):
                names.setdefault(_text(span), org_id(_text(span)))
        if not names:
            return [], set()
        for span in spans:  # "Justice and Equality Movement (JEM)": the article's acronym is its id and a name
            acronym = _bracketed(span)
            if _text(span) in names and acronym is not None:
                names[_text(span)] = names[acronym.text] = f"org:{acronym.text}"
        found, replaced, taken = [], set(), set()
        for span in [*spans, *_words(doc, names)]:
            text = _text(span)
            if text not in names or taken & set(range(span.start, span.end)):
                continue
            inside = {i for i in range(span.start, span.end) if i in at}
            if any(at[i].start < span.start or at[i].end > span.end for i in inside):
                continue  # a gazetteer name runs across it
            taken.update(range(span.start, span.end))
            replaced |= inside
            found.append(Mention(span.start, span.end, names[text], "name"))
        return sorted(found, key=lambda m: m.start), replaced

    def _trim(self, ent: Span) -> Span | None:
        """The entity without a leading "the", a bracket and what follows it, or a trailing possessive."""
        start, end = ent.start, ent.end
        doc = ent.doc
        while start < end and doc[start].lower_ in ("the", "a", "an"):
            start += 1
        bracket = next((t.i for t in doc[start:end] if t.text == "("), None)
        end = bracket if bracket is not None else end  # "Southern Liberation Front (SLF": the name, then its acronym
        while end > start and (doc[end - 1].lower_ in ("'s", "’s") or doc[end - 1].is_punct):
            end -= 1
        return Span(doc, start, end, label=ent.label_) if end > start else None

    def _is_group(self, span: Span, at: dict) -> bool:
        """Whether an entity's name says it is an organisation of the kind that acts in world news, and is not a
        company, an outlet, a club or a state's own body."""
        words = [t.lower_ for t in span]
        if not span[0].text[:1].isupper() or any(w in self.lexicon.company_words for w in words):
            return False
        named = [at[t.i] for t in span if t.i in at]
        if named and not (set(words) & INSURGENT_WORDS and all(not m.actor.startswith("org:") for m in named)):
            return False  # a known actor, or a state's own body ("Iraqi Governing Council")
        if _owned(span, at):
            return False  # "the AU Peace and Security Council", "Iraq's National Council": that actor's body
        if set(words) & self.lexicon.group_words:
            # "Army" alone, "the Security Council", "Popular Resistance": words that could be anybody's
            return any(w[:1].isalpha() and w not in self.lexicon.group_words | self.lexicon.generic_group_words
                       for w in words)
        return span.label_ == "ORG" and _members_follow(span, self.lexicon)  # "Kurdish fighters" are no group

    def _acts(self, span: Span) -> bool:
        """Whether a mention is the subject or object of a relation trigger, itself or through its members."""
        token = span.root
        if token.dep_ in ("compound", "amod", "nmod", "poss") and (token.head.lower_ in self.lexicon.member_nouns):
            token = token.head  # "Ansar Dine fighters attacked"
        while token.dep_ == "conj" and token.head.i != token.i:
            token = token.head
        if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ in self.lexicon.member_nouns:
            token = token.head.head  # "fighters of the Mahdi Army"
        if token.dep_ in ("nsubj", "nsubjpass", "dobj", "dative", "attr"):
            governor = token.head
        elif token.dep_ == "pobj" and token.head.dep_ in ("prep", "agent"):
            governor = token.head.head
        elif token.dep_ == "poss":
            governor = token.head  # "the Mahdi Army's attack on ..."
        else:
            return False
        return self._triggers(governor) or any(c.dep_ == "xcomp" and self._triggers(c) for c in governor.children)

    def _triggers(self, token: Token) -> bool:
        lemma = token.lemma_.lower()
        return (lemma in self.lexicon.verb_triggers or lemma in self.lexicon.reciprocal
                or bool(self.lexicon.noun_relations(token)))


def _text(span: Span) -> str:
    return " ".join(span.text.split())


def _owned(span: Span, at: dict) -> bool:
    """Whether a known actor owns the name: named right before it, or as its possessor."""
    doc, before = span.doc, span.start - 1
    if before >= 0 and doc[before].lower_ in ("'s", "’s"):
        before -= 1
    return before >= 0 and before in at or any(c.dep_ == "poss" and c.i in at for c in span.root.children)


def _members_follow(span: Span, lexicon: Lexicon) -> bool:
    """ "Ansar Dine fighters": a name its members follow is a group's."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].lower_ in lexicon.member_nouns - {"members", "group", "network", "wing"}


def _bracketed(span: Span) -> Token | None:
    """The acronym in brackets right after a name: "Justice and Equality Movement (JEM)"."""
    doc = span.doc
    if span.end + 2 < len(doc) and doc[span.end].text == "(" and doc[span.end + 2].text == ")":
        token = doc[span.end + 1]
        if ACRONYM.fullmatch(token.text) and token.text[:2].isupper():
            return token
    return None


def _words(doc: Doc, names: dict[str, str]) -> list[Span]:
    """Single-token mentions of the names (an acronym the recogniser did not tag)."""
    single = {name for name in names if " " not in name}
    return [doc[t.i: t.i + 1] for t in doc if t.text in single]
