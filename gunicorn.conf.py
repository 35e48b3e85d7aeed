"""gunicorn's settings for every deployment: docker-compose runs it, bench/api.py measures it.

gunicorn also reads this file by itself when started from the repository root.
The command line wins over it (`--bind`, `--workers`), and so does GUNICORN_CMD_ARGS.

Why gthread: the sync worker closes the connection after every answer, so each
request of a client (a browser, an application, a proxy that keeps connections
to the backend) pays a new TCP connection and a new accept in the worker. The
gthread worker keeps the connection open between requests (`keepalive`
seconds) and otherwise handles a request as the sync worker does. bench/api.py
measured both, with 1, 2 and 4 threads (README, "Deployment").
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# gunicorn itself reads WEB_CONCURRENCY as the default number of worker processes.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
# Threads per process. A kept-alive connection stays with the process that took
# it, so with one thread a request can wait behind another connection's while
# other processes idle; four serve four connections at once. Each thread keeps
# its own database connection (DB_CONN_MAX_AGE): workers x threads of them.
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Seconds an idle kept-alive connection stays open; a proxy in front should keep
# its own idle timeout below this.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# A request still running after this is killed with its worker (as before: gunicorn's default).
timeout = 30
graceful_timeout = 30
