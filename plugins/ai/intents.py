"""The words that tell what a message wants, and the slots it fills (household, budget, …).

Matching is on whole words of the normalised message (" fee " never matches "feel"), in
English and Nigerian Pidgin. The first intent of :data:`PRIORITY` that a message touches is
the one its first sentence answers.
"""

from __future__ import annotations

import re

#: Word lists, matched as whole words or phrases of the normalised text.
WORDS: dict[str, tuple[str, ...]] = {
    "injection": (
        "ignore all",
        "ignore previous",
        "ignore your",
        "ignore the rules",
        "disregard",
        "system prompt",
        "you are now",
        "new instructions",
        "jailbreak",
        "reveal your",
        "developer mode",
        "pretend you",
        "act as",
        "user message",
    ),
    "distress": (
        "giving up",
        "give up",
        "scared",
        "afraid",
        "worried",
        "anxious",
        "anxiety",
        "depressed",
        "hopeless",
        "frustrated",
        "stressed",
        "overwhelmed",
        "tired of",
        "lost hope",
        "losing hope",
        "cry",
        "crying",
        "i feel like",
        "waste all",
        "wasted",
        "fear",
        "panic",
        "heartbroken",
        "discouraged",
        "confused",
        "so lost",
        "i m lost",
        "don t know where to start",
        "e don tire me",
        "i don tire",
    ),
    "refusal": ("refused", "refusal", "rejected", "rejection", "denied", "denial", "turned down"),
    "funds": (
        "proof of funds",
        "proof of fund",
        "show money",
        "money to show",
        "bank statement",
        "settlement funds",
        "blocked account",
        "maintenance funds",
        "living costs",
        "funds",
        "how much do i need to show",
        "how much i need to show",
        "show for",
        "need to show",
        "go show",
        "we show",
        "have to show",
        "must show",
        "to show",
        "bank balance",
    ),
    "money": (
        "cost",
        "costs",
        "fee",
        "fees",
        "price",
        "how much",
        "expensive",
        "cheap",
        "cheaper",
        "cheapest",
        "afford",
        "money",
        "pay",
        "budget",
        "surcharge",
        "ihs",
        "naira",
        "dollars",
        "kobo",
        "charges",
        "how much e go cost",
        "wetin e cost",
    ),
    "time": (
        "how long",
        "processing",
        "fast",
        "fastest",
        "faster",
        "quicker",
        "sooner",
        "quick",
        "quickest",
        "quickly",
        "weeks",
        "time",
        "waiting",
        "wait",
        "timeline",
        "sharp sharp",
    ),
    "status": (
        "suspended",
        "suspension",
        "banned",
        "ban",
        "still open",
        "still possible",
        "still giving",
        "still issuing",
        "still accepting",
        "still dey",
        "allowed",
        "can nigerians",
        "nigerian passport",
        "for nigerians",
        "as a nigerian",
        "still study",
        "still apply",
        "still go",
        "still get",
        "bring me over",
        "open to",
        "closed",
        "restricted",
        "pause",
        "paused",
        "stopped",
    ),
    "eligibility": (
        "degree",
        "no degree",
        "without a degree",
        "university",
        "go university",
        "qualify",
        "eligible",
        "eligibility",
        "requirement",
        "requirements",
        "need a",
        "age",
        "years old",
        "year old",
        "too old",
        "ielts",
        "english test",
        "language",
        "german language",
        "diploma",
        "hnd",
        "bsc",
        "ond",
        "vocational",
        "experience",
        "can i get",
        "fit get",
        "what do i need",
        "need for",
        "salary",
        "minimum salary",
        "income",
        "earn",
    ),
    "greeting": (
        "hello",
        "hi",
        "hey",
        "good morning",
        "good afternoon",
        "good evening",
        "thanks",
        "thank you",
        "how far",
        "bros",
        "una well done",
    ),
    "compare": ("compare", "comparison", "versus", "vs", "better", "which one", "which is"),
    "start": (
        "start",
        "begin",
        "first step",
        "first steps",
        "steps",
        "process",
        "how do i",
        "how to",
        "how can i",
        "where do i",
        "apply",
        "procedure",
        "roadmap",
        "plan",
        "how i go",
        "wetin i go do",
    ),
}
#: The intent a first sentence answers, first match wins.
PRIORITY = (
    "injection",
    "off_topic",
    "greeting",
    "compare",
    "status",
    "funds",
    "money",
    "time",
    "eligibility",
    "start",
)
MIGRATION_WORDS = (
    "visa",
    "japa",
    "move",
    "moving",
    "relocate",
    "relocation",
    "migrate",
    "migration",
    "abroad",
    "emigrate",
    "immigration",
    "permit",
    "passport",
    "embassy",
    "study",
    "school",
    "masters",
    "work",
    "job",
    "travel",
    "country",
    "countries",
    "pr",
    "citizenship",
    "residence",
    "route",
    "ielts",
    "where to start",
    "where do i start",
    "how do i start",
    "how to start",
    "relocating",
    "go abroad",
    "want to go",
    "wan go",
    "going to",
    "live in",
    "settle",
)
PIDGIN_WORDS = (
    "abeg",
    "dey",
    "wey",
    "wetin",
    "una",
    "oga",
    "sabi",
    "wahala",
    "make i",
    "i wan",
    "e go",
    "e don",
    "no be",
    "na im",
    "how far",
    "fit get",
    "go fit",
    "pikin",
    "shey",
    "abi",
    "sef",
    "o jare",
    "comot",
)
CATEGORIES = {
    "study": ("study", "student", "school", "masters", "master", "phd", "degree programme", "msc"),
    "work": ("work", "job", "worker", "engineer", "developer", "nurse", "doctor", "career"),
    "family": ("spouse visa", "join my", "marry", "married to", "family visa", "partner visa"),
    "business": ("business", "invest", "investor", "passive income", "retire", "retiree"),
}
#: Long words of ordinary speech that look like names to a fuzzy matcher.
COMMON_WORDS = frozenset(
    [
        "there",
        "their",
        "where",
        "which",
        "would",
        "could",
        "should",
        "about",
        "after",
        "again",
        "being",
        "below",
        "canal",
        "cannot",
        "dance",
        "money",
        "funds",
        "still",
        "start",
        "steps",
        "visas",
        "money",
        "first",
        "think",
        "thing",
        "things",
        "other",
        "under",
        "while",
        "whose",
        "spain",
    ]
)
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
    "an": 1,
}


def has(text: str, phrase: str) -> bool:
    return f" {phrase} " in text


def detect(text: str, raw: str) -> set[str]:
    found = {key for key, words in WORDS.items() if any(has(text, w) for w in words)}
    if "</user_message>" in raw or "<user_message>" in raw:
        found.add("injection")
    return found


def primary(wants: set[str]) -> str:
    return next((intent for intent in PRIORITY if intent in wants), "overview")


def is_pidgin(text: str) -> bool:
    return sum(1 for w in PIDGIN_WORDS if has(text, w)) >= 1


def about_moving(text: str) -> bool:
    return any(has(text, w) for w in MIGRATION_WORDS) or any(
        has(text, w) for key in ("funds", "eligibility", "status") for w in WORDS[key][:6]
    )


def asks_which(text: str) -> bool:
    return any(has(text, w) for w in ("which", "or", "better", "cheaper", "faster"))


def category(text: str) -> str | None:
    for name, words in CATEGORIES.items():
        if any(has(text, w) for w in words):
            return name
    return None


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


def household(text: str) -> tuple[int | None, bool | None]:
    """People moving (the applicant included) and whether a partner comes, if the text says."""
    size = re.search(r" (?:family|household) of (\w+) ", text)
    if size and (n := _count(size.group(1))):
        return n, None
    size = re.search(r" (\w+) of us ", text)
    if size and (n := _count(size.group(1))) and n > 1:
        return n, None
    partner = any(
        has(text, w) for w in ("wife", "husband", "spouse", "partner", "my madam", "my oga")
    )
    kids = 0
    match = re.search(r" (\w+) (?:kids|children|child|pikin|pikins|sons|daughters) ", text)
    if match and (n := _count(match.group(1))):
        kids = n
    elif re.search(r" (?:my|our) (?:son|daughter|child|baby|kid|pikin) ", text):
        kids = 1
    if any(has(text, w) for w in ("couple", "as a couple", "me and my wife", "me and my husband")):
        partner = True
    if partner or kids:
        return 1 + (1 if partner else 0) + kids, partner
    if any(has(text, w) for w in ("alone", "just me", "only me", "single", "by myself")):
        return 1, False
    return None, None


def with_family(text: str) -> bool:
    """The family comes along, though the text does not say who ("with my family")."""
    return any(
        has(text, w)
        for w in ("with my family", "with family", "my family", "my dependants", "my dependents")
    )


_MONEY = re.compile(
    r"(?P<cur>₦|N|NGN|\$|USD|£|GBP|€|EUR|CAD)?\s?(?P<num>\d[\d,]*(?:\.\d+)?)\s?"
    r"(?P<mult>k|m|million|thousand|mil)?\b\s?(?P<cur2>naira|dollars|usd|pounds|euros|ngn)?",
    re.IGNORECASE,
)
_CURRENCY = {"₦": "NGN", "n": "NGN", "ngn": "NGN", "naira": "NGN", "$": "USD", "usd": "USD"}
_CURRENCY |= {"dollars": "USD", "£": "GBP", "gbp": "GBP", "pounds": "GBP", "€": "EUR"}
_CURRENCY |= {"eur": "EUR", "euros": "EUR", "cad": "CAD"}
_MULT = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "million": 1_000_000, "mil": 1_000_000}


def budget(raw: str) -> tuple[float, str, str] | None:
    """A budget the user states ("I have ₦25m", "budget of $10k"), in their currency."""
    if not re.search(r"budget|i have|savings|saved|afford|my money|get|only", raw, re.I):
        return None
    for match in _MONEY.finditer(raw):
        cur = (match.group("cur") or match.group("cur2") or "").lower()
        mult = (match.group("mult") or "").lower()
        if not cur and not mult:
            continue
        amount = float(match.group("num").replace(",", "")) * _MULT.get(mult, 1)
        if amount < 50:
            continue
        currency = _CURRENCY.get(cur, "NGN" if mult and not cur else "USD")
        return amount, currency, match.group(0).strip()  # as written: "N25m", "$10k"
    return None


def degree(text: str) -> bool | None:
    if any(
        has(text, w)
        for w in (
            "no degree",
            "without a degree",
            "without degree",
            "no go university",
            "never go university",
            "didn t go to university",
            "did not go to university",
            "don t have a degree",
            "do not have a degree",
            "no university",
            "only waec",
            "only ssce",
            "no bsc",
        )
    ):
        return False
    if any(has(text, w) for w in ("my degree", "i have a degree", "bsc", "hnd", "masters degree")):
        return True
    return None


def months(text: str) -> int | None:
    """How long the stay is priced for ("for 3 years", "2 years"), in months."""
    match = re.search(r" (\w+) (years?|months?) ", text)
    if not match or (n := _count(match.group(1))) is None or " old " in text[match.end() - 1 :][:6]:
        return None
    return n * 12 if match.group(2).startswith("year") else n


def age(text: str) -> int | None:
    match = re.search(r" (?:i am|i m|im|age|aged) (\d{2}) | (\d{2}) years? old ", text)
    if match:
        return int(match.group(1) or match.group(2))
    return None
