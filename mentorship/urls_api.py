from django.urls import path

from mentorship import api_views, match_api, outcome_api

PAIR = "mentorships/<int:pk>/"

urlpatterns = [
    # The match endpoints that may start a mentorship (the rest: matching.urls_api).
    path("matches/", match_api.MatchListApi.as_view(), name="api-matches"),
    path("matches/<int:pk>/accept/", match_api.MatchAcceptApi.as_view(), name="api-match-accept"),
    path(
        "matches/<int:pk>/withdraw/",
        match_api.MatchWithdrawApi.as_view(),
        name="api-match-withdraw",
    ),
    path("mentorships/", api_views.MentorshipListApi.as_view(), name="api-mentorships"),
    path(PAIR, api_views.MentorshipDetailApi.as_view(), name="api-mentorship"),
    path(
        f"{PAIR}checklist/<slug:key>/",
        api_views.ChecklistItemApi.as_view(),
        name="api-mentorship-checklist",
    ),
    path(
        f"{PAIR}advance/", api_views.MentorshipAdvanceApi.as_view(), name="api-mentorship-advance"
    ),
    path(f"{PAIR}end/", api_views.MentorshipEndApi.as_view(), name="api-mentorship-end"),
    path(f"{PAIR}messages/", api_views.MessageListApi.as_view(), name="api-mentorship-messages"),
    path(
        f"{PAIR}messages/read/",
        api_views.ThreadReadApi.as_view(),
        name="api-mentorship-messages-read",
    ),
    path(f"{PAIR}sessions/", api_views.SessionListApi.as_view(), name="api-mentorship-sessions"),
    path(
        f"{PAIR}sessions/<int:session_id>/",
        api_views.SessionDetailApi.as_view(),
        name="api-mentorship-session",
    ),
    path(
        f"{PAIR}calendar.ics", api_views.CalendarFeedApi.as_view(), name="api-mentorship-calendar"
    ),
    path(f"{PAIR}goals/", api_views.GoalListApi.as_view(), name="api-mentorship-goals"),
    path(
        f"{PAIR}goals/<int:goal_id>/",
        api_views.GoalDetailApi.as_view(),
        name="api-mentorship-goal",
    ),
    path(f"{PAIR}tasks/", api_views.TaskListApi.as_view(), name="api-mentorship-tasks"),
    path(
        f"{PAIR}tasks/<int:task_id>/",
        api_views.TaskDetailApi.as_view(),
        name="api-mentorship-task",
    ),
    path(f"{PAIR}evaluation/", api_views.EvaluationApi.as_view(), name="api-mentorship-evaluation"),
    path("notifications/", api_views.NotificationListApi.as_view(), name="api-notifications"),
    path(
        "notifications/read/",
        api_views.NotificationsReadApi.as_view(),
        name="api-notifications-read",
    ),
    path(
        "me/notification-settings/",
        api_views.NotificationSettingsApi.as_view(),
        name="api-notification-settings",
    ),
    # Follow-ups after the mentorship (issue 16).
    path("me/outcomes/", outcome_api.MyFollowUpsApi.as_view(), name="api-my-outcomes"),
    path("me/outcomes/<int:pk>/", outcome_api.MyFollowUpApi.as_view(), name="api-my-outcome"),
]
