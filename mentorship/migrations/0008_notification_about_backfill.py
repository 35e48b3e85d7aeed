"""Notifications written before `about` existed name someone too: find whom from their key."""

from django.db import migrations

# Key prefix → which side of the match the text names.
NAMES = {
    "new_request": "mentee",
    "request_reminder": "mentee",
    "request_expired": "mentor",
}


def backfill(apps, schema_editor):
    Notification = apps.get_model("mentorship", "Notification")
    Match = apps.get_model("matching", "Match")
    for notification in Notification.objects.filter(about__isnull=True).iterator():
        kind, _, rest = notification.key.partition(":")
        match_id, _, reader = rest.partition(":")
        if not match_id.isdigit():
            continue
        match = Match.objects.filter(pk=int(match_id)).first()
        if match is None:
            continue
        if kind == "match_accepted" and reader.isdigit():
            about = match.mentor_id if int(reader) == match.mentee_id else match.mentee_id
        elif kind in NAMES:
            about = getattr(match, f"{NAMES[kind]}_id")
        else:
            continue
        Notification.objects.filter(pk=notification.pk).update(about_id=about)


class Migration(migrations.Migration):
    dependencies = [
        ("mentorship", "0007_notification_about"),
        ("matching", "0003_match_programme"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
