"""The labelled evaluation set passes on the offline assistant with no invented figure.

The set (tests/ai/eval/japabot_eval.json) covers every intent and tone; a separate set that
is not in the repository is run against the API too, so this is a floor, not the target.
"""

import json
import os

import pytest

from tests.ai import evaluation

#: The set seeds its own SQLite database from seed_data/ whatever backend the suite runs on, so
#: the services run (PostgreSQL + Redis) would repeat the embedded run's answers exactly.
same_on_every_backend = pytest.mark.skipif(
    bool(os.environ.get("JAPAGUIDE_TEST_DATABASE_URL")),
    reason="runs on its own SQLite seed: the embedded run already covers it",
)


@pytest.fixture(scope="module")
def full_app(tmp_path_factory):
    return evaluation.seeded_app(str(tmp_path_factory.mktemp("eval") / "eval.db"))


def test_the_set_covers_every_intent_and_tone_with_sixty_questions():
    items = json.loads(evaluation.EVAL_FILE.read_text())["items"]
    assert len(items) >= 60
    tones = {(i.get("tone") or i["turns"][-1]["tone"]) for i in items}
    assert tones == {"helpful", "uncle_japa", "bestie", "strict_officer", "hype_man", "therapist"}
    intents = {i["intent"] for i in items}
    assert {"funds", "money", "time", "status", "eligibility", "compare"} <= intents
    assert {"distress", "refusal", "off_topic", "injection", "start", "not_covered"} <= intents
    assert any("turns" in i for i in items)


@same_on_every_backend
def test_ninety_percent_pass_offline_with_no_invented_figure(full_app):
    outcomes = evaluation.run(full_app.test_client(), full_app)
    failed = [f"{o.id}: {o.problems}" for o in outcomes if not o.passed]
    assert len(failed) <= (1 - evaluation.PASS_SHARE) * len(outcomes), failed
    assert [o.id for o in outcomes if o.invented] == []


@same_on_every_backend
@pytest.mark.parametrize("stream", [False, True], ids=["json", "streamed"])
def test_the_set_passes_on_the_model_path_with_the_figure_check(tmp_path, stream):
    """The OpenAI provider against the fake server's ``realistic`` model, which slips an
    unbacked figure into every third answer: the same 90 %, and none of those reaches a user,
    whether the answer is returned whole or streamed as the model writes it."""
    outcomes, planted = evaluation.run_model_path(str(tmp_path), stream=stream)
    failed = [f"{o.id}: {o.problems}" for o in outcomes if not o.passed]
    assert len(failed) <= (1 - evaluation.PASS_SHARE) * len(outcomes), failed
    assert [o.id for o in outcomes if o.invented] == []
    assert len(planted) >= len(outcomes) // 4  # the check had mistakes to catch


def test_the_judge_catches_an_invented_figure_and_a_wrong_country():
    item = {"id": "x", "expect": {"countries": ["CAN"], "not_countries": ["MYS"]}}
    body = {
        "answer": "Canada asks CAD 99,999.",
        "sources": [{"type": "country", "code": "CAN"}, {"type": "country", "code": "MYS"}],
    }
    outcome = evaluation.judge(item, body, "", known={"15263"})
    assert not outcome.passed and outcome.invented == ["99,999"]
    assert any("MYS" in p for p in outcome.problems)
