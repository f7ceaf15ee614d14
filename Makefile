# The two commands a newcomer needs: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app lms
PORT ?= 5000
PIP_FLAGS ?= --quiet --disable-pip-version-check

.PHONY: run test test-postgres bench lint format translations extract-messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install $(PIP_FLAGS) -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install $(PIP_FLAGS) -e ".[dev]"
	touch $@ $(VENV)/.installed

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d lms/translations

## run: install, migrate, load demo data on the first start, serve http://127.0.0.1:$(PORT)
run: $(VENV)/.installed translations
	$(FLASK) db upgrade
	$(FLASK) seed
	@if [ ! -f instance/.demo-loaded ]; then $(FLASK) seed-demo && mkdir -p instance && touch instance/.demo-loaded; fi
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

## test: every test, browser tests included (SQLite; TEST_DATABASE_URL=postgresql://... for PostgreSQL)
test: $(VENV)/.installed-dev translations
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-dev translations
	$(BIN)/python -m bench.run

lint: $(VENV)/.installed-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## extract-messages: refresh the catalogue after changing user-facing text, then translate zh_CN
extract-messages: $(VENV)/.installed-dev
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ --no-location --sort-output --ignore-dirs ".* .venv tests bench migrations instance" -o lms/translations/messages.pot .
	$(BIN)/pybabel update -i lms/translations/messages.pot -d lms/translations --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
