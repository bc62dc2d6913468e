"""Which of a visa route's money items apply to a household, and how many times.

Authorities state money three ways, and the calculator, the importer's cost ranges and the
API must all read them alike:

- per person kind (``per_applicant``, ``per_dependant``, ``once``, ``per_year`` …);
- as a table by family size (``household_size`` = 1, 2, 3 …: IRCC settlement funds, the
  Canadian study-permit living costs), plus an amount ``per_additional_member`` beyond the
  largest size in the table;
- paid by someone else (``paid_by`` employer or sponsor): shown, never counted against the
  migrant's own money.

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


def _attr(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def applicable(
    items: Iterable[T],
    dependants: int,
    *,
    kind: str,
    months: int | None = None,
    get: Callable[[Any, str], Any] = _attr,
) -> list[tuple[T, int]]:
    """``(item, times)`` for every item of ``kind`` the applicant's household pays or shows.

    ``dependants`` is the number of people besides the principal applicant; ``months`` the
    period priced (default: one year, and always one year for money shown).
    """
    household = 1 + max(dependants, 0)
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
            times = beyond_table if table else max(dependants, 0)
        elif applies_to == "per_dependant":
            times = max(dependants, 0)
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
