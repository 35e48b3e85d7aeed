from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from core.notifications import notifications_unread_count


def notifications(request: HttpRequest) -> dict[str, object]:
    """How many notifications the signed-in person has not read, for the navigation.

    Counted only when a template shows it, and never on a page whose view counted
    them already and put `unread_notifications` in its own context (the dashboard)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: notifications_unread_count(user=user))}
