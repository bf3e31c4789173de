"""Entry module: ``celery -A workers.app worker -Q cpu,gpu``."""

from workers.runtime import create_worker

app = create_worker()
