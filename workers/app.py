"""Entry module: ``celery -A workers.app worker -Q cpu,gpu``."""

from workers import create_celery

app = create_celery()
