"""The fake model's ``realistic`` mode: it answers the way a well-briefed model does, and errs
the way real models do, so the evaluation can run the labelled set on the model path.

It reads what the app sends — the system prompt (which voice), the FACTS block and the user's
message between ``<user_message>`` tags — and writes: empathy first when the message sounds
distressed, a refusal of instructions hidden in the message, the first FACTS line (the one that
answers the question) and up to four more as bullets, in its voice (pidgin for Uncle Japa, caps
for the hype man, who does not cheer bad news). For every third question it also slips in one
sentence whose figure the data does not back — invented naira, a number word, a real figure in
the wrong role, a scam fee — the mistakes the figure check exists for. The planted sentence is
returned too, so the evaluation can prove it never reached the user.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from plugins.ai.personalities import PERSONALITY_INTROS

DISTRESS = re.compile(
    r"\b(scared|afraid|giving up|give up|stressed|anxious|worried|refused|rejected|tired|"
    r"hopeless|depressed|fear)\b",
    re.I,
)
INJECTION = re.compile(
    r"ignore (?:all )?previous|disregard|system:|reveal your|you are now|</user_message>", re.I
)
BAD_NEWS = re.compile(r"suspend|closed|paused|restricted|refus|not open|no longer|banned", re.I)
PIDGIN = re.compile(r"\b(dey|wey|abeg|wetin|una|abi|sabi|wahala)\b", re.I)
EMPATHY = {
    "helpful": "I'm sorry this feels so heavy; that is understandable.",
    "uncle_japa": "Ah, sorry o my guy, I understand say e no easy.",
    "bestie": "omg bestie I'm so sorry, that's really hard 🫂",
    "strict_officer": "Your concern is understood and noted.",
    "hype_man": "HEY, I HEAR YOU, AND I'M SORRY IT'S THIS HARD.",
    "therapist": "I hear you, and what you feel is valid.",
}
OPENERS = {
    "helpful": "",
    "uncle_japa": "My guy, na so e be o.",
    "bestie": "okay bestie, here's the tea ☕",
    "strict_officer": "You are required to note the following.",
    "hype_man": "LET'S GO! 🔥",
    "therapist": "Let's look at this calmly together.",
}
CLOSERS = {
    "helpful": "Tell me a little more and I can narrow it down.",
    "uncle_japa": "Na so the matter be o. Any other thing, abeg holla me.",
    "bestie": "you've got this bestie ✨",
    "strict_officer": "Ensure every document is complete before submission.",
    "hype_man": "KEEP MOVING, CHAMP!",
    "therapist": "One step at a time. How are you feeling about it?",
}
_MONEY = re.compile(r"\b(EUR|GBP|CAD|USD|AUD|NZD)\s?\d[\d,]*(?:\.\d+)?")


def _user_message(text: str) -> str:
    match = re.search(r"<user_message>\n(.*)\n</user_message>", text, re.S)
    return match.group(1) if match else ""


def _facts(prompt: str) -> list[str]:
    lines, inside = [], False
    for line in prompt.splitlines():
        if line.startswith("FACTS"):
            inside = True
        elif inside and line.startswith("- "):
            lines.append(line[2:])
        elif inside and lines:
            break
    return [line for line in lines if line != "(no verified data matched)"]


def _tone(system: str) -> str:
    return next((t for t, intro in PERSONALITY_INTROS.items() if intro in system), "helpful")


def _plant(message: str, facts: list[str]) -> str | None:
    """One sentence with a figure the data does not back, for every third question."""
    digest = int(hashlib.sha1(message.encode()).hexdigest(), 16)
    if digest % 3:
        return None
    kind = (digest // 3) % 4
    if kind == 1:
        for line in facts:
            found = _MONEY.search(line)
            if found and re.search(r"\bshow|funds|account|hold\b", line, re.I):
                return f"The application fee alone is {found.group(0)}."
            if found and re.search(r"\bfee|cost", line, re.I):
                return f"You must show {found.group(0)} in your bank account as proof of funds."
    if kind == 2:
        return "Most people get their decision in about seventy-one weeks."
    if kind == 3:
        return "You can also pay the agent EUR 999 for a guaranteed job offer."
    return "Many applicants also budget about N750,000 for agent fees in Lagos."


def answer(payload: dict[str, Any]) -> tuple[str, str | None]:
    """(the answer, the planted sentence or None) for one chat completion request."""
    messages = payload.get("messages", [])
    system = next((str(m["content"]) for m in messages if m.get("role") == "system"), "")
    prompt = "\n".join(str(m.get("content", "")) for m in messages if m.get("role") != "system")
    tone, message, facts = _tone(system), _user_message(prompt), _facts(prompt)
    bad = bool(BAD_NEWS.search(" ".join(facts[:3]))) or bool(DISTRESS.search(message))
    first: list[str] = []
    if DISTRESS.search(message):
        first.append(EMPATHY[tone])
    if INJECTION.search(message):
        first.append("I keep to my rules and only state figures from Japaguide's data.")
    opener = OPENERS[tone]
    if tone == "hype_man" and bad:
        opener = "LISTEN UP."
    if tone == "uncle_japa" and PIDGIN.search(message):
        opener = "Abeg no vex, na so e be o."
    if opener:
        first.append(opener)
    if facts:
        first.append(facts[0])
    planted = _plant(message, facts)
    if planted:
        first.append(planted)
    paragraphs = [" ".join(first)]
    if len(facts) > 1:
        paragraphs.append("\n".join(f"- {line}" for line in facts[1:5]))
    paragraphs.append(CLOSERS[tone] if not (tone == "hype_man" and bad) else "We regroup.")
    return "\n\n".join(paragraphs), planted
