"""The packed mentors a process keeps: current after every kind of change, however made.

Transactional: the kept copy is used only outside a transaction (inside one, a
caller's own rows may still roll back), so these tests commit what they change.
"""

import threading

import numpy as np
import pytest
from django.db import connection, transaction
from django.db.models import F

from accounts.models import Language, MentorProfile, Skill, User
from matching import features, mentor_matrix, scoring
from matching.models import MentorChange
from tests.clock import WEEKS, week_of
from tests.factories import MenteeFactory, MentorFactory, languages

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WEEK = week_of(WEEKS["winter"])


def _scores_by_id(mentors: mentor_matrix.Mentors, mentees) -> dict[int, list[float]]:
    """Each live mentor's scores against the mentees, packed with the same taxonomy."""
    batch = features.pack_mentees(mentees, mentors.taxonomy, WEEK)
    scores = scoring.score_block(batch, mentors.features)
    live = mentors.features.accepting & (mentors.features.free_places > 0)
    return {int(pk): scores[:, j].tolist() for j, pk in enumerate(mentors.features.ids) if live[j]}


def _assert_kept_equals_fresh(mentees) -> mentor_matrix.Mentors:
    kept = mentor_matrix.active_mentors(week=WEEK)
    with transaction.atomic():  # inside a transaction: packed afresh, not kept
        fresh = mentor_matrix.active_mentors(week=WEEK)
    assert kept.features is not fresh.features
    assert _scores_by_id(kept, mentees) == _scores_by_id(fresh, mentees)
    assert kept.track == fresh.track
    return kept


def test_the_kept_matrix_follows_every_kind_of_mentor_change():
    mentees = MenteeFactory.create_batch(3)
    mentors = MentorFactory.create_batch(4)
    first = mentor_matrix.active_mentors(week=WEEK)
    assert sorted(first.features.ids.tolist()) == sorted(m.pk for m in mentors)
    seen = mentor_matrix.kept_version()

    # Unchanged: the same packed batch, only the version moves on.
    assert mentor_matrix.active_mentors(week=WEEK).features is first.features
    queryset = MenteeFactory._meta.model.objects.filter(pk__in=[m.pk for m in mentees])

    # A place taken by an F() update, as the services do (no save(), no signal).
    MentorProfile.objects.filter(pk=mentors[0].pk).update(active_mentees=F("active_mentees") + 2)
    # Skills and languages changed through the many-to-many tables.
    mentors[1].skills.set(Skill.objects.filter(code="excel"))
    mentors[2].languages.set(languages("de"))
    kept = _assert_kept_equals_fresh(queryset)
    assert kept.features is not first.features
    assert mentor_matrix.kept_version() != seen

    # A mentor deactivated, one deleted, one new, a track record written.
    User.objects.filter(pk=mentors[3].pk).update(is_active=False)
    mentors[1].user.delete()
    newcomer = MentorFactory(language_codes=["ru", "en"])
    MentorProfile.objects.filter(pk=mentors[2].pk).update(
        track_record=0.9, rating_avg=4.8, rating_count=7
    )
    kept = _assert_kept_equals_fresh(queryset)
    live = _scores_by_id(kept, queryset)
    assert newcomer.pk in live
    assert mentors[3].pk not in live
    assert mentors[1].pk not in live
    assert mentors[2].pk in kept.track


def test_a_copy_idle_longer_than_the_limit_is_packed_anew_not_caught_up(monkeypatch):
    """Its last read of the change log may be older than the entries the log keeps."""
    MentorFactory.create_batch(2)
    first = mentor_matrix.active_mentors(week=WEEK)
    assert mentor_matrix.active_mentors(week=WEEK).features is first.features
    caught_up = []
    monkeypatch.setattr(mentor_matrix, "_catch_up", lambda copy: caught_up.append(copy) or copy)
    idle = mentor_matrix.IDLE_LIMIT.total_seconds() + 1
    mentor_matrix._kept.read_at -= idle

    again = mentor_matrix.active_mentors(week=WEEK)

    assert again.features is not first.features
    assert not caught_up
    assert mentor_matrix.active_mentors(week=WEEK).features is again.features  # kept again
    assert len(caught_up) == 1


def test_a_taxonomy_change_repacks_everyone():
    mentees = MenteeFactory._meta.model.objects.filter(pk=MenteeFactory().pk)
    MentorFactory.create_batch(2)
    before = mentor_matrix.active_mentors(week=WEEK)
    Skill.objects.filter(code="sql").delete()  # every later skill moves one bit down
    after = _assert_kept_equals_fresh(mentees)
    assert after.taxonomy is not before.taxonomy


def test_a_change_committed_after_the_last_read_began_is_not_missed():
    """The case a plain "last change id seen" counter gets wrong: a transaction that
    took its log entry before the copy's last read but committed after it."""
    mentee = MenteeFactory()
    mentor = MentorFactory()
    other = MentorFactory(language_codes=["de"])
    mentor_matrix.active_mentors(week=WEEK)
    written, release = threading.Event(), threading.Event()

    def slow_writer():
        with transaction.atomic():
            MentorProfile.objects.filter(pk=mentor.pk).update(accepting_mentees=False)
            written.set()
            release.wait(30)
        connection.close()

    writer = threading.Thread(target=slow_writer)
    writer.start()
    assert written.wait(30)
    # A later transaction commits first, so the writer's id is below the next
    # snapshot's xmax: only the snapshot's list of transactions in progress names it.
    MentorProfile.objects.filter(pk=other.pk).update(headline="Другой")
    # Read while the writer's transaction is open: its change is not visible yet...
    during = mentor_matrix.active_mentors(week=WEEK)
    assert during.features.accepting.tolist() == [True, True]
    assert MentorChange.objects.filter(mentor_id=other.pk).exists()
    # ...and committed right after: the next read must bring it.
    release.set()
    writer.join(30)
    after = mentor_matrix.active_mentors(week=WEEK)
    accepting = after.features.accepting.tolist()
    assert dict(zip(after.features.ids.tolist(), accepting, strict=True)) == {
        mentor.pk: False,
        other.pk: True,
    }
    assert mentor.pk not in _scores_by_id(after, type(mentee).objects.filter(pk=mentee.pk))


def test_a_new_language_repacks_everyone_with_a_bit_for_it():
    mentees = MenteeFactory._meta.model.objects.filter(
        pk=MenteeFactory(language_codes=["ru", "uk"]).pk
    )
    speaker = MentorFactory()
    mentor_matrix.active_mentors(week=WEEK)
    Language.objects.get_or_create(code="uk")
    speaker.languages.set(languages("uk"))
    kept = _assert_kept_equals_fresh(mentees)
    assert "uk" in kept.taxonomy.languages
    assert kept.features.languages.tolist() != [0]
    assert np.all(kept.features.accepting)
