"""The programme pages: create, join, cohort, matching review, dashboard (thin adapters).

Each POST parses one form, calls one service and redirects back (post/redirect/get);
a broken rule about a field comes back next to it, on the page rendered again with
the form as sent. Access is the services': `programme_visible` answers 404 to
anyone outside the programme, `programme_coordinated` 403 to its members.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Page, Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from matching import explain
from matching.scoring import DEFAULT_WEIGHTS
from mentorship.errors import ServiceError
from mentorship.forms import add_service_error, submit
from mentorship.links import back, back_url
from programmes import forms, presenters, reports, runs, selectors, services
from programmes.models import RUN_IN_PROGRESS, Programme, Role, RunStatus

# Rows of the cohort, of the draft's pairs and of the unmatched shown at once.
PER_PAGE = 50
# Said right after joining in a role the person has no profile for yet.
_MISSING_PROFILE = {
    Role.MENTEE: gettext_lazy(
        "У вас ещё нет профиля подопечного. Заполните его — без профиля подбор "
        "не найдёт вам наставника."
    ),
    Role.MENTOR: gettext_lazy(
        "У вас ещё нет профиля наставника. Заполните его — без профиля подбор "
        "не предложит вам подопечных."
    ),
}


def _sent(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _visible(request: HttpRequest, id: int) -> Programme:
    try:
        return services.programme_visible(user=request.user, programme_id=id)
    except Programme.DoesNotExist as error:
        raise Http404 from error


def _coordinated(request: HttpRequest, id: int) -> Programme:
    try:
        return services.programme_coordinated(user=request.user, programme_id=id)
    except Programme.DoesNotExist as error:
        raise Http404 from error
    except services.NotCoordinator as error:
        raise PermissionDenied(error.message) from error


PAGE = "programmes:detail"


# --- List, create, join ----------------------------------------------------------------------


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = list(selectors.programmes_of(user=request.user))
    for programme in programmes:
        programme.my_roles = [member.get_role_display() for member in programme.my_members]
    context = {"programmes": programmes, "join_form": forms.JoinForm(auto_id="join-%s")}
    return render(request, "programmes/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    form = forms.ProgrammeForm(_sent(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                programme = services.programme_create(user=request.user, **form.service_kwargs())
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request, _("Программа создана. Отправьте участникам код или ссылку.")
                )
                return redirect("programmes:detail", id=programme.pk)
    return render(request, "programmes/create.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    initial = {"join_code": request.GET.get("code", "")}
    form = forms.JoinForm(_sent(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                member = services.programme_join(user=request.user, **form.cleaned_data)
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("Вы в программе «%(name)s» как %(role)s.")
                    % {"name": member.programme.name, "role": member.get_role_display()},
                )
                if member.role not in request.user.roles:
                    messages.warning(request, _MISSING_PROFILE[member.role])
                return redirect("programmes:detail", id=member.programme_id)
    return render(request, "programmes/join.html", {"form": form}, status=status)


# --- The programme's page --------------------------------------------------------------------


@login_required
def detail(request: HttpRequest, id: int) -> HttpResponse:
    programme = _visible(request, id)
    if services.is_coordinator(user=request.user, programme=programme):
        return _render_coordinator(request, programme)
    return _render_member(request, programme)


def _render_member(request: HttpRequest, programme: Programme) -> HttpResponse:
    """A member sees the programme and their own part of it, never the other members."""
    user = request.user
    have = set(user.roles)
    matches = list(selectors.programme_matches_of(user=user, programme=programme))
    for match in matches:
        match.as_mentee = match.mentee_id == user.pk
        match.other_name = (match.mentor if match.as_mentee else match.mentee).user.full_name
    mentorships = list(selectors.programme_mentorships_of(user=user, programme=programme))
    for mentorship in mentorships:
        other = mentorship.mentor if mentorship.mentee_id == user.pk else mentorship.mentee
        mentorship.other_name = other.user.full_name if other else _("удалённый пользователь")
    context = {
        "programme": programme,
        "roles": [
            {"role": role, "label": Role(role).label, "has_profile": role in have}
            for role in selectors.roles_in(user=user, programme=programme)
        ],
        "matches": matches,
        "mentorships": mentorships,
    }
    return render(request, "programmes/member.html", context)


def _page(request: HttpRequest, rows, param: str, anchor: str) -> Page:
    """One page of a long list, with links to its neighbours that keep the other lists'
    pages (`?page=2&cohort=3`)."""
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get(param))
    query = request.GET.copy()

    def link(number: int) -> str:
        query[param] = number
        return f"?{query.urlencode()}#{anchor}"

    page.previous_link = link(page.previous_page_number()) if page.has_previous() else ""
    page.next_link = link(page.next_page_number()) if page.has_next() else ""
    return page


def _render_coordinator(
    request: HttpRequest,
    programme: Programme,
    *,
    bound: dict[str, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The coordinator's page; `bound` holds a form sent back with its errors, by key.

    The cohort, the draft's pairs and the unmatched are shown a page at a time: a
    cohort of thousands would otherwise be one enormous page."""
    bound = bound or {}
    mentees, mentors = selectors.cohort_people(programme=programme)
    run = selectors.latest_run(programme=programme)
    pairs = unmatched = None
    paired: set[int] = set()
    if run is not None and run.status in (RunStatus.DRAFT, RunStatus.PUBLISHED):
        pairs = _page(request, selectors.draft_pairs_of(run=run), "page", "draft")
        names = explain.skill_names_for(pairs)
        for pair in pairs:
            pair.explanation = presenters.explain_pair(pair, names=names)
        paired = selectors.paired_mentee_ids(run=run)
        unmatched = _page(
            request,
            selectors.unmatched_of(run=run).order_by("mentee__full_name", "pk"),
            "unmatched",
            "unmatched-title",
        )
    members = _page(request, selectors.members_of(programme=programme), "cohort", "cohort")
    join_path = reverse("programmes:join") + f"?code={programme.join_code}"
    context = {
        "programme": programme,
        "join_url": request.build_absolute_uri(join_path),
        "members": members,
        "cohort": selectors.cohort_of(programme=programme, members=list(members)),
        "rules": selectors.rules_of(programme=programme),
        "rule_form": bound.get("rule")
        or forms.RuleForm(mentees=mentees, mentors=mentors, auto_id="rule-%s"),
        "match_form": bound.get("match") or forms.MatchForm(auto_id="match-%s"),
        "weights_form": bound.get("weights")
        or forms.WeightsForm(current=_weights_of(programme), auto_id="weights-%s"),
        "run": run,
        "running": run is not None and run.status in RUN_IN_PROGRESS,
        "pairs": pairs,
        "unmatched": unmatched,
        "pair_form": bound.get("pair")
        or forms.PairForm(
            mentees=[user for user in mentees if user.pk not in paired],
            mentors=mentors,
            auto_id="pair-%s",
        ),
    }
    return render(request, "programmes/detail.html", context, status=status)


def _submit(
    request: HttpRequest,
    programme: Programme,
    form: Form,
    call: Callable[[dict[str, Any]], Any],
    *,
    key: str,
    anchor: str,
    success: str | Promise,
) -> HttpResponse:
    return submit(
        request,
        form,
        call,
        success=success,
        back=back_url(PAGE, programme.pk, anchor=anchor),
        rerender=lambda: _render_coordinator(request, programme, bound={key: form}, status=400),
    )


@login_required
@require_POST
def rule_set(request: HttpRequest, id: int) -> HttpResponse:
    programme = _coordinated(request, id)
    mentees, mentors = selectors.cohort_people(programme=programme)
    form = forms.RuleForm(request.POST, mentees=mentees, mentors=mentors, auto_id="rule-%s")
    return _submit(
        request,
        programme,
        form,
        lambda data: services.pair_rule_set(
            user=request.user,
            programme_id=id,
            mentee_id=data["mentee"],
            mentor_id=data["mentor"],
            kind=form.rule_kind(),
        ),
        key="rule",
        anchor="rules",
        success=_("Правило для пары сохранено; оно действует в следующем подборе."),
    )


@login_required
@require_POST
def match_start(request: HttpRequest, id: int) -> HttpResponse:
    programme = _coordinated(request, id)
    form = forms.MatchForm(request.POST, auto_id="match-%s")
    return _submit(
        request,
        programme,
        form,
        lambda data: runs.matching_run_start(
            user=request.user, programme_id=id, objective=data["objective"]
        ),
        key="match",
        anchor="run",
        success=_("Подбор запущен. Черновик пар появится здесь, когда расчёт закончится."),
    )


def _weights_of(programme: Programme) -> dict[str, float]:
    return {**DEFAULT_WEIGHTS.__dict__, **programme.weights}


@login_required
@require_POST
def weights_set(request: HttpRequest, id: int) -> HttpResponse:
    programme = _coordinated(request, id)
    form = forms.WeightsForm(request.POST, current=_weights_of(programme), auto_id="weights-%s")
    return _submit(
        request,
        programme,
        form,
        lambda data: services.programme_update(user=request.user, programme_id=id, weights=data),
        key="weights",
        anchor="run",
        success=_("Веса факторов сохранены; они действуют в следующем подборе."),
    )


@login_required
@require_POST
def pair_add(request: HttpRequest, id: int, run_id: int) -> HttpResponse:
    programme = _coordinated(request, id)
    mentees, mentors = selectors.cohort_people(programme=programme)
    form = forms.PairForm(request.POST, mentees=mentees, mentors=mentors, auto_id="pair-%s")
    return _submit(
        request,
        programme,
        form,
        lambda data: services.draft_pair_add(
            user=request.user,
            programme_id=id,
            run_id=run_id,
            mentee_id=data["mentee"],
            mentor_id=data["mentor"],
        ),
        key="pair",
        anchor="draft",
        success=_("Пара добавлена в черновик."),
    )


def _act(request: HttpRequest, call: Callable[[], Any]) -> tuple[bool, Any]:
    """Calls a service that needs no form: (True, its result), or (False, None) with
    the conflict shown as a message."""
    try:
        return True, call()
    except ObjectDoesNotExist as error:
        raise Http404 from error
    except ServiceError as error:
        messages.error(request, error.message)
        return False, None


@login_required
@require_POST
def pair_remove(request: HttpRequest, id: int, run_id: int, pair_id: int) -> HttpResponse:
    programme = _coordinated(request, id)
    done, _none = _act(
        request,
        lambda: services.draft_pair_remove(
            user=request.user, programme_id=id, run_id=run_id, pair_id=pair_id
        ),
    )
    if done:
        messages.success(request, _("Пара убрана из черновика."))
    return back(PAGE, programme.pk, anchor="draft")


@login_required
@require_POST
def publish(request: HttpRequest, id: int, run_id: int) -> HttpResponse:
    programme = _coordinated(request, id)
    done, result = _act(
        request,
        lambda: services.draft_publish(user=request.user, programme_id=id, run_id=run_id),
    )
    if done:
        messages.success(
            request,
            _(
                "Пары опубликованы: новых %(created)s, обновлено %(updated)s, "
                "оставлено как есть %(skipped)s. Теперь обе стороны подтверждают пару."
            )
            % result,
        )
    return back(PAGE, programme.pk, anchor="run")


# --- The report ---------------------------------------------------------------------------


@login_required
def report(request: HttpRequest, id: int) -> HttpResponse:
    programme = _coordinated(request, id)
    data = reports.programme_report(programme)
    context = {"programme": programme, "report": data, **presenters.report_page(data)}
    return render(request, "programmes/report.html", context)


@login_required
def report_csv(request: HttpRequest, id: int) -> HttpResponse:
    """The report as a spreadsheet: the page-side twin of the API's report.csv."""
    programme = _coordinated(request, id)
    response = HttpResponse(
        reports.programme_report_csv(programme), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="programme-{programme.pk}.csv"'
    return response
