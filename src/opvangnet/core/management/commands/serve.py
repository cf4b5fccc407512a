import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from opvangnet.core.env import env_str
from opvangnet.core.ports import DEFAULT_BIND, port_in_use, port_in_use_message, with_port

ACCESS_LOG_JSON = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "bytes": "%(B)s", "seconds": %(L)s}'
)
ACCESS_LOG_TEXT = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(L)ss'


class Command(BaseCommand):
    help = (
        "Serve Opvangnet with gunicorn (static files through WhiteNoise) and its background task worker: "
        "WEB_CONCURRENCY worker processes with OPVANGNET_THREADS threads each (see docs/configuration.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind", default=env_str("OPVANGNET_BIND", DEFAULT_BIND), help="address:port (OPVANGNET_BIND)"
        )
        parser.add_argument("--port", type=int, help="serve on this port of the address of --bind")
        parser.add_argument("--workers", type=int, default=settings.SERVE_WORKERS, help="worker processes")
        parser.add_argument("--threads", type=int, default=settings.SERVE_THREADS, help="threads per worker")
        parser.add_argument(
            "--timeout",
            type=int,
            default=settings.SERVE_TIMEOUT,
            help="seconds before a stuck worker restarts",
        )
        parser.add_argument(
            "--keep-alive",
            type=int,
            default=settings.SERVE_KEEPALIVE,
            help="seconds an idle connection stays open",
        )
        parser.add_argument("--no-access-log", action="store_true", help="do not log every request")

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("port"):
            options["bind"] = with_port(options["bind"], options["port"])
        if port_in_use(options["bind"]):
            raise CommandError(port_in_use_message(options["bind"]))
        arguments = [
            sys.executable,
            "-m",
            "gunicorn",
            "opvangnet.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--timeout",
            str(options["timeout"]),
            "--keep-alive",
            str(options["keep_alive"]),
            # Starts and stops the background task worker (planning scenarios) with the server.
            "--config",
            "python:opvangnet.core.gunicorn_hooks",
        ]
        if not options["no_access_log"]:
            # The path without its query string (which can hold a person's needs), and no client address.
            access_format = ACCESS_LOG_JSON if settings.LOG_FORMAT == "json" else ACCESS_LOG_TEXT
            arguments += ["--access-logfile", "-", "--access-logformat", access_format]
        # Replace this process by gunicorn so signals (Ctrl-C, SIGTERM) reach the server directly.
        os.execv(sys.executable, arguments)  # noqa: S606 - our own interpreter, arguments from our own options
