"""The POST forms of the pair's page.

Each form view is made by `pair_post`: parse the form, call one service for the
pair, then back to the page's section with a message, or the page again with
the form as sent and what is wrong next to its field. Texts are lazy: they are
translated when shown, in the reader's language.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from core.forms import submit
from core.links import back, back_url
from mentorship import forms, services, work
from mentorship.checklist import BY_KEY
from mentorship.models import SessionStatus, Side
from mentorship.pages.common import mentorship_of
from mentorship.pages.pair import render_detail

PAGE = "mentorship:detail"


def pair_post(
    form_class: type[Form],
    service: Callable[..., Any],
    *,
    key: str,
    success: Promise,
    anchor: str = "",
    auto_id: str = "",
    item: str = "",
    zoned: bool = False,
) -> Callable[..., HttpResponse]:
    """A POST view for one form of the pair's page.

    `item` names the URL's id of the row the form is about (`goal_id`): it goes to
    the service, and the form is that row's (`key` becomes `(key, id)`, and
    `{id}` in `anchor` and `auto_id` becomes the id). `zoned` forms read times in
    the person's own zone.
    """

    @login_required
    @require_POST
    def view(request: HttpRequest, id: int, **ids: int) -> HttpResponse:
        mentorship = mentorship_of(request, id)
        pk = ids.get(item)
        extra = {"zone": request.user.timezone} if zoned else {}
        form = form_class(request.POST, auto_id=(auto_id or "id_%s").format(id=pk), **extra)
        bound_key = (key, pk) if item else key
        return submit(
            request,
            form,
            lambda data: service(user=request.user, mentorship_id=id, **ids, **data),
            success=success,
            back=back_url(PAGE, id, anchor=anchor.format(id=pk)),
            rerender=lambda: render_detail(
                request, mentorship, bound={bound_key: form}, status=400
            ),
        )

    return view


end = pair_post(
    forms.EndForm,
    services.mentorship_end,
    key="end",
    auto_id="end-%s",
    success=gettext_lazy("Наставничество прекращено. Место наставника освободилось."),
)
session_create = pair_post(
    forms.SessionForm,
    work.session_create,
    key="session",
    anchor="sessions",
    zoned=True,
    success=gettext_lazy("Встреча запланирована."),
)
session_move = pair_post(
    forms.SessionMoveForm,
    work.session_update,
    key="move",
    item="session_id",
    anchor="session-{id}",
    auto_id="session{id}-move-%s",
    zoned=True,
    success=gettext_lazy("Встреча изменена."),
)
session_notes = pair_post(
    forms.SessionNotesForm,
    work.session_update,
    key="notes",
    item="session_id",
    anchor="session-{id}",
    auto_id="session{id}-%s",
    success=gettext_lazy("Общие заметки сохранены."),
)
session_private = pair_post(
    forms.PrivateNotesForm,
    work.session_update,
    key="private",
    item="session_id",
    anchor="session-{id}",
    auto_id="session{id}-%s",
    success=gettext_lazy("Личные заметки сохранены — их видите только вы."),
)
session_rating = pair_post(
    forms.RatingForm,
    work.session_update,
    key="rating",
    item="session_id",
    anchor="session-{id}",
    auto_id="session{id}-%s",
    success=gettext_lazy("Спасибо за оценку встречи."),
)
goal_create = pair_post(
    forms.GoalForm,
    work.goal_create,
    key="goal",
    anchor="goals",
    auto_id="goal-%s",
    success=gettext_lazy("Цель добавлена."),
)
goal_status = pair_post(
    forms.GoalStatusForm,
    work.goal_update,
    key="goal",
    item="goal_id",
    anchor="goals",
    auto_id="goal{id}-%s",
    success=gettext_lazy("Статус цели изменён."),
)
task_create = pair_post(
    forms.TaskForm,
    work.task_create,
    key="task",
    anchor="tasks",
    auto_id="task-%s",
    success=gettext_lazy("Задание добавлено."),
)
task_status = pair_post(
    forms.TaskStatusForm,
    work.task_update,
    key="task",
    item="task_id",
    anchor="tasks",
    auto_id="task{id}-%s",
    success=gettext_lazy("Статус задания изменён."),
)
message_send = pair_post(
    forms.MessageForm,
    services.message_send,
    key="message",
    anchor="thread",
    auto_id="message-%s",
    success=gettext_lazy("Сообщение отправлено."),
)


def _act(request: HttpRequest, call: Callable[[], Any]) -> tuple[bool, Any]:
    """Calls a service that needs no form: (True, its result), or (False, None) with
    the conflict shown as a message. An object the person may not see is a 404."""
    try:
        return True, call()
    except ObjectDoesNotExist as error:
        raise Http404 from error
    except ServiceError as error:
        messages.error(request, error.message)
        return False, None


@login_required
@require_POST
def thread_read(request: HttpRequest, id: int) -> HttpResponse:
    """ "Mark read": up to the last message the page showed (`up_to`), or all."""
    mentorship_of(request, id)
    form = forms.ThreadReadForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["up_to"][0])
        return back(PAGE, id, anchor="thread")
    up_to = form.cleaned_data["up_to"]
    done, _none = _act(
        request,
        lambda: services.thread_mark_read(user=request.user, mentorship_id=id, up_to=up_to),
    )
    if done:
        messages.success(request, _("Переписка отмечена прочитанной."))
    return back(PAGE, id, anchor="thread")


@login_required
@require_POST
def checklist_tick(request: HttpRequest, id: int, key: str) -> HttpResponse:
    mentorship_of(request, id)
    done = request.POST.get("done") == "1"
    ok, item = _act(
        request,
        lambda: services.checklist_item_set(
            user=request.user, mentorship_id=id, key=key, done=done
        ),
    )
    if ok:
        title = {"step": BY_KEY[item.key].title}
        if item.done:
            messages.success(request, _("Шаг «%(step)s» отмечен.") % title)
        else:
            messages.success(request, _("Отметка со шага «%(step)s» снята.") % title)
    return back(PAGE, id, anchor="checklist")


@login_required
@require_POST
def advance(request: HttpRequest, id: int) -> HttpResponse:
    mentorship_of(request, id)
    try:
        mentorship = services.mentorship_advance(user=request.user, mentorship_id=id)
    except ServiceError as error:
        messages.error(request, _missing_text(error))
        return back(PAGE, id, anchor="checklist")
    messages.success(
        request, _("Этап сменился. Сейчас: %(phase)s.") % {"phase": mentorship.get_phase_display()}
    )
    return back(PAGE, id)


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
def session_status(request: HttpRequest, id: int, session_id: int) -> HttpResponse:
    mentorship_of(request, id)
    ok, session = _act(
        request,
        lambda: work.session_update(
            user=request.user,
            mentorship_id=id,
            session_id=session_id,
            status=request.POST.get("status", ""),
        ),
    )
    if ok:
        if session.status == SessionStatus.HELD:
            messages.success(request, _("Встреча отмечена как состоявшаяся. Оцените её."))
        elif session.status == SessionStatus.CANCELLED:
            messages.success(request, _("Встреча отменена."))
        else:
            messages.success(request, _("Встреча снова запланирована."))
    return back(PAGE, id, anchor=f"session-{session_id}")
