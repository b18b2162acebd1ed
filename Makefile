# Two entry points: `make run` (the app on its embedded data) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test build demo bench translations

$(VENV)/.app: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.app requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

MO := $(patsubst %.po,%.mo,$(wildcard geo/locale/*/LC_MESSAGES/dvk.po))

%.mo: %.po $(VENV)/.app
	$(VENV)/bin/pybabel compile -i $< -o $@

run: $(VENV)/.app $(MO)
	$(PY) -m ui.serve

test: $(VENV)/.dev $(MO)
	$(PY) -m pytest

build: $(VENV)/.app
	$(PY) -m geo.build

demo: $(VENV)/.app
	$(PY) -m geo.demo

bench: $(VENV)/.dev
	$(PY) bench/run.py

# Translators: after changing texts in the code, refresh the template and the catalogs.
translations: $(VENV)/.app
	$(PY) -m geo.translations extract
	$(PY) -m geo.translations update
