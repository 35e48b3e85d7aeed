import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import photos
from accounts import views as accounts_views
from core import telegram_webhook
from matching import urls as matching_urls
from matching import views as matching_views
from mentorship import match_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("telegram/webhook/<str:secret>/", telegram_webhook.webhook, name="telegram-webhook"),
    path("accounts/", include("accounts.urls")),
    path("mentors/", accounts_views.mentor_catalogue, name="mentor-catalogue"),
    path("mentors/<int:id>/", matching_views.mentor_card, name="mentor-card"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("accounts.urls_api")),
    path("api/v1/", include("matching.urls_api")),
    path("api/v1/", include("mentorship.urls_api")),
    path("api/v1/", include("programmes.urls_api")),
    # The match pages: matching's, and the answers that may start a mentorship (one floor up).
    path("matches/", include(([*matching_urls.urlpatterns, *match_views.urlpatterns], "matching"))),
    path("", include("mentorship.urls_pages")),
    path("programmes/", include("programmes.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its script as a file, so the page runs under our CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

# People's photos, served by the application itself when they are stored locally.
if settings.MEDIA_URL.startswith("/"):
    urlpatterns.append(
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.strip('/'))}/(?P<name>{photos.NAME_PATTERN})$",
            photos.photo_file,
            name="photo-file",
        )
    )
# The site's own error pages (core/error_pages.py; with DEBUG on, its middleware).
handler400 = "core.error_pages.bad_request"
handler403 = "core.error_pages.permission_denied"
handler404 = "core.error_pages.page_not_found"
handler500 = "core.error_pages.server_error"
