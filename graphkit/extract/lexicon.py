"""The extraction lexicon: trigger words per relation type, the constructions each type's frame reads its triggers
with, and the words of attribution, as data.

>>> lex = load_lexicon()
>>> "SUPPLIES" in lex.verb_triggers["send"]
True
>>> "transfer_to" in lex.frames["SUPPLIES"].constructions
True
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import OntologyError
from ..vocabulary import relation_types, symmetric_relations
from .constructions import CONSTRUCTIONS, ITEM_KINDS
from .gazetteer import DATA_DIR

__all__ = ["Lexicon", "Frame", "load_lexicon"]


@dataclass(frozen=True)
class Frame:
    """How one relation type's triggers take their arguments."""

    relation: str
    constructions: tuple[str, ...]  # the named constructions its triggers are read with, in the order they are tried
    items: str  # what its triggers name as passing between the actors: "supplied", "produced" or "" (nothing)
    target_preps: frozenset[str]
    item_preps: frozenset[str]
    reverse_verbs: frozenset[str]
    modifier_nouns: frozenset[str]
    through_owners: bool  # an act on what an actor owns acts on the actor: "struck Houthi targets"
    recipient_only_verbs: frozenset[str]  # supplying verbs that name no item: "Iran arms the Houthis"
    verb_items: dict[str, tuple[str, ...]]  # ... of which some name it themselves: "arms the Houthis" supplies arms
    drawing_verbs: frozenset[str]  # "X's support drew criticism from NATO": the criticised is the subject
    tolerance_verbs: frozenset[str]  # "warned that the US will not tolerate Houthi attacks"
    production_verbs: frozenset[str]  # what a cooperation makes is its item: "to produce drones"
    stop_verbs: frozenset[str]  # verbs that stop the relation a noun names: "suspended aid"
    verb_preps: dict[str, tuple[str, ...]]  # verbs that count only with one of these prepositions: "call for"
    verb_target_preps: dict[str, frozenset[str]]  # a verb's own target prepositions: "pleaded with X"
    possessor_only_verbs: frozenset[str]  # "welcomed Israel's decision" backs; "welcomed Chirac" hosts
    not_items: frozenset[str]  # sent, but not supplied: envoys, messages


@dataclass(frozen=True)
class Lexicon:
    frames: dict[str, Frame]
    verb_triggers: dict[str, tuple[str, ...]]  # lemma -> relation names
    noun_triggers: dict[str, tuple[str, ...]]
    adjective_triggers: dict[str, tuple[str, ...]]
    # Words that signal a type to the learned model only (its trigger features), no construction starts at them:
    # broader and less precise than the triggers ("lambaste", "inked", "tariffs" for SANCTIONS).
    cue_verbs: dict[str, tuple[str, ...]]
    cue_nouns: dict[str, tuple[str, ...]]
    reciprocal: dict[str, str]  # "clash" -> ATTACKS
    anaphoric_modifiers: dict[str, str]  # "similar" -> same (borrow the target), "reciprocal" -> reverse
    anaphoric_heads: frozenset[str]  # "similar steps" repeats whatever relation the sentence reported
    reporting_verbs: frozenset[str]
    speech_acts: frozenset[str]  # relations a speaker performs by speaking: no claimant of their own
    voiced_nouns: frozenset[str]  # nouns that are backing when voiced ("voiced support") and supply otherwise
    voicing_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    denial_nouns: frozenset[str]
    planned_auxiliaries: frozenset[str]
    possible_auxiliaries: frozenset[str]
    planned_verbs: frozenset[str]
    planned_nouns: frozenset[str]
    actor_heads: frozenset[str]
    carrier_nouns: frozenset[str]  # "the country" carries the one state its sentence names
    sent_from_nouns: frozenset[str]  # "a delegation from Iraq" is Iraq's; "rebel leaders from Sudan" are not
    org_carrier_nouns: frozenset[str]  # "the group" carries the one organisation its sentence names
    owned_targets: frozenset[str]  # what an attack or sanction hits through its owner: "Houthi targets"
    wish_verbs: frozenset[str]  # "urged sanctions on Iran": what is urged is planned, not done
    act_nouns: frozenset[str]  # "condemned the Israeli strike": an act's owner is the one acted against
    weapon_nouns: frozenset[str]  # "Russian missiles struck Kyiv": weapons attack for their owner
    title_words: frozenset[str]  # the last word of each title in the lexicon's "titles"
    honorifics: frozenset[str]
    title_states: dict[str, str]  # titles that belong to one state: "house speaker" -> USA
    role_verbs: dict[str, str]  # "who commands the RSF" -> commander
    place_preps: frozenset[str]
    place_nouns: frozenset[str]
    quantity_heads: frozenset[str]  # "hundreds of drones": what is supplied is past the quantity
    transaction_nouns: frozenset[str]  # "an arms sale": what is supplied is the noun's compound, not the sale
    circumstance_preps: frozenset[str]  # "during a visit to the U.S." is the clause subject's visit
    pair_nouns: frozenset[str]  # "between the two countries" carries the two actors the sentence names
    pair_pronouns: frozenset[str]  # ... and so does "between them"
    pair_quantifiers: frozenset[str]  # ... when a pair noun is counted: "the two countries", "both nations"
    joint_words: frozenset[str]  # "joint drills" are shared: a symmetric noun needs no actor as its modifier
    agent_noun_endings: tuple[str, ...]  # "supporter": a noun for the one who does the act
    agent_nouns: frozenset[str]  # ... and such nouns without those endings: "ally"
    item_leading_words: frozenset[str]  # "more drones": words an item's phrase starts after
    adjunct_preps: frozenset[str]  # "..., following similar measures by the EU": the article's own voice
    aiming_preps: frozenset[str]  # "fired at Israel" aims at an actor; elsewhere "at" marks a place
    place_target_relations: frozenset[str]  # "strikes on infrastructure in Ukraine" attack Ukraine (guidelines)
    inside_preps: frozenset[str]  # what is "in Ukraine" is Ukraine's to be attacked; what is "off the coast of" is not
    member_nouns: frozenset[str]  # "Hamas fighters", "the militia's gunmen": members stand for their organisation
    group_words: frozenset[str]  # a name with one of these may be an organisation no dictionary knows: "Mahdi Army"
    company_words: frozenset[str]  # ... and with one of these it is a company, an outlet or a club: no actor
    generic_group_words: frozenset[str]  # ... and made of these and group words alone it is nobody's ("Security Council")


    def noun_relations(self, token) -> tuple[str, ...]:
        """The relation types a noun token can signal, by lemma or by its own form ("talks", "sanctions")."""
        return self.noun_triggers.get(token.lemma_.lower(), ()) or self.noun_triggers.get(token.lower_, ())


@cache
def load_lexicon(path: Path | None = None) -> Lexicon:
    """The lexicon in ``path`` (default: the packaged ``lexicon.json``), checked against the ontology."""
    path = path or DATA_DIR / "lexicon.json"
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise OntologyError(f"cannot read the lexicon {path}: {err}") from err
    _check_schema(data, path)
    _check_constructions(data, path)
    known = relation_types()
    unknown = sorted((set(data["relations"]) | set(data["reciprocal_verbs"])) - set(known))
    if unknown:
        raise OntologyError(f"{path}: relation(s) {', '.join(unknown)} are not in the ontology ({', '.join(known)})")
    verbs, nouns, adjectives = defaultdict(list), defaultdict(list), defaultdict(list)
    cue_verbs, cue_nouns = defaultdict(list), defaultdict(list)
    frames = {}
    for name, spec in data["relations"].items():
        frames[name] = _frame(name, spec)
        for word in spec.get("verbs", []) + spec.get("reverse_verbs", []):
            verbs[word].append(name)
        for word in spec.get("nouns", []):
            nouns[word].append(name)
        for word in spec.get("adjectives", []):
            adjectives[word].append(name)
        for word in spec.get("cue_verbs", []):
            cue_verbs[word].append(name)
        for word in spec.get("cue_nouns", []):
            cue_nouns[word].append(name)
    titles = frozenset(data["titles"])
    words = lambda key: frozenset(data[key])  # noqa: E731
    return Lexicon(
        frames=frames,
        verb_triggers={k: tuple(dict.fromkeys(v)) for k, v in verbs.items()},
        noun_triggers={k: tuple(dict.fromkeys(v)) for k, v in nouns.items()},
        adjective_triggers={k: tuple(dict.fromkeys(v)) for k, v in adjectives.items()},
        cue_verbs={k: tuple(dict.fromkeys(v)) for k, v in cue_verbs.items()},
        cue_nouns={k: tuple(dict.fromkeys(v)) for k, v in cue_nouns.items()},
        reciprocal={verb: name for name, verbs_ in data["reciprocal_verbs"].items() for verb in verbs_},
        anaphoric_modifiers=dict(data["anaphoric_modifiers"]),
        anaphoric_heads=words("anaphoric_heads"),
        reporting_verbs=words("reporting_verbs"),
        speech_acts=words("speech_acts"),
        voiced_nouns=words("voiced_nouns"),
        voicing_verbs=words("voicing_verbs"),
        denial_verbs=words("denial_verbs"),
        denial_nouns=words("denial_nouns"),
        planned_auxiliaries=words("planned_auxiliaries"),
        possible_auxiliaries=words("possible_auxiliaries"),
        planned_verbs=words("planned_verbs"),
        planned_nouns=words("planned_nouns"),
        actor_heads=words("actor_heads"),
        carrier_nouns=words("carrier_nouns"),
        sent_from_nouns=words("sent_from_nouns"),
        org_carrier_nouns=words("org_carrier_nouns"),
        owned_targets=words("owned_targets"),
        wish_verbs=words("wish_verbs"),
        act_nouns=words("act_nouns"),
        weapon_nouns=words("weapon_nouns"),
        title_words=frozenset(title.split()[-1] for title in titles),
        honorifics=words("honorifics"),
        title_states=dict(data["title_states"]),
        role_verbs=dict(data["role_verbs"]),
        place_preps=words("place_preps"),
        place_nouns=words("place_nouns"),
        quantity_heads=words("quantity_heads"),
        transaction_nouns=words("transaction_nouns"),
        circumstance_preps=words("circumstance_preps"),
        pair_nouns=words("pair_nouns"),
        pair_pronouns=words("pair_pronouns"),
        pair_quantifiers=words("pair_quantifiers"),
        joint_words=words("joint_words"),
        agent_noun_endings=tuple(data["agent_noun_endings"]),
        agent_nouns=words("agent_nouns"),
        item_leading_words=words("item_leading_words"),
        adjunct_preps=words("adjunct_preps"),
        aiming_preps=words("aiming_preps"),
        place_target_relations=words("place_target_relations"),
        inside_preps=words("inside_preps"),
        member_nouns=words("member_nouns"),
        group_words=words("group_words"),
        company_words=words("company_words"),
        generic_group_words=words("generic_group_words"),
    )


# The lexicon's schema: every key the loader reads, and nothing else (a misspelt key would otherwise be ignored).
TOP_KEYS = {"_comment", "relations", "act_nouns", "actor_heads", "adjunct_preps", "agent_noun_endings", "agent_nouns",
            "aiming_preps", "anaphoric_heads", "anaphoric_modifiers", "carrier_nouns", "circumstance_preps",
            "company_words", "denial_nouns", "denial_verbs", "generic_group_words", "group_words", "honorifics",
            "inside_preps", "item_leading_words", "joint_words", "member_nouns", "org_carrier_nouns", "owned_targets",
            "pair_nouns", "pair_pronouns", "pair_quantifiers", "place_nouns", "place_preps", "place_target_relations",
            "planned_auxiliaries", "planned_nouns", "planned_verbs", "possible_auxiliaries", "quantity_heads",
            "reciprocal_verbs", "reporting_verbs", "role_verbs", "sent_from_nouns", "speech_acts", "title_states",
            "titles", "transaction_nouns", "voiced_nouns", "voicing_verbs", "weapon_nouns", "wish_verbs"}
FRAME_KEYS = {"constructions", "items", "verbs", "nouns", "adjectives", "reverse_verbs", "target_preps", "item_preps",
              "stop_verbs", "not_items", "symmetric_nouns_need_modifier", "production_verbs", "possessor_only_verbs",
              "drawing_verbs", "targets_through_owners", "tolerance_verbs", "verbs_needing_preps",
              "verb_target_preps", "recipient_only_verbs", "verb_items", "cue_verbs", "cue_nouns"}


def _check_schema(data: dict, path: Path) -> None:
    problems = []
    if set(data) - TOP_KEYS:
        problems.append(f"unknown key(s) {', '.join(sorted(set(data) - TOP_KEYS))}")
    if TOP_KEYS - {"_comment"} - set(data):
        problems.append(f"missing key(s) {', '.join(sorted(TOP_KEYS - {'_comment'} - set(data)))}")
    for name, spec in data.get("relations", {}).items():
        if set(spec) - FRAME_KEYS:
            problems.append(f"relation {name}: unknown key(s) {', '.join(sorted(set(spec) - FRAME_KEYS))}")
        for cues, triggers in (("cue_verbs", ("verbs", "reverse_verbs")), ("cue_nouns", ("nouns",))):
            both = set(spec.get(cues, ())) & {w for key in triggers for w in spec.get(key, ())}
            if both:  # a trigger is a cue already: listing it twice would hide which one a word is
                problems.append(f"relation {name}: {cues} repeat(s) its triggers {', '.join(sorted(both))}")
    if problems:
        raise OntologyError(f"{path}: {'; '.join(problems)} (known keys: see graphkit/extract/lexicon.py)")


def _check_constructions(data: dict, path: Path) -> None:
    """Each frame's constructions are registered ones (:mod:`graphkit.extract.constructions`), each registered one
    is listed by some frame, and a frame's items are a known kind."""
    problems, used = [], set()
    symmetric = symmetric_relations()
    for name, spec in data["relations"].items():
        names = spec.get("constructions")
        if not isinstance(names, list) or not names:
            problems.append(f"relation {name}: no constructions listed")
            continue
        used.update(names)
        unknown = [n for n in names if n not in CONSTRUCTIONS]
        if unknown:
            problems.append(f"relation {name}: unknown construction(s) {', '.join(unknown)}")
        unordered = [n for n in names if n in CONSTRUCTIONS and CONSTRUCTIONS[n].symmetric and name not in symmetric]
        if unordered:
            problems.append(f"relation {name}: construction(s) {', '.join(unordered)} pair actors unordered, "
                            "but the relation is not symmetric")
        if spec.get("items", "") not in ("", *ITEM_KINDS):
            problems.append(f"relation {name}: items {spec['items']!r} is not one of {', '.join(ITEM_KINDS)}")
    for name in sorted(set(data["reciprocal_verbs"])):
        if "reciprocal" not in data["relations"].get(name, {}).get("constructions", []):
            problems.append(f"reciprocal_verbs: relation {name} does not list the reciprocal construction")
    unused = [n for n in CONSTRUCTIONS if n not in used]
    if unused:
        problems.append(f"construction(s) {', '.join(unused)} registered but listed by no relation")
    if problems:
        raise OntologyError(f"{path}: {'; '.join(problems)} (the constructions: see graphkit/extract/constructions.py)")


def _frame(name: str, spec: dict) -> Frame:
    get = lambda key: frozenset(spec.get(key, []))  # noqa: E731
    return Frame(
        relation=name,
        constructions=tuple(n for n in CONSTRUCTIONS if n in spec["constructions"]),
        items=spec.get("items", ""),
        target_preps=get("target_preps"),
        item_preps=get("item_preps"),
        reverse_verbs=get("reverse_verbs"),
        modifier_nouns=get("symmetric_nouns_need_modifier"),
        stop_verbs=get("stop_verbs"),
        production_verbs=get("production_verbs"),
        through_owners=bool(spec.get("targets_through_owners")),
        recipient_only_verbs=get("recipient_only_verbs"),
        verb_items={verb: tuple(items) for verb, items in spec.get("verb_items", {}).items()},
        drawing_verbs=get("drawing_verbs"),
        tolerance_verbs=get("tolerance_verbs"),
        verb_preps={verb: tuple(preps) for verb, preps in spec.get("verbs_needing_preps", {}).items()},
        verb_target_preps={verb: frozenset(p) for verb, p in spec.get("verb_target_preps", {}).items()},
        possessor_only_verbs=get("possessor_only_verbs"),
        not_items=get("not_items"),
    )
