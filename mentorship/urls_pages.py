from django.urls import path

from mentorship import pages

app_name = "mentorship"

PAIR = "mentorships/<int:id>/"
SESSION = f"{PAIR}sessions/<int:session_id>/"

urlpatterns = [
    path("dashboard/", pages.dashboard, name="dashboard"),
    path(PAIR, pages.detail, name="detail"),
    path(f"{PAIR}checklist/<slug:key>/", pages.checklist_tick, name="checklist-tick"),
    path(f"{PAIR}advance/", pages.advance, name="advance"),
    path(f"{PAIR}end/", pages.end, name="end"),
    path(f"{PAIR}sessions/", pages.session_create, name="session-create"),
    path(f"{SESSION}status/", pages.session_status, name="session-status"),
    path(f"{SESSION}notes/", pages.session_notes, name="session-notes"),
    path(f"{SESSION}private/", pages.session_private, name="session-private"),
    path(f"{SESSION}rating/", pages.session_rating, name="session-rating"),
    path(f"{PAIR}goals/", pages.goal_create, name="goal-create"),
    path(f"{PAIR}goals/<int:goal_id>/", pages.goal_status, name="goal-status"),
    path(f"{PAIR}tasks/", pages.task_create, name="task-create"),
    path(f"{PAIR}tasks/<int:task_id>/", pages.task_status, name="task-status"),
    path(f"{PAIR}messages/", pages.message_send, name="message-send"),
    path(f"{PAIR}calendar.ics", pages.pair_calendar, name="calendar"),
    path("calendar/new-address/", pages.calendar_renew, name="calendar-renew"),
    path(
        "calendar/<int:user_id>/<slug:token>.ics",
        pages.calendar_subscription,
        name="calendar-subscription",
    ),
    path(f"{PAIR}evaluation/", pages.evaluation, name="evaluation"),
    path("notifications/", pages.notification_list, name="notifications"),
    path("notifications/read/", pages.notifications_read, name="notifications-read"),
    path("notifications/settings/", pages.notification_settings, name="notification-settings"),
]
