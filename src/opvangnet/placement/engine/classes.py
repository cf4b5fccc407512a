"""Offers merged into nodes and requests into classes, and every fitting class-node pair with its score.

See assignment.py for why the class problem has the same optimum as the problem of single requests and offers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .columns import OfferColumns
from .contract import CARE_TYPES, RegionPoint, Request
from .matching import Scorer

IntArray = npt.NDArray[np.int64]
Ints = npt.NDArray[np.integer[Any]]  # indices or values of any integer width
# Pairs per class that the solver sees first, beyond the class's own count, and the wider subset that a
# maximum flow (cheap) looks at to find the pairs needed to place the most people.
_EXTRA_PAIRS = 3
_WIDE_PAIRS = 24


@dataclass
class OfferNodes:
    """Offers with a free place merged by what the rules and the score read; node i stands for
    `positions[start[i]:start[i + 1]]` (positions in the input, in input order)."""

    columns: OfferColumns  # one representative offer per node
    capacity: IntArray
    size: IntArray
    positions: IntArray
    start: IntArray

    def __len__(self) -> int:
        return len(self.capacity)


def offer_nodes(columns: OfferColumns) -> OfferNodes:
    free = np.flatnonzero(columns.free >= 1)
    keys = np.stack(
        [
            columns.care,
            columns.exploitation,
            columns.genders,
            columns.min_age,
            columns.max_age,
            columns.children,
            columns.needs,
            columns.high,
            columns.route,
            columns.region,
            columns.langset,
            np.minimum(columns.free, 3),  # matching.FREE_PLACES_CAP: more free places score the same
        ],
        axis=1,
    )[free]
    if not len(free):
        empty = np.zeros(0, dtype=np.int64)
        return OfferNodes(columns.subset(empty), empty, empty, empty, np.zeros(1, dtype=np.int64))
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    # Nodes by care type (so that each care type is one range), then in the order of their first offer;
    # members in input order: deterministic and easy to follow.
    order = np.lexsort((first, columns.care[free[first]]))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    node_of = rank[inverse]
    members = np.argsort(node_of, kind="stable")
    size = np.bincount(node_of, minlength=len(order))
    capacity = np.bincount(node_of, weights=columns.free[free], minlength=len(order)).astype(np.int64)
    start = np.concatenate([[0], np.cumsum(size)])
    return OfferNodes(columns.subset(free[first[order]]), capacity, size, free[members], start)


@dataclass
class RequestClasses:
    """Requests merged by what the rules, the score and the objective read, in order of first member."""

    representatives: list[Request]
    members: list[list[int]]  # indices into the requests, in input order

    def __len__(self) -> int:
        return len(self.members)


def request_classes(requests: Sequence[Request], nodes: OfferNodes) -> RequestClasses:
    columns = nodes.columns
    min_ages = np.unique(columns.min_age)
    max_ages = np.unique(columns.max_age)
    node_regions = frozenset(columns.region_codes[int(i)] for i in np.unique(columns.region))
    spoken = frozenset().union(*(columns.langsets[int(i)] for i in np.unique(columns.langset)))
    index: dict[tuple[Any, ...], int] = {}
    representatives: list[Request] = []
    members: list[list[int]] = []
    for position, request in enumerate(requests):
        # Two ages between the same offer limits fit the same offers; so do languages beyond those spoken
        # (but asking none is not the same as asking one that nobody speaks) and regions no offer lies in.
        age_bucket = (
            int(np.searchsorted(min_ages, request.age, "right")),
            int(np.searchsorted(max_ages, request.age, "left")),
        )
        languages = request.languages & spoken if request.languages else None
        key = (
            request.care_type,
            request.exploitation_mask,
            request.gender,
            age_bucket,
            request.with_children > 0,
            request.needs_mask,
            request.security,
            request.home_region,
            request.avoid_regions & node_regions,
            languages,
            request.urgency,
            request.priority,
            request.admission_routes,
        )
        found = index.get(key)
        if found is None:
            index[key] = len(members)
            representatives.append(request)
            members.append([position])
        else:
            members[found].append(position)
    return RequestClasses(representatives, members)


@dataclass
class ClassPairs:
    """Every fitting (class, node) pair, by class: class c's pairs are `node[start[c]:start[c + 1]]`."""

    start: IntArray
    node: npt.NDArray[np.int32]
    units: npt.NDArray[np.int16]
    fitting_offers: IntArray  # per class, how many offers (not nodes) fit it
    best_units: IntArray  # per class, its best score (−1 when nothing fits)
    first: IntArray  # indices into the pairs: the subset the solver sees first
    wide: IntArray  # a wider subset, for a maximum flow that seeds the first one

    def __len__(self) -> int:
        return len(self.node)


def class_pairs(classes: RequestClasses, nodes: OfferNodes, points: Mapping[str, RegionPoint]) -> ClassPairs:
    """The rules and scores of every class against every node of its care type, in NumPy per class."""
    bounds = np.searchsorted(nodes.columns.care, np.arange(len(CARE_TYPES) + 1))  # nodes sorted by care
    parts = [nodes.columns.subset(np.arange(bounds[c], bounds[c + 1])) for c in range(len(CARE_TYPES))]
    scorers = [Scorer(part, points) for part in parts]
    node_parts: list[npt.NDArray[np.int32]] = []
    unit_parts: list[npt.NDArray[np.int16]] = []
    first_parts: list[IntArray] = []
    wide_parts: list[IntArray] = []
    counts = np.zeros(len(classes), dtype=np.int64)
    offset = 0
    for c, request in enumerate(classes.representatives):
        care = CARE_TYPES.index(request.care_type)
        fit = parts[care].fitting(request)
        if not len(fit):
            continue
        units = scorers[care].units(request, fit)
        members = len(classes.members[c])
        wide = _best(units, members + _WIDE_PAIRS)
        wide_parts.append(offset + wide)
        first_parts.append(offset + wide[_best(units[wide], members + _EXTRA_PAIRS)])
        node_parts.append((fit + bounds[care]).astype(np.int32))
        unit_parts.append(units)
        counts[c] = len(fit)
        offset += len(fit)
    start = np.concatenate([[0], np.cumsum(counts)])
    if not node_parts:
        none = np.zeros(0, np.int64)
        fitting = np.zeros(len(classes), dtype=np.int64)
        best = np.full(len(classes), -1, dtype=np.int64)
        return ClassPairs(start, np.zeros(0, np.int32), np.zeros(0, np.int16), fitting, best, none, none)
    node = np.concatenate(node_parts)
    del node_parts
    # How many offers (not nodes) fit each class: the sizes of its nodes, added up per class.
    sizes = np.concatenate([[0], np.cumsum(nodes.size[node])])
    units = np.concatenate(unit_parts)
    best = np.full(len(classes), -1, dtype=np.int64)
    some = np.flatnonzero(counts)
    best[some] = np.maximum.reduceat(units, start[some])
    return ClassPairs(
        start,
        node,
        units,
        sizes[start[1:]] - sizes[start[:-1]],
        best,
        np.concatenate(first_parts),
        np.concatenate(wide_parts),
    )


def _best(units: Ints, keep: int) -> IntArray:
    """Indices of (about) the `keep` highest scores, or of all when there are no more."""
    if len(units) <= keep:
        return np.arange(len(units))
    return np.argpartition(-units, keep - 1)[:keep]
