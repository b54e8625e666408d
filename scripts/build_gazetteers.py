#!/usr/bin/env python3
"""Build graphkit's dated people and its organisations from the field's CAMEO-derived actor lists.

    python scripts/build_gazetteers.py                  # reads ../shared/data (or $GRAPHKIT_SHARED/data)
    python scripts/build_gazetteers.py --source DIR     # reads DIR/cameo-people.tsv and DIR/cameo-orgs.tsv

Writes, under ``graphkit/data/``:

- ``people-cameo.tsv``: terms of office (name, aliases, actor, start, end), one row a term; MIT.
- ``people-cameo-roles.tsv``: the office title of each term that has one; CC BY-SA 3.0 (from CountryInfo), so
  it stays in a file of its own.
- ``organizations-cameo.tsv``: intergovernmental bodies and armed groups, in ``organizations.tsv``'s layout; MIT.

Selective, so that precision holds: a person is kept for terms of a state office (CAMEO GOV, MIL, LEG, JUD, COP,
SPY) or an office in an organisation graphkit knows, never for "elite" (ELI) spans alone; names and aliases are
kept only as full names (two words or more, no titles, no honorifics), so a bare surname speaks for someone only
after the article introduced them. Organisations are kept when they are IGOs or armed groups (not companies,
NGOs or persons filed under a group), named with a word that says they are a body, and not already in
graphkit's own lists. graphkit's own ``people.tsv`` and ``organizations.tsv`` stay in charge of what came after
the dictionaries stopped (early 2014), and win where both name someone.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "graphkit" / "data"
HISTORICAL = {"SUN", "DDR", "YUG", "CSK", "SCG"}  # CAMEO codes of states that no longer exist, kept as they are
OFFICES = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY"}
PARTICLES = {"al", "el", "bin", "ibn", "bint", "ben", "abu", "de", "da", "di", "do", "dos", "das", "du", "del",
             "della", "la", "le", "van", "von", "der", "den", "ter", "y", "e", "ul", "ud", "ould", "ag", "wa", "u"}
NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|(?:al|el|ad|as|ash|at|az|ar|an)-[A-Z][\w'’-]*)$")
EXTRA_TITLES = {"mr", "mrs", "ms", "dr", "gen", "col", "maj", "capt", "lt", "sgt", "adm", "rev", "prof", "sen",
                "rep", "gov", "amb", "hon", "his", "her", "excellency", "majesty", "highness", "former", "acting",
                "deputy", "vice", "chairman", "chairwoman", "mayor", "governor", "judge", "justice", "ayatollah",
                "cardinal", "pope", "bishop", "colonel", "major", "captain", "lieutenant", "admiral", "marshal",
                "sergeant", "brigadier", "russian", "american", "chinese", "british", "french", "german"}
BODY_WORDS = {"organization", "organisation", "union", "community", "bank", "council", "commission", "agency",
              "association", "league", "fund", "court", "tribunal", "parliament", "conference", "forum",
              "programme", "program", "partnership", "alliance", "group", "committee", "authority", "assembly",
              "secretariat", "cooperation", "co-operation", "treaty", "office", "institute", "centre", "center",
              "mission", "board", "movement", "army", "front", "brigade", "brigades", "battalion", "battalions",
              "militia", "militias", "forces", "force", "guard", "guards", "party", "liberation", "resistance",
              "jihad", "mujahideen", "mujahedeen", "mujahidin", "commandos", "commando", "cells", "cell",
              "faction", "tigers", "rebels", "squad", "squadron", "legion", "vanguard", "fighters", "martyrs",
              "revolutionaries", "federation", "nations", "states", "countries"}
# Words that say nothing about which group is meant: a name made only of these and BODY_WORDS ("Popular
# Resistance", "Liberation Battalion") would match ordinary prose.
GENERIC = set(json.loads((DATA / "lexicon.json").read_text(encoding="utf-8"))["generic_group_words"])
STATE_COLUMNS = ("id", "name", "wikidata", "aliases", "demonyms", "capitals", "seats")
ORG_COLUMNS = ("id", "name", "wikidata", "aliases", "adjectives")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    shared = Path(os.environ.get("GRAPHKIT_SHARED") or REPO.parent / "shared")
    parser.add_argument("--source", type=Path, default=shared / "data", help="folder of the cameo-*.tsv files")
    parser.add_argument("--out", type=Path, default=DATA, help="folder to write to (default graphkit/data)")
    args = parser.parse_args(argv)
    people_path, orgs_path = args.source / "cameo-people.tsv", args.source / "cameo-orgs.tsv"
    taken = known_forms()
    stops = title_words()
    people, roles = select_people(read_tsv(people_path), taken, stops)
    orgs = select_orgs(read_tsv(orgs_path), taken)
    provenance = header_lines(people_path)
    write(args.out / "people-cameo.tsv", [
        "# Terms of office, from the CAMEO/Phoenix actor dictionaries (built by scripts/build_gazetteers.py; see README.md).",
        *provenance[:2],
        "# Columns (tab-separated; lists separated by |): full name\taliases\tactor\tstart\tend (ISO dates; empty: open)",
    ], people)
    write(args.out / "people-cameo-roles.tsv", [
        "# LICENCE: CC BY-SA 3.0 (share-alike). Office titles of the terms in people-cameo.tsv, taken from",
        "# CountryInfo (github.com/openeventdata/CountryInfo @ 07c9c54888ba1cf8e9bfc2c8fe5cb57887659522) by way of",
        "# ../shared/data/cameo-people.tsv; kept apart from the MIT data so that it can be dropped whole.",
        "# Columns (tab-separated): full name\tactor\tstart\tend\trole",
    ], roles)
    write(args.out / "organizations-cameo.tsv", [
        "# Intergovernmental bodies and armed groups, from the CAMEO/Phoenix actor dictionaries (built by",
        "# scripts/build_gazetteers.py; see README.md). Not linked to Wikidata.",
        *header_lines(orgs_path)[:1],
        "# Columns (tab-separated; lists separated by |): id\tname\twikidata\taliases\tadjectives and member forms",
    ], orgs)
    names = {row[0] for row in people}
    print(json.dumps({"people": len(names), "terms": len(people), "roles": len(roles), "organizations": len(orgs),
                      "armed_groups": sum(1 for row in orgs if row[-1] == "armed"),
                      "bytes": {p.name: p.stat().st_size for p in sorted(args.out.glob("*-cameo*.tsv"))}}))
    return 0


# ------------------------------------------------------------------ reading


def read_tsv(path: Path) -> list[dict[str, str]]:
    """The rows of a cameo-*.tsv file by column name, the names read from its "# ... Columns (...): a\tb" line."""
    columns = next(line.split(": ", 1)[1].split("\t") for line in header_lines(path) if "Columns" in line)
    rows = read_rows(path)
    if any(len(row) != len(columns) for row in rows):
        raise SystemExit(f"{path}: rows do not have the {len(columns)} columns {columns}")
    return [dict(zip(columns, row)) for row in rows]


def header_lines(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        return [line.rstrip("\n") for line in handle if line.startswith("#")]


def known_forms() -> set[str]:
    """Every name, alias, demonym, capital and seat in graphkit's own gazetteers and people, lower-cased."""
    forms: set[str] = set()
    for name, columns in (("states.tsv", STATE_COLUMNS), ("organizations.tsv", ORG_COLUMNS)):
        for row in read_rows(DATA / name):
            forms.add(row[0].removeprefix("org:").lower())
            for cell in row[1:]:
                forms.update(part.strip().lower().removeprefix("the ") for part in cell.split("|") if part.strip())
    for row in read_rows(DATA / "people.tsv"):  # full name, actor, aliases; or full name, aliases, actor, start, end
        forms.add(row[0].lower())
        forms.update(part.lower() for part in row[2 if len(row) == 3 else 1].split("|") if part)
    return forms


def read_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def title_words() -> set[str]:
    lexicon = json.loads((DATA / "lexicon.json").read_text(encoding="utf-8"))
    words = {word for title in lexicon["titles"] for word in title.replace("-", " ").split()}
    return words | set(lexicon["honorifics"]) | EXTRA_TITLES


# ------------------------------------------------------------------ people


def person_name(text: str, stops: set[str]) -> bool:
    """A full name: two to six words, each a capitalised word or a particle, no title, digit or stray dot."""
    words = text.split()
    if not 2 <= len(words) <= 6 or any(ch.isdigit() for ch in text) or " ." in text or text.endswith(","):
        return False
    if any(part.rstrip(".") in stops for word in words for part in word.lower().split("-")):
        return False
    if sum(1 for word in words if word.lower() not in PARTICLES) < 2:
        return False
    return all(NAME_WORD.match(word) or word.lower() in PARTICLES for word in words)


def office(row: dict[str, str]) -> str | None:
    """The actor a row's term of office serves, or None when the row is no office (ELI, OPP, a territory)."""
    code, actor = row["cameo_code"].split(";")[0], row["actor"]
    if not actor and code[:3] in HISTORICAL:
        actor = code[:3]
    if not actor:
        return None
    if actor.startswith("org:"):
        return actor if code.startswith("IGO") and "ELI" not in code else None
    return actor if code[3:6] in OFFICES else None


def select_people(rows: list[dict[str, str]], taken: set[str], stops: set[str]):
    terms, roles = [], []
    seen = set()
    for row in rows:
        actor = office(row)
        if actor is None or row["start"] and row["end"] and row["end"] < row["start"]:
            continue  # no office; or (one row in the source) a term that ends before it starts
        forms = [row["name"].strip()] + [a.strip() for a in row["aliases"].split("|")]
        if any(form.lower() in taken for form in forms):
            continue  # graphkit's own lists know this person (or the name is a state's or a group's)
        forms = list(dict.fromkeys(form for form in forms if person_name(form, stops)))
        if not forms:
            continue
        name, aliases = forms[0], sorted(forms[1:])  # "Secretary-General Ban Ki-Moon" is filed as "Ban Ki-Moon"
        key = (name, actor, row["start"], row["end"])
        if key in seen:
            continue
        seen.add(key)
        terms.append([name, "|".join(aliases), actor, row["start"], row["end"]])
        if row["role"]:
            roles.append([name, actor, row["start"], row["end"], row["role"]])
    return sorted(terms, key=lambda r: (r[0], r[3], r[2])), sorted(roles, key=lambda r: (r[0], r[2], r[1]))


# ------------------------------------------------------------------ organisations


def normalised(text: str) -> str:
    text = text.lower().replace("organisation", "organization").replace("co-operation", "cooperation")
    text = re.sub(r"\bthe\b|[^a-z0-9 ]", " ", text)
    return " ".join(text.split())


def org_name(text: str) -> bool:
    """A body's name: several capitalised words, one of which says it is a body, or an all-capital acronym.
    Names of ordinary words alone ("Black Friday", "Shining Path") are left out: they match ordinary prose."""
    words = text.split()
    if len(words) == 1:
        return len(text) >= 3 and text.isupper() and text.isalpha()
    if any(ch.isdigit() for ch in text) or "(" in text or "/" in text or len(words) > 10:
        return False
    if all(word.lower().strip(",'") in BODY_WORDS | GENERIC for word in words):
        return False
    return (words[0][:1].isupper() and words[-1][:1].isupper()
            and any(word.lower().strip(",'") in BODY_WORDS for word in words))


def initials(name: str) -> str:
    """ "Irish Republican Army" -> "IRA", "Jaish-E-Mohammad" -> "JEM" (function words left out)."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in ("of", "the", "for", "and", "in")]
    return "".join(w[0] for w in words).upper()


def acronym_of(forms: list[str]) -> str | None:
    """The group's acronym when the dictionary gives one that is its name's initials ("Irish Republican Army (ira)",
    or a one-word alias "Ltte"), whatever its length: the id a short form makes (``org:IRA``, ``org:LTTE``)."""
    name = re.sub(r"\s*\([a-z]{3,6}\)$", "", forms[0])
    for form in forms:
        match = re.fullmatch(r".+?\s*\(([a-z]{3,6})\)", form)
        candidate = match.group(1) if match else form if " " not in form else ""
        if len(candidate) >= 3 and candidate.upper() == initials(name):
            return candidate.upper()
    return None


def with_acronyms(forms: list[str]) -> list[str]:
    """The forms with "Name (acr)" split into the name and, when it is the name's initials, the acronym in capitals;
    a one-word form that is the initials of the first name ("Ltte") in capitals too. Acronyms of three letters are
    left out: too many stand for something else as well ("ANA", "IAA")."""
    out = []
    for form in forms:
        match = re.fullmatch(r"(.+?)\s*\(([a-z]{3,6})\)", form)  # "Irish Republican Army (ira)"
        if match:
            name, acronym = match.group(1), match.group(2).upper()
            out.append(name)
            if acronym == initials(name) and len(acronym) >= 4:
                out.append(acronym)
        elif " " not in form and out and form.upper() == initials(out[0]) and len(form) >= 4:
            out.append(form.upper())
        else:
            out.append(form)
    return out


def camel(name: str) -> str:
    words = re.sub(r"[^\w\s-]", "", name).replace("-", " ").split()
    return "".join(word[:1].upper() + word[1:] for word in words)


def select_orgs(rows: list[dict[str, str]], taken: set[str]):
    kinds = {"IGO": "igo", "armed/non-state group": "armed"}
    taken_norm = {normalised(form) for form in taken}
    groups: dict[str, dict] = {}
    owners: dict[str, set[str]] = defaultdict(set)  # normalised form -> canonical names that use it
    for row in rows:
        kind = kinds.get(row["kind"])
        raw = [row["name"].strip()] + [a.strip() for a in row["aliases"].split("|") if a.strip()]
        forms = with_acronyms(raw)
        name = forms[0]
        if kind is None or row["org_id"] or not org_name(name):
            continue
        forms = [f for f in forms if org_name(f) and f.lower() not in taken and normalised(f) not in taken_norm]
        if not forms or forms[0] != name:
            continue  # the body is one graphkit already knows under another spelling
        group = groups.setdefault(normalised(name), {"name": name, "forms": set(), "kind": kind, "acronym": None})
        group["acronym"] = group["acronym"] or acronym_of(raw)
        group["forms"].update(forms)
        for form in forms:
            owners[normalised(form)].add(normalised(name))
    by_initials = {initials(g["name"]): key for key, g in groups.items() if " " in g["name"]}
    for key, group in list(groups.items()):  # "OAU" and "Organization of African Unity": one body, id org:OAU
        full = by_initials.get(group["name"]) if " " not in group["name"] else None
        if full is not None:
            groups[full]["forms"] |= group["forms"]
            groups[full]["acronym"] = group["name"]
            owners[normalised(group["name"])] = {full}
            del groups[key]
    out, ids = [], set()
    for key, group in sorted(groups.items()):
        aliases = sorted(f for f in group["forms"] if f != group["name"] and owners[normalised(f)] == {key})
        org_id = "org:" + (group["acronym"] or camel(group["name"]))  # a short form when there is one (guidelines)
        if org_id in ids or org_id.removeprefix("org:").lower() in taken:
            continue
        ids.add(org_id)
        out.append([org_id, group["name"], "", "|".join(aliases), "", group["kind"]])
    return out


def write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        for line in header:
            handle.write(line + "\n")
        for row in rows:
            if path.name.startswith("organizations"):
                row = row[:5]
            handle.write("\t".join(row) + "\n")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
