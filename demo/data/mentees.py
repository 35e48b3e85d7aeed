"""The demo mentees: a teacher, sellers, engineers, a civil servant and others changing
careers, each with their goals and the hours they are free."""

from accounts.models import Background, Stage
from demo.data.logins import DEMO_MENTEE, demo_email
from demo.data.shapes import (
    CHAT,
    FRI,
    IN_PERSON,
    MON,
    SAT,
    SUN,
    THU,
    TUE,
    VIDEO,
    WED,
    DemoMentee,
    DemoPerson,
    slots,
)

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
        email=demo_email("artem.kovalev"),
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
        email=demo_email("maxim.zakharov"),
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
        email=demo_email("natalia.fedorova"),
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
        email=demo_email("ruslan.galiev"),
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
        email=demo_email("svetlana.belova"),
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
        email=demo_email("yulia.sorokina"),
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
        email=demo_email("irina.pavlova"),
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
        email=demo_email("daria.egorova"),
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
        email=demo_email("victoria.lee"),
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
        email=demo_email("andrey.melnikov"),
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
        email=demo_email("georgy.tsereteli"),
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
