"""Timelines on the production stack: forward, backward, and the iCalendar file."""

from __future__ import annotations

from datetime import date, timedelta


def roadmap_for(client):
    return client.post(
        "/roadmaps/generate/", json={"country": "CAN", "goal": "work"}, expect=201
    ).json()


def test_forward_and_backward_plans_and_ics(anon, other_anon):
    roadmap = roadmap_for(anon)
    today = date.today()
    forward = anon.post(
        "/timeline/create/",
        json={
            "roadmapId": roadmap["id"],
            "startDate": today.isoformat(),
            "targetDate": (today + timedelta(days=540)).isoformat(),
        },
        expect=(200, 201),
    ).json()
    assert forward["mode"] == "forward" and forward["milestones"]
    backward = anon.post(
        "/timeline/create/",
        json={"roadmapId": roadmap["id"], "targetDate": (today + timedelta(days=400)).isoformat()},
        expect=(200, 201),
    ).json()
    assert backward["mode"] == "backward"
    shown = anon.get("/timeline/{roadmap_id}/", roadmap_id=roadmap["id"], expect=200).json()
    assert shown["mode"] == "backward"
    ics = anon.get("/timeline/{roadmap_id}.ics", roadmap_id=roadmap["id"], expect=200)
    assert ics.headers["Content-Type"].startswith("text/calendar")
    assert ics.text.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in ics.text
    other_anon.get("/timeline/{roadmap_id}/", roadmap_id=roadmap["id"], expect=404)
    other_anon.get("/timeline/{roadmap_id}.ics", roadmap_id=roadmap["id"], expect=404)
    other_anon.post(
        "/timeline/create/",
        json={"roadmapId": roadmap["id"], "targetDate": today.isoformat()},
        expect=404,
    )


def test_a_target_in_the_past_is_refused(anon):
    roadmap = roadmap_for(anon)
    anon.post(
        "/timeline/create/",
        json={"roadmapId": roadmap["id"], "targetDate": "2001-01-01"},
        expect=422,
    )
