"""Seeds the goal areas, their skills and the spoken languages.

The codes are part of the public API (GET /api/v1/goal-areas/) and of stored
profiles: add new ones in a later migration, never rename these.
"""

from django.db import migrations

GOAL_AREAS = [
    # code, name_ru, name_en
    ("it", "IT и программирование", "IT and programming"),
    ("marketing", "Цифровой маркетинг", "Digital marketing"),
    ("analytics", "Аналитика", "Analytics"),
    ("management", "Управление", "Management"),
]

ALL_AREAS = ("it", "marketing", "analytics", "management")

SKILLS = [
    # code, name_ru, name_en, goal area codes
    # IT and programming
    ("python", "Python", "Python", ("it",)),
    ("javascript", "JavaScript", "JavaScript", ("it",)),
    ("java", "Java", "Java", ("it",)),
    ("go", "Go", "Go", ("it",)),
    (
        "frontend",
        "Фронтенд-разработка (HTML, CSS, React)",
        "Front-end development (HTML, CSS, React)",
        ("it",),
    ),
    ("backend", "Бэкенд-разработка и API", "Back-end development and APIs", ("it",)),
    ("git", "Git и командная разработка", "Git and team development", ("it",)),
    ("testing", "Ручное тестирование", "Manual testing", ("it",)),
    ("qa-automation", "Автоматизация тестирования", "Test automation", ("it",)),
    ("devops", "DevOps: Docker, CI/CD", "DevOps: Docker, CI/CD", ("it",)),
    ("linux", "Linux и командная строка", "Linux and the command line", ("it",)),
    ("data-structures", "Алгоритмы и структуры данных", "Algorithms and data structures", ("it",)),
    ("system-design", "Проектирование систем", "System design", ("it",)),
    ("sql", "SQL и базы данных", "SQL and databases", ("it", "analytics")),
    # Digital marketing
    ("smm", "SMM и соцсети", "Social media marketing", ("marketing",)),
    ("seo", "SEO-продвижение", "SEO", ("marketing",)),
    (
        "context-advertising",
        "Контекстная реклама (Яндекс Директ)",
        "Search and context advertising",
        ("marketing",),
    ),
    ("targeted-advertising", "Таргетированная реклама", "Targeted social ads", ("marketing",)),
    ("performance-marketing", "Performance-маркетинг", "Performance marketing", ("marketing",)),
    ("content-marketing", "Контент-маркетинг", "Content marketing", ("marketing",)),
    ("copywriting", "Копирайтинг и редактура", "Copywriting and editing", ("marketing",)),
    ("email-marketing", "Email- и CRM-маркетинг", "Email and CRM marketing", ("marketing",)),
    ("marketplaces", "Продвижение на маркетплейсах", "Marketplace promotion", ("marketing",)),
    ("brand-marketing", "Бренд и позиционирование", "Brand and positioning", ("marketing",)),
    ("marketing-strategy", "Маркетинговая стратегия", "Marketing strategy", ("marketing",)),
    (
        "web-analytics",
        "Веб-аналитика (Яндекс Метрика, GA4)",
        "Web analytics (Yandex Metrica, GA4)",
        ("marketing", "analytics"),
    ),
    # Analytics
    ("excel", "Excel и Google Таблицы", "Excel and Google Sheets", ("analytics", "management")),
    (
        "python-data-analysis",
        "Python для анализа данных (pandas)",
        "Python for data analysis (pandas)",
        ("analytics",),
    ),
    ("statistics", "Статистика", "Statistics", ("analytics",)),
    ("ab-testing", "A/B-тесты", "A/B testing", ("analytics", "marketing")),
    ("product-analytics", "Продуктовая аналитика", "Product analytics", ("analytics",)),
    (
        "bi",
        "BI и дашборды (DataLens, Power BI, Tableau)",
        "BI and dashboards (DataLens, Power BI, Tableau)",
        ("analytics",),
    ),
    ("data-visualization", "Визуализация данных", "Data visualisation", ("analytics",)),
    (
        "machine-learning-basics",
        "Основы машинного обучения",
        "Machine learning basics",
        ("analytics",),
    ),
    (
        "business-analysis",
        "Бизнес-анализ и требования",
        "Business analysis and requirements",
        ("analytics", "management"),
    ),
    ("system-analysis", "Системный анализ", "Systems analysis", ("analytics",)),
    # Management
    ("project-management", "Управление проектами", "Project management", ("management",)),
    ("agile", "Agile: Scrum и Kanban", "Agile: Scrum and Kanban", ("management", "it")),
    ("product-management", "Управление продуктом", "Product management", ("management",)),
    ("people-management", "Управление командой", "People management", ("management",)),
    (
        "stakeholder-management",
        "Работа с заказчиками и стейкхолдерами",
        "Stakeholder management",
        ("management",),
    ),
    ("roadmapping", "Планирование и дорожные карты", "Planning and roadmaps", ("management",)),
    ("budgeting", "Бюджетирование", "Budgeting", ("management",)),
    ("unit-economics", "Юнит-экономика", "Unit economics", ("management", "marketing")),
    (
        "hiring",
        "Найм и собеседования кандидатов",
        "Hiring and interviewing candidates",
        ("management",),
    ),
    ("negotiation", "Переговоры", "Negotiation", ("management",)),
    ("risk-management", "Управление рисками", "Risk management", ("management",)),
    # The switch itself: every area needs these.
    ("career-switch-strategy", "Стратегия смены профессии", "Career switch strategy", ALL_AREAS),
    ("cv", "Резюме и сопроводительное письмо", "CV and cover letter", ALL_AREAS),
    ("portfolio", "Портфолио и пет-проекты", "Portfolio and side projects", ALL_AREAS),
    ("interview-preparation", "Подготовка к собеседованиям", "Interview preparation", ALL_AREAS),
    (
        "networking",
        "Нетворкинг и профессиональное сообщество",
        "Networking and professional community",
        ALL_AREAS,
    ),
]


def spoken_language_codes():
    # Django's catalogue of languages is data, not a model: safe in a migration.
    from django.conf.locale import LANG_INFO

    return sorted(
        code for code, info in LANG_INFO.items() if len(code) == 2 and "fallback" not in info
    )


def seed(apps, schema_editor):
    GoalArea = apps.get_model("accounts", "GoalArea")
    Skill = apps.get_model("accounts", "Skill")
    Language = apps.get_model("accounts", "Language")
    db = schema_editor.connection.alias

    areas = {}
    for position, (code, name_ru, name_en) in enumerate(GOAL_AREAS, start=1):
        areas[code] = GoalArea.objects.using(db).create(
            code=code, name_ru=name_ru, name_en=name_en, position=position
        )
    links = []
    for position, (code, name_ru, name_en, area_codes) in enumerate(SKILLS, start=1):
        skill = Skill.objects.using(db).create(
            code=code, name_ru=name_ru, name_en=name_en, position=position
        )
        links += [
            Skill.goal_areas.through(skill_id=skill.pk, goalarea_id=areas[area].pk)
            for area in area_codes
        ]
    Skill.goal_areas.through.objects.using(db).bulk_create(links)
    Language.objects.using(db).bulk_create(
        [Language(code=code) for code in spoken_language_codes()], ignore_conflicts=True
    )


def unseed(apps, schema_editor):
    GoalArea = apps.get_model("accounts", "GoalArea")
    Skill = apps.get_model("accounts", "Skill")
    Language = apps.get_model("accounts", "Language")
    db = schema_editor.connection.alias

    Skill.objects.using(db).filter(code__in=[row[0] for row in SKILLS]).delete()
    GoalArea.objects.using(db).filter(code__in=[row[0] for row in GOAL_AREAS]).delete()
    Language.objects.using(db).filter(code__in=spoken_language_codes()).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_profiles"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
