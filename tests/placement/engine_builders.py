"""Plain builders for the engine's JSON input: a request and an offer that fit each other by default."""

from __future__ import annotations

from typing import Any

# Four real region centres (care_regions.csv): Rotterdam-Rijnmond, Haaglanden, Utrecht, Groningen.
REGIONS: dict[str, dict[str, float]] = {
    "VO28": {"x": 4.48, "y": 51.92},
    "VO17": {"x": 4.30, "y": 52.08},
    "VO30": {"x": 5.12, "y": 52.09},
    "VO18": {"x": 6.57, "y": 53.22},
}


def make_request(**overrides: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "id": "R1",
        "care_type": "crisis",
        "exploitation": ["labour"],
        "gender": "man",
        "age": 30,
        "with_children": 0,
        "needs": [],
        "languages": ["ro"],
        "security": "standard",
        "home_region": "VO28",
        "avoid_regions": [],
        "urgency": "week",
    }
    return request | overrides


def make_offer(**overrides: Any) -> dict[str, Any]:
    offer: dict[str, Any] = {
        "id": "O1",
        "region": "VO28",
        "care_type": "crisis",
        "exploitation": ["labour", "criminal"],
        "genders": ["man"],
        "min_age": 18,
        "max_age": 120,
        "children": False,
        "needs_supported": [],
        "languages": ["nl", "en"],
        "security": "standard",
        "free_places": 1,
    }
    return offer | overrides
