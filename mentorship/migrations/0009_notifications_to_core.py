"""The notification models moved to the core app; their tables stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('mentorship', '0008_notification_about_backfill'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='Notification'),
                migrations.DeleteModel(name='NotificationOptOut'),
            ],
            database_operations=[],
        ),
    ]
