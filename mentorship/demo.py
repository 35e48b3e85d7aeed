"""The demo's mentorships: `make run` opens with the lifecycle already alive.

Three stories among the demo people (accounts/management/commands/seed_demo.py):

- Елена (mentee@) and Анна (mentor@), both once teachers of mathematics: the
  main phase, two sessions held, the next one planned, tasks and a thread;
- Кирилл (both@) as the mentee of Айгерим Сапарова: completed, both evaluations
  in, so Кирилл shows a finished mentorship and Айгерим a track record;
- Ирина Павлова and Ольга Ким: closing, only the mentee's evaluation in. Both
  are outside the three main logins' suggestions, so those stay as they were.

Every step goes through the services, as the people would have clicked it, and
sessions are created at their past times (the services accept a session up to
90 days back). The services stamp everything else with the real now; a story
spans weeks, so afterwards only the timestamps people read (when the pair
started, when each phase began, when each message was written and read, when
they were told) are moved back to the story's days. No phase, status or place
is written here. The one rule that reads those stamps, a closing phase that
completes by itself after 14 days, is kept clear of: the closing pair's phase
began three days ago.

A story is skipped when its mentee already has a mentorship or the pair has
already been answered, so seeding twice adds nothing.
"""

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone

from accounts.management.commands.seed_demo import DEMO_BOTH, DEMO_MENTEE, DEMO_MENTOR
from accounts.models import User
from core.errors import ServiceError
from core.models import Notification
from matching.models import Match, MatchStatus
from mentorship.checklist import BY_KEY
from mentorship.evaluations import evaluation_submit
from mentorship.matches import match_accept, match_request
from mentorship.models import (
    Evaluation,
    GoalStatus,
    Mentorship,
    Message,
    Phase,
    SessionFormat,
    SessionStatus,
    Side,
    TaskStatus,
    ThreadRead,
)
from mentorship.services import (
    checklist_item_set,
    mentorship_advance,
    message_send,
)
from mentorship.work import (
    goal_create,
    goal_update,
    session_create,
    session_update,
    task_create,
    task_update,
)

logger = logging.getLogger(__name__)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
MOSCOW = "Europe/Moscow"
IRKUTSK = "Asia/Irkutsk"
KRASNOYARSK = "Asia/Krasnoyarsk"
MENTEE, MENTOR = Side.MENTEE, Side.MENTOR

AIGERIM = "aigerim.saparova@demo.nastavnik.local"
IRINA = "irina.pavlova@demo.nastavnik.local"
OLGA = "olga.kim@demo.nastavnik.local"


# --- What a story is made of -------------------------------------------------------------


@dataclass(frozen=True)
class DemoGoal:
    title: str
    due: dt.date | None = None
    status: str = GoalStatus.OPEN


@dataclass(frozen=True)
class DemoSession:
    starts_at: dt.datetime
    agenda: str
    held: bool = True
    notes: str = ""
    rating: int | None = None  # the mentee's
    private: dict[str, str] = field(default_factory=dict)  # side → that side's own note


@dataclass(frozen=True)
class DemoTask:
    title: str
    details: str
    due: dt.date | None = None
    status: str = TaskStatus.OPEN


@dataclass(frozen=True)
class DemoMessage:
    side: str
    at: dt.datetime
    body: str


@dataclass(frozen=True)
class DemoEvaluation:
    side: str
    at: dt.datetime
    answers: dict


@dataclass(frozen=True)
class Story:
    mentee: str
    mentor: str
    requested_at: dt.datetime
    started_at: dt.datetime
    # When each phase after the initial one began; the last one is where the pair is now.
    phases: dict[str, dt.datetime]
    checklist: tuple[str, ...]
    goals: tuple[DemoGoal, ...]
    sessions: tuple[DemoSession, ...]
    tasks: tuple[DemoTask, ...]
    messages: tuple[DemoMessage, ...]
    evaluations: tuple[DemoEvaluation, ...] = ()
    # The mentee has not yet read the mentor's last message: the thread shows one new.
    mentee_unread: bool = False


# --- Time ------------------------------------------------------------------------------------


def next_weekly(
    now: dt.datetime, zone: str, weekday: int, hour: int, minute: int = 0
) -> dt.datetime:
    """The first `weekday` at hour:minute in `zone` more than a day after `now`.

    Earlier sessions of a weekly rhythm are this minus whole weeks, which keeps
    the local time (the zones used have no daylight saving)."""
    after = (now + dt.timedelta(days=1)).astimezone(ZoneInfo(zone))
    moment = after.replace(hour=hour, minute=minute, second=0, microsecond=0)
    moment += dt.timedelta(days=(weekday - after.weekday()) % 7)
    return moment if moment > after else moment + dt.timedelta(weeks=1)


def at(moment: dt.datetime, days: int, hour: int, minute: int = 0) -> dt.datetime:
    """`days` after `moment`, at hour:minute of that day in `moment`'s zone."""
    return (moment + dt.timedelta(days=days)).replace(
        hour=hour, minute=minute, second=0, microsecond=0
    )


# --- The stories ----------------------------------------------------------------------------


def stories(now: dt.datetime) -> list[Story]:
    return [main_phase_story(now), completed_story(now), closing_story(now)]


def main_phase_story(now: dt.datetime) -> Story:
    """Елена, a teacher of mathematics in Tver, on her way to data analysis with Анна,
    who made the same switch; they meet every other Saturday at 11:00 Moscow time."""
    planned = next_weekly(now, MOSCOW, SAT, 11)
    held = (planned - dt.timedelta(weeks=4), planned - dt.timedelta(weeks=2))
    today = now.astimezone(ZoneInfo(MOSCOW))
    return Story(
        mentee=DEMO_MENTEE,
        mentor=DEMO_MENTOR,
        requested_at=at(held[0], -5, 21, 5),
        started_at=at(held[0], -4, 19, 40),
        phases={Phase.MAIN: at(held[0], 0, 13, 10)},
        checklist=(
            "acquaintance_goals",
            "level_assessed",
            "schedule_agreed",
            "regular_meetings",
            "feedback_given",
        ),
        goals=(
            DemoGoal(
                "Собрать портфолио из двух проектов на SQL и pandas",
                due=(planned + dt.timedelta(weeks=6)).date(),
            ),
            DemoGoal(
                "Пройти первое техническое собеседование на аналитика данных",
                due=(today + dt.timedelta(days=120)).date(),
            ),
        ),
        sessions=(
            DemoSession(
                held[0],
                "Знакомство: опыт, цели, как будем работать",
                notes=(
                    "Разобрали опыт Елены: пять лет в школе, курс по SQL, первые шаги в pandas. "
                    "Цель — первая работа аналитиком данных за полгода. Встречаемся раз в две "
                    "недели по субботам в 11:00 по Москве, между встречами переписываемся здесь.\n"
                    "До следующей встречи: 20 задач на SQL (JOIN и GROUP BY) и тема первого "
                    "проекта."
                ),
                rating=5,
                private={
                    MENTEE: "Спросить, как рассказывать про школу на собеседовании — Анна сама "
                    "через это прошла."
                },
            ),
            DemoSession(
                held[1],
                "Разбор задач по SQL, план первого проекта",
                notes=(
                    "Задачи решены; ошибки в основном в LEFT JOIN и в условиях после "
                    "группировки — разобрали на примерах. Тема проекта: результаты ЕГЭ по "
                    "регионам по открытым данным. Структура: вопрос → данные → очистка → "
                    "выводы → README.\nСледующий шаг — очистить данные в pandas и "
                    "сформулировать три гипотезы."
                ),
                rating=5,
                private={
                    MENTOR: "Лена недооценивает свой опыт: учитель каждый день работает с "
                    "метриками — оценки, посещаемость, контрольные. Помочь сказать это в "
                    "резюме. Темп хороший, можно дать оконные функции."
                },
            ),
            DemoSession(
                planned,
                "Оконные функции в SQL, гипотезы по проекту, первый черновик резюме",
                held=False,
            ),
        ),
        tasks=(
            DemoTask(
                "Решить 20 задач на SQL: JOIN и GROUP BY",
                "Тренажёр на выбор — sql-ex.ru или задачи из курса. Непонятные задачи "
                "выписать, разберём на встрече.",
                due=(held[0] + dt.timedelta(days=10)).date(),
                status=TaskStatus.DONE,
            ),
            DemoTask(
                "Очистить данные ЕГЭ по регионам в pandas",
                "Загрузить таблицы за 2019–2024 годы, привести названия регионов к одному "
                "виду, проверить пропуски. Результат — ноутбук на GitHub с короткими "
                "пояснениями.",
                due=planned.date(),
                status=TaskStatus.IN_PROGRESS,
            ),
            DemoTask(
                "Переписать резюме: опыт учителя языком аналитика",
                "Три-четыре пункта о том, что вы измеряли и меняли в работе: успеваемость "
                "классов, посещаемость, отчёты для завуча. Цифры важнее обязанностей.",
                due=(planned + dt.timedelta(days=7)).date(),
            ),
        ),
        messages=(
            DemoMessage(
                MENTEE,
                at(held[0], -4, 20, 10),
                "Анна, здравствуйте! Спасибо, что согласились. Очень обрадовалась, когда "
                "прочитала, что вы тоже преподавали математику, — значит, вы точно знаете, "
                "с чего я начинаю. Когда вам удобно созвониться первый раз? Я свободна по "
                "вечерам в понедельник и среду и в субботу утром.",
            ),
            DemoMessage(
                MENTOR,
                at(held[0], -4, 21, 25),
                "Елена, здравствуйте, рада знакомству! Давайте в субботу в 11:00 по Москве, "
                "видеозвонок на час. До встречи напишите в двух-трёх предложениях, что уже "
                "прошли по SQL и Python, — чтобы не тратить время на то, что вы и так знаете.",
            ),
            DemoMessage(
                MENTEE,
                at(held[0], -3, 19, 45),
                "Курс по SQL прошла целиком: SELECT, JOIN, GROUP BY, подзапросы. В pandas "
                "пока умею только загружать таблицы и фильтровать. Оконные функции, честно "
                "говоря, пугают :)",
            ),
            DemoMessage(
                MENTOR,
                at(held[0], 0, 13, 20),
                "Спасибо за встречу! Записала в общие заметки, о чём договорились, и "
                "добавила первое задание. Если что-то в задачах покажется странным — пишите "
                "сюда, не копите до встречи.",
            ),
            DemoMessage(
                MENTEE,
                at(held[0], 4, 20, 30),
                "Сделала 20 задач из 20! Две решила только со второй попытки — выписала их "
                "для встречи. И, кажется, нашла тему проекта: открытые данные о результатах "
                "ЕГЭ по регионам. Это не слишком «школьно» для портфолио?",
            ),
            DemoMessage(
                MENTOR,
                at(held[0], 5, 8, 50),
                "Отличный темп! В обеих задачах одна и та же ловушка — условие после "
                "LEFT JOIN, через неё проходят все, разберём на примерах. А тема совсем не "
                "«школьная»: работодателю важно, как вы ставите вопрос и делаете выводы. И "
                "про эти данные вы расскажете как человек, который знает, откуда они "
                "берутся, — это сильная сторона.",
            ),
            DemoMessage(
                MENTEE,
                at(held[1], 1, 19, 30),
                "Загрузила таблицы за шесть лет, а регионы везде названы по-разному: "
                "«Респ. Татарстан», «Татарстан», «Республика Татарстан (Татарстан)». Это "
                "нормально, что я второй вечер их сопоставляю?",
            ),
            DemoMessage(
                MENTOR,
                at(held[1], 2, 8, 40),
                "Абсолютно нормально: очистка данных — больше половины работы почти в любом "
                "проекте. Сделайте словарь соответствий отдельным CSV и опишите его в "
                "README — проверяющие любят видеть, что вы заметили такую проблему и решили "
                "её аккуратно.",
            ),
            DemoMessage(
                MENTEE,
                at(today, -2, 20, 15),
                "Словарь готов, пропуски нашлись в трёх регионах за 2020 год. Взялась за "
                "резюме и застряла на первой строчке: «учитель математики» звучит совсем не "
                "про аналитику. Можно пришлю черновик до встречи?",
            ),
            DemoMessage(
                MENTOR,
                at(today, -1, 9, 40),
                "Конечно, присылайте! И не прячьте школу: пять лет вы каждый день работали с "
                "метриками — оценки, посещаемость, результаты контрольных. Опишите один "
                "случай, когда вы по цифрам что-то заметили и изменили в работе. Посмотрю "
                "до встречи.",
            ),
        ),
        mentee_unread=True,
    )


def completed_story(now: dt.datetime) -> Story:
    """Кирилл, a tester by hand, learnt to automate with Айгерим, a QA lead in Almaty:
    four Wednesday calls at 20:00 in Irkutsk (17:00 in Almaty), finished three weeks ago."""
    upcoming = next_weekly(now, IRKUTSK, WED, 20)
    held = [upcoming - dt.timedelta(weeks=weeks) for weeks in (11, 9, 7, 5)]
    ended = at(held[3], 5, 19, 0)
    return Story(
        mentee=DEMO_BOTH,
        mentor=AIGERIM,
        requested_at=at(held[0], -7, 20, 30),
        started_at=at(held[0], -6, 19, 10),
        phases={
            Phase.MAIN: at(held[0], 0, 21, 30),
            Phase.CLOSING: at(held[3], 0, 21, 30),
            Phase.COMPLETED: ended,
        },
        checklist=tuple(BY_KEY),
        goals=(
            DemoGoal(
                "Писать на Python без подсказок курса: функции, классы, работа с файлами",
                due=held[1].date(),
                status=GoalStatus.DONE,
            ),
            DemoGoal(
                "Покрыть автотестами на pytest API учебного проекта и запускать их в CI",
                due=held[3].date(),
                status=GoalStatus.DONE,
            ),
        ),
        sessions=(
            DemoSession(
                held[0],
                "Знакомство и план на три месяца",
                notes=(
                    "Кирилл второй год в ручном тестировании, Python на уровне курса. Цель — "
                    "писать автотесты для API и запускать их в CI. Встречи раз в две недели по "
                    "средам, вопросы — в переписке."
                ),
                rating=5,
            ),
            DemoSession(
                held[1],
                "Разбор решённых задач на Python",
                notes=(
                    "Все решения работают, но функции по 60 строк. Поговорили о том, что тест "
                    "должен читаться как спецификация. Следующий шаг — первые тесты на pytest."
                ),
                rating=5,
                private={MENTOR: "Торопится и стесняется спрашивать. Хвалить за вопросы."},
            ),
            DemoSession(
                held[2],
                "Код-ревью первых автотестов",
                notes=(
                    "Фикстуры вместо копирования, параметризация для граничных значений, "
                    "понятные имена. Тесты стали вдвое короче."
                ),
                rating=5,
            ),
            DemoSession(
                held[3],
                "Тесты в CI и итоги",
                notes=(
                    "Тесты запускаются в GitHub Actions на каждый пуш. Обе цели достигнуты. "
                    "Дальше — UI-тесты на Selenium, это Кирилл продолжит сам или с новым "
                    "наставником."
                ),
                rating=5,
                private={
                    MENTEE: "Поговорить с тимлидом о переходе в группу автоматизации — "
                    "Айгерим считает, что я готов."
                },
            ),
        ),
        tasks=(
            DemoTask(
                "Решить 15 задач на Python (Codewars, 7–6 kyu)",
                "Без подсказок и готовых решений; где застрял больше получаса — отметить.",
                due=held[1].date(),
                status=TaskStatus.DONE,
            ),
            DemoTask(
                "Написать 10 тестов на pytest для API «Книжной полки»",
                "С фикстурами и параметризацией: создание, поиск, удаление книги, ошибки.",
                due=held[2].date(),
                status=TaskStatus.DONE,
            ),
            DemoTask(
                "Настроить запуск тестов в GitHub Actions",
                "Тесты на каждый пуш и отчёт о прохождении в пул-реквесте.",
                due=held[3].date(),
                status=TaskStatus.DONE,
            ),
        ),
        messages=(
            DemoMessage(
                MENTEE,
                at(held[0], -6, 20, 5),
                "Айгерим, добрый вечер! Спасибо, что взяли. Я в Иркутске, у нас разница три "
                "часа — по средам в 17:00 по Алматы вам удобно?",
            ),
            DemoMessage(
                MENTOR,
                at(held[0], -6, 21, 40),
                "Кирилл, привет! Давай на «ты». Среды в 17:00 подходят. Приходи с любым "
                "кодом, который уже писал, даже если стыдно показывать, — с него и начнём.",
            ),
            DemoMessage(
                MENTEE,
                at(held[2], 2, 19, 30),
                "Переписал тесты с фикстурами: 140 строк превратились в 60, и читать стало "
                "приятно. Тимлид увидел и спросил, не хочу ли я помочь с автотестами в "
                "нашей команде!",
            ),
            DemoMessage(
                MENTOR,
                at(held[2], 2, 22, 10),
                "Вот это новость! Соглашайся: лучшая практика — на настоящем проекте. Вопросы "
                "по вашему фреймворку приноси на встречу.",
            ),
            DemoMessage(
                MENTEE,
                at(held[3], 3, 20, 5),
                "Заполнил итоговую оценку. Спасибо за эти три месяца! С весны перехожу в "
                "группу автоматизации на полставки — без наших встреч я бы ещё год "
                "собирался.",
            ),
            DemoMessage(
                MENTOR,
                at(held[3], 4, 12, 0),
                "Это целиком твоя заслуга. Удачи в автоматизации — и пиши, как там дела!",
            ),
        ),
        evaluations=(
            DemoEvaluation(
                MENTEE,
                at(held[3], 3, 19, 50),
                {
                    "goal_progress": 9,
                    "confidence_before": 4,
                    "confidence_after": 8,
                    "productivity": 5,
                    "support_met": "yes",
                    "would_recommend": 10,
                    "interview_invitations": 1,
                    "skills_gained": "pytest: фикстуры и параметризация, тесты для API, запуск "
                    "в GitHub Actions.",
                    "view_changed": "Автотест — это не «ещё один язык», а спецификация, которую "
                    "можно запустить.",
                    "successes": "40 автотестов для API учебного проекта в CI; с весны перехожу "
                    "в группу автоматизации на полставки.",
                    "comment": "Айгерим разбирала каждый мой тест и ни разу не дала почувствовать "
                    "себя глупым.",
                },
            ),
            DemoEvaluation(
                MENTOR,
                ended,
                {
                    "goal_progress": 9,
                    "confidence_before": 4,
                    "confidence_after": 8,
                    "productivity": 5,
                    "support_met": "yes",
                    "would_recommend": 10,
                    "successes": "Первый набор автотестов в CI и приглашение в группу "
                    "автоматизации своей компании.",
                    "comment": "Очень старательный подопечный. Через год сам сможет учить "
                    "автоматизации.",
                },
            ),
        ),
    )


def closing_story(now: dt.datetime) -> Story:
    """Ирина, nine years in a regional administration, tried product management with
    Ольга, a former lawyer; Saturdays at 12:00 in Krasnoyarsk (15:00 in Vladivostok).
    She has answered the closing evaluation; Ольга has not yet."""
    upcoming = next_weekly(now, KRASNOYARSK, SAT, 12)
    held = [upcoming - dt.timedelta(weeks=weeks) for weeks in (8, 6, 4, 2)]
    today = now.astimezone(ZoneInfo(KRASNOYARSK))
    return Story(
        mentee=IRINA,
        mentor=OLGA,
        requested_at=at(held[0], -6, 20, 0),
        started_at=at(held[0], -5, 19, 0),
        phases={Phase.MAIN: at(held[0], 0, 13, 30), Phase.CLOSING: at(today, -3, 19, 0)},
        checklist=tuple(key for key in BY_KEY if key != "keep_in_touch"),
        goals=(
            DemoGoal(
                "Понять, чем на деле занимается продакт-менеджер, и решить, моё ли это",
                due=held[1].date(),
                status=GoalStatus.DONE,
            ),
            DemoGoal(
                "Подготовить резюме и пройти три собеседования на junior-продакта",
                due=(today + dt.timedelta(days=30)).date(),
            ),
        ),
        sessions=(
            DemoSession(
                held[0],
                "Знакомство: опыт, сомнения, цели",
                notes=(
                    "Ирина девять лет на госслужбе, ведёт цифровизацию услуг со стороны "
                    "заказчика. Цель — понять, подходит ли ей роль продакт-менеджера, и "
                    "подготовиться к поиску работы. Встречи раз в две недели по субботам."
                ),
                rating=5,
            ),
            DemoSession(
                held[1],
                "Продукт глазами продакта",
                notes=(
                    "Разобрали «запись к врачу»: пользователь, проблема, метрика. Сильная "
                    "сторона Ирины — она видела, как сервис ломается у реальных людей."
                ),
                rating=5,
            ),
            DemoSession(
                held[2],
                "Резюме и список компаний",
                notes=(
                    "Вместо обязанностей — три кейса с цифрами (срок услуги сократился с 10 до "
                    "3 дней). Компании для откликов: GovTech-команды, банки, маркетплейсы."
                ),
                rating=4,
                private={
                    MENTOR: "Боится, что её опыт «не считается». Показать вакансии GovTech, "
                    "где ищут как раз людей с опытом госзаказчика."
                },
            ),
            DemoSession(
                held[3],
                "Тренировочное кейс-интервью и итоги",
                notes=(
                    "Структура ответа хорошая, не хватает приоритизации. С ролью определились, "
                    "есть три приглашения на собеседования. Переходим к завершению."
                ),
                rating=5,
            ),
        ),
        tasks=(
            DemoTask(
                "Разобрать три сервиса госуслуг глазами продакта",
                "Для каждого: кто пользователь, какую задачу решает, как измерить успех.",
                due=held[1].date(),
                status=TaskStatus.DONE,
            ),
            DemoTask(
                "Переписать резюме: цифровизацию — как продуктовые кейсы",
                "Три кейса: проблема, что сделали, результат в цифрах.",
                due=held[2].date(),
                status=TaskStatus.DONE,
            ),
        ),
        messages=(
            DemoMessage(
                MENTEE,
                at(held[0], -5, 21, 0),
                "Ольга, здравствуйте! Спасибо, что согласились. Признаюсь, я не уверена даже, "
                "что хочу именно в продукт, — это нормальный запрос для наставничества?",
            ),
            DemoMessage(
                MENTOR,
                at(held[0], -4, 9, 15),
                "Ирина, здравствуйте! Более чем нормальный — с ним приходит половина моих "
                "подопечных. Первые встречи как раз посвятим тому, чтобы понять, ваше ли это. "
                "Суббота, 15:00 по Владивостоку (12:00 у вас) подойдёт?",
            ),
            DemoMessage(
                MENTEE,
                at(held[2], 4, 20, 40),
                "Отправила резюме в пять компаний, из двух уже позвали на собеседование! "
                "Одна — GovTech-команда, как вы и говорили.",
            ),
            DemoMessage(
                MENTOR,
                at(held[2], 5, 8, 30),
                "Поздравляю! Для GovTech приготовьте историю про сокращение срока услуги — "
                "это ровно то, что они хотят услышать. На следующей встрече устроим "
                "тренировочное кейс-интервью.",
            ),
            DemoMessage(
                MENTEE,
                at(today, -2, 20, 45),
                "Заполнила итоговую оценку. Спасибо вам за эти два месяца — я наконец "
                "перестала стесняться своего опыта.",
            ),
            DemoMessage(
                MENTOR,
                at(today, -1, 18, 20),
                "Ирина, спасибо! Свою оценку заполню на выходных. Держите в курсе про второй "
                "этап в GovTech.",
            ),
        ),
        evaluations=(
            DemoEvaluation(
                MENTEE,
                at(today, -2, 20, 30),
                {
                    "goal_progress": 8,
                    "confidence_before": 3,
                    "confidence_after": 8,
                    "productivity": 5,
                    "support_met": "yes",
                    "would_recommend": 10,
                    "interview_invitations": 3,
                    "skills_gained": "Смотреть на сервис глазами продакта: пользователь, "
                    "проблема, метрика. Кейс-интервью.",
                    "view_changed": "Опыт со стороны заказчика — преимущество, а не минус.",
                    "successes": "Три приглашения на собеседования, прохожу второй этап в "
                    "GovTech-команду.",
                    "comment": "Ольга помогала бережно и очень конкретно.",
                },
            ),
        ),
    )


# --- Living a story through the services ----------------------------------------------------


def demo_lifecycle_seed() -> dict[str, int]:
    """Lives the demo stories; returns what was created, and how many were skipped.

    All in one transaction, inside which the services' after-commit work waits:
    the track records are refreshed and the notification e-mails sent when it
    commits — still inside `seeding_quietly`, so in the zero-configuration demo,
    where tasks run in-process, the letters to the demo's made-up addresses go to
    memory instead of filling the console. (With Redis the letters are queued
    for a worker like any others.) Called inside an outer transaction, the
    after-commit work waits for that one instead.
    """
    counts: Counter[str] = Counter()
    with seeding_quietly(), transaction.atomic():
        for story in stories(timezone.now()):
            try:
                with transaction.atomic():
                    lived = _live(story)
            except ServiceError as error:
                logger.warning("Demo story %s ↔ %s skipped: %s", story.mentee, story.mentor, error)
                lived = None
            counts.update(lived or {"skipped": 1})
    return {
        name: counts[name]
        for name in ("mentorships", "sessions", "goals", "tasks", "messages", "evaluations")
    } | {"skipped": counts["skipped"]}


# In-process tasks log each success, and kombu its in-memory broker's default host once.
QUIET_LOGGERS = ("celery.app.trace", "kombu.connection")


@contextmanager
def seeding_quietly() -> Iterator[None]:
    """While this lasts, e-mail goes to memory (Django's locmem backend) and the
    in-process tasks' routine log lines are held back: the demo's first start should
    print what to sign in with, not two dozen letters to made-up addresses."""
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [each.level for each in loggers]
    for each in loggers:
        each.setLevel(logging.ERROR)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            yield
    finally:
        for each, level in zip(loggers, levels, strict=True):
            each.setLevel(level)


def _already_there(mentee: User, mentor: User) -> bool:
    """The mentee has a mentorship, or this pair was already answered (a second seeding,
    or someone trying the demo got there first)."""
    answered = Match.objects.filter(mentee_id=mentee.pk, mentor_id=mentor.pk).filter(
        ~Q(status=MatchStatus.SUGGESTED) | Q(mentee_accepted=True) | Q(mentor_accepted=True)
    )
    return Mentorship.objects.filter(mentee_id=mentee.pk).exists() or answered.exists()


def _live(story: Story) -> Counter[str] | None:
    """The story through the services, in the order the pair would have lived it;
    None when it is already there."""
    mentee = User.objects.filter(email=story.mentee, is_active=True).first()
    mentor = User.objects.filter(email=story.mentor, is_active=True).first()
    if mentee is None or mentor is None or _already_there(mentee, mentor):
        return None
    pair = {MENTEE: mentee, MENTOR: mentor}
    match = match_request(user=mentee, mentor_id=mentor.pk)
    match = match_accept(user=mentor, match_id=match.pk)
    mentorship_id = match.mentorship_id
    _tick(story, mentor, mentorship_id, Phase.INITIAL)
    goals = [
        goal_create(user=mentee, mentorship_id=mentorship_id, title=goal.title, due=goal.due)
        for goal in story.goals
    ]
    for session in story.sessions:
        _session(session, pair, mentorship_id)
    if Phase.MAIN in story.phases:
        mentorship_advance(user=mentor, mentorship_id=mentorship_id)
    for task in story.tasks:
        _task(task, pair, mentorship_id)
    sent = [
        (message_send(user=pair[m.side], mentorship_id=mentorship_id, body=m.body), m.at)
        for m in story.messages
    ]
    _tick(story, mentor, mentorship_id, Phase.MAIN)
    for goal, spec in zip(goals, story.goals, strict=True):
        if spec.status != GoalStatus.OPEN:
            goal_update(
                user=mentee, mentorship_id=mentorship_id, goal_id=goal.pk, status=spec.status
            )
    if Phase.CLOSING in story.phases:
        mentorship_advance(user=mentee, mentorship_id=mentorship_id)
        _tick(story, mentor, mentorship_id, Phase.CLOSING)
    for evaluation in story.evaluations:
        evaluation_submit(
            user=pair[evaluation.side], mentorship_id=mentorship_id, **evaluation.answers
        )
    _backdate(story, pair, match, sent)
    return Counter(
        mentorships=1,
        sessions=len(story.sessions),
        goals=len(story.goals),
        tasks=len(story.tasks),
        messages=len(story.messages),
        evaluations=len(story.evaluations),
    )


def _tick(story: Story, user: User, mentorship_id: int, phase: str) -> None:
    for key in story.checklist:
        if BY_KEY[key].phase == phase:
            checklist_item_set(user=user, mentorship_id=mentorship_id, key=key, done=True)


def _session(spec: DemoSession, pair: dict[str, User], mentorship_id: int) -> None:
    session = session_create(
        user=pair[MENTOR],
        mentorship_id=mentorship_id,
        starts_at=spec.starts_at,
        duration_minutes=60,
        format=SessionFormat.VIDEO,
        agenda=spec.agenda,
    )
    ids = {"mentorship_id": mentorship_id, "session_id": session.pk}
    if spec.held:
        session_update(user=pair[MENTOR], status=SessionStatus.HELD, notes=spec.notes, **ids)
    if spec.rating is not None:
        session_update(user=pair[MENTEE], rating=spec.rating, **ids)
    for side, note in spec.private.items():
        session_update(user=pair[side], private_notes=note, **ids)


def _task(spec: DemoTask, pair: dict[str, User], mentorship_id: int) -> None:
    task = task_create(
        user=pair[MENTOR],
        mentorship_id=mentorship_id,
        title=spec.title,
        details=spec.details,
        due=spec.due,
    )
    if spec.status != TaskStatus.OPEN:
        task_update(
            user=pair[MENTEE], mentorship_id=mentorship_id, task_id=task.pk, status=spec.status
        )


# --- The story's own days -------------------------------------------------------------------

# Notifications of the story's past were read soon after they came.
READ_AFTER = dt.timedelta(minutes=40)


def _backdate(
    story: Story, pair: dict[str, User], match: Match, sent: list[tuple[Message, dt.datetime]]
) -> None:
    """Moves the timestamps the services wrote with the real now back to the story's days
    (see the module docstring): nothing but timestamps changes here."""
    mentorship_id = match.mentorship_id
    Mentorship.objects.filter(pk=mentorship_id).update(
        started_at=story.started_at,
        phase_started_at=max(story.phases.values(), default=story.started_at),
        ended_at=story.phases.get(Phase.COMPLETED),
    )
    Match.objects.filter(pk=match.pk).update(
        requested_at=story.requested_at, decided_at=story.started_at
    )
    for message, when in sent:
        Message.objects.filter(pk=message.pk).update(created_at=when)
    last = {
        side: max((w for m, w in sent if m.author_id == user.pk), default=story.started_at)
        for side, user in pair.items()
    }
    read = {MENTOR: max(last.values())}
    read[MENTEE] = last[MENTEE] if story.mentee_unread else read[MENTOR]
    for side, user in pair.items():
        ThreadRead.objects.filter(mentorship_id=mentorship_id, user=user).update(read_at=read[side])
    for evaluation in story.evaluations:
        Evaluation.objects.filter(mentorship_id=mentorship_id, side=evaluation.side).update(
            created_at=evaluation.at
        )
    told = {f"new_request:{match.pk}": story.requested_at}
    told |= {f"match_accepted:{match.pk}:{user.pk}": story.started_at for user in pair.values()}
    told |= {
        f"phase:{mentorship_id}:{phase}:{user.pk}": when
        for phase, when in story.phases.items()
        for user in pair.values()
    }
    for key, when in told.items():
        Notification.objects.filter(key=key).update(created_at=when, read_at=when + READ_AFTER)
