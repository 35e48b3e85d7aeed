"""Checks of the project's own files: compose file, translations."""

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

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


@pytest.mark.parametrize("po_path", sorted(ROOT.glob("locale/*/LC_MESSAGES/django.po")), ids=str)
def test_every_message_is_translated(po_path):
    catalogue = polib.pofile(str(po_path))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not missing, f"untranslated in {po_path}: {missing[:10]}"
    assert not fuzzy, f"fuzzy in {po_path}: {fuzzy[:10]}"


def test_english_catalogue_exists():
    assert (ROOT / "locale/en/LC_MESSAGES/django.po").exists()
