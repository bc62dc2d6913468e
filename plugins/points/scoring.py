"""What every scheme's scorer returns, and the "next best points" search shared by all.

A scheme module (``plugins.points.tables.*``) gives ``score(profile) -> Score`` and
``changes(profile) -> [(what it takes, changed profile)]``; the next best points are found by
re-scoring the profile once per single change and ranking the changes by the points they add.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

Profile = dict[str, Any]


@dataclass
class Factor:
    factor: str
    points: int
    max: int
    rule: str

    def as_dict(self) -> dict[str, Any]:
        return {"factor": self.factor, "points": self.points, "max": self.max, "rule": self.rule}


@dataclass
class Score:
    factors: list[Factor]
    eligible: bool = True
    eligibility_notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(f.points for f in self.factors)


def changed(profile: Profile, **updates: Any) -> Profile:
    """A deep copy of ``profile`` with ``updates`` applied (the original stays as given)."""
    new = copy.deepcopy(profile)
    new.update(updates)
    return new


def next_best(
    profile: Profile,
    score: Callable[[Profile], Score],
    changes: Iterable[tuple[str, Profile]],
    limit: int = 5,
) -> list[dict[str, Any]]:
    """The single changes that add the most points, best first (ties: the order offered,
    which each scheme lists cheapest first)."""
    base = score(profile).total
    found: list[tuple[int, int, str, int]] = []
    seen: set[str] = set()
    for order, (label, new_profile) in enumerate(changes):
        if label in seen:
            continue
        seen.add(label)
        new_total = score(new_profile).total
        if new_total > base:
            found.append((-(new_total - base), order, label, new_total))
    found.sort()
    return [
        {"change": label, "points_gained": -gain, "new_total": total}
        for gain, _, label, total in found[:limit]
    ]
