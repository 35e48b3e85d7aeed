"""The catalogue's search document, stored on the mentor profile (PostgreSQL).

`accounts.search` used to compute the mentor's tsvector in every query, for every
row (~2 s a page at 5,000 mentors). Now the document is a column kept current
by triggers, so every write path keeps it right whoever writes (the services,
the admin, the onboarding wizard, the demo loaders, bulk_create, `.update()`,
a raw m2m `.set()`, a taxonomy rename), and a GIN index answers the `@@`.

The document is the one the query computed, word for word: headline (A); the
skills (name_ru name_en, by skill id: the order the old query's index scan
of the (mentor, skill) unique index gave), the former role, the
background's names in both languages, the goal area switched to and the city
(B); the bio (C). Setting the column to anything (NULL) recomputes it, which is
how the data migration fills the rows and how the other triggers ask for it.
The background names are frozen here; tests/accounts/test_search_document.py
compares every background against accounts.search's live expression.

The column is not a model field: Django never loads it with a profile (a
tsvector of a long bio, on every mentor the app reads) and never writes it;
only accounts.search names it. SQLite (`make run`) gets nothing here: search
there keeps its contains path.
"""

from django.db import migrations

# accounts.Background, «ru en» as accounts.search._switch_labels() gives them on 2026-12-04.
_BACKGROUNDS = {
    "education": "образование education",
    "finance": "финансы и бухгалтерия finance and accounting",
    "sales": "продажи и обслуживание клиентов sales and customer service",
    "engineering": "инженерия и производство engineering and manufacturing",
    "healthcare": "медицина healthcare",
    "creative": "творческие профессии и медиа creative work and media",
    "public": "госслужба и НКО public sector and NGOs",
    "law": "юриспруденция law",
    "logistics": "логистика и торговля logistics and trade",
    "hospitality": "гостиничное дело и общепит hospitality and catering",
    "military": "армия и силовые структуры military and security services",
    "science": "наука science",
    "it": "IT",
    "marketing": "маркетинг marketing",
    "analytics": "аналитика analytics",
    "management": "управление management",
    "other": "другое other",
}

_SWITCH = (
    "CASE m.switched_from "
    + " ".join(f"WHEN '{code}' THEN '{text}'" for code, text in _BACKGROUNDS.items())
    + " ELSE '' END"
)

_DOCUMENT = f"""
CREATE FUNCTION accounts_mentor_search_document(m accounts_mentorprofile)
RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('russian'::regconfig, coalesce(m.headline, '')), 'A')
    || setweight(to_tsvector('russian'::regconfig,
         coalesce((SELECT string_agg(coalesce(s.name_ru, '') || ' ' || coalesce(s.name_en, ''),
                                     ' ' ORDER BY t.skill_id)
                   FROM accounts_mentorprofile_skills t
                   JOIN accounts_skill s ON s.id = t.skill_id
                   WHERE t.mentorprofile_id = m.user_id), '')
         || ' ' || coalesce(m.switched_from_role, '')
         || ' ' || {_SWITCH}
         || ' ' || coalesce((SELECT g.name_ru FROM accounts_goalarea g WHERE g.id = m.switched_to_id), '')
         || ' ' || coalesce((SELECT g.name_en FROM accounts_goalarea g WHERE g.id = m.switched_to_id), '')
         || ' ' || coalesce(m.city, '')), 'B')
    || setweight(to_tsvector('russian'::regconfig, coalesce(m.bio, '')), 'C')
$$"""

_TOUCH = "UPDATE accounts_mentorprofile SET search_document = NULL WHERE {where}"

_FORWARD = [
    "ALTER TABLE accounts_mentorprofile ADD COLUMN search_document tsvector",
    _DOCUMENT,
    """CREATE FUNCTION accounts_search_document_row() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN NEW.search_document := accounts_mentor_search_document(NEW); RETURN NEW; END $$""",
    """CREATE TRIGGER accounts_search_document_row BEFORE INSERT OR UPDATE OF
    headline, bio, switched_from, switched_from_role, switched_to_id, city, search_document
    ON accounts_mentorprofile FOR EACH ROW EXECUTE FUNCTION accounts_search_document_row()""",
]
_BACKWARD = [
    "DROP TRIGGER IF EXISTS accounts_search_document_row ON accounts_mentorprofile",
    "DROP FUNCTION IF EXISTS accounts_search_document_row()",
]
# A mentor's skills: statement-level with transition tables (one UPDATE per `.set()`).
for _event in ("INSERT", "UPDATE", "DELETE"):
    _name = f"accounts_search_skills_{_event.lower()}"
    _rows = "old_rows" if _event == "DELETE" else "new_rows"
    _referencing = "OLD TABLE AS old_rows" if _event == "DELETE" else "NEW TABLE AS new_rows"
    _where = f"user_id IN (SELECT mentorprofile_id FROM {_rows})"
    _FORWARD += [
        f"""CREATE FUNCTION {_name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN {_TOUCH.format(where=_where)}; RETURN NULL; END $$""",
        f"""CREATE TRIGGER {_name} AFTER {_event} ON accounts_mentorprofile_skills
        REFERENCING {_referencing} FOR EACH STATEMENT EXECUTE FUNCTION {_name}()""",
    ]
    _BACKWARD += [
        f"DROP TRIGGER IF EXISTS {_name} ON accounts_mentorprofile_skills",
        f"DROP FUNCTION IF EXISTS {_name}()",
    ]
# A renamed skill or goal area: only the mentors who carry it, only when a name moved.
_RENAMED = (
    "SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id "
    "WHERE o.name_ru IS DISTINCT FROM n.name_ru OR o.name_en IS DISTINCT FROM n.name_en"
)
for _table, _where in (
    (
        "accounts_skill",
        "user_id IN (SELECT mentorprofile_id FROM accounts_mentorprofile_skills "
        f"WHERE skill_id IN ({_RENAMED}))",
    ),
    ("accounts_goalarea", f"switched_to_id IN ({_RENAMED})"),
):
    _name = f"accounts_search_{_table}_rename"
    _FORWARD += [
        f"""CREATE FUNCTION {_name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN {_TOUCH.format(where=_where)}; RETURN NULL; END $$""",
        f"""CREATE TRIGGER {_name} AFTER UPDATE ON {_table}
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION {_name}()""",
    ]
    _BACKWARD += [
        f"DROP TRIGGER IF EXISTS {_name} ON {_table}",
        f"DROP FUNCTION IF EXISTS {_name}()",
    ]
_FORWARD += [
    # Fill the existing rows (the row trigger computes each), then index them.
    "UPDATE accounts_mentorprofile SET search_document = NULL",
    "CREATE INDEX accounts_mentor_search_gin ON accounts_mentorprofile USING gin (search_document)",
]
_BACKWARD = ["DROP INDEX IF EXISTS accounts_mentor_search_gin", *_BACKWARD]
_BACKWARD += [
    "DROP FUNCTION IF EXISTS accounts_mentor_search_document(accounts_mentorprofile)",
    "ALTER TABLE accounts_mentorprofile DROP COLUMN IF EXISTS search_document",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return  # SQLite (`make run`): search keeps its contains path
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0012_user_email_confirmed"),
    ]

    operations = [
        migrations.RunPython(_run(_FORWARD), _run(_BACKWARD)),
    ]
