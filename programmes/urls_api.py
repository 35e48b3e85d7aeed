from django.urls import path

from programmes import api, outcome_api

urlpatterns = [
    path("programmes/", api.ProgrammeListApi.as_view(), name="api-programmes"),
    path("programmes/join/", api.ProgrammeJoinApi.as_view(), name="api-programme-join"),
    path("programmes/<int:pk>/", api.ProgrammeDetailApi.as_view(), name="api-programme"),
    path("programmes/<int:pk>/cohort/", api.CohortApi.as_view(), name="api-programme-cohort"),
    path("programmes/<int:pk>/rules/", api.RuleListApi.as_view(), name="api-programme-rules"),
    path("programmes/<int:pk>/match/", api.MatchStartApi.as_view(), name="api-programme-match"),
    path("programmes/<int:pk>/runs/", api.RunListApi.as_view(), name="api-programme-runs"),
    path(
        "programmes/<int:pk>/runs/<int:run_id>/",
        api.RunDetailApi.as_view(),
        name="api-programme-run",
    ),
    path(
        "programmes/<int:pk>/runs/<int:run_id>/pairs/",
        api.DraftPairListApi.as_view(),
        name="api-programme-run-pairs",
    ),
    path(
        "programmes/<int:pk>/runs/<int:run_id>/pairs/<int:pair_id>/",
        api.DraftPairApi.as_view(),
        name="api-programme-run-pair",
    ),
    path(
        "programmes/<int:pk>/runs/<int:run_id>/unmatched/",
        api.UnmatchedListApi.as_view(),
        name="api-programme-run-unmatched",
    ),
    path(
        "programmes/<int:pk>/runs/<int:run_id>/publish/",
        api.PublishApi.as_view(),
        name="api-programme-run-publish",
    ),
    path("programmes/<int:pk>/report/", api.ReportApi.as_view(), name="api-programme-report"),
    path(
        "programmes/<int:pk>/report.csv",
        api.ReportCsvApi.as_view(),
        name="api-programme-report-csv",
    ),
    # Outcomes (issue 16).
    path(
        "programmes/<int:pk>/outcomes/",
        outcome_api.OutcomesApi.as_view(),
        name="api-programme-outcomes",
    ),
    path(
        "programmes/<int:pk>/outcomes.csv",
        outcome_api.OutcomesCsvApi.as_view(),
        name="api-programme-outcomes-csv",
    ),
]
