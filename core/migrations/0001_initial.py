"""The notification models, moved here from the mentorship app.

State only: the tables (mentorship_notification, mentorship_notificationoptout)
were created by the mentorship migrations and keep their names and rows.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

KINDS = [
    ('new_request', 'новый запрос'),
    ('match_accepted', 'пара состоялась'),
    ('request_reminder', 'напоминание о запросе'),
    ('request_expired', 'запрос истёк'),
    ('session_tomorrow', 'встреча завтра'),
    ('phase_advanced', 'новый этап наставничества'),
    ('no_session_nudge', 'давно не было встреч'),
    ('mentor_invite', 'приглашение стать наставником'),
]


def move_content_types(apps, schema_editor):
    """Keeps the permissions and admin log entries of the two models with them."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(
        app_label="mentorship", model__in=["notification", "notificationoptout"]
    ).update(app_label="core")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(
        app_label="core", model__in=["notification", "notificationoptout"]
    ).update(app_label="mentorship")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('mentorship', '0009_notifications_to_core'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=KINDS, max_length=40)),
                        ('key', models.CharField(max_length=200, unique=True)),
                        ('title', models.CharField(max_length=200)),
                        ('body', models.TextField(blank=True)),
                        ('url', models.CharField(blank=True, max_length=300)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('read_at', models.DateTimeField(blank=True, null=True)),
                        ('emailed_at', models.DateTimeField(blank=True, null=True)),
                        ('email_claimed_by', models.CharField(blank=True, max_length=64)),
                        ('email_claimed_at', models.DateTimeField(blank=True, null=True)),
                        ('about', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'уведомление',
                        'verbose_name_plural': 'уведомления',
                        'db_table': 'mentorship_notification',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['user', 'read_at'], name='mentorship__user_id_2587c1_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='NotificationOptOut',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=KINDS, max_length=40)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notification_opt_outs', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'mentorship_notificationoptout',
                        'constraints': [models.UniqueConstraint(fields=('user', 'kind'), name='opt_out_once')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
