from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from opvangnet.core.periods import PeriodField

MAP_FIGURES = [
    ("requests_per_100000", _("Requests per 100,000 inhabitants")),
    ("requests", _("Placement requests")),
    ("unmet", _("Unmet demand")),
    ("requests_per_bed", _("Requests for shelter per bed")),
    ("bed_occupancy", _("Bed occupancy")),
    ("share_of_time_no_free_bed", _("Share of time with no free bed")),
    ("beds", _("Beds")),
    ("ambulant_places", _("Ambulant places (not beds)")),
    ("ambulant_occupancy", _("Ambulant occupancy")),
]


class PeriodForm(forms.Form):
    period = PeriodField(label=_("Period"), required=False)


class MapForm(PeriodForm):
    figure = forms.ChoiceField(choices=MAP_FIGURES, required=False, label=_("Colour by"))


class PointInTimeForm(PeriodForm):
    day = forms.DateField(
        required=False,
        label=_("Night of"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=_("Policy makers see the last night of the period."),
    )
