"""The mentor change log and the triggers that fill it (PostgreSQL only).

Every write that can move a mentor's scoring features logs the mentor in the
same transaction, whoever writes it (services, F() updates, the admin, the
demo loaders): mentor profiles, their skills, languages and goal areas, a
user's is_active, and the taxonomy (logged as mentor 0: everyone).
Statement-level triggers with transition tables, so a bulk insert of 100,000
mentors costs one INSERT … SELECT, not 100,000 trigger calls.
"""

from django.db import migrations, models
import django.utils.timezone

_LOG = (
    "INSERT INTO matching_mentorchange (mentor_id, txid, created_at) "
    "SELECT DISTINCT {column}, pg_current_xact_id()::text::bigint, now() FROM {rows}"
)

# (table, mentor id column, events): each event gets its own trigger, since
# PostgreSQL allows transition tables only on single-event triggers.
_TABLES = (
    ("accounts_mentorprofile", "user_id", ("INSERT", "UPDATE", "DELETE")),
    ("accounts_mentorprofile_skills", "mentorprofile_id", ("INSERT", "UPDATE", "DELETE")),
    ("accounts_mentorprofile_languages", "mentorprofile_id", ("INSERT", "UPDATE", "DELETE")),
    ("accounts_mentorprofile_goal_areas", "mentorprofile_id", ("INSERT", "UPDATE", "DELETE")),
)


def _statements() -> tuple[list[str], list[str]]:
    forward, backward = [], []
    for table, column, events in _TABLES:
        for event in events:
            name = f"matching_log_{table}_{event.lower()}"
            rows = "old_rows" if event == "DELETE" else "new_rows"
            referencing = "OLD TABLE AS old_rows" if event == "DELETE" else "NEW TABLE AS new_rows"
            forward += [
                f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN {_LOG.format(column=column, rows=rows)}; RETURN NULL; END $$""",
                f"""CREATE TRIGGER {name} AFTER {event} ON {table}
                REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {name}()""",
            ]
            backward += [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()"]
    # A user's is_active: only a real change of it, and only for mentors (every
    # login updates last_login, which moves nothing).
    forward += [
        """CREATE FUNCTION matching_log_accounts_user_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO matching_mentorchange (mentor_id, txid, created_at)
          SELECT n.id, pg_current_xact_id()::text::bigint, now()
          FROM new_rows n JOIN old_rows o ON o.id = n.id
          JOIN accounts_mentorprofile m ON m.user_id = n.id
          WHERE o.is_active IS DISTINCT FROM n.is_active;
          RETURN NULL;
        END $$""",
        """CREATE TRIGGER matching_log_accounts_user_update AFTER UPDATE ON accounts_user
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION matching_log_accounts_user_update()""",
    ]
    backward += [
        "DROP TRIGGER IF EXISTS matching_log_accounts_user_update ON accounts_user",
        "DROP FUNCTION IF EXISTS matching_log_accounts_user_update()",
    ]
    # The taxonomy: bit positions follow the rows, so any change repacks everyone.
    forward.append(
        """CREATE FUNCTION matching_log_taxonomy() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO matching_mentorchange (mentor_id, txid, created_at)
          VALUES (0, pg_current_xact_id()::text::bigint, now());
          RETURN NULL;
        END $$"""
    )
    for table in ("accounts_skill", "accounts_goalarea"):
        name = f"matching_log_{table}"
        forward.append(
            f"""CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION matching_log_taxonomy()"""
        )
        backward.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    backward.append("DROP FUNCTION IF EXISTS matching_log_taxonomy()")
    return forward, backward


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return  # elsewhere (the SQLite demo) the matrix is packed afresh for each use
        for statement in statements:
            schema_editor.execute(statement)

    return run


_FORWARD, _BACKWARD = _statements()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0008_user_calendar_key"),
        ("matching", "0003_match_programme"),
    ]

    operations = [
        migrations.CreateModel(
            name="MentorChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("mentor_id", models.BigIntegerField()),
                ("txid", models.BigIntegerField(db_index=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.RunPython(_run(_FORWARD), _run(_BACKWARD)),
    ]
