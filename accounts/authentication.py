"""API token sign-in that reads the token, its person and the person's roles in one query.

DRF's TokenAuthentication asks for the token with its user (one query), and the
first look at `user.roles` asks again for the profiles held (User._held, a
second query). Nearly every API view and the throttles need both, so here one
statement answers both. Its SQL is written once per process from the models'
own table and column names: building it through the ORM (three EXISTS
subqueries and a join) cost more CPU per request than the database's answer.
"""

from functools import cache

from django.db import connections, router
from django.utils.translation import gettext_lazy as drf_message
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from accounts.models import ROLES_HELD, User, roles_held_sql


@cache
def _statement(alias: str) -> tuple[str, list[str], list[str]]:
    """The SQL, the token's field names and the user's field names, in the row's order."""
    quote = connections[alias].ops.quote_name
    # In the models' own field order, which Model.from_db expects. None of these
    # fields converts its value from the database (a test compares with the ORM).
    token_fields = [field.attname for field in Token._meta.concrete_fields]
    user_fields = [field.attname for field in User._meta.concrete_fields]
    user_table, user_pk = quote(User._meta.db_table), quote(User._meta.pk.column)
    columns = [f"t.{quote(field.column)}" for field in Token._meta.concrete_fields]
    columns += [f"u.{quote(field.column)}" for field in User._meta.concrete_fields]
    held = roles_held_sql(quote, f"u.{user_pk}")
    columns += [f"{test} AS {quote(role)}" for role, test in zip(ROLES_HELD, held, strict=True)]
    token_key = quote(Token._meta.pk.column)
    token_user = quote(Token._meta.get_field("user").column)
    # Only the models' own names, quoted, are written in; the key is a parameter.
    tables = f"{quote(Token._meta.db_table)} t JOIN {user_table} u ON u.{user_pk} = t.{token_user}"
    sql = f"SELECT {', '.join(columns)} FROM {tables} WHERE t.{token_key} = %s"  # noqa: S608
    return sql, token_fields, user_fields


def token_with_user(key: str) -> Token | None:
    """The token of this key with its user, whose roles are already known; None if none."""
    alias = router.db_for_read(Token)
    sql, token_fields, user_fields = _statement(alias)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [key])
        row = cursor.fetchone()
    if row is None:
        return None
    token_values, rest = row[: len(token_fields)], row[len(token_fields) :]
    user = User.from_db(alias, user_fields, rest[: len(user_fields)])
    # What User._held would ask the database for, already answered by this row.
    user.__dict__["_held"] = dict(zip(ROLES_HELD, map(bool, rest[len(user_fields) :]), strict=True))
    token = Token.from_db(alias, token_fields, token_values)
    token.user = user
    return token


class TokenWithRolesAuthentication(TokenAuthentication):
    """DRF's `Authorization: Token <key>`, answered by one query (token_with_user)."""

    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        token = token_with_user(key)
        # The answers of DRF's TokenAuthentication, word for word, translated by DRF's
        # catalogue (makemessages does not take `drf_message` for ours).
        if token is None:
            raise exceptions.AuthenticationFailed(drf_message("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(drf_message("User inactive or deleted."))
        return token.user, token
