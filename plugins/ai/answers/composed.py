"""What a composed answer holds (:class:`Composed`) and the limits every answer keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from plugins.countries.models import Country
from plugins.visas.models import VisaType

MAX_POINTS = 5


#: Two amounts within this share of each other are a tie, not a winner.
TIE_SHARE = Decimal("0.10")


BAD = ("suspended", "restricted", "ineligible")


CLOSED = ("suspended", "ineligible")


#: Frames that describe a route rather than answer a figure: a closed route is said first.
SAY_STATUS_FIRST = ("overview", "route", "start", "requirement", "refused_none")


@dataclass
class Composed:
    frame: str
    slots: dict[str, str] = field(default_factory=dict)
    points: list[str] = field(default_factory=list)
    cautions: list[str] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)
    bad_news: bool = False
    prefix_frames: list[str] = field(default_factory=list)  # injection, refusal …
    visas: list[VisaType] = field(default_factory=list)
    countries: list[Country] = field(default_factory=list)
