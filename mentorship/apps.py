from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorshipConfig(AppConfig):
    name = "mentorship"
    verbose_name = _("Наставничество")

    def ready(self) -> None:
        from core.personal_data import Contribution, contribute
        from matching.services import request_answered
        from mentorship import exports, models
        from mentorship.track_record import mentor_track_record_refresh

        # An answered or expired request changes the mentor's responsiveness.
        request_answered.add(mentor_track_record_refresh)
        contribute(
            Contribution(
                app=self.label,
                models=(
                    models.Mentorship,
                    models.Message,
                    models.ThreadRead,
                    models.Session,
                    models.SessionPersonal,
                    models.Task,
                    models.Evaluation,
                ),
                export=exports.export_mentorships,
                lock=exports.lock_mentorships,
            )
        )
        # Follow-ups after the mentorship (issue 16): the person's own answers.
        from mentorship import outcomes

        contribute(
            Contribution(
                app="mentorship.outcomes",
                models=(models.FollowUp,),
                export=outcomes.export_follow_ups,
            )
        )
