"""Wire text hygiene: the residue of HTML entities and line breaks that news feeds leave in text ("Sri Lanka
#39;s army", " quot;we will respond quot;", "holds\\a sizable lead", runs of spaces) is normalised before parsing,
and every offset of the normalised text maps back to the article's own text, so evidence still points into it.

>>> clean = normalise("Sri Lanka #39;s army said  quot;no quot;")
>>> clean.text
'Sri Lanka\\'s army said "no"'
>>> original = "Sri Lanka #39;s army said  quot;no quot;"
>>> original[clean.original(0):clean.original_end(16)]
'Sri Lanka #39;s army'
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

__all__ = ["Normalised", "normalise"]

# What each residue stands for. A space the feed put before an entity goes with it (" #39;s" was "'s"); the
# backslash is a line break AG News-style feeds escaped; a run of spaces is one space.
RESIDUE = re.compile(r" ?#39;|#36;|&#39;| quot;(?=[\s.,;:!?)]|$)|quot;|&quot;|&amp;|#38;|&lt;/?\w+&gt;|&lt;|&gt;"
                     r"|\\(?=\S)|(?<=\S) {2,}(?=\S)")
REPLACEMENTS = {"#39;": "'", "&#39;": "'", "#36;": "$", "quot;": '"', "&quot;": '"', "&amp;": "&", "#38;": "&",
                "&lt;": "<", "&gt;": ">", "\\": " "}


@dataclass(frozen=True)
class Normalised:
    """The normalised text, and where its offsets were in the original: ``original(i)`` for offset ``i``."""

    text: str
    _starts: tuple[int, ...] = ()  # normalised offsets where the shift changes
    _shifts: tuple[int, ...] = ()  # original minus normalised, from each start on

    def original(self, offset: int) -> int:
        """The original offset of a normalised start offset."""
        n = bisect_right(self._starts, offset) - 1
        return offset + (self._shifts[n] if n >= 0 else 0)

    def original_end(self, offset: int) -> int:
        """The original offset of a normalised end offset: just after the last character it covers."""
        return self.original(offset - 1) + 1 if offset > 0 else 0


def normalise(text: str) -> Normalised:
    """The text with wire residue replaced, and the map back to the original offsets."""
    pieces, starts, shifts = [], [], []
    last = 0
    length = 0  # of the normalised text so far
    for match in RESIDUE.finditer(text):
        residue = match.group()
        key = residue.strip() if residue.strip() else residue
        replacement = " " if residue.startswith("  ") or residue == " " * len(residue) else \
            REPLACEMENTS.get(key, "" if key.startswith("&lt;") else residue)
        pieces.append(text[last:match.start()])
        length += match.start() - last
        pieces.append(replacement)
        length += len(replacement)
        last = match.end()
        starts.append(length)
        shifts.append(last - length)
    if not starts:
        return Normalised(text)
    pieces.append(text[last:])
    return Normalised("".join(pieces), tuple(starts), tuple(shifts))
