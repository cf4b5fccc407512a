"""The tasks framework's own database worker, run in this process: the code path of `opvangnet db_worker`."""

from __future__ import annotations

from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker


def _worker(batch: bool) -> Worker:
    return Worker(
        queue_names=["default"],
        interval=0.1,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


def run_queued_tasks() -> None:
    """Run every task that is ready, then return (the worker's batch mode).

    The worker closes "old" database connections between tasks, which on PostgreSQL closes the connection
    that holds the test's transaction; like Django's test client between requests, it is kept open here.
    """
    closing = db_worker.close_old_connections
    db_worker.close_old_connections = lambda **kwargs: None
    try:
        _worker(batch=True).run()
    finally:
        db_worker.close_old_connections = closing
