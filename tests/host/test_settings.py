"""Typed settings: every variable declared with a type, default and description, checked at
start (a bad value stops start-up naming it), and the README's table kept in step."""

import re
from pathlib import Path

import pytest

from japaguide import create_app
from japaguide.plugins import discover_plugins
from japaguide.settings import ConfigurationError, Settings

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
#: Built-in plugins document their settings in the README; a third-party one in its own.
BUILT_IN = {p.name for p in (ROOT / "plugins").iterdir() if (p / "__init__.py").exists()}


def readme_rows() -> dict[str, str]:
    """``name -> default column`` of the README's configuration table."""
    text = README.read_text()
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    table = section.split("| variable | default | meaning |", 1)[1].split("\n\n", 1)[0]
    rows: dict[str, str] = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].startswith("`"):
            continue
        for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", cells[0]):
            rows[name] = cells[1]
    return rows


def plugin_settings() -> dict[str, object]:
    found: dict[str, object] = {}
    for plugin in discover_plugins():
        if plugin.name in BUILT_IN:
            found.update(plugin.config)
    return found


def test_every_setting_is_in_the_readme_and_every_readme_row_is_a_setting():
    declared = set(Settings.model_fields) | set(plugin_settings())
    documented = set(readme_rows())
    assert declared - documented == set(), "settings missing from the README's table"
    assert documented - declared == set(), "README rows that no code reads"


def test_every_host_setting_has_a_description():
    missing = [name for name, field in Settings.model_fields.items() if not field.description]
    assert missing == []


def test_readme_defaults_match_the_declared_ones():
    defaults = {
        name: field.default
        for name, field in Settings.model_fields.items()
        if field.default is not None
    }
    defaults.update({k: v for k, v in plugin_settings().items() if v is not None})
    for name, cell in readme_rows().items():
        literal = re.fullmatch(r"`([^`]*)`", cell)
        if not literal or name not in defaults:
            continue  # prose ("unset", "on unless debug") or a derived default
        default = defaults[name]
        if isinstance(default, bool):
            expected = "true" if default else "false"
        elif isinstance(default, list):
            expected = ",".join(str(item) for item in default)
        else:
            expected = f"{default:g}" if isinstance(default, float) else str(default)
        assert literal.group(1) == expected, name


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RATELIMIT_ANONYMOUS", "lots"),
        ("RATELIMIT_USER", "1000 per fortnight"),
        ("RATELIMIT_AI", "lots"),  # a plugin's limit
        ("MAIL_PORT", "smtp"),
        ("RATELIMIT_ENABLED", "perhaps"),
        ("AI_ENFORCE_CREDITS", "perhaps"),  # a plugin's boolean
        ("CALC_MIN_STORY_SAMPLE", "three"),  # a plugin's integer
        ("REDIS_SOCKET_TIMEOUT", "-1"),
        ("JOBS_MODE", "celery"),
        ("LOG_LEVEL", "LOUD"),
    ],
)
def test_an_invalid_value_stops_start_up_naming_the_variable(app_config, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    config = {k: v for k, v in app_config.items() if k != name}
    with pytest.raises(ConfigurationError, match=name):
        create_app(config)


def test_an_invalid_limit_given_as_an_override_is_refused_too(app_config):
    with pytest.raises(ConfigurationError, match="RATELIMIT_ANONYMOUS"):
        create_app({**app_config, "RATELIMIT_ANONYMOUS": "lots"})


def test_secrets_are_not_repeated_in_the_error(app_config, monkeypatch):
    monkeypatch.setenv("MAIL_PASSWORD", "x")  # fine
    monkeypatch.setenv("DATABASE_POOL_SIZE", "0")
    with pytest.raises(ConfigurationError, match="DATABASE_POOL_SIZE") as error:
        create_app(app_config)
    assert "'x'" not in str(error.value)


def test_valid_values_are_typed(app_config, monkeypatch):
    monkeypatch.setenv("RATELIMIT_ANONYMOUS", "5/minute;50/day")
    monkeypatch.setenv("CORS_ALLOWED_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("MAIL_USE_TLS", "off")
    monkeypatch.setenv("JOBS_RETRY_INTERVALS", "none")
    monkeypatch.setenv("SESSION_LIFETIME_DAYS", "")  # empty is unset
    keep = {"RATELIMIT_ANONYMOUS", "CORS_ALLOWED_ORIGINS", "MAIL_USE_TLS", "JOBS_RETRY_INTERVALS"}
    app = create_app({k: v for k, v in app_config.items() if k not in keep})
    assert app.config["RATELIMIT_ANONYMOUS"] == "5/minute;50/day"
    assert app.config["CORS_ALLOWED_ORIGINS"] == ["https://a.example", "https://b.example"]
    assert app.config["MAIL_USE_TLS"] is False
    assert app.config["JOBS_RETRY_INTERVALS"] == []
    assert app.config["SESSION_LIFETIME_DAYS"] == 30


def makefile_dev_limits() -> dict[str, str]:
    text = (ROOT / "Makefile").read_text()
    block = text.split("DEV_LIMITS :=", 1)[1].split("\n\n", 1)[0]
    return dict(re.findall(r"(RATELIMIT_[A-Z_]+)=\$\$\{\1:-([^}]+)\}", block))


def test_make_run_limits_are_valid_and_more_generous_than_production():
    from limits import parse

    dev = makefile_dev_limits()
    production = {
        name: field.default
        for name, field in Settings.model_fields.items()
        if name.startswith("RATELIMIT_") and isinstance(field.default, str)
    }
    production.update({k: v for k, v in plugin_settings().items() if k.startswith("RATELIMIT_")})
    assert set(dev) == set(production), "every limit has a development value"
    for name, value in dev.items():
        fast, slow = parse(value), parse(production[name])
        per_second = fast.amount / fast.get_expiry()
        assert per_second > slow.amount / slow.get_expiry(), name
