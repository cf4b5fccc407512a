import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

ACCESS_LOG_JSON = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "bytes": "%(B)s", "seconds": %(L)s}'
)
ACCESS_LOG_TEXT = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(L)ss'


class Command(BaseCommand):
    help = "Serve Opvangnet with gunicorn (static files through WhiteNoise) and its background task worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("OPVANGNET_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))

    def handle(self, *args: Any, **options: Any) -> None:
        # Replace this process by gunicorn so signals (Ctrl-C, SIGTERM) reach the server directly.
        arguments = [
            sys.executable,
            "-m",
            "gunicorn",
            "opvangnet.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--access-logfile",
            "-",
            # Starts and stops the background task worker (planning scenarios) with the server.
            "--config",
            "python:opvangnet.core.gunicorn_hooks",
            # The path without its query string (which can hold a person's needs), and no client address.
            "--access-logformat",
            ACCESS_LOG_JSON if settings.LOG_FORMAT == "json" else ACCESS_LOG_TEXT,
        ]
        os.execv(sys.executable, arguments)  # noqa: S606 - our own interpreter, arguments from our own options
