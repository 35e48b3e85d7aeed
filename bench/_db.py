"""A fresh PostgreSQL database for a benchmark (the parts of bench/ share it)."""

from __future__ import annotations


def recreate_database(url: str) -> None:
    """Drops the database named at the end of `url` and creates it empty."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
