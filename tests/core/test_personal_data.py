"""Every model that points at a person is in some app's personal-data contribution."""

from django.apps import apps
from django.conf import settings

from core.personal_data import contributions, covered_models


def _points_at_the_user(model) -> bool:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return any(
        (field.many_to_one or field.one_to_one)
        and field.concrete
        and field.related_model is user_model
        for field in model._meta.get_fields()
    )


def test_every_model_with_a_key_to_the_user_is_in_an_apps_contribution():
    # A proxy model's rows are its concrete model's: that one must be covered.
    holding = {
        model._meta.concrete_model for model in apps.get_models() if _points_at_the_user(model)
    }
    assert holding  # the walk finds them at all (profiles, consents, messages, …)
    missing = sorted(model._meta.label for model in holding - covered_models())
    assert missing == [], f"models with a person's data in no app's contribution: {missing}"


def test_each_of_our_apps_contributes_and_the_pairs_are_locked_before_anything_goes():
    by_app = {contribution.app: contribution for contribution in contributions()}
    assert {"core", "accounts", "mentorship", "programmes"} <= set(by_app)
    assert by_app["mentorship"].lock is not None
    assert all(by_app[app].export is not None for app in ("accounts", "mentorship", "programmes"))
