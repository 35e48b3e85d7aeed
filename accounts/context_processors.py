from django.http import HttpRequest


def roles(request: HttpRequest) -> dict[str, list[str]]:
    """The signed-in person's roles, for the navigation."""
    user = getattr(request, "user", None)
    return {"user_roles": user.roles if user is not None and user.is_authenticated else []}
