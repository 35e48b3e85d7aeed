"""The coordinator's forms on the programme's page: pair rules, the matching run and
its weights, the draft's pairs, publishing."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import submit
from core.links import back, back_url
from programmes import forms, runs, selectors, services
from programmes.models import Programme
from programmes.pages.common import PAGE, act, coordinated
from programmes.pages.detail import render_coordinator, weights_of


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
        rerender=lambda: render_coordinator(request, programme, bound={key: form}, status=400),
    )


@login_required
@require_POST
def rule_set(request: HttpRequest, id: int) -> HttpResponse:
    programme = coordinated(request, id)
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
    programme = coordinated(request, id)
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


@login_required
@require_POST
def weights_set(request: HttpRequest, id: int) -> HttpResponse:
    programme = coordinated(request, id)
    form = forms.WeightsForm(request.POST, current=weights_of(programme), auto_id="weights-%s")
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
    programme = coordinated(request, id)
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


@login_required
@require_POST
def pair_remove(request: HttpRequest, id: int, run_id: int, pair_id: int) -> HttpResponse:
    programme = coordinated(request, id)
    done, _none = act(
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
    programme = coordinated(request, id)
    done, result = act(
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
