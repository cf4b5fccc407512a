from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _


class FormRenderer(TemplatesSetting):
    """Render every form with the NL Design System field layout (label, description, error, input)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


def add_service_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's validation error on the form: on its field when the form has one, else on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def error_text(form: BaseForm) -> str:
    """Every error of a form in one line, for a message after a redirect."""
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


class ReasonForm(forms.Form):
    """One reason, for actions that are recorded with why they were taken."""

    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
