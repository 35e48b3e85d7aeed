"""A programme's page: a member's own part of it, or the coordinator's whole cohort,
rules, matching run and draft, a page at a time."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from matching import explain
from programmes import forms, presenters, selectors, services
from programmes.models import RUN_IN_PROGRESS, Programme, Role, RunStatus
from programmes.pages.common import visible
from programmes.weights import effective_weights

# Rows of the cohort, of the draft's pairs and of the unmatched shown at once.
PER_PAGE = 50


@login_required
def detail(request: HttpRequest, id: int) -> HttpResponse:
    programme = visible(request, id)
    if services.is_coordinator(user=request.user, programme=programme):
        return render_coordinator(request, programme)
    return _render_member(request, programme)


def _render_member(request: HttpRequest, programme: Programme) -> HttpResponse:
    """A member sees the programme and their own part of it, never the other members."""
    user = request.user
    have = set(user.roles)
    matches = list(selectors.programme_matches_of(user=user, programme=programme))
    for match in matches:
        match.as_mentee = match.mentee_id == user.pk
        match.other_name = (match.mentor if match.as_mentee else match.mentee).user.full_name
    mentorships = list(selectors.programme_mentorships_of(user=user, programme=programme))
    for mentorship in mentorships:
        other = mentorship.mentor if mentorship.mentee_id == user.pk else mentorship.mentee
        mentorship.other_name = other.user.full_name if other else _("удалённый пользователь")
    roles = selectors.roles_in(user=user, programme=programme)
    context = {
        "programme": programme,
        "roles": [
            {"role": role, "label": Role(role).label, "has_profile": role in have} for role in roles
        ],
        "matches": matches,
        "mentorships": mentorships,
        **_matching_outcome(user, programme, roles, matches),
    }
    return render(request, "programmes/member.html", context)


def _matching_outcome(user, programme: Programme, roles: list[str], matches: list) -> dict:
    """Once pairs are published, a member without one is told so, and what comes next,
    rather than that pairs will come after the matching (which has been)."""
    published = selectors.published_run(programme=programme)
    if published is None:
        return {"published": None}
    paired = {Role.MENTEE if m.as_mentee else Role.MENTOR for m in matches}
    unpaired = [role for role in roles if role not in paired]
    left_out = None
    if Role.MENTEE in unpaired:
        left_out = selectors.left_out_of(run=published, user=user)
    return {"published": published, "unpaired": unpaired, "left_out": left_out}


def _page(request: HttpRequest, rows, param: str, anchor: str) -> Page:
    """One page of a long list, with links to its neighbours that keep the other lists'
    pages (`?page=2&cohort=3`)."""
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get(param))
    query = request.GET.copy()

    def link(number: int) -> str:
        query[param] = number
        return f"?{query.urlencode()}#{anchor}"

    page.previous_link = link(page.previous_page_number()) if page.has_previous() else ""
    page.next_link = link(page.next_page_number()) if page.has_next() else ""
    return page


def render_coordinator(
    request: HttpRequest,
    programme: Programme,
    *,
    bound: dict[str, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The coordinator's page; `bound` holds a form sent back with its errors, by key.

    The cohort, the draft's pairs and the unmatched are shown a page at a time: a
    cohort of thousands would otherwise be one enormous page."""
    bound = bound or {}
    mentees, mentors = selectors.cohort_people(programme=programme)
    run = selectors.latest_run(programme=programme)
    pairs = unmatched = None
    paired: set[int] = set()
    if run is not None and run.status in (RunStatus.DRAFT, RunStatus.PUBLISHED):
        pairs = _page(request, selectors.draft_pairs_of(run=run), "page", "draft")
        names = explain.skill_names_for(pairs)
        for pair in pairs:
            pair.explanation = presenters.explain_pair(pair, names=names)
            pair.blockers = presenters.pair_blockers(pair)
        paired = selectors.paired_mentee_ids(run=run)
        unmatched = _page(
            request,
            selectors.unmatched_of(run=run).order_by("mentee__full_name", "pk"),
            "unmatched",
            "unmatched-title",
        )
    members = _page(request, selectors.members_of(programme=programme), "cohort", "cohort")
    published = run is not None and run.status == RunStatus.PUBLISHED
    cohort = selectors.cohort_of(programme=programme, members=list(members))
    for row in cohort:
        # An address wraps at its "@" on a phone, not in the middle of a name.
        row["email_local"], _at, row["email_domain"] = row["member"].user.email.partition("@")
    join_path = reverse("programmes:join") + f"?code={programme.join_code}"
    context = {
        "programme": programme,
        "join_url": request.build_absolute_uri(join_path),
        "members": members,
        "cohort": cohort,
        "rules": selectors.rules_of(programme=programme),
        "rule_form": bound.get("rule")
        or forms.RuleForm(mentees=mentees, mentors=mentors, auto_id="rule-%s"),
        "match_form": bound.get("match") or forms.MatchForm(auto_id="match-%s"),
        "weights_form": bound.get("weights")
        or forms.WeightsForm(current=weights_of(programme), auto_id="weights-%s"),
        "run": run,
        "running": run is not None and run.status in RUN_IN_PROGRESS,
        "run_seconds": presenters.run_seconds(run),
        "answers": selectors.published_answers(programme=programme) if published else None,
        "pairs": pairs,
        "unmatched": unmatched,
        "pair_form": bound.get("pair")
        or forms.PairForm(
            mentees=[user for user in mentees if user.pk not in paired],
            mentors=mentors,
            auto_id="pair-%s",
        ),
    }
    return render(request, "programmes/detail.html", context, status=status)


def weights_of(programme: Programme) -> dict[str, float]:
    return effective_weights(programme.weights)
