// Named example queries: run one with `graphkit query --name NAME [--param key=value]`, or paste it into the
// Neo4j Browser (set parameters there with `:param state => 'IRN'`). Each starts with "// name:" and
// "// about:" lines; "// param:" lines give defaults.

// name: who-supplies-whom
// about: Who supplies whom, with what, in how many reports (articles; assertions: how often), and who claims it.
MATCH (s:Actor)-[r:SUPPLIES]->(t:Actor)
RETURN s.id AS supplier, t.id AS recipient, r.items AS items, r.articles AS reports, r.assertions AS assertions,
       r.claimed_by AS claimed_by, r.first_seen AS first_seen, r.last_seen AS last_seen
ORDER BY reports DESC, assertions DESC, supplier, recipient;

// name: claims-by-claimant
// about: Every claim an actor makes about others, newest first.
// param: claimant=USA
MATCH (a:Assertion)-[:CLAIMED_BY]->(:Actor {id: $claimant}), (a)-[:REPORTED_IN]->(art:Article)
RETURN a.source AS source, a.relation AS relation, a.target AS target, a.polarity AS polarity,
       a.modality AS modality, art.date AS date, a.evidence AS evidence
ORDER BY date DESC;

// name: denied-claims
// about: Relations someone denies, next to who affirms the same relation.
MATCH (d:Assertion {polarity: 'denied'})-[:REPORTED_IN]->(art:Article)
OPTIONAL MATCH (d)-[:CLAIMED_BY]->(denier:Actor)
OPTIONAL MATCH (f:Assertion {relation: d.relation, pair_source: d.pair_source, pair_target: d.pair_target, polarity: 'affirmed'})
OPTIONAL MATCH (f)-[:CLAIMED_BY]->(affirmer:Actor)
RETURN d.source AS source, d.relation AS relation, d.target AS target, denier.id AS denied_by,
       collect(DISTINCT affirmer.id) AS affirmed_by, art.date AS date, d.evidence AS evidence
ORDER BY date DESC;

// name: partners-over-time
// about: A state's partners (the relations of PLOVER's cooperation quad classes) by month, in reports (articles).
// param: state=RUS
MATCH (a:Assertion&(VerbalCooperation|MaterialCooperation) {polarity: 'affirmed'})-[:REPORTED_IN]->(art:Article)
WHERE $state IN [a.source, a.target] AND art.date IS NOT NULL
WITH CASE WHEN a.source = $state THEN a.target ELSE a.source END AS partner, a.relation AS relation,
     substring(toString(art.date), 0, 7) AS month, a, art
RETURN month, partner, collect(DISTINCT relation) AS relations, count(DISTINCT art) AS reports, count(a) AS assertions
ORDER BY month, reports DESC;

// name: path-between
// about: The shortest chain of reported relations between two states, each step as who does what to whom.
// param: from=GBR
// param: to=IRN
MATCH (a:Actor {id: $from}), (b:Actor {id: $to})
MATCH p = shortestPath((a)-[:SUPPLIES|COOPERATES_WITH|MEETS|AGREES_WITH|SUPPORTS|ACCUSES|THREATENS|SANCTIONS|ATTACKS|REQUESTS*..6]-(b))
RETURN [n IN nodes(p) | n.id] AS actors,
       [r IN relationships(p) | {source: startNode(r).id, relation: type(r), target: endNode(r).id}] AS steps,
       [i IN range(0, size(relationships(p)) - 1) |
        CASE WHEN startNode(relationships(p)[i]) = nodes(p)[i] THEN 'forward' ELSE 'backward' END] AS directions;

// name: adversaries
// about: Who accuses, threatens, sanctions or attacks whom, most reported (in articles) first.
MATCH (s:Actor)-[r:ACCUSES|THREATENS|SANCTIONS|ATTACKS]->(t:Actor)
RETURN s.id AS source, type(r) AS relation, t.id AS target, r.articles AS reports, r.assertions AS assertions
ORDER BY reports DESC, assertions DESC, source;
