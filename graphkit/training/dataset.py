"""The corpus read for learning: every annotated article parsed once, its candidate pairs with their features, and
the gold relations each pair stands in, sentence by sentence.

Gold keeps one line per triple and attributes in an article (guideline 5), with the clearest sentence as evidence.
A pair in another sentence that states the same triple again is therefore not a negative example: it is left out
of that relation type's training (``ignore``), neither positive nor negative.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..extract import Extractor
from ..extract.evidence import ArticleReading
from ..extract.pipeline import original_span, parse_articles
from ..model import Article
from ..vocabulary import ROLE, symmetric_relations
from .annotation import NONE
from .corpus import corpus_articles, with_evidence

__all__ = ["Example", "AnnotatedArticle", "build_dataset", "gold_by_article", "covers"]

log = logging.getLogger(__name__)
OVERLAP = 0.5  # a gold line labels a sentence when it covers at least this share of it, or of the line


@dataclass
class Example:
    """One candidate pair of one sentence, with what gold says of it."""

    article: str
    sentence: int
    source: str
    target: str
    features: list[str]
    labels: set[str] = field(default_factory=set)  # relations gold states for this ordered pair here
    ignore: set[str] = field(default_factory=set)  # relations gold states for it elsewhere in the article
    standing: str = "actors"  # how its mentions stand (candidates.standing): what the model may keep alone


@dataclass
class AnnotatedArticle:
    """An article with its reading, its examples, and its gold lines (evidence restored)."""

    article: Article
    reading: ArticleReading
    examples: list[Example]
    gold: list[dict]
    unreachable: list[dict]  # gold relation lines whose pair is no candidate of the sentences they cover


def gold_by_article(lines: Iterable[dict]) -> dict[str, list[dict]]:
    """Gold lines grouped by article, in first-seen article order."""
    grouped: dict[str, list[dict]] = defaultdict(list)
    for line in lines:
        grouped[line["article"]].append(line)
    return dict(grouped)


def build_dataset(lines: Iterable[dict], extractor: Extractor, progress=None) -> list[AnnotatedArticle]:
    """Parse every annotated article once and label its candidate pairs with the gold lines."""
    gold = gold_by_article(with_evidence(lines))
    symmetric = symmetric_relations()
    found = []
    articles = corpus_articles(gold)
    for article, doc in parse_articles(extractor.nlp, articles, extractor.settings.batch_size):
        reading = extractor.read(doc)
        found.append(_label(article, reading, gold[article.id], symmetric))
        if progress is not None:
            progress()
    return found


def _label(article: Article, reading: ArticleReading, gold: list[dict], symmetric: set[str]) -> AnnotatedArticle:
    relations = [g for g in gold if g["relation"] not in (NONE, ROLE)]
    stated: dict[tuple[str, str], set[str]] = defaultdict(set)  # every pair the article's gold relates
    for line in relations:
        for key in _keys(line, symmetric):
            stated[key].add(line["relation"])
    examples, reached = [], set()
    for evidence in reading.sentences:
        start, end = original_span(reading.doc, evidence.sent.start_char, evidence.sent.end_char)
        covered = [n for n, line in enumerate(relations) if covers(line, start, end)]
        here: dict[tuple[str, str], set[str]] = defaultdict(set)
        for n in covered:
            for key in _keys(relations[n], symmetric):
                here[key].add(relations[n]["relation"])
        keys = {candidate.key for candidate in evidence.candidates}
        reached.update(n for n in covered if keys & set(_keys(relations[n], symmetric)))
        for candidate, features, how in zip(evidence.candidates, evidence.features, evidence.standing):
            labels = here.get(candidate.key, set())
            examples.append(Example(article.id, evidence.number, *candidate.key, features, set(labels),
                                    stated.get(candidate.key, set()) - labels, how))
    unreachable = [line for n, line in enumerate(relations) if n not in reached]
    return AnnotatedArticle(article, reading, examples, gold, unreachable)


def _keys(line: dict, symmetric: set[str]) -> list[tuple[str, str]]:
    key = (line["source"], line["target"])
    return [key, key[::-1]] if line["relation"] in symmetric else [key]


def covers(line: dict, start: int, end: int) -> bool:
    """Whether a gold line's evidence (its ``start``/``end``) covers the text ``start``..``end``: at least
    ``OVERLAP`` of the sentence, or of the line, overlaps."""
    overlap = min(end, line["end"]) - max(start, line["start"])
    return overlap > 0 and (overlap >= OVERLAP * (end - start) or overlap >= OVERLAP * (line["end"] - line["start"]))
