"""The hooks through which a lower floor lets a higher one act."""

import pytest

from accounts.services import profile_changed
from core.hooks import Hook
from matching.services import request_answered
from matching.suggestions import suggestions_profile_changed
from mentorship.track_record import mentor_track_record_refresh


def test_a_hook_calls_its_functions_in_order_once_each_with_the_keywords():
    calls = []
    hook = Hook()
    first = lambda **kw: calls.append(("first", kw))  # noqa: E731
    second = lambda **kw: calls.append(("second", kw))  # noqa: E731
    hook.add(first)
    hook.add(second)
    hook.add(first)  # ready() may run twice
    hook(mentor_id=7)
    assert calls == [("first", {"mentor_id": 7}), ("second", {"mentor_id": 7})]


def test_an_error_in_a_hooked_function_reaches_the_caller():
    hook = Hook()

    def broken(**_kw):
        raise RuntimeError("boom")

    hook.add(broken)
    with pytest.raises(RuntimeError, match="boom"):
        hook()


def test_the_higher_floors_plug_into_the_lower_ones_when_ready():
    assert suggestions_profile_changed in profile_changed._functions
    assert mentor_track_record_refresh in request_answered._functions
