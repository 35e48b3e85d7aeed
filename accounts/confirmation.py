"""A confirmed address: the letter with a signed, expiring link, resending it, and the rule
that an unconfirmed person neither sends nor accepts a request (nor is found as a mentor:
MentorProfile.objects.findable()).

The link carries the person's id and address signed with the secret key and the moment it
was made (django.core.signing): nothing is stored per letter, a changed address or secret
key spoils it, and it works once: confirming is a conditional UPDATE of an unconfirmed row.
"""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.limits import private_key, within_limit
from accounts.models import MentorProfile, User
from core.errors import Forbidden, ServiceError
from core.notifications import absolute_url, in_language

SALT = "accounts.email-confirmation"
LETTER_WINDOW_SECONDS = 60 * 60


class TooManyLetters(ServiceError):
    status = 429


class _Signer(signing.TimestampSigner):
    """Django's timestamped signer on a given clock, so tests pass `now`."""

    def __init__(self, now: dt.datetime) -> None:
        super().__init__(salt=SALT)
        self.now = now

    def timestamp(self) -> str:
        return signing.b62_encode(int(self.now.timestamp()))

    def unsign_at(self, value: str, *, max_age: dt.timedelta) -> str:
        payload, stamp = signing.Signer.unsign(self, value).rsplit(self.sep, 1)
        if self.now.timestamp() - signing.b62_decode(stamp) > max_age.total_seconds():
            raise signing.SignatureExpired
        return payload


def _max_age() -> dt.timedelta:
    return dt.timedelta(hours=settings.EMAIL_CONFIRMATION_HOURS)


def confirmation_link(*, user: User, now: dt.datetime | None = None) -> str:
    """The letter's link (on SITE_URL), valid EMAIL_CONFIRMATION_HOURS from `now`."""
    token = _Signer(now or timezone.now()).sign(f"{user.pk}:{user.email}")
    return absolute_url(reverse("accounts:confirm-email", args=[token]))


def email_confirm(*, token: str, now: dt.datetime | None = None) -> User:
    """Confirms the address the link names; a bad, expired or used link is refused."""
    now = now or timezone.now()
    try:
        payload = _Signer(now).unsign_at(token, max_age=_max_age())
    except signing.SignatureExpired:
        raise ServiceError(
            _("Срок действия ссылки истёк. Войдите и отправьте письмо ещё раз."),
            code="confirmation_expired",
        ) from None
    except signing.BadSignature:
        raise ServiceError(
            _("Ссылка повреждена или неверна."), code="confirmation_invalid"
        ) from None
    user_id, _sep, email = payload.partition(":")
    with transaction.atomic():
        confirmed = User.objects.filter(
            pk=int(user_id), email=email, is_active=True, email_confirmed_at__isnull=True
        ).update(email_confirmed_at=now)
        if not confirmed:
            raise ServiceError(
                _("Ссылка уже использована или больше не действует."), code="confirmation_used"
            )
        user = User.objects.get(pk=int(user_id))
        if MentorProfile.objects.filter(user=user).exists():
            # A mentor who now may be found enters the suggestion lists within reach.
            from accounts.services import profile_changed

            profile_changed(mentee=None, mentor_user_id=user.pk)
    return user


def check_email_confirmed(user: User) -> None:
    """Requests are sent and accepted from a confirmed address only (403 otherwise)."""
    if not user.email_confirmed:
        raise Forbidden(
            _(
                "Сначала подтвердите адрес %(email)s: откройте ссылку из письма. "
                "Письмо можно отправить ещё раз со страницы профиля."
            )
            % {"email": user.email},
            code="email_unconfirmed",
        )


def confirmation_letter_enqueue(*, user_id: int) -> int:
    """Counts one more letter asked for and sends it after commit; returns its number."""
    from accounts.tasks import send_confirmation_email

    with transaction.atomic():
        User.objects.filter(pk=user_id).update(
            confirmation_letters_asked=F("confirmation_letters_asked") + 1
        )
        number = User.objects.values_list("confirmation_letters_asked", flat=True).get(pk=user_id)
        send_confirmation_email.delay_on_commit(user_id, number)
    return number


def confirmation_letter_resend(*, user: User) -> int:
    """The person asks for the letter again: not once confirmed (409), a few an hour (429)."""
    if user.email_confirmed:
        raise ServiceError(_("Адрес уже подтверждён."), code="already_confirmed")
    allowed = within_limit(
        private_key("confirm-email:user", str(user.pk)),
        limit=settings.EMAIL_CONFIRMATION_LETTER_LIMIT,
        window_seconds=LETTER_WINDOW_SECONDS,
    )
    if not allowed:
        raise TooManyLetters(
            _("Письмо уже отправлялось несколько раз. Попробуйте через час."),
            code="too_many_letters",
        )
    return confirmation_letter_enqueue(user_id=user.pk)


def confirmation_email_send(*, user_id: int, number: int, now: dt.datetime | None = None) -> bool:
    """Sends letter `number` once; returns whether this call sent it.

    The letter is claimed by moving `confirmation_letters_sent` up to its number
    (a conditional UPDATE), as the welcome letter is: a task delivered twice, or
    an older letter's task arriving after a newer one's, sends nothing, and nothing
    goes to an address already confirmed. A worker that dies between the claim and
    the send loses that letter; the person asks again from the banner.
    """
    claimed = User.objects.filter(
        pk=user_id,
        is_active=True,
        email_confirmed_at__isnull=True,
        confirmation_letters_sent__lt=number,
    ).update(confirmation_letters_sent=number)
    if not claimed:
        return False
    user = User.objects.get(pk=user_id)
    context = {
        "user": user,
        "link": confirmation_link(user=user, now=now),
        "hours": settings.EMAIL_CONFIRMATION_HOURS,
    }
    with in_language(user):
        subject = render_to_string("accounts/email/confirm_subject.txt", context).strip()
        body = render_to_string("accounts/email/confirm.txt", context)
    send_mail(subject, body, None, [user.email])
    return True
