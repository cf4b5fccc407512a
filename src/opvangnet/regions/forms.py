from django import forms
from django.utils.translation import gettext_lazy as _


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
