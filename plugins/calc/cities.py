"""City-level costs: a playbook city's rent, meal and transport figures, or the country's.

The country figure is a national (often a capital-city) figure; a family moving to Calgary
plans on Calgary's rent, not Toronto's. Each city figure is stated in the currency its source
uses and converted through the dated rates table, so the response can say which figure was
used and where it comes from.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from japaguide.errors import InvalidField
from japaguide.money import to_usd
from plugins.countries.models import Country
from plugins.visas.services import same_city

#: The calculator inputs a city record can give, and the record field that gives each.
CITY_INPUTS = {
    "rent_monthly": "rent_monthly",
    "meal": "meal",
    "transport_monthly": "transport_monthly",
}


def known_cities(country: Country) -> list[str]:
    """The playbook's cities, then any city with figures that is not among them."""
    meta = country.meta or {}
    names = list(meta.get("popular_cities") or [])
    for record in meta.get("city_costs") or []:
        if not any(same_city(record["city"], name) for name in names):
            names.append(record["city"])
    return names


def resolve_city(country: Country, city: str | None) -> str:
    """The city as the playbook spells it ("" for none); an unknown one is refused.

    Refused as a field error (400) listing the known cities: a typo must not silently price
    the move with national figures.
    """
    city = (city or "").strip()
    if not city:
        return ""
    names = known_cities(country)
    for name in names:
        if same_city(city, name):
            return name
    listed = ", ".join(names) if names else "none yet (leave city empty)"
    raise InvalidField(
        "city",
        f"Known cities for {country.name}: {listed}.",
        detail=f"No cost data for {city!r} in {country.name}.",
    )


def city_record(country: Country, city: str) -> dict[str, Any] | None:
    if not city:
        return None
    for record in (country.meta or {}).get("city_costs") or []:
        if same_city(record["city"], city):
            return record
    return None


def city_figure(
    record: dict[str, Any] | None, name: str, rates: dict[str, Any]
) -> dict[str, Any] | None:
    """One figure of a city with its USD value, or None when the city does not state it (or
    no rate converts it)."""
    if record is None or not record.get(CITY_INPUTS[name]):
        return None
    figure = record[CITY_INPUTS[name]]
    amount = Decimal(str(figure["amount"]))
    usd = to_usd(amount, figure["currency"], rates)
    if usd is None:
        return None
    return {
        "amount": amount,
        "currency": figure["currency"],
        "amount_usd": usd,
        "source": figure.get("source"),
        "last_verified": figure.get("last_verified"),
        "confidence": figure.get("confidence"),
        "note": figure.get("note"),
    }
