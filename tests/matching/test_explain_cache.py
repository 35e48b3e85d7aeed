"""render_for keeps what it wrote: the same text as render() in every case the text
depends on (the reader's language and side, the zones, the facts, the skill names).

No database: the match is a stand-in with the attributes render_for reads.
"""

from types import SimpleNamespace

import pytest
from django.utils import translation

from matching import explain

FACTS = {
    "f": [["goal", 20.0, 1.0], ["skills", 25.0, 0.5], ["overlap", 20.0, 0.6667]],
    "goal": "analytics",
    "skills": ["sql"],
    "wanted": 2,
    "minutes": 120,
    "intervals": [[19 * 60, 21 * 60]],
    "week": "2026-03-23",
    "formats": ["video"],
    "stage": "job_search",
    "years": 4,
    "switch": "to",
}
NAMES = {"sql": "SQL"}


@pytest.fixture(autouse=True)
def _empty_cache():
    explain._rendered.clear()
    yield
    explain._rendered.clear()


def _match(facts=FACTS, mentee_tz="Europe/Moscow", mentor_tz="Asia/Novosibirsk"):
    return SimpleNamespace(
        mentee_id=1,
        mentor_id=2,
        mentee=SimpleNamespace(timezone=mentee_tz),
        mentor=SimpleNamespace(timezone=mentor_tz),
        factors=facts,
    )


def _fresh(facts, reader_tz, other_tz, other_role, names=NAMES):
    return explain.render(
        facts, reader_tz=reader_tz, other_tz=other_tz, other_role=other_role, names=names
    )


def test_a_kept_explanation_is_written_anew_in_another_language():
    with translation.override("ru"):
        russian = explain.render_for(_match(), 1, NAMES)
    with translation.override("en"):
        english = explain.render_for(_match(), 1, NAMES)
        assert english == _fresh(FACTS, "Europe/Moscow", "Asia/Novosibirsk", "mentor")
    assert english != russian


def test_a_kept_explanation_is_each_sides_own():
    with translation.override("ru"):
        mentee_reads = explain.render_for(_match(), 1, NAMES)
        mentor_reads = explain.render_for(_match(), 2, NAMES)
        assert mentor_reads == _fresh(FACTS, "Asia/Novosibirsk", "Europe/Moscow", "mentee")
        assert mentee_reads == _fresh(FACTS, "Europe/Moscow", "Asia/Novosibirsk", "mentor")


def test_a_kept_explanation_follows_a_zone_and_the_facts():
    with translation.override("ru"):
        explain.render_for(_match(), 1, NAMES)
        moved = explain.render_for(_match(mentee_tz="Europe/Berlin"), 1, NAMES)
        assert moved == _fresh(FACTS, "Europe/Berlin", "Asia/Novosibirsk", "mentor")
        refreshed = {**FACTS, "minutes": 60, "intervals": [[19 * 60, 20 * 60]]}
        assert explain.render_for(_match(refreshed), 1, NAMES) == _fresh(
            refreshed, "Europe/Moscow", "Asia/Novosibirsk", "mentor"
        )


def test_a_kept_explanation_shows_a_renamed_skill():
    with translation.override("ru"):
        explain.render_for(_match(), 1, NAMES)
        renamed = explain.render_for(_match(), 1, {"sql": "Язык SQL"})
    assert "Язык SQL" in str(renamed)


def test_changing_an_answer_leaves_the_kept_explanation_alone():
    with translation.override("ru"):
        first = explain.render_for(_match(), 1, NAMES)
        first[0]["detail"] = "changed"
        assert explain.render_for(_match(), 1, NAMES) == _fresh(
            FACTS, "Europe/Moscow", "Asia/Novosibirsk", "mentor"
        )


def test_the_kept_explanations_are_bounded(monkeypatch):
    monkeypatch.setattr(explain, "RENDERED_KEPT", 2)
    with translation.override("ru"):
        for zone in ("Europe/Moscow", "Europe/Berlin", "Europe/London"):
            explain.render_for(_match(mentee_tz=zone), 1, NAMES)
    assert len(explain._rendered) <= 2
