"""An admin editors trust: it refuses what the importers and the API refuse, reads like prose
(names, lists, choices), keeps derived figures derived, and loads nothing from other hosts."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.admin_tools.test_admin import csrf, sign_in

PASSWORD = "curate with care 42"


@pytest.fixture
def editor(client, seeded, runner):
    """A signed-in admin with the seed data loaded."""
    result = runner.invoke(args=["create-admin", "editor@example.com", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    assert sign_in(client, "editor@example.com").status_code == 302
    return client


@pytest.fixture
def prompts(runner):
    result = runner.invoke(args=["seed-prompts"])
    assert result.exit_code == 0, result.output


class _FormReader(HTMLParser):
    """The values a browser would submit for the first form with a ``csrf_token``."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._first_option: tuple[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and not name.startswith("_"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.values[name] = a.get("value") or "y"
            elif kind not in ("submit", "button", "file"):
                self.values[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = (self._select, value)
            if "selected" in a:
                self.values[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select:
            if self._select not in self.values and self._first_option:
                self.values[self._select] = self._first_option[1]
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data


def form_values(html: str) -> dict[str, str]:
    reader = _FormReader()
    reader.feed(html)
    values = reader.values
    # Textareas start with a newline the browser drops.
    return {k: v[1:] if v.startswith("\n") else v for k, v in values.items()}


def _id(app, model, **where):
    from japaguide.extensions import db

    with app.app_context():
        return db.session.query(model.id).filter_by(**where).scalar()


def _snapshot(app, model, record_id, columns):
    from japaguide.extensions import db

    with app.app_context():
        row = db.session.get(model, record_id)
        return {name: getattr(row, name) for name in columns}


def _edit(client, view, record_id, **changes):
    url = f"/admin/{view}/edit/?id={record_id}"
    values = form_values(client.get(url).get_data(as_text=True))
    values.update(changes)
    return client.post(url, data=values)


def _refused(response) -> str:
    page = response.get_data(as_text=True)
    assert response.status_code == 200, response.status_code
    assert "Not saved" in page or "is-invalid" in page or "Not a valid choice" in page, page[-3000:]
    assert "Record was successfully saved" not in page
    return page


COUNTRY_COLUMNS = (
    "code",
    "name",
    "currency",
    "difficulty_score",
    "avg_rent_monthly_usd",
    "confidence",
    "sources",
    "aliases",
    "meta",
)


def test_unchanged_country_form_saves_as_it_was(editor, app):
    """The list widgets round-trip: saving an untouched form changes nothing."""
    from plugins.countries.models import Country

    canada = _id(app, Country, code="CAN")
    before = _snapshot(app, Country, canada, COUNTRY_COLUMNS)
    assert _edit(editor, "country", canada).status_code == 302
    assert _snapshot(app, Country, canada, COUNTRY_COLUMNS) == before


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("avg_rent_monthly_usd", "-5", "greater than or equal to 0"),
        ("difficulty_score", "99", "less than or equal to 10"),
        ("cost_of_living_index", "1000", "less than or equal to 300"),
        ("population", "-1", "greater than or equal to 0"),
        ("code", "XXX", "ISO 3166-1"),
        ("currency", "ZZZ", ""),
        ("confidence", "certain", "Not a valid choice"),
        ("sources", "Numbeo | not-a-url", "Not a valid URL"),
        ("playbook_metadata", '{"job_market_score": 42}', "less than or equal to 10"),
        ("playbook_metadata", '{"made_up": 1}', "Unknown field"),
        ("name", "", ""),
    ],
)
def test_country_form_refuses_what_the_importer_refuses(editor, app, field, value, reason):
    from plugins.countries.models import Country

    canada = _id(app, Country, code="CAN")
    before = _snapshot(app, Country, canada, COUNTRY_COLUMNS)
    page = _refused(_edit(editor, "country", canada, **{field: value}))
    assert reason in page
    assert _snapshot(app, Country, canada, COUNTRY_COLUMNS) == before
    assert editor.get("/api/v1/countries/CAN/").get_json()["avgRentMonthlyUsd"] == 1200.0


def test_country_lists_are_edited_one_item_a_line(editor, app):
    from plugins.countries.models import Country

    canada = _id(app, Country, code="CAN")
    page = editor.get(f"/admin/country/edit/?id={canada}").get_data(as_text=True)
    assert re.search(r'<textarea[^>]*name="aliases"', page)
    sources = form_values(page)["sources"]
    assert sources and "[{" not in sources and " | https://" in sources
    saved = _edit(editor, "country", canada, aliases="Kanada\n\nCanadá\n")
    assert saved.status_code == 302
    with app.app_context():
        from japaguide.extensions import db

        assert db.session.get(Country, canada).aliases == ["Kanada", "Canadá"]


def test_prompt_template_refuses_what_the_admin_api_refuses(editor, app, prompts):
    from plugins.ai.models import PromptTemplate

    general = _id(app, PromptTemplate, name="general_chat")
    columns = ("mode", "tone", "temperature", "max_tokens", "name")
    before = _snapshot(app, PromptTemplate, general, columns)
    for field, value in (
        ("mode", "bogus_mode"),
        ("tone", "shouting"),
        ("temperature", "5"),
        ("max_tokens", "0"),
        ("name", "Has Spaces"),
    ):
        _refused(_edit(editor, "prompttemplate", general, **{field: value}))
        assert _snapshot(app, PromptTemplate, general, columns) == before, field
    page = editor.get(f"/admin/prompttemplate/edit/?id={general}").get_data(as_text=True)
    for name in ("mode", "tone"):
        assert re.search(rf'<select[^>]*name="{name}"', page), name
    assert _edit(editor, "prompttemplate", general, temperature="0.3").status_code == 302


def test_new_prompt_with_a_bogus_mode_is_not_created(editor, app, prompts):
    from japaguide.extensions import db
    from plugins.ai.models import PromptTemplate

    page = editor.get("/admin/prompttemplate/new/").get_data(as_text=True)
    values = form_values(page)
    values.update(
        name="visa_faq",
        prompt_text="Hello {{ country }}",
        temperature="0.7",
        max_tokens="100",
        mode="bogus_mode",
        csrf_token=csrf(page),
    )
    _refused(editor.post("/admin/prompttemplate/new/", data=values))
    with app.app_context():
        assert db.session.query(PromptTemplate).filter_by(name="visa_faq").count() == 0


VISA_COLUMNS = ("category", "nigeria_status", "cost_estimate_min", "cost_estimate_max", "sources")


def _fsw(app):
    from plugins.visas.models import VisaType

    return _id(app, VisaType, slug="express-entry-fsw")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("category", "tourism"),
        ("nigeria_status", "maybe"),
        ("confidence", "certain"),
        ("processing_time_min_weeks", "9999"),
        ("sources", ""),  # the importer needs at least one
        ("slug", "Not A Slug"),
        ("steps-0-title", ""),
        ("steps-0-location", "moon"),
        ("money-0-amount", "-1"),
        ("money-0-currency", "ZZZ"),
        ("money-0-source", "A source | ftp://nowhere"),
        ("money-0-kind", "borrow"),
    ],
)
def test_visa_form_refuses_what_the_importer_refuses(editor, app, field, value):
    from plugins.visas.models import VisaMoney, VisaStep, VisaType

    fsw = _fsw(app)
    before = _snapshot(app, VisaType, fsw, VISA_COLUMNS)
    with app.app_context():
        from japaguide.extensions import db

        steps = [
            (s.title, s.location) for s in db.session.query(VisaStep).filter_by(visa_type_id=fsw)
        ]
        money = [
            (m.amount, m.kind) for m in db.session.query(VisaMoney).filter_by(visa_type_id=fsw)
        ]
    _refused(_edit(editor, "visatype", fsw, **{field: value}))
    assert _snapshot(app, VisaType, fsw, VISA_COLUMNS) == before
    with app.app_context():
        assert steps == [
            (s.title, s.location) for s in db.session.query(VisaStep).filter_by(visa_type_id=fsw)
        ]
        assert money == [
            (m.amount, m.kind) for m in db.session.query(VisaMoney).filter_by(visa_type_id=fsw)
        ]


def test_usd_figures_are_derived_not_typed(editor, app):
    from japaguide.extensions import db
    from plugins.visas.models import VisaMoney, VisaType

    fsw = _fsw(app)
    before = _snapshot(app, VisaType, fsw, VISA_COLUMNS)
    page = editor.get(f"/admin/visatype/edit/?id={fsw}").get_data(as_text=True)
    assert re.search(r'<input[^>]*name="money-0-amount_usd"[^>]*readonly', page)
    assert re.search(r'<input[^>]*name="cost_estimate_min"[^>]*readonly', page)
    assert re.search(r'<input[^>]*name="steps-0-estimated_cost_usd"[^>]*readonly', page)
    saved = _edit(editor, "visatype", fsw, **{"money-0-amount_usd": "1", "cost_estimate_min": "2"})
    assert saved.status_code == 302
    after = _snapshot(app, VisaType, fsw, VISA_COLUMNS)
    assert after == before  # the posted figures are ignored; the derived ones are unchanged
    with app.app_context():
        first = db.session.query(VisaMoney).filter_by(visa_type_id=fsw).order_by(VisaMoney.id)
        assert first.first().amount_usd != 1


def test_visa_edit_page_has_lists_and_choices_not_json(editor, app):
    page = editor.get(f"/admin/visatype/edit/?id={_fsw(app)}").get_data(as_text=True)
    for name in (
        "category",
        "nigeria_status",
        "confidence",
        "steps-0-location",
        "money-0-kind",
        "money-0-confidence",
    ):
        assert re.search(rf'<select[^>]*name="{name}"', page), name
    values = form_values(page)
    for name in ("steps-0-tips", "steps-0-common_pitfalls", "requirements", "sources"):
        assert re.search(rf'<textarea[^>]*name="{name}"', page), name
        assert not values[name].lstrip().startswith("["), name
    assert not values["money-0-source"].startswith("{")
    assert "<Country" not in page and "&lt;Country" not in page


def test_pre_departure_cost_refuses_a_negative_amount_and_derives_usd(editor, app):
    from japaguide.extensions import db
    from plugins.visas.models import PreDepartureCost

    with app.app_context():
        key = db.session.query(PreDepartureCost.key).order_by(PreDepartureCost.key).first()[0]
    columns = ("amount", "amount_usd", "group")
    before = _snapshot(app, PreDepartureCost, key, columns)
    _refused(_edit(editor, "predeparturecost", key, amount="-1"))
    assert _snapshot(app, PreDepartureCost, key, columns) == before
    assert _edit(editor, "predeparturecost", key, amount_usd="0.01").status_code == 302
    assert _snapshot(app, PreDepartureCost, key, columns) == before


def test_lists_name_related_records(editor):
    for url in ("/admin/visatype/", "/admin/airequest/", "/admin/documenttemplateroute/"):
        page = editor.get(url).get_data(as_text=True)
        assert "&lt;Country" not in page and "<Country " not in page, url
    assert "Canada" in editor.get("/admin/visatype/?search=Express").get_data(as_text=True)


def test_no_form_shows_a_csrf_token_label(editor, app):
    from plugins.countries.models import Country

    urls = [f"/admin/country/edit/?id={_id(app, Country, code='CAN')}", "/admin/country/new/"]
    urls += [f"/admin/visatype/edit/?id={_fsw(app)}", "/admin/prompttemplate/new/"]
    for url in urls:
        page = editor.get(url).get_data(as_text=True)
        assert "CSRF Token" not in page, url
        assert 'name="csrf_token"' in page, url


def test_prompt_preview_is_linked_from_each_template(editor, app, prompts):
    from plugins.ai.models import PromptTemplate

    general = _id(app, PromptTemplate, name="general_chat")
    listing = editor.get("/admin/prompttemplate/").get_data(as_text=True)
    assert f"/admin/prompttemplate/preview/?id={general}" in listing
    edit = editor.get(f"/admin/prompttemplate/edit/?id={general}").get_data(as_text=True)
    assert f"/admin/prompttemplate/preview/?id={general}" in edit
    preview = editor.get(f"/admin/prompttemplate/preview/?id={general}")
    assert preview.status_code == 200 and "<h5>Preview</h5>" in preview.get_data(as_text=True)


ASSET = re.compile(r'<(?:link|script|img|iframe)\b[^>]*\b(?:href|src)="([^"]+)"', re.I)
CSS_URL = re.compile(r"""(?:@import\s+(?:url\()?|url\()\s*['"]?([^'")\s]+)""", re.I)


def _is_local(url: str) -> bool:
    return url.startswith(("/", "data:", "#")) or not re.match(r"^[a-z][a-z0-9+.-]*:|^//", url)


def test_no_admin_page_loads_anything_from_another_host(editor, app):
    """The README promises nothing loads from a CDN: pages, their stylesheets and scripts."""
    from plugins.countries.models import Country

    pages = [
        "/admin/",
        "/admin/dashboard/",
        "/admin/country/",
        f"/admin/country/edit/?id={_id(app, Country, code='CAN')}",
        f"/admin/visatype/edit/?id={_fsw(app)}",
        "/admin/prompttemplate/",
        "/admin/login/",
    ]
    stylesheets: set[str] = set()
    for url in pages:
        page = editor.get(url).get_data(as_text=True)
        for asset in ASSET.findall(page):
            assert _is_local(asset), (url, asset)
            if ".css" in asset:
                stylesheets.add(asset)
        assert "fonts.googleapis" not in page and "cdn" not in page.lower(), url
    assert stylesheets
    for sheet in stylesheets:
        css = editor.get(sheet).get_data(as_text=True)
        assert css, sheet
        for target in CSS_URL.findall(css):
            assert _is_local(target), (sheet, target)


def test_dashboard_charts_have_sane_axes(editor):
    """Counts are whole numbers from zero up; cost never goes below zero."""
    page = editor.get("/admin/dashboard/").get_data(as_text=True)
    script = page[page.index("new Chart(document.getElementById('countries-chart')") :]
    assert "COUNT_AXIS" in script and "COST_AXIS" in script
    assert re.search(r"const COUNT_AXIS = \{[^}]*beginAtZero: true[^}]*precision: 0", page)
    assert re.search(r"const COST_AXIS = \{[^}]*min: 0", page)


@pytest.mark.parametrize(
    ("field", "value"),
    [("lat", "200"), ("country", "XXX"), ("serves", "NOPE"), ("point_type", "castle")],
)
def test_map_point_form_refuses_what_the_importer_refuses(editor, app, field, value):
    from japaguide.extensions import db
    from plugins.maps.models import GeoPoint

    with app.app_context():
        point = db.session.query(GeoPoint.id).order_by(GeoPoint.id).first()[0]
    columns = ("lat", "lng", "country", "serves", "point_type")
    before = _snapshot(app, GeoPoint, point, columns)
    _refused(_edit(editor, "geopoint", point, **{field: value}))
    assert _snapshot(app, GeoPoint, point, columns) == before


def test_exchange_rate_form_refuses_a_rate_the_rates_file_refuses(editor, app):
    from plugins.countries.models import ExchangeRate

    url = "/admin/exchangerate/edit/?id=CAD"
    before = _snapshot(app, ExchangeRate, "CAD", ("per_usd", "as_of"))
    for value in ("-1", "0"):
        values = form_values(editor.get(url).get_data(as_text=True))
        values["per_usd"] = value
        _refused(editor.post(url, data=values))
    assert _snapshot(app, ExchangeRate, "CAD", ("per_usd", "as_of")) == before


def test_column_names_and_labels_read_well(editor, app):
    countries = editor.get("/admin/country/").get_data(as_text=True)
    assert "Avg Rent Monthly (USD)" in countries and "Monthly Usd" not in countries
    edit = editor.get(f"/admin/visatype/edit/?id={_fsw(app)}").get_data(as_text=True)
    assert "Amount (USD)" in edit and "Amount Usd" not in edit
    assert "Estimated Cost (USD)" in edit


def test_a_step_added_inline_saves_with_its_cost_derived(editor, app):
    """What the browser test does, through the test client: the new row's derived cost is
    filled on save and the route stays valid."""
    from japaguide.extensions import db
    from plugins.visas.models import VisaStep

    fsw = _fsw(app)
    url = f"/admin/visatype/edit/?id={fsw}"
    values = form_values(editor.get(url).get_data(as_text=True))
    count = len({k.split("-")[1] for k in values if k.startswith("steps-")})
    values.update(
        {
            f"steps-{count}-order": str(count + 1),
            f"steps-{count}-title": "Book a settlement advice session",
            f"steps-{count}-location": "online",
            f"steps-{count}-estimated_time_days": "3",
            f"steps-{count}-tips": "Bring your passport\nAsk about bank accounts",
            f"steps-{count}-estimated_cost_usd": "999",
        }
    )
    assert editor.post(url, data=values).status_code == 302
    with app.app_context():
        steps = db.session.query(VisaStep).filter_by(visa_type_id=fsw).order_by(VisaStep.order)
        last = steps.all()[-1]
        assert last.title == "Book a settlement advice session" and last.order == count + 1
        assert last.tips == ["Bring your passport", "Ask about bank accounts"]
        assert last.estimated_cost_usd != 999
