# Two entry points: `make run` (the app on its embedded data) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test build demo bench

$(VENV)/.app: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.app requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

run: $(VENV)/.app
	$(PY) -m streamlit run dashboard.py

test: $(VENV)/.dev
	$(PY) -m pytest

build: $(VENV)/.app
	$(PY) -m geo.build

demo: $(VENV)/.app
	$(PY) -m geo.demo

bench: $(VENV)/.dev
	$(PY) bench/run.py
