"""How the report page shows the outcome funnel (issue 16): rows, labels and charts."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programmes.outcome_charts import funnel_chart, share
from programmes.outcomes import GROUPS, STAGES

STAGE_LABELS = {
    "answers": gettext_lazy("Ответили (наставничество окончено)"),
    "interviewed": gettext_lazy("Было хотя бы одно собеседование"),
    "offered": gettext_lazy("Было хотя бы одно предложение"),
    "working": gettext_lazy("Работают в сфере, к которой шли"),
}
GROUP_LABELS = {
    "matched": gettext_lazy("Участники с наставником"),
    "comparison": gettext_lazy("Для сравнения: участники без пары"),
}


def outcome_page(data: dict[str, Any]) -> dict[str, Any]:
    """Per horizon: the chart of both groups' totals and the table rows by goal area."""
    horizons = []
    for months in data["months"]:
        key = str(months)
        totals = {group: data[group]["total"][key] for group in GROUPS}
        stages = [
            (
                str(STAGE_LABELS[stage]),
                [share(totals[g][stage], totals[g]["answers"]) for g in GROUPS],
            )
            for stage in STAGES[1:]
        ]
        rows = []
        for group in GROUPS:
            rows.append({"group": GROUP_LABELS[group], "area": _("все"), **totals[group]})
            rows += [
                {"group": GROUP_LABELS[group], "area": row["name"], **row["months"][key]}
                for row in data[group]["goal_areas"]
            ]
        horizons.append(
            {
                "months": months,
                "chart": funnel_chart(
                    stages,
                    series=[str(GROUP_LABELS[g]) for g in GROUPS],
                    title=_("Исходы через %(months)s мес.") % {"months": months},
                    hidden_label=_("мало ответов"),
                ),
                "rows": rows,
                "any": any(totals[g]["answers"] for g in GROUPS),
            }
        )
    return {
        "outcome_horizons": horizons,
        "outcome_medians": [
            (GROUP_LABELS[g], data[g]["median_months_to_first_offer"]) for g in GROUPS
        ],
        "outcome_stage_labels": [STAGE_LABELS[s] for s in STAGES],
    }
