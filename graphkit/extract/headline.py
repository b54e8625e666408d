"""Headlines have a grammar of their own: "Russia and Iran in full defence partnership - US" is the US's claim.

The trailing attribution is read off and blanked out before parsing (with spaces, so every character offset
stays where it was), because the parser would otherwise make "US" the object of the headline.
"""
from __future__ import annotations

import re

__all__ = ["split_attribution"]

ATTRIBUTION = re.compile(r"\s+[-–—:]\s+([^-–—:]{1,40})$")


def split_attribution(title: str) -> tuple[str, str | None]:
    """The headline as the parser should see it, same length, and the attribution text, if any.

    >>> split_attribution("Russia and Iran in full defence partnership - US")
    ('Russia and Iran in full defence partnership     ', 'US')
    >>> split_attribution("Pakistan gets $2bn from Saudi Arabia")
    ('Pakistan gets $2bn from Saudi Arabia', None)
    """
    match = ATTRIBUTION.search(title)
    if match is None:
        return title, None
    return title[: match.start()] + " " * (len(title) - match.start()), match.group(1).strip()
