"""Finding the actors a parsed text names: states, organisations, their capitals, seats and demonyms."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from .gazetteer import Gazetteer, SurfaceForm

__all__ = ["Mention", "MentionFinder"]

# When one text names several things, the likelier reading wins: a name over a seat, capital or demonym.
KIND_ORDER = {"name": 0, "seat": 1, "capital": 2, "demonym": 3, "place": 4}


@dataclass(frozen=True)
class Mention:
    """Tokens ``start``..``end`` (exclusive) of a doc name ``actor`` as a ``kind``."""

    start: int
    end: int
    actor: str
    kind: str  # name, seat, capital, demonym, person, place


class MentionFinder:
    """Finds gazetteer forms in docs with one spaCy PhraseMatcher (case-sensitive, so "US" is not "us").

    >>> import spacy
    >>> from graphkit.extract.gazetteer import load_gazetteer
    >>> nlp = spacy.blank("en")
    >>> find = MentionFinder(nlp, load_gazetteer())
    >>> [(m.actor, m.kind) for m in find(nlp("The Kremlin thanked Iranian officials."))]
    [('RUS', 'seat'), ('IRN', 'demonym')]
    """

    def __init__(self, nlp: Language, gazetteer: Gazetteer):
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.readings: dict[int, SurfaceForm] = {}  # match id -> the form it stands for
        by_text: dict[str, list[SurfaceForm]] = defaultdict(list)
        for form in gazetteer.forms:
            by_text[form.text].append(form)
        for number, (text, forms) in enumerate(sorted(by_text.items())):
            best = min(forms, key=lambda f: (KIND_ORDER[f.kind], f.actor.startswith("org:")))
            variants = {text, text.replace("'", "’")}  # "People’s Liberation Army" with a typographic apostrophe
            if best.kind == "name" and len(text) > 3:
                variants.add(text.upper())  # all-caps headlines and datelines: "NIGER: ..."
            variants.update(spelling_variants(text))
            key = f"graphkit-form-{number}"
            self.readings[nlp.vocab.strings.add(key)] = best
            self.matcher.add(key, list(nlp.tokenizer.pipe(sorted(variants))))

    def __call__(self, doc: Doc) -> list[Mention]:
        matches = self.matcher(doc)
        spans = filter_spans([doc[start:end] for _, start, end in matches])
        keys = {(start, end): key for key, start, end in matches}
        datelines = _datelines(doc)
        found = []
        for span in spans:
            if span.start in datelines:
                continue
            form = self.readings[keys[(span.start, span.end)]]
            if form.kind == "demonym" and _formerly(doc, span.start):
                continue
            found.append(Mention(span.start, span.end, form.actor, form.kind))
        return found


def spelling_variants(text: str) -> set[str]:
    """Ways wire text spaces a name: "al- Qaeda", "al -Qaeda", "al Qaeda" for "al-Qaeda"; "M 23", "M-23" for
    "M23" (a letter code and its number).

    >>> sorted(spelling_variants("al-Qaeda")), sorted(spelling_variants("M23"))
    (['al - Qaeda', 'al -Qaeda', 'al- Qaeda'], ['M 23', 'M-23'])
    """
    found = set()
    if re.fullmatch(r"[A-Za-z]+-[A-Z][\w-]*", text) and text.count("-") == 1:
        left, right = text.split("-")
        found |= {f"{left}- {right}", f"{left} -{right}", f"{left} - {right}"}
    code = re.fullmatch(r"([A-Z]{1,3})(\d{1,3})", text)
    if code:
        found |= {f"{code[1]} {code[2]}", f"{code[1]}-{code[2]}"}
    return found - {text}


FORMERLY = {"former", "ex", "post", "once"}
PLACES = {"republic", "republics", "state", "states", "country", "countries", "colony", "colonies", "territory",
          "territories", "bloc", "satellite", "satellites", "space", "era", "nation", "nations", "region"}


def _formerly(doc: Doc, start: int) -> bool:
    """ "the former Soviet state of Georgia", "post-Soviet space", "ex-Yugoslav republics": a demonym that says
    what a place used to belong to names no actor ("former Iraqi leader Saddam Hussein" still does)."""
    before = start - 1
    if before >= 0 and doc[before].text == "-" and not doc[before].whitespace_:
        before -= 1
    after = start + 1
    return (before >= 0 and doc[before].lower_ in FORMERLY
            and after < len(doc) and doc[after].lower_ in PLACES)


DATELINE_MARKS = {"-", "--", "—", "–", ":"}


def _datelines(doc: Doc) -> set[int]:
    """Tokens of wire datelines ("BAGHDAD --", "Dubai:", "KUALA LUMPUR (Reuters) -") opening a body paragraph:
    they say where the story was filed, not who acts. The headline (the doc's first line) has none. A dash marks a
    dateline only with a space before it: "Egyptian President Abdel-Fattah el-Sissi" opens no dateline."""
    found: set[int] = set()
    if not doc.has_annotation("SENT_START"):
        return found  # a bare phrase, such as a headline's attribution, has no paragraphs
    for sent in list(doc.sents)[1:]:
        if sent.start > 0 and "\n" not in doc[sent.start - 1].text_with_ws:
            continue  # not at the start of a paragraph
        words = []
        for token in sent[:8]:
            if token.text in DATELINE_MARKS and _spaced(token):
                if words and all(t.text[:1].isupper() or t.text in "()," or t.like_num for t in words):
                    found.update(t.i for t in words)
                break
            words.append(token)
    return found


def _spaced(mark) -> bool:
    """A colon ends a dateline as written; a dash only with a space before it (not a hyphen inside a name)."""
    return mark.text == ":" or mark.i == 0 or bool(mark.doc[mark.i - 1].whitespace_)
