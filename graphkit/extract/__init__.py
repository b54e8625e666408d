"""Extraction: articles in, assertions out.

>>> from graphkit.extract import Extractor
>>> from graphkit.model import Article
>>> ex = Extractor()
>>> [(a.source, a.relation, a.target) for a in ex.extract_one(Article("x", "Iran sent drones to Russia."))]
[('IRN', 'SUPPLIES', 'RUS')]
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..config import Settings, load_settings
from ..evaluate import head_noun
from ..model import Article, Assertion
from ..vocabulary import ROLE, symmetric_relations
from spacy.tokens import Doc

from .arguments import ArgumentResolver
from .attribution import attribute
from .classifier import RelationModel, load_model
from .decision import Decision, model_decisions, rule_decisions
from .evidence import ArticleReading, read_sentences
from .gazetteer import load_gazetteer
from .groups import GroupFinder
from .headline import split_attribution
from .lexicon import load_lexicon
from .mentions import MentionFinder
from .people import PeopleFinder, load_people
from .pipeline import ARTICLE_DATE, full_text, load_nlp, original_span, parse_in_zones

__all__ = ["Extractor", "extract", "EXTRACTOR_VERSION"]

EXTRACTOR_VERSION = "0.2.0"


def extract(articles: Iterable[Article], settings: Settings | None = None) -> Iterator[tuple[Article, list[Assertion]]]:
    """Yield ``(article, assertions)`` for each article, in order. Shorthand for ``Extractor(settings).extract``."""
    return Extractor(settings).extract(articles)


class Extractor:
    """The extractor: one spaCy pipeline, the gazetteers, the lexicon and the relation model, loaded once.

    ``settings.relations`` says who decides: ``"model"`` (the learned model, with the rules' matches among its
    features) or ``"rules"`` (the rules alone). ``model`` replaces the packaged model (cross-validation uses it).
    """

    def __init__(self, settings: Settings | None = None, model: RelationModel | None = None):
        self.settings = settings or load_settings()
        self.nlp = load_nlp(self.settings.model)
        self.lexicon = load_lexicon()
        self.gazetteer = load_gazetteer()
        self.find_mentions = MentionFinder(self.nlp, self.gazetteer)
        self.find_groups = GroupFinder(self.lexicon)
        self.find_people = PeopleFinder(self.nlp, self.lexicon, load_people())
        self.symmetric = symmetric_relations()
        self.model = model or (load_model() if self.settings.relations == "model" else None)

    def extract(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Assertion]]]:
        """Parse the articles in batches and yield their assertions, in order; with ``settings.processes`` over 1,
        worker processes extract chunks of them whole (:mod:`graphkit.extract.parallel`)."""
        if self.settings.processes > 1:
            from .parallel import extract_in_processes

            return extract_in_processes(self, articles, self.settings.processes)
        return self.extract_here(articles)

    def extract_here(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Assertion]]]:
        """:meth:`extract` in this process alone, whatever the settings say.

        Memory stays flat however long the stream: the articles are parsed in spaCy memory zones
        (:func:`~graphkit.extract.pipeline.parse_in_zones`), and what is yielded holds no spaCy object."""
        for article, doc in parse_in_zones(self.nlp, articles, self.settings.batch_size):
            yield article, self.assertions(article, doc)

    def extract_one(self, article: Article) -> list[Assertion]:
        """The assertions of one article."""
        return next(self.extract_here([article]))[1]

    def read(self, doc: Doc, date: str | None = None) -> ArticleReading:
        """A parsed article read for actors, people, rule matches and candidate pairs with their features.

        People speak for whom they served on ``date``, by default the article date that :func:`parse_articles`
        keeps with the doc; without one, their latest terms count."""
        mentions = self.find_mentions(doc)
        groups, replaced = self.find_groups(doc, mentions)
        if groups:  # organisations no dictionary knows, acting in the article
            mentions = sorted([m for m in mentions if not replaced & set(range(m.start, m.end))] + groups,
                              key=lambda m: m.start)
        people = self.find_people(doc, mentions, date or doc.user_data.get(ARTICLE_DATE))
        resolver = ArgumentResolver(doc, mentions, people, self.lexicon)
        return ArticleReading(doc, resolver, people, read_sentences(doc, resolver, self.lexicon))

    def decisions(self, reading: ArticleReading, keep_dropped: bool = False) -> Iterator[Decision]:
        """What the model (or, without one, the rules) decides for the reading's candidates."""
        if self.model is None:
            return rule_decisions(reading.sentences)
        return model_decisions(reading, self.model, self.lexicon, self.symmetric, keep_dropped)

    def assertions(self, article: Article, doc: Doc, reading: ArticleReading | None = None) -> list[Assertion]:
        """The assertions in an already parsed article (``doc`` is the parse of ``parse_text(article)``), from its
        ``reading`` when one is at hand."""
        reading = reading or self.read(doc, article.date)
        found: dict[tuple, Assertion] = {}
        original = full_text(article)
        headline = self._claimant(split_attribution(article.title)[1]) if article.title else None
        for decision in self.decisions(reading):
            sent = decision.evidence.sent
            attribution = attribute(decision.trigger, decision.source, decision.relation, reading.resolver,
                                    self.lexicon, sent, headline if decision.evidence.number == 0 else None)
            self._keep(found, Assertion(
                article=article.id, source=decision.source, relation=decision.relation, target=decision.target,
                **_evidence(original, sent), items=decision.items, claimed_by=attribution.claimed_by,
                polarity=attribution.polarity, modality=attribution.modality, confidence=round(decision.score, 3),
                extractor=decision.decided_by, extractor_version=EXTRACTOR_VERSION))
        for role in reading.people.roles:
            self._keep(found, Assertion(
                article=article.id, source=role.person.id, relation=ROLE, target=role.actor,
                **_evidence(original, doc[role.token].sent), role=role.role,
                confidence=role.confidence, extractor="rule:stated_role", extractor_version=EXTRACTOR_VERSION))
        return list(found.values())

    def _claimant(self, attribution: str | None) -> str | None:
        """The actor a headline's trailing attribution names ("- US", ": Kremlin"), if it names one."""
        if not attribution:
            return None
        mentions = self.find_mentions(self.nlp.make_doc(attribution))
        return mentions[0].actor if mentions else None

    def _keep(self, found: dict[tuple, Assertion], assertion: Assertion) -> None:
        """One line per triple and attributes in an article (guideline 5), the most confident kept."""
        source, target = assertion.source, assertion.target
        if assertion.relation in self.symmetric and target < source:
            source, target = target, source
        if assertion.relation == ROLE:
            key = (source.lower(), ROLE, target)
        else:
            heads = tuple(sorted({head_noun(item) for item in assertion.items}))
            key = (source, assertion.relation, target, heads, assertion.claimed_by, assertion.polarity,
                   assertion.modality)
        current = found.get(key)
        if current is None or assertion.confidence > current.confidence:
            found[key] = assertion


def _evidence(original: str, sent) -> dict:
    """The sentence as the article writes it, with its offsets, surrounding white space left out."""
    start, end = original_span(sent.doc, sent.start_char, sent.end_char)
    while start < end and original[start].isspace():
        start += 1
    while end > start and original[end - 1].isspace():
        end -= 1
    return {"evidence": original[start:end], "start": start, "end": end}
