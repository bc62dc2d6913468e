"""Browsing: health, every seeded playbook, every visa route, as an anonymous visitor."""

from __future__ import annotations

EXPECTED_COUNTRIES = 30


def test_health_reports_every_part_up(anon):
    body = anon.get("/health", expect=200).json()
    assert body["status"] == "ok", body


def test_every_seeded_country_has_a_playbook(anon, catalog):
    assert len(catalog) >= EXPECTED_COUNTRIES
    for code in catalog:
        body = anon.get("/countries/{code}/", code=code, expect=200).json()
        assert body["code"] == code


def test_every_visa_route_opens_by_id(anon, catalog):
    routes = [route for listed in catalog.values() for route in listed]
    assert len(routes) >= 60
    for route in routes:
        body = anon.get("/visas/{visa_id}/", visa_id=route["id"], expect=200).json()
        assert body["id"] == route["id"] and body["steps"], route["id"]


def test_browsing_sets_no_session_cookie(anon):
    anon.get("/countries/", expect=200)
    anon.get("/countries/{code}/", code="CAN", expect=200)
    assert anon.cookie() is None
