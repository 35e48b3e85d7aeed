"""Fixtures shared by every test: people, a real Celery worker, a real browser."""

import contextlib
import datetime as dt
import importlib
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection
from django.utils import timezone

from mentorship.celery import app as celery_app
from tests import clock, factories
from tests.factories import MenteeFactory, MentorFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    """`make mutate MODULE=…` runs only the test files that cover the module
    (MUTATE_TESTS, paths separated by spaces): mutmut's own choice, every test that
    calls the mutated function, includes the page and API tests and takes hours."""
    only = os.environ.get("MUTATE_TESTS", "").split()
    if not only:
        return
    keep = [item for item in items if item.nodeid.startswith(tuple(only))]
    if len(keep) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in keep])
        items[:] = keep


# Page states axe checked in this run (tests/e2e/conftest.py), and in how many tests.
# Counted from the test reports, which reach this process from every xdist process.
AXE_TOTALS = {"checked": 0, "tests": 0, "pages": set()}


def pytest_runtest_logreport(report):
    properties = dict(report.user_properties) if report.when == "call" else {}
    if "axe_checked" in properties:
        AXE_TOTALS["checked"] += properties["axe_checked"]
        AXE_TOTALS["tests"] += 1
        AXE_TOTALS["pages"] |= set(properties.get("axe_pages", ()))


def pytest_terminal_summary(terminalreporter):
    if AXE_TOTALS["tests"]:
        terminalreporter.write_line(
            f"axe-core: {AXE_TOTALS['checked']} page states checked in {AXE_TOTALS['tests']}"
            f" browser tests ({len(AXE_TOTALS['pages'])} distinct addresses);"
            " serious or critical violations fail the test"
        )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Hashing strength is Django's concern; tests only need it to be correct.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


TRANSACTIONAL_FIXTURES = {
    "transactional_db",
    "live_server",
    "celery_worker",
    "two_celery_workers",
    "page",
}


@pytest.fixture(autouse=True)
def _taxonomy_in_transactional_tests(request):
    """Goal areas, skills and languages come from a data migration; a
    transactional test empties every table when it ends, and Django's
    serialized rollback did not always bring them back when plain tests ran
    first. So each transactional test gets them anew when they are missing."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        TRANSACTIONAL_FIXTURES & set(request.fixturenames)
    )
    if not transactional:
        return
    if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
        # A transactional test without it re-creates content types when it flushes,
        # and the next serialized test's restore then collides with them.
        pytest.fail("use django_db(transaction=True, serialized_rollback=True)")
    request.getfixturevalue("transactional_db")
    _seed_taxonomy_if_missing()


def _seed_taxonomy_if_missing() -> None:
    from accounts.models import GoalArea

    if not GoalArea.objects.exists():
        from django.apps import apps as django_apps

        migration = importlib.import_module("accounts.migrations.0003_seed_taxonomy")
        migration.seed(django_apps, SimpleNamespace(connection=connection))


@pytest.fixture(params=list(clock.WEEKS.values()), ids=list(clock.WEEKS))
def fixed_now(request) -> dt.datetime:
    """A fixed moment in each of the four weeks of tests/clock.py: a test that
    depends on the date takes it, passes it as `now`, and so runs four times."""
    return request.param


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """A test database kept from an earlier session (`--reuse-db`, as `make mutate`
    runs every mutant's tests) was left by that session's last transactional test
    without the taxonomy its migration seeds: it comes back before the first test."""
    with django_db_blocker.unblock():
        _seed_taxonomy_if_missing()


@pytest.fixture
def user(db):
    return factories.UserFactory()


@pytest.fixture
def mentee(db):
    """A mentee profile (analytics, Moscow); `mentee.user` is the person."""
    return factories.MenteeFactory()


@pytest.fixture
def mentor(db):
    """A mentor profile (analytics, Moscow, two places); `mentor.user` is the person."""
    return factories.MentorFactory()


@pytest.fixture
def stranger(db):
    """Someone who must see nothing of the other people in a test."""
    return factories.UserFactory()


@pytest.fixture
def api():
    """A DRF client; `api.force_authenticate(user)` signs it in."""
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture(autouse=True)
def _russian_by_default():
    """Each test starts in the site's language: a request in English earlier in the
    same thread must not leave service messages in English for the next test."""
    from django.utils import translation

    with translation.override("ru"):
        yield


@pytest.fixture(autouse=True)
def _no_kept_mentor_matrix():
    """The packed mentors a process keeps follow the change log, but a test's
    rollback or flush undoes rows without a trace in it: each test starts without."""
    from matching import mentor_matrix

    mentor_matrix.forget()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    """Where stored files (photos) go: a folder of the test's own, never the checkout's."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits and lockouts live in the cache; each test starts from zero.
    from django.core.cache import cache

    cache.clear()


# --- Programmes ----------------------------------------------------------------


@pytest.fixture
def coordinator(db):
    return UserFactory(full_name="Координатор Программы")


@pytest.fixture
def programme(coordinator):
    from programmes import services as programme_services

    today = timezone.localdate()
    return programme_services.programme_create(
        user=coordinator,
        name="Весенний поток",
        goal_areas=["analytics"],
        starts_on=today,
        ends_on=today + dt.timedelta(days=90),
    )


@pytest.fixture
def cohort(programme):
    """Five mentees and two mentors with two places each: one mentee must stay unmatched."""
    from programmes import services as programme_services

    mentees = [MenteeFactory() for _ in range(5)]
    mentors = [MentorFactory(capacity=2) for _ in range(2)]
    for profile in mentees:
        programme_services.programme_join(
            user=profile.user, join_code=programme.join_code, role="mentee"
        )
    for profile in mentors:
        programme_services.programme_join(
            user=profile.user, join_code=programme.join_code, role="mentor"
        )
    return mentees, mentors


# --- Celery --------------------------------------------------------------------


def _purge(queue: str) -> None:
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)


@pytest.fixture(scope="session", autouse=True)
def _empty_task_queue() -> Iterator[None]:
    """Tasks published by tests without a worker must not reach a later worker."""
    queue = celery_app.conf.task_default_queue
    _purge(queue)
    yield
    _purge(queue)


@dataclass
class Worker:
    process: subprocess.Popen
    hostname: str
    mail_dir: Path
    log_path: Path
    own_queue: str = ""  # the queue only this worker takes (two_celery_workers)

    def sent_mail(self) -> list[str]:
        return [path.read_text() for path in sorted(self.mail_dir.glob("*.log"))]

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def celery_worker(
    request, transactional_db, django_db_serialized_rollback, tmp_path
) -> Iterator[Worker]:
    """A real `celery worker` process on Redis and the test database.

    `@pytest.mark.worker_env(NAME="value")` adds to the worker's environment.

    Transactional tests only: the worker sees what the test has committed.
    Every transactional test restores the migrated data (goal areas, skills,
    languages, content types) afterwards; mixing tests that do with tests that
    do not makes Django's restore collide with recreated content types.
    """
    with _worker_process(request, tmp_path) as worker:
        yield worker


@pytest.fixture
def two_celery_workers(
    request, transactional_db, django_db_serialized_rollback, tmp_path
) -> Iterator[tuple[Worker, Worker]]:
    """Two real worker processes (as `celery_worker`) sharing the task queue; each
    also takes the tasks sent to its own queue, `worker.own_queue`."""
    with (
        _worker_process(request, tmp_path / "one", own_queue=True) as one,
        _worker_process(request, tmp_path / "two", own_queue=True) as two,
    ):
        yield one, two


@contextlib.contextmanager
def _worker_process(request, tmp_path: Path, *, own_queue: bool = False) -> Iterator[Worker]:
    queue = celery_app.conf.task_default_queue
    _purge(queue)
    hostname = f"test-{uuid.uuid4().hex[:8]}@localhost"
    queues = [queue, f"{queue}.{hostname}"] if own_queue else [queue]
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir(parents=True)
    log_path = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DB_CONN_MAX_AGE": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    marker = request.node.get_closest_marker("worker_env")
    if marker:
        env.update({name: str(value) for name, value in marker.kwargs.items()})
    command = [
        sys.executable, "-m", "celery", "-A", "mentorship", "worker",
        "--queues", ",".join(queues), "--hostname", hostname, "--concurrency", "1",
        "--pool", "prefork", "--without-gossip", "--without-mingle", "--loglevel", "info",
    ]  # fmt: skip
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    worker = Worker(process, hostname, mail_dir, log_path, queues[-1])
    try:
        _wait_until_ready(worker)
        yield worker
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for name in queues:
            _purge(name)


def _wait_until_ready(worker: Worker, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.process.poll() is not None:
            pytest.fail(f"the Celery worker exited early:\n{worker.log()}")
        if celery_app.control.ping(destination=[worker.hostname], timeout=0.5):
            return
    pytest.fail(f"the Celery worker did not start in {timeout}s:\n{worker.log()}")


# --- Browser -------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls the
    # tests make between browser steps are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    )
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser, live_server, django_db_serialized_rollback, request):
    """A fresh browser context for one test: Russian, Moscow time, a phone-sized screen."""
    marker = request.node.get_closest_marker("browser_context")
    options = {
        "locale": "ru-RU",
        "timezone_id": "Europe/Moscow",
        "viewport": {"width": 390, "height": 844},
        "base_url": live_server.url,
    }
    if marker:
        options.update(marker.kwargs)
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


# --- A real HTTP server ----------------------------------------------------------


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def _free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def gunicorn_server(
    request, django_db_setup, django_db_blocker, tmp_path_factory
) -> Iterator[Server]:
    """`gunicorn mentorship.wsgi` with one sync worker on a free loopback port.

    It serves the test database as a deployment would (DEBUG off, plain HTTP),
    one server for a test module (starting one takes seconds); a test that
    needs rows the server can see commits them (a transactional test).
    `pytestmark = pytest.mark.server_env(NAME="value")` adds to its environment.
    Failures that live in the HTTP server (body size, a connection closed
    mid-upload) are only seen through it, not through Django's test client.
    """
    import requests

    port = _free_port()
    log_path = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    env = {
        **os.environ,
        "DEBUG": "0",
        "HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DB_CONN_MAX_AGE": "0",
    }
    with django_db_blocker.unblock():
        env["DATABASE_URL"] = _database_url()
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    marker = request.node.get_closest_marker("server_env")
    if marker:
        env.update({name: str(value) for name, value in marker.kwargs.items()})
    command = [
        sys.executable, "-m", "gunicorn", "mentorship.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", "1", "--worker-class", "sync",
        "--timeout", "60", "--graceful-timeout", "5",
    ]  # fmt: skip
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Server(process, f"http://127.0.0.1:{port}", log_path)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"gunicorn exited early:\n{server.log()}")
            try:
                if requests.get(f"{server.url}/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not answer /healthz in 60 s:\n{server.log()}")
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
