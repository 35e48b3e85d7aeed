"""The demo's mentorships: `make run` opens with the lifecycle already alive.

Three stories among the demo people (demo/data/people.py):

- Елена (mentee@) and Анна (mentor@), both once teachers of mathematics: the
  main phase, two sessions held, the next one planned, tasks and a thread;
- Кирилл (both@) as the mentee of Айгерим Сапарова: completed, both evaluations
  in, so Кирилл shows a finished mentorship and Айгерим a track record;
- Ирина Павлова and Ольга Ким: closing, only the mentee's evaluation in. Both
  are outside the three main logins' suggestions, so those stay as they were.

A story's days are set relative to `now`, in the pair's own zone; demo/lifecycle.py
lives it through the services and moves the stamps back to those days.
"""

import datetime as dt

from demo.data.shapes import Story
from demo.data.stories.closing import closing_story
from demo.data.stories.completed import completed_story
from demo.data.stories.main_phase import main_phase_story


def stories(now: dt.datetime) -> list[Story]:
    return [main_phase_story(now), completed_story(now), closing_story(now)]
