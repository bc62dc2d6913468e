"""The one figure check every model-written text passes before a user sees or a job saves it.

A model words the facts; it must not add numbers. :func:`extract` reads the figures a text
states the way people write them — naira as Nigerians write it (``N750,000``, ``₦25m``,
``NGN 2.5 million``), other currency symbols and codes, ``k``/``m``/``bn`` suffixes, number
words and durations ("six weeks", "twenty-eight days"). A :class:`Ledger` holds what may be
stated: the figures of the data given to the model, the seeded money, times and living costs of
the countries in scope (so a real figure is not refused because retrieval missed its country),
and the user's own inputs. Where the data records a figure's role (a fee you pay, money you
must show, a salary an employer must pay) a sentence that puts it in another role is refused
too. :func:`screen` drops every sentence that fails; :class:`SentenceStream` does the same
sentence by sentence while a model streams, so nothing unchecked is ever sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

#: Symbols and words that name a currency. "$" and "dollars" are any dollar.
DOLLARS = frozenset({"USD", "CAD", "AUD", "NZD", "SGD"})
_SYMBOLS = {
    "₦": "NGN",
    "N": "NGN",
    "£": "GBP",
    "€": "EUR",
    "US$": "USD",
    "C$": "CAD",
    "CA$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "S$": "SGD",
    "$": "$",
    "¥": "JPY",
    "₩": "KRW",
    "R": "ZAR",
}
_WORDS = {
    "naira": "NGN",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "dollar": "$",
    "dollars": "$",
    "cedis": "GHS",
    "cedi": "GHS",
    "yen": "JPY",
    "won": "KRW",
    "rand": "ZAR",
    "dirham": "AED",
    "dirhams": "AED",
    "riyal": "SAR",
    "riyals": "SAR",
}
_CODES = (
    "NGN|USD|EUR|GBP|CAD|AUD|NZD|SGD|JPY|KRW|ZAR|AED|SAR|QAR|GHS|KES|RWF|MYR|SEK|NOK|DKK|PLN|CHF"
)
_SCALE_SUFFIX = {"k": 1_000, "m": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000}
_SCALE_WORDS = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_UNITS = {"day": 1, "week": 7, "month": 30, "year": 365}
_ONES = {
    "zero": 0,
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_WORD = "|".join([*_TENS, *(w for w in _ONES if w not in {"a", "an"})])
_WORD_NUMBER = (
    r"(?:(?:an?[\s-]+hundred|(?:" + _WORD + r"))"
    r"(?:[\s-]+(?:and[\s-]+)?(?:" + _WORD + r"|hundred)\b)*"
    r"|an?(?=\s+(?:thousand|million|billion)\b))"
)
_DIGITS = r"\d[\d,]*(?:\.\d+)?"
_CURRENCY_BEFORE = (
    r"(?P<cur>(?:US|CA|AU|NZ|[CAS])?\$|₦|£|€|¥|₩|"
    r"\bN(?=\d)|\bR(?=\s?\d)|\b(?:" + _CODES + r")\b)\s?"
)
_AMOUNT = (
    r"(?P<num>" + _DIGITS + r"|" + _WORD_NUMBER + r")"
    r"(?:\s?(?P<suffix>k|m|bn|b)\b|\s+(?P<scale>thousand|million|billion)\b)?"
)
_AFTER = (
    r"(?:\s?(?P<cur2>\b(?:" + _CODES + r")\b|" + "|".join(_WORDS) + r")\b"
    r"|[\s-]*(?P<unit>day|week|month|year)s?\b)?"
)
_FIGURE = re.compile(r"(?<![\w.,])(?:" + _CURRENCY_BEFORE + r")?" + _AMOUNT + _AFTER, re.IGNORECASE)
#: "20–28 weeks", "six to eight weeks": the first number shares the unit of the second.
_RANGE_UNIT = re.compile(
    r"(?<![\w.,])(?:(" + _DIGITS + r")\s*(?:–|—|-|\bto\b)\s*(?=" + _DIGITS + r"[\s-]*"
    r"(day|week|month|year)s?\b)|(\b(?:" + _WORD + r"))\s+to\s+(?=(?:" + _WORD + r")[\s-]+"
    r"(day|week|month|year)s?\b))",
    re.IGNORECASE,
)
#: Cues that say which role a sentence gives its money ("living costs" is money to show).
ROLE_CUES = {
    "fee": re.compile(
        r"\b(fees?|(?<!living )costs?|charged?|charges|price|priced|spend|payable|to pay|you pay|"
        r"you will pay|surcharge|application fee)\b",
        re.I,
    ),
    "funds": re.compile(
        r"\b(show|proof of funds|bank statement|in (?:the|your) (?:bank|account)|"
        r"blocked account|savings|maintenance|settlement funds|living costs|hold|keep)\b",
        re.I,
    ),
    "salary": re.compile(
        r"\b(salary|salaries|earn|earning|gross|wage|pay you|paid at least)\b", re.I
    ),
}
#: Advice no data can make safe: scams Nigerians are warned about.
UNSAFE = re.compile(
    r"\b(guaranteed (?:job|visa|approval|offer)|pay (?:the|an|a) (?:agent|middleman|recruiter)|"
    r"buy (?:a|the) (?:job offer|visa|certificate of sponsorship)|fake (?:bank|document))",
    re.I,
)
SMALL = Decimal(10)
#: The role of figures the user gave: whatever they are, the user may hear them back.
USER = "user"


@dataclass(frozen=True)
class Figure:
    """One figure a text states: its value, currency (``$`` = any dollar) or unit, and text."""

    value: Decimal
    raw: str
    currency: str | None = None
    unit: str | None = None

    @property
    def days(self) -> Decimal | None:
        return self.value * _UNITS[self.unit] if self.unit else None

    @property
    def checkable(self) -> bool:
        """Plain small numbers ("2 routes", "step 3") and years are not claims to check."""
        if self.currency or self.unit:
            return True
        if self.value == self.value.to_integral() and 1990 <= self.value <= 2100:
            return "," in self.raw
        return abs(self.value) >= SMALL


@dataclass(frozen=True)
class Known:
    """A figure the data (or the user) states, with its role when the data records one."""

    value: Decimal
    currency: str | None = None
    unit: str | None = None
    role: str | None = None


def _word_value(text: str) -> Decimal | None:
    total, current = 0, 0
    for word in re.split(r"[\s-]+", text.lower()):
        if word == "and" or not word:
            continue
        if word in _ONES:
            current += _ONES[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        else:
            return None
    return Decimal(total + current)


def _number(text: str) -> Decimal | None:
    if text[0].isdigit():
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    return _word_value(text)


def _currency(symbol: str | None) -> str | None:
    if not symbol:
        return None
    cleaned = symbol.strip()
    if cleaned.lower() in _WORDS:
        return _WORDS[cleaned.lower()]
    return _SYMBOLS.get(cleaned, _SYMBOLS.get(cleaned.upper(), cleaned.upper()))


def extract(text: str) -> list[Figure]:
    """Every figure in ``text``: money, durations and plain numbers, read as people write them."""
    figures: list[Figure] = []
    taken: set[int] = set()
    for match in _RANGE_UNIT.finditer(text):
        number, unit = match.group(1) or match.group(3), match.group(2) or match.group(4)
        value = _number(number.strip())
        if value is not None:
            figures.append(Figure(value, number, unit=unit.lower()))
            taken.add(match.start())
    for match in _FIGURE.finditer(text):
        if match.start() in taken:
            continue
        raw_number = match.group("num")
        if not raw_number or not raw_number.strip():
            continue
        is_word = not raw_number[0].isdigit()
        value = _number(raw_number)
        if value is None:
            continue
        scale = match.group("suffix") or match.group("scale")
        currency = _currency(match.group("cur")) or _currency(match.group("cur2"))
        unit = (match.group("unit") or "").lower() or None
        if match.group("suffix") and not currency and match.group("suffix").lower() != "k":
            # "5m" with no currency is five metres or minutes as often as five million
            scale = scale if match.group("suffix").lower() == "bn" else None
        if scale:
            value *= _SCALE_SUFFIX.get(scale.lower()) or _SCALE_WORDS[scale.lower()]
        if is_word and not (currency or unit or scale):
            continue  # "one of the routes": a word, not a figure
        figures.append(Figure(value, match.group(0).strip(), currency=currency, unit=unit))
    return figures


@dataclass
class Ledger:
    """What a text may state: the data's figures (with roles) and the user's own inputs."""

    known: list[Known] = field(default_factory=list)
    index: DataIndex | None = None
    scoped: set[int] = field(default_factory=set)

    def widen(self, text: str) -> None:
        """Bring the seeded figures of every country ``text`` names into scope."""
        if self.index is not None:
            self.widen_to(self.index.named(text))

    def widen_to(self, country_ids: Iterable[int]) -> None:
        if self.index is None:
            return
        for cid in set(country_ids) - self.scoped:
            self.scoped.add(cid)
            self.known.extend(self.index.known.get(cid, []))

    def add_text(self, text: Any, role: str | None = None) -> None:
        """Every figure stated in ``text`` (a fact line, a label, the user's message)."""
        if text is None:
            return
        text = str(text)
        # A fact line's own wording gives its figures a role ("~fee"): restating a line in
        # the same role is never refused, whatever other role the data records elsewhere.
        roles = [role] if role is not None else [f"~{c}" for c in cues_of(text)] or [None]
        for figure in extract(text):
            for each in roles:
                self.known.append(Known(figure.value, figure.currency, figure.unit, each))

    def add_value(
        self,
        value: Any,
        currency: str | None = None,
        unit: str | None = None,
        role: str | None = None,
    ) -> None:
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError, TypeError):
            return
        self.known.append(Known(number, currency, unit, role))

    def add_values(self, data: Any, role: str | None = USER) -> None:
        """Every number in a nested value (a profile, a context), as the user gave them."""
        if isinstance(data, dict):
            for item in data.values():
                self.add_values(item, role)
        elif isinstance(data, list | tuple | set):
            for item in data:
                self.add_values(item, role)
        elif isinstance(data, bool) or data is None:
            return
        elif isinstance(data, int | float | Decimal):
            self.add_value(data, role=role)
        else:
            self.add_text(data, role)

    def add_money(self, item: Any) -> None:
        """A money item of the data in its recorded role (fee, money to show, salary)."""
        role = role_of(item)
        if item.amount is not None:
            self.add_value(item.amount, item.currency, role=role)
        if getattr(item, "amount_usd", None) is not None:
            self.add_value(item.amount_usd, "USD", role=role)
        self.add_text(item.label, role)
        if getattr(item, "holding_period_days", None):
            self.add_value(item.holding_period_days, unit="day")

    def matches(self, figure: Figure) -> list[Known]:
        return [k for k in self.known if _same(figure, k)]


def role_of(item: Any) -> str:
    if item.kind == "threshold":  # a minimum salary or income: never money paid or held
        return "salary"
    if item.kind == "show":
        return "salary" if (item.paid_by or "applicant") != "applicant" else "funds"
    return "fee"


def _close(a: Decimal, b: Decimal, tolerance: Decimal) -> bool:
    if a == b:
        return True
    if b == 0:
        return False
    return abs(a - b) / abs(b) <= tolerance


def _same(figure: Figure, known: Known) -> bool:
    if figure.unit:
        if known.unit:
            return _close(figure.days, known.value * _UNITS[known.unit], Decimal("0.03"))
        return known.currency is None and figure.value == known.value
    if known.unit and not figure.currency:
        return figure.value == known.value
    if figure.currency and known.currency:
        if figure.currency == "$":
            if known.currency not in DOLLARS and known.currency != "$":
                return False
        elif known.currency == "$":
            if figure.currency not in DOLLARS:
                return False
        elif figure.currency != known.currency:
            return False
    return _rounds_to(figure.value, known.value)


def _rounds_to(said: Decimal, known: Decimal) -> bool:
    """``said`` is ``known`` or ``known`` rounded ("EUR 45,934" or "EUR 46,000" for EUR
    45,934.20, "$1,200" for 1,199.50) — never a neighbour ("EUR 999" is not EUR 1,000)."""
    if said == known:
        return True
    if not _close(said, known, Decimal("0.01")):
        return False
    exponent = said.normalize().as_tuple().exponent
    step = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    return (known / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step == said


def cues_of(text: str) -> set[str]:
    """The money roles a text's wording speaks of (fee, funds to show, salary)."""
    return {role for role, pattern in ROLE_CUES.items() if pattern.search(text)}


@dataclass(frozen=True)
class Problem:
    figure: str
    reason: str  # "unverified" | "wrong role" | "unsafe"


def check_sentence(sentence: str, ledger: Ledger) -> list[Problem]:
    """The figures of one sentence that the ledger does not back, or backs in another role."""
    problems = []
    if UNSAFE.search(sentence):
        problems.append(Problem(UNSAFE.search(sentence).group(0), "unsafe"))
    cues = cues_of(sentence)
    for figure in extract(sentence):
        if not figure.checkable:
            continue
        found = ledger.matches(figure)
        if not found:
            problems.append(Problem(figure.raw, "unverified"))
            continue
        roles = {k.role for k in found} - {None}
        recorded = {r for r in roles if not r.startswith("~")}
        if USER in roles or not recorded or not cues or not figure.currency:
            continue  # the user's own figure, or one whose role the data does not record
        if not cues & (recorded | {r[1:] for r in roles if r.startswith("~")}):
            problems.append(Problem(figure.raw, "wrong role"))
    return problems


_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=\S)|\n+")


def sentences(text: str) -> list[str]:
    """``text`` cut after each sentence end or line break; the pieces join back to ``text``."""
    pieces, start = [], 0
    for match in _BOUNDARY.finditer(text):
        pieces.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        pieces.append(text[start:])
    return pieces


@dataclass
class Screened:
    text: str
    dropped: list[str]
    problems: list[Problem]

    @property
    def figures(self) -> list[str]:
        return sorted({p.figure for p in self.problems if p.reason != "unsafe"})


def screen(text: str, ledger: Ledger) -> Screened:
    """``text`` without the sentences whose figures the data does not back."""
    kept, dropped, problems = [], [], []
    ledger.widen(text)
    for piece in sentences(text):
        found = check_sentence(piece, ledger)
        if found:
            dropped.append(piece.strip())
            problems.extend(found)
            if piece.endswith("\n") and kept and not kept[-1].endswith("\n"):
                kept.append("\n")
        else:
            kept.append(piece)
    return Screened("".join(kept).strip(), dropped, problems)


#: Where a figure (or a scam phrase) may be starting: a currency sign, code or word before its
#: number has arrived, or the first word of an unsafe phrase. A streamed sentence is held from
#: here until it ends and passes the check.
_HOLD_FROM = re.compile(
    r"(?:US|CA|AU|NZ|[CAS])?\$|[₦£€¥₩]|\b(?:" + _CODES + "|" + "|".join(_WORDS) + r")\b"
    r"|\b(?:guaranteed|pay|buy|fake)\b",
    re.IGNORECASE,
)
#: Said in place of the rest of a streamed sentence whose start was sent before its figure
#: failed the check.
LEFT_OUT = "… (figure left out: not in Japaguide's verified data)"


def figure_free_prefix(partial: str) -> str:
    """The start of an unfinished sentence that may be sent now: whole words before anything
    that could be (or begin) a figure or a scam phrase, minus the last word (it may yet turn
    "a" into "a thousand naira"). Empty when nothing is safe yet."""
    words = partial[: max(partial.rfind(" "), partial.rfind("\n")) + 1]
    cut = words.rstrip().rfind(" ") + 1  # the start of the last whole word
    for pattern in (_FIGURE, _RANGE_UNIT, _HOLD_FROM):
        found = pattern.search(words)
        if found and found.group(0).strip():
            cut = min(cut, found.start())
    prefix = words[:cut]
    return prefix if prefix.strip() else ""


class SentenceStream:
    """Screens a model's streamed tokens so that only checked figures come out, with the
    words of a sentence sent as soon as they are known to be figure-free.

    ``feed(token)`` returns the text that may be sent now: each sentence completed by the
    token that passes the check, and the figure-free start of the sentence still being
    written (see :func:`figure_free_prefix`). A sentence is held only from its first
    figure-like word until its end, so the first words reach the user while the model is
    still writing. A sentence that fails after its start was sent is closed with
    :data:`LEFT_OUT` instead of its figure; ``finish()`` returns the rest.
    """

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.buffer = ""
        #: How much of ``buffer`` (the unfinished sentence) has been sent already.
        self.released = 0
        self.dropped: list[str] = []
        self.problems: list[Problem] = []
        self.sent: list[str] = []

    def _complete(self, piece: str) -> str | None:
        """The part of a finished sentence still to send (or its replacement), if any."""
        done, self.released = self.released, 0
        self.ledger.widen(piece)
        found = check_sentence(piece, self.ledger)
        if found:
            self.dropped.append(piece.strip())
            self.problems.extend(found)
            ending = "\n" if piece.endswith("\n") else (" " if done else "")
            rest = (LEFT_OUT + ending) if done else ending
            if rest:
                self.sent.append(rest)
            return rest or None
        rest = piece[done:]
        self.sent.append(rest)
        return rest or None

    def feed(self, token: str) -> Iterator[str]:
        self.buffer += token
        pieces = sentences(self.buffer)
        # The last piece may still grow (no boundary after it yet), unless the text ends a line.
        complete = pieces if self.buffer.endswith("\n") else pieces[:-1]
        self.buffer = "" if self.buffer.endswith("\n") else (pieces[-1] if pieces else "")
        for piece in complete:
            released = self._complete(piece)
            if released:
                yield released
        prefix = figure_free_prefix(self.buffer)
        if len(prefix) > self.released and not check_sentence(prefix, self.ledger):
            fresh, self.released = prefix[self.released :], len(prefix)
            self.sent.append(fresh)
            yield fresh

    def finish(self) -> Iterator[str]:
        if self.buffer:
            released = self._complete(self.buffer)
            self.buffer = ""
            if released:
                yield released

    @property
    def text(self) -> str:
        return "".join(self.sent).strip()

    def screened(self) -> Screened:
        return Screened(self.text, self.dropped, self.problems)


def word_chunks(text: str, size: int = 80) -> Iterator[str]:
    """``text`` in pieces of about ``size`` characters that end on whitespace.

    A figure is never cut ("EUR 11" | ",904"): a piece ends after a space or line break, or
    holds a single word longer than ``size``.
    """
    start = 0
    while start < len(text):
        end = start + size
        if end >= len(text):
            yield text[start:]
            return
        cut = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
        if cut <= start:
            following = re.search(r"\s", text[end:])
            cut = end + following.start() if following else len(text) - 1
        yield text[start : cut + 1]
        start = cut + 1


# ------------------------------------------------------------------ ledgers from the data


@dataclass
class DataIndex:
    """The seeded figures of every country with a playbook, as plain values, read in four
    queries; with the patterns that tell which countries a text names."""

    names: dict[int, list[re.Pattern[str]]] = field(default_factory=dict)
    codes: dict[int, str] = field(default_factory=dict)
    known: dict[int, list[Known]] = field(default_factory=dict)

    def named(self, text: str) -> set[int]:
        lowered = text.lower()
        return {
            cid
            for cid, patterns in self.names.items()
            if any(p.search(lowered) for p in patterns)
            or re.search(rf"\b{self.codes[cid]}\b", text)
        }


_DATA_INDEX_KEY = "ai.figures_data_index"


def data_index() -> DataIndex:
    """The :class:`DataIndex` of the data as it is now: built once per data version (the
    retrieval index's), so a chat on the model path scans no table of figures."""
    from flask import current_app

    from plugins.ai.retrieval import get_index

    version = get_index().version
    held = current_app.extensions.get(_DATA_INDEX_KEY)
    if held is None or held[0] != version:
        held = (version, build_data_index())
        current_app.extensions[_DATA_INDEX_KEY] = held
    return held[1]


def build_data_index() -> DataIndex:
    from sqlalchemy import select

    from japaguide.extensions import db
    from plugins.countries.models import Country
    from plugins.visas.models import VisaMoney, VisaStep, VisaType

    index = DataIndex()
    countries = db.session.scalars(select(Country).where(Country.has_playbook.is_(True))).all()
    for country in countries:
        names = [country.name, *(a for a in (country.aliases or []) if len(a) > 3)]
        index.names[country.id] = [re.compile(rf"\b{re.escape(n.lower())}\b") for n in names if n]
        index.codes[country.id] = country.code
        book = Ledger()
        for attr in ("avg_rent_monthly_usd", "avg_meal_cost_usd"):
            if getattr(country, attr, None) is not None:
                book.add_value(getattr(country, attr), "USD")
        if country.cost_of_living_index is not None:
            book.add_value(country.cost_of_living_index)
        meta = country.meta or {}
        if meta.get("pr_timeline_months"):
            book.add_text(f"{meta['pr_timeline_months']} months".replace("-", "–"))
        if meta.get("job_market_score") is not None:
            book.add_value(meta["job_market_score"])
        index.known[country.id] = book.known
    visa_country = {
        vid: (cid, lo, hi, cmin, cmax)
        for vid, cid, lo, hi, cmin, cmax in db.session.execute(
            select(
                VisaType.id,
                VisaType.country_id,
                VisaType.processing_time_min_weeks,
                VisaType.processing_time_max_weeks,
                VisaType.cost_estimate_min,
                VisaType.cost_estimate_max,
            )
        )
    }
    for cid, lo, hi, cmin, cmax in visa_country.values():
        known = index.known.setdefault(cid, [])
        known += [Known(Decimal(w), unit="week") for w in (lo, hi) if w is not None]
        known += [Known(Decimal(c), "USD", role="fee") for c in (cmin, cmax) if c is not None]
    for item in db.session.scalars(select(VisaMoney)):
        cid = visa_country.get(item.visa_type_id, (None,))[0]
        book = Ledger()
        book.add_money(item)
        index.known.setdefault(cid, []).extend(book.known)
    for vid, days in db.session.execute(
        select(VisaStep.visa_type_id, VisaStep.estimated_time_days)
    ):
        if days and vid in visa_country:
            index.known.setdefault(visa_country[vid][0], []).append(
                Known(Decimal(days), unit="day")
            )
    return index


def add_visa(ledger: Ledger, visa: Any) -> None:
    for attr in ("processing_time_min_weeks", "processing_time_max_weeks"):
        if getattr(visa, attr, None) is not None:
            ledger.add_value(getattr(visa, attr), unit="week")
    for attr in ("cost_estimate_min", "cost_estimate_max"):
        if getattr(visa, attr, None) is not None:
            ledger.add_value(getattr(visa, attr), "USD", role="fee")
    for item in visa.money:
        ledger.add_money(item)
    for step in getattr(visa, "steps", None) or []:
        if getattr(step, "estimated_time_days", None):
            ledger.add_value(step.estimated_time_days, unit="day")


def ledger_for(
    *,
    lines: Iterable[str] = (),
    countries: Iterable[Any] = (),
    country_ids: Iterable[int] = (),
    visas: Iterable[Any] = (),
    user: Iterable[Any] = (),
    text_for_scope: str = "",
) -> Ledger:
    """A ledger of the facts given, the data of the countries in scope and the user's inputs.

    Countries the checked text itself names come into scope while it is checked (the ledger
    keeps the whole index as plain values): a seeded figure for a country retrieval missed
    is still a real figure.
    """
    ledger = Ledger(index=data_index())
    for line in lines:
        ledger.add_text(line)
    for visa in visas:
        add_visa(ledger, visa)
    ledger.widen_to([*(c.id for c in countries), *country_ids])
    if text_for_scope:
        ledger.widen(text_for_scope)
    for item in user:
        ledger.add_values(item)
    return ledger
