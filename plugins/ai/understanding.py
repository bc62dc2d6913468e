"""What a message asks: destinations, routes, intent, household, budget and the way it is said.

Everything is read against :mod:`plugins.ai.retrieval`'s index of the project's own data, so a
chat never scans the playbooks. Short aliases ("US", "UK", "MY", "SA", "NZ") count only as
whole capitalised tokens: "my wife" is not Malaysia and "us" is not the USA.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from plugins.ai import intents
from plugins.ai.retrieval import GENERIC_ROUTE_WORDS, Index, normal, tokens

#: Fuzzy matches below these scores are not names (rapidfuzz ratio, 0–100).
WORD_TYPO_SCORE = 82
PHRASE_TYPO_SCORE = 86
MAX_NGRAM = 5


@dataclass
class Understanding:
    message: str
    countries: list[str] = field(default_factory=list)  # codes, in the order they were named
    routes: list[int] = field(default_factory=list)  # route ids named (or implied by a name)
    uncovered: list[str] = field(default_factory=list)  # destinations Japaguide lacks
    intent: str = "overview"
    wants: set[str] = field(default_factory=set)  # every intent the message touches
    category: str | None = None
    household: int | None = None  # people moving, the applicant included
    partner: bool | None = None
    with_family: bool = False  # family coming along, size unsaid ("with my family")
    budget: tuple[float, str, str] | None = None  # (amount, currency, as the user wrote it)
    degree: bool | None = None  # True has one, False has none
    age: int | None = None
    months: int | None = None  # the stay priced, when the message says
    pidgin: bool = False
    distress: bool = False
    refused: bool = False
    injection: bool = False


def _ngrams(words: list[str]) -> list[tuple[int, str]]:
    grams = []
    for size in range(MAX_NGRAM, 0, -1):
        for start in range(0, len(words) - size + 1):
            grams.append((start, " ".join(words[start : start + size])))
    return grams


def find_places(message: str, index: Index) -> tuple[list[str], list[int], list[str]]:
    """Country codes, route ids and uncovered destinations named in ``message``, in order."""
    words = normal(message).split()
    hits: dict[str, int] = {}
    route_hits: dict[int, int] = {}
    uncovered: dict[str, int] = {}
    taken: set[int] = set()
    for start, gram in _ngrams(words):
        size = len(gram.split())
        span = set(range(start, start + size))
        if span & taken:
            continue
        if gram in index.route_terms:
            for route_id in index.route_terms[gram]:
                route_hits.setdefault(route_id, start)
            taken |= span
        if gram in index.terms:
            for code in index.terms[gram]:
                hits.setdefault(code, start)
            taken |= span
        elif gram in index.uncovered and _capitalised(message, gram):
            uncovered.setdefault(index.uncovered[gram], start)
            taken |= span
    for position, token in enumerate(_TOKEN.findall(message)):
        bare = token.replace(".", "")
        for code in index.capital_terms.get(bare, ()):
            hits.setdefault(code, 1000 + position)
    # Typos: a long word or a phrase close to a name ("germny", "Cnada", "expres entry").
    for position, word in enumerate(words):
        if position in taken or len(word) < 5 or word in intents.COMMON_WORDS:
            continue
        match = process.extractOne(
            word, index.fuzzy_words, scorer=fuzz.ratio, score_cutoff=WORD_TYPO_SCORE
        )
        if match:
            for code in index.terms[match[0]]:
                hits.setdefault(code, position)
            taken.add(position)
    for start in range(len(words) - 1):
        if start in taken or start + 1 in taken:
            continue
        pair = " ".join(words[start : start + 2])
        if all(w in GENERIC_ROUTE_WORDS or w in intents.COMMON_WORDS for w in pair.split()):
            continue
        match = process.extractOne(
            pair, index.fuzzy_phrases, scorer=fuzz.ratio, score_cutoff=PHRASE_TYPO_SCORE
        )
        if match:
            for code in index.terms.get(match[0], ()):
                hits.setdefault(code, start)
            for route_id in index.route_terms.get(match[0], ()):
                route_hits.setdefault(route_id, start)
    routes = sorted(route_hits, key=route_hits.get)
    codes = sorted(hits, key=hits.get)
    if codes:  # "the German Blue Card" is Germany's, not Spain's
        routes = [r for r in routes if index.route(r).code in codes]
    # A route named without its country brings the country ("Express Entry" → Canada).
    for route_id in routes:
        entry = index.route(route_id)
        if entry and entry.code not in codes:
            codes.append(entry.code)
    if not hits and len({index.route(r).code for r in routes}) > 1:
        codes = [_primary_country(routes, index)]
    return codes, routes, sorted(uncovered, key=uncovered.get)


def _primary_country(route_ids: list[int], index: Index) -> str:
    """One route name, several countries ("Blue Card"): the country with most routes leads."""
    codes = {index.route(r).code for r in route_ids}
    return max(sorted(codes), key=lambda code: len(index.routes_of(code)))


def _capitalised(message: str, gram: str) -> bool:
    """Other countries' names count when written as names ("Brazil"), not as words ("turkey")."""
    first = gram.split()[0]
    return any(tok[0].isupper() and normal(tok) == first for tok in _TOKEN.findall(message) if tok)


_TOKEN = re.compile(r"[A-Za-zÀ-ÿ0-9.]+")


def understand(message: str, index: Index) -> Understanding:
    """Read one message (the conversation's slots are merged by the caller)."""
    result = Understanding(message=message)
    result.countries, result.routes, result.uncovered = find_places(message, index)
    text = " " + normal(message) + " "
    result.wants = intents.detect(text, message)
    result.pidgin = intents.is_pidgin(text)
    result.distress = "distress" in result.wants
    result.refused = "refusal" in result.wants
    result.injection = "injection" in result.wants
    result.category = intents.category(text)
    result.household, result.partner = intents.household(text)
    result.with_family = bool(result.household and result.household > 1) or intents.with_family(
        text
    )
    result.budget = intents.budget(message)
    result.degree = intents.degree(text)
    result.age = intents.age(text)
    result.months = intents.months(text)
    if len(result.countries) >= 2 and (
        "compare" in result.wants or intents.asks_which(text) or " or " in text or " vs " in text
    ):
        result.wants.add("compare")
    migration = bool(result.countries or result.routes or result.uncovered) or intents.about_moving(
        text
    )
    specific = result.wants & {"funds", "money", "status", "eligibility", "refusal"}
    if not migration and not specific and not result.distress and not result.injection:
        result.wants.add("off_topic")
    if "greeting" in result.wants and (migration or specific or len(text.split()) > 6):
        result.wants.discard("greeting")
    if "greeting" in result.wants:
        result.wants.discard("off_topic")
    result.intent = intents.primary(result.wants)
    return result


def rank_routes(message: str, index: Index, codes: list[str]) -> dict[int, float]:
    """BM25 relevance of each route of ``codes`` to the message."""
    if index.bm25 is None:
        return {}
    scores = index.bm25.get_scores(tokens(message))
    return {
        route.id: float(score)
        for route, score in zip(index.routes, scores, strict=True)
        if route.code in codes
    }
