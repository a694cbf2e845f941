# SacOperator — the two commands a new user needs are `make run` and `make test`.
DOTNET  ?= dotnet
CONFIG  ?= Release
RESULTS ?= TestResults
ARCH    := $(shell uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

.PHONY: build run test bench clean

## build: publish the operator to ./bin/sacop (ReadyToRun: precompiled, so a cold start does not wait for the JIT)
build:
	$(DOTNET) publish operator/SacOperator.Operator.csproj -c $(CONFIG) -o bin --nologo -v quiet \
		-r linux-$(ARCH) --self-contained false -p:PublishReadyToRun=true -p:UseAppHost=true

## run: run the operator on the examples (state in ~/.sacop; inspect with ./bin/sacop get agents)
run: build
	./bin/sacop run --agents-dir examples/agents

## test: build, then run every test (unit, integration, end-to-end against ./bin/sacop)
test: build
	rm -rf $(RESULTS)
	SACOP_BIN=$(CURDIR)/bin/sacop $(DOTNET) test SacOperator.sln -c $(CONFIG) --nologo \
		--logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
		--results-directory $(RESULTS)

## bench: run the benchmarks and write docs/benchmarks.md and docs/benchmarks.json
bench: build
	$(DOTNET) run --project tests/SacOperator.Benchmarks -c $(CONFIG) -- --sacop $(CURDIR)/bin/sacop --out docs

clean:
	rm -rf bin $(RESULTS)
	$(DOTNET) clean SacOperator.sln -v quiet
