from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Подбор наставников")

    def ready(self) -> None:
        from accounts.services import profile_changed
        from matching.suggestions import suggestions_profile_changed

        # A changed profile moves people in or out of suggestion lists.
        profile_changed.add(suggestions_profile_changed)
