"""gunicorn hooks for `opvangnet serve`: start the background task worker beside the web workers and stop it
with them, so one command runs the whole site. Off with OPVANGNET_TASK_WORKER=0 (workers run elsewhere)."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

_worker: subprocess.Popen[bytes] | None = None


def when_ready(server: Any) -> None:
    global _worker
    if os.environ.get("OPVANGNET_TASK_WORKER", "1").lower() in ("0", "false", "no", "off"):
        return
    # Our own interpreter and entry point, arguments fixed here: nothing comes from outside.
    _worker = subprocess.Popen(
        [sys.executable, "-m", "opvangnet.cli", "db_worker", "--queue-name", "default"]
    )
    server.log.info("task worker started (pid %s)", _worker.pid)


def on_exit(server: Any) -> None:
    if _worker is not None and _worker.poll() is None:
        _worker.terminate()
        try:
            _worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _worker.kill()
