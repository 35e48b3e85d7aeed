"""The addresses and the one password printed for everyone to sign in with."""

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed for everyone on purpose
CONSENT_VERSION = "2026-11"
DOMAIN = "demo.nastavnik.local"


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DOMAIN}"


DEMO_MENTEE = demo_email("mentee")
DEMO_MENTOR = demo_email("mentor")
DEMO_BOTH = demo_email("both")
DEMO_COORDINATOR = demo_email("coordinator")
