"""A real browser (Debian's headless Chromium, driven by Playwright) through the admin site:
sign in, edit a country, add a visa step, open the dashboard — and check what the page shows."""

import os
import shutil
import threading

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and os.environ.get("CI") != "true",
    reason="Debian's chromium is not installed (CI installs it and never skips this)",
)
PASSWORD = "curate with care 42"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def live_server(app, seeded, runner):
    from werkzeug.serving import make_server

    assert (
        runner.invoke(args=["create-admin", "editor@example.com", "--password", PASSWORD]).exit_code
        == 0
    )
    client = app.test_client()
    client.post("/api/v1/roadmaps/generate/", json={"country": "CAN", "goal": "work"})
    client.post("/api/v1/ai/chat/", json={"message": "Germany work visa?"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def page(live_server):
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "chromium must be installed on CI"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        # Generous: on a loaded 2-core CI machine a page can take many seconds; this is not a
        # timing test, only a browser walk.
        context.set_default_timeout(60_000)
        yield context.new_page()
        browser.close()


def test_editor_signs_in_edits_country_adds_step_and_sees_dashboard(page, live_server, tmp_path):
    page.goto(f"{live_server}/admin/")
    assert page.url.endswith("/admin/login/")
    page.fill("#email", "editor@example.com")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/admin/")
    assert "Japaguide admin" in page.content()

    # Edit Canada's average rent (cost fields are grouped).
    page.goto(f"{live_server}/admin/country/?search=Canada")
    page.click("a[title='Edit Record']")
    assert page.get_by_text("Cost of living (USD)").count() == 1
    page.fill("#avg_rent_monthly_usd", "1425")
    page.click("input[type=submit][value='Save']")
    assert "Record was successfully saved" in page.content()
    detail = page.request.get(f"{live_server}/api/v1/countries/CAN/").json()
    assert detail["avgRentMonthlyUsd"] == 1425.0

    # Add a step to the Express Entry route, inline.
    page.goto(f"{live_server}/admin/visatype/?search=Express")
    page.click("a[title='Edit Record']")
    # Count the rows of the edit page, not of the list being left: wait until it is loaded.
    page.wait_for_url("**/admin/visatype/edit/**")
    page.wait_for_load_state("load")
    titles = page.locator("input[name^='steps-'][name$='-title']")
    before = titles.count()
    page.click("#steps-button")
    new_index = before
    titles.nth(before).wait_for()  # the inline row the button adds
    page.fill(f"input[name='steps-{new_index}-title']", "Book a settlement advice session")
    page.fill(f"input[name='steps-{new_index}-order']", str(before + 1))
    page.fill(f"input[name='steps-{new_index}-estimated_time_days']", "3")
    page.click("input[type=submit][value='Save']")
    errors = page.locator(".invalid-feedback, .help-block, .alert-danger").all_inner_texts()
    assert "Record was successfully saved" in page.content(), errors
    visas = page.request.get(f"{live_server}/api/v1/countries/CAN/visa-types/").json()
    fsw = next(v for v in visas if v["slug"] == "express-entry-fsw")
    assert fsw["steps"][-1]["title"] == "Book a settlement advice session"
    assert [s["order"] for s in fsw["steps"]] == list(range(1, before + 2))

    # The dashboard draws its charts from the bundled Chart.js.
    page.goto(f"{live_server}/admin/dashboard/")
    page.wait_for_function("window.chartsRendered === 3")
    assert page.locator("canvas").count() == 3
    # Sane axes: counts from zero in whole numbers, cost never below zero.
    axes = page.evaluate(
        """() => Object.values(Chart.instances).flatMap(c => Object.entries(c.scales || {})
            .filter(([id]) => id.startsWith('y'))
            .map(([id, s]) => ({id, min: s.min, ticks: s.ticks.map(t => t.value)})))"""
    )
    assert {axis["id"] for axis in axes} == {"y", "y1"}, axes
    for axis in axes:
        assert axis["min"] >= 0, axis
        if axis["id"] == "y":
            assert all(float(value).is_integer() for value in axis["ticks"]), axis
    sessions = page.locator(".metric[data-metric='Anonymous sessions']").inner_text()
    assert int(sessions) >= 1
    assert page.locator(".metric[data-metric='AI calls']").inner_text() == "1"
    page.screenshot(path=str(tmp_path / "dashboard.png"))
