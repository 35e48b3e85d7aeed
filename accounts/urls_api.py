from django.urls import path

from accounts import api, confirmation_views

urlpatterns = [
    path("auth/signup/", api.SignUpApi.as_view(), name="api-signup"),
    path("auth/token/", api.TokenApi.as_view(), name="api-token"),
    path("auth/token/revoke/", api.TokenRevokeApi.as_view(), name="api-token-revoke"),
    path("me/", api.MeApi.as_view(), name="api-me"),
    path("me/photo/", api.MePhotoApi.as_view(), name="api-me-photo"),
    path(
        "me/confirm-email/", confirmation_views.ConfirmEmailApi.as_view(), name="api-confirm-email"
    ),
    path("me/export/", api.MeExportApi.as_view(), name="api-me-export"),
    path("me/mentee/", api.MenteeProfileApi.as_view(), name="api-me-mentee"),
    path("me/mentor/", api.MentorProfileApi.as_view(), name="api-me-mentor"),
    path("goal-areas/", api.GoalAreasApi.as_view(), name="api-goal-areas"),
    path("mentors/", api.MentorCatalogueApi.as_view(), name="api-mentors"),
    path("mentors/<int:id>/", api.MentorCardApi.as_view(), name="api-mentor"),
]
