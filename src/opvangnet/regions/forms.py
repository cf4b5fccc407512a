from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from opvangnet.regions.models import ContactPerson, Organisation


class SecrecyForm(forms.Form):
    secret = forms.BooleanField(
        label=_("Secret address"),
        required=False,
        help_text=_(
            "A secret address is shown only to your own organisation; others see it only through a "
            "recorded reveal."
        ),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when an address is no longer secret."),
    )


class ReachabilityForm(forms.Form):
    phone_24_7 = forms.CharField(
        label=capfirst(_("24/7 phone")),
        max_length=30,
        required=False,
        help_text=_("Reachable day and night for placements."),
    )


ContactPersonFormSet: type[
    forms.BaseInlineFormSet[ContactPerson, Organisation, forms.ModelForm[ContactPerson]]
] = forms.inlineformset_factory(
    Organisation,
    ContactPerson,
    fields=["name", "role", "phone", "email", "notify"],
    extra=1,
    can_delete=True,
)
