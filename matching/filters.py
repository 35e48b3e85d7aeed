import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from matching.models import Match, MatchStatus


class MatchFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(
        choices=[("mentee", _("подопечный")), ("mentor", _("наставник"))],
        method="filter_role",
        label=_("Роль"),
        empty_label=_("Любая роль"),
    )
    status = django_filters.ChoiceFilter(
        choices=MatchStatus.choices, label=_("Статус"), empty_label=_("Любой статус")
    )

    class Meta:
        model = Match
        fields = ["role", "status"]

    def filter_role(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        user = self.request.user
        return (
            queryset.filter(mentee_id=user.pk)
            if value == "mentee"
            else queryset.filter(mentor_id=user.pk)
        )
