"""All the demo people: the mentors, the mentees, and Кирилл, who is both."""

from accounts.models import Background, Stage
from demo.data.logins import DEMO_BOTH
from demo.data.mentees import DEMO_MENTEES
from demo.data.mentors import DEMO_MENTORS
from demo.data.shapes import CHAT, MON, SAT, VIDEO, WED, DemoMentee, DemoMentor, DemoPerson, slots

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
