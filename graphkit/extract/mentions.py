"""Finding the actors a parsed text names: states, organisations, their capitals, seats and demonyms."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from .gazetteer import Gazetteer, SurfaceForm

__all__ = ["Mention", "MentionFinder"]

# When one text names several things, the likelier reading wins: a name over a seat, capital or demonym.
KIND_ORDER = {"name": 0, "seat": 1, "capital": 2, "demonym": 3}


@dataclass(frozen=True)
class Mention:
    """Tokens ``start``..``end`` (exclusive) of a doc name ``actor`` as a ``kind``."""

    start: int
    end: int
    actor: str
    kind: str  # name, seat, capital, demonym, person


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
            variants = {text}
            if best.kind == "name" and len(text) > 3:
                variants.add(text.upper())  # all-caps headlines and datelines: "NIGER: ..."
            key = f"graphkit-form-{number}"
            self.readings[nlp.vocab.strings.add(key)] = best
            self.matcher.add(key, list(nlp.tokenizer.pipe(sorted(variants))))

    def __call__(self, doc: Doc) -> list[Mention]:
        spans = filter_spans([doc[start:end] for _, start, end in self.matcher(doc)])
        keys = {(start, end): key for key, start, end in self.matcher(doc)}
        found = []
        for span in spans:
            form = self.readings[keys[(span.start, span.end)]]
            found.append(Mention(span.start, span.end, form.actor, form.kind))
        return found
