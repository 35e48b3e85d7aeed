"""Programmes: the person's list, a new programme, joining one by its code."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.errors import ServiceError
from core.forms import add_service_error
from programmes import forms, selectors, services
from programmes.models import Role
from programmes.pages.common import sent

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
    form = forms.ProgrammeForm(sent(request))
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
    form = forms.JoinForm(sent(request), initial=initial)
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
                    _("Вы в программе «%(name)s». Роль: %(role)s.")
                    % {"name": member.programme.name, "role": member.get_role_display()},
                )
                if member.role not in request.user.roles:
                    messages.warning(request, _MISSING_PROFILE[member.role])
                return redirect("programmes:detail", id=member.programme_id)
    return render(request, "programmes/join.html", {"form": form}, status=status)
