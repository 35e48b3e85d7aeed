from django.urls import path

from mentorship import api_views

urlpatterns = [
    path("mentorships/", api_views.MentorshipListApi.as_view(), name="api-mentorships"),
    path("mentorships/<int:pk>/", api_views.MentorshipDetailApi.as_view(), name="api-mentorship"),
    path(
        "mentorships/<int:pk>/checklist/<slug:key>/",
        api_views.ChecklistItemApi.as_view(),
        name="api-mentorship-checklist",
    ),
    path(
        "mentorships/<int:pk>/advance/",
        api_views.MentorshipAdvanceApi.as_view(),
        name="api-mentorship-advance",
    ),
    path(
        "mentorships/<int:pk>/end/", api_views.MentorshipEndApi.as_view(), name="api-mentorship-end"
    ),
    path(
        "mentorships/<int:pk>/messages/",
        api_views.MessageListApi.as_view(),
        name="api-mentorship-messages",
    ),
]
