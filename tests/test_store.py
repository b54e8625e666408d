"""Mapping to RDF and the embedded Oxigraph store: SHACL-valid graphs, idempotent and incremental ingest."""
from __future__ import annotations

import shutil

import pytest
from pyshacl import validate
from rdflib import Dataset, Graph

from graphkit.demo import sample_dir
from graphkit.errors import StoreError, StoreLockedError
from graphkit.ingest import ingest
from graphkit.namespace import GK
from graphkit.rdf import actor_iri
from graphkit.store import Store
from graphkit.vocabulary import ontology_graph, shapes_graph


def conforms(graph: Graph) -> tuple[bool, str]:
    ok, _, text = validate(graph, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="none")
    return ok, text


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(sample_dir(), folder)
    return folder


def test_every_graph_written_conforms_to_the_shapes(articles, store_path, settings):
    ingest([articles], store=store_path, settings=settings)
    with Store.open(store_path, read_only=True) as store:
        graph = Graph()
        for triple in store.dataset.triples((None, None, None)):
            graph.add(triple)
    ok, text = conforms(graph)
    assert ok, text
    assert len(graph) > 100


def test_shapes_catch_a_broken_assertion():
    graph = Graph()
    graph.parse(data="""
        @prefix gk: <https://w3id.org/graphkit/ontology#> .
        <urn:a> a gk:Assertion ; gk:polarity "maybe" .""", format="turtle")
    ok, text = conforms(graph)
    assert not ok and "maybe" in text


def test_ingesting_twice_adds_nothing(articles, store_path, settings):
    first = ingest([articles], store=store_path, settings=settings)
    second = ingest([articles], store=store_path, settings=settings)
    assert first.new == 5 and first.triples_added > 0
    assert (second.new, second.updated, second.skipped, second.triples_added) == (0, 0, 5, 0)


def test_a_changed_article_replaces_its_assertions(articles, store_path, settings):
    ingest([articles], store=store_path, settings=settings)
    (articles / "sanctions.txt").write_text(" date 2024-06-11 Correction\n\nBrazil thanked Argentina.\n")
    report = ingest([articles], store=store_path, settings=settings)
    assert (report.updated, report.skipped) == (1, 4)
    with Store.open(store_path, read_only=True) as store:
        assert (actor_iri("POL"), GK.sanctions, actor_iri("BLR")) not in store.dataset
        assert (actor_iri("BRA"), GK.supports, actor_iri("ARG")) in store.dataset
        titles = {str(r[0]) for r in store.sparql("SELECT ?t WHERE { ?a dcterms:title ?t }")}
    assert "Correction" in titles and "EU and Britain impose new sanctions on Belarus" not in titles


def test_a_second_writer_gets_a_clear_error(store_path):
    with Store.open(store_path):
        with pytest.raises(StoreLockedError, match="another graphkit process is writing"):
            with Store.open(store_path):
                pass
        with Store.open(store_path, read_only=True) as reader:  # readers are never blocked
            assert reader.stats()["articles"] == 0


def test_reading_a_missing_store_says_what_to_do(tmp_path):
    with pytest.raises(StoreError, match="run graphkit ingest first"):
        with Store.open(tmp_path / "nothing", read_only=True):
            pass


def test_stats_and_exports(articles, store_path, settings):
    ingest([articles], store=store_path, settings=settings)
    with Store.open(store_path, read_only=True) as store:
        stats = store.stats()
        turtle = store.export("turtle")
        nquads = store.export("nquads")
    assert stats["articles"] == 5 and stats["assertions"] == sum(stats["by_relation"].values()) > 5
    quads = Dataset().parse(data=nquads, format="nquads").quads((None, None, None, None))
    assert len(Graph().parse(data=turtle, format="turtle")) == len({(s, p, o) for s, p, o, _ in quads}) > 100


def test_rdf_reads_back_as_the_articles_and_assertions_written(tmp_path):
    from graphkit.from_rdf import read_articles
    from graphkit.rdf import article_graph
    from graphkit.synthetic import synthetic_articles, synthetic_graph

    written = list(synthetic_articles(30, 6, states=8))  # claimants, items, denials, several per pair
    order = lambda found: sorted(found, key=lambda a: (a.start, a.relation, a.source, a.target))  # noqa: E731
    with Store.open(tmp_path / "store") as store:
        for article, found in written:
            store.replace_article(article.id, article_graph(article, found))
        from_store = list(read_articles(store.dataset))
    from_graph = list(read_articles(synthetic_graph(30, 6, states=8)))
    for back in (from_store, from_graph):
        assert [(a.id, a.title, a.date, a.content_hash) for a, _ in back] == \
               [(a.id, a.title, a.date, a.content_hash) for a, _ in written]
        assert [found for _, found in back] == [order(found) for _, found in written]
    assert any(a.claimed_by for _, found in written for a in found)


def test_the_ontology_is_in_the_store_as_its_own_named_graph(sample_store, tmp_path):
    from graphkit.store import ONTOLOGY_GRAPH

    with Store.open(sample_store, read_only=True) as store:
        label = [str(r.l) for r in store.sparql("SELECT ?l WHERE { gk:supplies rdfs:label ?l }")]
        graphs = [str(r.g) for r in store.sparql(
            "SELECT ?g WHERE { GRAPH ?g { gk:supplies gk:ploverType 'AID' ; gk:cameoRoot '07' } }")]
        symmetric = {str(r.r).rsplit("#", 1)[1] for r in store.sparql("SELECT ?r WHERE { ?r a owl:SymmetricProperty }")}
        aid = store.sparql("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a gk:relation/gk:ploverType 'AID' }")
        assert label == ["supplies"] and graphs == [ONTOLOGY_GRAPH]
        assert symmetric == {"cooperatesWith", "meets", "agreesWith"}
        assert int(next(iter(aid)).n) == store.stats()["by_relation"]["SUPPLIES"]
        size = len(store)
    copy = tmp_path / "copy"
    shutil.copytree(sample_store, copy)
    with Store.open(copy) as store:  # opened again for writing: the ontology is not written twice
        assert len(store) == size


def test_a_reader_opening_while_a_writer_flushes_gets_the_store(tmp_path):
    """Opening a writer writes the ontology graph, and its files move under a reader opening at that moment
    (RocksDB calls that 'corruption': a file the manifest names is gone); the reader opens again and reads."""
    for n in range(10):
        path = tmp_path / f"store{n}"
        with Store.open(path):
            with Store.open(path, read_only=True) as reader:
                assert reader.stats()["articles"] == 0
