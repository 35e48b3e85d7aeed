from collections.abc import Iterable
from functools import cache

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import connection, models
from django.db.models.functions import Lower
from django.utils import timezone as django_timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.languages import LISTED_AS, language_name
from accounts.timezones import timezone_label, validate_timezone

# How many background colours the initials shown without a photo take turns on
# (the classes avatar-c0 … avatar-c7 in static/css/app.css).
AVATAR_COLOURS = 8


# The roles a person may hold, in the order _roles_sql answers them.
ROLES_HELD = ("mentee", "mentor", "coordinator")


def roles_held_sql(quote, person: str) -> list[str]:
    """For each of ROLES_HELD in order, an SQL test whether `person` (an SQL expression
    of a user's id: a parameter, or a joined column) holds it. `quote` is the
    connection's ops.quote_name. Written from the models' own names, no value in it."""
    # Coordinating lives in a higher app (programmes), which accounts never imports.
    holders = [MenteeProfile, MentorProfile, User._meta.get_field("coordinated").related_model]
    return [
        f"EXISTS (SELECT 1 FROM {quote(model._meta.db_table)} holder "  # noqa: S608 - models' names
        f"WHERE holder.{quote(model._meta.get_field('user').column)} = {person})"
        for model in holders
    ]


@cache
def _roles_sql() -> str:
    """One row: whether the person (the same id, thrice) holds each of ROLES_HELD."""
    return f"SELECT {', '.join(roles_held_sql(connection.ops.quote_name, '%s'))}"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. E-mail is the login; one person may be mentee, mentor and coordinator."""

    email = models.EmailField(_("e-mail"), max_length=254, unique=True)
    full_name = models.CharField(_("имя и фамилия"), max_length=150)
    timezone = models.CharField(
        _("часовой пояс"),
        max_length=64,
        default=settings.DEFAULT_USER_TIMEZONE,
        validators=[validate_timezone],
    )
    # The language of letters; the pages follow the switcher (and save it here).
    language = models.CharField(
        _("язык писем"), max_length=8, choices=settings.LANGUAGES, default="ru"
    )
    is_active = models.BooleanField(_("активен"), default=True)
    is_staff = models.BooleanField(_("сотрудник"), default=False)
    date_joined = models.DateTimeField(_("дата регистрации"), default=django_timezone.now)
    # Claimed with a conditional UPDATE so a task run twice sends one letter.
    welcome_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The secret of the person's calendar subscription address (mentorship.calendar);
    # empty until first used, replaced when they ask for a new address.
    calendar_key = models.CharField(max_length=64, blank=True, editable=False)
    # The person's photo at 512 and 96 px, re-encoded by accounts.photos (which
    # alone writes these, and deletes the files with the account).
    photo = models.FileField(_("фото"), max_length=200, blank=True, editable=False)
    photo_small = models.FileField(max_length=200, blank=True, editable=False)
    # Set when the person opens the link of the confirmation letter (accounts.confirmation);
    # until then they may not send or accept a request, nor be found as a mentor.
    email_confirmed_at = models.DateTimeField(_("адрес подтверждён"), null=True, blank=True)
    # Confirmation letters asked for and sent: a letter is sent once, by the task run
    # that moves `sent` up to its number (a conditional UPDATE), however often it runs.
    confirmation_letters_asked = models.PositiveIntegerField(default=0, editable=False)
    confirmation_letters_sent = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def roles(self) -> list[str]:
        """The profiles this person holds, in the contract's order (a new list each time)."""
        return [role for role in ("mentee", "mentor") if self._held[role]]

    @property
    def is_coordinator(self) -> bool:
        """Coordinates at least one programme (a role that needs no profile)."""
        return self._held["coordinator"]

    @cached_property
    def _held(self) -> dict[str, bool]:
        # One query for all three, kept on this instance: request.user lives for one
        # request, in which the view, the navigation and the API all ask. The services
        # that add a profile or a programme call forget_roles(). Plain SQL: it is asked
        # on nearly every page, and the ORM building three EXISTS subqueries cost
        # several times the database's answer (a test compares it with the ORM's).
        if self.pk is None:
            return dict.fromkeys(ROLES_HELD, False)
        with connection.cursor() as cursor:
            cursor.execute(_roles_sql(), [self.pk] * len(ROLES_HELD))
            return dict(zip(ROLES_HELD, map(bool, cursor.fetchone()), strict=True))

    def forget_roles(self) -> None:
        self.__dict__.pop("_held", None)

    @property
    def initials(self) -> str:
        """What stands in for a photo: the first letters of the first two names."""
        letters = [word[0] for word in self.full_name.split() if word[:1].isalnum()][:2]
        return "".join(letters).upper() or "?"

    @property
    def avatar_colour(self) -> int:
        """One of AVATAR_COLOURS background colours, the same for a person everywhere."""
        return (self.pk or 0) % AVATAR_COLOURS

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class GoalArea(models.Model):
    """A field people switch into: IT, digital marketing, analytics, management."""

    code = models.SlugField(_("код"), max_length=40, unique=True)
    name_ru = models.CharField(_("название (рус.)"), max_length=100)
    name_en = models.CharField(_("название (англ.)"), max_length=100)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("направление")
        verbose_name_plural = _("направления")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_ru, self.name_en)


class Skill(models.Model):
    """A skill that matters in a career switch; some (a CV, a portfolio) serve several areas."""

    code = models.SlugField(_("код"), max_length=40, unique=True)
    name_ru = models.CharField(_("название (рус.)"), max_length=100)
    name_en = models.CharField(_("название (англ.)"), max_length=100)
    goal_areas = models.ManyToManyField(
        GoalArea, related_name="skills", verbose_name=_("направления")
    )
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("навык")
        verbose_name_plural = _("навыки")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_ru, self.name_en)


class LanguageQuerySet(models.QuerySet):
    def listed(self) -> "LanguageQuerySet":
        """The languages lists offer: each once (accounts.languages.LISTED_AS)."""
        return self.exclude(code__in=LISTED_AS)


class Language(models.Model):
    """A spoken language by its ISO 639-1 code; names come from Babel (accounts.languages)."""

    code = models.CharField(_("код ISO 639-1"), max_length=2, primary_key=True)

    objects = LanguageQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("язык")
        verbose_name_plural = _("языки")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return language_name(self.code)


class Format(models.IntegerChoices):
    """How a pair meets. Stored as a bit set so a profile can hold several."""

    VIDEO = 1, _("видеозвонок")
    CHAT = 2, _("переписка (асинхронно)")
    IN_PERSON = 4, _("лично")

    @classmethod
    def codes(cls) -> dict[str, "Format"]:
        return {member.name.lower(): member for member in cls}

    @classmethod
    def to_mask(cls, codes: "Iterable[str]") -> int:
        lookup = cls.codes()
        mask = 0
        for code in codes:
            mask |= lookup[code]
        return mask

    @classmethod
    def from_mask(cls, mask: int) -> list[str]:
        return [code for code, member in cls.codes().items() if mask & member]


class Stage(models.TextChoices):
    EXPLORING = "exploring", _("присматриваюсь к новой профессии")
    LEARNING = "learning", _("учусь")
    JOB_SEARCH = "job_search", _("ищу первую работу в новой профессии")
    FIRST_JOB = "first_job", _("работаю первый год в новой профессии")


class Background(models.TextChoices):
    """The field a person comes from; lets a mentee find someone who made the same switch."""

    EDUCATION = "education", _("образование")
    FINANCE = "finance", _("финансы и бухгалтерия")
    SALES = "sales", _("продажи и обслуживание клиентов")
    ENGINEERING = "engineering", _("инженерия и производство")
    HEALTHCARE = "healthcare", _("медицина")
    CREATIVE = "creative", _("творческие профессии и медиа")
    PUBLIC = "public", _("госслужба и НКО")
    LAW = "law", _("юриспруденция")
    LOGISTICS = "logistics", _("логистика и торговля")
    HOSPITALITY = "hospitality", _("гостиничное дело и общепит")
    MILITARY = "military", _("армия и силовые структуры")
    SCIENCE = "science", _("наука")
    IT = "it", _("IT")
    MARKETING = "marketing", _("маркетинг")
    ANALYTICS = "analytics", _("аналитика")
    MANAGEMENT = "management", _("управление")
    OTHER = "other", _("другое")


class ProfileQuerySet(models.QuerySet):
    def findable(self) -> "ProfileQuerySet":
        """Profiles others may find: an active account with a confirmed address."""
        return self.filter(user__is_active=True, user__email_confirmed_at__isnull=False)

    def offering_format(self, code: str) -> "ProfileQuerySet":
        bit = Format.codes()[code]
        return self.annotate(_format_bit=models.F("formats").bitand(int(bit))).filter(
            _format_bit__gt=0
        )


class Profile(models.Model):
    """What mentee and mentor profiles share: how and when a person can meet."""

    formats = models.PositiveSmallIntegerField(_("форматы"), default=int(Format.VIDEO))
    # Weekly slots in the profile's own zone: [{"weekday": 0..6, "start": "HH:MM", "end": "HH:MM"}].
    availability = models.JSONField(_("свободное время"), default=list, blank=True)
    timezone = models.CharField(
        _("часовой пояс"),
        max_length=64,
        default=settings.DEFAULT_USER_TIMEZONE,
        validators=[validate_timezone],
    )
    city = models.CharField(_("город"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def format_codes(self) -> list[str]:
        return Format.from_mask(self.formats)

    @property
    def timezone_label(self) -> str:
        """The zone as people read it on pages: «Екатеринбург (UTC+5)»."""
        return timezone_label(self.timezone)


class MenteeProfile(Profile):
    """Signing up as mentee. Its primary key is the person's user id."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, primary_key=True, related_name="mentee_profile"
    )
    goal_area = models.ForeignKey(
        GoalArea, on_delete=models.PROTECT, related_name="mentees", verbose_name=_("направление")
    )
    skills = models.ManyToManyField(
        Skill, related_name="mentees", blank=True, verbose_name=_("навыки, которые нужны")
    )
    current_role = models.CharField(_("кем работаете сейчас"), max_length=150)
    current_field = models.CharField(
        _("из какой сферы"), max_length=20, choices=Background.choices, blank=True
    )
    target_role = models.CharField(_("кем хотите стать"), max_length=150, blank=True)
    stage = models.CharField(_("этап перехода"), max_length=20, choices=Stage.choices)
    goals = models.TextField(_("цели"), max_length=4000)
    can_offer = models.TextField(_("что можете предложить взамен"), max_length=2000, blank=True)
    languages = models.ManyToManyField(Language, related_name="mentees", verbose_name=_("языки"))

    class Meta:
        verbose_name = _("профиль подопечного")
        verbose_name_plural = _("профили подопечных")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(formats__gt=0, formats__lte=7), name="mentee_formats_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(stage__in=Stage.values), name="mentee_stage_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class MentorProfile(Profile):
    """Registering as mentor. Its primary key is the person's user id."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, primary_key=True, related_name="mentor_profile"
    )
    goal_areas = models.ManyToManyField(
        GoalArea, related_name="mentors", verbose_name=_("направления")
    )
    skills = models.ManyToManyField(Skill, related_name="mentors", verbose_name=_("навыки"))
    headline = models.CharField(_("кратко о себе"), max_length=150)
    bio = models.TextField(_("о себе"), max_length=4000)
    years_experience = models.PositiveSmallIntegerField(_("лет опыта в профессии"))
    switched_from = models.CharField(
        _("из какой сферы пришли"), max_length=20, choices=Background.choices, blank=True
    )
    switched_from_role = models.CharField(_("кем работали раньше"), max_length=150, blank=True)
    switched_to = models.ForeignKey(
        GoalArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("в какое направление перешли"),
    )
    capacity = models.PositiveSmallIntegerField(_("сколько подопечных одновременно"), default=2)
    accepting_mentees = models.BooleanField(_("принимаю новых подопечных"), default=True)
    # Mentorships in progress. Changed only by a conditional UPDATE in the
    # services, and the CHECK below makes overselling impossible in the database.
    active_mentees = models.PositiveSmallIntegerField(
        _("подопечных сейчас"), default=0, editable=False
    )
    languages = models.ManyToManyField(Language, related_name="mentors", verbose_name=_("языки"))
    # Track record, recomputed from its sources by mentorship.track_record
    # whenever a rating, an evaluation or an answer to a request lands.
    rating_avg = models.FloatField(_("средняя оценка (байесовская)"), null=True, editable=False)
    rating_count = models.PositiveIntegerField(_("оценок"), default=0, editable=False)
    # How many mentees the published rating comes from: it is republished only
    # when that number moved by scoring.MIN_RATED_MENTEES (mentorship.track_record).
    rating_mentees = models.PositiveIntegerField(default=0, editable=False)
    responsiveness = models.FloatField(_("отзывчивость"), null=True, editable=False)
    track_record = models.FloatField(null=True, editable=False)
    # Of the mentees who answered a follow-up, the share now working in the field they
    # aimed at (Bayesian, published in steps by mentorship.outcome_record; issue 16).
    outcome_share = models.FloatField(null=True, editable=False)
    outcome_answers = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("профиль наставника")
        verbose_name_plural = _("профили наставников")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1, capacity__lte=20),
                name="mentor_capacity_1_to_20",
            ),
            models.CheckConstraint(
                condition=models.Q(formats__gt=0, formats__lte=7), name="mentor_formats_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(years_experience__lte=70), name="mentor_years_plausible"
            ),
            models.CheckConstraint(
                condition=models.Q(active_mentees__lte=models.F("capacity")),
                name="mentor_capacity_never_oversold",
                violation_error_message=_(
                    "Мест не может быть меньше, чем подопечных у вас сейчас."
                ),
            ),
        ]
        # The catalogue's order (accounts.selectors.public_mentors): its first page is
        # read from the index instead of sorting every mentor on each request.
        indexes = [
            models.Index(
                models.F("accepting_mentees").desc(),
                models.F("updated_at").desc(),
                "user",
                name="mentor_catalogue_order",
            )
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def free_places(self) -> int:
        return max(self.capacity - self.active_mentees, 0)

    @property
    def outcome_working(self) -> int | None:
        """N of "N of the M mentees who answered now work in their aimed field" (M is
        outcome_answers), from the published Bayesian share; None while unpublished."""
        if self.outcome_share is None or not self.outcome_answers:
            return None
        return round(self.outcome_share * self.outcome_answers)


class Consent(models.Model):
    """Consent to the processing of personal data (152-FZ): its own record, version and time."""

    class Kind(models.TextChoices):
        PERSONAL_DATA = "personal_data", _("обработка персональных данных")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.PERSONAL_DATA)
    version = models.CharField(max_length=20)
    given_at = models.DateTimeField(default=django_timezone.now)

    class Meta:
        verbose_name = _("согласие")
        verbose_name_plural = _("согласия")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "version"], name="consent_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} v{self.version}"


def localized(russian: str, english: str) -> str:
    """Picks the name for the active language; Russian is the default and the fallback."""
    return english if (get_language() or "ru").startswith("en") and english else russian
