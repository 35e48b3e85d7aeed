from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from mentorship import health
from mentorship.outcomes import public_six_month_figure


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    # One honest public number, once there are enough answers (issue 16).
    return render(request, "mentorship/home.html", {"outcome": public_six_month_figure()})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {
        "database": health.database_ok(),
        "broker": health.broker_ok(),
        "cache": health.cache_ok(),
    }
    body = {name: "ok" if ok else "unavailable" for name, ok in checks.items()}
    body["status"] = "ok" if all(checks.values()) else "unavailable"
    return JsonResponse(body, status=200 if all(checks.values()) else 503)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's switcher, and the choice is remembered for a signed-in person's letters."""
    from accounts import services

    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.user_update(user=request.user, language=language)
    return response
