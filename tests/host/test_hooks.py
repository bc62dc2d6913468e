"""The hook contract (japaguide/hookspecs.py) is true: every hook is documented, called by the
host or a feature, tested here (``test_hook_<name>``, as Datasette enforces), isolated when it
should be, and every hook runs in one order: plugin load order."""

from __future__ import annotations

import inspect
import logging
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from japaguide import create_app, hookspecs
from japaguide.hookspecs import EnrichmentStarted
from japaguide.plugins import Plugin, get_host, hookimpl
from japaguide.testing import plugins_with

ROOT = Path(__file__).resolve().parents[2]
HOOKS = sorted(name for name, obj in vars(hookspecs).items() if hasattr(obj, "japaguide_spec"))
PASSWORD = "correct horse battery"


class Probe:
    """A plugin implementing every hook: records each call and does what a test asks."""

    def __init__(self) -> None:
        self.calls: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.behaviour: dict[str, Any] = {}

    def _run(self, _hook: str, **kwargs: Any) -> Any:
        self.calls[_hook].append(kwargs)
        action = self.behaviour.get(_hook)
        return action(**kwargs) if action else None

    @hookimpl
    def japaguide_app_ready(self, app):
        return self._run("japaguide_app_ready", app=app)

    @hookimpl
    def register_jobs(self):
        return self._run("register_jobs")

    @hookimpl
    def register_periodic_jobs(self):
        return self._run("register_periodic_jobs")

    @hookimpl
    def register_admin_views(self, admin, app):
        return self._run("register_admin_views", admin=admin, app=app)

    @hookimpl
    def seed_data(self, app, seed_dir, echo):
        return self._run("seed_data", app=app, seed_dir=seed_dir, echo=echo)

    @hookimpl
    def analytics_figures(self, start, end):
        return self._run("analytics_figures", start=start, end=end)

    @hookimpl
    def health_checks(self):
        return self._run("health_checks")

    @hookimpl
    def extra_cost_items(self, country, visa_type, inputs):
        return self._run("extra_cost_items", country=country, visa_type=visa_type, inputs=inputs)

    @hookimpl
    def reported_move_costs(self, country_code, visa_type_id):
        return self._run(
            "reported_move_costs", country_code=country_code, visa_type_id=visa_type_id
        )

    @hookimpl
    def playbook_sections(self, country):
        return self._run("playbook_sections", country=country)

    @hookimpl
    def ai_complete(self, template_name, context, owner):
        return self._run("ai_complete", template_name=template_name, context=context, owner=owner)

    @hookimpl
    def roadmap_enrichment(self, roadmap_id, owner):
        return self._run("roadmap_enrichment", roadmap_id=roadmap_id, owner=owner)

    @hookimpl
    def roadmap_generated(self, roadmap_id, owner):
        return self._run("roadmap_generated", roadmap_id=roadmap_id, owner=owner)

    @hookimpl
    def job_failed(self, name, args, job_id, error):
        return self._run("job_failed", name=name, args=args, job_id=job_id, error=error)

    @hookimpl
    def step_status_changed(self, step_id, roadmap_id, owner):
        return self._run("step_status_changed", step_id=step_id, roadmap_id=roadmap_id, owner=owner)

    @hookimpl
    def session_claimed(self, anon_id, user_id, counts):
        return self._run("session_claimed", anon_id=anon_id, user_id=user_id, counts=counts)


@pytest.fixture
def probe() -> Probe:
    return Probe()


@pytest.fixture
def japaguide_plugins(probe):
    return plugins_with(Plugin(name="probe", version="1", hooks=probe))


def boom(**_kwargs: Any) -> Any:
    raise RuntimeError("probe hook failed on purpose")


def generate(client):
    return client.post("/api/v1/roadmaps/generate/", json={"country": "CAN", "goal": "work"})


# ---------------------------------------------------------------- the contract itself


def test_every_hook_has_a_test():
    missing = [name for name in HOOKS if f"test_hook_{name}" not in globals()]
    assert not missing, f"hooks without a test_hook_<name> in {__name__}: {missing}"


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_documents_its_contract(name):
    doc = inspect.getdoc(getattr(hookspecs, name)) or ""
    for heading in ("Arguments:", "Returns:", "Called:", "Example::"):
        assert heading in doc, f"hook {name!r}: its docstring lacks {heading!r}"


def test_every_hook_is_in_the_readme_and_of_one_kind():
    readme = (ROOT / "README.md").read_text()
    assert [n for n in HOOKS if f"`{n}`" not in readme] == []
    kinds = [hookspecs.STARTUP_HOOKS, hookspecs.CONTRIBUTION_HOOKS, hookspecs.EVENT_HOOKS]
    for name in HOOKS:
        assert sum(name in kind for kind in kinds) == 1, name
    assert set().union(*kinds) == set(HOOKS)


def test_every_hook_is_called():
    """A hook nobody calls is a promise the host does not keep (``ai_context`` was one)."""
    source = "\n".join(
        path.read_text()
        for folder in ("japaguide", "plugins")
        for path in (ROOT / folder).rglob("*.py")
    )
    uncalled = [
        name
        for name in HOOKS
        if not re.search(rf"hook\.{name}\b|call_in_order\(\s*\"{name}\"", source)
    ]
    assert uncalled == []


def test_one_call_order_for_every_hook_load_order(app_config):
    """``host.hook.x()`` and ``call_in_order`` both follow load order (pluggy alone is LIFO)."""
    seen: list[str] = []

    def hooks(tag):
        class Hooks:
            @hookimpl
            def playbook_sections(self, country):
                seen.append(tag)
                return {tag: True}

        return Hooks()

    first = Plugin(name="zz_first", version="1", hooks=hooks("zz_first"))
    second = Plugin(name="aa_second", version="1", after=("zz_first",), hooks=hooks("aa_second"))
    app = create_app(app_config, plugins=[second, first])
    host = get_host(app)
    assert [p.name for p in host.plugins] == ["zz_first", "aa_second"]
    assert host.hook.playbook_sections(country=None) == [{"zz_first": True}, {"aa_second": True}]
    assert host.call_in_order("playbook_sections", country=None) == [
        {"zz_first": True},
        {"aa_second": True},
    ]
    assert seen == ["zz_first", "aa_second"] * 2


# ---------------------------------------------------------------- start-up and operator hooks


def test_hook_japaguide_app_ready(app, probe):
    assert [call["app"] for call in probe.calls["japaguide_app_ready"]] == [app]


def test_hook_register_jobs(app, probe):
    from japaguide.jobs import enqueue

    done = []
    probe.behaviour["register_jobs"] = lambda: {"probe.count": lambda n: done.append(n) or {}}
    with app.app_context():
        enqueue("probe.count", 7)  # inline outside a request: runs now
    assert done == [7]


def test_hook_register_periodic_jobs(app, probe):
    from japaguide.jobs import periodic_jobs

    probe.behaviour["register_periodic_jobs"] = lambda: [{"job": "probe.count", "interval": 90}]
    with app.app_context():
        assert {"job": "probe.count", "interval": 90} in periodic_jobs(app)


def test_hook_register_admin_views(app_config, probe):
    from flask_admin import BaseView, expose

    class ProbeView(BaseView):
        @expose("/")
        def index(self):
            return "probe"

    probe.behaviour["register_admin_views"] = lambda admin, app: admin.add_view(
        ProbeView(name="Probe", endpoint="probe_admin")
    )
    app = create_app(
        app_config, plugins=plugins_with(Plugin(name="probe", version="1", hooks=probe))
    )
    assert "probe_admin.index" in app.view_functions


def test_hook_seed_data(app, runner, probe):
    from japaguide.extensions import db
    from plugins.countries.models import Country

    countries_seen = []

    def seed(app, seed_dir, echo):
        countries_seen.append(db.session.scalar(select(func.count()).select_from(Country)))
        echo("probe seeded")
        return {"plugin": "probe"}

    probe.behaviour["seed_data"] = seed
    result = runner.invoke(args=["seed", "--dir", str(ROOT / "japaguide" / "testing_seed")])
    assert result.exit_code == 0, result.output
    assert "probe seeded" in result.output and '{"plugin": "probe"}' in result.output
    # Load order: "countries" loads before "probe", so its rows were there when the probe ran.
    assert countries_seen and countries_seen[0] > 0


def test_a_raising_seed_data_stops_the_command(runner, probe, app):
    """Start-up/operator hooks are not isolated: a half-seeded database must not say done."""
    probe.behaviour["seed_data"] = boom
    result = runner.invoke(args=["seed", "--dir", str(ROOT / "japaguide" / "testing_seed")])
    assert result.exit_code != 0


# ---------------------------------------------------------------- contributions


def test_hook_analytics_figures(admin_client, probe):
    probe.behaviour["analytics_figures"] = lambda start, end: {"probe_figure": 3}
    response = admin_client.get("/api/v1/admin/analytics/")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["probeFigure"] == 3
    assert probe.calls["analytics_figures"][0]["start"] < probe.calls["analytics_figures"][0]["end"]


def test_a_raising_analytics_figure_leaves_the_dashboard_up(admin_client, probe):
    probe.behaviour["analytics_figures"] = boom
    response = admin_client.get("/api/v1/admin/analytics/")
    assert response.status_code == 200
    assert "probeFigure" not in response.get_json()


def test_hook_health_checks(client, probe):
    probe.behaviour["health_checks"] = lambda: {"probeFeed": {"status": "ok"}, "status": "hijack"}
    body = client.get("/api/v1/health").get_json()
    assert body["probeFeed"] == {"status": "ok"}
    assert body["status"] == "ok"  # a plugin cannot overwrite the host's own keys


def test_a_raising_health_check_degrades_its_plugin_not_the_endpoint(client, probe, caplog):
    probe.behaviour["health_checks"] = boom
    with caplog.at_level(logging.ERROR, logger="japaguide.plugins"):
        response = client.get("/api/v1/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "degraded"
    row = next(p for p in body["plugins"] if p["name"] == "probe")
    assert row["status"] == "degraded" and row["hookFailures"] == {"health_checks": 1}
    assert all(p["status"] == "ok" for p in body["plugins"] if p["name"] != "probe")
    record = next(r for r in caplog.records if getattr(r, "plugin", None) == "probe")
    assert record.hook == "health_checks" and "'probe'" in record.getMessage()


def test_hook_extra_cost_items(client, seeded, probe):
    countries = []
    probe.behaviour["extra_cost_items"] = lambda country, visa_type, inputs: (
        countries.append(country.code)
        or [{"item": "Winter clothing", "estimated": Decimal("400"), "basis": "probe"}]
    )
    response = client.post(
        "/api/v1/calc/estimate/",
        json={"country": "CAN", "visa_type": "student", "duration_months": 12},
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    hidden = {h["item"]: h for h in response.get_json()["hiddenCosts"]}
    assert hidden["Winter clothing"]["estimated"] == 400.0
    assert countries == ["CAN"]


def test_a_raising_cost_item_leaves_the_estimate(client, seeded, probe):
    probe.behaviour["extra_cost_items"] = boom
    response = client.post("/api/v1/calc/estimate/", json={"country": "CAN", "duration_months": 12})
    assert response.status_code == 201


def test_hook_reported_move_costs(client, seeded, probe):
    asked = []
    probe.behaviour["reported_move_costs"] = lambda country_code, visa_type_id: (
        asked.append(country_code)
        or [{"total_usd": Decimal(total), "household_size": 1} for total in (9000, 12000, 15000)]
    )
    response = client.post("/api/v1/calc/estimate/", json={"country": "CAN", "duration_months": 12})
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["costComparison"]["storySampleSize"] == 3
    assert asked == ["CAN"]


def test_a_raising_story_source_leaves_the_estimate(client, seeded, probe):
    probe.behaviour["reported_move_costs"] = boom
    response = client.post("/api/v1/calc/estimate/", json={"country": "CAN", "duration_months": 12})
    assert response.status_code == 201


def test_hook_playbook_sections(client, seeded, probe):
    probe.behaviour["playbook_sections"] = lambda country: {"probeTips": [country.code]}
    body = client.get("/api/v1/countries/CAN/").get_json()
    assert body["sections"]["probeTips"] == ["CAN"]
    probe.behaviour["playbook_sections"] = boom
    assert client.get("/api/v1/countries/CAN/").status_code == 200


def test_hook_ai_complete(app, probe):
    """First non-None answer in load order; the AI plugin answers only its own templates."""
    probe.behaviour["ai_complete"] = lambda template_name, context, owner: (
        {"text": "probe"} if template_name == "probe_template" else None
    )
    with app.app_context():
        host = get_host(app)
        assert host.hook.ai_complete(template_name="probe_template", context={}, owner=None) == {
            "text": "probe"
        }
        probe.behaviour["ai_complete"] = boom
        assert host.hook.ai_complete(template_name="probe_template", context={}, owner=None) is None


def test_hook_roadmap_enrichment(app_config, seeded, probe):
    """Without the AI plugin a declared EnrichmentStarted is what makes a roadmap pending."""
    from japaguide.extensions import db
    from plugins.roadmaps.models import Roadmap

    def start(roadmap_id, owner):
        roadmap = db.session.get(Roadmap, roadmap_id)
        roadmap.ai_enrichment_status = "pending"
        db.session.commit()
        return EnrichmentStarted(status="pending", job_id="probe:1")

    app = create_app(
        # docs requires ai (its letters render in the AI sandbox), so it goes too.
        {**app_config, "JAPAGUIDE_DISABLED_PLUGINS": ["ai", "docs"]},
        plugins=plugins_with(Plugin(name="probe", version="1", hooks=probe)),
    )
    client = app.test_client()
    probe.behaviour["roadmap_enrichment"] = start
    assert generate(client).get_json()["aiEnrichmentStatus"] == "pending"
    probe.behaviour["roadmap_enrichment"] = lambda roadmap_id, owner: "queued"  # not the contract
    assert generate(client).get_json()["aiEnrichmentStatus"] == "not_available"
    probe.behaviour["roadmap_enrichment"] = boom
    assert generate(client).get_json()["aiEnrichmentStatus"] == "not_available"
    with app.app_context():
        db.engine.dispose()


# ---------------------------------------------------------------- events


def test_hook_roadmap_generated(client, seeded, probe):
    roadmap = generate(client).get_json()
    (call,) = probe.calls["roadmap_generated"]
    assert call["roadmap_id"] == roadmap["id"] and call["owner"].anon_id
    # A return value means nothing: enrichment is roadmap_enrichment's (the AI plugin's).
    assert probe.calls["roadmap_enrichment"][0]["roadmap_id"] == roadmap["id"]


def test_a_raising_roadmap_generated_answers_201_once(app, client, seeded, probe, caplog):
    from japaguide.extensions import db
    from plugins.roadmaps.models import Roadmap

    probe.behaviour["roadmap_generated"] = boom
    with caplog.at_level(logging.ERROR, logger="japaguide.plugins"):
        response = generate(client)
    assert response.status_code == 201, response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Roadmap)) == 1
    assert client.get(f"/api/v1/roadmaps/{response.get_json()['id']}/").status_code == 200
    assert [r.plugin for r in caplog.records if hasattr(r, "plugin")] == ["probe"]
    health = client.get("/api/v1/health").get_json()
    row = next(p for p in health["plugins"] if p["name"] == "probe")
    assert row["hookFailures"] == {"roadmap_generated": 1} and row["status"] == "ok"


def test_hook_job_failed(app, probe):
    from japaguide.jobs import enqueue

    def fail(n):
        raise ValueError(f"cannot {n}")

    probe.behaviour["register_jobs"] = lambda: {"probe.fail": fail}
    with app.app_context():
        enqueue("probe.fail", 3)
    (call,) = probe.calls["job_failed"]
    assert call["name"] == "probe.fail" and call["args"] == [3] and "cannot 3" in call["error"]


def test_hook_step_status_changed(client, seeded, probe):
    roadmap = generate(client).get_json()
    step = roadmap["steps"][0]
    response = client.post(f"/api/v1/roadmaps/{roadmap['id']}/steps/{step['id']}/complete/")
    assert response.status_code == 200, response.get_data(as_text=True)
    (call,) = probe.calls["step_status_changed"]
    assert (call["step_id"], call["roadmap_id"]) == (step["id"], roadmap["id"])
    probe.behaviour["step_status_changed"] = boom
    response = client.post(f"/api/v1/roadmaps/{roadmap['id']}/steps/{step['id']}/uncomplete/")
    assert response.status_code == 200


def test_hook_session_claimed(client, seeded, probe):
    generate(client)
    probe.behaviour["session_claimed"] = boom  # the account is still made, the rows moved
    response = client.post(
        "/api/v1/auth/register/", json={"email": "ngozi@example.com", "password": PASSWORD}
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    (call,) = probe.calls["session_claimed"]
    assert call["counts"]["roadmaps"] == 1 and call["anon_id"]
