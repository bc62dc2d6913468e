"""Japabot's evaluation: the labelled set in ``tests/ai/eval/japabot_eval.json`` run through
the chat API, each answer judged on what it must show, and every figure it states checked
against the data.

``python -m tests.ai.evaluation`` (``make eval-ai``) seeds a fresh SQLite database from
``seed_data/`` and prints each failure and ``N passed, M failed``; the test in
``test_eval_set.py`` holds the offline assistant to 90 % with no invented figure.

``--model`` runs the same set on the model path: the OpenAI provider against the fake server
(``tests/ai/fake_openai.py``) in ``realistic`` mode, a model that answers from the FACTS it is
sent and slips a figure the data does not back into every third answer (invented naira, a
number word, a real figure in the wrong role, a scam fee). It is scored the same way, and a
planted sentence that reaches the user counts as an invented figure.

A figure counts as known when the data holds it (any number in a country's or route's
columns, texts, money items and steps), when the user typed it, or when the calculator's
household services derive it from the data (a family's funds and fees, yearly charges times
people, a route's step days).
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

EVAL_FILE = Path(__file__).parent / "eval" / "japabot_eval.json"
SEED_DIR = Path(__file__).resolve().parents[2] / "seed_data"
PASS_SHARE = 0.9
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
EMPATHY = ("sorry", "i hear you", "understand", "valid", "hard", "noted")
CHEERS = ("LET'S GO", "🔥", "YOOO", "SPEED!", "WINS", "CELEBRATE")
PIDGIN = (" na ", " dey ", " wey ", " o ", " o.", " o!", "abeg", "no be", "wetin", "make i", "una")
MARKERS = {
    "not_covered": ("n't cover", "not covered", "never cover"),
    "off_topic": ("outside", "not my", "no be my", "remit", "not really my"),
    "refuses_injection": ("rules",),
    "no_country": ("country", "countries", "destination"),
}


def normalise(raw: str) -> str | None:
    try:
        return format(Decimal(raw.replace(",", "")).normalize(), "f")
    except InvalidOperation:
        return None


def numbers_in(text: str) -> set[str]:
    return {n for raw in _NUMBER.findall(text or "") if (n := normalise(raw))}


def known_figures() -> set[str]:
    """Every number the data holds or the household services derive from it (app context)."""
    from sqlalchemy import select

    from japaguide.extensions import db
    from plugins.countries.models import Country, ExchangeRate
    from plugins.visas.models import VisaType
    from plugins.visas.services import applicable

    known: set[str] = set()

    def add_text(value: Any) -> None:
        known.update(numbers_in(json.dumps(value, default=str, ensure_ascii=False)))

    for country in db.session.scalars(select(Country)):
        add_text({c.key: getattr(country, c.key) for c in Country.__mapper__.column_attrs})
    for rate in db.session.scalars(select(ExchangeRate)):
        add_text([rate.per_usd, rate.as_of])
    for visa in db.session.scalars(select(VisaType)):
        add_text({c.key: getattr(visa, c.key) for c in VisaType.__mapper__.column_attrs})
        for step in visa.steps:
            add_text([step.title, step.description, step.estimated_time_days])
            add_text([step.estimated_cost_usd, step.tips, step.common_pitfalls])
        for item in visa.money:
            add_text([item.label, item.amount, item.amount_usd, item.note, item.effective_date])
            add_text([item.holding_period_days, item.household_size, item.last_verified])
        days = sum(s.estimated_time_days or 0 for s in visa.steps)
        known.add(str(days))
        for dependants in range(0, 9):
            for partner in (None, False):
                for kind in ("spend", "show"):
                    items = applicable(visa.money, dependants, kind=kind, partner=partner)
                    usd = sum(
                        (m.amount_usd * t for m, t in items if m.amount_usd is not None),
                        Decimal(0),
                    )
                    stepped = sum(
                        (
                            m.amount_usd * t
                            for m, t in items
                            if m.amount_usd is not None and m.step_order is not None
                        ),
                        Decimal(0),
                    )
                    official = sum(
                        (m.amount * t for m, t in items if m.amount is not None), Decimal(0)
                    )
                    for value in (usd, stepped, official, *(m.amount or 0 for m, _ in items)):
                        known.add(normalise(f"{Decimal(value):.2f}"))
                    for m, times in items:
                        if m.amount is not None:
                            known.add(normalise(f"{m.amount * times:.2f}"))
    known.add(str(db.session.query(Country).filter(Country.has_playbook.is_(True)).count()))
    return {k for k in known if k}


@dataclass
class Outcome:
    id: str
    passed: bool
    problems: list[str] = field(default_factory=list)
    invented: list[str] = field(default_factory=list)
    answer: str = ""
    provider: str = ""


def judge(item: dict[str, Any], body: dict[str, Any], typed: str, known: set[str]) -> Outcome:
    expect = item.get("expect", {})
    answer = body.get("answer", "")
    lead = answer.split("\n\n")[0]
    low, lead_low = " ".join(answer.lower().split()), lead.lower()
    codes = {s.get("code") for s in body.get("sources", []) if s.get("type") == "country"}
    problems = []
    for code in expect.get("countries", []):
        if code not in codes:
            problems.append(f"country {code} missing from sources {sorted(codes - {None})}")
    for code in expect.get("not_countries", []):
        if code in codes:
            problems.append(f"country {code} wrongly among the sources")
    for route in expect.get("routes", []):
        if route.lower() not in low:
            problems.append(f"route {route!r} not in the answer")
    for figure in expect.get("figures", []):
        if figure not in answer:
            problems.append(f"figure {figure!r} not in the answer")
    if expect.get("lead") and not any(w.lower() in lead_low for w in expect["lead"]):
        problems.append(f"first paragraph lacks any of {expect['lead']}")
    follow_ups = " ".join(body.get("followUpQuestions", [])).lower()
    for behaviour in expect.get("behaviours", []):
        name, _, arg = behaviour.partition(":")
        ok = True
        if name == "empathy_first":
            first = re.split(r"(?<=[.!?])\s", lead, maxsplit=1)[0].lower()
            ok = any(w in first for w in EMPATHY)
        elif name == "no_cheer":
            ok = not any(c in answer for c in CHEERS)
        elif name == "pidgin":
            ok = sum(1 for w in PIDGIN if w in f" {low} ") >= 2
        elif name == "follow_up":
            ok = arg.lower() in follow_ups
        elif name == "mentions":
            ok = arg.lower() in low
        elif name == "not_lead":
            ok = arg.lower() not in lead_low
        elif name in MARKERS:
            ok = any(m in lead_low for m in MARKERS[name])
        if not ok:
            problems.append(f"behaviour {behaviour} not shown")
    invented = sorted(
        raw
        for raw in set(_NUMBER.findall(answer))
        if (n := normalise(raw))
        and len(n.replace(".", "").lstrip("0")) >= 2
        and n not in known
        and n not in numbers_in(typed)
    )
    if invented:
        problems.append(f"figures not in the data: {invented}")
    return Outcome(
        item["id"], not problems, problems, invented, answer, str(body.get("aiProvider", ""))
    )


def _streamed(response: Any) -> dict[str, Any]:
    """A streamed chat read as its JSON twin: the ``chunk`` texts joined are the answer."""
    body: dict[str, Any] = {"answer": ""}
    for event in response.get_data(as_text=True).split("\n\n"):
        name = re.search(r"^event: (\w+)", event, re.M)
        data = re.search(r"^data: (.*)$", event, re.M)
        if name and data and name.group(1) == "chunk":
            body["answer"] += json.loads(data.group(1))["text"]
        elif name and data and name.group(1) == "done":
            body.update(json.loads(data.group(1)))
    return body


def run(
    client: Any, app: Any, items: list[dict[str, Any]] | None = None, *, stream: bool = False
) -> list[Outcome]:
    """Ask every item through the API (streamed if ``stream``) and judge its (last) answer."""
    items = items if items is not None else json.loads(EVAL_FILE.read_text())["items"]
    with app.app_context():
        known = known_figures()
    outcomes = []
    for item in items:
        turns = item.get("turns") or [{"message": item["message"], "tone": item["tone"]}]
        conversation_id, body, typed = None, {}, ""
        for turn in turns:
            payload = {"message": turn["message"], "tone": turn["tone"]}
            if conversation_id:
                payload["conversationId"] = conversation_id
            if stream:
                payload["stream"] = True
            response = client.post("/api/v1/ai/chat/", json=payload)
            body = (_streamed(response) if stream else response.get_json()) or {}
            if response.status_code != 200:
                body = {"answer": f"HTTP {response.status_code}: {body}"}
            conversation_id = body.get("conversationId")
            typed += " " + turn["message"]
        outcomes.append(judge(item, body, typed, known))
    return outcomes


def seeded_app(database: str, model_url: str | None = None) -> Any:
    """A fresh app on ``database`` seeded from ``seed_data/``; with ``model_url`` the OpenAI
    provider answers, against that (fake) server."""
    from japaguide import create_app

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "evaluation-" + "k" * 32,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "RATELIMIT_ENABLED": False,
            "OPENAI_API_KEY": "sk-evaluation-fake" if model_url else None,
            "OPENAI_BASE_URL": model_url,
            "OPENAI_TIMEOUT_SECONDS": 10,
            "JOBS_MODE": "inline",
        }
    )
    with app.app_context():
        from japaguide.extensions import db

        db.create_all()
    result = app.test_cli_runner().invoke(args=["seed", "--dir", str(SEED_DIR)])
    if result.exit_code != 0:
        raise RuntimeError(result.output)
    return app


def leaked(outcomes: list[Outcome], planted: list[str]) -> list[str]:
    """The planted sentences (figures the data does not back) that reached an answer; each
    is marked as an invented figure of the answer it reached."""
    found = []
    for outcome in outcomes:
        for sentence in sorted(set(planted)):
            if sentence.lower() in outcome.answer.lower():
                found.append(sentence)
                outcome.invented.append(sentence)
                outcome.problems.append(f"planted figure reached the user: {sentence!r}")
                outcome.passed = False
    return found


def run_model_path(folder: str, *, stream: bool = False) -> tuple[list[Outcome], list[str]]:
    """The set on the model path against the fake server in ``realistic`` mode (streamed
    if ``stream``): the outcomes and the sentences with unbacked figures the model planted."""
    import logging

    from tests.ai.fake_openai import FakeOpenAI

    logging.getLogger("httpx2").setLevel(logging.WARNING)  # one line per model call otherwise
    with FakeOpenAI(mode="realistic") as fake:
        app = seeded_app(str(Path(folder) / "eval-model.db"), model_url=fake.base_url)
        outcomes = run(app.test_client(), app, stream=stream)
        planted = list(fake.planted)
    for outcome in outcomes:
        if outcome.provider != "openai":
            outcome.passed = False
            outcome.problems.append(f"answered by {outcome.provider!r}, not the model")
    leaked(outcomes, planted)
    return outcomes, planted


def main() -> int:
    import logging

    # One JSON line per request otherwise: the report is what this command prints.
    logging.getLogger("japaguide.request").setLevel(logging.WARNING)
    model = "--model" in sys.argv
    planted: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        if model:
            outcomes, planted = run_model_path(folder, stream="--stream" in sys.argv)
        else:
            app = seeded_app(str(Path(folder) / "eval.db"))
            outcomes = run(app.test_client(), app)
    failed = [o for o in outcomes if not o.passed]
    for outcome in failed:
        print(f"FAIL {outcome.id}: " + "; ".join(outcome.problems))
        if "-v" in sys.argv:
            print("    " + outcome.answer.replace("\n", "\n    "))
    invented = sum(len(o.invented) for o in outcomes)
    path = (
        f" on the model path, {len(planted)} unbacked figures planted by the model" if model else ""
    )
    print(
        f"{len(outcomes) - len(failed)} passed, {len(failed)} failed ({invented} invented figures"
        f"{path})"
    )
    return 0 if len(failed) <= (1 - PASS_SHARE) * len(outcomes) and not invented else 1


if __name__ == "__main__":
    sys.exit(main())
