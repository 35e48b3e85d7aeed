"""The scorer's facts → stored JSON → sentences a person reads.

At write time `facts()` turns an Explanation into JSON with taxonomy codes
(bit indices mean nothing outside one scoring run); a refresh gets the same
JSON from `facts_of_pairs()` without Explanations. At read time `render()`
writes each factor's sentence in the reader's language, with the common
hours in the reader's own zone and in the other person's.
"""

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.template.defaultfilters import floatformat
from django.utils.translation import get_language, gettext_noop, ngettext
from django.utils.translation import gettext as _

from accounts.availability import WEEKDAY_ABBREVIATIONS
from accounts.models import Format, GoalArea, Skill
from accounts.selectors import skill_names
from accounts.timezones import timezone_place
from matching import scoring
from matching.features import Batch, TrackFacts

BLOCKER_TEXT = {
    scoring.NO_COMMON_LANGUAGE: gettext_noop("Нет общего языка."),
    scoring.NO_COMMON_FORMAT: gettext_noop("Нет общего формата встреч."),
    scoring.NO_FREE_PLACE: gettext_noop("У наставника сейчас нет свободных мест."),
    scoring.NOT_ACCEPTING: gettext_noop("Наставник сейчас не принимает новых подопечных."),
    scoring.NO_COMMON_HOURS: gettext_noop("Нет общих часов, а переписку не выбрали оба."),
    scoring.NO_COMMON_GOAL: gettext_noop("Нет общего направления и общих навыков."),
    scoring.SAME_PERSON: gettext_noop("Это вы сами."),
    scoring.EXCLUDED: gettext_noop(
        "Эта пара уже была: запрос отклонён, истёк или наставничество уже есть."
    ),
}


@dataclass(frozen=True)
class Codes:
    """This scoring run's bit indices → taxonomy codes."""

    skills: dict[int, str]
    goal_areas: dict[int, str]

    @classmethod
    def of(cls, batch: Batch) -> "Codes":
        return cls(
            skills=_index_to_code(batch.taxonomy.skills, Skill),
            goal_areas=_index_to_code(batch.taxonomy.goal_areas, GoalArea),
        )


def _index_to_code(indices: dict[int, int], model) -> dict[int, str]:
    codes = dict(model.objects.filter(pk__in=indices).values_list("pk", "code"))
    return {index: codes[pk] for pk, index in indices.items() if pk in codes}


def facts(explanation: scoring.Explanation, batch: Batch, codes: Codes | None = None) -> dict:
    """The facts of one pair as compact JSON, with codes instead of this run's bit indices.

    Every suggestion stores its facts, so only what the sentences need is kept:
    ``{"f": [[factor, weight, value], ...], "goal", "skills", "wanted", "minutes",
    "intervals", "week", "formats", "stage", "years", "switch"}``, and when the mentor
    has a track record, ``"rating"`` (Bayesian, 1..5), ``"ratings"`` (how many) and
    ``"responds"`` (the share of requests answered, 0..1).
    """
    pair = scoring.PairFacts.of(explanation)
    track = batch.track.get(pair.mentor_id)
    return _stored(pair, batch.week.isoformat(), codes or Codes.of(batch), track)


def facts_of_pairs(
    pairs: Iterable[scoring.PairFacts], batch: Batch, codes: Codes | None = None
) -> Iterator[dict]:
    """`facts()` of each pair of scoring.pair_facts, one at a time.

    Lazily, because a refresh keeps only the JSON text of what it writes, and
    ~20,000 dicts of lists alive at once would keep the cyclic GC busy.
    """
    codes = codes or Codes.of(batch)
    week = batch.week.isoformat()
    return (_stored(pair, week, codes, batch.track.get(pair.mentor_id)) for pair in pairs)


def _stored(
    pair: scoring.PairFacts, week: str, codes: Codes, track: TrackFacts | None = None
) -> dict:
    # Lists, not tuples, so that the dict equals the stored JSON read back and
    # an unchanged suggestion is recognised without writing it.
    stored = {
        "f": [[code, weight, round(value, 4)] for code, weight, value in pair.factors],
        "goal": codes.goal_areas.get(pair.goal_area),
        "skills": [codes.skills[i] for i in pair.shared_skills],
        "wanted": pair.wanted_skills,
        "minutes": pair.minutes,
        "intervals": [[start, end] for start, end in pair.intervals],
        "week": week,
        "formats": list(pair.shared_formats),
        "stage": pair.stage,
        "years": pair.years_experience,
        "switch": pair.switch,
    }
    if track is not None:
        # Only a known track record is stored: an unknown one has nothing to say.
        stored.update(
            rating=track.rating_avg, ratings=track.rating_count, responds=track.responsiveness
        )
    return stored


# --- Reading ---------------------------------------------------------------------------


def render(
    facts: dict[str, Any],
    *,
    reader_tz: str,
    other_tz: str,
    other_role: str,
    names: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The contract's `explanation`: [{factor, weight, value, detail}] for one reader.

    Each factor carries the weight the score was made with (a programme's own
    weights, when its matching scored the pair). A factor that did not count
    (weight 0) and one with nothing true to say (the track record of a mentor
    nobody has rated or asked yet) are left out rather than shown. A list
    passes `names` (skill_names_for of all its rows) so that the skill names are
    asked once for the list, not once a row.
    """
    if not facts:
        return []
    if names is None:
        names = skill_names(codes=facts["skills"])
    explanation = []
    for code, weight, value in facts["f"]:
        if not weight:
            continue
        detail = _sentence(code, value, facts, names, reader_tz, other_tz, other_role)
        if detail:
            explanation.append({"factor": code, "weight": weight, "value": value, "detail": detail})
    return explanation


# Explanations already written, by all that their text depends on. A list of matches
# is read again and again while its stored facts stay the same, and writing the
# sentences (translations, local times) was most of the list's work. Bounded: emptied
# when full, so a process never holds more than RENDERED_KEPT of them.
_rendered: dict[tuple, list[dict[str, Any]]] = {}
RENDERED_KEPT = 5000


def render_for(
    match, reader_id: int, names: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """A match's explanation for whichever side reads it: their zone, the other's."""
    if match.mentee_id == reader_id:
        reader_tz, other_tz, other_role = match.mentee.timezone, match.mentor.timezone, "mentor"
    else:
        reader_tz, other_tz, other_role = match.mentor.timezone, match.mentee.timezone, "mentee"
    return render_kept(
        match.factors, reader_tz=reader_tz, other_tz=other_tz, other_role=other_role, names=names
    )


def render_kept(
    facts: dict[str, Any] | None,
    *,
    reader_tz: str,
    other_tz: str,
    other_role: str,
    names: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """render(), kept in _rendered: a list of matches read again writes no sentence."""
    if not facts:
        return []
    if names is None:
        names = skill_names(codes=facts.get("skills", []))
    shared = tuple(names.get(code, code) for code in facts.get("skills", ()))
    key = (get_language(), repr(facts), reader_tz, other_tz, other_role, shared)
    explanation = _rendered.get(key)
    if explanation is None:
        explanation = render(
            facts, reader_tz=reader_tz, other_tz=other_tz, other_role=other_role, names=names
        )
        if len(_rendered) >= RENDERED_KEPT:
            _rendered.clear()
        _rendered[key] = explanation
    return [dict(factor) for factor in explanation]  # the caller's own copies


def skill_names_for(rows: Iterable[Any]) -> dict[str, str]:
    """The names of every skill the rows' stored facts mention (rows with `.factors`)."""
    return skill_names(
        codes={code for row in rows for code in (row.factors or {}).get("skills", [])}
    )


def skill_names_of(facts: Iterable[dict[str, Any] | None]) -> dict[str, str]:
    """skill_names_for of plain stored facts (dicts, not rows)."""
    return skill_names(codes={code for one in facts for code in (one or {}).get("skills", [])})


def _sentence(
    code: str,
    value: float,
    facts: dict,
    names: dict,
    reader_tz: str,
    other_tz: str,
    other_role: str,
) -> str:
    if code == scoring.FACTOR_GOAL:
        return _("Общее направление.") if value else _("Направления не совпадают.")
    if code == scoring.FACTOR_SKILLS:
        shared = [names.get(c, c) for c in facts["skills"]]
        if not facts["wanted"]:
            return _("Нужные навыки не указаны.")
        if not shared:
            return _("Общих навыков нет.")
        return _("Общие навыки: %(skills)s (%(n)s из %(total)s нужных).") % {
            "skills": ", ".join(shared),
            "n": len(shared),
            "total": facts["wanted"],
        }
    if code == scoring.FACTOR_OVERLAP:
        return overlap_sentence(facts, reader_tz, other_tz, other_role)
    if code == scoring.FACTOR_FORMAT:
        shared = [str(Format.codes()[name].label) for name in facts["formats"]]
        if not shared:
            return _("Общих форматов нет.")
        return _("Общие форматы: %(formats)s.") % {"formats": ", ".join(shared)}
    # The mentor reads of their own experience and the mentee's stage; the mentee, of
    # the mentor's experience and their own stage.
    to_mentor = other_role == "mentee"
    if code == scoring.FACTOR_STAGE:
        years = int(facts["years"])
        if to_mentor:
            return ngettext(
                "Ваш опыт: %(years)s год — учтён этап перехода подопечного.",
                "Ваш опыт: %(years)s лет — учтён этап перехода подопечного.",
                years,
            ) % {"years": years}
        return ngettext(
            "Опыт наставника: %(years)s год — учтён ваш этап перехода.",
            "Опыт наставника: %(years)s лет — учтён ваш этап перехода.",
            years,
        ) % {"years": years}
    if code == scoring.FACTOR_SWITCH:
        return _switch_sentence(facts["switch"], to_mentor=to_mentor)
    if code == scoring.FACTOR_TRACK:
        return track_sentence(facts, to_mentor=to_mentor)
    return ""


def _switch_sentence(switch: str, *, to_mentor: bool) -> str:
    if to_mentor:
        texts = {
            "both": _("Вы сами сделали такой же переход: из той же сферы в ту же."),
            "to": _("Вы перешли в то же направление, но из другой сферы."),
        }
    else:
        texts = {
            "both": _("Наставник сам сделал такой же переход: из той же сферы в ту же."),
            "to": _("Наставник перешёл в то же направление, но из другой сферы."),
        }
    return texts.get(switch, _("Переходы не совпадают или не указаны."))


# Answering at least as often as we assume of a new mentor reads as "answers requests".
RESPONDS = scoring.RESPONSIVENESS_PRIOR_MEAN
RESPONDS_MOSTLY = 0.5


def track_sentence(facts: dict, *, to_mentor: bool = False) -> str:
    """«Средняя оценка 4,6 по 12 отзывам; отвечает на запросы.» (to the mentor: «Ваша
    средняя оценка …; вы отвечаете на запросы.»), or "" when nothing is known."""
    parts = []
    count = facts.get("ratings") or 0
    if count and facts.get("rating") is not None:
        # Rounded and written as the catalogue writes it ("4,6" in Russian).
        rating = floatformat(facts["rating"], 1)
        if to_mentor:
            text = ngettext(
                "ваша средняя оценка %(rating)s по %(count)s отзыву",
                "ваша средняя оценка %(rating)s по %(count)s отзывам",
                count,
            )
        else:
            text = ngettext(
                "средняя оценка %(rating)s по %(count)s отзыву",
                "средняя оценка %(rating)s по %(count)s отзывам",
                count,
            )
        parts.append(text % {"rating": rating, "count": count})
    responds = facts.get("responds")
    if responds is not None:
        if responds >= RESPONDS:
            parts.append(_("вы отвечаете на запросы") if to_mentor else _("отвечает на запросы"))
        elif responds >= RESPONDS_MOSTLY:
            parts.append(
                _("вы отвечаете не на все запросы")
                if to_mentor
                else _("отвечает не на все запросы")
            )
        else:
            parts.append(
                _("вы часто оставляете запросы без ответа")
                if to_mentor
                else _("часто оставляет запросы без ответа")
            )
    if not parts:
        return ""
    text = "; ".join(parts)
    return f"{text[:1].upper()}{text[1:]}."


def overlap_sentence(facts: dict, reader_tz: str, other_tz: str, other_role: str) -> str:
    minutes = facts["minutes"]
    if not minutes:
        return _("Общих часов нет — остаётся переписка.")
    week = dt.date.fromisoformat(facts["week"])
    parts = [
        _("%(mine)s у вас = %(theirs)s у %(whom)s (%(place)s)")
        % {
            "mine": _local_range(start, end, week, reader_tz),
            "theirs": _local_range(start, end, week, other_tz),
            "whom": _("наставника") if other_role == "mentor" else _("подопечного"),
            "place": timezone_place(other_tz),
        }
        for start, end in facts["intervals"][:3]
    ]
    more = len(facts["intervals"]) - 3
    text = _("Общие часы — %(hours)s ч в неделю: %(intervals)s") % {
        "hours": _hours(minutes),
        "intervals": "; ".join(parts),
    }
    if more > 0:
        text += " " + _("и ещё %(n)s") % {"n": more}
    return text + "."


def _hours(minutes: int) -> str:
    value = minutes / 60
    return f"{value:g}".replace(".", ",")


def _local_range(start: int, end: int, week: dt.date, tz: str) -> str:
    """A UTC range of the week as the person in `tz` reads it: "пн 19:00–21:00"."""
    origin = dt.datetime.combine(week, dt.time(), tzinfo=dt.UTC)
    zone = ZoneInfo(tz)
    a = (origin + dt.timedelta(minutes=start)).astimezone(zone)
    b = (origin + dt.timedelta(minutes=end)).astimezone(zone)
    if b.date() == a.date():
        end_text = f"{b:%H:%M}"
    elif b.time() == dt.time() and b.date() == a.date() + dt.timedelta(days=1):
        end_text = "24:00"
    else:
        end_text = f"{WEEKDAY_ABBREVIATIONS[b.weekday()]}\u00a0{b:%H:%M}"
    # A no-break space keeps "пн 19:00" together on a narrow screen.
    return f"{WEEKDAY_ABBREVIATIONS[a.weekday()]}\u00a0{a:%H:%M}–{end_text}"


def blockers_text(blockers: tuple[str, ...]) -> list[str]:
    return [_(BLOCKER_TEXT[code]) for code in blockers if code in BLOCKER_TEXT]
