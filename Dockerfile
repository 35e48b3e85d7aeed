# One image for web, worker and beat; compose chooses the command.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --create-home --uid 1000 app

COPY pyproject.toml README.md ./
COPY mentorship ./mentorship
COPY accounts ./accounts
COPY matching ./matching
RUN pip install .

COPY . .
# collectstatic needs settings, not secrets: a throwaway key for the build only.
RUN DEBUG=0 SECRET_KEY=build-only REDIS_URL=redis://build-only python manage.py collectstatic --noinput \
    && python manage.py compile_translations \
    && chown -R app:app /app
USER app

EXPOSE 8000
CMD ["gunicorn", "mentorship.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
