"""The outbox worker's loop: send what is due, wait, and ride out database outages.

Run as `manage.py send_emails`, one or more per machine, on any number of machines sharing
the database. A lost database (a restart, a network cut, a failover) is waited out with a
growing pause and reconnected: one WARNING when it goes, one when it is back, never a
traceback per poll. SIGTERM or SIGINT stop it after the email in hand.
"""

import logging
import signal
import threading
from types import FrameType

from django.db import close_old_connections, connections

from intake import outbox

logger = logging.getLogger("intake.outbox")

MAX_OUTAGE_PAUSE_SECONDS = 10.0


class Worker:
    def __init__(self, *, poll_seconds: float, name: str | None = None) -> None:
        self.poll_seconds = poll_seconds
        self.name = name or outbox.worker_name()
        self.stopping = threading.Event()

    def stop(self, signum: int | None = None, frame: FrameType | None = None) -> None:
        self.stopping.set()

    def install_signal_handlers(self) -> None:
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, self.stop)

    def run(self, *, until_idle: bool = False) -> int:
        """Send until stopped (or, with until_idle, until nothing is due). Returns how many were handled."""
        logger.info("Email worker %s started", self.name)
        handled = 0
        pause = 0.5
        while not self.stopping.is_set():
            try:
                close_old_connections()
                worked = outbox.deliver_next(self.name)
            except outbox.DATABASE_UNAVAILABLE as error:
                outbox.outage.lost(error)
                connections.close_all()
                self.stopping.wait(pause)
                pause = min(pause * 2, MAX_OUTAGE_PAUSE_SECONDS)
                continue
            outbox.outage.answered()
            pause = 0.5
            if worked:
                handled += 1
            elif until_idle:
                break
            else:
                self.stopping.wait(self.poll_seconds)
        connections.close_all()
        logger.info("Email worker %s stopped", self.name)
        return handled
