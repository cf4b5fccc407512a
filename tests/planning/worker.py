"""The tasks framework's own database worker, run in this process: the code path of `opvangnet db_worker`."""

from __future__ import annotations

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
    """Run every task that is ready, then return (the worker's batch mode)."""
    _worker(batch=True).run()
