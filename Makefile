# Japaguide — developer commands. `make run` and `make test` work on a fresh clone with no
# services and no keys (the embedded default).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
export FLASK_APP := wsgi:app

.PHONY: run test test-services e2e lint format worker scheduler migrate seed bench bench-chat eval-ai clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt setup.cfg pyproject.toml
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

## run: set up, migrate SQLite, load seed data, serve on http://127.0.0.1:$(PORT) (jobs inline)
run: install
	FLASK_DEBUG=1 $(BIN)/flask db upgrade
	FLASK_DEBUG=1 $(BIN)/flask seed
	FLASK_DEBUG=1 JOBS_MODE=inline $(BIN)/flask run --host 127.0.0.1 --port $(PORT) --no-reload

## test: the whole suite on the embedded default
test: install
	$(BIN)/pytest $(PYTEST_ARGS)

## test-services: the suite against PostgreSQL + Redis on 127.0.0.1 (with a real RQ worker)
test-services: install
	JAPAGUIDE_TEST_DATABASE_URL=$${JAPAGUIDE_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test} \
	JAPAGUIDE_TEST_REDIS_URL=$${JAPAGUIDE_TEST_REDIS_URL:-redis://127.0.0.1:6379/15} \
	$(BIN)/pytest $(PYTEST_ARGS)

## e2e: the production stack (gunicorn.conf.py + PostgreSQL + Redis + `flask worker`, full
## seed_data/) started on 127.0.0.1 and driven over HTTP; fails on any 5xx or contract break
e2e: install
	$(BIN)/pytest e2e $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check japaguide plugins tests e2e

format: install
	$(BIN)/ruff format japaguide plugins tests e2e
	$(BIN)/ruff check --fix .

worker: install
	$(BIN)/flask worker

scheduler: install
	$(BIN)/flask scheduler

migrate: install
	$(BIN)/flask db upgrade

seed: install
	$(BIN)/flask seed

## bench: 40 chats on a 3 s fake model vs /api/v1/health, on PostgreSQL + Redis (see README)
bench: install
	$(BIN)/python benchmarks/slow_model.py

## eval-ai: Japabot's labelled questions on the offline assistant, then on the model path
## against the fake OpenAI server with the figure check on (each prints "N passed, M failed")
eval-ai: install
	$(BIN)/python -m tests.ai.evaluation
	$(BIN)/python -m tests.ai.evaluation --model

## bench-chat: offline chat latency at 30 countries and grown to 250 (p50/p95 per size)
bench-chat: install
	$(BIN)/python benchmarks/offline_chat.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache *.egg-info
