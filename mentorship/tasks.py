"""Thin tasks: ids in, one service call, safe to run twice."""

import datetime as dt

from celery import shared_task

from mentorship import outcome_record, outcomes, reminders, services, track_record


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


# --- Follow-ups (issue 16) ----------------------------------------------------------


@shared_task
def send_follow_ups(now: str | None = None) -> int:
    """Beat: the follow-ups that fell due. `now` (ISO 8601) lets a test pass the time."""
    return outcomes.follow_ups_send_due(now=dt.datetime.fromisoformat(now) if now else None)


@shared_task
def refresh_mentor_outcomes() -> int:
    return outcome_record.mentor_outcomes_refresh_all()
