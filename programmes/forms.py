"""HTML forms of the programme pages: they parse shapes; programmes.services applies the rules.

An end before the start, a code nobody issued, a pair outside the cohort: the
services say what is wrong, and `add_service_error` puts it next to the field
it is about.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import GoalArea
from programmes.models import Objective, Role, RuleKind
from programmes.services import MAX_WEIGHT

# The rule form's third choice: no rule for this pair any more.
RULE_REMOVE = "remove"


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(forms.Form):
    # Required here too (with the service's words), so that an empty name is said
    # together with the dates' errors rather than after them.
    name = forms.CharField(
        label=_("Название"),
        max_length=200,
        error_messages={"required": _("Назовите программу.")},
    )
    description = forms.CharField(
        label=_("Описание"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Для кого программа и чего она помогает добиться — это увидят участники."),
    )
    goal_areas = forms.ModelMultipleChoiceField(
        label=_("Направления"),
        queryset=GoalArea.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(label=_("Начало"), widget=_date())
    ends_on = forms.DateField(label=_("Окончание"), widget=_date())

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {**data, "goal_areas": [area.code for area in data["goal_areas"]]}


class JoinForm(forms.Form):
    join_code = forms.CharField(
        label=_("Код программы"),
        max_length=32,
        required=False,
        help_text=_("Восемь букв и цифр — его присылает координатор программы."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("В какой роли вы участвуете?"),
        choices=[
            (Role.MENTEE, _("Подопечным — ищу наставника")),
            (Role.MENTOR, _("Наставником — буду помогать другим")),
        ],
        widget=forms.RadioSelect,
    )


def _people(rows) -> list[tuple[int, str]]:
    return [(user.pk, user.full_name or user.email) for user in rows]


class PairForm(forms.Form):
    """A mentee and a mentor of the cohort (the choices the page offers)."""

    mentee = forms.TypedChoiceField(label=_("Подопечный"), coerce=int)
    mentor = forms.TypedChoiceField(label=_("Наставник"), coerce=int)

    def __init__(self, *args, mentees=(), mentors=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentee"].choices = [("", _("Выберите подопечного")), *_people(mentees)]
        self.fields["mentor"].choices = [("", _("Выберите наставника")), *_people(mentors)]


class RuleForm(PairForm):
    kind = forms.ChoiceField(
        label=_("Правило"),
        choices=[
            (RuleKind.FORCED, _("Обязательная пара — подбор обязан её составить")),
            (RuleKind.FORBIDDEN, _("Запрещённая пара — подбор её не предложит")),
            (RULE_REMOVE, _("Снять правило с этой пары")),
        ],
        initial=RuleKind.FORCED,
        widget=forms.RadioSelect,
    )

    def rule_kind(self) -> str | None:
        kind = self.cleaned_data["kind"]
        return None if kind == RULE_REMOVE else kind


class MatchForm(forms.Form):
    objective = forms.ChoiceField(
        label=_("Что важнее в подборе?"),
        choices=[
            (Objective.SCORE, _("Наибольшая сумма оценок — самые сильные пары")),
            (Objective.COVERAGE, _("Как можно больше пар — чтобы без наставника осталось меньше")),
        ],
        initial=Objective.SCORE,
        widget=forms.RadioSelect,
    )


# The scorer's factors as a coordinator reads them (matching.scoring.Weights).
WEIGHT_LABELS = {
    "goal": _("Направление совпадает"),
    "skills": _("Нужные навыки есть у наставника"),
    "overlap": _("Общее свободное время"),
    "format": _("Формат встреч"),
    "stage": _("Опыт наставника по этапу подопечного"),
    "switch": _("Наставник сам сделал такой же переход"),
    "track": _("Отзывы и отзывчивость наставника"),
    # Issue 16: not points but a percent of the track factor above.
    "track_outcomes": _("Из них: доля исходов подопечных (работают в новой сфере), %"),
}


class WeightsForm(forms.Form):
    """How much each factor counts in this programme's matching (0 switches it off)."""

    def __init__(self, *args, current: dict[str, float], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, label in WEIGHT_LABELS.items():
            self.fields[name] = forms.FloatField(
                label=label, min_value=0, max_value=MAX_WEIGHT, initial=current[name]
            )
        # Left empty, the outcome share keeps its default (issue 16).
        self.fields["track_outcomes"].required = False

    def clean(self):
        data = super().clean()
        if data.get("track_outcomes") is None:
            data.pop("track_outcomes", None)
        if self.is_bound and not self.errors and not any(data.values()):
            raise forms.ValidationError(_("Хотя бы один вес должен быть больше нуля."))
        return data
