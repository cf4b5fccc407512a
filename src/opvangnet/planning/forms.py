"""The scenario form: what to change about today's estimate, and the targets."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opvangnet.planning.models import ScenarioKind
from opvangnet.vocabulary import CareType

CARE_TYPES = (CareType.CRISIS, CareType.LONG_TERM, CareType.TRANSITIONAL)
TARGET_CARE_TYPES = (CareType.CRISIS, CareType.LONG_TERM)
DEFAULT_TARGETS = {CareType.CRISIS: (1, 95), CareType.LONG_TERM: (14, 90)}


def _percent(label: Any, minimum: int, maximum: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=minimum,
        max_value=maximum,
        initial=100,
        widget=forms.NumberInput(attrs={"step": 5}),
    )


class ScenarioForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.ChoiceField(
        label=_("Question"), choices=ScenarioKind.choices, initial=ScenarioKind.PLAN, widget=forms.RadioSelect
    )
    demand = forms.ChoiceField(
        label=_("Demand"),
        choices=[
            ("history", _("As in the last twelve months")),
            ("expected", _("Forecast for the next twelve months")),
            ("high", _("Upper bound of the forecast (95 %)")),
        ],
        initial="history",
    )
    open_crisis_to_men = forms.BooleanField(label=_("Open crisis places to men"), required=False)
    pool_with_neighbours = forms.BooleanField(
        label=_("Regions may place in neighbouring regions (pooled places)"), required=False
    )
    replications = forms.IntegerField(
        label=_("Replications"),
        min_value=10,
        max_value=200,
        initial=40,
        help_text=_("More replications give narrower confidence intervals and take longer."),
    )
    seed = forms.IntegerField(label=_("Random seed"), min_value=0, max_value=2**31 - 1, initial=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for care_type in CARE_TYPES:
            label = CareType(care_type).label
            self.fields[f"arrivals_{care_type}"] = _percent(
                _("Arrivals, %(care)s (%% of the estimate)") % {"care": label}, 0, 500
            )
            self.fields[f"places_{care_type}"] = _percent(
                _("Places, %(care)s (%% of today)") % {"care": label}, 0, 500
            )
            self.fields[f"stay_{care_type}"] = _percent(
                _("Length of stay, %(care)s (%% of today; lower: faster onward flow)") % {"care": label},
                10,
                300,
            )
        for care_type in TARGET_CARE_TYPES:
            days, share = DEFAULT_TARGETS[care_type]
            label = CareType(care_type).label
            self.fields[f"target_{care_type}_days"] = forms.IntegerField(
                label=_("Target, %(care)s: placed within (days)") % {"care": label},
                min_value=0,
                max_value=365,
                initial=days,
            )
            self.fields[f"target_{care_type}_share"] = forms.IntegerField(
                label=_("Target, %(care)s: share placed in time (%%)") % {"care": label},
                min_value=1,
                max_value=100,
                initial=share,
            )

    def field_groups(self) -> dict[str, list[forms.BoundField]]:
        """Fields by fieldset, for the template."""
        return {
            "changes": [self[f"{kind}_{c}"] for c in CARE_TYPES for kind in ("arrivals", "places", "stay")],
            "targets": [self[f"target_{c}_{part}"] for c in TARGET_CARE_TYPES for part in ("days", "share")],
        }

    def settings(self) -> dict[str, Any]:
        """The cleaned form as the scenario's settings (see services.build_input)."""
        data = self.cleaned_data
        return {
            "demand": data["demand"],
            "arrivals_percent": {str(c): data[f"arrivals_{c}"] for c in CARE_TYPES},
            "places_percent": {str(c): data[f"places_{c}"] for c in CARE_TYPES},
            "stay_percent": {str(c): data[f"stay_{c}"] for c in CARE_TYPES},
            "open_crisis_to_men": data["open_crisis_to_men"],
            "pool_with_neighbours": data["pool_with_neighbours"],
            "targets": {
                str(c): {"days": data[f"target_{c}_days"], "share": data[f"target_{c}_share"] / 100}
                for c in TARGET_CARE_TYPES
            },
            "replications": data["replications"],
            "seed": data["seed"],
        }

    @classmethod
    def initial_from(cls, settings: dict[str, Any], name: str) -> dict[str, Any]:
        """Initial values that repeat an earlier scenario's settings."""
        initial: dict[str, Any] = {"name": name}
        for key in ("demand", "open_crisis_to_men", "pool_with_neighbours", "replications", "seed"):
            if key in settings:
                initial[key] = settings[key]
        for kind in ("arrivals", "places", "stay"):
            for care_type, value in settings.get(f"{kind}_percent", {}).items():
                initial[f"{kind}_{care_type}"] = value
        for care_type, target in settings.get("targets", {}).items():
            initial[f"target_{care_type}_days"] = target["days"]
            initial[f"target_{care_type}_share"] = round(target["share"] * 100)
        return initial


class ForecastFilter(forms.Form):
    care_type = forms.ChoiceField(
        label=_("Care type"), choices=[(str(c), CareType(c).label) for c in CARE_TYPES], required=False
    )
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args: Any, regions: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if regions is None:
            del self.fields["region"]
        else:
            self.fields["region"].choices = [("", _("The whole country")), *regions]  # type: ignore[attr-defined]
