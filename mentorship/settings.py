"""Settings for the whole project, read from the environment.

Every deployment value comes from an environment variable whose default suits
local development (`make run`): SQLite, tasks run in-process, DEBUG on.
The README lists every variable.
"""

import json
import os
import urllib.parse
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
# With DEBUG on, Django's technical 404 and 500 pages instead of the site's own.
DEBUG_TECHNICAL_ERRORS = env_bool("DEBUG_TECHNICAL_ERRORS", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
CSRF_FAILURE_VIEW = "core.error_pages.csrf_failure"
# The address people open, for links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "formtools",
    "core",
    "accounts",
    "matching",
    "mentorship",
    "programmes",
    # Above every app: the demo data and its loader, with the seed_demo command.
    "demo",
]

MIDDLEWARE = [
    # First: every error answer under /api/ leaves as JSON, whoever gave it.
    "core.http_guards.ApiJsonErrorsMiddleware",
    "core.http_guards.BodySizeLimitMiddleware",
    "core.middleware.RejectNulBytesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    # Inside the person's language and session: the site's error pages (DEBUG too).
    "core.error_pages.FriendlyErrorPagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.CSPMiddleware",
    "core.http_guards.ApiNoStoreMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

# The largest request body accepted (bytes); a larger one is answered 413 before
# it is read (core.http_guards). No page or endpoint needs more than a few KB.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("REQUEST_MAX_BYTES", str(1024 * 1024)))

ROOT_URLCONF = "mentorship.urls"
WSGI_APPLICATION = "mentorship.wsgi.application"
ASGI_APPLICATION = "mentorship.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "accounts.context_processors.roles",
                "core.context_processors.notifications",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# SQLite is only the zero-configuration default of `make run`; tests and every
# deployment use PostgreSQL through DATABASE_URL (empty counts as unset).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses sign-in attempts while a lockout holds.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Brute force: lock the pair (account, address) after repeated failures, so an
# attacker elsewhere cannot lock the real person out of their own account; and
# the address alone after more failures, which stops one address trying one
# password on many accounts (accounts.lockout weighs the two limits).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", "30"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Both the sign-in form and the API pass the e-mail to authenticate() as `username`.
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
PROXY_COUNT = int(os.environ.get("PROXY_COUNT") or "0")
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if PROXY_COUNT else ["REMOTE_ADDR"]
)
# Password reset letters per hour, per client address and per recipient
# (accounts.passwords); past them the page answers as usual and sends nothing.
PASSWORD_RESET_ADDRESS_LIMIT = int(os.environ.get("PASSWORD_RESET_ADDRESS_LIMIT", "10"))
PASSWORD_RESET_EMAIL_LIMIT = int(os.environ.get("PASSWORD_RESET_EMAIL_LIMIT", "3"))
# The address confirmation letter (accounts.confirmation): how long its link works, and
# how many letters a person may ask for in an hour (past that the API answers 429).
EMAIL_CONFIRMATION_HOURS = int(os.environ.get("EMAIL_CONFIRMATION_HOURS", "72"))
EMAIL_CONFIRMATION_LETTER_LIMIT = int(os.environ.get("EMAIL_CONFIRMATION_LETTER_LIMIT", "3"))
PERSONAL_DATA_CONSENT_VERSION = "2026-11"
# Telegram (core.telegram): without a bot token the option is hidden and nothing is sent.
TELEGRAM_BOT_TOKEN = os.environ.get("TELEGRAM_BOT_TOKEN", "")
TELEGRAM_API_URL = os.environ.get("TELEGRAM_API_URL") or "https://api.telegram.org"
TELEGRAM_BOT_NAME = os.environ.get("TELEGRAM_BOT_NAME", "")
# The webhook's address is /telegram/webhook/<secret>/; empty: the webhook answers 404.
TELEGRAM_WEBHOOK_SECRET = os.environ.get("TELEGRAM_WEBHOOK_SECRET", "")
TELEGRAM_TIMEOUT_SECONDS = float(os.environ.get("TELEGRAM_TIMEOUT_SECONDS", "10"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "mentorship:dashboard"
LOGOUT_REDIRECT_URL = "home"

# --- Languages and time -----------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Русский")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# A filter's empty choice says so in words (each filter names its own; this is the rest).
FILTERS_EMPTY_CHOICE_LABEL = _("Любое значение")
# One way to write a date per language (core/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["core.formats"]
# Stored in UTC; shown in the person's own zone (accounts.middleware).
USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_USER_TIMEZONE = "Europe/Moscow"

# --- Static files ----------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# --- Uploaded files (people's photos) ------------------------------------------
# Stored through Django's default storage: a local folder unless STORAGE_BACKEND
# names another backend (its options as JSON in STORAGE_OPTIONS). Files under a
# local MEDIA_URL are served by the application itself (accounts.photos).
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
PHOTO_MAX_BYTES = int(os.environ.get("PHOTO_MAX_BYTES", str(5 * 1024 * 1024)))
# Paths that take a file: their body may be as large as the file plus the form
# around it; a larger one is a 400 on that field (core.http_guards).
UPLOAD_LIMITS = {
    "/api/v1/me/photo/": ("photo", PHOTO_MAX_BYTES),
    "/accounts/profile/photo/": ("photo", PHOTO_MAX_BYTES),
}
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": json.loads(os.environ.get("STORAGE_OPTIONS") or "{}"),
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Celery ----------------------------------------------------------------
# `make test` runs the suite in several processes (pytest-xdist). Each takes its own
# task queue and cache database, as pytest-django gives each its own test database;
# the workers and servers a test starts inherit the variable and follow.
TEST_PROCESS = os.environ.get("PYTEST_XDIST_WORKER", "")
TEST_PROCESS_SUFFIX = f"-{TEST_PROCESS}" if TEST_PROCESS else ""
REDIS_URL = os.environ.get("REDIS_URL", "")
if not REDIS_URL and not DEBUG:
    # In-process tasks would run inside web requests, with a per-process cache
    # for rate limits and lockouts: only the zero-configuration demo may do that.
    raise ImproperlyConfigured("REDIS_URL must be set when DEBUG is off.")
# Without a broker the zero-configuration demo runs tasks in-process. Tests of
# task behaviour always start a real worker against Redis.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# Tasks are written to be safe to run twice, so a message is acknowledged only
# after the task finished and goes back to the queue if the worker dies.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT", "300"))
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 60
# A notification e-mail claimed by a run that vanished may be taken over after this.
NOTIFICATION_EMAIL_LEASE_SECONDS = int(
    os.environ.get("NOTIFICATION_EMAIL_LEASE_SECONDS", CELERY_TASK_TIME_LIMIT)
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers an unacknowledged message after the visibility timeout: the
# time a task of a worker killed outright waits before another worker runs it.
# It must be longer than the longest task, or a task still running is started
# again by a second worker (harmless, since tasks are safe to run twice, but
# wasted work). The README explains the choice.
CELERY_VISIBILITY_TIMEOUT = int(
    os.environ.get("CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT * 2)
)
# A web request publishes after commit through core/outbox.py: a broker that does
# not answer must fail the publish in about a second, not hold the request.
BROKER_CONNECT_TIMEOUT = float(os.environ.get("BROKER_CONNECT_TIMEOUT", "1"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": BROKER_CONNECT_TIMEOUT,
}
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_CONNECT_TIMEOUT
# One retry at once (a connection dropped by a Redis restart), then the outbox keeps it.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery") + TEST_PROCESS_SUFFIX
CELERY_BEAT_SCHEDULE = {
    # Tasks the broker refused when their request committed (core/outbox.py).
    "resend-outbox": {
        "task": "core.tasks.outbox_resend",
        "schedule": float(os.environ.get("OUTBOX_RESEND_SECONDS", "60")),
    },
    "refresh-suggestions": {
        "task": "matching.tasks.refresh_all_suggestions",
        "schedule": float(os.environ.get("SUGGESTIONS_REFRESH_SECONDS", 6 * 60 * 60)),
    },
    "expire-requests": {"task": "matching.tasks.expire_requests", "schedule": 15 * 60.0},
    "prune-mentor-changes": {
        "task": "matching.tasks.prune_mentor_changes",
        "schedule": 24 * 60 * 60.0,
    },
    "remind-mentors": {"task": "matching.tasks.remind_mentors", "schedule": 60 * 60.0},
    "refresh-track-records": {
        "task": "matching.tasks.refresh_track_records",
        "schedule": 24 * 60 * 60.0,
    },
    "fail-stuck-matching-runs": {
        "task": "programmes.tasks.fail_stuck_matching_runs",
        "schedule": 15 * 60.0,
    },
    "resend-unsent-notifications": {
        "task": "mentorship.tasks.resend_unsent_notifications",
        "schedule": 30 * 60.0,
    },
    "remind-sessions": {"task": "mentorship.tasks.remind_sessions", "schedule": 15 * 60.0},
    "nudge-quiet-pairs": {"task": "mentorship.tasks.nudge_quiet_pairs", "schedule": 6 * 60 * 60.0},
    "complete-overdue-closings": {
        "task": "mentorship.tasks.complete_overdue_closings",
        "schedule": 60 * 60.0,
    },
    # Follow-ups after a mentorship (issue 16).
    "send-follow-ups": {"task": "mentorship.tasks.send_follow_ups", "schedule": 60 * 60.0},
    "refresh-mentor-outcomes": {
        "task": "mentorship.tasks.refresh_mentor_outcomes",
        "schedule": 24 * 60 * 60.0,
    },
    "schedule-comparison-follow-ups": {
        "task": "programmes.tasks.schedule_comparison_follow_ups",
        "schedule": 24 * 60 * 60.0,
    },
}

# --- Cache -------------------------------------------------------------------
CACHE_URL = os.environ.get("CACHE_URL", REDIS_URL)
if CACHE_URL and TEST_PROCESS:
    # gw0 keeps the database number given, gw1 takes the next one, and so on.
    _cache_url = urllib.parse.urlsplit(CACHE_URL)
    _cache_db = int(_cache_url.path.strip("/") or 0) + int(TEST_PROCESS.removeprefix("gw"))
    CACHE_URL = _cache_url._replace(path=f"/{_cache_db}").geturl()
# Redis down is answered as an empty cache (core/resilient_cache.py), within a second.
CACHE_TIMEOUT = float(os.environ.get("CACHE_TIMEOUT", "1"))
CACHES = {
    "default": (
        {
            "BACKEND": "core.resilient_cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {"socket_connect_timeout": CACHE_TIMEOUT, "socket_timeout": CACHE_TIMEOUT},
        }
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # Parts of pages that are the same for every reader of a language ({% cache %} in
    # templates/base.html): texts and addresses that change only with a deployment,
    # which starts new processes, so each process keeps its own and nothing expires.
    "template_fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "template-fragments",
        "TIMEOUT": None,
    },
}

# Sessions live in the database and are read through a copy in the cache, so a
# signed-in page asks no query for its session; with Redis down they are read
# from the database and nobody is signed out. A copy lives at most this long, the
# bound on how stale it can be after an outage (core/sessions.py).
SESSION_ENGINE = "core.sessions"
SESSION_CACHE_SECONDS = int(os.environ.get("SESSION_CACHE_SECONDS", "300"))

# --- E-mail ------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Наставник <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- API -----------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token and browser session; never Basic auth, which would send passwords on every call.
    # The token's check also reads the person's roles, in the same query.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenWithRolesAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # drf-spectacular's, plus every operation's error answers (core/schema.py).
    "DEFAULT_SCHEMA_CLASS": "core.schema.ErrorResponsesAutoSchema",
    "DEFAULT_PARSER_CLASSES": ["core.api.StrictJSONParser"],
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    # `?format=` is the catalogue's meeting-format filter, not DRF's renderer switch.
    "URL_FORMAT_OVERRIDE": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # As for django-axes (AXES_IPWARE_PROXY_COUNT): X-Forwarded-For is read only
    # behind PROXY_COUNT proxies, and then only the address the last one saw.
    "NUM_PROXIES": PROXY_COUNT,
    # DRF's, counted in Redis in one round trip (core/throttling.py).
    "DEFAULT_THROTTLE_CLASSES": [
        "core.throttling.AnonRateThrottle",
        "core.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "300/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "1200/minute"),
        "auth": os.environ.get("API_THROTTLE_AUTH", "60/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mentorship API",
    "DESCRIPTION": "Mentor–mentee matching for people changing careers.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "BackgroundEnum": "accounts.models.Background",
        "MatchStatusEnum": "matching.models.MatchStatus",
        "SessionStatusEnum": "mentorship.models.SessionStatus",
        "GoalStatusEnum": "mentorship.models.GoalStatus",
        "TaskStatusEnum": "mentorship.models.TaskStatus",
        "RunStatusEnum": "programmes.models.RunStatus",
        "RuleKindEnum": "programmes.models.RuleKind",
        "RoleEnum": "programmes.models.Role",
        "NotificationKindEnum": "core.models.NotificationKind",
    },
    # Swagger UI is served by the application itself, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Security ----------------------------------------------------------------
# HTTPS is assumed wherever DEBUG is off; HTTPS=0 serves a production build over
# plain HTTP (the local docker compose stack) and gives up secure cookies.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
# The __Host- prefix pins a cookie to this exact host over HTTPS; browsers
# refuse it without Secure, so plain-HTTP development keeps the usual names.
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
LANGUAGE_COOKIE_NAME = "__Host-language" if HTTPS else "django_language"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Tasks run in-process (the zero-configuration demo) would print each
        # result — a cohort's candidates are megabytes — into the server's console.
        "celery.app.trace": {"level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else "INFO"},
    },
}
