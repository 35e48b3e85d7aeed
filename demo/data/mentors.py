"""The demo mentors: people who changed careers themselves, from Kaliningrad to
Vladivostok and abroad (Berlin, Tbilisi, Belgrade, Almaty)."""

from accounts.models import Background
from demo.data.logins import DEMO_MENTOR, demo_email
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
    DemoMentor,
    DemoPerson,
    slots,
)

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
        email=demo_email("dmitry.volkov"),
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
        email=demo_email("nino.gelashvili"),
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
        email=demo_email("sergey.lebedev"),
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
        email=demo_email("aigerim.saparova"),
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
        email=demo_email("ekaterina.orlova"),
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
        email=demo_email("igor.smirnov"),
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
        email=demo_email("maria.sokolova"),
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
        email=demo_email("alexey.morozov"),
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
        email=demo_email("olga.kim"),
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
        email=demo_email("timur.akhmetov"),
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
        email=demo_email("pavel.novikov"),
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
