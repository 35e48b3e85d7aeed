"""The bot's webhook: Telegram POSTs each update to /telegram/webhook/<secret>/."""

import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.telegram import telegram_enabled, telegram_update_receive


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, secret: str) -> HttpResponse:
    """Links a chat on "/start <code>"; any other update is taken and ignored (200), so
    Telegram does not send it again. The reply rides on the answer (a webhook reply),
    so linking needs no call out of here. Only the configured secret path exists."""
    expected = settings.TELEGRAM_WEBHOOK_SECRET
    if not (telegram_enabled() and expected and constant_time_compare(secret, expected)):
        raise Http404
    try:
        update = json.loads(request.body or b"null")
    except ValueError:
        return HttpResponseBadRequest("not JSON")
    chat_id = telegram_update_receive(update=update)
    if chat_id is None:
        return JsonResponse({})
    return JsonResponse(
        {
            "method": "sendMessage",
            "chat_id": chat_id,
            "text": _("Готово: уведомления «Наставника» будут приходить сюда."),
        }
    )
