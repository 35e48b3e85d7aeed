"""The seeded checklist of each phase: keys (the API contract), titles and hints."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mentorship.models import ACTIVE_PHASES, Phase


@dataclass(frozen=True)
class Step:
    key: str
    phase: str
    title: Promise
    hint: Promise
    required: bool = True


STEPS = (
    Step("acquaintance_goals", Phase.INITIAL, _("Знакомство и цели"),
         _("Познакомьтесь и запишите, чего подопечный хочет добиться.")),
    Step("level_assessed", Phase.INITIAL, _("Текущий уровень оценён"),
         _("Разберите, что подопечный уже умеет и чего не хватает.")),
    Step("schedule_agreed", Phase.INITIAL, _("Договорились о графике и формате"),
         _("Как часто и в каком формате встречаетесь, где переписываетесь.")),
    Step("regular_meetings", Phase.MAIN, _("Регулярные встречи"),
         _("Встречи идут по договорённому графику.")),
    Step("tasks_done", Phase.MAIN, _("Задания и проекты"),
         _("Подопечный выполняет задания между встречами, есть проекты в портфолио.")),
    Step("feedback_given", Phase.MAIN, _("Обратная связь"),
         _("Наставник регулярно разбирает работу подопечного.")),
    Step("goals_adjusted", Phase.MAIN, _("Цели уточнены"),
         _("Цели пересмотрены с учётом прогресса."), required=False),
    Step("results_evaluated", Phase.CLOSING, _("Результаты оценены"),
         _("Сравните, что получилось, с целями из начала.")),
    Step("next_steps_planned", Phase.CLOSING, _("План следующих шагов"),
         _("Что подопечный делает дальше сам.")),
    Step("keep_in_touch", Phase.CLOSING, _("Оставаться на связи"),
         _("Договоритесь, как держать связь после завершения."), required=False),
)  # fmt: skip
BY_KEY = {step.key: step for step in STEPS}
NEXT_PHASE = {Phase.INITIAL: Phase.MAIN, Phase.MAIN: Phase.CLOSING, Phase.CLOSING: Phase.COMPLETED}


def phases_reached(phase: str) -> tuple[str, ...]:
    """The phases whose steps can be ticked: the current one and those before it
    (every phase's, once the mentorship is over)."""
    if phase not in ACTIVE_PHASES:
        return ACTIVE_PHASES
    return ACTIVE_PHASES[: ACTIVE_PHASES.index(phase) + 1]


# A phase as a heading. The labels ("основной этап", "завершение") read well after
# "Сейчас:", but after "Этап" they would say it twice: headings are whole phrases.
PHASE_TITLES = {
    Phase.INITIAL: _("Начальный этап"),
    Phase.MAIN: _("Основной этап"),
    Phase.CLOSING: _("Этап завершения"),
}

# Advancing asks first: the question and its button, by the phase it leads to. Whole
# sentences, so that no phase name has to fit a case after a preposition.
ADVANCE_QUESTIONS = {
    Phase.MAIN: (
        _(
            "Перейти на основной этап? Вернуться к начальному будет нельзя, "
            "а этап сменится для вас обоих."
        ),
        _("Да, перейти на основной этап"),
    ),
    Phase.CLOSING: (
        _(
            "Перейти к завершению? Вернуться к основному этапу будет нельзя, "
            "а этап сменится для вас обоих."
        ),
        _("Да, перейти к завершению"),
    ),
}

# What a phase means, told to the pair when it begins.
PHASE_HINTS = {
    Phase.MAIN: _("Основной этап: регулярные встречи, задания между ними и обратная связь."),
    Phase.CLOSING: _(
        "Этап завершения: оцените результаты, наметьте следующие шаги и заполните итоговую оценку."
    ),
    Phase.COMPLETED: _("Наставничество завершено. Спасибо! Итоги остаются на странице пары."),
}
