from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Render every form with the NL Design System field layout (label, description, error, input)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
