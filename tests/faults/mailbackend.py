"""A mail backend for the worker-crash tests: delivers to a file, and can hold a send.

Mail "delivered" is a line in `$KETENWERK_FAULTS_MAIL_DIR/sent.log`, so the test counts
deliveries made in another process. Every send first appends "<pid> <time>" to `started.log`;
while the file `gate` exists it then waits for `release`, which makes "kill the worker in the
middle of the task" deterministic: the test kills the process whose pid it just read.
"""

import os
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class GatedFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(os.environ["KETENWERK_FAULTS_MAIL_DIR"])
        with open(folder / "started.log", "a") as started:
            started.write(f"{os.getpid()} {time.time()}\n")
        if (folder / "gate").exists():
            deadline = time.monotonic() + 120
            while not (folder / "release").exists() and time.monotonic() < deadline:
                time.sleep(0.05)
        with open(folder / "sent.log", "a") as sent:
            for message in email_messages:
                sent.write(f"{message.to[0]}\t{message.subject}\n")
        return len(email_messages)
