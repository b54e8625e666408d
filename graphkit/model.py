"""The things graphkit talks about: articles, actors and assertions."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

__all__ = ["Article", "Actor", "Assertion", "POLARITIES", "MODALITIES"]

POLARITIES = ("affirmed", "denied")
MODALITIES = ("actual", "planned", "possible")


@dataclass(frozen=True)
class Article:
    """One news article. ``date`` is ISO 8601 (``YYYY-MM-DD``) or ``None``."""

    id: str
    text: str
    title: str = ""
    date: str | None = None
    url: str | None = None
    outlet: str | None = None
    source: str | None = None  # where it was read from: a path, "path:line" or "<stdin>"
    stored_hash: str | None = None  # the content hash as stored, for an article read back without its text

    @property
    def content_hash(self) -> str:
        """SHA-256 of title and text: when it changes, the article's assertions are replaced."""
        return self.stored_hash or hashlib.sha256(f"{self.title}\n{self.text}".encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Actor:
    """A state (``RUS``), an organisation (``org:NATO``) or a person (``person:Vladimir Putin``)."""

    id: str
    name: str
    kind: str  # "State", "Organization" or "Person": the ontology class
    wikidata: str | None = None

    @property
    def is_state(self) -> bool:
        return self.kind == "State"


@dataclass(frozen=True)
class Assertion:
    """One relation as one article reports it.

    ``source`` and ``target`` are actor ids; ``start``/``end`` are character
    offsets of ``evidence`` in the article text.
    """

    article: str
    source: str
    relation: str
    target: str
    evidence: str
    start: int
    end: int
    items: tuple[str, ...] = ()
    claimed_by: str | None = None
    polarity: str = "affirmed"
    modality: str = "actual"
    confidence: float = 0.5
    role: str | None = None
    extractor: str = "graphkit.rules"
    extractor_version: str = "0"
    stored_id: str | None = field(default=None, compare=False)  # the id as stored, for one read back from RDF

    @property
    def id(self) -> str:
        """A stable hash of what the assertion says and where, so re-ingesting adds nothing."""
        if self.stored_id:
            return self.stored_id
        key = [self.article, self.source, self.relation, self.target, sorted(self.items), self.claimed_by,
               self.polarity, self.modality, self.role, self.start, self.end]
        return hashlib.sha256(json.dumps(key).encode("utf-8")).hexdigest()[:32]

    @property
    def caption(self) -> str:
        """The assertion in a few words, as the Neo4j Browser shows it: ``SUPPLIES (denied)``,
        ``ATTACKS (affirmed, planned)``, ``HOLDS_ROLE (Foreign Secretary)``."""
        if self.role:
            return f"{self.relation} ({self.role})"
        return f"{self.relation} ({self.polarity}{'' if self.modality == 'actual' else ', ' + self.modality})"

    def to_record(self) -> dict:
        """The JSON line of ``graphkit extract --format jsonl``: the gold keys plus confidence and offsets."""
        record = {
            "article": self.article,
            "source": self.source,
            "relation": self.relation,
            "target": self.target,
            "items": list(self.items),
            "claimed_by": self.claimed_by,
            "polarity": self.polarity,
            "modality": self.modality,
            "evidence": self.evidence,
            "confidence": round(self.confidence, 3),
            "start": self.start,
            "end": self.end,
        }
        if self.role is not None:
            record["role"] = self.role
        return record


