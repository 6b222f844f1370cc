# zhengwu -- build, run, test, benchmark.  See README.md.
#
#   make            build bin/zhengwu
#   make run        install missing Debian packages, build, demo data, serve
#   make check      every test: unit, API (SQLite + PostgreSQL), browser,
#                   and unit + API again under ASan+UBSan
#   make bench      benchmarks (never part of check)

CC      ?= cc
BUILD   ?= build
SAN     ?=
PKGS    := libmicrohttpd sqlite3 libpq libcrypto libsodium jansson libcurl
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wpointer-arith -Wvla -Wformat=2 \
           -Wconversion -Wno-sign-conversion -Wcast-qual
CFLAGS  ?= -O2 -g
ALL_CFLAGS := -std=c17 -D_GNU_SOURCE $(WARN) $(CFLAGS) -fstack-protector-strong \
           -Isrc $(PKG_CFLAGS) $(SAN)
LDLIBS  := $(PKG_LIBS) -lpthread -lm

SRCS    := $(shell find src -name '*.c' ! -name main.c | sort)
OBJS    := $(SRCS:%.c=$(BUILD)/%.o) $(BUILD)/embed.o
EMBED   := $(shell find templates static migrations share -type f 2>/dev/null | sort)
TESTS   := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

.PHONY: all run check unit api api-sqlite api-pg e2e asan bench clean deps lint

all: bin/zhengwu

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c17 -O1 -Wall -Wextra -Werror $< -o $@

$(BUILD)/embed.c: $(BUILD)/tools/embed $(EMBED)
	@echo "  EMBED   $(words $(EMBED)) files"
	@$(BUILD)/tools/embed $@ $(EMBED)

$(BUILD)/embed.o: $(BUILD)/embed.c
	$(CC) -std=c17 -O0 -Isrc -c $< -o $@

$(BUILD)/libzw.a: $(OBJS)
	@rm -f $@
	@ar rcs $@ $^

ifeq ($(BUILD),build)
BIN := bin/zhengwu
else
BIN := $(BUILD)/zhengwu
endif

$(BIN): $(BUILD)/src/main.o $(BUILD)/libzw.a
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(SAN) -o $@ $^ $(LDLIBS)

ifneq ($(BIN),bin/zhengwu)
bin/zhengwu: $(BIN)
endif

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libzw.a
	@mkdir -p $(dir $@)
	@echo "  TEST    $<"
	@$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -Itests/unit -o $@ $< $(BUILD)/libzw.a $(LDLIBS) -lcmocka

deps:
	scripts/install-deps.sh

run: deps bin/zhengwu
	@test -d data || bin/zhengwu init --data data --demo
	bin/zhengwu serve --data data --listen 127.0.0.1:8080

# Unit tests run against SQLite and, through a throwaway server, PostgreSQL.
unit: $(TESTS)
	@scripts/with-pg.sh scripts/run-unit.sh $(TESTS)

api-sqlite: $(BIN)
	ZHENGWU_BIN=$(abspath $(BIN)) ZHENGWU_TEST_DB=sqlite node --test --test-concurrency=1 tests/api/

api-pg: $(BIN)
	ZHENGWU_BIN=$(abspath $(BIN)) ZHENGWU_TEST_DB=pg scripts/with-pg.sh node --test --test-concurrency=1 tests/api/

api: api-sqlite api-pg

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund

e2e: bin/zhengwu node_modules/.package-lock.json
	ZHENGWU_BIN=$(abspath bin/zhengwu) node --test --test-concurrency=1 tests/e2e/

asan:
	$(MAKE) BUILD=build-asan SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" CFLAGS="-O1 -g" unit api

# docs/settings.md is generated from the settings table; lint fails if stale.
docs/settings.md: bin/zhengwu
	bin/zhengwu config docs > $@

lint: bin/zhengwu
	scripts/lint.sh
	@bin/zhengwu config docs | cmp -s - docs/settings.md || \
		{ echo "lint: docs/settings.md is stale (make docs/settings.md)"; exit 1; }

check: lint all unit api e2e asan

bench: bin/zhengwu
	bench/run.sh

clean:
	rm -rf build build-asan bin

-include $(OBJS:.o=.d) $(BUILD)/src/main.d
