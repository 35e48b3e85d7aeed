from django.urls import path

from mentorship.pages import (
    calendars,
    dashboard,
    evaluation,
    notifications,
    outcomes,
    pair,
    pair_forms,
    telegram,
)

app_name = "mentorship"

PAIR = "mentorships/<int:id>/"
SESSION = f"{PAIR}sessions/<int:session_id>/"

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path(PAIR, pair.detail, name="detail"),
    path(f"{PAIR}checklist/<slug:key>/", pair_forms.checklist_tick, name="checklist-tick"),
    path(f"{PAIR}advance/", pair_forms.advance, name="advance"),
    path(f"{PAIR}end/", pair_forms.end, name="end"),
    path(f"{PAIR}sessions/", pair_forms.session_create, name="session-create"),
    path(f"{SESSION}status/", pair_forms.session_status, name="session-status"),
    path(f"{SESSION}notes/", pair_forms.session_notes, name="session-notes"),
    path(f"{SESSION}move/", pair_forms.session_move, name="session-move"),
    path(f"{SESSION}private/", pair_forms.session_private, name="session-private"),
    path(f"{SESSION}rating/", pair_forms.session_rating, name="session-rating"),
    path(f"{PAIR}goals/", pair_forms.goal_create, name="goal-create"),
    path(f"{PAIR}goals/<int:goal_id>/", pair_forms.goal_status, name="goal-status"),
    path(f"{PAIR}tasks/", pair_forms.task_create, name="task-create"),
    path(f"{PAIR}tasks/<int:task_id>/", pair_forms.task_status, name="task-status"),
    path(f"{PAIR}messages/", pair_forms.message_send, name="message-send"),
    path(f"{PAIR}messages/read/", pair_forms.thread_read, name="thread-read"),
    path(f"{PAIR}calendar.ics", calendars.pair_calendar, name="calendar"),
    path("calendar/new-address/", calendars.calendar_renew, name="calendar-renew"),
    path(
        "calendar/<int:user_id>/<slug:token>.ics",
        calendars.calendar_subscription,
        name="calendar-subscription",
    ),
    path(f"{PAIR}evaluation/", evaluation.evaluation, name="evaluation"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read/", notifications.notifications_read, name="notifications-read"),
    path("notifications/telegram/link/", telegram.telegram_link, name="telegram-link"),
    path("notifications/telegram/unlink/", telegram.telegram_unlink, name="telegram-unlink"),
    path("notifications/telegram/channels/", telegram.telegram_channels, name="telegram-channels"),
    path(
        "notifications/settings/",
        notifications.notification_settings,
        name="notification-settings",
    ),
    # Follow-ups after the mentorship (issue 16).
    path("follow-ups/<int:id>/", outcomes.follow_up, name="follow-up"),
    path("follow-ups/reply/<str:token>/", outcomes.follow_up_link, name="follow-up-link"),
]
