"""Generic steps per goal, for roadmaps generated without a chosen visa route.

Each step names how it is costed: ``None`` (unknown: varies too much to state), ``"language_test"``
(the pre-departure cost table), or ``"settle_in"`` (the country's rent, meal and healthcare
figures). Nothing here is a made-up price.
"""

from __future__ import annotations

GenericStep = tuple[str, str, int, str, str | None, list[str], list[str]]

COMMON_TAIL: list[GenericStep] = [
    (
        "Book your flight and plan arrival",
        "Buy a ticket once the visa is issued; arrange the first weeks' accommodation.",
        14,
        "home",
        None,
        ["Book refundable or changeable fares until the visa is in your passport."],
        ["Buying non-refundable tickets before the visa decision."],
    ),
]

GENERIC_STEPS: dict[str, list[GenericStep]] = {
    "study": [
        (
            "Shortlist programmes and schools",
            "Compare programmes, tuition, intakes and entry requirements; check the school can "
            "sponsor international students.",
            21,
            "online",
            None,
            ["Check scholarship deadlines: they are often months before admission deadlines."],
            ["Applying to schools that are not licensed to host international students."],
        ),
        (
            "Take an English test",
            "IELTS Academic, TOEFL or PTE as the school requires.",
            30,
            "home",
            "language_test",
            ["Book early: test dates in Lagos and Abuja fill up."],
            ["Taking the General Training test when the school wants Academic."],
        ),
        (
            "Apply and secure admission",
            "Submit applications; accept an offer and pay any deposit.",
            60,
            "online",
            None,
            ["Keep every offer letter and receipt: the visa application needs them."],
            ["Missing the deposit deadline and losing the place."],
        ),
        (
            "Prepare proof of funds",
            "Gather bank statements or a sponsor letter covering tuition "
            "and living costs for the period the country requires.",
            30,
            "home",
            None,
            ["Keep the money in the account for the whole required period."],
            ["Large unexplained deposits just before applying."],
        ),
        (
            "Apply for the student visa",
            "Submit the application and biometrics at the visa application centre.",
            45,
            "embassy",
            None,
            ["Book the biometrics appointment as soon as you submit."],
            ["Inconsistent names or dates across documents."],
        ),
    ],
    "work": [
        (
            "Check your occupation and salary against the rules",
            "Confirm your job is eligible and what salary threshold applies.",
            7,
            "online",
            None,
            ["Use the official occupation lists, not agents' summaries."],
            ["Assuming any job offer qualifies."],
        ),
        (
            "Get your credentials evaluated or recognised",
            "Degree evaluation/recognition where the route requires it.",
            45,
            "online",
            None,
            ["Ask your university to send transcripts directly: it is the slowest part."],
            ["Sending copies the evaluator does not accept."],
        ),
        (
            "Take an English test",
            "IELTS General Training or the test the route accepts.",
            30,
            "home",
            "language_test",
            ["Aim above the minimum score: points routes reward it."],
            ["Letting the result expire before you apply."],
        ),
        (
            "Find an employer or job offer",
            "Apply to employers that can sponsor, or enter the points pool.",
            90,
            "online",
            None,
            ["Target licensed sponsors: official registers list them."],
            ["Paying anyone for a job offer: it is a scam."],
        ),
        (
            "Apply for the work visa",
            "Submit the application with the offer and documents; give biometrics.",
            45,
            "embassy",
            None,
            ["Prepare police certificates early: they can take weeks."],
            ["Applying with documents that expire before the decision."],
        ),
    ],
    "business": [
        (
            "Validate the business plan for the destination",
            "Check the route's investment, innovation and endorsement rules.",
            30,
            "online",
            None,
            ["Talk to the endorsing body before writing the plan."],
            ["Assuming a general business plan fits an immigration route."],
        ),
        (
            "Secure endorsement or investment",
            "Obtain the endorsement letter or show the funds.",
            90,
            "online",
            None,
            ["Document the source of every naira and dollar."],
            ["Funds that cannot be traced to a legal source."],
        ),
        (
            "Apply for the business visa",
            "Submit the application and biometrics.",
            60,
            "embassy",
            None,
            ["Keep copies of everything you submit."],
            ["Missing translations of documents."],
        ),
    ],
    "family": [
        (
            "Confirm eligibility of your family relationship",
            "Check which relatives can sponsor or join, and the sponsor's income rules.",
            14,
            "online",
            None,
            ["Read the sponsor's financial requirement carefully."],
            ["Relying on a relationship the route does not cover."],
        ),
        (
            "Gather relationship evidence",
            "Marriage/birth certificates, photos, communication history, translated and certified.",
            45,
            "home",
            None,
            ["Start collecting evidence early: it takes time to obtain certified copies."],
            ["Documents from different registries with inconsistent names."],
        ),
        (
            "Sponsor files the application",
            "The family member abroad submits the sponsorship.",
            30,
            "online",
            None,
            ["Keep both sides' documents consistent."],
            ["Sponsor's income below the threshold."],
        ),
        (
            "Apply for the family visa",
            "Submit your part and biometrics.",
            60,
            "embassy",
            None,
            ["Answer interview questions consistently with the sponsor."],
            ["Missing the biometrics window."],
        ),
    ],
}


def steps_for_goal(goal: str) -> list[GenericStep]:
    return [*GENERIC_STEPS[goal], *COMMON_TAIL]
