# maelstrom-ts — build the nodes, test them, measure them.
#
#   make broadcast   build dist/broadcast and run challenge 3a–3e on it
#   make test        what CI runs: lint, types, unit tests, short bench runs
#   make lin-kv      the lin-kv matrix of issue 11 (A–D at 3 and 5 nodes), one row
#                    per run with each figure beside its target; SUITE_ARGS="--seeds
#                    1,2 --only B" repeats or selects; MAELSTROM=… runs the real one
#   make bench       the published figures; RAFT_RB=…/demo/ruby/raft.rb adds
#                    Maelstrom's Raft demo beside our lin-kv rows (else its anchors)
#
# Deno: the `deno` on PATH, else the pinned npm package installed under .tools/.

DENO_VERSION := 2.9.6
TOOLS        := .tools
PINNED_DENO  := $(TOOLS)/node_modules/.bin/deno
DENO         ?= $(shell command -v deno 2>/dev/null || echo $(PINNED_DENO))
export DENO

# Every challenge that has a main.ts (echo, unique-ids, broadcast, g-counter, …).
CHALLENGES := $(patsubst challenges/%/main.ts,%,$(wildcard challenges/*/main.ts))
BINARIES   := $(addprefix dist/,$(CHALLENGES)) dist/maelstrom
CORE_SRC   := $(wildcard core/*.ts) mod.ts deno.json deno.lock
# Code that several challenges share (challenges/_crdt, …).
SHARED_SRC := $(wildcard challenges/_*/*.ts)
# The rungs of each challenge's ladder: challenges/<name>/steps/<n>-<what>.ts,
# built into dist/steps/<name>/<n>-<what>.
STEP_SRC   := $(wildcard challenges/*/steps/[0-9]*.ts)
STEP_BINS  := $(patsubst challenges/%.ts,dist/steps/%,$(subst /steps/,/,$(STEP_SRC)))
step_bins   = $(filter dist/steps/$(1)/%,$(STEP_BINS))

.PHONY: build test bench check fmt lint clean toolchain \
        echo unique-ids broadcast g-set pn-counter kafka txn txn-list-append lin-kv counter \
        counter-steps $(addsuffix -steps,$(CHALLENGES))

build: $(BINARIES) $(STEP_BINS)

toolchain: $(DENO)

$(PINNED_DENO):
	@echo "installing deno $(DENO_VERSION) from npm into $(TOOLS)/" >&2
	@mkdir -p $(TOOLS)
	@[ -f $(TOOLS)/package.json ] || echo '{"name":"toolchain","private":true}' > $(TOOLS)/package.json
	@cd $(TOOLS) && npm install --silent --no-audit --no-fund --no-save deno@$(DENO_VERSION)
	@$(PINNED_DENO) --version | head -1 >&2

# One binary per challenge: `deno compile` (no permission flags: a node needs
# none), or, where its runtime cannot be fetched, the same program bundled into
# one self-starting file (see tests/build.sh).
dist/%: $(DENO) tests/build.sh challenges/%/*.ts $(CORE_SRC) $(SHARED_SRC)
	@sh tests/build.sh $*

# The bench as a drop-in `maelstrom` command (`dist/maelstrom test …`), built
# the same way as the nodes but with every permission: it spawns the nodes
# and writes store/ in the current directory.
BENCH_SRC := $(shell find tests/harness -name '*.ts' ! -name '*_test.ts' ! -path '*/fixtures/*') \
             $(wildcard tests/harness/report/*.js)
dist/maelstrom: $(DENO) tests/build.sh $(BENCH_SRC) deno.json deno.lock
	@sh tests/build.sh --bench tests/harness/cli.ts dist/maelstrom

# A rung is a small node a learner runs as it is, built like the challenge's
# own: challenges/<name>/steps/<rung>.ts -> dist/steps/<name>/<rung>.
.SECONDEXPANSION:
dist/steps/%: $(DENO) tests/build.sh challenges/$$(dir $$*)steps/$$(notdir $$*).ts $(CORE_SRC)
	@sh tests/build.sh $(word 3,$^) $@

# `make broadcast-steps`: build each rung of a challenge's ladder and run it on
# the configurations that show where it fails and where the next rung fixes it.
STEPS = $(DENO) run --allow-all tests/harness/steps.ts

# A static pattern rule: make skips implicit rules for .PHONY targets.
$(addsuffix -steps,$(CHALLENGES)): %-steps: dist/% $$(call step_bins,$$*)
	@$(STEPS) $*

counter-steps: g-counter-steps

# Each challenge target builds its binary and runs the challenge's configs.
# With MAELSTROM=/path/to/maelstrom they run under the real Maelstrom instead.
SUITE = $(DENO) run --allow-all tests/harness/suite.ts
# Maelstrom's raft.rb, for the comparison rows (never committed; see tests/fixtures/raft_rb/).
export RAFT_RB

echo unique-ids broadcast g-set pn-counter kafka txn txn-list-append lin-kv: %: dist/%
	@$(SUITE) $@ $(SUITE_ARGS)

counter: dist/g-counter
	@$(SUITE) g-counter

check: $(DENO)
	@$(DENO) fmt --check
	@$(DENO) lint
	@$(DENO) check

fmt: $(DENO)
	@$(DENO) fmt

lint: $(DENO)
	@$(DENO) lint

# What CI runs: static checks, every binary, unit and process tests (with the
# examples in the library's docs), then a short bench run of every challenge
# configuration.
test: $(DENO) check build
	@$(DENO) test --allow-all --doc mod.ts core/
	@$(DENO) test --allow-all --parallel tests/ challenges/
	@$(SUITE) all --short

bench: build
	@$(DENO) run --allow-all tests/bench.ts $(BENCH)

clean:
	rm -rf dist store
