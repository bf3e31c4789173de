"""The judge's core: challenges, the runner protocol, the sandbox, checking, verdicts, storage.

Layering rule: nothing under ``judge/`` imports Flask or Celery. ``api/`` and ``workers/`` adapt
this core to HTTP and to the queue; ``judge/runner/`` runs inside the container and imports nothing
from the rest of ``judge`` (standard library and NumPy only). See ``judge/README.md``.
"""

__version__ = "0.1.0"
