"""The closing evaluation: each side's questions, and both answers once both have given them."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.errors import InvalidInput, ServiceError
from core.forms import add_service_error
from mentorship import evaluations, forms, services
from mentorship.models import Phase, Side, SupportMet
from mentorship.pages.common import mentorship_of, other_name, sent

# One side's answers as the other side reads them: the questions spoke to the person
# answering («вы»), the reader is the other one. By the side that answered.
READ_BY_OTHER = {
    Side.MENTEE: {  # read by the mentor
        "skills_gained": gettext_lazy("Какие навыки появились, по словам подопечного"),
        "goal_progress": gettext_lazy("Продвижение к цели, по оценке подопечного"),
        "view_changed": gettext_lazy("Как изменился взгляд подопечного на новую профессию"),
        "interview_invitations": gettext_lazy("Приглашений на собеседования"),
        "confidence_before": gettext_lazy("Уверенность до наставничества, по оценке подопечного"),
        "confidence_after": gettext_lazy("Уверенность сейчас, по оценке подопечного"),
        "successes": gettext_lazy("Конкретные успехи: проекты, офферы, первые заказы"),
        "productivity": gettext_lazy("Продуктивность работы с вами, по оценке подопечного"),
        "support_met": gettext_lazy("Ваша поддержка соответствовала ожиданиям подопечного?"),
        "would_recommend": gettext_lazy("Порекомендует ли подопечный вас другим?"),
        "comment": gettext_lazy("Комментарий"),
    },
    Side.MENTOR: {  # read by the mentee
        "skills_gained": gettext_lazy("Какие навыки вы приобрели, по оценке наставника"),
        "goal_progress": gettext_lazy("Ваше продвижение к цели, по оценке наставника"),
        "view_changed": gettext_lazy(
            "Как изменился ваш взгляд на новую профессию, по оценке наставника"
        ),
        "interview_invitations": gettext_lazy(
            "Приглашений на собеседования, насколько известно наставнику"
        ),
        "confidence_before": gettext_lazy(
            "Ваша уверенность до наставничества, по оценке наставника"
        ),
        "confidence_after": gettext_lazy("Ваша уверенность сейчас, по оценке наставника"),
        "successes": gettext_lazy("Ваши конкретные успехи: проекты, офферы, первые заказы"),
        "productivity": gettext_lazy("Продуктивность работы с вами, по оценке наставника"),
        "support_met": gettext_lazy("Удалось ли наставнику дать ту поддержку, которой вы ждали?"),
        "would_recommend": gettext_lazy(
            "Порекомендует ли наставник наставничество здесь коллегам?"
        ),
        "comment": gettext_lazy("Комментарий"),
    },
}
READ_BY_OTHER_TITLES = {
    Side.MENTEE: {
        "self": gettext_lazy("Самооценка подопечного"),
        "results": gettext_lazy("Профессиональные результаты подопечного"),
        "interaction": gettext_lazy("Качество взаимодействия"),
    },
    Side.MENTOR: {
        "self": gettext_lazy("Ваш прогресс"),
        "results": gettext_lazy("Ваши профессиональные результаты"),
        "interaction": gettext_lazy("Качество взаимодействия"),
    },
}

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
        "answers": [_answers(given, reader=side) for given in seen.readable],
    }
    return render(request, "mentorship/evaluation.html", context, status=status)


def _answers(evaluation, *, reader: str) -> dict[str, Any]:
    """One side's answers: one's own under the questions as they were asked, the
    other side's under labels written for the reader."""
    if evaluation.side == reader:
        labels = forms.EVALUATION_LABELS[evaluation.side]
        titles = forms.EVALUATION_GROUP_TITLES[evaluation.side]
    else:
        labels = READ_BY_OTHER[evaluation.side]
        titles = READ_BY_OTHER_TITLES[evaluation.side]
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
