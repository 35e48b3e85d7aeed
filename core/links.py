"""Where a page sends the person back to after a POST (post/redirect/get)."""

from typing import Any

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def back_url(viewname: str, *args: Any, anchor: str = "") -> str:
    """The page's address, at the section the form was in (`#anchor`)."""
    url = reverse(viewname, args=args)
    return f"{url}#{anchor}" if anchor else url


def back(viewname: str, *args: Any, anchor: str = "") -> HttpResponseRedirect:
    return redirect(back_url(viewname, *args, anchor=anchor))


def back_to_next(request: HttpRequest, viewname: str, *args: Any) -> HttpResponseRedirect:
    """Back to the page the form says it came from (`next`), if that page is on this
    site; anything else (another host, a scheme) would make us an open redirect."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return back(viewname, *args)
