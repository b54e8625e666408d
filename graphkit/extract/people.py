"""People in an article: their offices, and the actors they speak for.

"UK Foreign Secretary James Cleverly" states a role (a HOLDS_ROLE assertion) and
makes every later "Mr Cleverly", "Cleverly" or quoting "he" in the same article
speak for GBR. People graphkit knows speak for their state without an
introduction, but get no HOLDS_ROLE unless the article states the role: those
in ``data/people.tsv`` ("Putin") always, those in ``data/people-cameo.tsv``
(terms of office) for the state or organisation they served on the article's
date. A title the article states wins over both.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from ..errors import OntologyError
from .gazetteer import DATA_DIR
from .lexicon import Lexicon
from .mentions import Mention
from .names import NameIndex, fold, fuller

__all__ = ["Person", "RoleStatement", "ArticlePeople", "PeopleFinder", "Term", "load_people", "affiliation",
           "title_matches"]

PRONOUNS = {"he", "she", "him", "her"}
NAME_PARTICLES = {"al", "el", "bin", "ibn", "bint", "de", "da", "di", "del", "della", "van", "von", "der", "den", "la",
                  "le", "du", "dos", "das", "y", "ul", "ud", "ben", "abu", "ter", "mac"}
FORMER_WORDS = {"former", "ex", "late", "deposed", "ousted", "toppled", "exiled"}
BREAKS = {",", "(", "–", "—", "--", ":"}  # and a spaced "-" (a dateline's), never a hyphen
SKIP_IN_ROLE = {"DET", "PUNCT", "PART", "ADP", "CCONJ"}


@dataclass
class Person:
    name: str  # the fullest name the article gives
    actor: str | None = None

    @property
    def id(self) -> str:
        return f"person:{self.name}"


@dataclass(frozen=True)
class RoleStatement:
    """The article states that ``person`` holds ``role`` for ``actor`` in the sentence around token ``token``."""

    person: Person
    actor: str
    role: str
    token: int
    confidence: float


@dataclass(frozen=True)
class Office:
    """What the words around a name say of the person's office: the ``actor`` served, the ``role`` as written;
    ``stated`` when the article states it (a HOLDS_ROLE), ``speaks`` when the person speaks for the actor."""

    actor: str
    role: str
    confidence: float
    stated: bool = False
    speaks: bool = True


@dataclass
class ArticlePeople:
    """Who is who in one article: person mentions by token, and the roles the article states."""

    mentions: list[Mention] = field(default_factory=list)  # kind "person", actor may be "" if unknown
    persons: dict[int, Person] = field(default_factory=dict)  # token index -> person
    roles: list[RoleStatement] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    def person_at(self, token: Token) -> Person | None:
        """The person a token names, or the one a pronoun most likely refers to."""
        if token.i in self.persons:
            return self.persons[token.i]
        if token.lower_ in PRONOUNS:
            index = bisect_left(self._starts, token.i) - 1
            return self.persons[self.mentions[index].start] if index >= 0 else None
        return None


@dataclass(frozen=True)
class Term:
    """``name`` served ``actor`` from ``start`` to ``end`` (ISO dates; empty: open, or not given). A ``folded``
    term comes from a derived list whose names are matched whatever their case (the dictionaries write them in
    one case) and stand for the article's spelling of them."""

    name: str
    actor: str
    start: str = ""
    end: str = ""
    folded: bool = False
    role: str = ""  # the office, where people-cameo-roles.tsv gives it ("Minister of Finance")

    def covers(self, date: str) -> bool:
        return (not self.start or self.start <= date) and (not self.end or date <= self.end)


PEOPLE_FILES = (DATA_DIR / "people.tsv", DATA_DIR / "people-cameo.tsv")
FOLDED_FILES = (DATA_DIR / "people-cameo.tsv",)  # derived by scripts/build_gazetteers.py
# The office titles of the derived terms (CC BY-SA 3.0, a file of its own so that it can be dropped whole: without
# it, a title is checked against nothing and a former office is not recognised).
ROLE_FILES = (DATA_DIR / "people-cameo-roles.tsv",)



@cache
def load_people(paths: tuple[Path, ...] = PEOPLE_FILES, folded: tuple[Path, ...] = FOLDED_FILES,
                roles: tuple[Path, ...] = ROLE_FILES) -> dict[str, tuple[Term, ...]]:
    """Known people: every name and alias -> the terms of the people it names.

    Two layouts, told apart by their column count: ``full name, actor, aliases`` (always the actor's) and
    ``full name, aliases, actor, start, end`` (one row a term of office). Names of the ``folded`` files are keyed
    folded (:func:`fold`). A name an earlier file lists is left to that file: graphkit's own ``people.tsv`` comes
    first and knows who came after the derived dictionaries stopped. ``roles`` files (``full name, actor, start,
    end, role``) give the office of a term.

    >>> [t.actor for t in load_people()["Vladimir Putin"]]
    ['RUS']
    >>> sorted({t.actor for t in load_people()["mohamed elbaradei"]})
    ['EGY', 'org:IAEA']
    """
    offices = {tuple(values[:4]): values[4] for path in roles if path.is_file() for _, values in _rows(path)
               if len(values) == 5}
    known: dict[str, list[Term]] = {}
    for path in paths:
        found: dict[str, list[Term]] = {}
        for number, values in _rows(path):
            if len(values) == 3:
                name, actor, aliases = values
                start = end = ""
            elif len(values) == 5:
                name, aliases, actor, start, end = values
            else:
                raise OntologyError(f"{path}: row {number} has {len(values)} columns, expected 3 (full name, actor, "
                                    "aliases) or 5 (full name, aliases, actor, start, end)")
            folds = path in folded
            term = Term(name, actor, start, end, folds, offices.get((name, actor, start, end), ""))
            for alias in [name] + [a for a in aliases.split("|") if a]:
                key = fold(alias) if folds else alias
                if key not in known and alias not in known:
                    found.setdefault(key, []).append(term)
        known.update(found)
    return {alias: tuple(terms) for alias, terms in known.items()}


def affiliation(terms: tuple[Term, ...], date: str | None) -> str | None:
    """The actor that the person a name stands for served on ``date``: None when out of office then, or when the
    name is two people's in different places. A term without dates counts when no dated term covers the date.
    Without a date, the latest term.

    >>> terms = (Term("Ann Bee", "FRA", "2001-01-01", "2004-12-31"), Term("Ann Bee", "org:EU", "2005-01-01", ""))
    >>> affiliation(terms, "2003-05-01"), affiliation(terms, "2010-05-01"), affiliation(terms, "1999-05-01")
    ('FRA', 'org:EU', None)
    >>> affiliation(terms, None)
    'org:EU'
    """
    if date:
        day = date[:10]
        current = {term.actor for term in terms if (term.start or term.end) and term.covers(day)}
        current = current or {term.actor for term in terms if not term.start and not term.end}
    else:
        latest = max(term.start for term in terms)
        current = {term.actor for term in terms if term.start == latest}
    return current.pop() if len(current) == 1 else None


def _rows(path: Path):
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            lines = [line.rstrip("\r\n") for line in handle if line.strip() and not line.startswith("#")]
    except OSError as err:
        raise OntologyError(f"cannot read the people list {path}: {err}") from err
    for number, line in enumerate(lines, 1):
        yield number, line.split("\t")


class PeopleFinder:
    """Finds people (spaCy PERSON entities and known names), their roles and the actors they speak for."""

    def __init__(self, nlp: Language, lexicon: Lexicon, known: dict[str, tuple[Term, ...]]):
        self.lexicon = lexicon
        self.known = known
        # graphkit's own names as written; derived ones whatever their case ("Mohamed ElBaradei", "Ban Ki-moon")
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        names = sorted(known.items())
        self.matcher.add("graphkit-person", [nlp.make_doc(n) for n, terms in names if not terms[0].folded])
        self.folded_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.folded_matcher.add("graphkit-person-folded", [nlp.make_doc(n) for n, terms in names if terms[0].folded])

    def terms(self, name: str) -> tuple[Term, ...]:
        """The terms of office a name stands for: graphkit's own names as written, derived ones folded."""
        return self.known.get(name) or self.known.get(fold(name)) or ()

    def serves(self, name: str, date: str | None) -> str | None:
        """The actor a known name served on ``date`` (None: nobody, or a name graphkit does not know). Derived
        names are matched whatever their case and diacritics; a person keeps the article's spelling all the same."""
        terms = self.terms(name)
        return affiliation(terms, date) if terms else None

    def __call__(self, doc: Doc, mentions: list[Mention], date: str | None = None) -> ArticlePeople:
        """The people of a parsed article, affiliated as on ``date`` (the article's; None: the latest terms)."""
        at = {i: m for m in mentions for i in range(m.start, m.end)}
        spans = [ent for ent in doc.ents if ent.label_ == "PERSON"]
        spans += [doc[s:e] for _, s, e in self.matcher(doc)] + [doc[s:e] for _, s, e in self.folded_matcher(doc)]
        spans = _longest_first(spans, taken=set(at))
        people = ArticlePeople()
        named = NameIndex()
        found = []
        for span in spans:
            name_span = self._name_part(span)
            if name_span is None:
                continue
            name = " ".join(name_span.text.split())  # "Slobodan  Milosevic" in wire text is one name
            person = named.find(name, name_span.start)
            if person is None:
                person = Person(name, self.serves(name, date))  # the article's own spelling, as the gold has it
            else:
                if fuller(person.name, name) == name != person.name:
                    # "Bush" in a headline, "George W. Bush" in the text: the fuller name says whom they serve
                    person.name = name
                    person.actor = person.actor or self.serves(name, date)
            named.add(person, name, name_span.start)
            found.append((name_span, person))
            office = self._role(name_span, at, doc, person.actor or self.serves(name_span.text, date),
                                self.terms(person.name) or self.terms(name), date)
            if office is not None:
                if office.speaks:  # a title the article states wins; a former office speaks for nobody
                    person.actor = office.actor if office.stated else person.actor or office.actor
                if office.stated:
                    people.roles.append(RoleStatement(person, office.actor, office.role, name_span.start,
                                                      office.confidence))
        found += self._surnames_alone(doc, named, {i for span, _ in found for i in range(span.start, span.end)} | set(at))
        for name_span, person in sorted(found, key=lambda pair: pair[0].start):
            people.mentions.append(Mention(name_span.start, name_span.end, person.actor or "", "person"))
            people._starts.append(name_span.start)
            for i in range(name_span.start, name_span.end):
                people.persons[i] = person
        # Actors learnt later in the article (a full introduction after a headline) reach earlier mentions too.
        people.mentions = [Mention(m.start, m.end, people.persons[m.start].actor or "", "person") for m in people.mentions]
        return people

    # ------------------------------------------------------------ helpers

    def _surnames_alone(self, doc: Doc, named: NameIndex, taken: set[int]) -> list[tuple[Span, Person]]:
        """ "Dar said", "Moon said": a surname (or a family name written first) the article introduced, used alone
        where the entity recogniser missed it."""
        found = []
        for token in doc:
            if token.i not in taken and token.pos_ == "PROPN" and len(token.text) > 2 and named.knows(token.text):
                person = named.find(token.text, token.i)
                if person is not None:
                    found.append((doc[token.i: token.i + 1], person))
        return found

    def _name_part(self, span: Span) -> Span | None:
        """The span without honorifics and titles ("Mr Kirby" -> "Kirby"); None if nothing is left."""
        start, end = span.start, span.end
        doc = span.doc
        while start < end and (doc[start].lower_.rstrip(".") in self.lexicon.honorifics
                               or doc[start].lower_ in self.lexicon.title_words or not doc[start].is_alpha and doc[start].text != "-"):
            start += 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s")):
            end -= 1
        # "Moon Jae-in": the recogniser may stop at the hyphen of a given name written with one
        while end + 1 < len(doc) and end > start and doc[end].text == "-" and not doc[end - 1].whitespace_ \
                and not doc[end].whitespace_ and doc[end + 1].is_alpha and doc[end + 1].is_lower:
            end += 2
        for i in range(start + 1, end):  # "Bush condemns beheading": a headline's verb is no part of the name
            token = doc[i]
            if token.pos_ in ("VERB", "AUX") or token.is_lower and token.is_alpha and \
                    token.lower_ not in NAME_PARTICLES and doc[i - 1].text != "-":
                end = i
                break
        if start >= end or not doc[start].is_title and not doc[start].is_upper:
            return None
        return doc[start:end]

    def _role(self, name: Span, at: dict[int, Mention], doc: Doc, known: str | None, terms: tuple[Term, ...],
              date: str | None) -> Office | None:
        """The office the text around the name gives, if any.

        The role is stated when the title names its state or organisation ("UK Foreign Secretary", "China's
        senior-most diplomat", "the island's President"), is one state's own ("House Speaker"), or is a bare title
        ("President Donald Trump", "Finance Minister Ishaq Dar") of someone the dictionaries say served a state on
        the article's date when the sentence names that state too, or when the dictionary's office for that day
        agrees with the title (people-cameo-roles.tsv), or of an official quoted on a clause about a state
        ("Pakistan has received $2bn, Finance Minister Ishaq Dar said"). A former office ("former Yugoslav President X")
        is a role the article states, but the person no longer speaks for that state.
        """
        led = self._led_by(name, at)
        if led is not None:
            return Office(*led, stated=True)
        for title_tokens in self._title_phrases(name):
            words = [t for t in title_tokens if t.i not in at and t.pos_ not in SKIP_IN_ROLE and t.lower_ not in ("'s", "’s", "then")]
            if not words or not any(t.lower_ in self.lexicon.title_words for t in words):
                continue
            role = doc[words[0].i: words[-1].i + 1].text
            role = role.split("-", 1)[1] if role.lower().startswith("then-") else role
            former = any(t.lower_ in FORMER_WORDS for t in title_tokens)
            if former:
                role = " ".join(w for w in role.split() if w.lower() not in FORMER_WORDS)
            speaks = not former
            actors = [at[t.i].actor for t in title_tokens if t.i in at and not _hyphenated(t) and not _posted_to(t)]
            if actors:
                return Office(actors[-1], role, 0.9, True, speaks)
            carried = self._carried(title_tokens, name.sent, at)
            if carried:
                return Office(carried, role, 0.85, True, speaks)
            for title, actor in self.lexicon.title_states.items():
                if role.lower().endswith(title):
                    return Office(actor, role, 0.8, True, speaks)
            if former:
                past = _former_office(terms, role, date)
                return Office(past, role, 0.6, True, speaks=False) if past else None
            if known and (_names_state(name.sent, at, known, self.lexicon.place_preps) or title_matches(role, _office_on(terms, known, date))):
                return Office(known, role, 0.7, True)  # the sentence names their state, or the dictionary the office
            reported = _reported_state(name, at)
            if reported and (not known or reported == known):
                return Office(reported, role, 0.6, True)  # the sentence names the state the person serves
            if known:
                return Office(known, role, 0.5, False)
            return None
        return None

    def _carried(self, title: list[Token], sent: Span, at: dict[int, Mention]) -> str | None:
        """ "the island's President", "the group's spokesman": the nearest state, or organisation, named before."""
        for token in title:
            if not any(c.lower_ in ("'s", "’s") for c in token.children):
                continue
            if token.lower_ in self.lexicon.carrier_nouns:
                wanted = lambda actor: not actor.startswith("org:")  # noqa: E731
            elif token.lower_ in self.lexicon.org_carrier_nouns:
                wanted = lambda actor: actor.startswith("org:")  # noqa: E731
            else:
                continue
            named = [m.actor for i, m in sorted(at.items()) if sent.start <= i < token.i and m.kind != "person"
                     and wanted(m.actor) and not _hyphenated(sent.doc[i])]
            return named[-1] if named else None
        return None

    @staticmethod
    def _of_phrase(name: Span) -> list[Token]:
        doc, end = name.doc, name.end
        if end >= name.sent.end - 1 or doc[end].lower_ != "of":
            return []
        phrase = []
        for token in doc[end + 1: name.sent.end]:
            if token.is_punct or token.pos_ in ("VERB", "AUX"):
                break
            phrase.append(token)
        return phrase

    def _led_by(self, name: Span, at: dict[int, Mention]) -> tuple[str, str, float] | None:
        """ "Daglo, who commands the Rapid Support Forces": a role verb in a relative clause states the role."""
        for clause in name.root.children:
            role = self.lexicon.role_verbs.get(clause.lemma_.lower()) if clause.dep_ == "relcl" else None
            if role is None:
                continue
            for obj in clause.children:
                actors = [at[t.i].actor for t in obj.subtree if t.i in at] if obj.dep_ == "dobj" else []
                if actors:
                    return actors[0], role, 0.9
        return None

    def _title_phrases(self, name: Span):
        """Token lists that may state the person's office: the words before the name, then appositions."""
        root, doc = name.root, name.doc
        inside = {t.i for t in root.subtree}
        before, i = [], name.start - 1
        while i >= name.sent.start and i in inside and not _breaks(doc[i]):
            before.insert(0, doc[i])
            i -= 1
        if before:
            yield before + self._of_phrase(name)  # "Prime Minister Narendra Modi of India"
        if root.dep_ == "appos":
            head = root.head
            while head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.pos_ in ("NOUN", "PROPN"):
                head = head.head.head  # "the Chinese envoy to Nepal, Li Wen": the parser may hang the name on Nepal
            yield [t for t in head.subtree if t.i < name.start and t.i not in inside and not t.is_punct] or [head]
        for child in root.children:
            if child.dep_ == "appos":
                yield [t for t in child.subtree if not t.is_punct]
            elif child.dep_ == "relcl":
                # "who has declared himself Niger's new leader"; "who commands the RSF" (a role verb)
                for obj in child.children:
                    if obj.dep_ in ("dobj", "oprd", "attr", "ccomp"):
                        yield [t for t in obj.subtree if not t.is_punct and t.lower_ not in ("himself", "herself")]
        # ", China's senior-most diplomat," straight after the name, whatever the parse made of it.
        if name.end < name.sent.end - 1 and doc[name.end].text == ",":
            after = []
            for token in doc[name.end + 1: name.sent.end]:
                if _breaks(token) or token.text in (".", ";", ")") or token.pos_ in ("VERB", "AUX", "PRON"):
                    break
                after.append(token)
            yield after


def _longest_first(spans: list[Span], taken: set[int]) -> list[Span]:
    """Non-overlapping spans, longest first, that do not overlap gazetteer mentions."""
    chosen, used = [], set(taken)
    for span in sorted(spans, key=lambda s: (-len(s), s.start)):
        ids = set(range(span.start, span.end))
        if not ids & used:
            chosen.append(span)
            used |= ids
    return sorted(chosen, key=lambda s: s.start)


def _hyphenated(token: Token) -> bool:
    """ "Iran-aligned", "US-flagged": a name inside a hyphenated modifier does not own the title (a spaced
    dash, as in "KUWAIT CITY - Iraqi President", is no hyphen)."""
    doc = token.doc
    after = token.i + 1 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_
    before = token.i > 0 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_
    return after or before


def _posted_to(token: Token) -> bool:
    """ "Russian Ambassador to China", "ambassador to the United Nations": the state or body an envoy is posted to
    is not the one the envoy serves."""
    while token.dep_ in ("compound", "amod") and token.head.i != token.i:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in ("to", "in", "at")


def _breaks(token: Token) -> bool:
    spaced_dash = token.text == "-" and token.whitespace_ and token.i > 0 and token.doc[token.i - 1].whitespace_
    return token.text in BREAKS or bool(spaced_dash)


def _reported_state(name: Span, at: dict[int, Mention]) -> str | None:
    """ "Pakistan has received $2bn ..., Finance Minister Ishaq Dar said": the state that is the subject of the
    clause an official is quoted on."""
    if name.root.dep_ != "nsubj" or name.root.head.lemma_ not in ("say", "tell", "add", "announce", "confirm", "state"):
        return None
    verb = name.root.head
    clauses = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis")] + [verb.head] * (verb.dep_ in ("conj", "parataxis"))
    for clause in clauses:
        for subject in clause.children:
            for token in subject.subtree if subject.dep_ == "nsubj" else ():
                if token.i in at and not at[token.i].actor.startswith("org:") and at[token.i].kind != "person":
                    return at[token.i].actor
    return None


TITLE_SYNONYMS = {"defense": "defence", "premier": "prime", "pm": "prime", "affairs": "", "of": "", "the": "",
                  "and": "", "for": "", "state": "", "secretary": "minister", "interior": "home"}


def title_matches(title: str, office: str) -> bool:
    """Whether a title as an article writes it fits an office as the dictionary records it: the title's words
    (but for those any office shares) are all in the office's, in either order.

    >>> title_matches("Finance Minister", "Minister of Finance"), title_matches("Premier", "Prime minister")
    (True, True)
    >>> title_matches("Foreign Minister", "Minister of Health")
    False
    """
    def words(text: str) -> set[str]:
        found = {TITLE_SYNONYMS.get(w, w) for w in fold(text).replace("-", " ").split()}
        return found - {""}
    wanted = words(title)
    return bool(wanted) and wanted <= words(office)


def _names_state(sent: Span, at: dict[int, Mention], actor: str, place_preps: frozenset[str]) -> bool:
    """Whether the sentence names ``actor`` otherwise than through a person: by its name, as a place too ("looming in
    Australia"), but not by a city where something happens ("met in Paris")."""
    for i in range(sent.start, sent.end):
        mention = at.get(i)
        if mention is None or mention.actor != actor or mention.kind == "person":
            continue
        head = sent.doc[i]
        while head.dep_ in ("compound", "amod") and head.head.i != head.i:
            head = head.head
        if not (mention.kind == "capital" and head.dep_ == "pobj" and head.head.lower_ in place_preps):
            return True
    return False


def _office_on(terms: tuple[Term, ...], actor: str, date: str | None) -> str:
    """The office the dictionary records for the person's term serving ``actor`` on ``date`` ("" if none)."""
    for term in terms:
        if term.actor == actor and term.role and (not date or term.covers(date[:10])):
            return term.role
    return ""


def _former_office(terms: tuple[Term, ...], title: str, date: str | None) -> str | None:
    """ "former Prime Minister X": the actor of a term of X's that ended before ``date`` in an office the title
    fits, if there is exactly one."""
    day = (date or "9999")[:10]
    actors = {t.actor for t in terms if t.end and t.end < day and t.role and title_matches(title, t.role)}
    return actors.pop() if len(actors) == 1 else None

