"""The one error type that services raise and both adapters know how to show."""

from typing import Any


class ServiceError(Exception):
    """A business rule was broken.

    `status` tells the API adapter which answer fits (409 for a state
    conflict); the HTML adapter shows `message` to the person. `extra` carries
    machine-readable details such as the missing checklist keys.
    """

    status = 409

    def __init__(self, message: str, *, code: str = "conflict", **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.extra = extra


class InvalidInput(ServiceError):
    """Input that is well-formed but breaks a rule about one field (400)."""

    status = 400

    def __init__(self, message: str, *, field: str = "non_field_errors", **extra: Any) -> None:
        super().__init__(message, code="invalid", **extra)
        self.field = field


class Forbidden(ServiceError):
    """The person may see the object but this action is not theirs to take (403)."""

    status = 403
