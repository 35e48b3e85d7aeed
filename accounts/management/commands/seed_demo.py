"""Demo people for `make run`, and large synthetic sets for benchmarks.

    manage.py seed_demo                    # the demo people; running it again refreshes them
    manage.py seed_demo --if-empty         # the same, but only while no mentor exists
    manage.py seed_demo --mentors 20000 --mentees 80000   # synthetic benchmark people

Rows are written directly with the ORM: this is fixture data, and the sign-up
services would send welcome letters. Nothing here relies on signals.
"""

import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts.models import (
    Background,
    Consent,
    Format,
    GoalArea,
    Language,
    MenteeProfile,
    MentorProfile,
    Skill,
    Stage,
    User,
)

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed for everyone on purpose
CONSENT_VERSION = "2026-11"
DEMO_MENTEE = "mentee@demo.nastavnik.local"
DEMO_MENTOR = "mentor@demo.nastavnik.local"
DEMO_BOTH = "both@demo.nastavnik.local"
BENCH_EMAIL = "bench-{role}-{index}@example.invalid"
BATCH_SIZE = 1000

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
VIDEO, CHAT, IN_PERSON = "video", "chat", "in_person"


def slots(days: Iterable[int], start: str, end: str) -> list[dict]:
    """The same local time range on several weekdays, as stored in `availability`."""
    return [{"weekday": day, "start": start, "end": end} for day in days]


# --- The demo people -----------------------------------------------------------


@dataclass(frozen=True)
class DemoMentor:
    goal_areas: tuple[str, ...]
    skills: tuple[str, ...]
    headline: str
    bio: str
    years_experience: int
    switched_from: str
    switched_from_role: str
    switched_to: str | None
    capacity: int


@dataclass(frozen=True)
class DemoMentee:
    goal_area: str
    skills: tuple[str, ...]
    current_role: str
    current_field: str
    target_role: str
    stage: str
    goals: str
    can_offer: str = ""


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    timezone: str
    city: str
    languages: tuple[str, ...]
    formats: tuple[str, ...]
    availability: list[dict]
    mentor: DemoMentor | None = None
    mentee: DemoMentee | None = None


def _demo(local_part: str) -> str:
    return f"{local_part}@demo.nastavnik.local"


DEMO_MENTORS = [
    DemoPerson(
        email=DEMO_MENTOR,
        full_name="Анна Кузнецова",
        timezone="Europe/Moscow",
        city="Москва",
        languages=("ru", "en"),
        formats=(VIDEO, CHAT),
        availability=slots((TUE, THU), "19:00", "21:00") + slots((SAT,), "11:00", "14:00"),
        mentor=DemoMentor(
            goal_areas=("analytics",),
            skills=(
                "sql",
                "product-analytics",
                "ab-testing",
                "python-data-analysis",
                "statistics",
                "cv",
                "interview-preparation",
                "career-switch-strategy",
            ),
            headline="Продуктовый аналитик в маркетплейсе, бывший учитель математики",
            bio=(
                "Семь лет преподавала математику в школе, а в 31 год ушла в аналитику. "
                "Сейчас отвечаю за метрики каталога в крупном маркетплейсе. Помогу выстроить "
                "план обучения, собрать портфолио из реальных задач и пройти первое "
                "техническое собеседование по SQL. Умею объяснять статистику без формул на "
                "полдоски."
            ),
            years_experience=6,
            switched_from=Background.EDUCATION,
            switched_from_role="учитель математики",
            switched_to="analytics",
            capacity=3,
        ),
    ),
    DemoPerson(
        email=_demo("dmitry.volkov"),
        full_name="Дмитрий Волков",
        timezone="Europe/Berlin",
        city="Берлин",
        languages=("ru", "en", "de"),
        formats=(VIDEO, CHAT),
        availability=slots((MON, WED), "18:00", "20:00") + slots((SUN,), "10:00", "12:00"),
        mentor=DemoMentor(
            goal_areas=("it",),
            skills=(
                "python",
                "backend",
                "sql",
                "git",
                "system-design",
                "devops",
                "interview-preparation",
                "portfolio",
            ),
            headline="Senior Python-разработчик в берлинском финтехе",
            bio=(
                "Десять лет назад был инженером-конструктором на заводе в Челябинске, "
                "Python начал учить, чтобы автоматизировать расчёты. Теперь пишу бэкенд для "
                "платёжных сервисов в Берлине. Разберу ваш код, помогу с пет-проектом и "
                "подготовлю к собеседованию — в том числе в европейскую компанию."
            ),
            years_experience=8,
            switched_from=Background.ENGINEERING,
            switched_from_role="инженер-конструктор",
            switched_to="it",
            capacity=2,
        ),
    ),
    DemoPerson(
        email=_demo("nino.gelashvili"),
        full_name="Нино Гелашвили",
        timezone="Asia/Tbilisi",
        city="Тбилиси",
        languages=("ru", "ka", "en"),
        formats=(VIDEO, CHAT),
        availability=slots((MON, TUE, WED, THU), "10:00", "12:00")
        + slots((WED,), "19:00", "21:00"),
        mentor=DemoMentor(
            goal_areas=("marketing",),
            skills=(
                "smm",
                "content-marketing",
                "copywriting",
                "targeted-advertising",
                "brand-marketing",
                "portfolio",
                "cv",
            ),
            headline="Руководитель SMM-агентства, в прошлом журналистка",
            bio=(
                "Восемь лет работала в региональной газете, потом вела соцсети знакомым "
                "кафе — так и появилось агентство. Сейчас у нас двенадцать клиентов в России и "
                "Грузии. Научу думать как редактор, а не как «человек, который постит», и "
                "помогу собрать первые кейсы, даже если клиентов пока нет."
            ),
            years_experience=7,
            switched_from=Background.CREATIVE,
            switched_from_role="журналистка",
            switched_to="marketing",
            capacity=4,
        ),
    ),
    DemoPerson(
        email=_demo("sergey.lebedev"),
        full_name="Сергей Лебедев",
        timezone="Europe/Belgrade",
        city="Белград",
        languages=("ru", "en", "sr"),
        formats=(VIDEO,),
        availability=slots((TUE, THU), "18:30", "20:30") + slots((SAT,), "10:00", "12:00"),
        mentor=DemoMentor(
            goal_areas=("management",),
            skills=(
                "project-management",
                "agile",
                "stakeholder-management",
                "people-management",
                "budgeting",
                "risk-management",
                "interview-preparation",
                "career-switch-strategy",
            ),
            headline="Руководитель проектов в IT, до этого главный бухгалтер",
            bio=(
                "Двенадцать лет в бухгалтерии, последние три — главным бухгалтером. Понял, что "
                "больше всего мне нравится не сводить баланс, а договариваться и доводить дела "
                "до конца. Ушёл в проектное управление, с 2022 года живу в Белграде и веду "
                "распределённые команды. Помогу понять, чем PM занимается на самом деле, и "
                "упаковать прошлый опыт так, чтобы его увидел рекрутер."
            ),
            years_experience=9,
            switched_from=Background.FINANCE,
            switched_from_role="главный бухгалтер",
            switched_to="management",
            capacity=3,
        ),
    ),
    DemoPerson(
        email=_demo("aigerim.saparova"),
        full_name="Айгерим Сапарова",
        timezone="Asia/Almaty",
        city="Алматы",
        languages=("ru", "kk", "en"),
        formats=(VIDEO, CHAT, IN_PERSON),
        availability=slots((MON, WED, FRI), "19:00", "21:00"),
        mentor=DemoMentor(
            goal_areas=("it",),
            skills=(
                "testing",
                "qa-automation",
                "python",
                "git",
                "sql",
                "cv",
                "interview-preparation",
                "portfolio",
            ),
            headline="QA-лид, пришла в тестирование из банковского операционного отдела",
            bio=(
                "Четыре года работала операционисткой в банке и постоянно находила ошибки в "
                "нашей же программе — однажды меня позвали в отдел тестирования. Сейчас "
                "руковожу командой из шести тестировщиков. Расскажу, как войти в QA без "
                "технического образования и когда пора браться за автотесты."
            ),
            years_experience=5,
            switched_from=Background.FINANCE,
            switched_from_role="операционист в банке",
            switched_to="it",
            capacity=2,
        ),
    ),
    DemoPerson(
        email=_demo("ekaterina.orlova"),
        full_name="Екатерина Орлова",
        timezone="Asia/Novosibirsk",
        city="Новосибирск",
        languages=("ru",),
        formats=(VIDEO, CHAT, IN_PERSON),
        availability=slots((MON, WED), "19:00", "21:30") + slots((SAT,), "12:00", "15:00"),
        mentor=DemoMentor(
            goal_areas=("marketing",),
            skills=(
                "context-advertising",
                "targeted-advertising",
                "performance-marketing",
                "web-analytics",
                "unit-economics",
                "ab-testing",
                "cv",
            ),
            headline="Performance-маркетолог, веду рекламу для e-commerce",
            bio=(
                "Была администратором гостиницы и сама настраивала рекламу в Яндекс Директе, "
                "потому что больше было некому. Через год ушла в агентство, сейчас на фрилансе "
                "веду бюджеты интернет-магазинов. Покажу, как считать, окупается ли реклама, и "
                "как не слить первый тестовый бюджет."
            ),
            years_experience=6,
            switched_from=Background.HOSPITALITY,
            switched_from_role="администратор гостиницы",
            switched_to="marketing",
            capacity=3,
        ),
    ),
    DemoPerson(
        email=_demo("igor.smirnov"),
        full_name="Игорь Смирнов",
        timezone="Asia/Yekaterinburg",
        city="Екатеринбург",
        languages=("ru",),
        formats=(VIDEO, IN_PERSON),
        availability=slots((TUE,), "20:00", "21:30") + slots((SUN,), "10:00", "13:00"),
        mentor=DemoMentor(
            goal_areas=("management", "it"),
            skills=(
                "project-management",
                "agile",
                "people-management",
                "hiring",
                "roadmapping",
                "negotiation",
                "career-switch-strategy",
                "networking",
            ),
            headline="Head of delivery в IT-компании, бывший офицер",
            bio=(
                "Пятнадцать лет служил, уволился в звании майора и в 38 лет начал с позиции "
                "помощника руководителя проектов. Сейчас отвечаю за поставку в компании на "
                "двести человек и сам нанимаю менеджеров. Знаю, чего боятся на собеседовании "
                "люди «не из IT», и знаю, что их опыт ценят больше, чем им кажется."
            ),
            years_experience=10,
            switched_from=Background.MILITARY,
            switched_from_role="офицер",
            switched_to="management",
            capacity=2,
        ),
    ),
    DemoPerson(
        email=_demo("maria.sokolova"),
        full_name="Мария Соколова",
        timezone="Europe/Samara",
        city="Самара",
        languages=("ru", "en"),
        formats=(VIDEO, CHAT),
        availability=slots((MON, THU), "19:00", "21:00") + slots((SUN,), "10:00", "12:00"),
        mentor=DemoMentor(
            goal_areas=("analytics",),
            skills=(
                "sql",
                "excel",
                "bi",
                "data-visualization",
                "python-data-analysis",
                "statistics",
                "portfolio",
                "interview-preparation",
            ),
            headline="Аналитик данных в медтехе, раньше — врач-терапевт",
            bio=(
                "Шесть лет работала участковым терапевтом. Ушла из медицины после ковида, "
                "выучила SQL и Python и сейчас строю дашборды для сети клиник. Помогу "
                "выбрать первый проект, разобраться в DataLens и Power BI и не утонуть в "
                "бесконечных курсах."
            ),
            years_experience=4,
            switched_from=Background.HEALTHCARE,
            switched_from_role="врач-терапевт",
            switched_to="analytics",
            capacity=2,
        ),
    ),
    DemoPerson(
        email=_demo("alexey.morozov"),
        full_name="Алексей Морозов",
        timezone="Asia/Krasnoyarsk",
        city="Красноярск",
        languages=("ru", "en"),
        formats=(VIDEO, CHAT),
        availability=slots((TUE, THU), "19:30", "21:30") + slots((SAT,), "10:00", "12:00"),
        mentor=DemoMentor(
            goal_areas=("it",),
            skills=(
                "javascript",
                "frontend",
                "git",
                "data-structures",
                "portfolio",
                "cv",
                "interview-preparation",
            ),
            headline="Фронтенд-разработчик, пишу на React и TypeScript",
            bio=(
                "Работал менеджером по логистике на складе, по ночам делал сайты друзьям. "
                "В 2020 году устроился джуном в веб-студию, сейчас работаю удалённо на "
                "продуктовую компанию. Провожу код-ревью учебных проектов и тренировочные "
                "собеседования — с задачами на JavaScript и без паники."
            ),
            years_experience=5,
            switched_from=Background.LOGISTICS,
            switched_from_role="менеджер по логистике",
            switched_to="it",
            capacity=3,
        ),
    ),
    DemoPerson(
        email=_demo("olga.kim"),
        full_name="Ольга Ким",
        timezone="Asia/Vladivostok",
        city="Владивосток",
        languages=("ru", "en"),
        formats=(VIDEO, CHAT),
        availability=slots((MON, WED), "18:00", "20:00") + slots((SAT,), "15:00", "18:00"),
        mentor=DemoMentor(
            goal_areas=("management",),
            skills=(
                "product-management",
                "roadmapping",
                "stakeholder-management",
                "unit-economics",
                "interview-preparation",
                "career-switch-strategy",
            ),
            headline="Продакт-менеджер в логистическом стартапе, в прошлом юрист",
            bio=(
                "Пять лет была юристом в порту и писала договоры, которые никто не читал. "
                "Перешла в продукт через внутренний проект по автоматизации документов. "
                "Помогу разобраться, чем продакт отличается от проджекта, и подготовиться к "
                "кейс-интервью. Живу во Владивостоке, так что удобно и тем, кто далеко от "
                "Москвы."
            ),
            years_experience=6,
            switched_from=Background.LAW,
            switched_from_role="юрист",
            switched_to="management",
            capacity=2,
        ),
    ),
    DemoPerson(
        email=_demo("timur.akhmetov"),
        full_name="Тимур Ахметов",
        timezone="Asia/Omsk",
        city="Омск",
        languages=("ru", "tt"),
        formats=(VIDEO, CHAT),
        availability=slots((WED,), "20:00", "22:00") + slots((SUN,), "11:00", "14:00"),
        mentor=DemoMentor(
            goal_areas=("marketing",),
            skills=(
                "seo",
                "content-marketing",
                "web-analytics",
                "copywriting",
                "marketing-strategy",
                "marketplaces",
                "networking",
            ),
            headline="SEO-специалист и руководитель маркетинга интернет-магазина",
            bio=(
                "Продавал стройматериалы и заметил, что клиенты всё чаще приходят из поиска. "
                "Разобрался в SEO сам, потом возглавил маркетинг магазина. Помогу с "
                "семантикой, контентом и продвижением на маркетплейсах, подскажу, где искать "
                "первые заказы на фрилансе."
            ),
            years_experience=7,
            switched_from=Background.SALES,
            switched_from_role="менеджер по продажам",
            switched_to="marketing",
            capacity=5,
        ),
    ),
    DemoPerson(
        email=_demo("pavel.novikov"),
        full_name="Павел Новиков",
        timezone="Europe/Kaliningrad",
        city="Калининград",
        languages=("ru", "en", "de"),
        formats=(VIDEO,),
        availability=slots((TUE, THU), "20:00", "22:00"),
        mentor=DemoMentor(
            goal_areas=("analytics",),
            skills=(
                "python-data-analysis",
                "machine-learning-basics",
                "statistics",
                "sql",
                "ab-testing",
                "portfolio",
                "interview-preparation",
            ),
            headline="Data scientist, кандидат физико-математических наук",
            bio=(
                "После аспирантуры пять лет работал научным сотрудником и понял, что "
                "обрабатывать данные мне нравится больше, чем писать гранты. Сейчас строю "
                "модели прогнозирования спроса для ритейла. Помогу выстроить математику и "
                "Python под задачи бизнеса, а не под экзамен."
            ),
            years_experience=7,
            switched_from=Background.SCIENCE,
            switched_from_role="научный сотрудник",
            switched_to="analytics",
            capacity=2,
        ),
    ),
]

DEMO_MENTEES = [
    DemoPerson(
        email=DEMO_MENTEE,
        full_name="Елена Васильева",
        timezone="Europe/Moscow",
        city="Тверь",
        languages=("ru",),
        formats=(VIDEO, CHAT),
        availability=slots((MON, WED), "19:00", "21:00") + slots((SAT,), "10:00", "13:00"),
        mentee=DemoMentee(
            goal_area="analytics",
            skills=("sql", "excel", "python-data-analysis", "portfolio", "cv"),
            current_role="учитель математики",
            current_field=Background.EDUCATION,
            target_role="аналитик данных",
            stage=Stage.LEARNING,
            goals=(
                "Пять лет преподаю математику в школе, хочу стать аналитиком данных. Закончила "
                "курс по SQL, сейчас разбираюсь с pandas, но не понимаю, какие проекты "
                "положить в портфолио и как объяснить работодателю, что опыт учителя тоже "
                "пригодится. Хочу за полгода выйти на первую работу."
            ),
            can_offer=(
                "Умею объяснять сложное простыми словами — могу помочь подготовить "
                "обучающие материалы или выступление."
            ),
        ),
    ),
    DemoPerson(
        email=_demo("artem.kovalev"),
        full_name="Артём Ковалёв",
        timezone="Europe/Kaliningrad",
        city="Калининград",
        languages=("ru",),
        formats=(VIDEO, CHAT),
        availability=slots((TUE, THU), "20:00", "22:00") + slots((SUN,), "12:00", "15:00"),
        mentee=DemoMentee(
            goal_area="it",
            skills=("javascript", "frontend", "git", "portfolio"),
            current_role="менеджер по продажам автозапчастей",
            current_field=Background.SALES,
            target_role="фронтенд-разработчик",
            stage=Stage.LEARNING,
            goals=(
                "Восемь лет продаю запчасти и устал от планов и холодных звонков. Год учу "
                "JavaScript по вечерам, сделал пару лендингов и приложение со списком дел на "
                "React. Не понимаю, хватит ли этого для стажировки, и боюсь, что в 34 года уже "
                "поздно."
            ),
            can_offer="Могу научить вести переговоры и не бояться звонить клиентам.",
        ),
    ),
    DemoPerson(
        email=_demo("maxim.zakharov"),
        full_name="Максим Захаров",
        timezone="Europe/Moscow",
        city="Санкт-Петербург",
        languages=("ru", "en"),
        formats=(VIDEO, IN_PERSON),
        availability=slots((MON,), "10:00", "12:00") + slots((TUE, WED), "22:00", "23:30"),
        mentee=DemoMentee(
            goal_area="management",
            skills=("project-management", "agile", "stakeholder-management", "cv"),
            current_role="управляющий рестораном",
            current_field=Background.HOSPITALITY,
            target_role="руководитель проектов в IT",
            stage=Stage.EXPLORING,
            goals=(
                "Десять лет в ресторанах, последние четыре управляю заведением на сорок "
                "человек. Кажется, я и так каждый день веду проекты — открытия, запуски меню, "
                "ремонты. Хочу понять, можно ли с таким опытом стать проджект-менеджером в IT "
                "и с чего начать, чтобы не потерять в деньгах."
            ),
            can_offer="Знаю всё про найм линейного персонала и работу с жалобами гостей.",
        ),
    ),
    DemoPerson(
        email=_demo("natalia.fedorova"),
        full_name="Наталья Фёдорова",
        timezone="Europe/Samara",
        city="Тольятти",
        languages=("ru",),
        formats=(CHAT,),
        availability=slots((MON, TUE, WED, THU, FRI), "21:00", "22:30"),
        mentee=DemoMentee(
            goal_area="marketing",
            skills=("marketplaces", "copywriting", "unit-economics"),
            current_role="продавец-консультант",
            current_field=Background.LOGISTICS,
            target_role="менеджер маркетплейсов",
            stage=Stage.LEARNING,
            goals=(
                "Работаю в магазине одежды, двое детей, свободна только поздно вечером. Год "
                "назад открыла маленький магазин на Wildberries, продажи то есть, то нет. Хочу "
                "разобраться в карточках, рекламе внутри площадки и экономике и перейти на "
                "удалённую работу менеджером маркетплейсов."
            ),
        ),
    ),
    DemoPerson(
        email=_demo("ruslan.galiev"),
        full_name="Руслан Галиев",
        timezone="Asia/Yekaterinburg",
        city="Уфа",
        languages=("ru", "en"),
        formats=(VIDEO, CHAT),
        availability=slots((MON, WED, FRI), "19:30", "21:30") + slots((SAT,), "14:00", "17:00"),
        mentee=DemoMentee(
            goal_area="it",
            skills=("python", "backend", "sql", "git", "interview-preparation"),
            current_role="инженер-наладчик на нефтехимическом заводе",
            current_field=Background.ENGINEERING,
            target_role="Python-разработчик",
            stage=Stage.JOB_SEARCH,
            goals=(
                "Инженер-наладчик, работаю сменами. За полтора года прошёл курс по Python, "
                "написал телеграм-бота для учёта смен и небольшое API на Django. Отправил "
                "больше восьмидесяти откликов, было три собеседования, на всех засыпался на "
                "вопросах про базы данных. Хочу понять, что подтянуть и как сделать резюме "
                "заметнее."
            ),
            can_offer="Разбираюсь в промышленной автоматике, могу рассказать, как устроен завод.",
        ),
    ),
    DemoPerson(
        email=_demo("svetlana.belova"),
        full_name="Светлана Белова",
        timezone="Asia/Omsk",
        city="Омск",
        languages=("ru",),
        formats=(VIDEO,),
        availability=slots((TUE, THU), "19:00", "21:00"),
        mentee=DemoMentee(
            goal_area="analytics",
            skills=("excel", "bi", "sql", "data-visualization"),
            current_role="бухгалтер",
            current_field=Background.FINANCE,
            target_role="BI-аналитик",
            stage=Stage.LEARNING,
            goals=(
                "Двенадцать лет работаю бухгалтером, Excel знаю хорошо, сводные таблицы — мой "
                "любимый инструмент. Хочу делать отчёты не руками каждый месяц, а в BI, и "
                "перейти в финансовую или BI-аналитику. Нужен человек, который подскажет, "
                "какие навыки действительно спрашивают."
            ),
            can_offer="Помогу разобраться с налогами для самозанятых и ИП.",
        ),
    ),
    DemoPerson(
        email=_demo("yulia.sorokina"),
        full_name="Юлия Сорокина",
        timezone="Asia/Novosibirsk",
        city="Новосибирск",
        languages=("ru",),
        formats=(VIDEO, IN_PERSON),
        availability=slots((MON, TUE), "20:00", "22:00") + slots((SUN,), "11:00", "14:00"),
        mentee=DemoMentee(
            goal_area="marketing",
            skills=("smm", "targeted-advertising", "content-marketing", "portfolio"),
            current_role="администратор салона красоты",
            current_field=Background.HOSPITALITY,
            target_role="SMM-специалист",
            stage=Stage.LEARNING,
            goals=(
                "Веду соцсети нашего салона уже два года, подписчиков стало втрое больше, и "
                "мне это правда нравится. Хочу превратить хобби в профессию: научиться "
                "настраивать таргет, считать результаты и собрать портфолио, чтобы брать "
                "клиентов на фриланс."
            ),
            can_offer="Могу поделиться опытом работы с клиентами и съёмки на телефон.",
        ),
    ),
    DemoPerson(
        email=_demo("irina.pavlova"),
        full_name="Ирина Павлова",
        timezone="Asia/Krasnoyarsk",
        city="Красноярск",
        languages=("ru",),
        formats=(VIDEO, CHAT),
        availability=slots((WED,), "18:30", "20:30") + slots((SAT, SUN), "10:00", "12:00"),
        mentee=DemoMentee(
            goal_area="management",
            skills=("product-management", "roadmapping", "stakeholder-management", "cv"),
            current_role="главный специалист в администрации края",
            current_field=Background.PUBLIC,
            target_role="продакт-менеджер",
            stage=Stage.EXPLORING,
            goals=(
                "Девять лет на госслужбе, занимаюсь цифровизацией госуслуг со стороны "
                "заказчика. Часто общаюсь с подрядчиками и понимаю, что хочу быть по ту "
                "сторону — делать продукт, а не писать техзадания. Нужна помощь, чтобы понять, "
                "какие у меня сильные стороны и куда откликаться."
            ),
        ),
    ),
    DemoPerson(
        email=_demo("daria.egorova"),
        full_name="Дарья Егорова",
        timezone="Asia/Yakutsk",
        city="Якутск",
        languages=("ru",),
        formats=(VIDEO, CHAT),
        availability=slots((MON, THU), "18:00", "20:00") + slots((SAT,), "13:00", "16:00"),
        mentee=DemoMentee(
            goal_area="it",
            skills=("testing", "sql", "cv", "interview-preparation"),
            current_role="лаборант химического анализа",
            current_field=Background.SCIENCE,
            target_role="тестировщик",
            stage=Stage.JOB_SEARCH,
            goals=(
                "Работаю лаборантом, люблю точность и проверять всё по два раза, поэтому "
                "выбрала тестирование. Прошла курс, тренируюсь на открытых проектах. В "
                "Якутске вакансий почти нет, ищу удалёнку, но не знаю, как пройти "
                "собеседование и что писать в резюме без опыта."
            ),
        ),
    ),
    DemoPerson(
        email=_demo("victoria.lee"),
        full_name="Виктория Ли",
        timezone="Asia/Vladivostok",
        city="Владивосток",
        languages=("ru", "en"),
        formats=(CHAT, VIDEO),
        availability=slots((TUE, THU), "19:00", "21:00") + slots((SAT,), "15:00", "17:00"),
        mentee=DemoMentee(
            goal_area="marketing",
            skills=("content-marketing", "copywriting", "email-marketing", "brand-marketing"),
            current_role="корреспондент городской газеты",
            current_field=Background.CREATIVE,
            target_role="контент-маркетолог",
            stage=Stage.FIRST_JOB,
            goals=(
                "Три месяца назад ушла из газеты в IT-компанию контент-маркетологом. Писать "
                "умею, а вот контент-план, воронки и метрики пока пугают. Хочу, чтобы рядом "
                "был человек, который поможет не утонуть на испытательном сроке."
            ),
            can_offer="Отредактирую текст или помогу с интервью для блога.",
        ),
    ),
    DemoPerson(
        email=_demo("andrey.melnikov"),
        full_name="Андрей Мельников",
        timezone="Asia/Kamchatka",
        city="Петропавловск-Камчатский",
        languages=("ru", "en"),
        formats=(VIDEO,),
        availability=slots((SAT, SUN), "16:00", "20:00"),
        mentee=DemoMentee(
            goal_area="analytics",
            skills=("python-data-analysis", "statistics", "product-analytics", "portfolio"),
            current_role="инженер-геофизик",
            current_field=Background.SCIENCE,
            target_role="продуктовый аналитик",
            stage=Stage.LEARNING,
            goals=(
                "Работаю геофизиком на вулканологической станции, обрабатываю данные "
                "сейсмодатчиков на Python. Хочу применить это в продуктовой аналитике, но "
                "не понимаю бизнес-метрики и A/B-тесты. Разница с Москвой девять часов, "
                "поэтому мне удобнее всего выходные."
            ),
        ),
    ),
    DemoPerson(
        email=_demo("georgy.tsereteli"),
        full_name="Георгий Церетели",
        timezone="Asia/Tbilisi",
        city="Тбилиси",
        languages=("ru", "ka", "en"),
        formats=(VIDEO, IN_PERSON),
        availability=slots((MON, WED), "18:00", "20:00") + slots((FRI,), "12:00", "14:00"),
        mentee=DemoMentee(
            goal_area="management",
            skills=("project-management", "agile", "people-management", "networking"),
            current_role="прораб",
            current_field=Background.ENGINEERING,
            target_role="руководитель IT-проектов",
            stage=Stage.JOB_SEARCH,
            goals=(
                "Пятнадцать лет на стройке, последние шесть — прорабом. В 2022 году переехал "
                "из Москвы в Тбилиси, сейчас ищу работу проджект-менеджером в IT. Сроки, "
                "подрядчики и бюджеты — это моё, а вот Jira, спринты и язык айтишников пока "
                "чужие."
            ),
            can_offer="Помогу с ремонтом советом и покажу Тбилиси.",
        ),
    ),
]

# A former mentee who now mentors newcomers, and still learns himself.
DEMO_BOTH_PERSON = DemoPerson(
    email=DEMO_BOTH,
    full_name="Кирилл Егоров",
    timezone="Asia/Irkutsk",
    city="Иркутск",
    languages=("ru",),
    formats=(VIDEO, CHAT),
    availability=slots((MON, WED), "19:00", "21:00") + slots((SAT,), "11:00", "13:00"),
    mentor=DemoMentor(
        goal_areas=("it",),
        skills=("testing", "cv", "interview-preparation", "career-switch-strategy"),
        headline="QA-инженер, два года назад работал администратором ресторана",
        bio=(
            "Прекрасно помню, как страшно отправлять первое резюме без опыта. Прошёл путь "
            "от администратора ресторана до тестировщика за десять месяцев и помогу пройти "
            "его вам: что учить, как искать стажировки, как не сдаться после отказов."
        ),
        years_experience=2,
        switched_from=Background.HOSPITALITY,
        switched_from_role="администратор ресторана",
        switched_to="it",
        capacity=1,
    ),
    mentee=DemoMentee(
        goal_area="it",
        skills=("qa-automation", "python", "git"),
        current_role="QA-инженер (ручное тестирование)",
        current_field=Background.IT,
        target_role="инженер по автоматизации тестирования",
        stage=Stage.FIRST_JOB,
        goals=(
            "Второй год тестирую вручную и хочу расти в автоматизацию. Python знаю на уровне "
            "курса, а с pytest и Selenium путаюсь. Ищу наставника, который поможет выстроить "
            "план и посмотрит мои первые автотесты."
        ),
        can_offer="Расскажу, как войти в тестирование после общепита.",
    ),
)

DEMO_PEOPLE = [*DEMO_MENTORS, *DEMO_MENTEES, DEMO_BOTH_PERSON]


@transaction.atomic
def demo_people_seed(*, password_hash: str) -> tuple[int, int]:
    """Creates or refreshes the demo people (matched by e-mail); returns (mentors, mentees)."""
    areas = {area.code: area for area in GoalArea.objects.all()}
    skills = {skill.code: skill for skill in Skill.objects.all()}
    for person in DEMO_PEOPLE:
        user, _ = User.objects.update_or_create(
            email=person.email,
            defaults={
                "full_name": person.full_name,
                "timezone": person.timezone,
                "password": password_hash,
            },
        )
        Consent.objects.get_or_create(
            user=user, kind=Consent.Kind.PERSONAL_DATA, version=CONSENT_VERSION
        )
        if person.mentor:
            _demo_mentor_save(user, person, person.mentor, areas, skills)
        if person.mentee:
            _demo_mentee_save(user, person, person.mentee, areas, skills)
    mentors = sum(1 for person in DEMO_PEOPLE if person.mentor)
    mentees = sum(1 for person in DEMO_PEOPLE if person.mentee)
    return mentors, mentees


def _profile_fields(person: DemoPerson) -> dict:
    return {
        "timezone": person.timezone,
        "city": person.city,
        "formats": Format.to_mask(person.formats),
        "availability": person.availability,
    }


def _demo_mentor_save(
    user: User,
    person: DemoPerson,
    mentor: DemoMentor,
    areas: dict[str, GoalArea],
    skills: dict[str, Skill],
) -> None:
    fields = {
        **_profile_fields(person),
        "headline": mentor.headline,
        "bio": mentor.bio,
        "years_experience": mentor.years_experience,
        "switched_from": mentor.switched_from,
        "switched_from_role": mentor.switched_from_role,
        "switched_to": areas[mentor.switched_to] if mentor.switched_to else None,
    }
    profile, _ = MentorProfile.objects.update_or_create(
        user=user,
        defaults=fields,
        # Capacity only on creation: a refresh must not shrink it below the
        # mentees someone has taken on while trying the demo.
        create_defaults={**fields, "capacity": mentor.capacity, "accepting_mentees": True},
    )
    profile.goal_areas.set([areas[code] for code in mentor.goal_areas])
    profile.skills.set([skills[code] for code in mentor.skills])
    profile.languages.set(person.languages)


def _demo_mentee_save(
    user: User,
    person: DemoPerson,
    mentee: DemoMentee,
    areas: dict[str, GoalArea],
    skills: dict[str, Skill],
) -> None:
    profile, _ = MenteeProfile.objects.update_or_create(
        user=user,
        defaults={
            **_profile_fields(person),
            "goal_area": areas[mentee.goal_area],
            "current_role": mentee.current_role,
            "current_field": mentee.current_field,
            "target_role": mentee.target_role,
            "stage": mentee.stage,
            "goals": mentee.goals,
            "can_offer": mentee.can_offer,
        },
    )
    profile.skills.set([skills[code] for code in mentee.skills])
    profile.languages.set(person.languages)


# --- Synthetic people for benchmarks -------------------------------------------

AREAS = ("it", "marketing", "analytics", "management")
AREA_WEIGHTS = (35, 20, 25, 20)
AREA_INTO = {
    "it": "в IT",
    "marketing": "в цифровой маркетинг",
    "analytics": "в аналитику",
    "management": "в управление",
}

# zone, relative weight, cities; abroad also the local language besides Russian.
ZONES_RUSSIA = [
    ("Europe/Kaliningrad", 2, ("Калининград",)),
    (
        "Europe/Moscow",
        45,
        ("Москва", "Санкт-Петербург", "Казань", "Нижний Новгород", "Воронеж", "Краснодар"),
    ),
    ("Europe/Samara", 5, ("Самара", "Тольятти", "Ижевск")),
    ("Asia/Yekaterinburg", 12, ("Екатеринбург", "Челябинск", "Уфа", "Пермь", "Тюмень")),
    ("Asia/Omsk", 3, ("Омск",)),
    ("Asia/Novosibirsk", 5, ("Новосибирск",)),
    ("Asia/Krasnoyarsk", 4, ("Красноярск", "Абакан")),
    ("Asia/Irkutsk", 3, ("Иркутск", "Улан-Удэ")),
    ("Asia/Yakutsk", 1, ("Якутск", "Благовещенск")),
    ("Asia/Vladivostok", 3, ("Владивосток", "Хабаровск")),
    ("Asia/Kamchatka", 1, ("Петропавловск-Камчатский",)),
]
ZONES_ABROAD = [
    ("Europe/Berlin", 3, ("Берлин", "Мюнхен"), "de"),
    ("Asia/Tbilisi", 3, ("Тбилиси", "Батуми"), "ka"),
    ("Europe/Belgrade", 2, ("Белград", "Нови-Сад"), "sr"),
    ("Asia/Almaty", 3, ("Алматы", "Астана"), "kk"),
    ("Asia/Yerevan", 2, ("Ереван",), "hy"),
]
RARE_LANGUAGES = ("uk", "be", "tt", "uz", "fr", "es")

MALE_NAMES = [
    "Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья", "Кирилл",
    "Михаил", "Никита", "Роман", "Егор", "Иван", "Денис", "Евгений", "Павел", "Владимир",
    "Константин", "Тимур", "Руслан", "Олег", "Антон", "Глеб", "Фёдор", "Ярослав", "Вадим",
    "Степан", "Ринат", "Айдар"
]  # fmt: skip
FEMALE_NAMES = [
    "Анна", "Мария", "Елена", "Ольга", "Наталья", "Екатерина", "Татьяна", "Юлия", "Ирина",
    "Анастасия", "Дарья", "Светлана", "Ксения", "Полина", "Алина", "Виктория", "Вера", "Марина",
    "Софья", "Алёна", "Евгения", "Надежда", "Кристина", "Диана", "Камила", "Алия", "Любовь",
    "Валерия", "Яна", "Оксана"
]  # fmt: skip
# Male forms; _surname() makes the female form, and leaves Ким or Шевченко as they are.
SURNAMES = [
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
    "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
    "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
    "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв",
    "Кузьмин", "Фролов", "Дмитриев", "Королёв", "Гусев", "Киселёв", "Ильин", "Максимов", "Поляков",
    "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев", "Антонов", "Тарасов", "Жуков",
    "Баранов", "Филиппов", "Комаров", "Давыдов", "Беляев", "Богданов", "Осипов", "Сидоров",
    "Матвеев", "Титов", "Марков", "Миронов", "Крылов", "Куликов", "Карпов", "Власов", "Мельников",
    "Денисов", "Гаврилов", "Тихонов", "Казаков", "Данилов", "Фомин", "Чернов", "Калинин", "Исаев",
    "Быков", "Маслов", "Лазарев", "Воронин", "Климов", "Голубев", "Прохоров", "Наумов", "Журавлёв",
    "Трофимов", "Леонов", "Соболев", "Ермаков", "Гончаров", "Котов", "Гришин", "Архипов", "Громов",
    "Кириллов", "Малышев", "Румянцев", "Галкин", "Юдин", "Ахметов", "Галиев", "Сафин",
    "Хабибуллин", "Абдуллаев", "Алиев", "Вишневский", "Островский", "Ким", "Пак", "Цой",
    "Шевченко", "Бондаренко", "Коваленко", "Ткаченко"
]  # fmt: skip

# (background, former role): where people come from when they switch.
PREVIOUS_ROLES = [
    (Background.EDUCATION, "учитель начальных классов"),
    (Background.EDUCATION, "учитель английского языка"),
    (Background.EDUCATION, "преподаватель колледжа"),
    (Background.FINANCE, "бухгалтер"),
    (Background.FINANCE, "экономист"),
    (Background.FINANCE, "кредитный специалист в банке"),
    (Background.SALES, "менеджер по продажам"),
    (Background.SALES, "оператор колл-центра"),
    (Background.SALES, "продавец-консультант"),
    (Background.ENGINEERING, "инженер-технолог"),
    (Background.ENGINEERING, "инженер-проектировщик"),
    (Background.ENGINEERING, "мастер участка на заводе"),
    (Background.HEALTHCARE, "медсестра"),
    (Background.HEALTHCARE, "фармацевт"),
    (Background.HEALTHCARE, "врач-стоматолог"),
    (Background.CREATIVE, "дизайнер полиграфии"),
    (Background.CREATIVE, "фотограф"),
    (Background.CREATIVE, "журналист"),
    (Background.PUBLIC, "специалист МФЦ"),
    (Background.PUBLIC, "сотрудник администрации района"),
    (Background.LAW, "юрист"),
    (Background.LAW, "помощник нотариуса"),
    (Background.LOGISTICS, "логист"),
    (Background.LOGISTICS, "кладовщик"),
    (Background.HOSPITALITY, "администратор гостиницы"),
    (Background.HOSPITALITY, "бариста"),
    (Background.HOSPITALITY, "повар"),
    (Background.MILITARY, "военнослужащий по контракту"),
    (Background.SCIENCE, "научный сотрудник"),
    (Background.SCIENCE, "инженер-лаборант"),
    (Background.OTHER, "мастер маникюра"),
    (Background.OTHER, "водитель такси"),
]
# Roles people aim at (mentees) or hold (mentors), with the skills at their core.
TARGET_ROLES = {
    "it": {
        "Python-разработчик": ("python", "backend", "sql", "git"),
        "фронтенд-разработчик": ("javascript", "frontend", "git"),
        "Java-разработчик": ("java", "backend", "sql", "data-structures"),
        "тестировщик": ("testing", "sql", "git"),
        "инженер по автоматизации тестирования": ("qa-automation", "testing", "python"),
        "DevOps-инженер": ("devops", "linux", "git"),
        "Go-разработчик": ("go", "backend", "data-structures"),
    },
    "marketing": {
        "SMM-специалист": ("smm", "content-marketing", "copywriting"),
        "таргетолог": ("targeted-advertising", "smm", "web-analytics"),
        "специалист по контекстной рекламе": ("context-advertising", "web-analytics"),
        "SEO-специалист": ("seo", "web-analytics", "copywriting"),
        "контент-маркетолог": ("content-marketing", "copywriting", "email-marketing"),
        "менеджер маркетплейсов": ("marketplaces", "unit-economics", "copywriting"),
        "email-маркетолог": ("email-marketing", "copywriting", "ab-testing"),
    },
    "analytics": {
        "аналитик данных": ("sql", "python-data-analysis", "statistics", "excel"),
        "продуктовый аналитик": ("product-analytics", "sql", "ab-testing", "statistics"),
        "BI-аналитик": ("bi", "sql", "data-visualization", "excel"),
        "системный аналитик": ("system-analysis", "business-analysis", "sql"),
        "бизнес-аналитик": ("business-analysis", "excel", "data-visualization"),
        "маркетинговый аналитик": ("web-analytics", "sql", "ab-testing", "excel"),
    },
    "management": {
        "руководитель проектов": ("project-management", "agile", "stakeholder-management"),
        "продакт-менеджер": ("product-management", "roadmapping", "unit-economics"),
        "скрам-мастер": ("agile", "people-management", "project-management"),
        "операционный менеджер": ("budgeting", "excel", "people-management"),
        "руководитель отдела": ("people-management", "hiring", "budgeting"),
    },
}
MENTOR_ROLES = {
    "it": {
        "бэкенд-разработчик": ("backend", "python", "go", "java", "sql", "system-design"),
        "фронтенд-разработчик": ("frontend", "javascript", "git"),
        "тимлид": ("system-design", "backend", "git", "agile"),
        "QA-лид": ("testing", "qa-automation", "sql"),
        "DevOps-инженер": ("devops", "linux", "git"),
    },
    "marketing": {
        "performance-маркетолог": (
            "performance-marketing",
            "context-advertising",
            "targeted-advertising",
            "web-analytics",
        ),
        "руководитель SMM": ("smm", "content-marketing", "targeted-advertising"),
        "SEO-специалист": ("seo", "web-analytics", "content-marketing"),
        "директор по маркетингу": ("marketing-strategy", "brand-marketing", "unit-economics"),
        "руководитель контент-отдела": ("content-marketing", "copywriting", "email-marketing"),
    },
    "analytics": {
        "продуктовый аналитик": ("product-analytics", "sql", "ab-testing", "statistics"),
        "руководитель группы BI": ("bi", "sql", "data-visualization", "excel"),
        "data scientist": ("machine-learning-basics", "python-data-analysis", "statistics"),
        "системный аналитик": ("system-analysis", "business-analysis", "sql"),
        "аналитик данных": ("sql", "python-data-analysis", "excel", "data-visualization"),
    },
    "management": {
        "руководитель проектов": ("project-management", "agile", "stakeholder-management"),
        "продакт-менеджер": ("product-management", "roadmapping", "unit-economics"),
        "head of delivery": ("project-management", "people-management", "hiring", "budgeting"),
        "скрам-мастер": ("agile", "people-management"),
        "операционный директор": ("budgeting", "people-management", "risk-management"),
    },
}
STAGE_WEIGHTS = {
    Stage.EXPLORING: 20,
    Stage.LEARNING: 40,
    Stage.JOB_SEARCH: 30,
    Stage.FIRST_JOB: 10,
}
STAGE_SENTENCES = {
    Stage.EXPLORING: "Пока присматриваюсь и хочу понять, подойдёт ли мне эта профессия.",
    Stage.LEARNING: "Учусь на онлайн-курсе и по вечерам делаю учебные проекты.",
    Stage.JOB_SEARCH: "Откликов отправлено уже несколько десятков, а приглашений почти нет.",
    Stage.FIRST_JOB: "Первая работа в новой профессии уже есть, хочу расти быстрее и не выгореть.",
}
CAN_OFFER = (
    "",
    "",
    "Помогу с английским.",
    "Могу поделиться опытом переговоров с клиентами.",
    "Расскажу, как устроена моя нынешняя отрасль изнутри.",
    "Помогу с вёрсткой презентаций.",
    "Могу вычитать тексты.",
)
MENTOR_CLOSINGS = (
    "Могу провести пробное собеседование.",
    "Люблю разбирать реальные резюме и тестовые задания.",
    "Отвечаю в переписке в течение суток.",
    "Помогу составить план обучения на полгода.",
)
# Formats bit masks by how often people offer them: video and chat above all.
FORMAT_MASKS = (1, 3, 2, 5, 7, 6, 4)
FORMAT_WEIGHTS = (30, 40, 8, 8, 10, 2, 2)
CAPACITIES = (1, 2, 3, 4, 5, 8, 10)
CAPACITY_WEIGHTS = (25, 30, 20, 10, 8, 4, 3)

# Precomputed once: a benchmark draws from these a million times.
AREA_CUM = tuple(accumulate(AREA_WEIGHTS))
RUSSIA_CUM = tuple(accumulate(zone[1] for zone in ZONES_RUSSIA))
ABROAD_CUM = tuple(accumulate(zone[1] for zone in ZONES_ABROAD))
STAGES = tuple(STAGE_WEIGHTS)
STAGE_CUM = tuple(accumulate(STAGE_WEIGHTS.values()))
FORMAT_CUM = tuple(accumulate(FORMAT_WEIGHTS))
CAPACITY_CUM = tuple(accumulate(CAPACITY_WEIGHTS))
TARGET_ROLE_ITEMS = {area: tuple(roles.items()) for area, roles in TARGET_ROLES.items()}
MENTOR_ROLE_ITEMS = {area: tuple(roles.items()) for area, roles in MENTOR_ROLES.items()}


@dataclass(frozen=True)
class Taxonomy:
    """The seeded goal areas and skills, loaded once for a whole benchmark run."""

    area_ids: dict[str, int]
    skills: dict[str, list[tuple[int, str]]]  # area code -> [(skill id, Russian name)]
    by_code: dict[str, tuple[int, str]]  # skill code -> (skill id, Russian name)

    @classmethod
    def load(cls) -> "Taxonomy":
        area_ids = dict(GoalArea.objects.values_list("code", "pk"))
        missing = set(AREAS) - area_ids.keys()
        if missing or not Language.objects.filter(code="ru").exists():
            raise CommandError("The taxonomy is not seeded: run `manage.py migrate` first.")
        skills: dict[str, list[tuple[int, str]]] = {code: [] for code in area_ids}
        links = Skill.goal_areas.through.objects.values_list(
            "goalarea__code", "skill_id", "skill__name_ru"
        ).order_by("skill__position")
        for area, skill_id, name in links:
            skills[area].append((skill_id, name))
        by_code = {
            code: (pk, name)
            for code, pk, name in Skill.objects.values_list("code", "pk", "name_ru")
        }
        return cls(area_ids=area_ids, skills=skills, by_code=by_code)


@dataclass
class Synthetic:
    """One generated person: the unsaved user, the profile's fields and its M2M rows."""

    user: User
    profile: dict
    skill_ids: list[int]
    languages: list[str]
    goal_area_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Identity:
    full_name: str
    female: bool
    timezone: str
    city: str
    languages: list[str]


def _years_word(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return "год"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "года"
    return "лет"


def _lower_first(name: str) -> str:
    """«Резюме и письмо» → «резюме и письмо», but SQL, Python or DevOps stay as they are."""
    if not name or name[0].isascii() or (len(name) > 1 and name[1].isupper()):
        return name
    return name[0].lower() + name[1:]


def _surname(rng: random.Random, female: bool) -> str:
    name = rng.choice(SURNAMES)
    if not female:
        return name
    if name.endswith("ий"):
        return name[:-2] + "ая"
    if name.endswith(("ов", "ев", "ёв", "ин")):
        return name + "а"
    return name


def _identity(rng: random.Random, *, abroad_share: float, english_share: float) -> Identity:
    female = rng.random() < 0.55
    first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
    languages = ["ru"]
    if rng.random() < abroad_share:
        zone, _, cities, local = rng.choices(ZONES_ABROAD, cum_weights=ABROAD_CUM)[0]
        if rng.random() < 0.5:
            languages.append(local)
    else:
        zone, _, cities = rng.choices(ZONES_RUSSIA, cum_weights=RUSSIA_CUM)[0]
    if rng.random() < english_share:
        languages.append("en")
    if rng.random() < 0.03:
        languages.append(rng.choice(RARE_LANGUAGES))
    return Identity(
        full_name=f"{first} {_surname(rng, female)}",
        female=female,
        timezone=zone,
        city=rng.choice(cities),
        languages=list(dict.fromkeys(languages)),
    )


# "00:00", "00:30", … "24:00" by the number of half hours.
HHMM = tuple(f"{n // 2:02d}:{30 * (n % 2):02d}" for n in range(49))


def _slot(rng: random.Random, day: int, earliest: int, latest: int, lengths: Sequence[int]) -> dict:
    """A slot starting between two local hours, `lengths` in half hours."""
    start = rng.randint(earliest * 2, latest * 2)
    end = min(start + rng.choice(lengths), 48)
    return {"weekday": day, "start": HHMM[start], "end": HHMM[end]}


def _availability(rng: random.Random) -> list[dict]:
    """Most people work: weekday evenings and a weekend slot; some are free by day."""
    if rng.random() < 0.2:
        days = sorted(rng.sample(range(7), rng.randint(2, 4)))
        return [_slot(rng, day, 9, 16, (2, 3, 4, 6)) for day in days]
    days = sorted(rng.sample(range(5), rng.randint(1, 3)))
    result = [_slot(rng, day, 18, 21, (2, 3, 4)) for day in days]
    if rng.random() < 0.7:
        result.append(_slot(rng, rng.choice((SAT, SUN)), 10, 17, (2, 3, 4, 6)))
    return result


def _skills(
    rng: random.Random,
    taxonomy: Taxonomy,
    *,
    core: Sequence[str],
    core_count: int,
    areas: Sequence[str],
    total: int,
) -> list[tuple[int, str]]:
    """Some skills at the core of the role, the rest from the whole of its areas."""
    chosen = rng.sample([taxonomy.by_code[code] for code in core], k=min(core_count, len(core)))
    pool = [s for area in areas for s in taxonomy.skills[area] if s not in chosen]
    pool = list(dict.fromkeys(pool))
    return chosen + rng.sample(pool, k=min(max(total - len(chosen), 0), len(pool)))


def bench_mentee(rng: random.Random, index: int, taxonomy: Taxonomy, password: str) -> Synthetic:
    who = _identity(rng, abroad_share=0.08, english_share=0.25)
    area = rng.choices(AREAS, cum_weights=AREA_CUM)[0]
    target, core = rng.choice(TARGET_ROLE_ITEMS[area])
    skills = _skills(
        rng,
        taxonomy,
        core=core,
        core_count=rng.randint(1, 3),
        areas=[area],
        total=rng.randint(2, 5),
    )
    background, role = rng.choice(PREVIOUS_ROLES)
    stage = rng.choices(STAGES, cum_weights=STAGE_CUM)[0]
    years = rng.randint(1, 15)
    goals = " ".join(
        (
            f"Сейчас я {role}, в профессии {years} {_years_word(years)}.",
            f"Хочу перейти {AREA_INTO[area]}, цель — должность «{target}».",
            STAGE_SENTENCES[stage],
            "Больше всего нужна помощь с темами: "
            + ", ".join(_lower_first(name) for _, name in skills)
            + ".",
        )
    )
    return Synthetic(
        user=_bench_user("mentee", index, who, password),
        profile={
            "goal_area_id": taxonomy.area_ids[area],
            "current_role": role,
            "current_field": background,
            "target_role": target,
            "stage": stage,
            "goals": goals,
            "can_offer": rng.choice(CAN_OFFER),
            **_bench_profile_fields(rng, who),
        },
        skill_ids=[skill_id for skill_id, _ in skills],
        languages=who.languages,
    )


def bench_mentor(rng: random.Random, index: int, taxonomy: Taxonomy, password: str) -> Synthetic:
    who = _identity(rng, abroad_share=0.25, english_share=0.5)
    areas = [rng.choices(AREAS, cum_weights=AREA_CUM)[0]]
    if rng.random() < 0.25:
        areas.append(rng.choice([area for area in AREAS if area != areas[0]]))
    role_now, core = rng.choice(MENTOR_ROLE_ITEMS[areas[0]])
    skills = _skills(
        rng, taxonomy, core=core, core_count=rng.randint(2, 4), areas=areas, total=rng.randint(3, 8)
    )
    years = rng.randint(1, 20)
    switched = rng.random() < 0.85
    background, from_role = rng.choice(PREVIOUS_ROLES) if switched else ("", "")
    moved = "Перешла" if who.female else "Перешёл"
    bio = [
        f"Моя первая профессия — {from_role}." if switched else "В профессии с начала карьеры.",
        f"{moved} {AREA_INTO[areas[0]]} {years} {_years_word(years)} назад." if switched else "",
        f"Сейчас — {role_now}.",
        "Помогаю с темами: " + ", ".join(_lower_first(name) for _, name in skills) + ".",
        rng.choice(MENTOR_CLOSINGS),
    ]
    return Synthetic(
        user=_bench_user("mentor", index, who, password),
        profile={
            "headline": f"{role_now[0].upper()}{role_now[1:]}, {years} {_years_word(years)} "
            "в профессии",
            "bio": " ".join(part for part in bio if part),
            "years_experience": years,
            "switched_from": background,
            "switched_from_role": from_role,
            "switched_to_id": taxonomy.area_ids[areas[0]] if switched else None,
            "capacity": rng.choices(CAPACITIES, cum_weights=CAPACITY_CUM)[0],
            "accepting_mentees": rng.random() < 0.9,
            **_bench_profile_fields(rng, who),
        },
        skill_ids=[skill_id for skill_id, _ in skills],
        languages=who.languages,
        goal_area_ids=[taxonomy.area_ids[area] for area in areas],
    )


def _bench_user(role: str, index: int, who: Identity, password: str) -> User:
    return User(
        email=BENCH_EMAIL.format(role=role, index=index),
        full_name=who.full_name,
        timezone=who.timezone,
        password=password,
    )


def _bench_profile_fields(rng: random.Random, who: Identity) -> dict:
    return {
        "timezone": who.timezone,
        "city": who.city,
        "formats": rng.choices(FORMAT_MASKS, cum_weights=FORMAT_CUM)[0],
        "availability": _availability(rng),
    }


BENCH_ROLES = {"mentor": (MentorProfile, bench_mentor), "mentee": (MenteeProfile, bench_mentee)}


def existing_bench_indices(role: str) -> set[int]:
    prefix, suffix = BENCH_EMAIL.format(role=role, index="|").split("|")
    emails = User.objects.filter(email__startswith=prefix, email__endswith=suffix)
    indices = (
        email[len(prefix) : -len(suffix)] for email in emails.values_list("email", flat=True)
    )
    return {int(index) for index in indices if index.isdigit()}


def bench_people_seed(
    *, role: str, count: int, seed: int, chunk: int, password_hash: str, taxonomy: Taxonomy
) -> tuple[int, int]:
    """Ensures bench people 0..count-1 of `role` exist; returns (people created, rows written).

    Indices whose e-mail is already taken are skipped, so a second run with the
    same numbers writes nothing, and a larger number adds only the difference.
    Person i is generated from its own seed and is the same in every run.
    """
    existing = existing_bench_indices(role)
    missing = [index for index in range(count) if index not in existing]
    rows = 0
    for start in range(0, len(missing), chunk):
        rows += _bench_chunk_write(
            role,
            missing[start : start + chunk],
            seed=seed,
            password_hash=password_hash,
            taxonomy=taxonomy,
        )
    return len(missing), rows


@transaction.atomic
def _bench_chunk_write(
    role: str, indices: Sequence[int], *, seed: int, password_hash: str, taxonomy: Taxonomy
) -> int:
    """Writes one chunk of people with their profiles, M2M rows and consents; returns rows."""
    model, generate = BENCH_ROLES[role]
    people = [
        # Synthetic data, not secrets: a reproducible generator is the point.
        generate(random.Random(f"{seed}:{role}:{index}"), index, taxonomy, password_hash)  # noqa: S311
        for index in indices
    ]
    # RETURNING gives the new primary keys on PostgreSQL and on SQLite >= 3.35.
    User.objects.bulk_create([person.user for person in people], batch_size=BATCH_SIZE)
    model.objects.bulk_create(
        [model(user_id=person.user.pk, **person.profile) for person in people],
        batch_size=BATCH_SIZE,
    )
    owner = f"{model._meta.model_name}_id"
    through_rows = {
        model.skills.through: [
            model.skills.through(**{owner: person.user.pk, "skill_id": skill_id})
            for person in people
            for skill_id in person.skill_ids
        ],
        model.languages.through: [
            model.languages.through(**{owner: person.user.pk, "language_id": code})
            for person in people
            for code in person.languages
        ],
    }
    if model is MentorProfile:
        through_rows[model.goal_areas.through] = [
            model.goal_areas.through(**{owner: person.user.pk, "goalarea_id": area_id})
            for person in people
            for area_id in person.goal_area_ids
        ]
    for through, rows in through_rows.items():
        through.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    Consent.objects.bulk_create(
        [
            Consent(
                user_id=person.user.pk, kind=Consent.Kind.PERSONAL_DATA, version=CONSENT_VERSION
            )
            for person in people
        ],
        batch_size=BATCH_SIZE,
    )
    return 3 * len(people) + sum(len(rows) for rows in through_rows.values())


# --- The command ---------------------------------------------------------------


class Command(BaseCommand):
    help = (
        "Loads the demo people (mentors and mentees across Russia and abroad), or with "
        "--mentors/--mentees a large synthetic set for benchmarks. Bench people are "
        "bench-<role>-<i>@example.invalid for i in 0..N-1; those already present are skipped, "
        "so repeating a run adds nothing and a larger N adds only the difference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when any mentor profile exists (what `make run` uses).",
        )
        parser.add_argument("--mentors", type=int, help="Synthetic mentors to ensure.")
        parser.add_argument("--mentees", type=int, help="Synthetic mentees to ensure.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument(
            "--chunk", type=int, default=5000, help="People per transaction (default 5000)."
        )

    def handle(self, *args, **options) -> None:
        if options["if_empty"] and MentorProfile.objects.exists():
            self.stdout.write(
                "Профили наставников уже есть, демо-данные не загружаю. "
                "/ Mentor profiles exist; demo data not loaded."
            )
            return
        if any(options[name] is not None and options[name] < 0 for name in ("mentors", "mentees")):
            raise CommandError("--mentors and --mentees must not be negative.")
        if options["chunk"] < 1:
            raise CommandError("--chunk must be positive.")
        # Hashing is slow on purpose; every seeded person shares one hash.
        password_hash = make_password(DEMO_PASSWORD)
        if options["mentors"] is None and options["mentees"] is None:
            self._seed_demo(password_hash)
        else:
            self._seed_bench(options, password_hash)

    def _seed_demo(self, password_hash: str) -> None:
        from matching.suggestions import suggestions_refresh
        from mentorship.demo import demo_lifecycle_seed
        from programmes.demo import DEMO_COORDINATOR, PROGRAMME_NAME, demo_programme_seed

        mentors, mentees = demo_people_seed(password_hash=password_hash)
        # The lifecycle alive (pairs at work, one finished, a programme's draft), before
        # the suggestions, which leave out the pairs now taken.
        lifecycle = demo_lifecycle_seed()
        programme = demo_programme_seed(password_hash=password_hash)
        # The demo opens with suggestions already computed, as the worker would have.
        suggestions = suggestions_refresh()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo people ready: {mentors} mentors, {mentees} mentees, "
                f"{suggestions} suggestions."
            )
        )
        self.stdout.write(
            f"Demo mentorships: {lifecycle['mentorships']} new ({lifecycle['sessions']} sessions, "
            f"{lifecycle['messages']} messages, {lifecycle['evaluations']} evaluations), "
            f"{lifecycle['skipped']} already there. Programme: "
            + (
                f"new, {programme['members']} members, {programme['pairs']} pairs in the draft."
                if programme["programmes"]
                else "already there."
            )
        )
        logins = f"{DEMO_MENTEE}, {DEMO_MENTOR}, {DEMO_BOTH}"
        self.stdout.write(f"Вход: {logins} — пароль {DEMO_PASSWORD}")
        self.stdout.write(f"Sign in: {logins} — password {DEMO_PASSWORD}")
        self.stdout.write(
            f"Координатор программы «{PROGRAMME_NAME}»: {DEMO_COORDINATOR} — пароль {DEMO_PASSWORD}"
        )
        self.stdout.write(
            f"Programme coordinator («{PROGRAMME_NAME}»): {DEMO_COORDINATOR} — "
            f"password {DEMO_PASSWORD}"
        )

    def _seed_bench(self, options: dict, password_hash: str) -> None:
        taxonomy = Taxonomy.load()
        started = time.perf_counter()
        created, rows = {}, 0
        for role in ("mentor", "mentee"):
            count = options[f"{role}s"] or 0
            created[role], written = bench_people_seed(
                role=role,
                count=count,
                seed=options["seed"],
                chunk=options["chunk"],
                password_hash=password_hash,
                taxonomy=taxonomy,
            )
            rows += written
            if count > created[role]:
                self.stdout.write(f"{count - created[role]} bench {role}s already existed.")
        elapsed = time.perf_counter() - started
        people = created["mentor"] + created["mentee"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {created['mentor']} mentors and {created['mentee']} mentees "
                f"({rows} rows) in {elapsed:.1f} s: {people / max(elapsed, 1e-9):.0f} "
                f"profiles/s, {rows / max(elapsed, 1e-9):.0f} rows/s."
            )
        )
        example = BENCH_EMAIL.format(role="mentee" if options["mentees"] else "mentor", index=0)
        self.stdout.write(f"Вход: {example} (и другие bench-адреса) — пароль {DEMO_PASSWORD}")
        self.stdout.write(
            f"Sign in: {example} (and the other bench addresses) — password {DEMO_PASSWORD}"
        )
