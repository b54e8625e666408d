"""Actors at world scale: dictionaries from the field, dated affiliation, short and historical state names.

Sentence cases live in ``tests/data/actors/*.jsonl``, one a line: ``text``, optional ``title`` and ``date``, and
``expect``, the exact set of (source, relation, target) the article gives (HOLDS_ROLE included); ``note`` says
why, where it helps.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from graphkit.errors import OntologyError
from graphkit.extract.gazetteer import DATA_DIR, load_gazetteer
from graphkit.extract.people import Term, affiliation, load_people
from graphkit.extract.pipeline import parse_articles
from graphkit.model import Article
from graphkit.vocabulary import symmetric_relations

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(__file__).parent / "data" / "actors"
SHARED_DATA = Path(os.environ.get("GRAPHKIT_SHARED") or ROOT.parent / "shared") / "data"


def _cases():
    for path in sorted(CASES.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                yield pytest.param(json.loads(line), id=f"{path.stem}:{number}")


@pytest.mark.parametrize("case", list(_cases()))
def test_sentence_cases(extractor, case):
    found = extractor.extract_one(Article("t", case["text"], title=case.get("title", ""), date=case.get("date")))
    assert {_triple(a.source, a.relation, a.target) for a in found} == \
        {_triple(*t) for t in case["expect"]}, case.get("note")


def _triple(source: str, relation: str, target: str) -> tuple[str, str, str]:
    """A symmetric relation (MEETS) has no direction to compare: its ends in sorted order."""
    if relation in symmetric_relations():
        source, target = sorted((source, target))
    return source, relation, target


def test_every_point_has_five_cases_and_negatives():
    for name in ("dictionaries", "dated", "names", "places"):
        cases = [json.loads(line) for line in (CASES / f"{name}.jsonl").read_text().splitlines() if line.strip()]
        assert len(cases) >= 5, name
        assert any(not case["expect"] or "note" in case for case in cases), name


# ------------------------------------------------------------------ dated affiliation


def test_affiliation_follows_the_date():
    terms = (Term("Ann Bee", "FRA", "2001-01-01", "2004-12-31"), Term("Ann Bee", "org:EU", "2005-01-01", ""))
    assert affiliation(terms, "2002-06-30") == "FRA"
    assert affiliation(terms, "2004-12-31") == "FRA"  # the last day still counts
    assert affiliation(terms, "2005-01-01T09:00:00") == "org:EU"  # a time of day is ignored
    assert affiliation(terms, "2000-12-31") is None  # not yet in office
    assert affiliation(terms, None) == "org:EU"  # no date: the latest term


def test_a_name_two_people_share_on_a_date_speaks_for_nobody():
    terms = (Term("Abdul Qadir", "AFG", "2003-01-01", "2006-12-31"), Term("Abdul Qadir", "PAK", "2005-01-01", ""))
    assert affiliation(terms, "2004-01-01") == "AFG"
    assert affiliation(terms, "2006-01-01") is None


def test_a_term_without_dates_counts_only_where_no_dated_term_does():
    terms = (Term("Amr Moussa", "EGY"), Term("Amr Moussa", "org:ArabLeague", "2001-05-15", ""))
    assert affiliation(terms, "1995-01-01") == "EGY"
    assert affiliation(terms, "2005-01-01") == "org:ArabLeague"


def test_the_article_date_reaches_people_through_parse_articles(extractor):
    # The training code reads parsed docs without the article: the date travels with the doc.
    article = Article("t", "Mohamed ElBaradei urged Iran to allow inspections.", date="2005-03-01")
    (_, doc), = parse_articles(extractor.nlp, [article])
    assert {m.actor for m in extractor.read(doc).people.mentions} == {"org:IAEA"}
    assert {m.actor for m in extractor.read(doc, "2013-08-01").people.mentions} == {"EGY"}


def test_an_out_of_office_person_is_still_a_person_but_speaks_for_nobody(extractor):
    doc = extractor.nlp("Mohamed ElBaradei said he would return to Cairo.")
    people = extractor.read(doc, "2011-03-01").people
    assert [(m.actor, doc[m.start:m.end].text) for m in people.mentions] == [("", "Mohamed ElBaradei")]


def test_a_person_keeps_the_articles_spelling(assertions):
    found = assertions("UN Secretary-General Ban Ki-moon met Japanese officials.")
    assert [a.source for a in found if a.relation == "HOLDS_ROLE"] == ["person:Ban Ki-moon"]


def test_a_name_with_a_run_of_spaces_is_one_name(assertions):
    found = assertions("Former Yugoslav President Slobodan  Milosevic accused the tribunal of bias.")
    assert [a.source for a in found if a.relation == "HOLDS_ROLE"] == ["person:Slobodan Milosevic"]


def test_graphkits_own_list_wins_over_the_dated_one(tmp_path):
    own, dated = tmp_path / "own.tsv", tmp_path / "dated.tsv"
    own.write_text("Ann Bee\tGBR\tBee\n", encoding="utf-8")
    dated.write_text("# a comment\nAnn Bee\t\tFRA\t2001-01-01\t\nCid Dee\tC. Dee\tESP\t1999-01-01\t2003-01-01\n",
                     encoding="utf-8")
    known = load_people((own, dated), folded=(dated,))
    assert known["Ann Bee"] == (Term("Ann Bee", "GBR"),)
    assert "ann bee" not in known  # the dated row of a name the own list has is left out
    assert known["c. dee"] == (Term("Cid Dee", "ESP", "1999-01-01", "2003-01-01", True),)


def test_graphkits_own_list_takes_dated_rows_matched_as_written(tmp_path):
    own = tmp_path / "own.tsv"
    own.write_text("Ann Bee\tGBR\tBee\nCid Dee\tDee\tESP\t1999-01-01\t2003-01-01\n", encoding="utf-8")
    known = load_people((own,), folded=())
    assert known["Dee"] == (Term("Cid Dee", "ESP", "1999-01-01", "2003-01-01"),)
    assert "dee" not in known


def test_a_people_row_with_a_wrong_column_count_fails_loudly(tmp_path):
    path = tmp_path / "people.tsv"
    path.write_text("Ann Bee\tGBR\n", encoding="utf-8")
    with pytest.raises(OntologyError, match="row 1 has 2 columns"):
        load_people((path,))


# ------------------------------------------------------------------ the derived data


def _data_rows(name: str) -> list[list[str]]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def test_derived_files_are_small_and_their_licences_marked():
    for name in ("people-cameo.tsv", "people-cameo-roles.tsv", "organizations-cameo.tsv"):
        assert (DATA_DIR / name).stat().st_size < 10_000_000, name
    assert "CC BY-SA 3.0" in (DATA_DIR / "people-cameo-roles.tsv").read_text(encoding="utf-8").splitlines()[0]
    assert "role" not in (DATA_DIR / "people-cameo.tsv").read_text(encoding="utf-8").split("\n", 4)[3]
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for needle in ("676801cd9cb2924bbbad09f86d15c9323e7097bf", "07c9c54888ba1cf8e9bfc2c8fe5cb57887659522", "MIT",
                   "CC BY-SA 3.0", "people-cameo-roles.tsv"):
        assert needle in readme


def test_dated_people_have_full_names_and_known_actors():
    from graphkit.training.annotation import HISTORICAL_STATES

    actors = set(load_gazetteer().actors) | HISTORICAL_STATES
    rows = _data_rows("people-cameo.tsv")
    assert len({row[0] for row in rows}) > 15_000
    for name, aliases, actor, start, end in rows:
        for form in [name] + [a for a in aliases.split("|") if a]:
            assert len(form.split()) >= 2, form  # never a bare surname
            assert not re.search(r"\b(President|Minister|Mr|Secretary)\b", form), form
        assert actor in actors, actor
        assert not start or re.fullmatch(r"\d{4}-\d{2}-\d{2}", start)
        assert not end or re.fullmatch(r"\d{4}-\d{2}-\d{2}", end)


def test_derived_organisations_are_bodies_with_ids_the_gold_checker_accepts():
    rows = _data_rows("organizations-cameo.tsv")
    own = {row[0] for row in _data_rows("organizations.tsv")}
    assert len(rows) > 300
    for org_id, name, *_ in rows:
        assert re.fullmatch(r"org:[A-Za-z0-9][A-Za-z0-9-]*", org_id), org_id
        assert org_id not in own
    names = {row[1] for row in rows}
    assert "Abbott Laboratories" not in names  # a company
    assert "Human Rights Watch" not in names  # an NGO


def test_a_derived_file_never_takes_a_form_graphkit_gives_another_actor(tmp_path):
    extra = tmp_path / "extra.tsv"
    extra.write_text("org:KremlinWatchers\tKremlin Watchers\t\tKremlin\t\n", encoding="utf-8")
    gazetteer = load_gazetteer((extra,))
    assert {f.actor for f in gazetteer.forms if f.text == "Kremlin"} == {"RUS"}
    assert {f.actor for f in gazetteer.forms if f.text == "Kremlin Watchers"} == {"org:KremlinWatchers"}


@pytest.mark.skipif(not (SHARED_DATA / "cameo-people.tsv").is_file(), reason="../shared/data is not present")
def test_the_build_script_rebuilds_the_packaged_files(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_gazetteers.py"), "--source", str(SHARED_DATA),
                    "--out", str(tmp_path)], check=True, capture_output=True)
    for name in ("people-cameo.tsv", "people-cameo-roles.tsv", "organizations-cameo.tsv"):
        assert (tmp_path / name).read_bytes() == (DATA_DIR / name).read_bytes(), name


# ------------------------------------------------------------------ names


def test_historical_states_are_states_the_gold_checker_knows():
    from graphkit.training.annotation import HISTORICAL_STATES

    actors = load_gazetteer().actors
    for code in HISTORICAL_STATES:
        assert actors[code].kind == "State", code


def test_historical_states_keep_no_capital_of_a_living_state():
    forms = load_gazetteer().forms
    assert {f.actor for f in forms if f.text == "Moscow"} == {"RUS"}
    assert {f.actor for f in forms if f.text == "Belgrade"} == {"SRB"}


def test_plural_demonyms_name_their_state_as_demonyms():
    forms = {(f.text, f.actor, f.kind) for f in load_gazetteer().forms}
    assert {("Palestinians", "PSE", "demonym"), ("Iraqis", "IRQ", "demonym"), ("Afghans", "AFG", "demonym")} <= forms
    assert not {text for text, _, _ in forms} & {"Britishs", "Chineses", "Swisss"}


def test_every_remaining_point_has_five_cases_and_negatives():
    for name in ("groups", "roles"):
        cases = [json.loads(line) for line in (CASES / f"{name}.jsonl").read_text().splitlines() if line.strip()]
        assert len(cases) >= 5, name
        assert sum(not case["expect"] for case in cases) >= 2, name


# ------------------------------------------------------------------ unknown organisations


def test_an_unknown_organisation_has_the_same_id_every_time():
    from graphkit.extract.groups import org_id

    assert org_id("Mahdi Army") == org_id("the Mahdi Army") == "org:MahdiArmy"
    assert org_id("Ogaden National Liberation Front") == "org:OgadenNationalLiberationFront"


def test_an_unknown_organisation_is_an_organisation_linked_to_nothing_in_rdf(assertions):
    from rdflib import OWL, RDF, RDFS

    from graphkit.namespace import GK
    from graphkit.rdf import actor_iri, article_graph

    found = assertions("The Ogaden National Liberation Front attacked Ethiopian troops near the border.")
    graph = article_graph(Article("t", "x"), found)
    node = actor_iri("org:OgadenNationalLiberationFront")
    assert (node, RDF.type, GK.Organization) in graph
    assert str(graph.value(node, RDFS.label)) == "Ogaden National Liberation Front"
    assert graph.value(node, OWL.sameAs) is None
    assert graph.value(actor_iri("ETH"), OWL.sameAs) is not None  # a known state is linked


# ------------------------------------------------------------------ names and roles


def test_names_are_matched_without_their_diacritics():
    from graphkit.extract.names import fold, fuller

    assert fold("Recep Tayyip Erdoğan") == "recep tayyip erdogan"
    assert fuller("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan") == "Recep Tayyip Erdoğan"
    assert fuller("Erdoğan", "Recep Tayyip Erdogan") == "Recep Tayyip Erdogan"


def test_the_office_titles_are_read_onto_the_terms():
    terms = load_people()["john howard"]
    assert {(t.actor, t.role) for t in terms} >= {("AUS", "Prime minister")}


def test_a_title_fits_an_office_whatever_the_word_order():
    from graphkit.extract.people import title_matches

    assert title_matches("Foreign Minister", "Minister of Foreign Affairs")
    assert title_matches("Defence Minister", "Minister of National Defense")
    assert title_matches("Premier", "Prime minister")
    assert not title_matches("Finance Minister", "Prime minister")
    assert not title_matches("President", "")


def test_people_sharing_a_surname_stay_two(extractor):
    doc = extractor.nlp("George W. Bush met Tony Blair. Laura Bush visited a school. Mrs Bush smiled.")
    people = extractor.read(doc, "2004-05-01").people
    names = {doc[m.start:m.end].text: people.persons[m.start].name for m in people.mentions}
    assert names["George W. Bush"] == "George W. Bush"
    assert names["Laura Bush"] == "Laura Bush"
    assert people.persons[people.mentions[-1].start].name == "Laura Bush"  # "Mrs Bush": the one named last


def test_a_place_row_names_a_known_state_and_a_form_no_actor_has(tmp_path, monkeypatch):
    from graphkit.errors import OntologyError
    from graphkit.extract import gazetteer

    places = tmp_path / "places.tsv"
    for row, problem in (("XXX\tAtlantis\n", "known state id"), ("PSE\tMoscow\n", "already names RUS")):
        places.write_text(row, encoding="utf-8")
        monkeypatch.setattr(gazetteer, "PLACE_FILES", (places,))
        with pytest.raises(OntologyError, match=problem):
            gazetteer.load_gazetteer.__wrapped__()
