"""The anonymous session and accounts on the production stack: status, save, an e-mailed link
that restores the session on another device, register, login and claim."""

from __future__ import annotations

import time
from email import message_from_bytes, policy

from e2e.conftest import register


def start_work(client):
    return client.post(
        "/roadmaps/generate/", json={"country": "CAN", "goal": "study"}, expect=201
    ).json()


def test_status_and_save(anon):
    before = anon.get("/session/status/", expect=200).json()
    assert before["isAnonymous"] and not before["sessionStarted"]
    start_work(anon)
    status = anon.get("/session/status/", expect=200).json()
    assert status["sessionStarted"] and status["expiresInDays"] == 30
    assert status["counts"]["roadmaps"] == 1
    saved = anon.post("/session/save/", expect=200).json()
    assert saved["expiresInDays"] == 30


_READ_MAILS: set[str] = set()
MAIL_WAIT_SECONDS = 20


def newest_link_token(stack) -> str:
    """The link in the newest mail not read yet: a worker's job sends it, so wait for it."""
    deadline = time.monotonic() + MAIL_WAIT_SECONDS
    while True:
        mails = sorted(stack.outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime)
        fresh = [m for m in mails if m.name not in _READ_MAILS]
        if fresh or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert fresh, "the link was not written to the outbox (is the worker running?)"
    _READ_MAILS.add(fresh[-1].name)
    text = message_from_bytes(fresh[-1].read_bytes(), policy=policy.default).get_content()
    return text.split("token=")[1].split()[0]


def test_emailed_link_restores_the_session_on_another_device(stack, anon, new_client):
    roadmap = start_work(anon)
    address = "e2e-restore@example.com"
    sent = anon.post("/session/email/", json={"email": address}, expect=200).json()
    assert sent["linkExpiresInHours"] == 24
    token = newest_link_token(stack)
    phone = new_client("phone")
    preview = phone.get("/session/restore/", params={"token": token}, expect=200).json()
    assert preview["link"]["counts"]["roadmaps"] == 1
    assert not preview["holdsData"] and preview["defaultChoice"] == "continue"
    phone.get("/roadmaps/{roadmap_id}/", roadmap_id=roadmap["id"], expect=404)  # GET: no change
    restored = phone.post("/session/restore/", json={"token": token}, expect=200).json()
    assert restored["choice"] == "continue" and restored["session"]["counts"]["roadmaps"] == 1
    phone.get("/roadmaps/{roadmap_id}/", roadmap_id=roadmap["id"], expect=200)
    phone.post("/session/restore/", json={"token": token}, expect=410)  # single use
    phone.get(
        "/session/restore/", params={"token": "abc.def"}, expect=404
    )  # a forged token names no link


def test_a_link_mailed_to_someone_with_data_merges_into_their_session(stack, new_client):
    attacker = new_client("attacker")
    bait = start_work(attacker)
    victim = new_client("victim")
    own = start_work(victim)
    attacker.post("/session/email/", json={"email": "e2e-victim@example.com"}, expect=200)
    token = newest_link_token(stack)
    preview = victim.get("/session/restore/", params={"token": token}, expect=200).json()
    assert preview["holdsData"] and preview["choices"] == ["merge", "switch"]
    victim.post("/session/restore/", json={"token": token}, expect=409)
    merged = victim.post(
        "/session/restore/", json={"token": token, "choice": "merge"}, expect=200
    ).json()
    assert merged["moved"]["roadmaps"] == 1 and merged["session"]["counts"]["roadmaps"] == 2
    for roadmap in (bait, own):
        victim.get("/roadmaps/{roadmap_id}/", roadmap_id=roadmap["id"], expect=200)
    attacker.get("/roadmaps/{roadmap_id}/", roadmap_id=bait["id"], expect=404)


def test_register_claims_the_anonymous_work(anon, other_anon):
    roadmap = start_work(anon)
    cookie_before = anon.cookie()
    body = register(anon)
    assert anon.cookie() != cookie_before, "the session is regenerated on signup"
    mine = anon.get("/roadmaps/", expect=200).json()
    assert roadmap["id"] in [r["id"] for r in mine["results"]]
    assert not anon.get("/roadmaps/{roadmap_id}/", roadmap_id=roadmap["id"]).json()["isAnonymous"]
    other_anon.get("/roadmaps/{roadmap_id}/", roadmap_id=roadmap["id"], expect=404)
    me = anon.get("/auth/me/", expect=200).json()
    assert me["email"] == body["email"]


def test_login_claims_work_done_before_it(new_client):
    laptop = new_client("laptop")
    account = register(laptop)
    browser = new_client("browser")
    roadmap = start_work(browser)
    login = browser.post(
        "/auth/login/",
        json={"email": account["email"], "password": "a long e2e pass phrase"},
        expect=200,
    ).json()
    laptop.get("/roadmaps/{roadmap_id}/", roadmap_id=roadmap["id"], expect=200)
    browser.token = login["accessToken"]
    start_work(browser)
    claimed = browser.post("/auth/claim-session/", expect=200).json()
    assert claimed is not None
    assert laptop.get("/roadmaps/", expect=200).json()["count"] == 2


def test_bad_credentials_and_bad_tokens(anon):
    anon.post(
        "/auth/login/", json={"email": "nobody@example.com", "password": "x" * 12}, expect=401
    )
    anon.token = "not.a.token"
    anon.get("/auth/me/", expect=401)
    anon.get("/roadmaps/", expect=401)
