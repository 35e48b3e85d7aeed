from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: glue every app uses, importing none of them."""

    name = "core"
    verbose_name = _("Общее")
