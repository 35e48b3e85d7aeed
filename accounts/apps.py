from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Учётные записи")

    def ready(self) -> None:
        from django.contrib.admin.models import LogEntry
        from rest_framework.authtoken.models import Token

        from accounts import exports
        from accounts.models import Consent, MenteeProfile, MentorProfile, User
        from core.personal_data import Contribution, contribute

        contribute(
            Contribution(
                app=self.label,
                # The API token and the admin log are other packages' rows about the
                # account; the token goes with it, the log by forget_account (with the
                # photo files, which are no rows).
                models=(User, MenteeProfile, MentorProfile, Consent, Token, LogEntry),
                export=exports.export_account,
                forget=exports.forget_account,
            )
        )
