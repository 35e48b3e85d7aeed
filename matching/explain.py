"""The scorer's facts → stored JSON → sentences a person reads.

At write time `facts()` turns an Explanation into JSON with taxonomy codes
(bit indices mean nothing outside one scoring run). At read time `render()`
writes each factor's sentence in the reader's language, with the common
hours in the reader's own zone and in the other person's.
"""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import get_language, gettext_noop, ngettext
from django.utils.translation import gettext as _

from accounts.availability import WEEKDAY_ABBREVIATIONS
from accounts.models import Format, GoalArea, Skill
from matching import scoring
from matching.features import Batch

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


def facts(explanation: scoring.Explanation, batch: Batch) -> list[dict[str, Any]]:
    """JSON-safe factors with codes instead of this run's bit indices."""
    skill_codes = _index_to_code(batch.taxonomy.skills, Skill)
    area_codes = _index_to_code(batch.taxonomy.goal_areas, GoalArea)
    result = []
    for factor in explanation.factors:
        data = dict(factor.data)
        if factor.code == scoring.FACTOR_SKILLS:
            data = {key: [skill_codes[i] for i in value] for key, value in data.items()}
        elif factor.code == scoring.FACTOR_GOAL:
            data = {"goal_area": area_codes.get(data["goal_area"]), "matched": data["matched"]}
        elif factor.code == scoring.FACTOR_OVERLAP:
            data = {**data, "intervals": [list(i) for i in data["intervals"]]}
            data["week"] = batch.week.isoformat()
        elif factor.code == scoring.FACTOR_FORMAT:
            data = {key: list(v) if isinstance(v, tuple) else v for key, v in data.items()}
        result.append(
            {
                "factor": factor.code,
                "weight": round(factor.weight, 2),
                "value": round(factor.value, 4),
                "points": round(factor.points, 2),
                "data": data,
            }
        )
    return result


_CODE_CACHE: dict[tuple, dict[int, str]] = {}


def _index_to_code(indices: dict[int, int], model) -> dict[int, str]:
    key = (model.__name__, tuple(sorted(indices.items())))
    if key not in _CODE_CACHE:
        codes = dict(model.objects.filter(pk__in=indices).values_list("pk", "code"))
        _CODE_CACHE[key] = {index: codes[pk] for pk, index in indices.items() if pk in codes}
    return _CODE_CACHE[key]


# --- Reading ---------------------------------------------------------------------------


def render(
    factors: list[dict[str, Any]], *, reader_tz: str, other_tz: str, other_role: str
) -> list[dict[str, Any]]:
    """The contract's `explanation`: [{factor, weight, value, detail}] for one reader."""
    names = _skill_names(factors)
    return [
        {
            "factor": f["factor"],
            "weight": f["weight"],
            "value": f["value"],
            "detail": _sentence(f, names, reader_tz, other_tz, other_role),
        }
        for f in factors
    ]


def _skill_names(factors: list[dict[str, Any]]) -> dict[str, str]:
    codes = set()
    for f in factors:
        if f["factor"] == scoring.FACTOR_SKILLS:
            for values in f["data"].values():
                codes.update(values)
    return {skill.code: skill.name for skill in Skill.objects.filter(code__in=codes)}


def _sentence(f: dict, names: dict, reader_tz: str, other_tz: str, other_role: str) -> str:
    data = f["data"]
    code = f["factor"]
    if code == scoring.FACTOR_GOAL:
        return _("Общее направление.") if data["matched"] else _("Направления не совпадают.")
    if code == scoring.FACTOR_SKILLS:
        shared = [names.get(c, c) for c in data["shared_skills"]]
        if not data["wanted_skills"]:
            return _("Нужные навыки не указаны.")
        if not shared:
            return _("Общих навыков нет.")
        return _("Общие навыки: %(skills)s (%(n)s из %(total)s нужных).") % {
            "skills": ", ".join(shared),
            "n": len(shared),
            "total": len(data["wanted_skills"]),
        }
    if code == scoring.FACTOR_OVERLAP:
        return overlap_sentence(data, reader_tz, other_tz, other_role)
    if code == scoring.FACTOR_FORMAT:
        shared = [str(Format.codes()[name].label) for name in data["shared_formats"]]
        if not shared:
            return _("Общих форматов нет.")
        return _("Общие форматы: %(formats)s.") % {"formats": ", ".join(shared)}
    if code == scoring.FACTOR_STAGE:
        return ngettext(
            "Опыт наставника: %(years)s год — учтён ваш этап перехода.",
            "Опыт наставника: %(years)s лет — учтён ваш этап перехода.",
            int(data["years_experience"]),
        ) % {"years": int(data["years_experience"])}
    if code == scoring.FACTOR_SWITCH:
        return {
            "both": _("Наставник сам сделал такой же переход: из той же сферы в ту же."),
            "to": _("Наставник перешёл в то же направление, но из другой сферы."),
        }.get(data["match"], _("Переходы не совпадают или не указаны."))
    if code == scoring.FACTOR_TRACK:
        return _("Отзывы и отзывчивость наставника (пока мало данных — средняя оценка).")
    return ""


def overlap_sentence(data: dict, reader_tz: str, other_tz: str, other_role: str) -> str:
    minutes = data["minutes"]
    if not minutes:
        return _("Общих часов нет — остаётся переписка.")
    week = dt.date.fromisoformat(data["week"])
    parts = [
        _("%(mine)s у вас = %(theirs)s у %(whom)s (%(place)s)")
        % {
            "mine": _local_range(start, end, week, reader_tz),
            "theirs": _local_range(start, end, week, other_tz),
            "whom": _("ментора") if other_role == "mentor" else _("подопечного"),
            "place": zone_name(other_tz),
        }
        for start, end in data["intervals"][:3]
    ]
    more = len(data["intervals"]) - 3
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
        end_text = f"{WEEKDAY_ABBREVIATIONS[b.weekday()]} {b:%H:%M}"
    return f"{WEEKDAY_ABBREVIATIONS[a.weekday()]} {a:%H:%M}–{end_text}"


ZONE_NAMES_RU = {
    "Europe/Kaliningrad": "Калининград",
    "Europe/Moscow": "Москва",
    "Europe/Samara": "Самара",
    "Asia/Yekaterinburg": "Екатеринбург",
    "Asia/Omsk": "Омск",
    "Asia/Novosibirsk": "Новосибирск",
    "Asia/Krasnoyarsk": "Красноярск",
    "Asia/Irkutsk": "Иркутск",
    "Asia/Yakutsk": "Якутск",
    "Asia/Vladivostok": "Владивосток",
    "Asia/Magadan": "Магадан",
    "Asia/Kamchatka": "Камчатка",
    "Europe/Berlin": "Берлин",
    "Asia/Tbilisi": "Тбилиси",
    "Europe/Belgrade": "Белград",
    "Asia/Almaty": "Алматы",
    "Asia/Yerevan": "Ереван",
    "Europe/Istanbul": "Стамбул",
    "Asia/Dubai": "Дубай",
    "Europe/London": "Лондон",
    "Europe/Riga": "Рига",
    "Asia/Tashkent": "Ташкент",
    "Asia/Bishkek": "Бишкек",
    "Europe/Minsk": "Минск",
    "Europe/Kyiv": "Киев",
    "Asia/Nicosia": "Никосия",
    "Europe/Lisbon": "Лиссабон",
    "Asia/Bangkok": "Бангкок",
}


def zone_name(tz: str) -> str:
    if (get_language() or "ru").startswith("ru") and tz in ZONE_NAMES_RU:
        return ZONE_NAMES_RU[tz]
    return tz.rsplit("/", 1)[-1].replace("_", " ")


def blockers_text(blockers: tuple[str, ...]) -> list[str]:
    return [_(BLOCKER_TEXT[code]) for code in blockers if code in BLOCKER_TEXT]
