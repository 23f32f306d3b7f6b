"""The jobs both front ends call: each ``run_*`` in its own module (``addin.jobs.run``, ...).

This face hands on no names on purpose: importing one job must not import every job. With
them all re-exported here, ``intake validate`` and each button loaded SQLAlchemy, the mail
and the follow-ups (~0.6 s of ``python -X importtime``; ``benchmarks/startup_bench.py``), so
callers import the job's module: ``from addin.jobs.validate import run_validate``.
"""

__all__ = []
