"""The mentorship pages: dashboard, a pair's page, the evaluation, notifications.

Thin adapters: each POST parses one form, calls one service and redirects back
to the page with a message (post/redirect/get). A broken rule about a field is
shown next to it, on the page rendered again with the form as it was sent.
Every read and write goes through `services.mentorship_of`, so a person who is
not one of the pair gets a 404 from every page and every form.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import notifications
from core.errors import Forbidden, InvalidInput, ServiceError
from core.forms import add_service_error, submit
from core.models import Notification
from matching.models import Match
from mentorship import calendar, evaluations, forms, services, work
from mentorship.checklist import BY_KEY, phases_reached
from mentorship.models import EndReason, Mentorship, Phase, Session, SessionStatus, Side, SupportMet
from mentorship.reminders import local_time

# The road a pair walks; "ended" leaves it and is shown apart.
PHASE_ROAD = (Phase.INITIAL, Phase.MAIN, Phase.CLOSING, Phase.COMPLETED)
NOTIFICATIONS_SHOWN = 50
# The top of each scale of the evaluation, to print an answer as "7 / 10".
SCALES = {
    name: high
    for name, (_low, high) in evaluations.RANGES.items()
    if name != "interview_invitations"
}


def _mentorship_of(request: HttpRequest, id: int) -> Mentorship:
    try:
        return services.mentorship_of(user=request.user, mentorship_id=id)
    except Mentorship.DoesNotExist as error:
        raise Http404 from error
    except Forbidden as error:  # the programme's coordinator: the report is their view
        raise PermissionDenied(error.message) from error


def _other(user, mentorship: Mentorship):
    """The other side's profile (None once that person deleted their account)."""
    if services.side_of(user=user, mentorship=mentorship) == Side.MENTEE:
        return mentorship.mentor
    return mentorship.mentee


def _name(profile) -> str:
    return profile.user.full_name if profile is not None else _("удалённый пользователь")


def _sent(request: HttpRequest):
    """The form data of a POST (even an empty one: every checkbox unticked), else None."""
    return request.POST if request.method == "POST" else None


def _back_url(mentorship: Mentorship, anchor: str = "") -> str:
    url = reverse("mentorship:detail", args=[mentorship.pk])
    return f"{url}#{anchor}" if anchor else url


def _back(mentorship: Mentorship, anchor: str = "") -> HttpResponse:
    return redirect(_back_url(mentorship, anchor))


# --- Dashboard -------------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    mine = Mentorship.objects.of(user).select_related("mentee__user", "mentor__user")
    active = list(mine.active())
    for mentorship in active:
        mentorship.side = services.side_of(user=user, mentorship=mentorship)
        mentorship.other_name = _name(_other(user, mentorship))
        mentorship.unread = services.unread_count(user=user, mentorship=mentorship)
    finished = list(mine.exclude(pk__in=[m.pk for m in active])[:10])
    for mentorship in finished:
        mentorship.other_name = _name(_other(user, mentorship))
    next_session = (
        Session.objects.filter(
            mentorship__in=active, status=SessionStatus.PLANNED, starts_at__gte=timezone.now()
        )
        .select_related("mentorship__mentee__user", "mentorship__mentor__user")
        .order_by("starts_at", "pk")
        .first()
    )
    if next_session is not None:
        next_session.when = local_time(next_session.starts_at, user.timezone)
        next_session.other_name = _name(_other(user, next_session.mentorship))
    open_requests = Match.objects.open_requests().order_by("requested_at")
    context = {
        "roles": user.roles,
        "active": active,
        "finished": finished,
        "next_session": next_session,
        "incoming": open_requests.filter(mentor_id=user.pk).select_related("mentee__user"),
        "outgoing": open_requests.filter(mentee_id=user.pk).select_related("mentor__user"),
        "notifications": Notification.objects.unread_of(user)[:5],
        "calendar_url": request.build_absolute_uri(
            reverse(
                "mentorship:calendar-subscription",
                args=[user.pk, calendar.subscription_token(user)],
            )
        ),
    }
    return render(request, "mentorship/dashboard.html", context)


# --- The pair's page -------------------------------------------------------------------------


@login_required
def detail(request: HttpRequest, id: int) -> HttpResponse:
    mentorship = _mentorship_of(request, id)
    return _render_detail(request, mentorship)


def _render_detail(
    request: HttpRequest,
    mentorship: Mentorship,
    *,
    bound: dict[Any, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The pair's page; `bound` holds forms sent back with their errors, by key."""
    user = request.user
    bound = bound or {}
    zone = user.timezone
    # Counted before the thread is marked read, so the page can say how many are new.
    unread = services.unread_count(user=user, mentorship=mentorship)
    services.thread_mark_read(user=user, mentorship_id=mentorship.pk)
    thread = list(mentorship.messages.select_related("author"))
    theirs = [message for message in thread if message.author_id != user.pk]
    new = {message.pk for message in theirs[len(theirs) - unread :]} if unread else set()
    for message in thread:
        message.is_new = message.pk in new
    given = set(mentorship.evaluations.values_list("side", flat=True))
    side = services.side_of(user=user, mentorship=mentorship)
    context = {
        "mentorship": mentorship,
        "side": side,
        "other_name": _name(_other(user, mentorship)),
        "zone": zone,
        "road": _road(mentorship),
        "end_reason": EndReason(mentorship.end_reason).label if mentorship.end_reason else "",
        "checklist": _checklist(mentorship),
        "sessions": _sessions(user, mentorship, bound),
        "session_form": bound.get("session") or forms.SessionForm(zone=zone),
        "goals": _with_forms(mentorship.goals.all(), "goal", forms.GoalStatusForm, bound),
        "goal_form": bound.get("goal") or forms.GoalForm(auto_id="goal-%s"),
        "goals_open": mentorship.phase in work.GOAL_PHASES,
        "tasks": _with_forms(mentorship.tasks.all(), "task", forms.TaskStatusForm, bound),
        "task_form": bound.get("task") or forms.TaskForm(auto_id="task-%s"),
        "thread": thread,
        "unread": unread,
        "message_form": bound.get("message") or forms.MessageForm(auto_id="message-%s"),
        "end_form": bound.get("end") or forms.EndForm(auto_id="end-%s"),
        "evaluation_open": mentorship.phase in evaluations.EVALUATION_PHASES,
        "evaluated": side in given,
        "other_evaluated": bool(given - {side}),
    }
    return render(request, "mentorship/detail.html", context, status=status)


def _road(mentorship: Mentorship) -> list[dict[str, Any]]:
    """The phases in order, each done, current or ahead (all ahead once ended early)."""
    phase = mentorship.phase
    here = PHASE_ROAD.index(phase) if phase in PHASE_ROAD else -1
    road = []
    for index, step in enumerate(PHASE_ROAD):
        state = "done" if index < here else "current" if index == here else "ahead"
        if step == Phase.COMPLETED and index == here:
            state = "done"
        road.append({"phase": step, "label": step.label, "state": state})
    return road


def _checklist(mentorship: Mentorship) -> list[dict[str, Any]]:
    """The steps by phase: the current phase's and the earlier ones', or all once closed."""
    items = list(mentorship.checklist.all())
    for item in items:
        item.step = BY_KEY.get(item.key)
    return [
        {
            "phase": phase,
            "label": phase.label,
            "current": phase == mentorship.phase,
            "items": [item for item in items if item.phase == phase and item.step],
        }
        for phase in phases_reached(mentorship.phase)
    ]


def _sessions(user, mentorship: Mentorship, bound: dict[Any, Form]) -> dict[str, list[Session]]:
    """Sessions with the person's own notes and rating, split into upcoming and past."""
    sessions = list(mentorship.sessions.all())
    personal = work.personal_of(user=user, sessions=sessions)
    now = timezone.now()
    for session in sessions:
        pk = session.pk
        mine = personal.get(pk)
        session.when = local_time(session.starts_at, user.timezone)
        session.rating = mine.rating if mine else None
        session.notes_form = bound.get(("notes", pk)) or forms.SessionNotesForm(
            initial={"notes": session.notes}, auto_id=f"session{pk}-%s"
        )
        session.private_form = bound.get(("private", pk)) or forms.PrivateNotesForm(
            initial={"private_notes": mine.private_notes if mine else ""},
            auto_id=f"session{pk}-%s",
        )
        session.rating_form = bound.get(("rating", pk)) or forms.RatingForm(
            initial={"rating": session.rating}, auto_id=f"session{pk}-%s"
        )
    return {
        "upcoming": [session for session in sessions if session.starts_at >= now],
        "past": [session for session in sessions if session.starts_at < now][::-1],
    }


def _with_forms(rows, kind: str, form_class: type[Form], bound: dict[Any, Form]) -> list:
    rows = list(rows)
    for row in rows:
        row.status_form = bound.get((kind, row.pk)) or form_class(
            initial={"status": row.status}, auto_id=f"{kind}{row.pk}-%s"
        )
    return rows


def _submit(
    request: HttpRequest,
    mentorship: Mentorship,
    form: Form,
    call: Callable[[dict[str, Any]], Any],
    *,
    key: Any,
    anchor: str,
    success: str | Promise,
) -> HttpResponse:
    return submit(
        request,
        form,
        call,
        success=success,
        back=_back_url(mentorship, anchor),
        rerender=lambda: _render_detail(request, mentorship, bound={key: form}, status=400),
    )


@login_required
@require_POST
def checklist_tick(request: HttpRequest, id: int, key: str) -> HttpResponse:
    mentorship = _mentorship_of(request, id)
    done = request.POST.get("done") == "1"
    try:
        item = services.checklist_item_set(user=request.user, mentorship_id=id, key=key, done=done)
    except ObjectDoesNotExist as error:
        raise Http404 from error
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        title = {"step": BY_KEY[item.key].title}
        if item.done:
            messages.success(request, _("Шаг «%(step)s» отмечен.") % title)
        else:
            messages.success(request, _("Отметка со шага «%(step)s» снята.") % title)
    return _back(mentorship, "checklist")


@login_required
@require_POST
def advance(request: HttpRequest, id: int) -> HttpResponse:
    mentorship = _mentorship_of(request, id)
    try:
        mentorship = services.mentorship_advance(user=request.user, mentorship_id=id)
    except ServiceError as error:
        messages.error(request, _missing_text(error))
        return _back(mentorship, "checklist")
    messages.success(
        request, _("Новый этап: %(phase)s.") % {"phase": mentorship.get_phase_display()}
    )
    return _back(mentorship)


def _missing_text(error: ServiceError) -> str:
    """The refusal in words, naming the steps or evaluations still missing."""
    names = []
    for key in error.extra.get("missing", []):
        if key in BY_KEY:
            names.append(str(BY_KEY[key].title))
        elif key == f"evaluation:{Side.MENTEE}":
            names.append(_("итоговая оценка подопечного"))
        elif key == f"evaluation:{Side.MENTOR}":
            names.append(_("итоговая оценка наставника"))
    if not names:
        return error.message
    return _("%(message)s Не хватает: %(missing)s.") % {
        "message": error.message,
        "missing": "; ".join(names),
    }


@login_required
@require_POST
def end(request: HttpRequest, id: int) -> HttpResponse:
    mentorship = _mentorship_of(request, id)
    form = forms.EndForm(request.POST, auto_id="end-%s")
    return _submit(
        request,
        mentorship,
        form,
        lambda data: services.mentorship_end(user=request.user, mentorship_id=id, **data),
        key="end",
        anchor="",
        success=_("Наставничество прекращено. Место наставника освободилось."),
    )


@login_required
@require_POST
def session_create(request: HttpRequest, id: int) -> HttpResponse:
    mentorship = _mentorship_of(request, id)
    form = forms.SessionForm(request.POST, zone=request.user.timezone)
    return _submit(
        request,
        mentorship,
        form,
        lambda data: work.session_create(user=request.user, mentorship_id=id, **data),
        key="session",
        anchor="sessions",
        success=_("Встреча запланирована."),
    )


@login_required
@require_POST
def session_status(request: HttpRequest, id: int, session_id: int) -> HttpResponse:
    mentorship = _mentorship_of(request, id)
    try:
        session = work.session_update(
            user=request.user,
            mentorship_id=id,
            session_id=session_id,
            status=request.POST.get("status", ""),
        )
    except ObjectDoesNotExist as error:
        raise Http404 from error
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        if session.status == SessionStatus.HELD:
            messages.success(request, _("Встреча отмечена как состоявшаяся. Оцените её."))
        elif session.status == SessionStatus.CANCELLED:
            messages.success(request, _("Встреча отменена."))
        else:
            messages.success(request, _("Встреча снова запланирована."))
    return _back(mentorship, f"session-{session_id}")


def _session_form(form_class: type[Form], key: str, success: Promise):
    """A view for one of a session's own forms (shared notes, private notes, rating)."""

    @login_required
    @require_POST
    def view(request: HttpRequest, id: int, session_id: int) -> HttpResponse:
        mentorship = _mentorship_of(request, id)
        form = form_class(request.POST, auto_id=f"session{session_id}-%s")
        return _submit(
            request,
            mentorship,
            form,
            lambda data: work.session_update(
                user=request.user, mentorship_id=id, session_id=session_id, **data
            ),
            key=(key, session_id),
            anchor=f"session-{session_id}",
            success=success,
        )

    return view


# Module level: the texts are translated when shown, in the reader's language.
session_notes = _session_form(
    forms.SessionNotesForm, "notes", gettext_lazy("Общие заметки сохранены.")
)
session_private = _session_form(
    forms.PrivateNotesForm,
    "private",
    gettext_lazy("Личные заметки сохранены — их видите только вы."),
)
session_rating = _session_form(
    forms.RatingForm, "rating", gettext_lazy("Спасибо за оценку встречи.")
)


@login_required
@require_POST
def goal_create(request: HttpRequest, id: int) -> HttpResponse:
    mentorship = _mentorship_of(request, id)
    form = forms.GoalForm(request.POST, auto_id="goal-%s")
    return _submit(
        request,
        mentorship,
        form,
        lambda data: work.goal_create(user=request.user, mentorship_id=id, **data),
        key="goal",
        anchor="goals",
        success=_("Цель добавлена."),
    )


@login_required
@require_POST
def goal_status(request: HttpRequest, id: int, goal_id: int) -> HttpResponse:
    mentorship = _mentorship_of(request, id)
    form = forms.GoalStatusForm(request.POST, auto_id=f"goal{goal_id}-%s")
    return _submit(
        request,
        mentorship,
        form,
        lambda data: work.goal_update(user=request.user, mentorship_id=id, goal_id=goal_id, **data),
        key=("goal", goal_id),
        anchor="goals",
        success=_("Статус цели изменён."),
    )


@login_required
@require_POST
def task_create(request: HttpRequest, id: int) -> HttpResponse:
    mentorship = _mentorship_of(request, id)
    form = forms.TaskForm(request.POST, auto_id="task-%s")
    return _submit(
        request,
        mentorship,
        form,
        lambda data: work.task_create(user=request.user, mentorship_id=id, **data),
        key="task",
        anchor="tasks",
        success=_("Задание добавлено."),
    )


@login_required
@require_POST
def task_status(request: HttpRequest, id: int, task_id: int) -> HttpResponse:
    mentorship = _mentorship_of(request, id)
    form = forms.TaskStatusForm(request.POST, auto_id=f"task{task_id}-%s")
    return _submit(
        request,
        mentorship,
        form,
        lambda data: work.task_update(user=request.user, mentorship_id=id, task_id=task_id, **data),
        key=("task", task_id),
        anchor="tasks",
        success=_("Статус задания изменён."),
    )


@login_required
@require_POST
def message_send(request: HttpRequest, id: int) -> HttpResponse:
    mentorship = _mentorship_of(request, id)
    form = forms.MessageForm(request.POST, auto_id="message-%s")
    return _submit(
        request,
        mentorship,
        form,
        lambda data: services.message_send(user=request.user, mentorship_id=id, **data),
        key="message",
        anchor="thread",
        success=_("Сообщение отправлено."),
    )


@require_safe
def calendar_subscription(request: HttpRequest, user_id: int, token: str) -> HttpResponse:
    """All of a person's sessions at a secret address, for calendar applications that
    subscribe (they cannot sign in). A wrong address is a 404."""
    person = calendar.subscriber(user_id=user_id, token=token)
    if person is None:
        raise Http404
    with translation.override(person.language or "ru"):
        feed = calendar.person_feed(user=person)
    return HttpResponse(feed, content_type="text/calendar; charset=utf-8")


@login_required
@require_POST
def calendar_renew(request: HttpRequest) -> HttpResponse:
    calendar.subscription_renew(user=request.user)
    messages.success(
        request,
        _("Адрес подписки заменён: календари, подписанные на старый, больше не получат встреч."),
    )
    return redirect(reverse("mentorship:dashboard") + "#calendar-title")


@login_required
def pair_calendar(request: HttpRequest, id: int) -> HttpResponse:
    """The pair's sessions for the person's calendar application (the page-side twin of
    GET /api/v1/mentorships/<id>/calendar.ics)."""
    mentorship = _mentorship_of(request, id)
    other = _name(_other(request.user, mentorship))
    feed = calendar.calendar_feed(mentorship=mentorship, viewer_name=other)
    response = HttpResponse(feed, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mentorship-{mentorship.pk}.ics"'
    return response


# --- The closing evaluation ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, id: int) -> HttpResponse:
    mentorship = _mentorship_of(request, id)
    user = request.user
    side = services.side_of(user=user, mentorship=mentorship)
    form = forms.EvaluationForm(_sent(request), side=side)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                evaluations.evaluation_submit(user=user, mentorship_id=id, **form.cleaned_data)
            except InvalidInput as error:
                add_service_error(form, error)
            except ServiceError as error:
                # Already answered, or not the closing phase: the page says which.
                messages.error(request, error.message)
                return redirect("mentorship:evaluation", id=id)
            else:
                mentorship.refresh_from_db()
                messages.success(request, _("Спасибо! Итоговая оценка сохранена."))
                if mentorship.phase == Phase.COMPLETED:
                    messages.success(request, _("Наставничество завершено."))
                return redirect("mentorship:evaluation", id=id)
    seen = evaluations.evaluations_seen_by(user=user, mentorship_id=id)
    context = {
        "mentorship": mentorship,
        "side": side,
        "other_name": _name(_other(user, mentorship)),
        "form": form,
        "open": mentorship.phase in evaluations.EVALUATION_PHASES,
        "answered": seen.own is not None,
        "answers": [_answers(given) for given in seen.readable],
    }
    return render(request, "mentorship/evaluation.html", context, status=status)


def _answers(evaluation) -> dict[str, Any]:
    """One side's answers under the questions as that side was asked them."""
    labels = forms.EVALUATION_LABELS[evaluation.side]
    titles = forms.EVALUATION_GROUP_TITLES[evaluation.side]
    support = dict(SupportMet.choices)
    groups = []
    for key, names in forms.EVALUATION_GROUPS:
        rows = []
        for name in names:
            value = getattr(evaluation, name)
            if name == "support_met":
                value = support.get(value, value)
            elif name in SCALES:
                value = f"{value} / {SCALES[name]}"
            rows.append({"label": labels[name], "value": value})
        groups.append({"title": titles[key], "rows": rows})
    return {"side": evaluation.side, "groups": groups}


# --- Notifications ---------------------------------------------------------------------------


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    shown = list(Notification.objects.filter(user=user)[:NOTIFICATIONS_SHOWN])
    site = settings.SITE_URL.rstrip("/")
    for notification in shown:
        # Links are absolute for e-mail; on the page they stay on this host.
        notification.link = notification.url.removeprefix(site) or notification.url
    context = {
        "notifications": shown,
        "unread": notifications.notifications_unread_count(user=user),
    }
    return render(request, "mentorship/notifications.html", context)


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    count = notifications.notifications_mark_read(user=request.user)
    messages.success(request, _("Отмечено прочитанными: %(count)s.") % {"count": count})
    return redirect("mentorship:notifications")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    user = request.user
    off = notifications.notification_settings_of(user)
    form = forms.NotificationSettingsForm(_sent(request), off=off)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                notifications.notification_settings_set(user=user, off=form.off())
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Настройки уведомлений сохранены."))
                return redirect("mentorship:notification-settings")
    return render(request, "mentorship/notification_settings.html", {"form": form}, status=status)
