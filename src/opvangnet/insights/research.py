"""The research export: placement and identification records, k-anonymous, in the layout of IOM's Human
Trafficking Case Data Standard (CTDC), with criminal exploitation added (`isForcedCriminality`).

Quasi-identifiers: age group, gender, nationality group, exploitation type, region and period. Every
combination of their values that appears in the export appears at least k times
(`OPVANGNET_RESEARCH_EXPORT_K`, default 11). To get there the export generalises, trying the least coarse
combination first: region → police unit → Netherlands; quarter → year; age group → minor/adult → unknown;
exploitation type → unknown; gender → unknown; nationality group → unknown. Records still in a group smaller
than k are left out (suppressed); at most 5 % may be, else the next coarser combination is taken.

Nationality, as a group, in one coding for both sources (`NATIONALITY_CODING`): `dutch`, `eu_eea` (EU/EEA or
Swiss), `third_country` (from outside the EU/EEA) or `unknown`. A placement request records its nationality
group at intake; older requests, made before the intake asked, have only the need "no residence status",
which means a third-country national. An application records its nationality status for B8/3, whose two EU
values (with and without a right of residence) both become `eu_eea`: the right of residence is the
committee's question, not the researcher's, and two small groups would only be generalised away.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.conf import settings
from django.utils import timezone

from opvangnet.core.periods import Period, containing
from opvangnet.insights import figures as fig
from opvangnet.placement import figures as placement_figures
from opvangnet.vocabulary import AgeGroup, age_group

UNKNOWN = "unknown"
MAX_SUPPRESSED_SHARE = 0.05
QUASI_IDENTIFIERS = ("age", "gender", "nationality", "exploitation", "region", "period")
# Placement's NationalityGroup and identification's NationalityStatus in the export's one coding.
NATIONALITY_CODING = {
    "dutch": "dutch",
    "eu_eea": "eu_eea",
    "eu_with_rights": "eu_eea",
    "eu_without_rights": "eu_eea",
    "outside_eu": "third_country",
    "third_country": "third_country",
}


def nationality_code(recorded: str, needs: Sequence[str] = ()) -> str:
    """The export's nationality group for a recorded group or status (the needs as a fallback, see above)."""
    if recorded in NATIONALITY_CODING:
        return NATIONALITY_CODING[recorded]
    return "third_country" if "no_residence_status" in needs else UNKNOWN


@dataclass(frozen=True)
class Record:
    source: str  # "placement" or "identification"
    period: str  # quarter label
    region: str  # care region code
    police_unit: str
    age: str  # AgeGroup code or unknown
    gender: str
    nationality: str
    exploitation: tuple[str, ...]
    care_type: str = ""
    outcome: str = ""


def placement_records(period: Period) -> list[Record]:
    """Placement requests of the period. One query."""
    geo = fig.geography()
    records = []
    rows = placement_figures.requests_in(period).values_list(
        "created_at",
        "region__code",
        "exploitation",
        "care_type",
        "gender",
        "age",
        "needs",
        "nationality_group",
        "placed_offer",
    )
    for created, region, exploitation, care_type, gender, age, needs, nationality, placed in rows:
        records.append(
            Record(
                source="placement",
                period=containing(timezone.localtime(created).date(), "quarter").label,
                region=region,
                police_unit=geo.police_of_region.get(region, ""),
                age=age_group(age),
                gender=gender,
                nationality=nationality_code(nationality, needs or []),
                exploitation=tuple(sorted(exploitation or [])),
                care_type=care_type,
                outcome="placed" if placed else "not_placed",
            )
        )
    return records


def identification_records(period: Period) -> list[Record]:
    """Applications for victim-status assessment received in the period: the date, the age group (minor or
    not), the nationality group, the exploitation types and the outcome of the committee's final opinion, if
    any. Nothing encrypted is read. Two queries."""
    from opvangnet.identification.models import MINOR_STATUSES, Application, Opinion, OpinionKind

    low, high = period.bounds()
    applications = list(
        Application.objects.filter(received_at__gte=low, received_at__lt=high).values_list(
            "pk", "received_at", "exploitation_types", "age_status", "nationality_status"
        )
    )
    outcomes: dict[int, str] = {}
    for application, outcome in (
        Opinion.objects.filter(case__application__in=[row[0] for row in applications], kind=OpinionKind.FINAL)
        .order_by("issued_at", "pk")
        .values_list("case__application", "outcome")
    ):
        outcomes[application] = outcome  # the latest final opinion wins (after a reassessment)
    return [
        Record(
            source="identification",
            period=containing(timezone.localtime(moment).date(), "quarter").label,
            region="",
            police_unit="",
            age=AgeGroup.MINOR if age_status in MINOR_STATUSES else UNKNOWN,
            gender=UNKNOWN,
            nationality=nationality_code(nationality or ""),
            exploitation=tuple(sorted(types or [])),
            outcome=outcomes.get(pk, ""),
        )
        for pk, moment, types, age_status, nationality in applications
    ]


# --- generalisation -----------------------------------------------------------------------------------------


def _general(record: Record, levels: Sequence[int]) -> tuple[str, ...]:
    age, gender, nationality, exploitation, region, period = levels
    age_value = (
        record.age
        if age == 0
        else (
            ("minor" if record.age == AgeGroup.MINOR else "adult" if record.age != UNKNOWN else UNKNOWN)
            if age == 1
            else UNKNOWN
        )
    )
    return (
        age_value,
        record.gender if gender == 0 else UNKNOWN,
        record.nationality if nationality == 0 else UNKNOWN,
        "+".join(record.exploitation) or UNKNOWN if exploitation == 0 else UNKNOWN,
        (record.region or UNKNOWN)
        if region == 0
        else (record.police_unit or UNKNOWN)
        if region == 1
        else "NL",
        record.period if period == 0 else record.period[:4],
    )


LEVELS = (3, 2, 2, 2, 3, 2)  # generalisation steps per quasi-identifier


def anonymise(
    records: Sequence[Record], k: int
) -> tuple[list[tuple[Record, tuple[str, ...]]], tuple[int, ...]]:
    """The records that stay, each with its generalised quasi-identifiers, and the levels chosen."""
    if not records:
        return [], (0,) * len(LEVELS)
    budget = int(len(records) * MAX_SUPPRESSED_SHARE)
    vectors = sorted(itertools.product(*(range(n) for n in LEVELS)), key=lambda v: (sum(v), v))
    for levels in vectors:
        keys = [_general(record, levels) for record in records]
        sizes = Counter(keys)
        small = sum(1 for key in keys if sizes[key] < k)
        if small <= budget:
            return [(r, key) for r, key in zip(records, keys, strict=True) if sizes[key] >= k], levels
    return [], LEVELS  # unreachable: the coarsest level puts everyone of a year in one group, or none remain


CTDC_AGE = {
    "minor": "0--17",
    AgeGroup.MINOR: "0--17",
    AgeGroup.YOUNG_ADULT: "18--23",
    AgeGroup.ADULT: "24+",
    "adult": "18+",
    UNKNOWN: "",
}
CTDC_GENDER = {"woman": "Female", "man": "Male", "non_binary": "Non-binary", UNKNOWN: ""}
COLUMNS = [
    "yearOfRegistration",
    "quarterOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenshipGroup",
    "isSexualExploit",
    "isForcedLabour",
    "isForcedCriminality",
    "isOtherExploit",
    "typeOfExploitConcatenated",
    "regionOfRegistration",
    "careType",
    "outcome",
]


def _row(record: Record, key: tuple[str, ...]) -> list[str]:
    age, gender, nationality, exploitation, region, period = key
    types = set(exploitation.split("+")) if exploitation != UNKNOWN else set()
    majority = {"minor": "Minor", AgeGroup.MINOR: "Minor", UNKNOWN: ""}.get(age, "Adult")
    flag = (lambda code: "1" if code in types else "0") if types else (lambda code: "")
    return [
        period[:4],
        period[5:] if len(period) > 4 else "",
        "Case Management" if record.source == "placement" else "Identification",
        CTDC_GENDER.get(gender, ""),
        CTDC_AGE.get(age, ""),
        majority,
        "" if nationality == UNKNOWN else nationality,
        flag("sexual"),
        flag("labour"),
        flag("criminal"),
        flag("other"),
        ";".join(sorted(types)),
        "" if region == UNKNOWN else region,
        record.care_type,
        record.outcome,
    ]


def research_rows(period: Period, k: int | None = None) -> tuple[list[list[str]], tuple[int, ...]]:
    """The CTDC rows (placement and identification records together, anonymised together)."""
    k = k or settings.RESEARCH_EXPORT_K
    records = placement_records(period) + identification_records(period)
    kept, levels = anonymise(records, k)
    rows = [_row(record, key) for record, key in kept]
    rows.sort()
    return rows, levels


def research_csv(period: Period, k: int | None = None) -> str:
    rows, _levels = research_rows(period, k)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


__all__ = ["COLUMNS", "Record", "anonymise", "replace", "research_csv", "research_rows"]
