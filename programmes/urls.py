from django.urls import path

from programmes.pages import coordinator_forms, detail, entry, outcomes, report

app_name = "programmes"

urlpatterns = [
    path("", entry.programme_list, name="list"),
    path("new/", entry.programme_create, name="create"),
    # The API's join_url is built from this name and path: keep them.
    path("join/", entry.join, name="join"),
    path("<int:id>/", detail.detail, name="detail"),
    path("<int:id>/rules/", coordinator_forms.rule_set, name="rule-set"),
    path("<int:id>/match/", coordinator_forms.match_start, name="match"),
    path("<int:id>/weights/", coordinator_forms.weights_set, name="weights"),
    path("<int:id>/runs/<int:run_id>/pairs/", coordinator_forms.pair_add, name="pair-add"),
    path(
        "<int:id>/runs/<int:run_id>/pairs/<int:pair_id>/remove/",
        coordinator_forms.pair_remove,
        name="pair-remove",
    ),
    path("<int:id>/runs/<int:run_id>/publish/", coordinator_forms.publish, name="publish"),
    path("<int:id>/report/", report.report, name="report"),
    path("<int:id>/report.csv", report.report_csv, name="report-csv"),
    path("<int:id>/report.xlsx", report.report_xlsx, name="report-xlsx"),
    # Outcomes (issue 16): what predicts a switch, per programme and for the whole site.
    path("<int:id>/predictors/", outcomes.programme_predictors, name="predictors"),
    path("predictors/", outcomes.site_predictors, name="site-predictors"),
    path("<int:id>/outcomes.csv", outcomes.outcomes_csv, name="outcomes-csv"),
]
