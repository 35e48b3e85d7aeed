"""Notifications: the list, "mark all read", and which kinds to receive."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import notifications
from core.errors import ServiceError
from core.forms import add_service_error
from mentorship import forms, selectors
from mentorship.pages.common import sent
from mentorship.pages.telegram import telegram_context

NOTIFICATIONS_SHOWN = 50


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    shown = list(selectors.notifications_of(user=user)[:NOTIFICATIONS_SHOWN])
    site = settings.SITE_URL.rstrip("/")
    for notification in shown:
        # Links are absolute for e-mail; on the page they stay on this host.
        notification.link = notification.url.removeprefix(site) or notification.url
    context = {
        "notifications": shown,
        "unread": selectors.unread_notifications_of(user=user).count(),
    }
    return render(request, "mentorship/notifications.html", context)


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    count = notifications.notifications_mark_read(user=request.user)
    messages.success(request, _("Отмечено прочитанными: %(count)s.") % {"count": count})
    return redirect("mentorship:notifications")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    user = request.user
    off = notifications.notification_settings_of(user)
    form = forms.NotificationSettingsForm(sent(request), off=off)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                notifications.notification_settings_set(user=user, off=form.off())
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Настройки уведомлений сохранены."))
                return redirect("mentorship:notification-settings")
    context = {"form": form, **telegram_context(user)}
    return render(request, "mentorship/notification_settings.html", context, status=status)
