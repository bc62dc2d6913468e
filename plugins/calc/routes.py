"""Cost calculator endpoints (no auth required)."""

from __future__ import annotations

from typing import Any

from japaguide.api import Blueprint, operation_ref
from japaguide.identity import current_owner, require_owner
from japaguide.schemas import PageQuerySchema
from plugins.calc import services
from plugins.calc.models import CostEstimate
from plugins.calc.schemas import EstimatePageSchema, EstimateRequestSchema, EstimateSchema


def estimate_view(row: CostEstimate) -> dict[str, Any]:
    """The stored result (JSON values) with the row's identity."""
    return {
        **row.result,
        "id": row.id,
        "is_anonymous": row.is_anonymous,
        "created_at": row.created_at,
    }


#: The brief's example answer, camelCased (the live answer carries more fields).
#: The brief's request body (its example, and the body ``make bench`` measures).
BRIEF_ESTIMATE_REQUEST = {
    "country": "CAN",
    "city": "Toronto",
    "visaType": "student",
    "durationMonths": 24,
    "numDependents": 0,
    "inputs": {
        "flights": 1200,
        "visaFees": 150,
        "insuranceYearly": 600,
        "tuitionYearly": 15000,
        "rentMonthly": None,
        "livingMonthly": None,
        "bufferPercentage": 20,
    },
}
BRIEF_ESTIMATE = {
    "totalEstimated": 52000,
    "breakdown": {
        "visaApplication": 150,
        "flights": 1200,
        "insurance": 1200,
        "tuition": 30000,
        "accommodation": 28800,
        "livingExpenses": 19200,
        "healthcare": 1200,
        "phoneInternet": 960,
        "transportation": 2400,
        "buffer": 10400,
    },
    "hiddenCosts": [
        {"item": "Initial apartment deposit", "estimated": 2400},
        {"item": "Furniture & setup", "estimated": 1500},
        {"item": "Winter clothing", "estimated": 500},
    ],
    "monthlyBreakdown": {"essential": 2100, "optional": 400, "total": 2500},
    "savingsPlan": {
        "monthsToSave": 12,
        "monthlyTarget": 4333,
        "aggressivePlan": {"months": 8, "monthly": 6500},
        "relaxedPlan": {"months": 18, "monthly": 2889},
    },
    "costComparison": {"yourEstimate": 52000, "typicalRange": "45000-60000", "percentile": "60th"},
    "currency": "USD",
}


def make_blueprints() -> list[tuple[Blueprint, str]]:
    bp = Blueprint("calc", __name__, description="The japa cost calculator")

    @bp.route("/estimate/", methods=["POST"])
    @bp.body(
        EstimateRequestSchema,
        example=BRIEF_ESTIMATE_REQUEST,
    )
    @bp.response(201, EstimateSchema, example=BRIEF_ESTIMATE)
    @bp.doc(
        responses={
            201: {
                "links": {
                    "GetEstimate": {
                        "operationRef": operation_ref("/calc/estimates/{estimate_id}/", "get"),
                        "parameters": {"estimate_id": "$response.body#/id"},
                    }
                }
            }
        }
    )
    def estimate(data: dict[str, Any]) -> Any:
        """Price the move: breakdown, hidden costs, proof of funds, savings plan, comparison."""
        if data.get("currency"):
            data["currency"] = data["currency"].upper()
            services.check_currency(data["currency"])
        return estimate_view(services.estimate(require_owner(), data))

    @bp.route("/estimates/", methods=["GET"])
    @bp.arguments(PageQuerySchema, location="query", as_kwargs=True)
    @bp.response(200, EstimatePageSchema)
    def index(page: int, page_size: int) -> Any:
        """Your stored estimates, newest first."""
        return services.list_estimates(current_owner(), page, page_size)

    @bp.route("/estimates/<int(max=2147483647):estimate_id>/", methods=["GET"])
    @bp.response(200, EstimateSchema)
    def detail(estimate_id: int) -> Any:
        """One of your stored estimates."""
        return estimate_view(services.get_estimate(current_owner(), estimate_id))

    return [(bp, "/calc")]
