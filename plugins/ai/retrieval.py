"""Japabot's index of the project's own data: what every country and route is called.

Built once per data version (the countries cache namespace, bumped by every import and admin
edit, plus a fingerprint of the tables, so a change made by another process is seen too) and
kept on the app; a chat looks names up in it instead of loading every playbook. Names are
matched exactly first, then with ``rapidfuzz`` for typos; routes are ranked for a message with
BM25 (``rank-bm25``) over their names, descriptions and requirements.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from unidecode import unidecode

from japaguide.caching import namespace_version
from japaguide.extensions import db
from plugins.countries.models import Country
from plugins.countries.services import CACHE_NAMESPACE
from plugins.visas.models import VisaMoney, VisaType

if TYPE_CHECKING:
    from rank_bm25 import BM25Okapi

#: How people name each other's countries; the seed holds names, aliases, capitals and cities.
DEMONYMS = {
    "ARE": ("emirati",),
    "AUS": ("australian",),
    "BEL": ("belgian",),
    "CAN": ("canadian",),
    "DEU": ("german", "germans"),
    "DNK": ("danish", "dane"),
    "ESP": ("spanish", "spaniard"),
    "FIN": ("finnish", "finn"),
    "FRA": ("french",),
    "GBR": ("british", "brit", "english", "scottish", "welsh"),
    "GHA": ("ghanaian",),
    "IRL": ("irish",),
    "ITA": ("italian",),
    "JPN": ("japanese",),
    "KEN": ("kenyan",),
    "KOR": ("korean",),
    "MLT": ("maltese",),
    "MYS": ("malaysian",),
    "NLD": ("dutch",),
    "NOR": ("norwegian",),
    "NZL": ("kiwi", "new zealander"),
    "POL": ("polish",),
    "PRT": ("portuguese",),
    "QAT": ("qatari",),
    "RWA": ("rwandan",),
    "SAU": ("saudi",),
    "SGP": ("singaporean",),
    "SWE": ("swedish", "swede"),
    "USA": ("american", "yankee"),
    "ZAF": ("south african",),
}
#: Words too common to name a route on their own ("skilled worker visa" is in three countries).
GENERIC_ROUTE_WORDS = frozenset(
    [
        "visa",
        "visas",
        "permit",
        "permits",
        "residence",
        "resident",
        "work",
        "worker",
        "workers",
        "working",
        "employment",
        "employed",
        "employee",
        "employees",
        "person",
        "student",
        "students",
        "study",
        "studies",
        "national",
        "long",
        "stay",
        "type",
        "d",
        "for",
        "the",
        "of",
        "and",
        "a",
        "an",
        "to",
        "in",
        "on",
        "at",
        "via",
        "with",
        "by",
        "or",
        "incl",
        "including",
        "job",
        "search",
        "family",
        "spouse",
        "partner",
        "highly",
        "skilled",
        "qualified",
        "professional",
        "programme",
        "program",
        "route",
        "category",
        "class",
        "stream",
        "streams",
        "card",
        "pass",
        "degree",
        "university",
        "higher",
        "education",
        "full",
        "employer",
        "sponsored",
        "based",
        "first",
        "immigrant",
        "immigration",
        "worker's",
    ]
)
#: Short names that are ordinary words in lower case ("my wife", "us"): only as typed capitals.
_TOKEN = re.compile(r"[\w'’]+")
_STAMP = re.compile(r"\bStamp\s+\d+\w*", re.IGNORECASE)
_INDEX_KEY = "japabot.index"
_FINGERPRINT_KEY = "japabot.tables_fingerprint"
_LOCK = threading.Lock()
#: How long a process trusts its last look at the tables (a change made without an import or
#: an admin edit, e.g. by SQL, is seen within this; imports and edits bump the namespace, which
#: is read on every chat).
FINGERPRINT_SECONDS = 1.0


def normal(text: str) -> str:
    """Lower case, accents and punctuation gone: "Canadá's" → "canada s"."""
    text = unidecode(text or "").lower().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@dataclass(frozen=True)
class RouteEntry:
    """A route as plain values (the chat loads the rows it answers from, never all of them)."""

    id: int
    code: str
    name: str
    category: str
    nigeria_status: str
    min_weeks: int | None
    max_weeks: int | None
    cost_min_usd: float | None
    degree: str  # "required" | "alternative" | "not_stated"
    phrases: tuple[str, ...]
    fees_complete: bool = True  # every fee the applicant pays at a step has a published amount


@dataclass
class Index:
    version: tuple[Any, ...]
    names: dict[str, str] = field(default_factory=dict)  # code → display name
    terms: dict[str, set[str]] = field(default_factory=dict)  # normal term → codes
    capital_terms: dict[str, set[str]] = field(default_factory=dict)  # exact-case term → codes
    uncovered: dict[str, str] = field(default_factory=dict)  # normal name → display name
    routes: list[RouteEntry] = field(default_factory=list)
    route_terms: dict[str, set[int]] = field(default_factory=dict)  # phrase → route ids
    bm25: BM25Okapi | None = None
    fuzzy_words: list[str] = field(default_factory=list)
    fuzzy_phrases: list[str] = field(default_factory=list)
    #: The routes themselves, loaded once with their money and steps and detached from any
    #: session (read-only): an answer reads them without a query.
    visas: dict[int, VisaType] = field(default_factory=dict)

    def route(self, route_id: int) -> RouteEntry | None:
        return next((r for r in self.routes if r.id == route_id), None)

    def routes_of(self, code: str) -> list[RouteEntry]:
        return [r for r in self.routes if r.code == code]


def _tables_fingerprint(session: Any) -> tuple[str, ...]:
    row = session.execute(
        select(
            select(func.count(Country.id)).scalar_subquery(),
            select(func.max(Country.updated_at)).scalar_subquery(),
            select(func.count(VisaType.id)).scalar_subquery(),
            select(func.max(VisaType.updated_at)).scalar_subquery(),
        )
    ).one()
    return tuple(map(str, row))


def _data_version(session: Any = None, *, fresh: bool = False) -> tuple[Any, ...]:
    """Changes whenever the countries or routes change, whoever changed them: the cache
    namespace (bumped by every import and admin edit) and a fingerprint of the tables, looked
    at once per ``FINGERPRINT_SECONDS`` per process (or now, if ``fresh``)."""
    held = current_app.extensions.get(_FINGERPRINT_KEY)
    now = time.monotonic()
    if fresh or held is None or now - held[0] >= FINGERPRINT_SECONDS:
        held = (now, _tables_fingerprint(session or db.session))
        current_app.extensions[_FINGERPRINT_KEY] = held
    return (namespace_version(CACHE_NAMESPACE), *held[1])


def get_index() -> Index:
    """The index for the data as it is now (rebuilt only when the data version moved)."""
    version = _data_version()
    held = current_app.extensions.get(_INDEX_KEY)
    if held is not None and held.version == version:
        return held
    with _LOCK:
        held = current_app.extensions.get(_INDEX_KEY)
        if held is None or held.version != version:
            # Its own session, so the rows it keeps never belong to (or expire with) the
            # request's; on the request's connection, never a second one from the pool: with
            # every thread holding its one connection, a builder waiting for another timed out
            # (and the next one too), which froze a worker's chats after each data change.
            with Session(bind=db.session.connection(), expire_on_commit=False) as session:
                held = build_index(_data_version(session, fresh=True), session)
                session.expunge_all()
            current_app.extensions[_INDEX_KEY] = held
    return held


def _add(mapping: dict[str, set], key: str, value: Any) -> None:
    if key:
        mapping.setdefault(key, set()).add(value)


def _is_short(term: str) -> bool:
    return len(term.replace(".", "")) <= 3


def degree_need(requirements: list[str]) -> str:
    """Whether a route asks for a degree, from its own requirement lines."""
    for line in requirements or []:
        low = line.lower()
        if re.search(r"\b(degree|university|bachelor|master's|diploma|higher-education)\b", low):
            if re.search(r"vocational|or equivalent|or \d+ years", low):
                return "alternative"
            return "required"
    return "not_stated"


def route_phrases(name: str, slug: str, labels: list[str]) -> set[str]:
    """Names a route goes by: its official name, the name's head ("Express Entry"), names in
    its brackets ("Chancenkarte"), shorter runs of those ("Blue Card"), its "Stamp" names."""
    head = re.split(r"\s[–—-]\s|\(", name)[0]
    parts = {name, head, slug.replace("-", " ")}
    for inner in re.findall(r"\(([^)]*)\)", name):
        for piece in re.split(r"[,/;]", inner):
            # "(Chancenkarte)" or "(DV 'green card lottery')" name it; "(permanent residence)"
            # only describes it.
            if len(piece.split()) == 1 or re.search(r"[A-Z0-9]", piece):
                parts.add(piece)
    parts.update(m.group(0) for label in [name, *labels] for m in _STAMP.finditer(label))
    # Codes people say alone: "D7", "H-1B", "F-1", "subclass 189" → "189".
    parts.update(re.findall(r"\b[A-Z]{1,2}-?\d+[A-Z]?\b", name))
    parts.update(re.findall(r"(?<=subclass )\d{3}\b", name))
    phrases = set()
    for part in parts:
        words = normal(part).split()
        runs = [words] + [
            words[i : i + n] for n in (2, 3) for i in range(len(words) - n + 1) if n < len(words)
        ]
        for run in runs:
            if run and run[0] in ("eu", "the") and len(run) > 2:
                run = run[1:]
            if not run or all(w in GENERIC_ROUTE_WORDS for w in run):
                continue
            if all(w.isdigit() for w in run) and not (len(run) == 1 and len(run[0]) == 3):
                continue
            if run[0] in _STOP or run[-1] in _STOP or run[-1] in ("eu",) and len(run) == 2:
                continue
            variant = " ".join(run)
            if len(variant) < 3 and not re.search(r"\d", variant):
                continue
            phrases.add(variant)
            if re.search(r"\b[a-z]\s\d", variant):  # "h 1b" is typed "h1b" too
                phrases.add(re.sub(r"\b([a-z])\s(\d)", r"\1\2", variant))
    return phrases


def build_index(version: tuple[Any, ...], session: Any) -> Index:
    import pycountry

    index = Index(version=version)
    countries = session.scalars(select(Country)).all()
    covered = set()
    for country in countries:
        if not country.has_playbook:
            index.uncovered[normal(country.name)] = country.name
            continue
        covered.add(country.code)
        index.names[country.code] = country.name
        meta = country.meta or {}
        terms = [country.name, country.capital, *(country.aliases or [])]
        terms += [c for c in meta.get("popular_cities") or [] if isinstance(c, str)]
        terms += list(DEMONYMS.get(country.code, ()))
        for term in terms:
            for piece in re.split(r"\s*\(|\)", term or ""):
                if not piece.strip():
                    continue
                if _is_short(piece) and piece.upper() == piece:
                    _add(index.capital_terms, piece.replace(".", ""), country.code)
                    if piece.replace(".", "").lower() in _LOWERCASE_SHORT_OK:
                        _add(index.terms, normal(piece), country.code)
                elif _is_short(piece):
                    _add(index.capital_terms, piece, country.code)
                else:
                    _add(index.terms, normal(piece), country.code)
        _add(index.capital_terms, country.code, country.code)
    for record in pycountry.countries:
        for attr in ("name", "common_name"):
            name = getattr(record, attr, None)
            if name and record.alpha_3 not in covered and record.alpha_3 not in HOME_CODES:
                index.uncovered.setdefault(normal(name), name)
    visas = session.scalars(
        select(VisaType).where(VisaType.is_active.is_(True)).order_by(VisaType.id)
    ).all()
    labels: dict[int, list[str]] = {}
    for visa_id, label in session.execute(select(VisaMoney.visa_type_id, VisaMoney.label)):
        labels.setdefault(visa_id, []).append(label)
    corpus = []
    for visa in visas:
        if visa.country.code not in covered:
            continue
        index.visas[visa.id] = visa
        own = {t for t, codes in index.terms.items() if visa.country.code in codes}
        # "south africa critical skills" (from a slug) names the country, not a route.
        phrases = {
            p
            for p in route_phrases(visa.name, visa.slug, labels.get(visa.id, []))
            if not any(p == t or p.startswith(t + " ") for t in own)
        }
        index.routes.append(
            RouteEntry(
                id=visa.id,
                code=visa.country.code,
                name=visa.name,
                category=visa.category,
                nigeria_status=visa.nigeria_status,
                min_weeks=visa.processing_time_min_weeks,
                max_weeks=visa.processing_time_max_weeks,
                cost_min_usd=float(visa.cost_estimate_min)
                if visa.cost_estimate_min is not None
                else None,
                degree=degree_need(list(visa.requirements or [])),
                phrases=tuple(sorted(phrases)),
                fees_complete=all(
                    m.amount is not None
                    for m in visa.money
                    if m.kind == "spend"
                    and (m.paid_by or "applicant") == "applicant"
                    and m.step_order is not None
                ),
            )
        )
        for phrase in phrases:
            _add(index.route_terms, phrase, visa.id)
        document = " ".join(
            [visa.name, visa.category, visa.description, *(visa.requirements or [])]
        )
        corpus.append(tokens(document) or ["_"])
    if corpus:
        # Imported with the first index: rank_bm25 brings numpy (~19 MB a worker at start).
        from rank_bm25 import BM25Okapi

        index.bm25 = BM25Okapi(corpus)
    index.fuzzy_words = sorted(t for t in index.terms if " " not in t and len(t) >= 5)
    index.fuzzy_phrases = sorted(
        {t for t in index.terms if " " in t}
        | {p for p in index.route_terms if " " in p and not re.search(r"\d", p)}
    )
    return index


#: Countries a Nigerian is moving *from*: never a destination "not covered yet".
HOME_CODES = frozenset({"NGA"})
#: Short aliases that are no English word, so lower case is safe ("uk", "usa", "uae").
_LOWERCASE_SHORT_OK = frozenset({"uk", "usa", "uae", "ksa"})
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "is",
        "are",
        "be",
        "i",
        "me",
        "my",
        "we",
        "you",
        "your",
        "it",
        "this",
        "that",
        "what",
        "which",
        "how",
        "do",
        "does",
        "can",
        "will",
        "with",
        "from",
        "as",
        "at",
        "by",
    ]
)


def tokens(text: str) -> list[str]:
    return [t for t in normal(text).split() if t not in _STOP]
