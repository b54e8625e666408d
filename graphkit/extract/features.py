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
from dataclasses import dataclass

from spacy.tokens import Span

from .arguments import ArgumentResolver
from .candidates import Candidate
from .lexicon import Lexicon
from .tokens import TokenTable

__all__ = ["candidate_features", "SentenceContext", "sentence_context", "FEATURES_VERSION"]

FEATURES_VERSION = "4"  # bump when a feature changes: it is part of the model's version
CONTENT = ("VERB", "NOUN", "PROPN", "ADJ", "ADP", "AUX", "PART", "ADV")
MAX_BETWEEN = 10


@dataclass(frozen=True)
class SentenceContext:
    """What every pair of one sentence shares: the doc's token table, the trigger types of the sentence's words and
    the sentence's own features."""

    table: TokenTable
    triggers: dict[int, tuple[str, ...]]  # token index -> relation types it can signal
    features: tuple[str, ...]


def sentence_context(sent: Span, resolver: ArgumentResolver, lexicon: Lexicon,
                     table: TokenTable | None = None) -> SentenceContext:
    """The shared part of the features of one sentence's pairs, computed once."""
    table = table or TokenTable.of(sent.doc)
    triggers = {}
    for i in range(sent.start, sent.end):
        found = _triggers(table, i, lexicon)
        if found:
            triggers[i] = found
    actors = {resolver.at[i].actor for i in range(sent.start, sent.end) if i in resolver.at and resolver.at[i].actor}
    shared = [f"trig_sent={r}" for r in sorted({r for found in triggers.values() for r in found})]
    shared.append(f"nact={min(len(actors), 6)}")
    if sent.start == 0:
        shared.append("title")
    return SentenceContext(table, triggers, tuple(shared))


def candidate_features(candidate: Candidate, resolver: ArgumentResolver, lexicon: Lexicon,
                       rules: Iterable[str] = (), reverse_rules: Iterable[str] = (),
                       context: SentenceContext | None = None) -> list[str]:
    """The candidate's features; ``rules`` are the relations the rules found from source to target in this
    sentence, ``reverse_rules`` those from target to source; ``context`` is the sentence's shared part."""
    doc = candidate.sentence.doc
    context = context or sentence_context(candidate.sentence, resolver, lexicon)
    table, triggers = context.table, context.triggers
    dep, lemma_of, pos = table.dep, table.lemma, table.pos
    s, t = candidate.source, candidate.target
    # A member of a list stands where the list stands (guideline 4: "the US, UK and France sanctioned Iran" gives
    # three triples), so its path is read from the list's first member; two members of one list are read from
    # where the list hangs ("France and Germany signed a deal": nsubj^sign_nsubj).
    a, b = table.coordination_head(s.head), table.coordination_head(t.head)
    together = a == b and table.head[a] != a
    if a == b and not together:  # a list that is the whole sentence hangs nowhere: read the members themselves
        a, b = s.head, t.head
    features = [f"rule={r}" for r in rules] + [f"rule_rev={r}" for r in reverse_rules]
    if not features:
        features.append("rule=none")
    s_type = "org" if s.actor.startswith("org:") else "state"
    t_type = "org" if t.actor.startswith("org:") else "state"
    s_role, t_role = _role(table, a), _role(table, b)
    features += [f"sk={s.kind}", f"tk={t.kind}", f"kinds={s.kind}|{t.kind}", f"types={s_type}|{t_type}",
                 f"sdep={s_role}", f"tdep={t_role}", f"deps={s_role}|{t_role}",
                 "s_first" if s.start < t.start else "t_first", *context.features]
    if together:
        features.append("coord=same")
    elif a != s.head or b != t.head:
        features.append("coord=member")
    governors = {}
    for name, i in (("s", a), ("t", b)):
        if resolver.is_place(doc[i]):
            features.append(f"{name}_place")
        if dep[i] in ("amod", "compound", "poss", "nmod"):
            features.append(f"{name}_owner_of={lemma_of[table.head[i]]}")
        verb, relation = _governor(table, i)
        governors[name] = (verb, relation)
        if verb >= 0:
            features += [f"{name}_gov={lemma_of[verb]}|{relation}", f"{name}_rel={relation}"]
            features += [f"{name}_gov_trig={r}|{relation}" for r in triggers.get(verb, ())]
    (s_verb, s_relation), (t_verb, t_relation) = governors["s"], governors["t"]
    if s_verb == t_verb and s_verb >= 0:
        features.append(f"same_gov={s_relation}|{t_relation}")
        features += [f"same_gov_trig={r}|{s_relation}|{t_relation}" for r in triggers.get(s_verb, ())]
    up, top, down = ([], table.head[a], []) if together else table.path(a, b)
    if top is None:
        features.append("path=none")
        return features + _between(table, s, t)
    deps = [] if top == a else [dep[a]] + [dep[x] for x in up]
    down_deps = [] if top == b else [dep[x] for x in down] + [dep[b]]
    top_lemma = lemma_of[top]
    length = len(deps) + len(down_deps)
    features.append(f"path={'_'.join(deps)}^{top_lemma}_{'_'.join(down_deps)}" if length <= 6 else "path=long")
    features.append(f"plen={min(length, 8)}")
    first_up = deps[-1] if deps else "self"
    first_down = down_deps[0] if down_deps else "self"
    features += [f"lca={top_lemma}", f"lca_pos={pos[top]}", f"lca_dirs={top_lemma}|{first_up}|{first_down}"]
    for i in up + [top] + down:
        lemma = lemma_of[i]
        if pos[i] in CONTENT and i != a and i != b:
            features.append(f"on_path={lemma}")
        for relation in triggers.get(i, ()):
            features += [f"trig_path={relation}", f"trig_lemma={relation}:{lemma}"]
            if i == top:
                features.append(f"trig_lca={relation}|{first_up}|{first_down}")
        if table.negated[i]:
            features.append("neg_path")
        if lemma in lexicon.denial_verbs or lemma in lexicon.denial_nouns:
            features.append("denial_path")
    i = top
    for _ in range(6):
        if table.head[i] == i:
            break
        i = table.head[i]
        if lemma_of[i] in lexicon.reporting_verbs:
            features.append(f"reported_by={lemma_of[i]}")
        if lemma_of[i] in lexicon.denial_verbs:
            features.append("denied_above")
    return features + _between(table, s, t)


def _governor(table: TokenTable, i: int) -> tuple[int, str]:
    """The nearest verb above a mention (-1 for none) and how the mention hangs from it: "nsubj", "dobj",
    "pobj:to", "poss>nsubj" (the owner of the verb's subject), at most three steps up."""
    steps = []
    for _ in range(3):
        up = table.head[i]
        if up == i:
            return -1, ""
        steps.append(f"pobj:{table.lower[up]}" if table.dep[i] == "pobj" else table.dep[i])
        i = up
        if table.pos[i] in ("VERB", "AUX"):
            return i, ">".join(step for step in steps if step != "prep")
    return -1, ""


def _role(table: TokenTable, i: int) -> str:
    relation = table.dep[i]
    if relation == "pobj":
        return f"pobj:{table.lower[table.head[i]]}"
    if relation in ("amod", "compound", "poss", "nmod"):
        return f"{relation}:{table.dep[table.head[i]]}"
    return relation


def _triggers(table: TokenTable, i: int, lexicon: Lexicon) -> tuple[str, ...]:
    """The types a word signals: the rules' triggers and the model's cues (lexicon ``cue_verbs``/``cue_nouns``)."""
    pos = table.pos[i]
    if pos in ("VERB", "AUX"):
        return _merge(lexicon.verb_triggers.get(table.lemma[i], ()), lexicon.cue_verbs.get(table.lemma[i], ()))
    if pos in ("NOUN", "PROPN"):
        lemma, lower = table.lemma[i], table.lower[i]
        return _merge(lexicon.noun_triggers.get(lemma, ()) or lexicon.noun_triggers.get(lower, ()),
                      lexicon.cue_nouns.get(lemma, ()) or lexicon.cue_nouns.get(lower, ()))
    return lexicon.adjective_triggers.get(table.lower[i], ())


def _merge(triggers: tuple[str, ...], cues: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(triggers + cues)) if cues else triggers


def _between(table: TokenTable, s, t) -> list[str]:
    first, second = (s, t) if s.start < t.start else (t, s)
    span = range(first.end, second.start)
    if len(span) > MAX_BETWEEN:
        return [f"nbtw={min(len(span) // 5 * 5, 30)}"]
    return [f"nbtw={len(span)}"] + [f"btw={table.lemma[i]}" for i in span if not table.punct[i]] + \
        [f"btw_punct={table.lower[i]}" for i in span if table.lower[i] in (",", ";", ":", "-", "(")]
