"""Names of people within one article: which later form of a name ("Mr Kirby", "Moon", "Erdogan") stands for
which person the article named, and which spelling of a name is the fullest."""
from __future__ import annotations

import unicodedata
from typing import Protocol

__all__ = ["NameIndex", "fold", "fuller"]


class Named(Protocol):
    name: str  # the fullest name the article gives


def fold(name: str) -> str:
    """A name as derived names are keyed: lower case, without diacritics ("Erdoğan" and "Erdogan" are one).

    >>> fold("Recep Tayyip Erdoğan")
    'recep tayyip erdogan'
    """
    decomposed = unicodedata.normalize("NFKD", name.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class NameIndex:
    """The people an article has named so far, found again by a later form of their name: "Mr Kirby" or "Kirby"
    for "John Kirby", "Moon" for "Moon Jae-in" (a family name written first, when nobody named has it as a last
    name), "George W. Bush" for a headline's "Bush". Two people who share a surname ("George W. Bush", "Laura
    Bush") stay two; a surname alone then stands for the one named last before it."""

    def __init__(self) -> None:
        self._seen: list[tuple[int, Named]] = []  # (token, person), in the order added
        self._words: set[str] = set()

    def add(self, person: Named, name: str, start: int) -> None:
        self._seen.append((start, person))
        words = _name_words(name)
        self._words.update((words[0], words[-1]))

    def knows(self, word: str) -> bool:
        """Whether a single word may name someone already named (a cheap test before :meth:`find`)."""
        return fold(word) in self._words

    def find(self, name: str, before: int) -> Named | None:
        """The person ``name`` stands for, the latest named before token ``before``, or None."""
        words = _name_words(name)
        seen = sorted(self._seen, key=lambda pair: (pair[0] >= before, pair[0]))
        people = [person for _, person in seen if _same_person(words, _name_words(person.name))]
        if people or len(words) > 1:
            return people[-1] if people else None
        family = [p for _, p in seen if len(_name_words(p.name)) > 1 and _name_words(p.name)[0] == words[0]]
        return family[-1] if len(set(map(id, family))) == 1 else None


def _name_words(name: str) -> list[str]:
    return [w for w in fold(name).replace(".", " ").split() if w] or [fold(name)]


def _same_person(words: list[str], known: list[str]) -> bool:
    """Whether a name (its folded words) and a person's fullest name so far name one person: one is the other's
    surname, or they share surname and first name (or its initial), or they are one name spaced differently
    ("Kim Jong Un", "Kim Jong-un")."""
    if "".join(words).replace("-", "") == "".join(known).replace("-", ""):
        return True
    if len(words) == 1 or len(known) == 1:
        short, full = (words, known) if len(words) == 1 else (known, words)
        return short[0] == full[-1] or len(words) > 1 and short[0] == full[0]
    if words[-1] != known[-1]:
        return False
    a, b = words[0], known[0]
    return a == b or (len(a) == 1 or len(b) == 1) and a[0] == b[0]


def fuller(current: str, name: str) -> str:
    """The fuller of two spellings of one person's name: more words, else the one with diacritics.

    >>> fuller("Erdogan", "Recep Tayyip Erdogan"), fuller("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan")
    ('Recep Tayyip Erdogan', 'Recep Tayyip Erdoğan')
    """
    if len(name.split()) > len(current.split()):
        return name
    if fold(name) == fold(current) and not name.isascii() and current.isascii():
        return name
    return current

