"""Features of a candidate pair, as strings for a linear model: what the rules said, the parse path between the
two actors with the words on it, trigger words of the lexicon, the kinds and roles of the mentions, and cues of
negation and reporting.

>>> from graphkit.extract import Extractor
>>> ex = Extractor()
>>> sentence = ex.read(ex.nlp("Iran sent drones to Russia.")).sentences[0]
>>> n = [c.key for c in sentence.candidates].index(("IRN", "RUS"))
>>> [f for f in sentence.features[n] if f.startswith(("lca=", "trig_path=", "path="))]
['path=nsubj^send_dative_pobj', 'lca=send', 'trig_path=SUPPLIES']
"""
from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from .arguments import ArgumentResolver
from .candidates import Candidate, dependency_path
from .lexicon import Lexicon

__all__ = ["candidate_features"]

CONTENT = ("VERB", "NOUN", "PROPN", "ADJ", "ADP", "AUX", "PART", "ADV")
MAX_BETWEEN = 10


def candidate_features(candidate: Candidate, resolver: ArgumentResolver, lexicon: Lexicon,
                       rules: Iterable[str] = (), reverse_rules: Iterable[str] = ()) -> list[str]:
    """The candidate's features; ``rules`` are the relations the rules found from source to target in this
    sentence, ``reverse_rules`` those from target to source."""
    doc = candidate.sentence.doc
    sent = candidate.sentence
    s, t = candidate.source, candidate.target
    a, b = doc[s.head], doc[t.head]
    features = [f"rule={r}" for r in rules] + [f"rule_rev={r}" for r in reverse_rules]
    if not features:
        features.append("rule=none")
    s_type = "org" if s.actor.startswith("org:") else "state"
    t_type = "org" if t.actor.startswith("org:") else "state"
    s_role, t_role = _role(a), _role(b)
    features += [f"sk={s.kind}", f"tk={t.kind}", f"kinds={s.kind}|{t.kind}", f"types={s_type}|{t_type}",
                 f"sdep={s_role}", f"tdep={t_role}", f"deps={s_role}|{t_role}",
                 "s_first" if s.start < t.start else "t_first", f"nact={min(len(_actors(resolver, sent)), 6)}"]
    if sent.start == 0:
        features.append("title")
    for name, token in (("s", a), ("t", b)):
        if resolver.is_place(token):
            features.append(f"{name}_place")
        if token.dep_ in ("amod", "compound", "poss", "nmod"):
            features.append(f"{name}_owner_of={token.head.lemma_.lower()}")
    governors = {}
    for name, token in (("s", a), ("t", b)):
        verb, relation = _governor(token)
        governors[name] = (verb.i if verb is not None else -1, relation)
        if verb is None:
            continue
        lemma = verb.lemma_.lower()
        features += [f"{name}_gov={lemma}|{relation}", f"{name}_rel={relation}"]
        features += [f"{name}_gov_trig={r}|{relation}" for r in _triggers(verb, lexicon)]
    if governors["s"][0] == governors["t"][0] and governors["s"][0] >= 0:
        verb = doc[governors["s"][0]]
        features.append(f"same_gov={governors['s'][1]}|{governors['t'][1]}")
        features += [f"same_gov_trig={r}|{governors['s'][1]}|{governors['t'][1]}" for r in _triggers(verb, lexicon)]
    up, top, down = dependency_path(a, b)
    if top is None:
        features.append("path=none")
        return features + _between(doc, s, t)
    deps = [a.dep_] + [x.dep_ for x in up]
    down_deps = [x.dep_ for x in down] + [b.dep_]
    if top.i == a.i:
        deps = []
    if top.i == b.i:
        down_deps = []
    top_lemma = top.lemma_.lower()
    length = len(deps) + len(down_deps)
    features.append(f"path={'_'.join(deps)}^{top_lemma if length <= 6 else top.pos_}_{'_'.join(down_deps)}"
                    if length <= 6 else "path=long")
    features.append(f"plen={min(length, 8)}")
    features += [f"lca={top_lemma}", f"lca_pos={top.pos_}",
                 f"lca_dirs={top_lemma}|{deps[-1] if deps else 'self'}|{down_deps[0] if down_deps else 'self'}"]
    on_path = up + [top] + down
    for token in on_path:
        lemma = token.lemma_.lower()
        if token.pos_ in CONTENT and token.i not in (a.i, b.i):
            features.append(f"on_path={lemma}")
        for relation in _triggers(token, lexicon):
            features += [f"trig_path={relation}", f"trig_lemma={relation}:{lemma}"]
            if token.i == top.i:
                features.append(f"trig_lca={relation}|{deps[-1] if deps else 'self'}|"
                                f"{down_deps[0] if down_deps else 'self'}")
        if any(c.dep_ == "neg" for c in token.children):
            features.append("neg_path")
        if lemma in lexicon.denial_verbs or lemma in lexicon.denial_nouns:
            features.append("denial_path")
    for relation in {r for token in sent for r in _triggers(token, lexicon)}:
        features.append(f"trig_sent={relation}")
    for token in _above(top):
        lemma = token.lemma_.lower()
        if lemma in lexicon.reporting_verbs:
            features.append(f"reported_by={lemma}")
        if lemma in lexicon.denial_verbs:
            features.append("denied_above")
    return features + _between(doc, s, t)


def _governor(token: Token) -> tuple[Token | None, str]:
    """The nearest verb above a mention and how the mention hangs from it: "nsubj", "dobj", "pobj:to",
    "poss>nsubj" (the owner of the verb's subject), at most three steps up."""
    steps = []
    for _ in range(3):
        if token.head.i == token.i:
            return None, ""
        steps.append(f"pobj:{token.head.lower_}" if token.dep_ == "pobj" else token.dep_)
        token = token.head if token.dep_ != "pobj" else token.head
        if token.pos_ in ("VERB", "AUX"):
            return token, ">".join(s for s in steps if s != "prep")
    return None, ""


def _role(token: Token) -> str:
    if token.dep_ == "pobj":
        return f"pobj:{token.head.lower_}"
    if token.dep_ in ("amod", "compound", "poss", "nmod"):
        return f"{token.dep_}:{token.head.dep_}"
    return token.dep_


def _triggers(token: Token, lexicon: Lexicon) -> tuple[str, ...]:
    lemma = token.lemma_.lower()
    if token.pos_ in ("VERB", "AUX"):
        return lexicon.verb_triggers.get(lemma, ())
    if token.pos_ in ("NOUN", "PROPN"):
        return lexicon.noun_relations(token)
    return lexicon.adjective_triggers.get(token.lower_, ())


def _above(token: Token) -> list[Token]:
    found = []
    while token.head.i != token.i and len(found) < 6:
        token = token.head
        found.append(token)
    return found


def _between(doc, s, t) -> list[str]:
    first, second = (s, t) if s.start < t.start else (t, s)
    tokens = doc[first.end: second.start]
    if len(tokens) > MAX_BETWEEN:
        return [f"nbtw={min(len(tokens) // 5 * 5, 30)}"]
    return [f"nbtw={len(tokens)}"] + [f"btw={x.lemma_.lower()}" for x in tokens if not x.is_punct] + \
        [f"btw_punct={x.text}" for x in tokens if x.text in (",", ";", ":", "-", "(")]


def _actors(resolver: ArgumentResolver, sent) -> set[str]:
    return {resolver.at[i].actor for i in range(sent.start, sent.end) if i in resolver.at and resolver.at[i].actor}
