"""gunicorn's settings for every deployment: docker-compose runs it, bench/api.py measures it.

gunicorn also reads this file by itself when started from the repository root.
The command line wins over it (`--bind`, `--workers`), and so does GUNICORN_CMD_ARGS.

Why sync workers, not gthread with keep-alive: the sync worker closes the
connection after every answer, so each request pays a new TCP connection; the
gthread worker keeps it. Measured with bench/api.py (4 processes, wrk -c8,
2026-12-04, final code, load average 4-6 from other work), the connection
costs little next to a request's Python: /api/v1/me/ sync 765-892 req/s
(p95 13-18 ms), gthread x 1 thread 942 (p95 18), x 4 threads 582-839 (p95
24-28, p99 up to 62). Under heavy load (7-13) gthread served more but its
tails were worse: a kept connection waits behind the other connections of its
process while other processes idle (p95 0.9-2.8 s seen). The floors ask p95 <=
60 ms, so sync. GUNICORN_CMD_ARGS="--worker-class gthread --threads 4" measures
the other way with the same bench (README, "The full stack").
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# gunicorn itself reads WEB_CONCURRENCY as the default number of worker processes.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "sync"
# More than one thread turns gunicorn's sync worker into gthread (see above).
threads = 1
# A request still running after this is killed with its worker (gunicorn's default).
timeout = 30
graceful_timeout = 30
