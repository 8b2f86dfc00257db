# The desk's commands. `make run` starts everything, `make test` runs every test.
# Both set up the environment first: a Python 3.10 virtualenv in .venv with the
# versions pinned in constraints.txt, the Chinese encoder, the trained Rasa model and the
# knowledge-base index.

VENV      ?= .venv
PY        := $(VENV)/bin/python
RASA      := $(VENV)/bin/rasa
MODEL     := models/desk.tar.gz
ENCODER   := models/encoder-zh

export PYTHONPATH           := $(CURDIR)
export HF_HUB_OFFLINE       := 1
export TRANSFORMERS_OFFLINE := 1
export TF_CPP_MIN_LOG_LEVEL := 2
# Rasa reports usage to its servers unless told not to; the desk never phones home.
export RASA_TELEMETRY_ENABLED := false
export DESK_RASA_PORT       ?= 5005
export DESK_ACTIONS_PORT    ?= 5055
# Rasa and the action server answer only on loopback: the hub is the desk's one front door.
export DESK_RASA_HOST       ?= 127.0.0.1
export DESK_ACTIONS_HOST    ?= 127.0.0.1
export DESK_RASA_TRACKER_DB ?= $(CURDIR)/var/rasa_tracker.db
export DESK_HUB_PORT        ?= 8000

# The folders too: a deleted training file changes its folder's time, not any file's.
MODEL_INPUTS := config.yml domain.yml data/networks.yml \
	$(shell find data/nlu data/rules data/stories \( -name '*.yml' -o -type d \) 2>/dev/null) \
	$(wildcard rasa_addons/*.py) kb_index/text.py kb_index/bilingual.py \
	$(ENCODER)/inputs.sha256

.PHONY: run test install encoder model index validate chat shell eval bench clean FORCE

run: install $(MODEL) index ## start Rasa, the action server and the hub; print where to chat
	@mkdir -p var
	@# One torch/OpenMP thread per service: see SERVING_ENV in devtools/servers.py.
	@# Rasa's API token and the hub channel's secret: fresh for each start unless set.
	@OMP_NUM_THREADS=1 DESK_DEMO_AGENT="$$($(PY) -m handoff demo-agent)" \
		DESK_RASA_TOKEN="$${DESK_RASA_TOKEN:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(32))')}" \
		DESK_HUB_CHANNEL_SECRET="$${DESK_HUB_CHANNEL_SECRET:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(32))')}" \
		$(VENV)/bin/honcho start -f Procfile

test: install $(MODEL) index ## lint, then run the whole test suite
	$(VENV)/bin/ruff check actions bot console desk devtools eval handoff hub identity kb_index rasa_addons storage tests
	node --test tests/web/
	$(PY) -m pytest

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	@python=$$(scripts/find-python310.sh) && echo "using $$python" && \
	  { [ -x $(PY) ] || $$python -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check "pip<25"
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $@

# The Chinese encoder (encoder/, about 4 minutes on 2 cores) is trained only when its
# inputs changed: `python -m encoder build` compares their hash with the one it was
# trained from, and leaves the stamp untouched otherwise, so the Rasa model is not retrained.
encoder: $(ENCODER)/inputs.sha256
$(ENCODER)/inputs.sha256: $(VENV)/.installed FORCE
	$(PY) -m encoder build
FORCE:

# Retrain only when the training data, the config or the custom components changed.
model: $(MODEL)
$(MODEL): $(VENV)/.installed $(MODEL_INPUTS)
	$(RASA) train --force --fixed-model-name desk --out models
	@touch $@

# The build re-embeds only the articles that changed, and does nothing if none did.
index: install $(ENCODER)/inputs.sha256
	$(PY) -m kb_index build

validate: install
	$(PY) -m devtools.validate

chat: ## chat in the terminal with the desk started by `make run`
	$(PY) -m devtools.chat

shell: install $(MODEL) index ## Rasa's own shell (needs the action server of `make run`)
	$(RASA) shell --port 5006 --model $(MODEL) --endpoints endpoints.yml

eval: install $(MODEL) index ## measure answer quality (intents, retrieval, handoff decisions, BANKING77)
	$(PY) -m eval --parts quality,diet,banking77,encoder,decisions,realistic

bench: install $(MODEL) index ## measure speed (index, search, latency, load, memory)
	$(PY) -m eval --parts index,latency,load

clean:
	rm -rf models kb_index/build var results .pytest_cache
