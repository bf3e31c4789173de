"""The Celery adapter: the queue in front of ``judge``.

:mod:`workers.queue` is the contract the API sends by (task names, queues, the progress's Redis
names); :mod:`workers.runtime` is the worker that runs the tasks; :mod:`workers.app` is the entry
module for ``celery -A workers.app worker``.
"""
