"""The pure matching and assignment core of placement (no Django), as `docs/cli.md` specifies.

**Fit.** An offer fits a request exactly when all ten hard constraints hold: the same care type; it serves at
least one of the request's exploitation types; it takes the request's gender; the age lies within its age
range; children come only where it takes children; it supports every one of the request's needs; high
security is asked only where it has high security; it is not in a region the request must avoid; it admits
the request's admission route (an "open" offer admits everyone, a categorical one such as COSM only people in
its route, e.g. "b8_procedure"); and it has at least one free place. Nothing else decides fit.

**Rank.** Among the offers that fit, the score (0-1, in thousandths) weighs three things by urgency: proximity
(1 / (1 + d / 50) for a distance d in km between region centres: 1 in the home region, one half at 50 km,
one third at 100 km), a language in common with the client, and
free places (up to three). For `today` proximity and free places weigh most, for `planned` a language in
common. Equal scores are ordered by offer id, so the result is deterministic.

**Match** (`match`): every offer appears exactly once, either as a candidate with its score and reasons, best
first, or as excluded with every hard constraint it breaks, each with a code and a text (Dutch, or English).

**Assign** (`assign`): for a whole waiting list, choose fitting pairs such that no offer receives more
requests than its free places, the number placed is the largest possible, among those the sum of the placed
requests' priority is the largest, and among those the sum of scores. Identical offers and identical requests
are merged into nodes and classes; OR-Tools solves a subset of the fitting pairs, and the result is proved
optimal over all of them by linear-programming duality, a proof the code checks itself (assignment.py). Each
request left out is told whether nothing fits it at all or the fitting places were needed for others.

Input is either the JSON dicts of the contract or the records below; offers also as `OfferColumns`
(columns.py), built once and reused by many requests. Bad input raises `ContractError`, which names the field.
"""

from .assignment import Assignment, AssignResult, Unplaced, assign, assign_input, greedy_assign
from .columns import OfferColumns
from .contract import (
    ADMISSION_ROUTES,
    CARE_TYPES,
    EXPLOITATION_TYPES,
    GENDERS,
    HARD_CONSTRAINTS,
    NEEDS,
    SECURITY_LEVELS,
    URGENCIES,
    ContractError,
    Offer,
    RegionPoint,
    Request,
    parse_offer,
    parse_regions,
    parse_request,
)
from .matching import (
    Candidate,
    Candidates,
    Exclusion,
    Exclusions,
    MatchResult,
    Reason,
    broken_constraints,
    distance_km,
    match,
    match_input,
    score_units,
)

__all__ = [
    "ADMISSION_ROUTES",
    "CARE_TYPES",
    "EXPLOITATION_TYPES",
    "GENDERS",
    "HARD_CONSTRAINTS",
    "NEEDS",
    "SECURITY_LEVELS",
    "URGENCIES",
    "AssignResult",
    "Assignment",
    "Candidate",
    "Candidates",
    "ContractError",
    "Exclusion",
    "Exclusions",
    "MatchResult",
    "Offer",
    "OfferColumns",
    "Reason",
    "RegionPoint",
    "Request",
    "Unplaced",
    "assign",
    "assign_input",
    "broken_constraints",
    "distance_km",
    "greedy_assign",
    "match",
    "match_input",
    "parse_offer",
    "parse_regions",
    "parse_request",
    "score_units",
]
