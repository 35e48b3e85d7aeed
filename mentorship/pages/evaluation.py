"""The closing evaluation: each side's questions, and both answers once both have given them."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import InvalidInput, ServiceError
from core.forms import add_service_error
from mentorship import evaluations, forms, services
from mentorship.models import Phase, SupportMet
from mentorship.pages.common import mentorship_of, other_name, sent

# The top of each scale of the evaluation, to print an answer as "7 / 10".
SCALES = {
    name: high
    for name, (_low, high) in evaluations.RANGES.items()
    if name != "interview_invitations"
}


@login_required
@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, id: int) -> HttpResponse:
    mentorship = mentorship_of(request, id)
    user = request.user
    side = services.side_of(user=user, mentorship=mentorship)
    form = forms.EvaluationForm(sent(request), side=side)
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
        "other_name": other_name(user, mentorship),
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
