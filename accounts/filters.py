import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceIterator
from drf_spectacular.utils import extend_schema_field

from accounts.languages import LISTED_AS, same_language_codes
from accounts.models import Format, GoalArea, Language, MentorProfile, Skill
from accounts.search import QUERY_MAX_LENGTH, mentors_matching

EITHER = _("Не важно")


@extend_schema_field({"type": "string", "enum": ["true", "false"]})
class YesNoFilter(django_filters.TypedChoiceFilter):
    """`true` or `false` as written in the address, and nothing else (the schema says so)."""

    def __init__(self, *, empty_label=EITHER, **kwargs):
        # A page's select starts with no choice, said in words.
        choices = [("", empty_label), ("true", _("да")), ("false", _("нет"))]
        super().__init__(choices=choices, coerce=lambda value: value == "true", **kwargs)


class _ListedLanguages(ModelChoiceIterator):
    def __iter__(self):
        for value, label in super().__iter__():
            if str(value) not in LISTED_AS:
                yield value, label


class ListedLanguageFilter(django_filters.ModelChoiceFilter):
    """Accepts every language code, and offers each language once."""

    @property
    def field(self):
        field = super().field
        if field.iterator is not _ListedLanguages:
            field.iterator = _ListedLanguages
            field.widget.choices = field.choices
        return field


class MentorFilter(django_filters.FilterSet):
    """The catalogue's filters; an unknown code is a 400, not an empty page.

    `q` is the free-text search (accounts.search): it keeps the other filters
    and orders what is left best first.
    """

    q = django_filters.CharFilter(
        method="filter_search",
        max_length=QUERY_MAX_LENGTH,
        label=_("Поиск"),
        help_text=_("Слова из описания наставника, его навыков, прошлой профессии или города."),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("например, продакт-менеджер или SQL")}
        ),
    )
    goal_area = django_filters.ModelChoiceFilter(
        field_name="goal_areas", to_field_name="code", queryset=GoalArea.objects.all(),
        label=_("Направление"), empty_label=_("Любое направление"),
    )  # fmt: skip
    skill = django_filters.ModelChoiceFilter(
        field_name="skills", to_field_name="code", queryset=Skill.objects.all(),
        label=_("Навык"), empty_label=_("Любой навык"),
    )  # fmt: skip
    # Every code is accepted (the API's contract); the list shows each language once.
    language = ListedLanguageFilter(
        method="filter_language", queryset=Language.objects.all(), label=_("Язык"),
        empty_label=_("Любой язык"),
    )  # fmt: skip
    format = django_filters.ChoiceFilter(
        choices=[(code, member.label) for code, member in Format.codes().items()],
        method="filter_format",
        label=_("Формат"),
        empty_label=_("Любой формат"),
    )
    accepting = YesNoFilter(field_name="accepting_mentees", label=_("Принимает"))

    class Meta:
        model = MentorProfile
        fields = ["q", "goal_area", "skill", "language", "format", "accepting"]

    def filter_format(self, queryset, name: str, value: str):
        return queryset.offering_format(value)

    def filter_language(self, queryset, name: str, value: Language):
        # Norwegian finds those who wrote Bokmål too (accounts.languages.LISTED_AS).
        speakers = MentorProfile.objects.filter(languages__in=same_language_codes(value.code))
        return queryset.filter(pk__in=speakers.values("pk"))

    def filter_search(self, queryset, name: str, value: str):
        return mentors_matching(queryset, value)
