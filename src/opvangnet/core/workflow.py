"""One workflow helper for every app whose records move through states (placement requests, identification
cases, data-collection submissions).

A workflow is data: the states (`TextChoices`), a table of allowed transitions, and which states close the
record. `advance()` is the only way a state changes: it checks the table, stamps `closed_at` where the model
has one, saves, and writes the audit entry, so no app forgets one of the three. Templates and views ask
`next_states()` which actions to offer instead of hard-coding states.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from opvangnet.audit.services import record

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Workflow(Generic[M]):
    """The states of one model's `state_field` and the moves between them.

    `audit_action` names the audit entry (`placement.advance`); `closed_states` are the states in which the
    record is finished, stamped in `closed_at` when the model has that field.
    """

    states: type[models.TextChoices]
    transitions: Mapping[str, frozenset[str]]
    audit_action: str
    state_field: str = "status"
    closed_states: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        known = set(self.states.values)
        for origin, targets in self.transitions.items():
            unknown = ({origin} | set(targets)) - known
            if unknown:
                raise ValueError(f"{self.audit_action}: unknown states in transitions: {sorted(unknown)}")

    def state_of(self, obj: M) -> str:
        return str(getattr(obj, self.state_field))

    def can_move(self, obj: M, to_state: str) -> bool:
        return to_state in self.transitions.get(self.state_of(obj), frozenset())

    def next_states(self, obj: M) -> frozenset[str]:
        """The states `obj` may move to now; templates show only the actions that lead there."""
        return self.transitions.get(self.state_of(obj), frozenset())

    def is_closed(self, obj: M) -> bool:
        return self.state_of(obj) in self.closed_states

    def advance(
        self,
        actor: AbstractBaseUser | None,
        obj: M,
        to_state: str,
        *,
        reason: str = "",
        details: Mapping[str, Any] | None = None,
        also_save: Iterable[str] = (),
    ) -> M:
        """Move `obj` (locked by the caller, inside its transaction) to `to_state` and audit the move, done by
        `actor` (None: the system, e.g. a sweep).

        `also_save` names fields the caller changed on `obj` together with the state, saved in the same
        update. Raises ValidationError, with the readable state names, when the table forbids the move.
        """
        previous = self.state_of(obj)
        if not self.can_move(obj, to_state):
            raise ValidationError(
                _("This cannot go from '%(from)s' to '%(to)s'.")
                % {"from": self.states(previous).label, "to": self.states(to_state).label}
            )
        setattr(obj, self.state_field, to_state)
        fields = [self.state_field, *also_save]
        if _has_field(obj, "closed_at"):
            obj.closed_at = timezone.now() if to_state in self.closed_states else None  # type: ignore[attr-defined]
            fields.append("closed_at")
        obj.save(update_fields=list(dict.fromkeys(fields)))
        record(
            actor,
            self.audit_action,
            obj,
            reason=reason,
            details={"from": previous, "to": to_state, **(details or {})},
        )
        return obj


def _has_field(obj: models.Model, name: str) -> bool:
    return any(f.name == name for f in obj._meta.concrete_fields)
