"""The catalogue's version (accounts migration 0014) moves with every write that changes
what a catalogue page shows, so a page kept in the cache under it is never stale.

Its triggers run at commit; a plain test never commits, so `moves` fires them at
once (SET CONSTRAINTS … IMMEDIATE, as a commit would) and forgets that the test's
transaction has moved the version already (a transaction moves it once).
The last test commits for real and reads the pages through the API.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import catalogue_cache, confirmation, photos, services
from accounts.models import GoalArea, Language, MenteeProfile, MentorProfile, Skill, User
from accounts.serializers import MentorCardOutput
from mentorship.track_record import mentor_track_record_refresh
from tests.accounts.photo_files import picture
from tests.factories import MenteeFactory, MentorFactory, UserFactory, area, languages, skills
from tests.matching.test_track_record import _rated

pytestmark = pytest.mark.django_db


def _version() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # what a commit would run now
        cursor.execute("SELECT value FROM accounts_catalogue_version WHERE id = 1")
        return cursor.fetchone()[0]


def moves(action) -> bool:
    """Whether `action()` moves the version, as if it ran in a transaction of its own."""
    before = _version()
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('accounts.catalogue_changed_by', '', true)")
    action()
    return _version() != before


# --- Each thing a card shows -------------------------------------------------------------

_CHANGES = {
    "id": None,  # the mentor's key: a new mentor is the test below
    "skills": lambda m: m.skills.set(skills("seo")),
    "formats": lambda m: _update(m, formats=4),
    "languages": lambda m: m.languages.add(*languages("en")),
    "availability": lambda m: _update(m, availability=[]),
    "timezone": lambda m: _update(m, timezone="Asia/Yekaterinburg"),
    "city": lambda m: _update(m, city="Пермь"),
    "full_name": lambda m: User.objects.filter(pk=m.pk).update(full_name="Другое Имя"),
    "photo_url": lambda m: User.objects.filter(pk=m.pk).update(photo="photos/1/x-512.jpg"),
    "goal_areas": lambda m: m.goal_areas.add(area("it")),
    "headline": lambda m: _update(m, headline="Новый заголовок"),
    "bio": lambda m: _update(m, bio="Новый рассказ"),
    "years_experience": lambda m: _update(m, years_experience=9),
    "switched_from": lambda m: _update(m, switched_from="law"),
    "switched_from_role": lambda m: _update(m, switched_from_role="юрист"),
    "switched_to": lambda m: _update(m, switched_to=area("it")),
    "capacity": lambda m: _update(m, capacity=3),
    "accepting_mentees": lambda m: _update(m, accepting_mentees=False),
    "rating_avg": lambda m: _update(m, rating_avg=4.5),
    "rating_count": lambda m: _update(m, rating_count=4),
}


def _update(mentor: MentorProfile, **fields) -> None:
    # .update(), not .save(): a save moves updated_at (the order) as well.
    MentorProfile.objects.filter(pk=mentor.pk).update(**fields)


def test_every_field_of_a_card_has_a_change_below():
    assert set(_CHANGES) == set(MentorCardOutput().fields)


@pytest.mark.parametrize("field", [f for f, change in _CHANGES.items() if change])
def test_changing_any_field_a_card_shows_moves_the_version(mentor, field):
    assert moves(lambda: _CHANGES[field](mentor))


def test_what_filters_search_and_order_read_moves_the_version(mentor):
    assert moves(lambda: _update(mentor, updated_at=timezone.now()))  # the order
    assert moves(lambda: User.objects.filter(pk=mentor.pk).update(is_active=False))
    assert moves(lambda: User.objects.filter(pk=mentor.pk).update(email_confirmed_at=None))
    # Names the search reads, and new codes a filter may name.
    assert moves(lambda: Skill.objects.filter(code="sql").update(name_ru="Язык SQL"))
    assert moves(lambda: GoalArea.objects.filter(code="it").update(name_en="Tech"))
    assert moves(lambda: Skill.objects.create(code="rust", name_ru="Rust", name_en="Rust"))
    assert moves(lambda: Language.objects.create(code="zz"))


# --- The services that write them ----------------------------------------------------------


def test_registering_and_editing_a_mentor_move_the_version(mentee):
    user = mentee.user
    fields = {
        "goal_areas": [area("it")], "skills": skills("python"), "headline": "Бэкенд",
        "bio": "Пишу на Python.", "years_experience": 5, "capacity": 2,
        "accepting_mentees": True, "formats": ["video"], "languages": languages("ru"),
        "availability": [],
    }  # fmt: skip
    assert moves(lambda: services.mentor_register(user=user, **fields))
    assert moves(lambda: services.mentor_update(user=user, headline="Бэкенд и базы данных"))
    assert moves(lambda: services.mentor_update(user=user, skills=skills("python", "sql")))
    assert moves(lambda: services.mentor_update(user=user, capacity=4))
    assert moves(lambda: services.mentor_update(user=user, accepting_mentees=False))


def test_the_persons_name_photo_address_and_deletion_move_the_version(mentor):
    user = mentor.user
    assert moves(lambda: services.user_update(user=user, full_name="Мария Новикова"))
    upload = SimpleUploadedFile("me.png", picture("PNG"), content_type="image/png")
    assert moves(lambda: photos.photo_replace(user=user, upload=upload))
    assert moves(lambda: photos.photo_remove(user=user))
    newcomer = MentorFactory(user=UserFactory(email_confirmed_at=None))
    link = confirmation.confirmation_link(user=newcomer.user)
    assert moves(lambda: confirmation.email_confirm(token=link.rstrip("/").rsplit("/", 1)[1]))
    assert moves(lambda: services.user_delete(user=user))


def test_a_published_rating_moves_the_version(mentor):
    _rated(mentor, 5, 5, 5, 5, 5)
    assert moves(lambda: mentor_track_record_refresh(mentor_id=mentor.pk))
    assert MentorProfile.objects.get(pk=mentor.pk).rating_count == 5


def test_what_no_card_shows_keeps_the_version(mentor):
    """A sign-in, a mentorship starting, a mentee's edit: the kept pages stay."""
    assert not moves(lambda: User.objects.filter(pk=mentor.pk).update(last_login=timezone.now()))
    assert not moves(lambda: _update(mentor, active_mentees=1, responsiveness=0.5))
    mentee = MenteeFactory()
    assert not moves(lambda: services.mentee_update(user=mentee.user, goals="Стать аналитиком."))
    assert not moves(lambda: MenteeProfile.objects.filter(pk=mentee.pk).update(city="Омск"))


def test_a_rolled_back_change_leaves_the_version_and_its_number_is_never_reused(mentor):
    before = _version()
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('accounts.catalogue_changed_by', '', true)")
    seen = []

    def change_then_fail():
        with transaction.atomic():
            _update(mentor, headline="Не сохранится")
            seen.append(_version())
            raise RuntimeError

    with pytest.raises(RuntimeError):
        change_then_fail()
    inside = seen[0]
    assert inside != before
    assert _version() == before
    assert moves(lambda: _update(mentor, headline="Сохранится"))
    assert _version() not in (before, inside)


def test_inside_a_transaction_pages_are_not_kept(api, mentor):
    assert catalogue_cache.catalogue_version() is None  # every plain test runs in one
    api.get("/api/v1/mentors/")
    _update(mentor, headline="Сразу видно")
    assert api.get("/api/v1/mentors/").json()["results"][0]["headline"] == "Сразу видно"


# --- Committed for real, through the API -----------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_kept_page_is_served_until_a_committed_change_and_then_never(api):
    mentor = MentorFactory(headline="Аналитик")

    def headlines() -> tuple[list[str], list[str]]:
        with CaptureQueriesContext(connection) as queries:
            response = api.get("/api/v1/mentors/")
        assert response.status_code == 200
        read = [q["sql"] for q in queries.captured_queries if "accounts_mentorprofile" in q["sql"]]
        return [card["headline"] for card in response.json()["results"]], read

    shown, read = headlines()
    assert shown == ["Аналитик"]
    assert read  # the first reader builds the page
    shown, read = headlines()
    assert (shown, read) == (["Аналитик"], [])  # the next is given the kept page
    services.mentor_update(user=mentor.user, headline="Аналитик данных")
    assert headlines()[0] == ["Аналитик данных"]
    services.user_update(user=mentor.user, full_name="Вера Новая")
    assert api.get("/api/v1/mentors/").json()["results"][0]["full_name"] == "Вера Новая"
    User.objects.filter(pk=mentor.pk).update(is_active=False)
    assert api.get("/api/v1/mentors/").json()["results"] == []


def test_the_key_ignores_the_order_of_parameters_but_not_their_values(rf):
    one = rf.get("/api/v1/mentors/?skill=sql&language=ru")
    same = rf.get("/api/v1/mentors/?language=ru&skill=sql")
    other = rf.get("/api/v1/mentors/?language=en&skill=sql")
    assert catalogue_cache.page_key(one, 7) == catalogue_cache.page_key(same, 7)
    assert catalogue_cache.page_key(one, 7) != catalogue_cache.page_key(other, 7)
    assert catalogue_cache.page_key(one, 7) != catalogue_cache.page_key(one, 8)
    # The page's links are absolute: another scheme (or host) is another page.
    secure = rf.get("/api/v1/mentors/?skill=sql&language=ru", secure=True)
    assert catalogue_cache.page_key(one, 7) != catalogue_cache.page_key(secure, 7)


def test_a_parameter_given_twice_keeps_its_values_in_their_order(rf):
    """The paginator and the filters read a repeated parameter's last value."""
    first = rf.get("/api/v1/mentors/?page=3&page=1")
    last = rf.get("/api/v1/mentors/?page=1&page=3")
    assert catalogue_cache.page_key(first, 7) != catalogue_cache.page_key(last, 7)
    moved = rf.get("/api/v1/mentors/?language=ru&page=3&page=1")
    assert catalogue_cache.page_key(moved, 7) == catalogue_cache.page_key(
        rf.get("/api/v1/mentors/?page=3&language=ru&page=1"), 7
    )
