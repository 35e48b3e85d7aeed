from django.urls import path

from matching import api

urlpatterns = [
    path("matches/refresh/", api.MatchRefreshApi.as_view(), name="api-matches-refresh"),
    path("matches/<int:pk>/", api.MatchDetailApi.as_view(), name="api-match"),
    path("matches/<int:pk>/decline/", api.MatchDeclineApi.as_view(), name="api-match-decline"),
    path("mentors/<int:id>/fit/", api.MentorFitApi.as_view(), name="api-mentor-fit"),
]
