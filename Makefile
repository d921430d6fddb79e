# ShowUp: `make run` starts the whole system on embedded defaults; `make test` runs the tests.
# Both build what they need first, idempotently: a second run with nothing changed takes seconds.

SHELL := /bin/bash
PYTHON ?= python3
# Rasa 3.6 needs Python 3.10: take pyenv's, else any python3.10 on PATH.
PY310 ?= $(or $(lastword $(wildcard $(shell pyenv root 2>/dev/null)/versions/3.10.*/bin/python3.10)),$(shell command -v python3.10 2>/dev/null))
VENV := .venv
RASA_VENV := .venv-rasa
RASA := $(RASA_VENV)/bin/rasa
FLASK := $(VENV)/bin/flask
# The model is named after a fingerprint of everything that shapes it, so it retrains only when
# flows/ (or the text pre-processing) changed.
FINGERPRINT = $(shell cat $$(find flows -type f -not -path 'flows/tests/*' -not -path '*/__pycache__/*' | sort) bot/nlu/preprocess.py requirements-rasa.txt | sha256sum | cut -c1-16)
MODEL = var/rasa-models/showup-$(FINGERPRINT).tar.gz
export RASA_TELEMETRY_ENABLED := false
export PIP_DISABLE_PIP_VERSION_CHECK := 1

PRISM := var/prism/node_modules/.bin/prism
# Twilio's official OpenAPI spec, from the npm registry like Prism itself.
TWILIO_SPEC := var/prism/node_modules/@twilio-alpha/mcp/twilio-oai/spec/json/twilio_api_v2010.json

.PHONY: run test venvs model db locales prism nlu-report lint clean

run: venvs locales db model
	@echo ""
	@echo "ShowUp is starting (web, rasa, actions, clock, turns). Rasa takes ~45 s to load its model."
	@echo "  admin page:       http://127.0.0.1:$${PORT:-5000}/admin/"
	@echo "  simulator:        http://127.0.0.1:$${PORT:-5000}/simulator"
	@echo "  health:           http://127.0.0.1:$${PORT:-5000}/healthz"
	@echo "  demo staff login: district@showup.example / showup-demo"
	@echo ""
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH $(VENV)/bin/honcho start -f Procfile

test: venvs locales model prism
	MODEL_PATH=$(MODEL) PRISM=$(PRISM) TWILIO_OAI_SPEC=$(TWILIO_SPEC) $(VENV)/bin/pytest $(PYTEST_ARGS)

venvs: $(VENV)/.stamp $(RASA_VENV)/.stamp

$(VENV)/.stamp: requirements.txt requirements-dev.txt
	@echo ">> building $(VENV) (Python 3.11 app environment, ~1-2 min the first time)"
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "need Python 3.11+ as $(PYTHON)"'
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --progress-bar on -r requirements-dev.txt
	touch $@

$(RASA_VENV)/.stamp: requirements-rasa.txt
	@test -n "$(PY310)" || { echo "Python 3.10 is needed for Rasa 3.6: install it, e.g. 'pyenv install 3.10.13'" >&2; exit 1; }
	@echo ">> building $(RASA_VENV) with $(PY310) (Rasa 3.6.21, ~3-6 min and 2.7 GB the first time)"
	test -x $(RASA_VENV)/bin/python || $(PY310) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/pip install --progress-bar on -r requirements-rasa.txt
	touch $@

# Compiled catalogs (.mo) are build output: made from locales/*/LC_MESSAGES/messages.po.
# A random SECRET_KEY, made once: the app refuses the built-in one outside debug and tests.
var/secret_key:
	@mkdir -p var && umask 077 && python3 -c "import secrets; print(secrets.token_hex(32))" > $@

locales: $(VENV)/.stamp var/secret_key
	@$(FLASK) translate compile 2>&1 | grep -v '^compiling' || true

# Stoplight Prism serves Twilio's official OpenAPI spec for the contract tests (5.14.2: newer
# releases need a newer Node than the machine has); the spec ships in @twilio-alpha/mcp.
prism: $(PRISM) $(TWILIO_SPEC)
$(PRISM) $(TWILIO_SPEC) &:
	@command -v npm >/dev/null || { echo "npm is needed for the Twilio contract tests (Prism)" >&2; exit 1; }
	npm install --no-audit --no-fund --prefix var/prism @stoplight/prism-cli@5.14.2 @twilio-alpha/mcp@0.7.0

db: $(VENV)/.stamp var/secret_key
	$(FLASK) db upgrade
	$(FLASK) demo seed

model: venvs
	@if [ -f $(MODEL) ]; then echo ">> Rasa model $(MODEL) is up to date"; else \
	  echo ">> training the Rasa model (flows/ changed; about a minute)"; \
	  $(VENV)/bin/python -m bot.nlu.preprocess flows/data var/rasa-data && \
	  PYTHONPATH=flows $(RASA) train --config flows/config.yml --domain flows/domain.yml --data var/rasa-data \
	    --out var/rasa-models --fixed-model-name showup-$(FINGERPRINT) && \
	  find var/rasa-models -name 'showup-*.tar.gz' ! -name 'showup-$(FINGERPRINT).tar.gz' -delete; fi

nlu-report: venvs model
	MODEL_PATH=$(MODEL) $(VENV)/bin/python -m bot.nlu.report --out docs/nlu-report.md

lint: $(VENV)/.stamp
	$(VENV)/bin/ruff check .

clean:
	rm -rf var/rasa-models var/rasa-data
