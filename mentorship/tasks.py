"""Thin tasks: ids in, one service call, safe to run twice."""

from celery import shared_task

from mentorship import reminders, services


@shared_task
def remind_sessions() -> int:
    return reminders.sessions_remind_tomorrow()


@shared_task
def nudge_quiet_pairs() -> int:
    return reminders.mentorships_nudge_quiet()


@shared_task
def complete_overdue_closings() -> int:
    return len(services.mentorships_complete_overdue())
