from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programmes"
    verbose_name = _("Программы")

    def ready(self) -> None:
        from core.dashboard import DASHBOARD
        from core.personal_data import Contribution, contribute
        from programmes import dashboard, exports, models

        DASHBOARD.add(dashboard.coordinator_panel)

        contribute(
            Contribution(
                app=self.label,
                models=(
                    models.Coordinator,
                    models.Member,
                    models.PairRule,
                    models.MatchingRun,
                    models.DraftPair,
                    models.DraftUnmatched,
                ),
                export=exports.export_programmes,
            )
        )
