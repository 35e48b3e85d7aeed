"""The catalogue's version: a number that changes with every commit that changes
anything the catalogue shows, filters on or orders by (PostgreSQL).

`GET /api/v1/mentors/` pages are the same for everyone given the address and the
language, so they are kept in the shared cache under this number
(accounts.catalogue_cache). Triggers, not the services, move it, so no write path
can leave a kept page stale (services, the admin, `.update()`, bulk loaders, the
search document's own triggers): mentor profiles (any column but the track
record's hidden ones and the count of mentees in progress, which no card shows),
their skills, languages and goal areas, a person's name, photo, activity and
confirmed address, and the taxonomy (codes, and names the search reads).

A transaction that changes any of these notes it once (a row in
accounts_catalogue_change); that row's deferred constraint trigger moves the
version at commit, so the single version row is locked only for the instant
before the commit, never while the transaction goes on to lock other rows (no
queue of writers behind one still working). The value comes from a sequence, so
a number a rolled-back transaction took is never seen again.
A reader inside a transaction bypasses the cache (it may see its own rows
before they are committed and counted).
"""

from django.db import migrations

# Mentor columns no card shows and no filter or order reads: changing only these
# (a mentorship starting or ending, the hidden parts of the track record) keeps the
# version, so kept pages are not thrown away for nothing. Every other column,
# including any added later, moves it.
_HIDDEN = (
    "active_mentees",
    "rating_mentees",
    "responsiveness",
    "track_record",
    "outcome_share",
    "outcome_answers",
)
_HIDDEN_ARRAY = "'{" + ",".join(_HIDDEN) + "}'::text[]"

_FORWARD = [
    "CREATE SEQUENCE accounts_catalogue_version_seq",
    """CREATE TABLE accounts_catalogue_version (
        id smallint PRIMARY KEY CHECK (id = 1),
        value bigint NOT NULL
    )""",
    "INSERT INTO accounts_catalogue_version (id, value) "
    "VALUES (1, nextval('accounts_catalogue_version_seq'))",
    # A transaction that changes the catalogue leaves one row here, once (a setting
    # that lives as long as the transaction says it did): the rest of a bulk load's
    # thousands of rows cost a look at that setting.
    "CREATE TABLE accounts_catalogue_change (id bigserial PRIMARY KEY)",
    """CREATE FUNCTION accounts_catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF current_setting('accounts.catalogue_changed_by', true)
         IS DISTINCT FROM pg_current_xact_id()::text THEN
        INSERT INTO accounts_catalogue_change DEFAULT VALUES;
        PERFORM set_config('accounts.catalogue_changed_by', pg_current_xact_id()::text, true);
      END IF;
      RETURN NULL;
    END $$""",
    # ... and that row's deferred trigger moves the version at its commit.
    """CREATE FUNCTION accounts_catalogue_bump() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE accounts_catalogue_version
         SET value = nextval('accounts_catalogue_version_seq') WHERE id = 1;
      DELETE FROM accounts_catalogue_change WHERE id = NEW.id;
      RETURN NULL;
    END $$""",
    """CREATE CONSTRAINT TRIGGER accounts_catalogue_bump AFTER INSERT
    ON accounts_catalogue_change DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION accounts_catalogue_bump()""",
]
_BACKWARD = ["DROP TRIGGER IF EXISTS accounts_catalogue_bump ON accounts_catalogue_change"]


def _trigger(name: str, table: str, events: str, when: str = "") -> None:
    """Row triggers where a condition picks the rows, statement triggers elsewhere."""
    each = "ROW" if when else "STATEMENT"
    _FORWARD.append(
        f"""CREATE TRIGGER {name} AFTER {events} ON {table} FOR EACH {each} {when}
        EXECUTE FUNCTION accounts_catalogue_changed()"""
    )
    _BACKWARD.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")


_trigger("accounts_catalogue_mentor", "accounts_mentorprofile", "INSERT OR DELETE")
_trigger(
    "accounts_catalogue_mentor_update",
    "accounts_mentorprofile",
    "UPDATE",
    f"WHEN (to_jsonb(OLD) - {_HIDDEN_ARRAY} IS DISTINCT FROM to_jsonb(NEW) - {_HIDDEN_ARRAY})",
)
for _relation in ("skills", "languages", "goal_areas"):
    _trigger(
        f"accounts_catalogue_mentor_{_relation}",
        f"accounts_mentorprofile_{_relation}",
        "INSERT OR UPDATE OR DELETE",
    )
_trigger(
    "accounts_catalogue_user",
    "accounts_user",
    "UPDATE",
    "WHEN ((OLD.full_name, OLD.photo, OLD.is_active, OLD.email_confirmed_at IS NULL)"
    " IS DISTINCT FROM (NEW.full_name, NEW.photo, NEW.is_active, NEW.email_confirmed_at IS NULL))",
)
for _table in ("accounts_skill", "accounts_goalarea", "accounts_language"):
    _trigger(f"{_table}_catalogue", _table, "INSERT OR UPDATE OR DELETE")

_BACKWARD = [
    *reversed(_BACKWARD),
    "DROP FUNCTION IF EXISTS accounts_catalogue_bump()",
    "DROP FUNCTION IF EXISTS accounts_catalogue_changed()",
    "DROP TABLE IF EXISTS accounts_catalogue_change",
    "DROP TABLE IF EXISTS accounts_catalogue_version",
    "DROP SEQUENCE IF EXISTS accounts_catalogue_version_seq",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return  # SQLite (`make run`): the catalogue is not cached
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0013_mentor_search_document"),
    ]

    operations = [
        migrations.RunPython(_run(_FORWARD), _run(_BACKWARD)),
    ]
