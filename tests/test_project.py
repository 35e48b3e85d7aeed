"""Checks of the project's own files: compose file, translations, migrations."""

import shutil
import subprocess
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def test_docker_compose_file_is_valid():
    compose = shutil.which("docker-compose")
    assert compose, "Debian's docker-compose package is needed (make test installs it)"
    result = subprocess.run(
        [compose, "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_every_message_has_an_english_translation():
    catalogue = polib.pofile(str(ROOT / "locale/en/LC_MESSAGES/django.po"))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not missing, f"untranslated: {missing[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"


def test_every_russian_plural_has_all_its_forms():
    # Russian is the source language; only plurals need a catalogue entry (один, два, пять).
    catalogue = polib.pofile(str(ROOT / "locale/ru/LC_MESSAGES/django.po"))
    plurals = [entry for entry in catalogue if entry.msgid_plural and not entry.obsolete]
    incomplete = [e.msgid for e in plurals if not all(e.msgstr_plural.values()) or e.fuzzy]
    assert plurals
    assert not incomplete, f"Russian plural forms missing: {incomplete}"


def test_every_model_change_has_its_migration(db):
    from django.core.management import call_command

    # Exits with an error (SystemExit) and names the app when a migration is missing.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
