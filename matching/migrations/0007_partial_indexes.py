"""Suggestion rows stay out of the indexes that only requests, answers and programme
pairs need.

A suggestion nobody has requested is neither requested, answered nor a
programme's, yet every one of a refresh's ~100,000 inserts added an entry to
both indexes. Partial indexes serve the same queries, whose conditions imply
theirs (`requested_at <= …`, `status = 'expired'`, `programme_id = …`), and
cost a suggestion's insert nothing.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('matching', '0006_mentor_changes_confirmed_address'),
        ('programmes', '0003_unmatched_reason_removed'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='match',
            name='matching_ma_status_c5d7b7_idx',
        ),
        migrations.AlterField(
            model_name='match',
            name='programme',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='matches', to='programmes.programme'),
        ),
        migrations.AddIndex(
            model_name='match',
            index=models.Index(condition=models.Q(models.Q(('status', 'suggested'), _negated=True), ('requested_at__isnull', False), _connector='OR'), fields=['status', 'requested_at'], name='match_requested_or_decided'),
        ),
        migrations.AddIndex(
            model_name='match',
            index=models.Index(condition=models.Q(('programme__isnull', False)), fields=['programme'], name='match_of_programme'),
        ),
    ]
