"""API glue shared by every app: the JSON parser and the exception handler."""

import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import InvalidInput, ServiceError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus ServiceError from the service layer.

    InvalidInput becomes `{field: [message]}` like any validation error; other
    rule breaks become `409 {"detail": ..., **extra}`.
    """
    if isinstance(exc, InvalidInput):
        return Response({exc.field: [exc.message]}, status=exc.status)
    if isinstance(exc, ServiceError):
        return Response({"detail": exc.message, **exc.extra}, status=exc.status)
    return drf_exception_handler(exc, context)


def validated(serializer_class: type[Serializer], data: Any, **kwargs: Any) -> dict[str, Any]:
    """Runs an input serializer; invalid input becomes a 400 with field messages."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# No request of this API nests deeper than a few levels.
MAX_JSON_DEPTH = 32


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether lists and objects nest more than `limit` levels; iterative, never recursing."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            if depth > limit:
                return True
            stack.extend((item, depth + 1) for item in value)
    return False


class StrictJSONParser(JSONParser):
    """JSON that is also valid Unicode text.

    JSON may escape a lone surrogate ("\\ud800"); Python decodes it into a str
    that cannot be encoded as UTF-8, so storing it or echoing it back in an
    error message would fail with a 500. Such a body is a 400 here, once, for
    every endpoint.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        too_deep = ParseError(
            _("Слишком глубокая вложенность JSON: не больше %(depth)s уровней.")
            % {"depth": MAX_JSON_DEPTH}
        )
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise too_deep from error
        if _deeper_than(data, MAX_JSON_DEPTH):
            # Shallower than the parser's recursion limit but still deep enough
            # to exhaust the stack of whatever walks it next (validation, echoing).
            raise too_deep
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as error:
            raise ParseError(
                _("В запросе есть недопустимые символы (одиночные суррогаты).")
            ) from error
        return data


T = TypeVar("T")


def or_404(service: Callable[..., T], **kwargs: Any) -> T:
    """Calls a service; an object the caller may not see (DoesNotExist) becomes a 404."""
    try:
        return service(**kwargs)
    except ObjectDoesNotExist as error:
        raise Http404 from error
