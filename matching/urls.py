from django.urls import path

from matching import views

app_name = "matching"

urlpatterns = [
    path("", views.suggestions, name="suggestions"),
    path("inbox/", views.inbox, name="inbox"),
    path("<int:pk>/decline/", views.decline, name="decline"),
]
