"""The one vocabulary module and the pure engine's contract name the same codes in the same order."""

from typing import Any

import pytest

from opvangnet import vocabulary
from opvangnet.placement.engine import contract


@pytest.mark.parametrize(
    ("choices", "engine_codes"),
    [
        (vocabulary.CareType, contract.CARE_TYPES),
        (vocabulary.Exploitation, contract.EXPLOITATION_TYPES),
        (vocabulary.Gender, contract.GENDERS),
        (vocabulary.Need, contract.NEEDS),
        (vocabulary.SecurityLevel, contract.SECURITY_LEVELS),
        (vocabulary.AdmissionRoute, contract.ADMISSION_ROUTES),
    ],
)
def test_the_vocabulary_equals_the_engines_lists(choices: Any, engine_codes: tuple[str, ...]) -> None:
    assert tuple(choices.values) == engine_codes


@pytest.mark.parametrize(
    ("age", "group"),
    [(0, "minor"), (17, "minor"), (18, "young_adult"), (23, "young_adult"), (24, "adult"), (90, "adult")],
)
def test_an_age_falls_in_one_age_group(age: int, group: str) -> None:
    assert vocabulary.age_group(age) == group


def test_language_codes_are_read_as_people_type_them() -> None:
    assert vocabulary.parse_language_codes(" nl, EN;ro ,, ") == ["nl", "en", "ro"]
