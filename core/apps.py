from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: glue every app uses, importing none of them."""

    name = "core"
    verbose_name = _("Общее")

    def ready(self) -> None:
        from core import notifications
        from core.models import (
            Notification,
            NotificationChannel,
            NotificationOptOut,
            TelegramChat,
        )
        from core.personal_data import Contribution, contribute

        contribute(
            Contribution(
                app=self.label,
                # A linked Telegram chat and the chosen channels go with the account.
                models=(Notification, NotificationOptOut, NotificationChannel, TelegramChat),
                export=notifications.notifications_export,
                # Their own notifications go with the account; those naming them, here.
                forget=notifications.notifications_forget_person,
            )
        )
