"""Input and output shapes of the accounts API (see ../shared/API.md)."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts import photos
from accounts.availability import clean_slots
from accounts.models import (
    Background,
    Format,
    GoalArea,
    Language,
    MenteeProfile,
    MentorProfile,
    Skill,
    Stage,
    User,
)
from accounts.timezones import validate_timezone

FORMAT_CODES = list(Format.codes())


class TimezoneField(serializers.CharField):
    default_error_messages = {"blank": _("Укажите часовой пояс, например Europe/Moscow.")}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=64, validators=[validate_timezone], **kwargs)


class SlotSerializer(serializers.Serializer):
    """One weekly slot; documents the shape for the schema."""

    weekday = serializers.IntegerField(min_value=0, max_value=6)
    start = serializers.RegexField(r"^([01][0-9]|2[0-3]):(00|30)$")
    end = serializers.RegexField(r"^(([01][0-9]|2[0-3]):(00|30)|24:00)$")


@extend_schema_field(SlotSerializer(many=True))
class AvailabilityField(serializers.Field):
    """Weekly slots in the profile's zone: validated, sorted and merged by clean_slots."""

    def to_internal_value(self, data: Any) -> list[dict[str, Any]]:
        try:
            return clean_slots(data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    def to_representation(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return value


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class PhotoUrlField(serializers.Field):
    """The address of a person's photo (512 px), or null when they have none.

    Its source is the person (a User)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text", _("Адрес фото 512×512 (JPEG) или null — тогда показывают инициалы.")
        )
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: User) -> str | None:
        return photos.photo_url(value, request=self.context.get("request"))


class CodeField(serializers.SlugRelatedField):
    """A taxonomy code that must exist. NUL never reaches the database, which
    cannot even compare text holding it (a 500 otherwise)."""

    def __init__(self, model: type, **kwargs: Any) -> None:
        super().__init__(slug_field="code", queryset=model.objects.all(), **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


def _codes(model: type, **kwargs: Any) -> serializers.ListField:
    """A bounded list of taxonomy codes, each of which must exist."""
    return serializers.ListField(child=CodeField(model), **kwargs)


def _formats(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=FORMAT_CODES),
        allow_empty=False,
        min_length=1,
        max_length=len(FORMAT_CODES),
        **kwargs,
    )


# --- Accounts --------------------------------------------------------------------


@extend_schema_field({"type": "boolean", "enum": [True]})
class ConsentField(serializers.BooleanField):
    """A yes that must be given: `false` is a 400 (user_sign_up says why); the schema
    allows only `true`."""


class SignUpInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False, write_only=True)
    full_name = serializers.CharField(max_length=150)
    timezone = TimezoneField(required=False, default=settings.DEFAULT_USER_TIMEZONE)
    consent = ConsentField(
        help_text=_(
            "Согласие на обработку персональных данных (152-ФЗ): должно быть true. "
            "Даётся отдельно от пользовательского соглашения."
        )
    )


class SignUpOutput(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    token = serializers.CharField()


class TokenInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False, write_only=True)


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()


def _label(name: str) -> Any:
    """The model field's title, as a ModelSerializer would give it."""
    return capfirst(User._meta.get_field(name).verbose_name)


class MeOutput(serializers.Serializer):
    # Declared, not a ModelSerializer: that one rebuilds its fields from the model
    # on every request, which cost /api/v1/me/ more CPU than all the rest of its
    # serializing. The same fields, titles and limits (the schema is unchanged).
    id = serializers.IntegerField(read_only=True)
    email = serializers.EmailField(max_length=254, label=_label("email"))
    full_name = serializers.CharField(max_length=150, label=_label("full_name"))
    # Not required, like a model field with a default (the schema says so).
    timezone = serializers.CharField(max_length=64, required=False, label=_label("timezone"))
    roles = serializers.SerializerMethodField()
    photo_url = PhotoUrlField(source="*")
    email_confirmed = serializers.BooleanField(read_only=True)

    def get_roles(self, user: User) -> list[str]:
        # User.roles are the profiles a person has (the pages ask for a missing
        # one); coordinating a programme is a role too, but needs no profile.
        return user.roles + (["coordinator"] if user.is_coordinator else [])


class PhotoInput(serializers.Serializer):
    photo = serializers.FileField(
        allow_empty_file=False,
        help_text=_("JPEG, PNG или WebP, не больше 5 МБ."),
    )


class PhotoOutput(serializers.Serializer):
    photo_url = PhotoUrlField(source="*")


class MeInput(serializers.Serializer):
    full_name = serializers.CharField(max_length=150, required=False)
    timezone = TimezoneField(required=False)


# --- Taxonomy --------------------------------------------------------------------


class SkillOutput(serializers.ModelSerializer):
    class Meta:
        model = Skill
        fields = ["code", "name"]


class GoalAreaOutput(serializers.ModelSerializer):
    skills = SkillOutput(many=True, read_only=True)

    class Meta:
        model = GoalArea
        fields = ["code", "name", "skills"]


# --- Profiles --------------------------------------------------------------------


class ProfileInput(serializers.Serializer):
    """The fields both profiles share."""

    skills = _codes(Skill, max_length=60)
    formats = _formats()
    languages = _codes(Language, allow_empty=False, min_length=1, max_length=20)
    availability = AvailabilityField()
    timezone = TimezoneField(required=False)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)


class MenteeInput(ProfileInput):
    goal_area = CodeField(GoalArea)
    current_role = serializers.CharField(max_length=150)
    current_field = serializers.ChoiceField(
        choices=Background.choices, required=False, allow_blank=True
    )
    target_role = serializers.CharField(max_length=150, required=False, allow_blank=True)
    stage = serializers.ChoiceField(choices=Stage.choices)
    goals = serializers.CharField(max_length=4000)
    can_offer = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class MentorInput(ProfileInput):
    goal_areas = _codes(GoalArea, allow_empty=False, min_length=1, max_length=10)
    headline = serializers.CharField(max_length=150)
    bio = serializers.CharField(max_length=4000)
    years_experience = serializers.IntegerField(min_value=0, max_value=70)
    switched_from = serializers.ChoiceField(
        choices=Background.choices, required=False, allow_blank=True
    )
    switched_from_role = serializers.CharField(max_length=150, required=False, allow_blank=True)
    switched_to = CodeField(GoalArea, required=False, allow_null=True)
    capacity = serializers.IntegerField(min_value=1, max_value=20)
    accepting_mentees = serializers.BooleanField()


class ProfileOutput(serializers.ModelSerializer):
    id = serializers.IntegerField(source="user_id")
    skills = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    languages = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    formats = serializers.ListField(child=serializers.CharField(), source="format_codes")
    availability = AvailabilityField()

    common_fields = ["id", "skills", "formats", "languages", "availability", "timezone", "city"]


class MenteeOutput(ProfileOutput):
    goal_area = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = MenteeProfile
        fields = [
            *ProfileOutput.common_fields,
            "goal_area", "current_role", "current_field", "target_role", "stage", "goals",
            "can_offer", "created_at", "updated_at",
        ]  # fmt: skip


class MentorOutput(ProfileOutput):
    goal_areas = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    switched_to = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = MentorProfile
        fields = [
            *ProfileOutput.common_fields,
            "goal_areas", "headline", "bio", "years_experience", "switched_from",
            "switched_from_role", "switched_to", "capacity", "accepting_mentees",
            "created_at", "updated_at",
        ]  # fmt: skip


class MentorCardOutput(MentorOutput):
    """The public card: what anyone may see of a mentor, never contact data."""

    full_name = serializers.CharField(source="user.full_name")
    photo_url = PhotoUrlField(source="user")
    rating_avg = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text=_(
            "Средняя оценка подопечных, 1–5; байесовская: пока отзывов мало, она близка "
            "к нейтральной. Отзывы учитываются после окончания наставничества; null, пока "
            "их не оставили подопечные хотя бы трёх оконченных наставничеств."
        ),
    )
    rating_count = serializers.IntegerField(
        read_only=True, help_text=_("Сколько отзывов учтено; 0, пока оценка не опубликована.")
    )

    class Meta(MentorOutput.Meta):
        fields = [
            *ProfileOutput.common_fields,
            "full_name", "photo_url", "goal_areas", "headline", "bio", "years_experience",
            "switched_from", "switched_from_role", "switched_to", "capacity", "accepting_mentees",
            "rating_avg", "rating_count",
        ]  # fmt: skip
