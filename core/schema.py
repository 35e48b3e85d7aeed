"""The error answers of every API operation, in the OpenAPI schema.

drf-spectacular documents what a view returns when all goes well. The errors
come from the machinery around the view, the same for every operation, so they
are derived here from what the operation is made of (../shared/API.md,
Conventions):

- 400 always (a NUL byte in the address or a cookie, core.middleware), with
  `{field: [messages]}` when it reads a body or filters by query;
- 401 when it authenticates: not signed in, or (where no sign-in is needed) a
  bad token;
- 403 when it needs a signed-in caller and either changes something (a browser
  session without its CSRF token; an action not the caller's to take), acts on
  an object named in the path, or has a permission class beyond sign-in;
- 404 when the path names an object, or for a page past the last one;
- 409 when a signed-in caller changes something (a state conflict);
- 413 and 415 when it reads a body;
- 429 when it is throttled.

A view that can never give one of these says so with `@never(...)`; one that
gives an answer no rule foresees (404 for a profile not made yet) with
`@also(...)`. Either decorates a view class (all its operations) or one
method. The fuzz test (tests/api/test_schema_fuzz.py) fails on any answer the
schema leaves out.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Permission classes that refuse only for want of sign-in, which is a 401.
SIGN_IN_PERMISSIONS = (AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly)

NEVER_ATTRIBUTE = "_schema_never_answers"
ALSO_ATTRIBUTE = "_schema_also_answers"

T = TypeVar("T", bound=Callable[..., Any] | type)


def _declaring(attribute: str, codes: Iterable[int]) -> Callable[[T], T]:
    def decorate(target: T) -> T:
        # A class keeps what its bases declared; the bases keep their own.
        declared = getattr(target, attribute, frozenset())
        setattr(target, attribute, frozenset(declared) | frozenset(codes))
        return target

    return decorate


def never(*codes: int) -> Callable[[T], T]:
    """The operation never answers with these codes, whatever the rules above say."""
    return _declaring(NEVER_ATTRIBUTE, codes)


def also(*codes: int) -> Callable[[T], T]:
    """The operation answers with these codes too, for a reason no rule above sees."""
    return _declaring(ALSO_ATTRIBUTE, codes)


@dataclass(frozen=True)
class OperationFacts:
    """What the error answers of one operation depend on."""

    method: str
    reads_body: bool
    filters: bool  # query parameters other than the page number
    paginated: bool
    path_parameters: bool
    authenticates: bool
    anonymous_allowed: bool
    session_auth: bool
    permission_beyond_sign_in: bool
    throttled: bool


def error_codes(facts: OperationFacts) -> set[int]:
    """The error answers an operation made of these parts can give."""
    codes: set[int] = set()
    changes = facts.method in UNSAFE_METHODS
    signed_in = not facts.anonymous_allowed
    codes.add(400)  # a NUL byte anywhere in the address, whatever the operation
    if facts.authenticates:
        codes.add(401)
    if signed_in and (
        (changes and facts.session_auth) or facts.path_parameters or facts.permission_beyond_sign_in
    ):
        codes.add(403)
    if facts.path_parameters or facts.paginated:
        codes.add(404)
    if signed_in and changes:
        codes.add(409)
    if facts.reads_body:
        codes.update({413, 415})
    if facts.throttled:
        codes.add(429)
    return codes


DESCRIPTIONS = {
    400: "Invalid input: `{field: [messages]}`, `non_field_errors` for a rule across fields; "
    "a body that is not valid JSON, or a NUL byte in the address or a cookie: `{detail}`.",
    401: "Not signed in, or the token is invalid.",
    403: "Signed in, but not the caller's to do; or a browser session without its CSRF token.",
    404: "No such object, or not the caller's to see (its existence is not revealed); "
    "or a page past the last one.",
    409: "The state of things forbids it (capacity full, wrong phase, …): "
    "`{detail}` and, where useful, more keys.",
    413: "The body is larger than the server accepts.",
    415: "The body's content type is not one this operation reads.",
    429: "Too many requests; `Retry-After` (seconds), when sent, says when to try again.",
}
# An operation that reads no input can only be refused the address itself.
NO_INPUT_400 = "A NUL byte in the path, the query string or a cookie: `{detail}`."
# Where no sign-in is needed, a 401 means only that the token sent is bad.
OPTIONAL_SIGN_IN_401 = "The token sent is invalid (this operation needs no sign-in: send none)."

ERROR_SCHEMA = {
    "type": "object",
    "description": "An error: `detail` says what went wrong, in the caller's language.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    # A 409 may carry more, such as `missing` checklist keys.
    "additionalProperties": True,
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Invalid input, DRF style: each field's messages (nested ones for lists "
    "and objects), `non_field_errors`, or `detail` for a body that cannot be read.",
    "additionalProperties": {
        "anyOf": [{"type": "string"}, {"type": "array"}, {"type": "object"}],
    },
    "example": {"email": ["Enter a valid email address."]},
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 0},
    }
}


class ErrorResponsesAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, plus the error answers of every operation."""

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        facts = self.operation_facts(operation)
        self._empty_query_values(operation)
        codes = error_codes(facts) | self._declared(ALSO_ATTRIBUTE)
        codes -= self._declared(NEVER_ATTRIBUTE)
        responses = operation["responses"]
        for code in sorted(codes):
            answer = self._error_response(code, facts)
            # A view's own declaration of the code keeps its description and its body.
            responses[str(code)] = {**answer, **responses.get(str(code), {})}
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def operation_facts(self, operation: dict[str, Any]) -> OperationFacts:
        view = self.view
        parameters = operation.get("parameters", [])
        paginator = getattr(view, "paginator", None)
        page_parameters = {
            getattr(paginator, "page_query_param", None),
            getattr(paginator, "page_size_query_param", None),
        } - {None}
        query = {p["name"] for p in parameters if p["in"] == "query"}
        authenticators = view.get_authenticators()
        return OperationFacts(
            method=self.method,
            reads_body="requestBody" in operation,
            filters=bool(query - page_parameters),
            paginated=bool(query & page_parameters),
            path_parameters=any(p["in"] == "path" for p in parameters),
            authenticates=bool(authenticators),
            # drf-spectacular lists `{}` among the security requirements when
            # the permissions let anyone in.
            anonymous_allowed={} in operation.get("security", [{}]),
            session_auth=any(isinstance(a, SessionAuthentication) for a in authenticators),
            permission_beyond_sign_in=any(
                not isinstance(p, SIGN_IN_PERMISSIONS) for p in view.get_permissions()
            ),
            throttled=bool(view.get_throttles()),
        )

    def _empty_query_values(self, operation: dict[str, Any]) -> None:
        """An empty optional query parameter (`?status=`, `?page=`) counts as not sent.

        django-filter skips a filter whose value is empty and DRF's paginator
        reads an empty page as the first, so the schema allows the empty value.
        """
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True

    def _declared(self, attribute: str) -> frozenset[int]:
        method = getattr(self.view, self.method.lower(), None)
        return getattr(type(self.view), attribute, frozenset()) | getattr(
            method, attribute, frozenset()
        )

    def _error_response(self, code: int, facts: OperationFacts) -> dict[str, Any]:
        if code == 400:
            schema = self._component("ValidationError", VALIDATION_ERROR_SCHEMA)
        else:
            schema = self._component("Error", ERROR_SCHEMA)
        description = DESCRIPTIONS.get(code, "An error.")
        if code == 400 and not (facts.reads_body or facts.filters):
            description = NO_INPUT_400
        if code == 401 and facts.anonymous_allowed:
            description = OPTIONAL_SIGN_IN_401
        answer: dict[str, Any] = {
            "description": description,
            "content": {"application/json": {"schema": schema}},
        }
        if code == 429:
            answer["headers"] = RETRY_AFTER
        return answer

    def _component(self, name: str, schema: dict[str, Any]) -> dict[str, str]:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name
        )
        self.registry.register_on_missing(component)
        return component.ref
