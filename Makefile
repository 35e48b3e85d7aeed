# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Debian packages the tests need: the browser for Playwright and docker-compose
# to validate the compose file.
TEST_SYSTEM_PACKAGES := chromium:chromium docker-compose:docker-compose
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test lint format worker beat bench install translations system-packages clean

run: install translations
	$(BIN)/python manage.py migrate --noinput
	@if $(BIN)/python manage.py help seed_demo >/dev/null 2>&1; then \
		$(BIN)/python manage.py seed_demo --if-empty; fi
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: system-packages install translations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

translations: install $(MO_FILES)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	$(BIN)/python manage.py compile_translations

# Installs what the tests need from Debian when run as root (as on CI);
# otherwise says in one line what to install.
system-packages:
	@missing=""; \
	for pair in $(TEST_SYSTEM_PACKAGES); do \
		command -v "$${pair%%:*}" >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing system packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing >/dev/null; \
		else \
			echo "Missing system packages for the tests; install them first: sudo apt-get install$$missing"; \
			exit 1; \
		fi; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: install translations
	$(BIN)/celery -A mentorship worker --loglevel=info

beat: install
	$(BIN)/celery -A mentorship beat --loglevel=info

# Every bench/*.py except helpers named _*.py; they need PostgreSQL like the tests.
bench: install
	@for script in bench/[!_]*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
