"""The one-screen follow-up form: every question optional (issue 16)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mentorship.follow_up_models import FollowUp, InTargetField
from mentorship.outcomes import ANSWER_FIELDS, RANGES


def _number(name: str, label) -> forms.IntegerField:
    low, high = RANGES[name]
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=low,
        max_value=high,
        widget=forms.NumberInput(attrs={"min": low, "max": high, "inputmode": "numeric"}),
    )


class FollowUpForm(forms.Form):
    interviews = _number("interviews", _("Сколько собеседований было с прошлого ответа?"))
    offers = _number("offers", _("Сколько предложений о работе?"))
    in_target_field = forms.ChoiceField(
        label=_("Я сейчас работаю в сфере, которая была моей целью"),
        required=False,
        choices=[("", _("не отвечать")), *InTargetField.choices],
        widget=forms.RadioSelect,
    )
    role_now = forms.CharField(label=_("Роль и сфера сейчас"), required=False, max_length=200)
    months_to_first_offer = _number(
        "months_to_first_offer",
        _("Через сколько месяцев от начала наставничества пришло первое предложение?"),
    )
    confidence_now = _number("confidence_now", _("Уверенность сейчас, 1–10"))
    would_recommend = _number(
        "would_recommend", _("Порекомендовали бы вы наставника сейчас, 0–10?")
    )
    comment = forms.CharField(label=_("Одной строкой — что ещё"), required=False, max_length=300)

    @classmethod
    def of(cls, data, follow_up: FollowUp) -> "FollowUpForm":
        """The form as sent, or filled with the answer given before (to correct it)."""
        initial = {name: getattr(follow_up, name) for name in ANSWER_FIELDS}
        return cls(data, initial=initial)
