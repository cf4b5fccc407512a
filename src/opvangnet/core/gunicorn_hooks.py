"""gunicorn hooks for `opvangnet serve`: start the background processes beside the web workers and stop them
with them, so one command runs the whole site:

- the task worker (`opvangnet db_worker`), off with OPVANGNET_TASK_WORKER=0 (workers run elsewhere);
- the sweep that gives back places whose hold is over (`opvangnet expire-holds --every N`), every
  OPVANGNET_HOLD_SWEEP_SECONDS (0: off, run `expire-holds` from cron instead).
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.conf import settings

_processes: list[subprocess.Popen[bytes]] = []


def background_commands() -> list[list[str]]:
    """The `opvangnet` commands to run beside the web server, as the settings ask."""
    commands = []
    if settings.TASK_WORKER:
        commands.append(["db_worker", "--queue-name", "default"])
    if settings.HOLD_SWEEP_SECONDS > 0:
        commands.append(["expire-holds", "--every", str(settings.HOLD_SWEEP_SECONDS)])
    return commands


def when_ready(server: Any) -> None:
    for command in background_commands():
        # Our own interpreter and entry point, arguments fixed here: nothing comes from outside.
        process = subprocess.Popen([sys.executable, "-m", "opvangnet.cli", *command])  # noqa: S603
        _processes.append(process)
        server.log.info("%s started (pid %s)", command[0], process.pid)


def on_exit(server: Any) -> None:
    for process in _processes:
        if process.poll() is None:
            process.terminate()
    for process in _processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
