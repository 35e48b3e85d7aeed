"""The schema lists each operation's error answers (core/schema.py).

The fuzz test (test_schema_fuzz.py) shows that no answer given is missing from
the schema; these show the rules that put them there, on the real schema and
on small views of their own.
"""

from typing import Any

import pytest
from django.urls import path
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.schema import OperationFacts, also, error_codes, never

HTTP_METHODS = {"get", "put", "post", "patch", "delete"}


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def _codes(openapi: dict[str, Any], method: str, url: str) -> set[int]:
    return {int(code) for code in openapi["paths"][url][method]["responses"]}


def _operations(openapi: dict[str, Any]):
    for url, item in openapi["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield method, url, operation


def test_asking_for_a_mentor_lists_invalid_input_sign_in_unknown_mentor_and_conflict(openapi):
    assert _codes(openapi, "post", "/api/v1/matches/") == {
        201, 400, 401, 403, 404, 409, 413, 415, 429,
    }  # fmt: skip


def test_goal_areas_need_no_sign_in_so_list_only_a_bad_token_as_401(openapi):
    operation = openapi["paths"]["/api/v1/goal-areas/"]["get"]
    assert _codes(openapi, "get", "/api/v1/goal-areas/") == {200, 400, 401, 429}
    assert "needs no sign-in" in operation["responses"]["401"]["description"]


@pytest.mark.django_db
def test_goal_areas_do_answer_401_to_a_bad_token(client):
    response = client.get("/api/v1/goal-areas/", HTTP_AUTHORIZATION="Token not-a-token")
    assert response.status_code == 401


def test_sign_up_authenticates_no_one_so_lists_no_401(openapi):
    assert 401 not in _codes(openapi, "post", "/api/v1/auth/signup/")
    assert {400, 413, 415, 429} <= _codes(openapi, "post", "/api/v1/auth/signup/")


def test_every_operation_lists_what_its_parts_can_answer(openapi):
    for method, url, operation in _operations(openapi):
        codes = {int(code) for code in operation["responses"]}
        public = {} in operation.get("security", [{}])
        assert 400 in codes, (method, url)
        if "{" in url:
            assert 404 in codes, (method, url)
        if "requestBody" in operation:
            assert {413, 415} <= codes, (method, url)
        if not public:
            assert 401 in codes, (method, url)
        else:
            assert 409 not in codes, (method, url)


def test_error_answers_have_a_json_body_and_429_says_when_to_retry(openapi):
    responses = openapi["paths"]["/api/v1/matches/"]["post"]["responses"]
    body = {code: responses[code]["content"]["application/json"]["schema"] for code in responses}
    assert body["400"] == {"$ref": "#/components/schemas/ValidationError"}
    assert body["409"] == {"$ref": "#/components/schemas/Error"}
    assert openapi["components"]["schemas"]["Error"]["required"] == ["detail"]
    assert "Retry-After" in responses["429"]["headers"]


def test_a_view_own_declaration_of_an_error_keeps_its_description_and_gets_a_body(openapi):
    locked_out = openapi["paths"]["/api/v1/auth/token/"]["post"]["responses"]["429"]
    assert locked_out["description"].startswith("Too many failed sign-ins")
    assert locked_out["content"]["application/json"]["schema"]["$ref"].endswith("/Error")


def test_an_empty_query_value_is_allowed_as_not_sent(openapi):
    parameters = openapi["paths"]["/api/v1/matches/"]["get"]["parameters"]
    assert all(parameter["allowEmptyValue"] for parameter in parameters)


# --- never() and also() on views of their own ---------------------------------------------


class Change(APIView):
    @extend_schema(request=None, responses={200: None})
    def post(self, request, pk: int) -> Response:
        return Response({})


@never(409)
class ChangeNeverInConflict(Change):
    pass


@never(403)
class ChangeOnlyByToken(ChangeNeverInConflict):
    pass


class ReadAnyone(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: None})
    @also(404)
    def get(self, request) -> Response:
        return Response({})


def _schema_of(view: type[APIView], route: str = "api/v1/x/<int:pk>/") -> dict[str, Any]:
    generator = SchemaGenerator(patterns=[path(route, view.as_view())])
    return generator.get_schema(request=None, public=True)


def test_never_removes_an_answer_the_rules_would_list():
    plain = _schema_of(Change)["paths"]["/api/v1/x/{id}/"]["post"]["responses"]
    declared = _schema_of(ChangeNeverInConflict)["paths"]["/api/v1/x/{id}/"]["post"]["responses"]
    assert "409" in plain
    assert set(plain) - set(declared) == {"409"}


def test_never_on_a_subclass_leaves_its_base_alone():
    assert "409" in _schema_of(Change)["paths"]["/api/v1/x/{id}/"]["post"]["responses"]


def test_a_subclass_never_adds_to_what_its_base_never_answers():
    responses = _schema_of(ChangeOnlyByToken)["paths"]["/api/v1/x/{id}/"]["post"]["responses"]
    assert not {"403", "409"} & set(responses)


def test_also_adds_an_answer_no_rule_sees():
    responses = _schema_of(ReadAnyone, "api/v1/y/")["paths"]["/api/v1/y/"]["get"]["responses"]
    assert set(responses) == {"200", "400", "401", "404", "429"}


# --- The rules, without a view ---------------------------------------------------------------

SIGNED_IN_CHANGE = OperationFacts(
    method="POST",
    reads_body=True,
    filters=False,
    paginated=False,
    path_parameters=False,
    authenticates=True,
    anonymous_allowed=False,
    session_auth=True,
    permission_beyond_sign_in=False,
    throttled=True,
)


def test_a_signed_in_change_with_a_body_can_meet_every_error_but_not_found():
    assert error_codes(SIGNED_IN_CHANGE) == {400, 401, 403, 409, 413, 415, 429}


def test_a_read_by_id_can_be_refused_or_not_found_but_not_in_conflict():
    facts = OperationFacts(**{
        **SIGNED_IN_CHANGE.__dict__, "method": "GET", "reads_body": False, "path_parameters": True,
    })  # fmt: skip
    assert error_codes(facts) == {400, 401, 403, 404, 429}


def test_a_token_only_change_is_refused_only_for_what_it_names():
    # No session, so no CSRF refusal; nothing named in the path, so nothing to refuse.
    facts = OperationFacts(**{**SIGNED_IN_CHANGE.__dict__, "session_auth": False})
    assert 403 not in error_codes(facts)
    facts = OperationFacts(**{**facts.__dict__, "permission_beyond_sign_in": True})
    assert 403 in error_codes(facts)


def test_a_public_paginated_list_without_throttle_meets_only_a_bad_address_or_page():
    facts = OperationFacts(**{
        **SIGNED_IN_CHANGE.__dict__, "method": "GET", "reads_body": False, "paginated": True,
        "authenticates": False, "anonymous_allowed": True, "session_auth": False,
        "throttled": False,
    })  # fmt: skip
    assert error_codes(facts) == {400, 404}
