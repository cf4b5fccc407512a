"""Who may see and change scenarios: one helper per question, 403 for a wrong role, 404 for the unknown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import get_object_or_404

from opvangnet.accounts.scoping import require as require
from opvangnet.planning.models import Scenario

if TYPE_CHECKING:
    from opvangnet.accounts.scoping import Viewer


def get_scenario_for_user(user: Viewer, pk: int, *, write: bool = False) -> Scenario:
    require(user, "planning.run_scenario" if write else "planning.view_planning")
    return get_object_or_404(Scenario.objects.visible_to(user), pk=pk)
