from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import confirmation_views, passwords, views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("login/", views.EmailLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("consent/", views.consent_text, name="consent"),
    path("confirm-email/resend/", confirmation_views.resend, name="confirm-email-resend"),
    path("confirm-email/<str:token>/", confirmation_views.confirm, name="confirm-email"),
    path("onboarding/", views.OnboardingWizard.as_view(), name="onboarding"),
    path("profile/", views.profile, name="profile"),
    path("profile/account/", views.account_update, name="account-update"),
    path("profile/photo/", views.photo, name="photo"),
    path("profile/photo/delete/", views.photo_delete, name="photo-delete"),
    path("profile/<str:role>/", views.profile_edit, name="profile-edit"),
    path("profile-export/", views.export, name="export"),
    path("profile-delete/", views.delete_account, name="delete"),
    path("password-reset/", passwords.PasswordResetView.as_view(), name="password_reset"),
    path("password-change/", passwords.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        passwords.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
