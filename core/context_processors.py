from django.http import HttpRequest

from core.models import Notification


def notifications(request: HttpRequest) -> dict[str, int]:
    """How many notifications the signed-in person has not read, for the navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return {"unread_notifications": unread}
