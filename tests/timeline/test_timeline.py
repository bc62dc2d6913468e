"""Timeline planner: forward scheduling with slack, too-short windows, backward planning with
processing times, funds holding periods and holidays, iCalendar export, ownership."""

from datetime import date, timedelta

import pytest
from icalendar import Calendar

from plugins.timeline.scheduling import PlanStep, plan_backward, plan_forward


def roadmap(client, **body):
    payload = {"country": "CAN", "goal": "work", "visaTypeId": "express-entry-fsw", **body}
    return client.post("/api/v1/roadmaps/generate/", json=payload).get_json()


def create(client, **body):
    return client.post("/api/v1/timeline/create/", json=body)


def test_forward_schedule_spreads_slack_and_ends_on_target(client, seeded):
    rm = roadmap(client)
    needed = sum(s["estimatedTimeDays"] for s in rm["steps"])  # 30+45+60+14+30 = 179
    start, target = date(2027, 1, 4), date(2027, 1, 4) + timedelta(days=needed + 21)
    response = create(
        client, roadmapId=rm["id"], startDate=start.isoformat(), targetDate=target.isoformat()
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["fits"] is True and body["shortByDays"] == 0 and body["mode"] == "forward"
    ms = body["milestones"]
    assert [m["stepId"] for m in ms] == [s["id"] for s in rm["steps"]]
    assert ms[0]["startDate"] == start.isoformat() and ms[-1]["dueDate"] == target.isoformat()
    for before, after in zip(ms, ms[1:]):
        assert before["dueDate"] == after["startDate"]  # in order, no gaps
    extra = [m["durationDays"] - s["estimatedTimeDays"] for m, s in zip(ms, rm["steps"])]
    assert sum(extra) == 21 and all(e >= 0 for e in extra)
    assert extra[2] >= extra[3]  # the 60-day step gets more slack than the 14-day one
    labels = [c["label"] for c in body["criticalDates"]]
    assert "Funds in your account by" in labels and labels[-1] == "Target date"


def test_too_short_window_says_by_how_much(client, seeded):
    rm = roadmap(client)
    body = create(
        client, roadmapId=rm["id"], startDate="2027-01-01", targetDate="2027-03-01"
    ).get_json()
    needed = sum(s["estimatedTimeDays"] for s in rm["steps"])
    assert body["fits"] is False
    assert body["shortByDays"] == needed - 59
    assert (
        body["earliestRealisticTarget"] == (date(2027, 1, 1) + timedelta(days=needed)).isoformat()
    )


@pytest.mark.parametrize(
    "body",
    [
        {"startDate": "not a date", "targetDate": "2027-04-01"},
        {"startDate": "2027-02-30", "targetDate": "2027-04-01"},
        {"startDate": "2027-01-01"},
    ],
)
def test_malformed_dates_are_400(client, seeded, body):
    rm = roadmap(client)
    response = create(client, roadmapId=rm["id"], **body)
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize(
    "body",
    [
        {"startDate": "2027-05-01", "targetDate": "2027-04-01"},
        {"startDate": "2027-05-01", "targetDate": "2027-05-01"},
        {"targetDate": "2001-01-01"},
        {"startDate": "2027-01-01", "targetDate": "2099-01-01"},
    ],
)
def test_dates_that_cannot_make_a_plan_are_422_naming_target_date(client, seeded, body):
    rm = roadmap(client)
    response = create(client, roadmapId=rm["id"], **body)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert "targetDate" in response.get_json()["errors"]


def test_step_status_shows_in_timeline(client, seeded):
    rm = roadmap(client)
    create(client, roadmapId=rm["id"], startDate="2027-01-04", targetDate="2027-12-01")
    client.post(f"/api/v1/roadmaps/{rm['id']}/steps/{rm['steps'][0]['id']}/complete/")
    client.post(
        f"/api/v1/roadmaps/{rm['id']}/steps/{rm['steps'][1]['id']}/block/", json={"reason": "WES"}
    )
    ms = client.get(f"/api/v1/timeline/{rm['id']}/").get_json()["milestones"]
    assert [m["status"] for m in ms[:3]] == ["done", "blocked", "upcoming"]


def test_ics_export_imports_as_calendar(client, seeded):
    rm = roadmap(client)
    create(client, roadmapId=rm["id"], startDate="2027-01-04", targetDate="2027-12-01")
    for url in (f"/api/v1/timeline/{rm['id']}.ics", f"/api/v1/timeline/{rm['id']}/?format=ics"):
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == "text/calendar"
        calendar = Calendar.from_ical(response.data)
        events = [c for c in calendar.walk("VEVENT")]
        summaries = [str(e["SUMMARY"]) for e in events]
        assert "1. Take IELTS" in summaries
        first = next(e for e in events if str(e["SUMMARY"]) == "1. Take IELTS")
        assert first.decoded("DTSTART") == date(2027, 1, 4)
        assert len({str(e["UID"]) for e in events}) == len(events)


def test_timeline_of_someone_else_is_404(client, other_client, seeded):
    rm = roadmap(client)
    assert (
        create(
            other_client, roadmapId=rm["id"], startDate="2027-01-01", targetDate="2027-12-01"
        ).status_code
        == 404
    )
    create(client, roadmapId=rm["id"], startDate="2027-01-01", targetDate="2027-12-01")
    assert other_client.get(f"/api/v1/timeline/{rm['id']}/").status_code == 404
    assert other_client.get(f"/api/v1/timeline/{rm['id']}.ics").status_code == 404


def test_backward_plan_from_api(client, seeded):
    rm = roadmap(client)
    target = date.today() + timedelta(days=500)
    body = create(client, roadmapId=rm["id"], targetDate=target.isoformat()).get_json()
    assert body["mode"] == "backward" and body["fits"] is True
    ms = body["milestones"]
    assert ms[-1]["dueDate"] == target.isoformat()
    apply_step = ms[2]
    assert apply_step["durationDays"] >= 28 * 7  # worst-case processing, not the typical 60 days
    assert any("Funds must be in your account by" in note for note in apply_step["notes"])


# ---- pure scheduling: holidays and funds, deterministic dates


def test_backward_moves_embassy_steps_off_holidays_and_weekends():
    steps = [
        PlanStep(1, 1, "Biometrics at the VAC", 1, "embassy"),
        PlanStep(2, 2, "Fly", 1, "home"),
    ]
    # Target 2027-10-03 (Sunday): the flight step starts 2027-10-02 (Sat); biometrics would
    # start 2027-10-01, Nigeria's Independence Day → moved to Thursday 30 September.
    plan = plan_backward(steps, date(2027, 10, 3), "NGA", "CAN", today=date(2027, 1, 1))
    biometrics = plan["milestones"][0]
    assert biometrics.start == date(2027, 9, 30)
    assert any("National Day" in note or "Independence" in note for note in biometrics.notes)


def test_backward_counts_funds_holding_period():
    steps = [PlanStep(1, 1, "Apply", 30, "online", processing_max_days=90, funds_holding_days=28)]
    plan = plan_backward(steps, date(2027, 12, 31), "NGA", "GBR", today=date(2027, 1, 1))
    start = plan["milestones"][0].start
    assert start == date(2027, 12, 31) - timedelta(days=90)
    funds = next(c for c in plan["critical"] if c["label"] == "Funds in your account by")
    assert funds["date"] == start - timedelta(days=28)


def test_backward_in_the_past_does_not_fit():
    steps = [PlanStep(1, 1, "Long step", 400, "online")]
    plan = plan_backward(steps, date(2027, 3, 1), "NGA", "DEU", today=date(2027, 1, 1))
    assert plan["fits"] is False and plan["short_by_days"] > 0


def test_forward_exact_fit_has_no_slack():
    steps = [PlanStep(i, i, f"s{i}", 10, "online") for i in range(1, 4)]
    plan = plan_forward(steps, date(2027, 1, 1), date(2027, 1, 31))
    assert plan["fits"] and plan["slack_days"] == 0
    assert [m.due for m in plan["milestones"]] == [
        date(2027, 1, 11),
        date(2027, 1, 21),
        date(2027, 1, 31),
    ]
