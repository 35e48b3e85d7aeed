from django import forms

from mentorship.errors import ServiceError


def add_service_error(form: forms.Form, error: ServiceError) -> None:
    """Shows a broken rule next to the field it is about, or above the form."""
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, error.message)
