"""API glue shared by every app: the exception handler."""

from typing import Any

from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import exception_handler as drf_exception_handler

from mentorship.errors import InvalidInput, ServiceError


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
