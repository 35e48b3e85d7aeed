"""Кирилл (both@) as the mentee of Айгерим Сапарова: completed, both evaluations in,
so Кирилл shows a finished mentorship and Айгерим a track record."""

import datetime as dt

from demo.data.logins import DEMO_BOTH, demo_email
from demo.data.shapes import (
    MENTEE,
    MENTOR,
    WED,
    DemoEvaluation,
    DemoGoal,
    DemoMessage,
    DemoSession,
    DemoTask,
    Story,
)
from demo.data.when import at, next_weekly
from mentorship.checklist import BY_KEY
from mentorship.models import GoalStatus, Phase, TaskStatus

IRKUTSK = "Asia/Irkutsk"
AIGERIM = demo_email("aigerim.saparova")


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
