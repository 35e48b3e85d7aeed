"""A planned session moved to another time: the other side is told, in their own zone."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from core.models import NotificationKind
from core.notifications import absolute_url, in_language, notify
from mentorship.models import Session
from mentorship.reminders import local_time, session_body


def session_moved_tell(*, session: Session, mover: User) -> int:
    """Notifies whoever of the pair did not move the session; returns how many were told.

    Called inside the move's transaction: the notification row commits with the
    new time, and its e-mail (or Telegram message) goes after the commit. The key
    names the move itself (the time written), so moving there and back again is
    told each time, and a retried request is told once.
    """
    told = 0
    url = absolute_url(reverse("mentorship:detail", args=[session.mentorship_id]))
    for person, other in session.mentorship.people():
        if person.pk == mover.pk:
            continue
        with in_language(person):
            title = _("%(name)s переносит встречу на %(when)s") % {
                "name": other.full_name if other else "—",
                "when": local_time(session.starts_at, person.timezone),
            }
            told += bool(
                notify(
                    user=person,
                    kind=NotificationKind.SESSION_MOVED,
                    key=f"session_moved:{session.pk}:{session.updated_at:%Y%m%d%H%M%S%f}:{person.pk}",
                    title=title,
                    body=session_body(session),
                    url=url,
                    about=other,
                )
            )
    return told
