"""The japa cost maths of brief §15, made exact.

Every line is rounded to the cent once, the subtotal is the sum of the rounded lines, the
buffer is the given percentage of that subtotal, and the total is subtotal + buffer — so the
breakdown always adds up to the total. Dependants scale the lines exactly as the brief says.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from japaguide.schemas import round_money

#: Living costs from the meal price: ~2 meals a day (brief §15).
MEALS_PER_MONTH = 60
#: Brief §15 defaults for lines the country data does not state.
PHONE_INTERNET_MONTHLY_USD = Decimal("60")
TRANSPORT_MONTHLY_USD = Decimal("100")
OPTIONAL_MONTHLY_USD = Decimal("100")  # entertainment & extras in the monthly breakdown
DEFAULT_BUFFER_PERCENT = Decimal("20")
#: How much each dependant adds to a line (brief §15).
DEPENDANT_FACTORS = {
    "flights": Decimal("1"),
    "accommodation": Decimal("0.5"),
    "living_expenses": Decimal("0.7"),
    "healthcare": Decimal("1"),
    "transportation": Decimal("0.3"),
}
BREAKDOWN_ORDER = (
    "visa_application",
    "flights",
    "insurance",
    "tuition",
    "accommodation",
    "living_expenses",
    "healthcare",
    "phone_internet",
    "transportation",
    "buffer",
)


@dataclass(frozen=True)
class ResolvedInputs:
    """Every input the maths needs, defaults already applied (USD)."""

    duration_months: int
    num_dependents: int
    visa_fees: Decimal
    flights: Decimal
    insurance_yearly: Decimal
    tuition_yearly: Decimal
    rent_monthly: Decimal
    living_monthly: Decimal
    healthcare_monthly: Decimal
    phone_internet_monthly: Decimal
    transport_monthly: Decimal
    buffer_percentage: Decimal


def scale(line: str, dependants: int) -> Decimal:
    return 1 + DEPENDANT_FACTORS.get(line, Decimal(0)) * dependants


def calculate(inputs: ResolvedInputs) -> dict[str, object]:
    """Breakdown, subtotal, buffer, total and monthly breakdown for resolved inputs."""
    months, n = Decimal(inputs.duration_months), inputs.num_dependents
    lines = {
        "visa_application": inputs.visa_fees,
        "flights": inputs.flights * scale("flights", n),
        "insurance": inputs.insurance_yearly * months / 12,
        "tuition": inputs.tuition_yearly * months / 12,
        "accommodation": inputs.rent_monthly * months * scale("accommodation", n),
        "living_expenses": inputs.living_monthly * months * scale("living_expenses", n),
        "healthcare": inputs.healthcare_monthly * months * scale("healthcare", n),
        "phone_internet": inputs.phone_internet_monthly * months,
        "transportation": inputs.transport_monthly * months * scale("transportation", n),
    }
    breakdown = {name: round_money(value) for name, value in lines.items()}
    subtotal = sum(breakdown.values(), Decimal(0))
    breakdown["buffer"] = round_money(subtotal * inputs.buffer_percentage / 100)
    total = subtotal + breakdown["buffer"]
    essential = round_money(
        inputs.rent_monthly * scale("accommodation", n)
        + inputs.living_monthly * scale("living_expenses", n)
        + inputs.healthcare_monthly * scale("healthcare", n)
    )
    return {
        "breakdown": breakdown,
        "subtotal": subtotal,
        "total": total,
        "monthly_breakdown": {
            "essential": essential,
            "optional": OPTIONAL_MONTHLY_USD,
            "total": essential + OPTIONAL_MONTHLY_USD,
        },
    }
