"""Wire text hygiene: entity residue, escaped line breaks and runs of spaces are normalised before parsing, and
evidence offsets still point into the article's own text (sentences written for the project)."""
from __future__ import annotations

import pytest

from graphkit.extract.hygiene import normalise
from graphkit.model import Article

CASES = [  # (raw, normalised)
    ("Chile #39;s navy met Peru #39;s envoy.", "Chile's navy met Peru's envoy."),
    ("Peru called the deal  quot;a good start quot; on Monday.", 'Peru called the deal "a good start" on Monday.'),
    ("Kenya pledged #36;5 million.", "Kenya pledged $5 million."),
    ("Ghana thanked\\Togo for the help.", "Ghana thanked Togo for the help."),
    ("Norway  and   Finland signed a pact.", "Norway and Finland signed a pact."),
    ("Mali &lt;b&gt;rejected&lt;/b&gt; the plan &amp; the talks.", "Mali rejected the plan & the talks."),
    ("No residue here: Brazil met Chile.", "No residue here: Brazil met Chile."),
]


@pytest.mark.parametrize("raw, clean", CASES)
def test_residue_is_normalised_and_words_map_back(raw, clean):
    normalised = normalise(raw)
    assert normalised.text == clean
    start = 0
    for word in clean.split():  # every word free of residue maps back onto itself in the raw text
        start = clean.index(word, start)
        mapped = raw[normalised.original(start):normalised.original_end(start + len(word))]
        if word.strip(".,") in raw.split() or word in raw.split():
            assert mapped == word, (word, mapped)
        start += len(word)


def test_a_possessive_behind_residue_is_read_and_the_evidence_is_the_article_s_own(assertions):
    text = "Iran #39;s foreign ministry condemned Israel on Monday."
    found = [a for a in assertions(text) if a.relation == "ACCUSES"]
    assert [(a.source, a.target) for a in found] == [("IRN", "ISR")]
    assert found[0].evidence == text and (found[0].start, found[0].end) == (0, len(text))


def test_evidence_offsets_of_a_later_sentence_skip_the_residue(extractor):
    text = "Officials  said  quot;nothing quot; on Monday. Russia sent tanks to Belarus."
    found = extractor.extract_one(Article("x", text))
    supplies = [a for a in found if a.relation == "SUPPLIES"]
    assert supplies and supplies[0].evidence == "Russia sent tanks to Belarus."
    assert text[supplies[0].start:supplies[0].end] == supplies[0].evidence


def test_an_escaped_line_break_does_not_glue_words(relations):
    assert ("FRA", "SANCTIONS", "IRN") in relations("France imposed\\sanctions on Iran on Tuesday.")


@pytest.mark.parametrize("text, expected", [
    ("Talks\n\nEgyptian President Abdel-Fattah el-Sissi met Jordan's king in Cairo.", ("EGY", "MEETS", "JOR")),
    ("Talks\n\nIraqi Prime Minister Mohammed Shia al-Sudani met Syria's president.", ("IRQ", "MEETS", "SYR")),
])
def test_a_hyphenated_name_opens_no_dateline(relations, text, expected):
    title, _, body = text.partition("\n\n")
    assert expected in relations(body, title=title) or expected[::-1] in relations(body, title=title)


@pytest.mark.parametrize("body", ["CAIRO - Egypt thanked Jordan for the talks.", "CAIRO -- Egypt thanked Jordan.",
                                  "Cairo: Egypt thanked Jordan."])
def test_a_spaced_dash_or_a_colon_still_makes_a_dateline(relations, body):
    found = relations(body, title="Thanks")
    assert ("EGY", "SUPPORTS", "JOR") in found and not any("EGY" == s and "EGY" == t for s, _, t in found)


def test_the_dateline_finder_skips_hyphens(extractor):
    from graphkit.extract.mentions import _datelines

    doc = extractor.nlp("Talks\n\nEgyptian President Abdel-Fattah el-Sissi spoke.\n\nCAIRO - Egypt spoke.")
    marked = {doc[i].text for i in _datelines(doc)}
    assert marked == {"CAIRO"}
