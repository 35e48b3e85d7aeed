"""Password pages: reset by letter (limited, links to SITE_URL) and the person's own change.

Every new password goes through services.user_password_set, which ends the
person's API token.
"""

from urllib.parse import urlsplit

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from accounts import services
from accounts.limits import private_key, within_limit

RESET_WINDOW_SECONDS = 60 * 60


def password_reset_allowed(*, email: str, address: str) -> bool:
    """Whether another reset letter may go: counted per client address and per recipient.

    Both are counted on every request, so neither many addresses asking for one
    person nor one address asking for many sends more than its share.
    """
    by_address = within_limit(
        private_key("password-reset:address", address),
        limit=settings.PASSWORD_RESET_ADDRESS_LIMIT,
        window_seconds=RESET_WINDOW_SECONDS,
    )
    by_email = within_limit(
        private_key("password-reset:email", email),
        limit=settings.PASSWORD_RESET_EMAIL_LIMIT,
        window_seconds=RESET_WINDOW_SECONDS,
    )
    return by_address and by_email


class NewPasswordMixin:
    """A Django password form whose save goes through the service (the token ends)."""

    def save(self, commit: bool = True):
        password = self.cleaned_data[self.password_field]
        if commit:
            return services.user_password_set(user=self.user, password=password)
        self.user.set_password(password)
        return self.user


class ResetPasswordForm(NewPasswordMixin, auth_forms.SetPasswordForm):
    password_field = "new_password1"  # noqa: S105 (a field name)


class ChangePasswordForm(NewPasswordMixin, auth_forms.PasswordChangeForm):
    password_field = "new_password1"  # noqa: S105 (a field name)


class AdminPasswordForm(NewPasswordMixin, auth_forms.AdminPasswordChangeForm):
    password_field = "password1"  # noqa: S105 (a field name)

    def save(self, commit: bool = True):
        if self.cleaned_data.get("set_usable_password", True):
            return super().save(commit=commit)
        # The administrator takes the password away: the token goes with it.
        user = auth_forms.AdminPasswordChangeForm.save(self, commit=commit)
        if commit:
            services.api_token_revoke(user=user)
        return user


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, with limits and links built from SITE_URL.

    A request over a limit gets the same "letter sent" page as any other, so
    the answer reveals neither whether the account exists nor the limit.
    The link's host is never taken from the request's Host header.
    """

    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"

    def form_valid(self, form: auth_forms.PasswordResetForm) -> HttpResponse:
        allowed = password_reset_allowed(
            email=form.cleaned_data["email"], address=client_address(self.request)
        )
        if allowed:
            site = urlsplit(settings.SITE_URL)
            form.save(
                domain_override=site.netloc,
                use_https=site.scheme == "https",
                token_generator=self.token_generator,
                from_email=self.from_email,
                email_template_name=self.email_template_name,
                subject_template_name=self.subject_template_name,
                request=self.request,
                html_email_template_name=self.html_email_template_name,
                extra_email_context=self.extra_email_context,
            )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = ResetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    """The person's own change; this browser stays signed in (Django updates its session)."""

    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts:profile")

    def form_invalid(self, form) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(
            self.request, _("Пароль изменён. В приложениях, работающих через API, войдите заново.")
        )
        return response


def client_address(request: HttpRequest) -> str:
    return get_client_ip_address(request) or "unknown"
