"""Ирина Павлова and Ольга Ким: closing, only the mentee's evaluation in."""

import datetime as dt
from zoneinfo import ZoneInfo

from demo.data.logins import demo_email
from demo.data.shapes import (
    MENTEE,
    MENTOR,
    SAT,
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

KRASNOYARSK = "Asia/Krasnoyarsk"
IRINA = demo_email("irina.pavlova")
OLGA = demo_email("olga.kim")


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
