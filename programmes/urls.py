from django.urls import path

from programmes import pages

app_name = "programmes"

urlpatterns = [
    path("join/", pages.join, name="join"),
]
