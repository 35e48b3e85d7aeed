"""The programme pages: create, join, cohort, matching review, dashboard (thin adapters)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def join(request: HttpRequest) -> HttpResponse:
    return render(request, "programmes/join.html", {"code": request.GET.get("code", "")})
