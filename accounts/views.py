"""HTML pages of accounts: thin adapters over accounts.services."""

import json
from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from formtools.wizard.views import SessionWizardView

from accounts import forms, photos, selectors, services
from accounts.filters import MentorFilter
from accounts.models import MenteeProfile, MentorProfile
from accounts.timezones import timezone_aliases
from core.errors import ServiceError
from core.forms import add_service_error


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = forms.SignUpForm(request.POST or None)
    if not form.is_bound:
        # Only a fresh form takes the browser's zone; a choice sent back with errors stays.
        form.fields["timezone"].widget.attrs["data-autodetect"] = "true"
        # Browsers may name a zone by an old alias (Asia/Calcutta) the list shows by its
        # current name (Asia/Kolkata): timezone.js looks it up here.
        form.fields["timezone"].widget.attrs["data-aliases"] = json.dumps(timezone_aliases())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_sign_up(
                email=data["email"],
                password=data["password"],
                full_name=data["full_name"],
                timezone_name=data["timezone"],
                consent=data["consent"],
                language=translation.get_language(),
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Добро пожаловать! Учётная запись создана."))
            role = request.GET.get("role")
            suffix = f"?role={role}" if role in {"mentee", "mentor"} else ""
            return redirect(f"{reverse('accounts:onboarding')}{suffix}")
    return render(request, "accounts/signup.html", {"form": form})


class EmailLoginView(LoginView):
    form_class = forms.EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def consent_text(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/consent.html")


# --- Onboarding --------------------------------------------------------------------


def _role_is(role: str):
    def condition(wizard: "OnboardingWizard") -> bool:
        data = wizard.get_cleaned_data_for_step("role") or {}
        return data.get("role") == role

    return condition


WIZARD_STEP_NUMBERS = {
    "role": 1,
    "mentee_goals": 2,
    "mentor_goals": 2,
    "skills": 3,
    "availability": 4,
}


class OnboardingWizard(LoginRequiredMixin, SessionWizardView):
    """Role → goals → skills → availability, then one service call with everything."""

    form_list = [
        ("role", forms.RoleForm),
        ("mentee_goals", forms.MenteeGoalsForm),
        ("mentor_goals", forms.MentorGoalsForm),
        ("skills", forms.SkillsForm),
        ("availability", forms.AvailabilityForm),
    ]
    condition_dict = {"mentee_goals": _role_is("mentee"), "mentor_goals": _role_is("mentor")}
    template_name = "accounts/onboarding.html"

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """Opens the wizard where the person left it, with their answers.

        formtools starts afresh on every GET; here the answers stay in the
        session until the last step, so leaving for another page (or closing
        the tab) and coming back loses nothing. `?reset` starts again, and so
        does asking for the other role (`?role=` from the profile page).
        """
        asked = request.GET.get("role")
        if request.GET.get("role") == "mentor" and self._mentor_prefill:
            messages.info(
                request,
                _(
                    "Мы заполнили анкету наставника по вашему профилю подопечного — "
                    "проверьте и дополните её."
                ),
            )
        current = self.steps.current
        if (
            "reset" in request.GET
            or (asked in {"mentee", "mentor"} and asked != self._role())
            or current not in self.get_form_list()
        ):
            return super().get(request, *args, **kwargs)
        data = self.storage.get_step_data(current)
        return self.render(self.get_form(data=data) if data else self.get_form())

    def get_form_initial(self, step: str) -> dict[str, Any]:
        if step == "role":
            role = self.request.GET.get("role")
            return {"role": role} if role in {"mentee", "mentor"} else {}
        prefill = self._mentor_prefill if self._role() == "mentor" else {}
        if step == "availability":
            return {"timezone": self.request.user.timezone, "formats": ["video"], **prefill}
        if step in {"mentor_goals", "skills"}:
            return dict(prefill)
        return {}

    @cached_property
    def _mentor_prefill(self) -> dict[str, Any]:
        """A mentee registering as mentor starts from what their mentee profile says.

        Whenever they have one, whichever way they came (the invitation after a
        good mentorship, or the profile page): the answers are only suggestions
        they check. Someone who already mentors keeps their own answers.
        """
        user = self.request.user
        if selectors.is_mentor(user_id=user.pk):
            return {}
        return services.mentor_prefill_from_mentee(user=user)

    def get_form_kwargs(self, step: str | None = None) -> dict[str, Any]:
        if step != "skills":
            return {}
        role = self._role()
        goals = self.get_cleaned_data_for_step(f"{role}_goals") if role else None
        if not goals:
            return {"role": role}
        if role == "mentee":
            return {"goal_areas": [goals["goal_area"]], "role": role}
        return {"goal_areas": list(goals["goal_areas"]), "required": True, "role": role}

    def _role(self) -> str | None:
        return (self.get_cleaned_data_for_step("role") or {}).get("role")

    def get_context_data(self, form, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(form=form, **kwargs)
        # The person sees four steps whichever role they pick (goals are one step).
        context.update(
            step_number=WIZARD_STEP_NUMBERS[self.steps.current],
            step_total=4,
            role=self._role(),
        )
        return context

    def done(self, form_list, form_dict, **kwargs) -> HttpResponse:
        role = form_dict["role"].cleaned_data["role"]
        data: dict[str, Any] = {}
        for name, form in form_dict.items():
            if name != "role":
                data.update(form.cleaned_data)
        service = services.mentee_sign_up if role == "mentee" else services.mentor_register
        try:
            service(user=self.request.user, **data)
        except ServiceError as error:
            messages.error(self.request, error.message)
            return redirect("accounts:onboarding")
        # Straight to where the next step is taken: the suggestions for a mentee,
        # the requests for a mentor, with one sentence saying what to do there.
        if role == "mentee":
            messages.success(
                self.request,
                _(
                    "Профиль готов. Выберите наставника ниже и нажмите «Отправить запрос» — "
                    "он ответит в течение недели."
                ),
            )
            return redirect("matching:suggestions")
        messages.success(
            self.request,
            _(
                "Профиль наставника готов. Когда подопечный пришлёт запрос, он появится здесь "
                "и придёт уведомление."
            ),
        )
        return redirect("matching:inbox")


# --- Profile -------------------------------------------------------------------------


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "mentee": selectors.mentee_profile_of(user=user),
        "mentor": selectors.mentor_profile_of(user=user),
        "account_form": forms.AccountForm(
            initial={"full_name": user.full_name, "timezone": user.timezone}
        ),
        "delete_form": forms.DeleteAccountForm(user=user),
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def account_update(request: HttpRequest) -> HttpResponse:
    form = forms.AccountForm(request.POST)
    if form.is_valid():
        try:
            services.user_update(
                user=request.user,
                full_name=form.cleaned_data["full_name"],
                timezone_name=form.cleaned_data["timezone"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("accounts:profile")
    return render(request, "accounts/account_form.html", {"form": form}, status=400)


PROFILE_STEPS = {
    "mentee": (forms.MenteeGoalsForm, selectors.mentee_profile_of, services.mentee_update),
    "mentor": (forms.MentorGoalsForm, selectors.mentor_profile_of, services.mentor_update),
}


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, role: str) -> HttpResponse:
    if role not in PROFILE_STEPS:
        raise Http404
    goals_form_class, profile_of, update = PROFILE_STEPS[role]
    profile = profile_of(user=request.user)
    if profile is None:
        return redirect(f"{reverse('accounts:onboarding')}?role={role}")
    initial = _profile_initial(profile)
    data = request.POST if request.method == "POST" else None
    goals = goals_form_class(data, prefix="goals", initial=initial)
    areas = [profile.goal_area] if role == "mentee" else list(profile.goal_areas.all())
    skills = forms.SkillsForm(
        data,
        prefix="skills",
        initial=initial,
        goal_areas=areas,
        required=role == "mentor",
        role=role,
    )
    availability = forms.AvailabilityForm(data, prefix="availability", initial=initial)
    step_forms = [goals, skills, availability]
    if data is not None and all(form.is_valid() for form in step_forms):
        fields: dict[str, Any] = {}
        for form in step_forms:
            fields.update(form.cleaned_data)
        try:
            update(user=request.user, **fields)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Профиль сохранён."))
            return redirect("accounts:profile")
    context = {"forms": step_forms, "role": role}
    status = 400 if data is not None else 200
    return render(request, "accounts/profile_edit.html", context, status=status)


def _profile_initial(profile: MenteeProfile | MentorProfile) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "skills": [skill.code for skill in profile.skills.all()],
        "languages": [language.code for language in profile.languages.all()],
        "formats": profile.format_codes,
        "availability": profile.availability,
        "timezone": profile.timezone,
        "city": profile.city,
    }
    for field in profile._meta.concrete_fields:
        if field.name not in initial and not field.primary_key:
            initial[field.name] = field.value_from_object(profile)
    if isinstance(profile, MenteeProfile):
        initial["goal_area"] = profile.goal_area.code
    else:
        initial["goal_areas"] = [area.code for area in profile.goal_areas.all()]
        initial["switched_to"] = profile.switched_to.code if profile.switched_to else None
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def photo(request: HttpRequest) -> HttpResponse:
    """The person's photo: see it, upload a new one."""
    max_mb = settings.PHOTO_MAX_BYTES // (1024 * 1024)
    if getattr(request, "upload_too_large", False):
        # The body-size guard refused the file before it was read (core.http_guards).
        form = forms.PhotoForm(data={})
        form.is_valid()
        form.errors["photo"] = form.error_class(
            [_("Файл больше %(size)s МБ. Выберите фото поменьше.") % {"size": max_mb}]
        )
        context = {"form": form, "max_mb": max_mb}
        return render(request, "accounts/photo.html", context, status=413)
    form = forms.PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            photos.photo_replace(user=request.user, upload=form.cleaned_data["photo"])
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Фото сохранено."))
            return redirect("accounts:photo")
    status = 400 if form.is_bound else 200
    context = {"form": form, "max_mb": max_mb}
    return render(request, "accounts/photo.html", context, status=status)


@login_required
@require_POST
def photo_delete(request: HttpRequest) -> HttpResponse:
    photos.photo_remove(user=request.user)
    messages.success(request, _("Фото удалено."))
    return redirect("accounts:photo")


@login_required
def export(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(
        services.user_export(user=request.user), json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
@require_POST
def delete_account(request: HttpRequest) -> HttpResponse:
    form = forms.DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "accounts/delete_confirm.html", {"form": form}, status=400)
    user = request.user
    logout(request)
    services.user_delete(user=user)
    messages.success(request, _("Учётная запись и все ваши данные удалены."))
    return redirect("home")


# --- Catalogue ---------------------------------------------------------------------------


def mentor_catalogue(request: HttpRequest) -> HttpResponse:
    mentors = selectors.public_mentors()
    filterset = MentorFilter(request.GET or None, queryset=mentors)
    if filterset.is_bound and filterset.is_valid():
        mentors = filterset.qs
    page = Paginator(mentors, 12).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": page, "query": query.urlencode()}
    return render(request, "accounts/catalogue.html", context)
