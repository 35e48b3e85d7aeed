"""What synthetic benchmark people are drawn from: where they live, their names, where
they come from and what they aim at, with how often each occurs (demo/synthetic_people.py
draws from these)."""

from itertools import accumulate

from accounts.models import Background, Stage

BENCH_EMAIL = "bench-{role}-{index}@example.invalid"

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
