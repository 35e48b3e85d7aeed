# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Test processes (pytest-xdist): much of the suite waits on workers, servers and the
# browser, so two processes finish well under the 15 minutes even on two cores.
# `--dist load` hands each process its tests in pytest-django's order (tests in a
# rolled-back transaction before transactional ones, which empty the tables).
TEST_PROCESSES ?= 2
# Debian packages the tests need: the browser for Playwright and docker-compose
# to validate the compose file.
TEST_SYSTEM_PACKAGES := chromium:chromium docker-compose:docker-compose
# and the load generator of bench/api.py.
BENCH_SYSTEM_PACKAGES := wrk:wrk
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test lint format worker beat bench install translations system-packages \
	bench-system-packages clean mutate

run: install translations
	$(BIN)/python manage.py migrate --noinput
	@if $(BIN)/python manage.py help seed_demo >/dev/null 2>&1; then \
		$(BIN)/python manage.py seed_demo --if-empty; fi
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: system-packages install translations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest -n $(TEST_PROCESSES) --dist load

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

translations: install $(MO_FILES)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	$(BIN)/python manage.py compile_translations

# Installs what the tests (or the benchmarks) need from Debian when run as root
# (as on CI); otherwise says in one line what to install.
system-packages: PACKAGES := $(TEST_SYSTEM_PACKAGES)
bench-system-packages: PACKAGES := $(BENCH_SYSTEM_PACKAGES)
system-packages bench-system-packages:
	@missing=""; \
	for pair in $(PACKAGES); do \
		command -v "$${pair%%:*}" >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing system packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing >/dev/null; \
		else \
			echo "Missing system packages for $@; install them first: sudo apt-get install$$missing"; \
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

# Every bench/*.py except helpers named _*.py; they need PostgreSQL and Redis like the tests,
# and bench/api.py Redis and wrk too. Every script runs; the target fails at the end
# when any of them missed a floor.
bench: bench-system-packages install translations
	@failed=""; for script in bench/[!_]*.py; do echo "== $$script"; \
		$(BIN)/python $$script || failed="$$failed $$script"; done; \
	if [ -n "$$failed" ]; then echo "missed a floor:$$failed"; exit 1; fi

# Mutation testing of the guards' modules (mutmut 3, [tool.mutmut] in pyproject.toml;
# README, Tests), not part of `make test`. Run it module by module:
#     make mutate MODULE=matching/suggestions.py
# which mutates that module only and runs only the test files that cover it (listed
# below; tests/conftest.py deselects the others when MUTATE_TESTS is set). Without
# MODULE all five modules are mutated (2,489 mutants) against every covering test,
# pages and API included: on a shared 2-core machine its first 362 mutants took
# 13 minutes after 36 minutes of setup (stats and a clean run of 634 tests under
# `nice -n 19`), and the rest, each covered by up to 200 tests, take many hours.
# - mutmut copies the apps, templates, locale and static files into mutants/ (ignored
#   by git) and runs pytest there, without the browser (e2e) and real-worker tests.
#   mutants/ keeps mutmut's results and test map between runs; delete it to start over.
# - The runs use one test database of their own (MUTATE_DATABASE_URL), created afresh
#   here (--create-db) and then reused by each mutant's pytest (--reuse-db), so mutants
#   run one at a time (MUTATE_CHILDREN=1): children running at once would share that
#   database and flush each other's tables.
# - Survivors: `$(BIN)/mutmut results`; one of them: `$(BIN)/mutmut show <name>`.
MUTATE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/mutmut
MUTATE_CACHE_URL ?= redis://127.0.0.1:6379/15
MUTATE_CELERY_QUEUE ?= mutmut-tests
MUTATE_CHILDREN ?= 1
MODULE ?=
MUTATE_TESTS_matching/services.py := tests/matching/test_services.py \
	tests/matching/test_request_guards.py tests/matching/test_concurrency.py \
	tests/matching/test_track_record.py
MUTATE_TESTS_mentorship/matches.py := tests/matching/test_services.py \
	tests/matching/test_request_guards.py tests/matching/test_concurrency.py \
	tests/api/test_matches.py
MUTATE_TESTS_matching/suggestions.py := tests/matching/test_suggestions.py \
	tests/matching/test_guards.py tests/matching/test_services.py \
	tests/matching/test_concurrency.py
MUTATE_TESTS_mentorship/services.py := tests/mentorship/test_lifecycle.py \
	tests/mentorship/test_races.py tests/mentorship/test_guards.py \
	tests/mentorship/test_privacy.py
MUTATE_TESTS_programmes/services.py := tests/programmes tests/api/test_programmes.py
MUTATE_TESTS_programmes/draft_scores.py := tests/programmes tests/api/test_programme_matches.py
MUTATE_TESTS_programmes/runs.py := tests/programmes/test_runs.py tests/programmes/test_guards.py
MUTATE_ENV = DATABASE_URL=$(MUTATE_DATABASE_URL) CACHE_URL=$(MUTATE_CACHE_URL) \
	CELERY_QUEUE=$(MUTATE_CELERY_QUEUE)
mutate: install translations
	@if [ -n "$(MODULE)" ] && [ -z "$(MUTATE_TESTS_$(MODULE))" ]; then \
		echo "MODULE is one of: matching/services.py mentorship/matches.py matching/suggestions.py" \
			"mentorship/services.py programmes/services.py programmes/runs.py programmes/draft_scores.py"; exit 2; fi
	$(MUTATE_ENV) $(BIN)/pytest -q --create-db -p no:cacheprovider tests/matching/test_guards.py
	$(MUTATE_ENV) MUTATE_TESTS="$(MUTATE_TESTS_$(MODULE))" nice -n 19 $(BIN)/mutmut run --max-children $(MUTATE_CHILDREN) \
		$(if $(MODULE),"$(subst /,.,$(MODULE:.py=)).*")

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache mutants
