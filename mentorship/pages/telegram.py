"""Telegram on the notification settings page: link a chat, choose channels, unlink.

Each view is a thin adapter over core.telegram and core.notifications; without a
bot token (TELEGRAM_BOT_TOKEN) none of it is shown and these views are 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import notifications, telegram
from core.errors import ServiceError
from mentorship import forms

SETTINGS = "mentorship:notification-settings"


def telegram_context(user) -> dict:
    """What the settings page shows of Telegram: nothing when the bot is not configured."""
    if not telegram.telegram_enabled():
        return {"telegram_enabled": False}
    chat = telegram.telegram_chat_of(user)
    channels = notifications.notification_channels_of(user)
    return {
        "telegram_enabled": True,
        "telegram_linked": bool(chat and chat.linked),
        "telegram_waiting": bool(chat and chat.code and not chat.linked),
        "channels_form": forms.NotificationChannelsForm(channels=channels, auto_id="channel-%s"),
    }


def _enabled() -> None:
    if not telegram.telegram_enabled():
        raise Http404


@login_required
@require_POST
def telegram_link(request: HttpRequest) -> HttpResponse:
    """A fresh one-time code, and off to the bot: its /start links the chat."""
    _enabled()
    return redirect(telegram.telegram_link_start(user=request.user))


@login_required
@require_POST
def telegram_unlink(request: HttpRequest) -> HttpResponse:
    _enabled()
    telegram.telegram_unlink(user=request.user)
    messages.success(request, _("Telegram отключён: уведомления приходят на e-mail."))
    return redirect(SETTINGS)


@login_required
@require_POST
def telegram_channels(request: HttpRequest) -> HttpResponse:
    _enabled()
    channels = notifications.notification_channels_of(request.user)
    form = forms.NotificationChannelsForm(request.POST, channels=channels)
    if not form.is_valid():
        messages.error(request, _("Выберите e-mail, Telegram или оба."))
        return redirect(SETTINGS)
    try:
        notifications.notification_channels_set(user=request.user, channels=form.cleaned_data)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Каналы уведомлений сохранены."))
    return redirect(SETTINGS)
