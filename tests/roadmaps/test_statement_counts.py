"""Statement counts that must not grow with the data: correctness, not timing.

A roadmap's pages and its generation read and write in a fixed number of SQL statements
whatever the route's step count (bulk inserts, no per-step reloads), and the reads touch only
what the response shows. Counted with a SQLAlchemy event listener (``count_queries``).
"""

import pytest
from sqlalchemy import delete, select

from japaguide.extensions import db
from plugins.visas.models import VisaStep, VisaType

GENERATE_STATEMENT_LIMIT = 12
DETAIL_STATEMENT_LIMIT = 3
ROUTE = "express-entry-fsw"
#: Not the roadmap's own work: the embedded session store (Redis in production) and the
#: example third-party plugin's ``roadmap_generated`` hook (not in the production image).
NOT_OURS = ("server_sessions", "japa_journal_entries")


def own_statements(statements: list[str]) -> int:
    return sum(1 for s in statements if not any(table in s for table in NOT_OURS))


def give_route_steps(app, count: int) -> None:
    """Make the test route ``count`` steps long (its money and other columns unchanged)."""
    with app.app_context():
        visa = db.session.scalar(select(VisaType).where(VisaType.slug == ROUTE))
        db.session.execute(delete(VisaStep).where(VisaStep.visa_type_id == visa.id))
        db.session.add_all(
            VisaStep(
                visa_type_id=visa.id,
                order=order,
                title=f"Step {order}",
                estimated_time_days=order,
                tips=["a tip"],
                common_pitfalls=["a pitfall"],
            )
            for order in range(1, count + 1)
        )
        db.session.commit()


def counts_for(client, app, count_queries, steps: int) -> dict[str, int]:
    give_route_steps(app, steps)
    body = {"country": "CAN", "goal": "work", "visaTypeId": ROUTE}
    client.post("/api/v1/roadmaps/generate/", json=body)  # the owner's session exists first
    with count_queries() as generate:
        response = client.post("/api/v1/roadmaps/generate/", json=body)
    assert response.status_code == 201, response.get_data(as_text=True)
    roadmap = response.get_json()
    assert len(roadmap["steps"]) == steps + 1  # the route's steps and "arrive and settle"
    assert all("status" in step for step in roadmap["steps"])
    with count_queries() as detail:
        assert client.get(f"/api/v1/roadmaps/{roadmap['id']}/").status_code == 200
    with count_queries() as listing:
        assert client.get("/api/v1/roadmaps/").status_code == 200
    with count_queries() as status:
        assert client.get("/api/v1/session/status/").status_code == 200
    return {
        "generate": generate.count,
        "generate_own": own_statements(generate.statements),
        "detail": detail.count,
        "detail_own": own_statements(detail.statements),
        "list": listing.count,
        "session_status": status.count,
        "session_status_own": own_statements(status.statements),
    }


@pytest.mark.parametrize("steps", [20, 50])
def test_roadmap_statements_do_not_grow_with_the_step_count(
    client, seeded, app, count_queries, steps
):
    five = counts_for(client, app, count_queries, 5)
    more = counts_for(client, app, count_queries, steps)
    assert more == five
    assert five["generate_own"] <= GENERATE_STATEMENT_LIMIT, five
    assert five["detail_own"] <= DETAIL_STATEMENT_LIMIT, five
    assert five["session_status_own"] <= 2, five  # every kind's count in one statement


def test_roadmap_detail_reads_only_what_it_shows(client, seeded, count_queries):
    body = {"country": "CAN", "goal": "work", "visaTypeId": ROUTE}
    roadmap = client.post("/api/v1/roadmaps/generate/", json=body).get_json()
    with count_queries() as q:
        assert client.get(f"/api/v1/roadmaps/{roadmap['id']}/").status_code == 200
    read = " ".join(q.statements)
    assert "visa_steps" not in read and "visa_money" not in read  # the page shows neither
    with count_queries() as q:
        assert client.get("/api/v1/roadmaps/").status_code == 200
    read = " ".join(q.statements)
    assert "roadmap_steps" not in read and "roadmap_step_statuses" not in read
