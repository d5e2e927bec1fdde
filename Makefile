# ikz.landespreis: `make start` serves the demo site, `make test` runs all tests.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
INSTANCE := $(CURDIR)/var/instance
HOST ?= 127.0.0.1
PORT ?= 8080
SITE_ID ?= landespreis
ADMIN_PASSWORD ?= admin
export SITE_ID ADMIN_PASSWORD

UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := $(PYTHON) -m uv
endif

TESTRUNNER := $(BIN)/zope-testrunner --path=$(CURDIR) --test-path=$(CURDIR) --tests-pattern='^tests$$' --auto-color

.PHONY: help
help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(BIN)/.installed: setup.py constraints.txt
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	@test -x $(BIN)/python || $(UV) venv --quiet --python $(PYTHON) $(VENV)
	$(UV) pip install --quiet --python $(BIN)/python -c constraints.txt \
		-C editable_mode=compat -e ".[test,lint]"
	@touch $@

.PHONY: install
install: $(BIN)/.installed ## Create .venv and install the add-on with pinned versions

.PHONY: instance
instance: install ## Render the FileStorage instance under var/instance
	@$(BIN)/python scripts/mkinstance.py --dir $(INSTANCE) --host $(HOST) --port $(PORT)

.PHONY: site
site: instance ## Create the Plone site with the demo edition (once)
	@$(BIN)/zconsole run $(INSTANCE)/etc/zope.conf scripts/create_site.py

.PHONY: start
start: site ## Set everything up and serve http://$(HOST):$(PORT)/$(SITE_ID)
	@echo "Serving http://localhost:$(PORT)/$(SITE_ID)  (login: admin / $(ADMIN_PASSWORD))"
	PUBLIC_URL="$${PUBLIC_URL:-http://localhost:$(PORT)/$(SITE_ID)}" $(BIN)/runwsgi $(INSTANCE)/etc/zope.ini

.PHONY: start-zeo
start-zeo: install ## A ZEO server and two instances on ports 8081, 8082 (background)
	@$(BIN)/python scripts/cluster.py start zeo

.PHONY: stop-zeo
stop-zeo: ## Stop the ZEO cluster
	@$(BIN)/python scripts/cluster.py stop zeo

BACKUPS ?= $(CURDIR)/var/backups
BACKUP_SOURCE ?= $(INSTANCE)
BACKUP_KEEP ?= 7
RESTORE_DIR ?= $(CURDIR)/var/restore
RESTORE_PORT ?= 8090

.PHONY: backup
backup: install ## Back up var/instance (repozo + blobs; BACKUP_SOURCE=var/zeo for ZEO; STORAGE=relstorage: pg_dump); keeps BACKUP_KEEP=7 generations
ifeq ($(STORAGE),relstorage)
	@$(BIN)/python scripts/backup.py backup --to "$(BACKUPS)" --keep "$(BACKUP_KEEP)" \
		--dsn "$${RELSTORAGE_DSN:-$$($(BIN)/python scripts/postgres.py ensure landespreis)}"
else
	@$(BIN)/python scripts/backup.py backup --to "$(BACKUPS)" --keep "$(BACKUP_KEEP)" --source "$(BACKUP_SOURCE)"
endif

PACK_DAYS ?= 0
ifeq ($(STORAGE),zeo)
PACK_CONF ?= $(CURDIR)/var/zeo-instance1/etc/zope.conf
else ifeq ($(STORAGE),relstorage)
PACK_CONF ?= $(CURDIR)/var/relstorage-instance1/etc/zope.conf
else
PACK_CONF ?= $(INSTANCE)/etc/zope.conf
endif
export PACK_DAYS

.PHONY: pack
pack: install ## Pack the database: old revisions and unreferenced blobs go (FileStorage: stop the instance first; STORAGE=zeo|relstorage: online)
	@$(BIN)/zconsole run "$(PACK_CONF)" scripts/pack.py || { \
		echo "Pack failed. FileStorage: stop the instance first (Data.fs admits one process)."; exit 1; }

.PHONY: restore
restore: install ## Restore the latest backup (DATE=...) into a new instance in RESTORE_DIR (STORAGE=relstorage: into RESTORE_DSN)
ifeq ($(STORAGE),relstorage)
	@test -n "$$RESTORE_DSN" || { echo "RESTORE_DSN: the empty database to restore into"; exit 2; }
	@$(BIN)/python scripts/backup.py restore --from "$(BACKUPS)" --target-dsn "$$RESTORE_DSN" $(if $(DATE),--date "$(DATE)")
	@$(BIN)/python scripts/mkinstance.py --dir "$(RESTORE_DIR)" --storage relstorage --dsn "$$RESTORE_DSN" --port "$(RESTORE_PORT)"
else
	@$(BIN)/python scripts/backup.py restore --from "$(BACKUPS)" --target "$(RESTORE_DIR)" $(if $(DATE),--date "$(DATE)")
	@$(BIN)/python scripts/mkinstance.py --dir "$(RESTORE_DIR)" --port "$(RESTORE_PORT)"
endif
	@echo "Serve the restored site with: $(BIN)/runwsgi $(RESTORE_DIR)/etc/zope.ini (port $(RESTORE_PORT))"

VARNISH_PORT ?= 6081
BACKEND ?= 127.0.0.1:$(PORT)

.PHONY: varnish
varnish: ## Debian's Varnish for start-varnish and the Varnish tests (installed with apt-get as root)
	@command -v varnishd >/dev/null 2>&1 || test -x /usr/sbin/varnishd || $(call apt_install,varnish)

.PHONY: start-varnish
start-varnish: install varnish ## Varnish (etc/varnish.vcl) on VARNISH_PORT=6081 in front of BACKEND=127.0.0.1:$(PORT) (background; purges: start the instance with CACHING_PROXY=http://127.0.0.1:6081)
	@$(BIN)/python scripts/varnish.py start --backend "$(BACKEND)" --port "$(VARNISH_PORT)"

.PHONY: stop-varnish
stop-varnish: ## Stop the Varnish of start-varnish
	@$(BIN)/python scripts/varnish.py stop

.PHONY: start-relstorage
start-relstorage: install ## Two instances on RelStorage/PostgreSQL, ports 8083, 8084 (RELSTORAGE_DSN)
	@$(BIN)/python scripts/cluster.py start relstorage

.PHONY: stop-relstorage
stop-relstorage: ## Stop the RelStorage instances (PostgreSQL keeps running)
	@$(BIN)/python scripts/cluster.py stop relstorage

.PHONY: chromium
chromium: ## Debian's Chromium for the browser tests (installed with apt-get as root)
	@command -v chromium >/dev/null 2>&1 || $(call apt_install,chromium)

.PHONY: postgresql
postgresql: ## Start Debian's PostgreSQL for the RelStorage tests (installed with apt-get as root)
	@command -v pg_ctlcluster >/dev/null 2>&1 || $(call apt_install,postgresql)
	@python3 scripts/postgres.py start

define apt_install
{ if [ "$$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get update -qq \
	&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; \
	else echo "Please install Debian's $(1) (sudo apt-get install $(1))"; exit 1; fi; }
endef

.PHONY: bench
bench: install postgresql varnish ## Benchmarks against plain Plone (bench/; BENCH_ARGS='--quick rush')
	$(BIN)/python bench/run.py $(BENCH_ARGS)

.PHONY: test
test: install chromium postgresql varnish ## Run the whole test suite (screenshots in var/screenshots)
	$(TESTRUNNER) $(TEST_ARGS)

# the slow modules: Playwright journeys (test_browser*) and the clusters
SLOW_MODULES := test_browser|test_cluster
# the layers that run in this process without a server: unit tests and
# plone.app.testing's integration layers
FAST_LAYERS := zope.testrunner.layer.UnitTests|:Integration$$

.PHONY: test-fast
test-fast: install ## Unit and integration tests, no server, Chromium or cluster (about a minute)
	$(TESTRUNNER) --layer '$(FAST_LAYERS)' -m '!$(SLOW_MODULES)' $(TEST_ARGS)

.PHONY: test-functional
test-functional: install varnish ## The functional tests over real WSGI servers (and Varnish), without Chromium or clusters
	$(TESTRUNNER) --layer '!$(FAST_LAYERS)' -m '!$(SLOW_MODULES)' $(TEST_ARGS)

.PHONY: test-browser
test-browser: install chromium ## Only the Playwright journeys in Chromium
	$(TESTRUNNER) -m 'test_browser' $(TEST_ARGS)

.PHONY: test-cluster
test-cluster: install postgresql ## Only the ZEO and RelStorage cluster tests
	$(TESTRUNNER) -m 'test_cluster' $(TEST_ARGS)

LINT_PATHS := src tests scripts bench

.PHONY: lint
lint: install ## Check code style (ruff, zpretty, mypy on domain/, pyroma); fails on any finding
	$(BIN)/ruff check --no-fix $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	find src -name '*.zcml' | xargs $(BIN)/zpretty -z --check
	find src -name '*.xml' | xargs $(BIN)/zpretty -x --check
	$(BIN)/mypy
	$(BIN)/pyroma -n 8 -q .

.PHONY: format
format: install ## Rewrite the code in the house style (ruff, zpretty)
	$(BIN)/ruff check --fix-only --select I $(LINT_PATHS)
	$(BIN)/ruff format $(LINT_PATHS)
	find src -name '*.zcml' | xargs $(BIN)/zpretty -z -i
	find src -name '*.xml' | xargs $(BIN)/zpretty -x -i

.PHONY: changelog
changelog: install ## Show the changelog draft built from news/ (towncrier)
	$(BIN)/towncrier build --draft --version "$$($(BIN)/python setup.py --version 2>/dev/null)"

.PHONY: constraints
constraints: ## Re-resolve constraints.txt (Plone 6.2.2 + our dependencies)
	$(UV) pip compile constraints.in --python-version 3.11 --exclude-newer 2026-09-25 \
		--no-emit-package ikz.landespreis -o constraints.txt
	python3 scripts/constraints_to_versions.py

.PHONY: clean
clean: ## Remove the virtualenv (the data in var/ is kept)
	rm -rf $(VENV) build *.egg-info src/*.egg-info

.PHONY: i18n
i18n: install ## Rebuild the .pot from code, templates and profiles and sync locales/de
	cd src/ikz/landespreis && $(BIN)/i18ndude rebuild-pot --pot locales/ikz.landespreis.pot --create ikz.landespreis . \
		&& $(BIN)/i18ndude sync --pot locales/ikz.landespreis.pot locales/de/LC_MESSAGES/ikz.landespreis.po
