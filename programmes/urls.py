from django.urls import path

from programmes import pages

app_name = "programmes"

urlpatterns = [
    path("", pages.programme_list, name="list"),
    path("new/", pages.programme_create, name="create"),
    # The API's join_url is built from this name and path: keep them.
    path("join/", pages.join, name="join"),
    path("<int:id>/", pages.detail, name="detail"),
    path("<int:id>/rules/", pages.rule_set, name="rule-set"),
    path("<int:id>/match/", pages.match_start, name="match"),
    path("<int:id>/weights/", pages.weights_set, name="weights"),
    path("<int:id>/runs/<int:run_id>/pairs/", pages.pair_add, name="pair-add"),
    path(
        "<int:id>/runs/<int:run_id>/pairs/<int:pair_id>/remove/",
        pages.pair_remove,
        name="pair-remove",
    ),
    path("<int:id>/runs/<int:run_id>/publish/", pages.publish, name="publish"),
    path("<int:id>/report/", pages.report, name="report"),
    path("<int:id>/report.csv", pages.report_csv, name="report-csv"),
]
