"""Run the app under uvicorn with N worker processes, each building its own clients and models.

Workers are separate interpreters started from the import string `assistant.app:create_app`, so
they read the same environment: the `serve` options are passed on through it (HOST, PORT), and
with several workers their metrics meet in one PROMETHEUS_MULTIPROC_DIR.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from assistant.observability.logs import log_config
from assistant.observability.metrics import MULTIPROC_ENV
from assistant.settings import Settings

APP_FACTORY = "assistant.app:create_app"
WORKER_HEALTHCHECK_SECONDS = 60


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _metrics_folder() -> Path | None:
    """A fresh shared folder for the workers' metric files; None if the operator named one."""
    given = os.environ.get(MULTIPROC_ENV)
    if given:
        folder = Path(given)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.db"):  # values of an earlier run must not be added in
            stale.unlink()
        return None
    folder = Path(tempfile.mkdtemp(prefix="review-assistant-metrics-"))
    os.environ[MULTIPROC_ENV] = str(folder)
    return folder


def run_server(settings: Settings, workers: int) -> None:
    """Serve until stopped; `workers` processes share the listening socket."""
    import uvicorn

    os.environ["HOST"], os.environ["PORT"] = settings.host, str(settings.port)
    owned = _metrics_folder() if workers > 1 or os.environ.get(MULTIPROC_ENV) else None
    try:
        uvicorn.run(
            APP_FACTORY,
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=workers,
            log_config=log_config(settings.log_level),
            access_log=False,  # the request middleware logs each request with its id
            # X-Forwarded-* are believed by the app itself, only from FORWARDED_ALLOW_IPS
            # (assistant/security/proxies.py); uvicorn's own default trusts any local peer.
            proxy_headers=False,
            timeout_graceful_shutdown=10,
            # uvicorn kills a worker whose health-check thread has not answered in time; a busy
            # worker (every core answering) can miss uvicorn's 5 s, and a killed worker drops its
            # requests in flight, then reloads its models on a machine that is already saturated.
            timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
        )
    finally:
        if owned is not None:
            shutil.rmtree(owned, ignore_errors=True)
