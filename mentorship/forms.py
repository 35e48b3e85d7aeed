"""HTML forms of the mentorship pages: they parse shapes; services apply the rules.

Ranges (a rating of 1–5, progress of 0–10) are checked by the services, not
here, so a rule lives in one place; the widgets only carry `min`/`max` as a
hint for the browser, and a broken rule comes back next to its field through
`add_service_error`.
"""

from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.timezones import timezone_label
from core.models import Channel, NotificationKind
from mentorship.evaluations import RANGES
from mentorship.models import EndReason, GoalStatus, SessionFormat, Side, SupportMet, TaskStatus


def _number(low: int, high: int) -> forms.NumberInput:
    return forms.NumberInput(attrs={"min": low, "max": high, "inputmode": "numeric"})


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LocalDateTimeField(forms.DateTimeField):
    """A `datetime-local` value read in the person's own zone, whatever zone is active."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]

    def __init__(self, *, zone: str = "UTC", **kwargs) -> None:
        super().__init__(**kwargs)
        self.zone = zone

    def to_python(self, value):
        # Django makes a naive value aware in the current zone (and refuses a
        # time that does not exist there, as in a daylight-saving gap).
        with timezone.override(ZoneInfo(self.zone)):
            return super().to_python(value)

    def prepare_value(self, value):
        with timezone.override(ZoneInfo(self.zone)):
            return super().prepare_value(value)


# --- The pair's page ------------------------------------------------------------------------


class EndForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Причина"), choices=[("", _("Не указывать")), *EndReason.choices], required=False
    )
    comment = forms.CharField(
        label=_("Комментарий (по желанию)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SessionForm(forms.Form):
    starts_at = LocalDateTimeField(label=_("Начало"))
    duration_minutes = forms.IntegerField(
        label=_("Длительность, минут"), initial=60, widget=_number(15, 480)
    )
    format = forms.ChoiceField(label=_("Формат"), choices=SessionFormat.choices)
    agenda = forms.CharField(
        label=_("Повестка"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    call_url = forms.CharField(
        label=_("Ссылка на звонок"),
        required=False,
        max_length=500,
        help_text=_("Необязательно: https://… — Zoom, Google Meet, Телемост и т. п."),
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    def __init__(self, *args, zone: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["starts_at"]
        field.zone = zone
        field.help_text = _("Время в вашем часовом поясе: %(zone)s.") % {
            "zone": timezone_label(zone)
        }


class SessionMoveForm(forms.Form):
    """Another time for a planned session, and its call's link."""

    starts_at = LocalDateTimeField(label=_("Новое начало"))
    call_url = forms.CharField(
        label=_("Ссылка на звонок"),
        required=False,
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    def __init__(self, *args, zone: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["starts_at"]
        field.zone = zone
        field.help_text = _("Время в вашем часовом поясе: %(zone)s.") % {
            "zone": timezone_label(zone)
        }


class SessionNotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Общие заметки"),
        required=False,
        max_length=10000,
        help_text=_("Их видите вы оба."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PrivateNotesForm(forms.Form):
    private_notes = forms.CharField(
        label=_("Личные заметки — видны только вам"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# Where a session's rating goes, told to each side: only the mentee's count.
RATING_HELP = {
    Side.MENTEE: _(
        "Оценку видите только вы; в рейтинг наставника она войдёт без имени, когда "
        "наставничество завершится и оценок от разных подопечных будет не меньше трёх."
    ),
    Side.MENTOR: _(
        "Оценку видите только вы. В ваш рейтинг она не входит: он складывается из оценок "
        "подопечных."
    ),
}


class RatingForm(forms.Form):
    """The page sets the help for the reader's side (RATING_HELP)."""

    rating = forms.IntegerField(label=_("Ваша оценка встречи, от 1 до 5"), widget=_number(1, 5))


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Цель"), max_length=300, required=False)
    due = forms.DateField(label=_("Срок (по желанию)"), required=False, widget=_date())


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Статус цели"), choices=GoalStatus.choices)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Задание"), max_length=300, required=False)
    details = forms.CharField(
        label=_("Подробности"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    due = forms.DateField(label=_("Срок (по желанию)"), required=False, widget=_date())


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Статус задания"), choices=TaskStatus.choices)


class MessageForm(forms.Form):
    # Not required here: the service says what an empty message is, in one place.
    body = forms.CharField(
        label=_("Сообщение"),
        required=False,
        max_length=10000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ThreadReadForm(forms.Form):
    """ "Mark read" up to the last message the page showed; without it, the whole thread."""

    up_to = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        error_messages={"invalid": _("Не удалось понять, до какого сообщения вы прочитали.")},
    )


# --- The closing evaluation ---------------------------------------------------------------

# The questions as mentoring practice groups them; both sides answer about the mentee,
# the mentee about themselves ("self-assessment"), the mentor about the mentee's progress.
EVALUATION_GROUPS = (
    ("self", ("skills_gained", "goal_progress", "view_changed")),
    ("results", ("interview_invitations", "confidence_before", "confidence_after", "successes")),
    ("interaction", ("productivity", "support_met", "would_recommend", "comment")),
)
EVALUATION_GROUP_TITLES = {
    Side.MENTEE: {
        "self": _("Самооценка"),
        "results": _("Профессиональные результаты"),
        "interaction": _("Качество взаимодействия"),
    },
    Side.MENTOR: {
        "self": _("Прогресс подопечного"),
        "results": _("Профессиональные результаты подопечного"),
        "interaction": _("Качество взаимодействия"),
    },
}

EVALUATION_LABELS = {
    Side.MENTEE: {
        "skills_gained": _("Какие навыки вы приобрели?"),
        "goal_progress": _(
            "Насколько вы продвинулись к своей цели? 0 — никак, 10 — цель достигнута"
        ),
        "view_changed": _("Как изменился ваш взгляд на новую профессию?"),
        "interview_invitations": _("Сколько приглашений на собеседования вы получили?"),
        "confidence_before": _("Ваша уверенность в смене профессии до наставничества, 1–10"),
        "confidence_after": _("Ваша уверенность сейчас, 1–10"),
        "successes": _("Конкретные успехи: проекты, офферы, первые заказы"),
        "productivity": _("Насколько продуктивной была работа с наставником? 1–5"),
        "support_met": _("Поддержка наставника соответствовала вашим ожиданиям?"),
        "would_recommend": _("Порекомендуете ли вы этого наставника другим? 0–10"),
        "comment": _("Комментарий"),
    },
    Side.MENTOR: {
        "skills_gained": _("Какие навыки приобрёл подопечный?"),
        "goal_progress": _(
            "Насколько подопечный продвинулся к своей цели? 0 — никак, 10 — цель достигнута"
        ),
        "view_changed": _("Как изменился взгляд подопечного на новую профессию?"),
        "interview_invitations": _(
            "Сколько приглашений на собеседования получил подопечный (насколько вам известно)?"
        ),
        "confidence_before": _("Уверенность подопечного до наставничества, по вашей оценке, 1–10"),
        "confidence_after": _("Уверенность подопечного сейчас, по вашей оценке, 1–10"),
        "successes": _("Конкретные успехи подопечного: проекты, офферы, первые заказы"),
        "productivity": _("Насколько продуктивной была работа с подопечным? 1–5"),
        "support_met": _("Удалось ли дать ту поддержку, которой ждал подопечный?"),
        "would_recommend": _("Порекомендуете ли вы наставничество здесь коллегам? 0–10"),
        "comment": _("Комментарий"),
    },
}


def _text(rows: int = 3) -> forms.CharField:
    return forms.CharField(
        required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": rows})
    )


class EvaluationForm(forms.Form):
    skills_gained = _text()
    goal_progress = forms.IntegerField(widget=_number(*RANGES["goal_progress"]))
    view_changed = _text()
    interview_invitations = forms.IntegerField(
        initial=0, widget=_number(*RANGES["interview_invitations"])
    )
    confidence_before = forms.IntegerField(widget=_number(*RANGES["confidence_before"]))
    confidence_after = forms.IntegerField(widget=_number(*RANGES["confidence_after"]))
    successes = _text()
    productivity = forms.IntegerField(widget=_number(*RANGES["productivity"]))
    support_met = forms.ChoiceField(choices=SupportMet.choices, widget=forms.RadioSelect)
    would_recommend = forms.IntegerField(widget=_number(*RANGES["would_recommend"]))
    comment = _text()

    def __init__(self, *args, side: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.side = side
        for name, label in EVALUATION_LABELS[side].items():
            self.fields[name].label = label

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The bound fields in their question groups, for the template."""
        titles = EVALUATION_GROUP_TITLES[self.side]
        return [(titles[key], [self[name] for name in names]) for key, names in EVALUATION_GROUPS]


# --- Notifications ---------------------------------------------------------------------------


class NotificationChannelsForm(forms.Form):
    """Per kind: e-mail, Telegram or both (shown once a Telegram chat is linked)."""

    def __init__(self, *args, channels: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in NotificationKind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label, choices=Channel.choices, initial=channels.get(kind, Channel.BOTH)
            )


class NotificationSettingsForm(forms.Form):
    """A checkbox per kind: ticked means on. Unticked kinds are switched off."""

    def __init__(self, *args, off: list[str] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in NotificationKind.choices:
            self.fields[kind] = forms.BooleanField(
                label=label, required=False, initial=kind not in off
            )

    def off(self) -> list[str]:
        return [kind for kind in NotificationKind.values if not self.cleaned_data.get(kind)]
