# aks-backup-doctor: every command installs what it needs first (scripts/setup.sh skips what is there).
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)
CARGO ?= cargo
PORT ?= 8080

.PHONY: serve test dist build-web setup setup-native test-native test-web lint check bench fuzz clean

## make serve: install what is missing, build the release web app, serve it on http://127.0.0.1:$(PORT)
serve: dist
	@echo "aks-backup-doctor: http://127.0.0.1:$(PORT)/  (offline single file: dist/aks-backup-doctor.html)"
	node scripts/serve.mjs dist $(PORT)

## make test: install what is missing, then run every test (Rust, catalog, web build, size budget, browser)
test: setup test-native dist test-web

setup:
	scripts/setup.sh all

setup-native:
	scripts/setup.sh native

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets --features ui -- -D warnings

## Rust: unit, property, corpus, catalog validator, CLI and SSR component tests
test-native: lint
	$(CARGO) test --features ui
	$(CARGO) run --quiet -- check
	python3 scripts/check-commands.py --self-test
	python3 scripts/check-commands.py

## The hosted app (dist/), the offline single file and the embed bundle
dist: setup
	scripts/build-web.sh

test-web:
	tsc --noEmit -p examples/tsconfig.json
	node scripts/size-report.mjs --check
	node --test --test-concurrency=1 tests/e2e/

## make bench: criterion, grep comparison, browser timings, sizes, JS library comparison
bench: dist
	scripts/bench.sh

## make fuzz: the long property/fuzz run (make test runs a short one)
fuzz: setup-native
	PROPTEST_CASES=200000 $(CARGO) test --release --test properties -- --nocapture

clean:
	$(CARGO) clean
	rm -rf dist bench-out
