"""A file e-mail backend that leaves a mark and waits before writing, so a test
can kill the worker in the middle of sending."""

import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        marks = Path(self.file_path) / "attempts"
        marks.mkdir(exist_ok=True)
        (marks / f"{os.getpid()}-{time.monotonic_ns()}").touch()
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "3")))
        return super().send_messages(email_messages)
