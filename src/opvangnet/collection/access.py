"""One access helper per object type: 403 for a role without any part in data collection, 404 for what the
user may not see (another region, another contributor), 403 for what they may see but not change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from opvangnet.accounts.scoping import can_fill_contribution, can_fill_region_form
from opvangnet.accounts.scoping import require as require_any
from opvangnet.collection.models import Contribution, FormVersion, Round, Submission

if TYPE_CHECKING:
    from opvangnet.accounts.scoping import Viewer

MANAGE = "collection.manage_rounds"
FILL = "collection.fill_region_form"
CONTRIBUTE = "collection.contribute"


def get_round_for_user(user: Viewer, pk: int) -> Round:
    require_any(user, MANAGE, FILL)
    round_ = Round.objects.visible_to(user).filter(pk=pk).first()
    if round_ is None:
        raise Http404("No such round.")
    return round_


def get_submission_for_user(user: Viewer, pk: int, *, write: bool = False) -> Submission:
    require_any(user, MANAGE, FILL)
    submission = Submission.objects.visible_to(user).filter(pk=pk).first()
    if submission is None:
        raise Http404("No such region form.")
    if write and not can_fill_region_form(user, submission):
        raise PermissionDenied("Only the region's own coordinator fills in this form.")
    return submission


def get_contribution_for_user(user: Viewer, pk: int, *, write: bool = False) -> Contribution:
    require_any(user, MANAGE, FILL, CONTRIBUTE)
    contribution = Contribution.objects.visible_to(user).filter(pk=pk).first()
    if contribution is None:
        raise Http404("No such contribution.")
    if write and not can_fill_contribution(user, contribution):
        raise PermissionDenied("Only the invited party fills in this contribution.")
    return contribution


def get_version_for_user(user: Viewer, pk: int) -> FormVersion:
    require_any(user, MANAGE)
    version = FormVersion.objects.select_related("form").filter(pk=pk).first()
    if version is None:
        raise Http404("No such form version.")
    return version
