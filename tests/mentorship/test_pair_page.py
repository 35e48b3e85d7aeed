"""The pair's page as a person reads it: what comes first, what it offers to press and when."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from mentorship import services, work
from mentorship.models import Message, Phase, Session, SessionStatus
from tests.mentorship.test_pages import _pair, _to_phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    return _pair()


def _page(client, user, mentorship) -> str:
    client.force_login(user)
    response = client.get(f"/mentorships/{mentorship.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _plan(user, mentorship, *, days: float) -> Session:
    return work.session_create(
        user=user,
        mentorship_id=mentorship.pk,
        starts_at=timezone.now() + dt.timedelta(days=days),
        duration_minutes=60,
        format="video",
    )


def _session_box(html: str, session: Session) -> str:
    start = html.index(f'id="session-{session.pk}"')
    return html[start : html.index("</article>", start)]


def test_held_can_be_pressed_only_once_the_session_has_begun(client, pair):
    mentee, _mentor, mentorship = pair
    ahead = _plan(mentee, mentorship, days=2)
    begun = _plan(mentee, mentorship, days=-0.01)

    html = _page(client, mentee, mentorship)

    assert 'value="held"' not in _session_box(html, ahead)
    assert "можно после её начала" in _session_box(html, ahead)
    assert 'value="cancelled"' in _session_box(html, ahead)  # calling it off stays possible
    assert 'value="held"' in _session_box(html, begun)


def test_marking_a_session_held_before_it_begins_is_refused_and_changes_nothing(client, pair):
    mentee, _mentor, mentorship = pair
    ahead = _plan(mentee, mentorship, days=2)
    client.force_login(mentee)

    response = client.post(
        f"/mentorships/{mentorship.pk}/sessions/{ahead.pk}/status/", {"status": "held"}, follow=True
    )

    assert response.status_code == 200
    assert "Встреча ещё не началась" in response.content.decode()
    assert Session.objects.get(pk=ahead.pk).status == SessionStatus.PLANNED


def test_a_session_past_its_start_and_never_marked_says_so(client, pair):
    mentee, _mentor, mentorship = pair
    begun = _plan(mentee, mentorship, days=-1)

    box = _session_box(_page(client, mentee, mentorship), begun)

    assert re.search(r'class="badge session-status">\s*не отмечена', box)


@pytest.mark.parametrize("finish", ["end", "complete"])
def test_a_finished_pair_shows_no_session_to_come(client, pair, finish):
    mentee, mentor, mentorship = pair
    held = _plan(mentee, mentorship, days=-2)
    work.session_update(user=mentee, mentorship_id=mentorship.pk, session_id=held.pk, status="held")
    ahead = _plan(mentee, mentorship, days=20)
    if finish == "end":
        services.mentorship_end(user=mentor, mentorship_id=mentorship.pk, reason="no_time")
    else:
        _to_phase(mentee, mentorship, Phase.CLOSING)
        services.mentorship_complete(mentorship_id=mentorship.pk)

    html = _page(client, mentee, mentorship)

    assert "Предстоящие" not in html
    assert 'data-testid="next-session"' not in html
    assert "запланирована" not in html.lower()
    called_off = html[html.index('data-testid="called-off"') :]
    called_off = called_off[: called_off.index("</details>")]
    assert "Встречи, отменённые при завершении: 1" in called_off
    assert f'id="session-{ahead.pk}"' in called_off
    assert f'id="session-{held.pk}"' not in called_off  # the one held stays among the past


def test_advancing_asks_for_confirmation_before_the_real_submit(client, pair):
    mentee, _mentor, mentorship = pair

    html = _page(client, mentee, mentorship)

    box = html[html.index('data-testid="advance"') :]
    box = box[: box.index("</details>")]
    summary = box[box.index("<summary") : box.index("</summary>")]
    assert "Перейти к следующему этапу" in summary
    assert "<button" not in summary  # opening the question moves nothing
    form = box[box.index("<form") :]
    assert f'action="/mentorships/{mentorship.pk}/advance/"' in form
    assert "Перейти на основной этап? Вернуться к начальному будет нельзя" in form
    assert re.search(r'<button type="submit"[^>]*>Да, перейти на основной этап</button>', form)
    assert html.count("/advance/") == 1  # no other way to advance on the page


def test_closing_offers_no_advance_but_says_what_ends_it(client, pair):
    mentee, _mentor, mentorship = pair
    _to_phase(mentee, mentorship, Phase.CLOSING)

    html = _page(client, mentee, mentorship)

    assert "/advance/" not in html
    assert "когда обе стороны заполнят итоговую оценку" in html


def test_the_next_session_and_the_thread_come_before_the_rest(client, pair):
    mentee, _mentor, mentorship = pair
    first = _plan(mentee, mentorship, days=3)
    _plan(mentee, mentorship, days=5)

    html = _page(client, mentee, mentorship)

    order = [
        html.index(marker)
        for marker in (
            'data-testid="section-bar"',
            'data-testid="next-session"',
            'id="thread"',
            'id="checklist"',
            'id="sessions"',
            'id="goals"',
            'id="tasks"',
        )
    ]
    assert order == sorted(order)
    next_box = html[order[1] : order[2]]
    assert f'href="#session-{first.pk}"' in next_box
    bar = html[order[0] : html.index("</nav>", order[0])]
    targets = re.findall(r'href="#([\w-]+)"', bar)
    assert targets == ["thread", "checklist", "sessions", "goals", "tasks"]
    assert all(f'id="{target}"' in html for target in targets)


def test_the_thread_shows_its_newest_messages_and_folds_the_earlier_ones(client, pair):
    mentee, mentor, mentorship = pair
    for number in range(8):
        Message.objects.create(mentorship=mentorship, author=mentor, body=f"Сообщение №{number}")

    html = _page(client, mentee, mentorship)

    earlier = html[html.index('class="thread-earlier"') : html.index('data-testid="thread"')]
    recent = html[html.index('data-testid="thread"') : html.index('id="new-message"')]
    assert "Более ранние сообщения: 3" in earlier
    assert re.findall(r"Сообщение №(\d)", earlier) == ["0", "1", "2"]
    assert re.findall(r"Сообщение №(\d)", recent) == ["3", "4", "5", "6", "7"]


def test_past_sessions_after_the_latest_two_fold_away_unless_one_has_errors(client, pair):
    mentee, _mentor, mentorship = pair
    past = [_plan(mentee, mentorship, days=-days) for days in (1, 2, 3, 4)]

    html = _page(client, mentee, mentorship)

    folded = html[html.index('data-testid="past-earlier"') :]
    folded = folded[: folded.index("</section>")]
    assert "Более ранние встречи: 2" in folded
    assert [f'id="session-{s.pk}"' in folded for s in past] == [False, False, True, True]
    assert not folded.startswith('data-testid="past-earlier" open')

    response = client.post(
        f"/mentorships/{mentorship.pk}/sessions/{past[3].pk}/notes/", {"notes": "x" * 20000}
    )
    assert response.status_code == 400
    assert 'data-testid="past-earlier" open' in response.content.decode()
