# Two entry points: `make run` (the app on its embedded data) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test check lint build demo bench translations mutation readme-figures

$(VENV)/.app: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.app requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

MO := $(patsubst %.po,%.mo,$(wildcard geo/render/locale/*/LC_MESSAGES/dvk.po))

%.mo: %.po $(VENV)/.app
	$(VENV)/bin/pybabel compile -i $< -o $@

run: $(VENV)/.app $(MO)
	$(PY) -m ui.serve

# axe-core (npm, pinned in package-lock.json) checks every page against WCAG 2.1 AA in the
# browser tests.
AXE := node_modules/axe-core/axe.min.js

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

# Three workers on two cores: the browser tests mostly wait on Chromium and the app's server
# (a clean run: 7 min 41 s with three, 10 min 17 s with two); a test module stays on one
# worker, so each browser module starts its app server once.
test: lint $(MO) $(AXE)
	$(PY) -m pytest -n 3 --dist loadfile --junitxml=var/junit.xml

# The README's suite figures (count, time) from the last `make test`'s report.
readme-figures:
	$(PY) tools/readme_figures.py

# The quick lane while working: lint, then every test that needs no browser, runs no whole page
# (AppTest) and builds no whole document or huge file (slow); PostgreSQL ones run when
# TEST_DATABASE_URL is set. `make test` runs them all.
check: lint $(MO)
	$(PY) -m pytest -m "not browser and not slow and not apptest" -n 2 -q

# Mutation testing of the modules that compute what leaders read (pyproject's [tool.mutmut]): every
# mutant against the quick tests that reach it, then the report per module (docs/MUTATION.md).
# Not part of `make test`: it takes about 45 minutes here (docs/MUTATION.md).
mutation: $(VENV)/.dev $(MO)
	rm -rf mutants
	env -u DVK_REQUIRE_BROWSER -u DVK_REQUIRE_POSTGRES -u DVK_REQUIRE_NGINX -u TEST_DATABASE_URL \
		$(VENV)/bin/mutmut run --max-children 2
	$(PY) tools/mutation_report.py

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .

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
