"""Checks of the project's own files: compose file, translations, migrations."""

import os
import shutil
import subprocess
import sys
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


# What makemessages reads: the apps, the templates and the project package.
SOURCES = ["core", "accounts", "matching", "mentorship", "programmes", "demo", "templates"]


def test_every_message_in_the_code_is_in_the_english_catalogue(tmp_path):
    """The catalogue can lack a message entirely (a string added without running
    makemessages): English pages would show it in Russian. Extract the messages
    from a copy of the sources, as `manage.py makemessages` does, and compare."""
    for name in SOURCES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", tmp_path)
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-location"],
        cwd=tmp_path,
        env={
            **os.environ,
            "PYTHONPATH": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "mentorship.settings",
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    catalogue = polib.pofile(str(tmp_path / "locale/en/LC_MESSAGES/django.po"))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]  # guessed from a near one
    assert not missing, f"not in the English catalogue: {missing[:10]}"
    assert not fuzzy, f"not in the English catalogue (makemessages guessed): {fuzzy[:10]}"


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
