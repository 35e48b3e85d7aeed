"""Every write about people and their profiles.

Callers pass values that are already well-formed (the API serializers and the
forms check types and shapes); the rules about what may be stored live here.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from accounts.models import Consent, Format, MenteeProfile, MentorProfile, User
from accounts.names import clean_full_name
from core.errors import InvalidInput
from core.hooks import Hook
from core.notifications import in_language
from core.personal_data import person_forget, person_lock

MENTEE_FIELDS = frozenset(
    {
        "goal_area", "skills", "current_role", "current_field", "target_role", "stage",
        "goals", "can_offer", "formats", "languages", "availability", "timezone", "city",
    }
)  # fmt: skip
MENTOR_FIELDS = frozenset(
    {
        "goal_areas", "skills", "headline", "bio", "years_experience", "switched_from",
        "switched_from_role", "switched_to", "capacity", "accepting_mentees", "formats",
        "languages", "availability", "timezone", "city",
    }
)  # fmt: skip
M2M_FIELDS = frozenset({"skills", "languages", "goal_areas"})


def user_sign_up(
    *,
    email: str,
    password: str,
    full_name: str,
    timezone_name: str,
    consent: bool,
    language: str = settings.LANGUAGE_CODE,
) -> User:
    """Creates the account with its consent record; the welcome letter and the address
    confirmation letter go after commit, in `language` (the one the person signed up in,
    which their letters and notifications keep until they switch)."""
    from accounts.confirmation import confirmation_letter_enqueue
    from accounts.tasks import send_welcome_email

    if not consent:
        raise InvalidInput(
            _("Без согласия на обработку персональных данных регистрация невозможна."),
            field="consent",
        )
    email = User.objects.normalize_email(email).lower()
    full_name = _full_name(full_name)
    candidate = User(email=email, full_name=full_name)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as error:
        raise InvalidInput(" ".join(error.messages), field="password") from error
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email,
                password=password,
                full_name=full_name,
                timezone=timezone_name,
                language=language if language in dict(settings.LANGUAGES) else "ru",
            )
            Consent.objects.create(
                user=user,
                kind=Consent.Kind.PERSONAL_DATA,
                version=settings.PERSONAL_DATA_CONSENT_VERSION,
            )
            send_welcome_email.delay_on_commit(user.pk)
            confirmation_letter_enqueue(user_id=user.pk)
    except IntegrityError as error:
        # Two sign-ups with one address at once: the unique index decides.
        raise InvalidInput(
            _("Пользователь с таким e-mail уже зарегистрирован."), field="email"
        ) from error
    return user


def email_is_taken(email: str) -> bool:
    return User.objects.filter(email__iexact=email.strip()).exists()


def api_token_get(*, user: User) -> str:
    token, _created = Token.objects.get_or_create(user=user)
    return token.key


def api_token_revoke(*, user: User) -> None:
    """Ends the person's API token; the next sign-in through the API gets a new one."""
    Token.objects.filter(user=user).delete()


def user_password_set(*, user: User, password: str) -> User:
    """A new password, by a reset letter, the person's own change or an administrator.

    Whoever knew the old password may hold the API token too, so the token
    ends with it (browser sessions end by Django's session hash, except the
    one the person changes it from, which the page keeps).
    """
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        api_token_revoke(user=user)
    return user


def _full_name(value: str) -> str:
    try:
        return clean_full_name(value)
    except ValidationError as error:
        raise InvalidInput(error.messages[0], field="full_name") from error


def user_update(
    *,
    user: User,
    full_name: str | None = None,
    timezone_name: str | None = None,
    language: str | None = None,
) -> User:
    if full_name is not None:
        user.full_name = _full_name(full_name)
    if timezone_name is not None:
        user.timezone = timezone_name
    if language is not None:
        user.language = language
    user.save(update_fields=["full_name", "timezone", "language"])
    return user


def welcome_email_send(*, user_id: int) -> bool:
    """Sends the welcome letter once; returns whether this call sent it.

    The row is claimed with a conditional UPDATE first, so a task delivered
    twice (or run by two workers) sends one letter. A worker that dies between
    the claim and the send loses that letter: a welcome is not worth a
    duplicate.
    """
    claimed = User.objects.filter(pk=user_id, welcome_sent_at__isnull=True).update(
        welcome_sent_at=timezone.now()
    )
    if not claimed:
        return False
    user = User.objects.get(pk=user_id)
    with in_language(user):
        subject = render_to_string("accounts/email/welcome_subject.txt", {"user": user}).strip()
        body = render_to_string("accounts/email/welcome.txt", {"user": user})
    send_mail(subject, body, None, [user.email])
    return True


# --- Profiles --------------------------------------------------------------------


def mentee_sign_up(*, user: User, **fields: Any) -> tuple[MenteeProfile, bool]:
    """Creates or replaces the person's mentee profile; returns it and whether it is new."""
    _check_fields(fields, MENTEE_FIELDS)
    with transaction.atomic():
        profile = MenteeProfile.objects.select_for_update().filter(user=user).first()
        created = profile is None
        if created:
            profile = MenteeProfile(user=user, timezone=user.timezone)
        _apply(profile, fields)
        _suggestions_changed(mentee=profile)
    if created:
        user.forget_roles()
    return profile, created


def mentee_update(*, user: User, **fields: Any) -> MenteeProfile:
    _check_fields(fields, MENTEE_FIELDS)
    with transaction.atomic():
        profile = MenteeProfile.objects.select_for_update().get(user=user)
        _apply(profile, fields)
        _suggestions_changed(mentee=profile)
    return profile


# What follows a profile change, called inside its transaction: matching adds its
# refresh of suggestions here from MatchingConfig.ready() (and waits for the commit),
# since a change moves the person in or out of suggestion lists this app knows
# nothing of.
profile_changed = Hook()


def _suggestions_changed(*, mentee: MenteeProfile | None = None, mentor_user_id: int = 0) -> None:
    """A mentee's profile changed (or, with no mentee, the mentor's of that user id)."""
    profile_changed(mentee=mentee, mentor_user_id=mentor_user_id)


def mentor_register(*, user: User, **fields: Any) -> tuple[MentorProfile, bool]:
    """Creates or replaces the person's mentor profile; returns it and whether it is new."""
    _check_fields(fields, MENTOR_FIELDS)
    with transaction.atomic():
        profile = MentorProfile.objects.select_for_update().filter(user=user).first()
        created = profile is None
        if created:
            profile = MentorProfile(user=user, timezone=user.timezone)
        else:
            _check_capacity(profile, fields.get("capacity"))
        _apply(profile, fields)
        _suggestions_changed(mentor_user_id=user.pk)
    if created:
        user.forget_roles()
    return profile, created


def mentor_update(*, user: User, **fields: Any) -> MentorProfile:
    _check_fields(fields, MENTOR_FIELDS)
    with transaction.atomic():
        # The row lock orders this against an accept that takes the last place.
        profile = MentorProfile.objects.select_for_update().get(user=user)
        _check_capacity(profile, fields.get("capacity"))
        _apply(profile, fields)
        _suggestions_changed(mentor_user_id=user.pk)
    return profile


HEADLINE_MAX_LENGTH = 150


def mentor_prefill_from_mentee(*, user: User) -> dict[str, Any]:
    """Answers for the mentor registration form, taken from the person's mentee profile.

    A former mentee mentors in the area they switched into, with the skills
    they set out to learn, and they made the very switch mentees look for:
    from their former field and role into that area. How and when they meet
    carries over as it is. Empty without a mentee profile. Nothing is saved:
    the person checks the answers, adds experience and a few words about
    themselves, and registers as usual (`mentor_register`).
    """
    mentee = (
        MenteeProfile.objects.filter(user=user)
        .select_related("goal_area")
        .prefetch_related("skills", "languages")
        .first()
    )
    if mentee is None:
        return {}
    area = mentee.goal_area.code
    return {
        "goal_areas": [area],
        "skills": [skill.code for skill in mentee.skills.all()],
        "switched_from": mentee.current_field,
        "switched_from_role": mentee.current_role,
        "switched_to": area,
        "headline": _mentor_headline(mentee),
        "languages": [language.code for language in mentee.languages.all()],
        "formats": mentee.format_codes,
        "availability": list(mentee.availability),
        "timezone": mentee.timezone,
        "city": mentee.city,
    }


def _mentor_headline(mentee: MenteeProfile) -> str:
    """The role reached and the way there: «Аналитик данных, в прошлом — учитель математики»."""
    target = mentee.target_role.strip()
    if not target:
        return ""
    target = target[:1].upper() + target[1:]
    before = mentee.current_role.strip()
    if before:
        headline = _("%(target)s, в прошлом — %(before)s") % {"target": target, "before": before}
        if len(headline) <= HEADLINE_MAX_LENGTH:
            return headline
    return target[:HEADLINE_MAX_LENGTH]


def _check_capacity(profile: MentorProfile, capacity: int | None) -> None:
    if capacity is not None and capacity < profile.active_mentees:
        raise InvalidInput(
            _("Мест не может быть меньше, чем подопечных у вас сейчас (%(count)s).")
            % {"count": profile.active_mentees},
            field="capacity",
        )


def _check_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")


def _apply(profile: MenteeProfile | MentorProfile, fields: dict[str, Any]) -> None:
    """Writes scalar fields, then the many-to-many sets, inside the caller's transaction."""
    if "formats" in fields and not fields["formats"]:
        raise InvalidInput(_("Выберите хотя бы один формат встреч."), field="formats")
    if "languages" in fields and not fields["languages"]:
        raise InvalidInput(_("Укажите хотя бы один язык."), field="languages")
    for name, value in fields.items():
        if name == "formats":
            profile.formats = Format.to_mask(value)
        elif name not in M2M_FIELDS:
            setattr(profile, name, value)
    try:
        profile.full_clean(exclude=["user", *M2M_FIELDS])
    except ValidationError as error:
        _raise_invalid(error)
    profile.save()
    for name in M2M_FIELDS & fields.keys():
        getattr(profile, name).set(fields[name])


def _raise_invalid(error: ValidationError) -> None:
    """Turns the model's own validation into the service error both adapters show."""
    for field, messages in error.message_dict.items():
        name = "non_field_errors" if field == "__all__" else field
        raise InvalidInput(" ".join(messages), field=name) from error


# --- Privacy ---------------------------------------------------------------------


def user_export(*, user: User) -> dict[str, Any]:
    """Every piece of the person's own data, and nothing of anyone else's."""
    from accounts.exports import export_user

    return export_user(user)


def user_delete(*, user: User) -> None:
    """Erases the person: the account, profiles, consents, tokens and every log naming them.

    Records shared with someone else (a mentorship) are kept for the other side
    with this person's references cleared by the foreign keys (SET_NULL). Every
    app takes its locks first (the mentorship app: the pair's rows, before the
    cascade reaches their sessions), then removes what must go, then the account
    goes (core.personal_data).
    """
    with transaction.atomic():
        person_lock(user)
        # Then the mentee's profile, as a request takes it before its match row
        # (matching.services): a request in flight lands before the erasure or not at all.
        list(MenteeProfile.objects.select_for_update().filter(pk=user.pk).values_list("pk"))
        person_forget(user)
        user.delete()
