import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, close_old_connections

from opvangnet.placement.services import release_expired_holds

log = logging.getLogger("opvangnet.placement.holds")


class Command(BaseCommand):
    help = (
        "Give back every held place whose hold time is over and reopen its request. Once, or with --every "
        "SECONDS as a sweep that keeps running (opvangnet serve starts one beside the web server)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=float,
            metavar="SECONDS",
            help="keep sweeping, this many seconds apart, until stopped",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        every = options["every"]
        if every is None:
            self.stdout.write(f"Released {release_expired_holds()} expired hold(s).")
            return
        if every <= 0:
            raise CommandError("--every needs a number of seconds above 0.")
        while True:
            close_old_connections()  # a connection the database dropped since the last sweep is replaced
            try:
                released = release_expired_holds()
            except DatabaseError:
                # The database may be restarting: say so and try again at the next sweep.
                log.exception("sweeping expired holds failed; trying again in %s s", every)
            else:
                if released:
                    log.info("released %s expired hold(s)", released)
            time.sleep(every)
