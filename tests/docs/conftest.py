"""Seed for the Document Builder's tests: the small test seed, the UK's real visa routes
(the UK Student route asks for a CAS) and the shipped document templates."""

import shutil
from pathlib import Path

import pytest

from japaguide.testing import TEST_SEED_DIR as FIXTURE_SEED
from tests.ai.conftest import fake_openai  # noqa: F401 - the AI path's letters use the fake

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def docs_seeded(app, runner, tmp_path):
    seed = tmp_path / "seed"
    shutil.copytree(FIXTURE_SEED, seed)
    shutil.copy(ROOT / "seed_data" / "visa_types_GBR.json", seed)
    shutil.copy(ROOT / "seed_data" / "document_templates.json", seed)
    result = runner.invoke(args=["seed", "--dir", str(seed)])
    assert result.exit_code == 0, result.output
    return app


@pytest.fixture
def uk_student_id(client, docs_seeded):
    visas = client.get("/api/v1/countries/GBR/visa-types/").get_json()
    return next(v["id"] for v in visas if v["slug"] == "student")


@pytest.fixture
def can_study_id(client, docs_seeded):
    visas = client.get("/api/v1/countries/CAN/visa-types/").get_json()
    return next(v["id"] for v in visas if v["slug"] == "study-permit")
