"""What every mentorship page needs: the pair the person may see, the other side's name."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from core.errors import Forbidden
from mentorship import services
from mentorship.models import Mentorship, Side


def mentorship_of(request: HttpRequest, id: int) -> Mentorship:
    try:
        return services.mentorship_of(user=request.user, mentorship_id=id)
    except Mentorship.DoesNotExist as error:
        raise Http404 from error
    except Forbidden as error:  # the programme's coordinator: the report is their view
        raise PermissionDenied(error.message) from error


def other_person(user, mentorship: Mentorship):
    """The other side of the pair (a User), or None once they deleted their account."""
    if services.side_of(user=user, mentorship=mentorship) == Side.MENTEE:
        other = mentorship.mentor
    else:
        other = mentorship.mentee
    return other.user if other is not None else None


def other_name(user, mentorship: Mentorship) -> str:
    """The other side's name (a placeholder once that person deleted their account)."""
    other = other_person(user, mentorship)
    return other.full_name if other is not None else _("удалённый пользователь")


def sent(request: HttpRequest):
    """The form data of a POST (even an empty one: every checkbox unticked), else None."""
    return request.POST if request.method == "POST" else None
