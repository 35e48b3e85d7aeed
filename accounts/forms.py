"""HTML forms: they check shapes; services apply the rules and write."""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import Background, Format, GoalArea, Language, Skill, Stage, User
from accounts.timezones import canonical_timezone, timezone_choices
from accounts.widgets import AvailabilityField

# Shown first in language lists: what Russian speakers at home and abroad use most.
COMMON_LANGUAGES = ["ru", "en", "uk", "be", "kk", "uz", "ky", "hy", "ka", "az", "de", "sr", "tr"]
# What an optional select shows before a choice (never Django's «---------»).
NOT_CHOSEN = _("Не выбрано")
FORMAT_CHOICES = [(code, member.label) for code, member in Format.codes().items()]


class TimezoneField(forms.ChoiceField):
    """A zone read as its place and offset (accounts.timezones); the value stays the
    IANA name. An old alias (Europe/Kiev) shows as, and is saved as, its current name."""

    def __init__(self, **kwargs) -> None:
        super().__init__(choices=timezone_choices, **kwargs)

    def prepare_value(self, value):
        return canonical_timezone(value) if isinstance(value, str) else value

    def to_python(self, value) -> str:
        return canonical_timezone(super().to_python(value))


class SignUpForm(forms.Form):
    full_name = forms.CharField(label=_("Имя и фамилия"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    password = forms.CharField(
        label=_("Пароль"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Не короче 8 символов, не только цифры и не слишком простой."),
    )
    timezone = TimezoneField(
        label=_("Часовой пояс"),
        initial=settings.DEFAULT_USER_TIMEZONE,
        help_text=_("Определяется автоматически; время встреч показывается в нём."),
    )
    consent = forms.BooleanField(
        label=_("Я даю согласие на обработку моих персональных данных"),
        help_text=_("Отдельное согласие по закону № 152-ФЗ; текст — по ссылке ниже."),
        error_messages={
            "required": _("Без согласия на обработку персональных данных регистрация невозможна.")
        },
    )

    def clean_email(self) -> str:
        from accounts.services import email_is_taken

        email = self.cleaned_data["email"].lower()
        if email_is_taken(email):
            raise forms.ValidationError(_("Пользователь с таким e-mail уже зарегистрирован."))
        return email

    def clean(self) -> dict:
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class AccountForm(forms.Form):
    full_name = forms.CharField(label=_("Имя и фамилия"), max_length=150)
    timezone = TimezoneField(label=_("Часовой пояс"))


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Фотография"),
        help_text=_("JPEG, PNG или WebP, не больше 5 МБ. Мы обрежем её до квадрата."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )


class DeleteAccountForm(forms.Form):
    confirm_email = forms.EmailField(
        label=_("Введите свой e-mail, чтобы подтвердить удаление"), max_length=254
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_confirm_email(self) -> str:
        email = self.cleaned_data["confirm_email"]
        if email.lower() != self.user.email.lower():
            raise forms.ValidationError(_("Это не ваш e-mail."))
        return email


# --- Onboarding and profile steps -----------------------------------------------------


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Кем вы хотите быть в сервисе?"),
        choices=[
            ("mentee", _("Подопечным — ищу наставника")),
            ("mentor", _("Наставником — хочу помогать другим")),
        ],
        widget=forms.RadioSelect,
    )


class MenteeGoalsForm(forms.Form):
    goal_area = forms.ModelChoiceField(
        label=_("В какое направление вы переходите?"),
        queryset=GoalArea.objects.all(),
        to_field_name="code",
        widget=forms.RadioSelect,
        empty_label=None,
    )
    current_role = forms.CharField(
        label=_("Кем вы работаете сейчас?"),
        max_length=150,
        widget=forms.TextInput(attrs={"placeholder": _("например, учитель математики")}),
    )
    current_field = forms.ChoiceField(
        label=_("Из какой сферы вы переходите?"),
        choices=[("", NOT_CHOSEN), *Background.choices],
        required=False,
    )
    target_role = forms.CharField(
        label=_("Кем хотите стать?"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("например, аналитик данных")}),
    )
    stage = forms.ChoiceField(label=_("На каком вы этапе?"), choices=Stage.choices)
    goals = forms.CharField(
        label=_("Ваши цели своими словами"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Что хотите получить от наставничества: навыки, портфолио, первая работа…"),
    )
    can_offer = forms.CharField(
        label=_("Что можете предложить взамен (необязательно)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MentorGoalsForm(forms.Form):
    goal_areas = forms.ModelMultipleChoiceField(
        label=_("В каких направлениях вы готовы помогать?"),
        queryset=GoalArea.objects.all(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
    )
    headline = forms.CharField(
        label=_("Кратко о себе"),
        max_length=150,
        widget=forms.TextInput(attrs={"placeholder": _("например, продуктовый аналитик, 5 лет")}),
    )
    bio = forms.CharField(
        label=_("О себе и своём опыте"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    years_experience = forms.IntegerField(
        label=_("Сколько лет вы работаете в профессии?"), min_value=0, max_value=70
    )
    switched_from = forms.ChoiceField(
        label=_("Из какой сферы вы сами перешли? (необязательно)"),
        choices=[("", NOT_CHOSEN), *Background.choices],
        required=False,
        help_text=_("Подопечные ищут того, кто сделал такой же переход."),
    )
    switched_from_role = forms.CharField(
        label=_("Кем вы работали раньше? (необязательно)"), max_length=150, required=False
    )
    switched_to = forms.ModelChoiceField(
        label=_("В какое направление вы перешли? (необязательно)"),
        queryset=GoalArea.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=NOT_CHOSEN,
    )
    capacity = forms.IntegerField(
        label=_("Сколько подопечных вы готовы вести одновременно?"),
        min_value=1,
        max_value=20,
        initial=2,
    )
    accepting_mentees = forms.BooleanField(
        label=_("Принимаю новых подопечных"), required=False, initial=True
    )


class SkillsForm(forms.Form):
    # The question depends on who answers it (see __init__).
    LABELS = {"mentee": _("Чему хотите научиться?"), "mentor": _("В чём можете помочь?")}
    HELP = {
        "mentee": _("Отметьте навыки, которые хотите получить: по ним подберём наставника."),
        "mentor": _("Отметьте навыки, которым можете научить подопечного."),
    }

    skills = forms.ModelMultipleChoiceField(
        label=_("Навыки"),
        queryset=Skill.objects.all(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(
        self, *args, goal_areas=None, required: bool = False, role: str | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        if role in self.LABELS:
            self.fields["skills"].label = self.LABELS[role]
            self.fields["skills"].help_text = self.HELP[role]
        if goal_areas:
            self.fields["skills"].queryset = Skill.objects.filter(
                goal_areas__in=goal_areas
            ).distinct()
        self.fields["skills"].required = required


class AvailabilityForm(forms.Form):
    availability = AvailabilityField(
        label=_("Когда вам удобно встречаться? (в вашем часовом поясе)"), required=False
    )
    timezone = TimezoneField(label=_("Часовой пояс"))
    formats = forms.MultipleChoiceField(
        label=_("Форматы"), choices=FORMAT_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Языки общения"),
        queryset=Language.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_languages = forms.ModelMultipleChoiceField(
        label=_("Другие языки"),
        queryset=Language.objects.all(),
        required=False,
        help_text=_("Удерживайте Ctrl (на телефоне — просто касайтесь), чтобы выбрать несколько."),
    )
    city = forms.CharField(
        label=_("Город (необязательно, для личных встреч)"), max_length=100, required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A short list of checkboxes for the usual languages (and any already chosen);
        # the rest of the world in one compact select.
        initial = set(self.initial.get("languages") or [])
        listed = Language.objects.listed() | Language.objects.filter(code__in=initial)
        languages = sorted(listed, key=lambda lang: lang.name)
        common = {code: i for i, code in enumerate(COMMON_LANGUAGES)}
        first = sorted(
            (lang for lang in languages if lang.code in common or lang.code in initial),
            key=lambda lang: common.get(lang.code, 99),
        )
        self.fields["languages"].choices = [(lang.code, lang.name) for lang in first]
        self.fields["other_languages"].choices = [
            (lang.code, lang.name) for lang in languages if lang not in first
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        chosen = list(cleaned.get("languages") or []) + list(cleaned.pop("other_languages", []))
        if not chosen:
            self.add_error("languages", _("Укажите хотя бы один язык."))
        cleaned["languages"] = chosen
        return cleaned
