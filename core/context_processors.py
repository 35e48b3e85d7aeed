from django.http import HttpRequest

from core.notifications import notifications_unread_count


def notifications(request: HttpRequest) -> dict[str, int]:
    """How many notifications the signed-in person has not read, for the navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": notifications_unread_count(user=user)}
