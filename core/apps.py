from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: glue every app uses, importing none of them."""

    name = "core"
    verbose_name = _("Общее")

    def ready(self) -> None:
        from core import notifications
        from core.models import Notification, NotificationOptOut
        from core.personal_data import Contribution, contribute

        contribute(
            Contribution(
                app=self.label,
                models=(Notification, NotificationOptOut),
                export=notifications.notifications_export,
                # Their own notifications go with the account; those naming them, here.
                forget=notifications.notifications_forget_person,
            )
        )
