"""The image's build context: secrets and local state stay out, what the build needs stays in."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

NEEDED = [
    "japaguide/__init__.py",
    "japaguide/static/swagger-ui/swagger-ui.css",
    "plugins/countries/__init__.py",
    "migrations/env.py",
    "seed_data",
    "setup.cfg",
    "pyproject.toml",
    "README.md",
    "requirements.txt",
    "wsgi.py",
    "gunicorn.conf.py",
    ".env.example",
]
KEPT_OUT = [
    ".env",
    ".env.production",
    "instance/japaguide.db",
    "instance/media/flags/can.png",
    ".venv/bin/python",
    ".git/HEAD",
    "japaguide/__pycache__/config.cpython-311.pyc",
    "plugins/ai/__pycache__/x.pyc",
    "japaguide.egg-info/PKG-INFO",
    "local.db",
    "seed_data/scratch.sqlite3",
    ".pytest_cache/v/cache",
    "tests/host/.pytest_cache/x",
    ".ruff_cache/x",
    ".coverage",
    "htmlcov/index.html",
    "tests/conftest.py",
]


def _regex(pattern: str) -> re.Pattern:
    """Docker's matcher: anchored at the context root, `**` crosses folders, `*` does not."""
    parts = re.split(r"(\*\*/?|\*|\?)", pattern.strip("/"))
    out = []
    for part in parts:
        if part in ("**", "**/"):
            out.append("(?:.*/)?" if part == "**/" else ".*")
        elif part == "*":
            out.append("[^/]*")
        elif part == "?":
            out.append("[^/]")
        else:
            out.append(re.escape(part))
    return re.compile("".join(out) + r"(?:/.*)?")


def _rules() -> list[tuple[bool, re.Pattern]]:
    rules = []
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        include = line.startswith("!")
        rules.append((include, _regex(line.lstrip("!"))))
    return rules


def excluded(path: str) -> bool:
    verdict = False
    for include, regex in _rules():
        if regex.fullmatch(path):
            verdict = not include
    return verdict


@pytest.mark.parametrize("path", NEEDED)
def test_build_context_keeps_what_the_image_needs(path):
    assert not excluded(path)


@pytest.mark.parametrize("path", KEPT_OUT)
def test_build_context_leaves_out_secrets_state_and_caches(path):
    assert excluded(path)


def test_every_source_and_data_file_reaches_the_image():
    shipped = [
        path.relative_to(ROOT).as_posix()
        for folder in ("japaguide", "plugins", "migrations", "seed_data")
        for path in (ROOT / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    ]
    assert shipped
    assert [path for path in shipped if excluded(path)] == []


def test_compose_redis_keeps_the_sessions():
    """Anonymous users' data is only found through their session: the compose Redis persists."""
    yaml = pytest.importorskip("yaml")
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    redis = compose["services"]["redis"]
    command = redis["command"]
    assert command[0] == "redis-server"
    assert command[command.index("--appendonly") + 1] == "yes"
    assert command[command.index("--appendfsync") + 1] in {"everysec", "always"}
    volume = redis["volumes"][0].split(":")
    assert volume[1] == "/data" and volume[0] in compose["volumes"]
