"""A mentor's confirmed address decides whether anyone is suggested them (issue 15),
so the kept mentor matrix must hear of it: the user trigger of 0004 also logs a
mentor whose address became confirmed or unconfirmed (PostgreSQL only)."""

from django.db import migrations

_FUNCTION = """CREATE OR REPLACE FUNCTION matching_log_accounts_user_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO matching_mentorchange (mentor_id, txid, created_at)
  SELECT n.id, pg_current_xact_id()::text::bigint, now()
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  JOIN accounts_mentorprofile m ON m.user_id = n.id
  WHERE o.is_active IS DISTINCT FROM n.is_active
     OR (o.email_confirmed_at IS NULL) IS DISTINCT FROM (n.email_confirmed_at IS NULL);
  RETURN NULL;
END $$"""

_PREVIOUS = """CREATE OR REPLACE FUNCTION matching_log_accounts_user_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO matching_mentorchange (mentor_id, txid, created_at)
  SELECT n.id, pg_current_xact_id()::text::bigint, now()
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  JOIN accounts_mentorprofile m ON m.user_id = n.id
  WHERE o.is_active IS DISTINCT FROM n.is_active;
  RETURN NULL;
END $$"""


def _run(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0012_user_email_confirmed"),
        ("matching", "0005_match_note_withdrawn"),
    ]

    operations = [migrations.RunPython(_run(_FUNCTION), _run(_PREVIOUS))]
