"""Demo people for `make run`, and large synthetic sets for benchmarks.

    manage.py seed_demo                    # the demo people; running it again refreshes them
    manage.py seed_demo --if-empty         # the same, but only while no mentor exists
    manage.py seed_demo --mentors 20000 --mentees 80000   # synthetic benchmark people

A thin adapter: demo/load.py and demo/synthetic.py do the work.
"""

import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.data.logins import DEMO_BOTH, DEMO_COORDINATOR, DEMO_MENTEE, DEMO_MENTOR, DEMO_PASSWORD
from demo.data.programme import PROGRAMME_NAME
from demo.data.synthetic import BENCH_EMAIL
from demo.load import DemoSeeded, demo_seed, people_present
from demo.synthetic import synthetic_seed
from demo.synthetic_people import TaxonomyMissing


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
        if options["if_empty"] and people_present():
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
            self._demo_written(demo_seed(password_hash=password_hash))
        else:
            self._synthetic(options, password_hash)

    def _demo_written(self, seeded: DemoSeeded) -> None:
        lifecycle, programme = seeded.lifecycle, seeded.programme
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo people ready: {seeded.mentors} mentors, {seeded.mentees} mentees, "
                f"{seeded.suggestions} suggestions."
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

    def _synthetic(self, options: dict, password_hash: str) -> None:
        wanted = {role: options[f"{role}s"] or 0 for role in ("mentor", "mentee")}
        started = time.perf_counter()
        try:
            created, rows = synthetic_seed(
                mentors=wanted["mentor"],
                mentees=wanted["mentee"],
                seed=options["seed"],
                chunk=options["chunk"],
                password_hash=password_hash,
            )
        except TaxonomyMissing as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        for role, count in wanted.items():
            if count > created[role]:
                self.stdout.write(f"{count - created[role]} bench {role}s already existed.")
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
