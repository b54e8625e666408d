"""Actors as data: the states and organisations graphkit knows, and the words that name them.

The gazetteers are TSV files in ``graphkit/data/``; a user extends them with
their own files (same columns) passed as ``extra``.

>>> g = load_gazetteer()
>>> g.actors["RUS"].name
'Russia'
>>> sorted({f.actor for f in g.forms if f.text == "Kremlin"})
['RUS']
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import OntologyError
from ..model import Actor

__all__ = ["Gazetteer", "SurfaceForm", "load_gazetteer", "DATA_DIR"]

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
STATE_COLUMNS = ("id", "name", "wikidata", "aliases", "demonyms", "capitals", "seats")
ORG_COLUMNS = ("id", "name", "wikidata", "aliases", "adjectives")
# graphkit's own lists, then what scripts/build_gazetteers.py derives from the CAMEO dictionaries: a derived (or
# extra) file never takes a surface form that an earlier file gives to another actor.
OWN_FILES = (DATA_DIR / "states.tsv", DATA_DIR / "organizations.tsv")
DERIVED_FILES = (DATA_DIR / "organizations-cameo.tsv",)
PLACE_FILES = (DATA_DIR / "places.tsv",)  # state id, places inside it that name no actor ("Khan Younis")


@dataclass(frozen=True)
class SurfaceForm:
    """One way of writing an actor: ``text`` names ``actor`` as a ``kind`` (name, demonym, capital, seat), or
    names a place inside it (kind ``place``: never the actor itself)."""

    text: str
    actor: str
    kind: str


@dataclass(frozen=True)
class Gazetteer:
    actors: dict[str, Actor]
    forms: tuple[SurfaceForm, ...]


@cache
def load_gazetteer(extra: tuple[Path, ...] = ()) -> Gazetteer:
    """States and organisations from the packaged TSV files, plus any ``extra`` files of the same layout.

    A form that graphkit's own files (or an earlier file) give to an actor is not given to another by a derived or
    extra file."""
    actors: dict[str, Actor] = {}
    forms: list[SurfaceForm] = []
    owners: dict[str, str] = {}
    for path in (*OWN_FILES, *DERIVED_FILES, *extra):
        own = path in OWN_FILES
        for row in _rows(path):
            actor, actor_forms = _parse(row, path, id_is_a_name=path not in DERIVED_FILES)
            actors[actor.id] = actor
            actor_forms = [f for f in actor_forms if own or owners.get(f.text, f.actor) == f.actor]
            owners.update((f.text, f.actor) for f in actor_forms if f.text not in owners)
            forms.extend(actor_forms)
    for path in PLACE_FILES:
        forms.extend(_places(path, actors, owners))
    return Gazetteer(actors, tuple(dict.fromkeys(forms)))


def _places(path: Path, actors: dict[str, Actor], owners: dict[str, str]) -> list[SurfaceForm]:
    found = []
    for _, number, values in _rows(path):
        if len(values) != 2 or values[0] not in actors:
            raise OntologyError(f"{path}: row {number} must be a known state id and its places, got {values[:2]}")
        for text in _list(values[1]):
            if text in owners:
                raise OntologyError(f"{path}: row {number}: {text!r} already names {owners[text]}")
            found.append(SurfaceForm(text, values[0], "place"))
    return found


def _rows(path: Path):
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            lines = [line for line in handle if line.strip() and not line.startswith("#")]
    except OSError as err:
        raise OntologyError(f"cannot read gazetteer {path}: {err}") from err
    for number, values in enumerate(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
        yield path, number, values


def _parse(row, path: Path, id_is_a_name: bool = True) -> tuple[Actor, list[SurfaceForm]]:
    _, number, values = row
    is_org = values[0].startswith("org:")
    columns = ORG_COLUMNS if is_org else STATE_COLUMNS
    if len(values) != len(columns):
        raise OntologyError(f"{path}: row {number} has {len(values)} columns, expected {len(columns)}: {', '.join(columns)}")
    fields = dict(zip(columns, values))
    actor = Actor(id=fields["id"], name=fields["name"], kind="Organization" if is_org else "State",
                  wikidata=fields["wikidata"] or None)
    kinds = {"name": [fields["name"]] + _list(fields["aliases"])}
    if is_org:
        kinds["demonym"] = _list(fields["adjectives"])
        if id_is_a_name:  # a derived id ("org:IRA") may be a short form too ambiguous to match ("IRA" accounts)
            kinds["name"].append(actor.id.removeprefix("org:"))
    else:
        demonyms = _list(fields["demonyms"])
        # the people of a state: "Palestinians", "Iraqis", "Afghans" ("British", "Chinese" have no plural in -s)
        demonyms += [d + "s" for d in demonyms if d[-1] in "ni" and " " not in d]
        kinds.update(demonym=demonyms, capital=_list(fields["capitals"]), seat=_list(fields["seats"]))
    forms = [SurfaceForm(_strip_article(text), actor.id, kind) for kind, texts in kinds.items() for text in texts]
    return actor, forms


def _list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _strip_article(text: str) -> str:
    # "the Kremlin" and "Kremlin" are one form: the matcher sees the noun, the article is optional in text.
    return text[4:] if text.lower().startswith("the ") and len(text) > 4 else text
