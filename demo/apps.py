from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Holds the `seed_demo` command; no models."""

    name = "demo"
    verbose_name = "Demo"
