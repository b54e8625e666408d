"""A parsed doc as plain lists of integers and strings, for the code that walks the parse many times per
sentence (candidate pairs, their features): a spaCy ``Token`` is a new Python object at every access, and creating
them was most of that code's cost."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

__all__ = ["TokenTable", "MAX_PATH"]

MAX_PATH = 12  # longer than any path inside one parsed sentence; keeps a broken parse from looping


@dataclass(frozen=True)
class TokenTable:
    """A parsed doc as plain lists, one entry per token, built once.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> TokenTable.of(nlp("a b")).head
    [0, 1]
    """

    head: list[int]
    dep: list[str]
    lemma: list[str]  # lower case
    pos: list[str]
    lower: list[str]
    punct: list[bool]
    negated: list[bool]  # the token has a "neg" child

    @classmethod
    def of(cls, doc: Doc) -> "TokenTable":
        head, dep, lemma, pos, lower, punct = [], [], [], [], [], []
        for token in doc:
            head.append(token.head.i)
            dep.append(token.dep_)
            lemma.append(token.lemma_.lower())
            pos.append(token.pos_)
            lower.append(token.lower_)
            punct.append(token.is_punct)
        negated = [False] * len(head)
        for i, relation in enumerate(dep):
            if relation == "neg":
                negated[head[i]] = True
        return cls(head, dep, lemma, pos, lower, punct, negated)

    def path(self, a: int, b: int) -> tuple[list[int], int | None, list[int]]:
        """The parse path from token ``a`` to token ``b``: the tokens strictly between ``a`` and their lowest
        common ancestor, that ancestor (``a`` or ``b`` itself when one heads the other; None when they share no
        tree), and the tokens strictly between it and ``b``, top down."""
        chain_a = self._chain(a)
        index = {t: n for n, t in enumerate(chain_a)}
        down: list[int] = []
        for token in self._chain(b):
            if token in index:
                return chain_a[1: index[token]], token, down[:0:-1]
            down.append(token)
        return chain_a[1:], None, down[:0:-1]

    def coordination_head(self, i: int) -> int:
        """The first conjunct of the coordination of names token ``i`` belongs to ("Germany" in "France, Germany
        and Italy" gives "France"), or ``i`` itself: a list of actors stands where its first member stands. Verbs
        are not lifted: a coordinated clause stands on its own.

        >>> import spacy
        >>> from spacy.tokens import Doc
        >>> doc = Doc(spacy.blank("en").vocab, words=["France", "and", "Italy", "met"], heads=[3, 0, 0, 3],
        ...           deps=["nsubj", "cc", "conj", "ROOT"], pos=["PROPN", "CCONJ", "PROPN", "VERB"])
        >>> TokenTable.of(doc).coordination_head(2)
        0
        """
        for _ in range(MAX_PATH):
            up = self.head[i]
            if self.dep[i] != "conj" or up == i or self.pos[up] in ("VERB", "AUX") or self.pos[i] in ("VERB", "AUX"):
                break
            i = up
        return i

    def _chain(self, i: int) -> list[int]:
        chain = [i]
        while self.head[chain[-1]] != chain[-1] and len(chain) < MAX_PATH:
            chain.append(self.head[chain[-1]])
        return chain
