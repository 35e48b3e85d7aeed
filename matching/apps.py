from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Подбор наставников")

    def ready(self) -> None:
        from accounts.services import profile_changed
        from core.personal_data import Contribution, contribute
        from matching import exports
        from matching.models import Match
        from matching.suggestions import suggestions_profile_changed

        # A changed profile moves people in or out of suggestion lists.
        profile_changed.add(suggestions_profile_changed)
        # The matches go with the profiles (cascade); the export lists them.
        contribute(Contribution(app=self.label, models=(Match,), export=exports.export_matches))
