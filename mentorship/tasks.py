"""Thin tasks: ids in, one service call, safe to run twice."""

from celery import shared_task

from mentorship import reminders, services, track_record


@shared_task
def remind_sessions() -> int:
    return reminders.sessions_remind_tomorrow()


@shared_task
def nudge_quiet_pairs() -> int:
    return reminders.mentorships_nudge_quiet()


@shared_task
def complete_overdue_closings() -> int:
    return len(services.mentorships_complete_overdue())


# Named as when it lived in the matching app, so the beat schedule and queued
# messages keep finding it.
@shared_task(name="matching.tasks.refresh_track_records")
def refresh_track_records() -> int:
    return track_record.mentor_track_records_refresh_all()
