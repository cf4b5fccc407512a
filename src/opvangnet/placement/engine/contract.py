"""The matching contract's vocabulary (`docs/cli.md`), its typed records and their parsing from JSON dicts.

Records built directly (by the Django side) are checked as well: an unknown vocabulary value or a negative
number raises `ContractError` whichever way a record is made. Parsing from JSON adds the checks of shape (a
missing field, a string where a number belongs) and prefixes the field with its place in the input, so the
message reads `offers[3].care_type: unknown value 'crisi'`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

CARE_TYPES = ("crisis", "long_term", "transitional", "ambulant")
EXPLOITATION_TYPES = ("sexual", "labour", "criminal", "other")
GENDERS = ("woman", "man", "non_binary")
NEEDS = (
    "addiction",
    "psychiatric",
    "intellectual_disability",
    "physical_disability",
    "pregnancy",
    "no_residence_status",
)
SECURITY_LEVELS = ("standard", "high")
URGENCIES = ("today", "week", "planned")
# Who an offer admits: everyone ("open"), or only people who came in through one route, such as categorical
# shelter for people referred through CoMensha in the B8/3 procedure ("b8_procedure").
ADMISSION_ROUTES = ("open", "b8_procedure")
LANGS = ("nl", "en")

# The hard constraints, in the order in which `why_not` lists them.
HARD_CONSTRAINTS = (
    "care_type",
    "exploitation",
    "gender",
    "age",
    "children",
    "needs",
    "security",
    "avoid_region",
    "admission_route",
    "no_free_place",
)


class ContractError(ValueError):
    """Input that breaks the contract; `field` names where, e.g. `offers[3].care_type`."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem

    def under(self, path: str) -> ContractError:
        return ContractError(f"{path}.{self.field}" if path else self.field, self.problem)


def _choice(name: str, value: str, vocabulary: tuple[str, ...]) -> None:
    if value not in vocabulary:
        raise ContractError(name, f"unknown value {value!r}; expected one of {', '.join(vocabulary)}")


def _mask(name: str, values: Iterable[str], vocabulary: tuple[str, ...]) -> int:
    mask = 0
    for value in values:
        _choice(name, value, vocabulary)
        mask |= 1 << vocabulary.index(value)
    return mask


def _at_least(name: str, value: int, minimum: int) -> None:
    if value < minimum:
        raise ContractError(name, f"must be at least {minimum}, not {value}")


@dataclass(frozen=True, slots=True)
class RegionPoint:
    """The centre of a region: `x` is the longitude and `y` the latitude, in degrees."""

    x: float
    y: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.x) and -180 <= self.x <= 180):
            raise ContractError("x", f"longitude must lie between -180 and 180, not {self.x}")
        if not (math.isfinite(self.y) and -90 <= self.y <= 90):
            raise ContractError("y", f"latitude must lie between -90 and 90, not {self.y}")


@dataclass(frozen=True, slots=True)
class Request:
    """What one person needs. `priority` only matters to `assign` (higher goes first)."""

    id: str
    care_type: str
    exploitation: frozenset[str]
    gender: str
    age: int
    with_children: int
    needs: frozenset[str]
    languages: frozenset[str]
    security: str
    home_region: str
    avoid_regions: frozenset[str]
    urgency: str
    priority: int = 0
    # The admission routes the person came in through (e.g. "b8_procedure"); "open" offers take everyone.
    admission_routes: frozenset[str] = frozenset()
    exploitation_mask: int = field(init=False, repr=False, compare=False)
    needs_mask: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("exploitation", "needs", "languages", "avoid_regions", "admission_routes"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))
        for route in self.admission_routes:
            _choice("admission_routes", route, ADMISSION_ROUTES)
        _choice("care_type", self.care_type, CARE_TYPES)
        if not self.exploitation:
            raise ContractError("exploitation", "must name at least one exploitation type")
        object.__setattr__(
            self, "exploitation_mask", _mask("exploitation", self.exploitation, EXPLOITATION_TYPES)
        )
        _choice("gender", self.gender, GENDERS)
        _at_least("age", self.age, 0)
        _at_least("with_children", self.with_children, 0)
        object.__setattr__(self, "needs_mask", _mask("needs", self.needs, NEEDS))
        _choice("security", self.security, SECURITY_LEVELS)
        _choice("urgency", self.urgency, URGENCIES)
        _at_least("priority", self.priority, 0)


@dataclass(frozen=True, slots=True)
class Offer:
    """A kind of place at one location, with the number of places free now."""

    id: str
    region: str
    care_type: str
    exploitation: frozenset[str]
    genders: frozenset[str]
    min_age: int
    max_age: int
    children: bool
    needs_supported: frozenset[str]
    languages: frozenset[str]
    security: str
    free_places: int
    admission_route: str = "open"
    exploitation_mask: int = field(init=False, repr=False, compare=False)
    genders_mask: int = field(init=False, repr=False, compare=False)
    needs_mask: int = field(init=False, repr=False, compare=False)
    # Who the offer is for (care type, exploitation, genders) and what it supports (ages, children, needs,
    # security), each packed into one int: `match` works out the rules once per distinct value of each.
    target_key: int = field(init=False, repr=False, compare=False)
    support_key: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("exploitation", "genders", "needs_supported", "languages"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))
        _choice("care_type", self.care_type, CARE_TYPES)
        object.__setattr__(
            self, "exploitation_mask", _mask("exploitation", self.exploitation, EXPLOITATION_TYPES)
        )
        object.__setattr__(self, "genders_mask", _mask("genders", self.genders, GENDERS))
        _at_least("min_age", self.min_age, 0)
        _at_least("max_age", self.max_age, self.min_age)
        object.__setattr__(self, "needs_mask", _mask("needs_supported", self.needs_supported, NEEDS))
        _choice("security", self.security, SECURITY_LEVELS)
        _at_least("free_places", self.free_places, 0)
        _choice("admission_route", self.admission_route, ADMISSION_ROUTES)
        care = CARE_TYPES.index(self.care_type)
        object.__setattr__(self, "target_key", care << 7 | self.exploitation_mask << 3 | self.genders_mask)
        ages = (self.min_age + self.max_age) * (self.min_age + self.max_age + 1) // 2 + self.max_age  # Cantor
        high = self.security == "high"
        object.__setattr__(self, "support_key", ages << 8 | high << 7 | self.children << 6 | self.needs_mask)


# --- parsing from JSON dicts --------------------------------------------------------------------------------


def _get(data: Mapping[str, Any], key: str) -> Any:
    if key not in data:
        raise ContractError(key, "missing")
    return data[key]


def _text(data: Mapping[str, Any], key: str) -> str:
    value = _get(data, key)
    if not isinstance(value, str) or not value:
        raise ContractError(key, f"must be a non-empty string, not {value!r}")
    return value


def _integer(data: Mapping[str, Any], key: str) -> int:
    value = _get(data, key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ContractError(key, f"must be a whole number, not {value!r}")
    return value


def _boolean(data: Mapping[str, Any], key: str) -> bool:
    value = _get(data, key)
    if not isinstance(value, bool):
        raise ContractError(key, f"must be true or false, not {value!r}")
    return value


def _texts(data: Mapping[str, Any], key: str) -> list[str]:
    value = _get(data, key)
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise ContractError(key, f"must be a list of strings, not {value!r}")
    return value


def _object(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ContractError(path, f"must be an object, not {type(value).__name__}")
    return value


def _list(value: Any, path: str) -> Sequence[Any]:
    if not isinstance(value, list):
        raise ContractError(path, f"must be a list, not {type(value).__name__}")
    return value


def parse_request(data: Any, path: str = "request", with_priority: bool = False) -> Request:
    """A `Request` from its JSON dict; `priority` is required only where `with_priority`."""
    try:
        data = _object(data, "")
        return Request(
            id=_text(data, "id"),
            care_type=_text(data, "care_type"),
            exploitation=frozenset(_texts(data, "exploitation")),
            gender=_text(data, "gender"),
            age=_integer(data, "age"),
            with_children=_integer(data, "with_children"),
            needs=frozenset(_texts(data, "needs")),
            languages=frozenset(_texts(data, "languages")),
            security=_text(data, "security"),
            home_region=_text(data, "home_region"),
            avoid_regions=frozenset(_texts(data, "avoid_regions")),
            urgency=_text(data, "urgency"),
            priority=_integer(data, "priority") if with_priority or "priority" in data else 0,
            admission_routes=frozenset(_texts(data, "admission_routes"))
            if "admission_routes" in data
            else frozenset(),
        )
    except ContractError as error:
        raise error.under(path) from None


def parse_offer(data: Any, path: str = "offer") -> Offer:
    """An `Offer` from its JSON dict."""
    try:
        data = _object(data, "")
        return Offer(
            id=_text(data, "id"),
            region=_text(data, "region"),
            care_type=_text(data, "care_type"),
            exploitation=frozenset(_texts(data, "exploitation")),
            genders=frozenset(_texts(data, "genders")),
            min_age=_integer(data, "min_age"),
            max_age=_integer(data, "max_age"),
            children=_boolean(data, "children"),
            needs_supported=frozenset(_texts(data, "needs_supported")),
            languages=frozenset(_texts(data, "languages")),
            security=_text(data, "security"),
            free_places=_integer(data, "free_places"),
            admission_route=_text(data, "admission_route") if "admission_route" in data else "open",
        )
    except ContractError as error:
        raise error.under(path) from None


def parse_regions(data: Any, path: str = "regions") -> dict[str, RegionPoint]:
    """The region centres, `{"VO04": {"x": 4.90, "y": 52.37}, ...}`."""
    regions: dict[str, RegionPoint] = {}
    for code, point in _object(data, path).items():
        if isinstance(point, RegionPoint):
            regions[code] = point
            continue
        try:
            point = _object(point, "")
            values = [_get(point, axis) for axis in ("x", "y")]
            for axis, value in zip(("x", "y"), values, strict=True):
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise ContractError(axis, f"must be a number, not {value!r}")
            regions[code] = RegionPoint(x=float(values[0]), y=float(values[1]))
        except ContractError as error:
            raise error.under(f"{path}.{code}") from None
    return regions


def coerce_request(value: Request | Mapping[str, Any], path: str, with_priority: bool = False) -> Request:
    return value if isinstance(value, Request) else parse_request(value, path, with_priority)


def coerce_offers(values: Any, path: str = "offers") -> list[Offer]:
    offers = [
        value if isinstance(value, Offer) else parse_offer(value, f"{path}[{index}]")
        for index, value in enumerate(_list(values, path))
    ]
    _unique_ids([offer.id for offer in offers], path)
    return offers


def coerce_requests(values: Any, path: str = "requests") -> list[Request]:
    requests = [
        coerce_request(value, f"{path}[{index}]", with_priority=True)
        for index, value in enumerate(_list(values, path))
    ]
    _unique_ids([request.id for request in requests], path)
    return requests


def _unique_ids(ids: list[str], path: str) -> None:
    seen: set[str] = set()
    for index, identifier in enumerate(ids):
        if identifier in seen:
            raise ContractError(f"{path}[{index}].id", f"duplicate id {identifier!r}")
        seen.add(identifier)


def check_regions(
    requests: Sequence[Request],
    offers: Sequence[Offer],
    regions: Mapping[str, RegionPoint],
    request_path: str,
) -> None:
    """Every region named must have a centre; an unknown region to avoid would silently not be avoided."""
    for index, offer in enumerate(offers):
        if offer.region not in regions:
            raise ContractError(f"offers[{index}].region", f"unknown region {offer.region!r}")
    for index, request in enumerate(requests):
        path = request_path.format(index=index)
        if request.home_region not in regions:
            raise ContractError(f"{path}.home_region", f"unknown region {request.home_region!r}")
        for code in sorted(request.avoid_regions - regions.keys()):
            raise ContractError(f"{path}.avoid_regions", f"unknown region {code!r}")


def check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ContractError("lang", f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")


def input_object(data: Any) -> Mapping[str, Any]:
    """The top level of a JSON input."""
    if not isinstance(data, Mapping):
        raise ContractError("input", f"must be a JSON object, not {type(data).__name__}")
    return data


def require(data: Mapping[str, Any], key: str) -> Any:
    return _get(data, key)
