from django import forms
from django.core.exceptions import ValidationError

from opvangnet.core.forms import add_service_errors, error_text


class NameForm(forms.Form):
    name = forms.CharField()


def test_service_errors_land_on_their_field_or_on_top() -> None:
    form = NameForm({"name": "x"})
    assert form.is_valid()
    add_service_errors(form, ValidationError({"name": "taken", "serves_sexual": "choose one"}))
    assert form.errors["name"] == ["taken"]
    assert form.non_field_errors() == ["choose one"]
    assert error_text(form) == "taken choose one"


def test_a_plain_service_error_goes_on_top() -> None:
    form = NameForm({"name": "x"})
    form.is_valid()
    add_service_errors(form, ValidationError("no free place"))
    assert form.non_field_errors() == ["no free place"]
