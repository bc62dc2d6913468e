"""Which of a visa route's money items apply to a household, and how many times.

Authorities state money three ways, and the calculator, the importer's cost ranges and the
API must all read them alike:

- per person kind (``per_applicant``, ``per_dependant``, ``once``, ``per_year`` …);
- as a table by family size (``household_size`` = 1, 2, 3 …: IRCC settlement funds, the
  Canadian study-permit living costs), plus an amount ``per_additional_member`` beyond the
  largest size in the table;
- paid by someone else (``paid_by`` employer or sponsor): shown, never counted against the
  migrant's own money;
- for a kind of family member: ``per_partner`` (a spouse or partner, at most one) and
  ``per_child`` (each child). Dependants are read as a partner and children unless the request
  says there is no partner, since authorities charge them differently (IRCC: CAD 990 for a
  spouse, far less for a child; Australia: adult and child charges).

Periodic amounts count over a period: ``per_year`` once per started year, ``per_year_per_person``
for each person each year (the UK Immigration Health Surcharge is paid up front for every year
of the visa), ``per_month`` each month. Money spent counts over the months being priced; money
shown is one year's worth, which is what authorities ask to see (IRCC, France, Ireland).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")

PAYERS = ("applicant", "employer", "sponsor")
SHOWN_MONTHS = 12


def partner_default(category: str | None) -> bool | None:
    """On a family route the applicant is the partner: the dependants are children."""
    return False if category == "family" else None


def _attr(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def applicable(
    items: Iterable[T],
    dependants: int,
    *,
    kind: str,
    months: int | None = None,
    partner: bool | None = None,
    get: Callable[[Any, str], Any] = _attr,
) -> list[tuple[T, int]]:
    """``(item, times)`` for every item of ``kind`` the applicant's household pays or shows.

    ``dependants`` is the number of people besides the principal applicant, of whom one is a
    partner unless ``partner`` is False; ``months`` the period priced (default: one year, and
    always one year for money shown).
    """
    dependants = max(dependants, 0)
    household = 1 + dependants
    partners = 1 if dependants and partner is not False else 0
    children = dependants - partners
    period = SHOWN_MONTHS if kind == "show" or not months else max(int(months), 1)
    years = math.ceil(period / 12)
    own = [
        item
        for item in items
        if get(item, "kind") == kind and (get(item, "paid_by") or "applicant") == "applicant"
    ]
    table = [item for item in own if get(item, "household_size")]
    chosen: list[tuple[T, int]] = []
    beyond_table = 0
    if table:
        sizes = sorted({int(get(item, "household_size")) for item in table})
        row = max((size for size in sizes if size <= household), default=sizes[0])
        chosen += [(item, 1) for item in table if int(get(item, "household_size")) == row]
        beyond_table = max(household - sizes[-1], 0)
    for item in own:
        if get(item, "household_size"):
            continue
        applies_to = get(item, "applies_to") or "per_applicant"
        if applies_to == "per_additional_member":
            times = beyond_table if table else dependants
        elif applies_to == "per_dependant":
            times = dependants
        elif applies_to == "per_partner":
            times = partners
        elif applies_to == "per_child":
            times = children
        elif applies_to == "per_year":
            times = years
        elif applies_to == "per_year_per_person":
            times = household * years
        elif applies_to == "per_month":
            times = period
        else:
            times = 1
        if times:
            chosen.append((item, times))
    return chosen
