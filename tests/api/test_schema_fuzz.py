"""The whole OpenAPI schema against the application, in-process, on the test database.

Schemathesis generates valid and invalid requests for every operation the schema
describes and sends them to the Django WSGI application, signed in and anonymous,
and runs every check it has on each answer: no 5xx; the status code, content type,
headers and body are the ones the schema documents (core/schema.py lists every
operation's errors); invalid input is refused and valid input accepted; an
operation that needs sign-in refuses a missing or a wrong token. This holds for
operations added later too. Nothing but the few public operations answers
without sign-in.
"""

import datetime as dt
import json
import re
import struct
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.availability import index_to_time
from accounts.models import GoalArea, Language, Skill, User
from matching.models import Match
from mentorship import work
from mentorship.models import Goal, Mentorship, Phase, Session, Task
from mentorship.wsgi import application
from programmes import runs
from programmes import services as programme_services
from programmes.models import DraftPair, MatchingRun, Programme
from tests.factories import MenteeFactory, MentorFactory
from tests.programmes.conftest import run_inline

SCHEMA_URL = "/api/schema/"
OPENAPI_JSON = "application/vnd.oai.openapi+json"

# Operations anyone may call without signing in, by contract. A new public
# operation fails `test_every_other_operation_requires_sign_in` until it is
# added here on purpose.
PUBLIC_OPERATIONS = {
    ("POST", "/api/v1/auth/signup/"),
    ("POST", "/api/v1/auth/token/"),
    ("GET", "/api/v1/goal-areas/"),
    ("GET", "/api/v1/mentors/"),
    ("GET", "/api/v1/mentors/{id}/"),
}

# Valid input that is well-formed but does not fit what the database holds is a
# 400 on that field by contract (../shared/API.md); no schema can say which values
# those are, so for these operations a schema-valid request may meet a 400 too.
# Every other check stays as it is for them.
STATE_DEPENDENT_400 = {
    ("PUT", "/api/v1/me/photo/"): "the file's content: a `binary` field cannot say that it "
    "must decode as a JPEG, PNG or WebP image, and the coverage phase sends bytes of its own",
    ("POST", "/api/v1/auth/signup/"): "an e-mail already registered; a password that "
    "Django's validators refuse (too common, too like the e-mail or the name)",
    ("POST", "/api/v1/auth/token/"): "a wrong e-mail or password",
    ("POST", "/api/v1/programmes/join/"): "a join code no programme has",
    ("POST", "/api/v1/programmes/{id}/rules/"): "a person not in the programme's cohort",
    ("POST", "/api/v1/programmes/{id}/runs/{run_id}/pairs/"): "a person not in the cohort",
}
POSITIVE_STATUSES = ["2xx", "3xx", "401", "403", "404", "409", "429"]

# Per operation and besides the coverage phase's edge cases, valid and invalid requests
# about half and half: the module takes about 100 s on two idle cores.
MAX_EXAMPLES = 10
# Anonymous requests mostly meet the 401 before anything else reads them.
ANONYMOUS_EXAMPLES = 3
SEED = 20261126
HTTP_METHODS = {"get", "put", "post", "patch", "delete"}


def _load_schema() -> schemathesis.BaseSchema:
    config = schemathesis.Config.from_dict(
        {
            # A fixed seed: every run sends the same requests, so a failure reproduces.
            "seed": SEED,
            "generation": {
                "mode": "all",
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                # The test sends the credentials; generated ones would only produce 401s.
                "with-security-parameters": False,
                "database": "none",
                # A NUL byte anywhere is a documented 400 (core.middleware, DRF's
                # CharField), but OpenAPI cannot forbid it in the query parameters
                # that schemathesis adds beyond the declared ones, so valid requests
                # carry none. tests/mentorship/test_security.py covers the refusal.
                "allow-x00": False,
            },
            "operations": [
                {
                    "include-method": method,
                    "include-path": path,
                    "checks": {
                        "positive_data_acceptance": {
                            "expected-statuses": [*POSITIVE_STATUSES, "400"]
                        }
                    },
                }
                for method, path in STATE_DEPENDENT_400
            ]
            + [
                {
                    # A multipart upload: schemathesis 4.32 reports a "negative" case
                    # whose invalid component is the positive case itself (nothing was
                    # made invalid), and the valid upload is rightly accepted. Bad files
                    # are refused with a 400 in tests/accounts/test_photos.py.
                    "include-method": "PUT",
                    "include-path": "/api/v1/me/photo/",
                    "checks": {"negative_data_rejection": {"enabled": False}},
                }
            ],
            # The coverage phase sends the edge values and the methods the schema does
            # not list (unsupported_method, allow_header_conformance and
            # missing_required_header work there). The stateful phase would chain
            # operations on one person, which the savepoint per example undoes anyway.
            "phases": {"stateful": {"enabled": False}},
        }
    )
    # Loaded at collection, through the application itself; the schema view needs no
    # database. (`schemathesis.pytest.from_fixture` would defer it to a fixture, but its
    # subtests write `Function._nodeid`, which pytest 9.2 no longer has.)
    return schemathesis.openapi.from_wsgi(
        SCHEMA_URL, application, config=config, headers={"Accept": OPENAPI_JSON}
    )


schema = _load_schema()


# Valid values the schema cannot express: codes and ids that exist, IANA zone
# names, slots on the half-hour grid, dates near today. Random ones meet a 400,
# which a schema-valid request must not (positive_data_acceptance), so valid
# cases always draw these fields from here, and get past validation into the
# services. Invalid cases keep what was generated.
def _codes(model: type) -> st.SearchStrategy[str]:
    return st.sampled_from(sorted(model.objects.values_list("code", flat=True)))


def _slot() -> st.SearchStrategy[dict[str, Any]]:
    return st.tuples(st.integers(0, 6), st.integers(0, 47)).flatmap(
        lambda day_start: st.integers(day_start[1] + 1, 48).map(
            lambda end: {
                "weekday": day_start[0],
                "start": index_to_time(day_start[1]),
                "end": index_to_time(end),
            }
        )
    )


def _near_now() -> st.SearchStrategy[str]:
    """A session time the services accept: from 80 days ago to 300 days ahead, any offset."""
    return st.tuples(st.integers(-80 * 24, 300 * 24), st.integers(-12, 14)).map(
        lambda hours_offset: (
            (timezone.now() + dt.timedelta(hours=hours_offset[0]))
            .astimezone(dt.timezone(dt.timedelta(hours=hours_offset[1])))
            .replace(microsecond=0)
            .isoformat()
        )
    )


def _png() -> bytes:
    """The smallest valid PNG: one white pixel (for a `photo` upload, should one be fuzzed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _days_from_today(first: int, last: int) -> st.SearchStrategy[str]:
    today = timezone.localdate()
    return st.integers(first, last).map(lambda days: (today + dt.timedelta(days)).isoformat())


def _full_name() -> st.SearchStrategy[str]:
    letters = st.characters(categories=["L"], codec="utf-8")
    return st.tuples(st.text(letters, min_size=1, max_size=40), st.text(max_size=40)).map(
        lambda parts: parts[0] + parts[1].replace("\x00", "")
    )


VALID_FIELDS = {
    "goal_area": lambda: _codes(GoalArea),
    "switched_to": lambda: _codes(GoalArea),
    "goal_areas": lambda: st.lists(_codes(GoalArea), min_size=1, max_size=3, unique=True),
    "skill": lambda: _codes(Skill),
    "skills": lambda: st.lists(_codes(Skill), max_size=5, unique=True),
    "language": lambda: _codes(Language),
    "languages": lambda: st.lists(_codes(Language), min_size=1, max_size=3, unique=True),
    "timezone": lambda: st.sampled_from(["Europe/Moscow", "Asia/Vladivostok", "Europe/Berlin"]),
    "availability": lambda: st.lists(_slot(), max_size=4),
    "starts_at": _near_now,
    # Windows around today (mentorship.work, programmes.services); the fixture's
    # programme runs from today for 30 days, so either date alone fits it too.
    "due": lambda: _days_from_today(-30, 365),
    "starts_on": lambda: _days_from_today(-300, 0),
    "ends_on": lambda: _days_from_today(31, 700),
    "full_name": _full_name,
    "photo": lambda: st.just(_png()),
    # The schema says a string; the service takes only https:// links to a call.
    "call_url": lambda: st.sampled_from(["", "https://meet.example.org/abc-defg-hij"]),
}
ID_FIELDS = {
    "goal_area": lambda: _codes(GoalArea),
    "switched_to": lambda: _codes(GoalArea),
    "goal_areas": lambda: st.lists(_codes(GoalArea), min_size=1, max_size=3, unique=True),
    "skills": lambda: st.lists(_codes(Skill), max_size=5, unique=True),
    "languages": lambda: st.lists(_codes(Language), min_size=1, max_size=3, unique=True),
    "timezone": lambda: st.sampled_from(["Europe/Moscow", "Asia/Vladivostok", "Europe/Berlin"]),
    "availability": lambda: st.lists(_slot(), max_size=4),
    "starts_at": _near_now,
}
ID_FIELDS = {"id", "mentor", "mentee", "session_id", "goal_id", "task_id", "run_id", "pair_id"}
# Path parameters naming one model's rows; any other id is a person's or a match's.
PATH_IDS = {
    "session_id": Session,
    "goal_id": Goal,
    "task_id": Task,
    "run_id": MatchingRun,
    "pair_id": DraftPair,
}


def _existing_ids(path: str = "", name: str = "") -> list[int]:
    if name in PATH_IDS:
        return list(PATH_IDS[name].objects.values_list("pk", flat=True))
    if name == "id" and path.startswith("/api/v1/mentorships/"):
        return list(Mentorship.objects.values_list("pk", flat=True))
    if name == "id" and path.startswith("/api/v1/programmes/"):
        return list(Programme.objects.values_list("pk", flat=True))
    return [*User.objects.values_list("pk", flat=True), *Match.objects.values_list("pk", flat=True)]


@schema.hook
def flatmap_case(context, case):
    """Valid cases carry valid values where the schema cannot say what is valid.

    Codes that exist, IANA zones, slots on the grid, dates in a window around
    today: a schema-valid request must be accepted (positive_data_acceptance),
    so those fields are always drawn from VALID_FIELDS. Ids name rows that exist
    in half of the cases; an unknown one must be a 404, which the schema lists.
    """
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return st.just(case)
    replacements = {}
    for name, value in (case.path_parameters or {}).items():
        if name in ID_FIELDS:
            replacements["path", name] = _maybe_existing(value, _existing_ids(case.path, name))
    for name, value in (case.query or {}).items():
        if name in VALID_FIELDS and value not in (None, ""):
            replacements["query", name] = VALID_FIELDS[name]()
    for name, value in case.body.items() if isinstance(case.body, dict) else ():
        if name in ID_FIELDS:
            replacements["body", name] = _maybe_existing(value, _existing_ids())
        elif name in VALID_FIELDS and value is not None:
            replacements["body", name] = VALID_FIELDS[name]()

    def apply(values: dict[tuple[str, str], Any]) -> Any:
        places = {"path": case.path_parameters, "query": case.query, "body": case.body}
        for (where, name), value in values.items():
            places[where][name] = value
        return case

    return st.fixed_dictionaries(replacements).map(apply)


def _maybe_existing(generated: Any, existing: list[int]) -> st.SearchStrategy[Any]:
    return st.booleans().flatmap(
        lambda keep: st.just(generated) if keep or not existing else st.sampled_from(existing)
    )


def _first_code(model: type) -> str:
    return model.objects.order_by("code").values_list("code", flat=True)[0]


# The same fields for the coverage phase, whose cases no hook sees: one valid value each.
FIRST_VALID = {
    "goal_area": lambda: _first_code(GoalArea),
    "switched_to": lambda: _first_code(GoalArea),
    "goal_areas": lambda: [_first_code(GoalArea)],
    "skill": lambda: _first_code(Skill),
    "skills": lambda: [_first_code(Skill)],
    "language": lambda: _first_code(Language),
    "languages": lambda: [_first_code(Language)],
    "timezone": lambda: "Europe/Moscow",
    "availability": lambda: [{"weekday": 0, "start": "10:00", "end": "12:00"}],
    "starts_at": lambda: (timezone.now() + dt.timedelta(days=2)).replace(microsecond=0).isoformat(),
    "due": lambda: (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
    "starts_on": lambda: timezone.localdate().isoformat(),
    "ends_on": lambda: (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
    "full_name": lambda: "Анна",
    "photo": _png,
    "call_url": lambda: "https://meet.example.org/abc-defg-hij",
}
assert FIRST_VALID.keys() == VALID_FIELDS.keys()


def _coverage_case_made_valid(case) -> None:
    """A valid coverage-phase case gets FIRST_VALID where the schema cannot say what is valid."""
    meta = case.meta
    if meta is None or meta.phase.name.value != "coverage" or not meta.generation.mode.is_positive:
        return
    for place in (case.query, case.body):
        for name, value in place.items() if isinstance(place, dict) else ():
            if name in FIRST_VALID and value not in (None, ""):
                place[name] = FIRST_VALID[name]()


@pytest.fixture(scope="module")
def person(django_db_setup, django_db_blocker) -> Iterator[User]:
    """The person of every test here, made once (it takes a second) and rolled back at the end.

    The rows live in a transaction around the whole module; each test's own
    (pytest-django's `db`) is a savepoint inside it.
    """
    with django_db_blocker.unblock():
        module = transaction.atomic()
        module.__enter__()
        user = _person()
        key = Token.objects.create(user=user).key
    yield user, key
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        module.__exit__(None, None, None)


def _person() -> User:
    """Both a mentee and a mentor, with a match on each side: every operation applies to them.

    One more mentor has no match yet, so asking for a mentor can succeed too. Both
    matches are accepted, for the operations of a pair: the person's mentorship as a
    mentee starts (a session, a goal and a task in it); the one as a mentor is closing,
    where evaluations are given.
    """
    user = MentorFactory(user=MenteeFactory().user).user
    other_mentor = MentorFactory()
    other_mentee = MenteeFactory()
    MentorFactory()
    client = APIClient()
    matches = []
    for mentee, mentor in [(user, other_mentor.user), (other_mentee.user, user)]:
        client.force_authenticate(mentee)
        response = client.post("/api/v1/matches/", {"mentor": mentor.pk}, format="json")
        assert response.status_code == 201, response.content
        matches.append(response.json()["id"])
    mentorships = []
    for accepting, match in [(other_mentor.user, matches[0]), (user, matches[1])]:
        client.force_authenticate(accepting)
        response = client.post(f"/api/v1/matches/{match}/accept/")
        assert response.json()["mentorship"], response.content
        mentorships.append(response.json()["mentorship"])
    mentorship, closing = mentorships
    Mentorship.objects.filter(pk=closing).update(phase=Phase.CLOSING)
    soon = timezone.now() + dt.timedelta(days=2)
    work.session_create(
        user=user, mentorship_id=mentorship, starts_at=soon, duration_minutes=60, format="video"
    )
    work.goal_create(user=user, mentorship_id=mentorship, title="Сменить профессию")
    work.task_create(user=user, mentorship_id=mentorship, title="Резюме")
    # A programme the person coordinates, with a cohort and a finished draft.
    programme = programme_services.programme_create(
        user=user,
        name="Поток",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=30),
    )
    for member, role in [(other_mentee, "mentee"), (other_mentor, "mentor")]:
        programme_services.programme_join(
            user=member.user, join_code=programme.join_code, role=role
        )
    run_inline(runs.matching_run_start(user=user, programme_id=programme.pk, objective="score"))
    return user


@pytest.fixture
def token(person, db) -> str:
    return person[1]


@pytest.fixture
def in_process_requests() -> Iterator[None]:
    """Keeps the test's database connection across requests sent without Django's test client.

    Django closes a connection at the start and end of every request when it is
    inside a transaction, which would end the test's transaction; its test
    client switches this off in the same way.
    """
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    # Requests reach a real database; the fixtures are set up once per operation on purpose.
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
        HealthCheck.function_scoped_fixture,
    ],
)
def test_generated_requests_get_no_server_error_and_documented_answers(
    case, token, in_process_requests
):
    # Each example starts from the same state. Rate limits live in the cache (DRF
    # reads the rates once, at import, so settings cannot raise them), lockouts in
    # the database, and DELETE /me/ must not take the person away from later examples.
    cache.clear()
    savepoint = transaction.savepoint()
    try:
        _coverage_case_made_valid(case)
        case.call_and_validate(headers={"Authorization": f"Token {token}"})
    finally:
        transaction.savepoint_rollback(savepoint)


@schema.parametrize()
@settings(
    max_examples=ANONYMOUS_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
        HealthCheck.function_scoped_fixture,
    ],
)
def test_generated_requests_without_sign_in_get_documented_answers(
    case, person, db, in_process_requests
):
    # Anonymous, every operation but the public ones must answer 401 (ignored_auth,
    # status_code_conformance) whatever it is sent; the public ones as signed in.
    cache.clear()
    savepoint = transaction.savepoint()
    try:
        _coverage_case_made_valid(case)
        case.call_and_validate()
    finally:
        transaction.savepoint_rollback(savepoint)


# --- Sign-in is required everywhere but the public operations ---------------------


def _operations(openapi: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield method.upper(), path, operation


def _plausible(openapi: dict[str, Any], schema: dict[str, Any]) -> Any:
    """A value of the documented shape, good enough for a public operation to read it."""
    while "$ref" in schema:
        schema = openapi["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    for key in ("allOf", "oneOf", "anyOf"):
        if key in schema:
            return _plausible(openapi, schema[key][0])
    if "enum" in schema:
        return next(value for value in schema["enum"] if value not in ("", None))
    kind = schema.get("type", "object")
    if kind == "object":
        properties = schema.get("properties", {})
        return {
            name: _plausible(openapi, properties[name])
            for name in schema.get("required", properties)
            if not properties[name].get("readOnly")
        }
    if kind == "array":
        return [_plausible(openapi, schema.get("items", {}))]
    if kind == "integer":
        return max(schema.get("minimum", 1), 1)
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return True
    formats = {"email": "someone@example.org", "date": "2026-12-01"}
    return formats.get(schema.get("format"), "x")


def _request(openapi: dict[str, Any], path: str, operation: dict[str, Any], person: User):
    """The path with its parameters filled with an existing id, and a plausible JSON body."""
    integers = {
        parameter["name"]
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "path" and parameter.get("schema", {}).get("type") == "integer"
    }
    url = re.sub(r"\{(\w+)\}", lambda m: str(person.pk) if m[1] in integers else "x", path)
    content = operation.get("requestBody", {}).get("content", {})
    body = content.get("application/json", {}).get("schema")
    return url, "" if body is None else json.dumps(_plausible(openapi, body))


def test_every_other_operation_requires_sign_in(client, person, db):
    person = person[0]
    client.raise_request_exception = False  # a 500 is an answer to report with the others
    response = client.get(SCHEMA_URL, HTTP_ACCEPT=OPENAPI_JSON)
    assert response.status_code == 200, "the schema itself is public"
    openapi = response.json()
    operations = list(_operations(openapi))
    missing = PUBLIC_OPERATIONS - {(method, path) for method, path, _ in operations}
    assert not missing, "public operations of the contract are missing from the schema"

    answers = {}
    for method, path, operation in operations:
        url, body = _request(openapi, path, operation, person)
        response = client.generic(method, url, body, content_type="application/json")
        answers[(method, path)] = response.status_code

    assert not {op: code for op, code in answers.items() if code >= 500}, "a server error"
    public = {op: answers[op] for op in PUBLIC_OPERATIONS}
    assert not {op: code for op, code in public.items() if code in (401, 403)}, (
        "public by contract, yet refused without sign-in"
    )
    opened = {op: code for op, code in answers.items() if op not in public and code != 401}
    assert not opened, "answered without sign-in; add it to PUBLIC_OPERATIONS if that is meant"
    # DELETE /me/ and every other write were refused: the person is untouched.
    assert User.objects.filter(pk=person.pk, is_active=True).exists()
