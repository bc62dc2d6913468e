"""The figure check for AI-written letters: numbers the model adds that we did not give it.

SEAM: a shared figure check (the one chat uses, generalised) is being built in the AI plugin.
When ``plugins.ai.services`` offers ``unverified_figures_in(text, known_text)``, it is used;
until then this module applies the same rule chat applies (``plugins/ai/knowledge.py``:
any number of two digits or more not among the known numbers is unverified) to the facts we
sent: the letter drafted from the person's own values and the route's sourced figures.
"""

from __future__ import annotations

import re

from plugins.ai import services as ai_services

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def facts_text(draft: str) -> str:
    """What the model may state: the draft holds every given value and every route figure."""
    return draft


def _normalise(raw: str) -> str:
    number = raw.replace(",", "")
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    return number


def unverified_figures(text: str, known_text: str) -> list[str]:
    """Numbers in ``text`` (two digits or more) that appear nowhere in ``known_text``."""
    shared = getattr(ai_services, "unverified_figures_in", None)
    if shared is not None:
        return list(shared(text, known_text))
    known = {_normalise(n) for n in _NUMBER.findall(known_text)}
    odd = {
        raw.rstrip(",.")
        for raw in _NUMBER.findall(text)
        if len(_normalise(raw).replace(".", "").lstrip("0")) >= 2
        and _normalise(raw.rstrip(",.")) not in known
    }
    return sorted(odd)
