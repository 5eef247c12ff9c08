# vgw: an IOS-like SIP/TLS voice gateway emulator.
# Quick start: `make run` and `make test` (each installs missing Debian
# packages first). `make check` runs the tests on an ASan+UBSan build.

# Debian packages the build and the tests need.
DEB_BUILD := build-essential pkg-config libreadline-dev libxml2-dev libxml2-utils \
	libevent-dev libgnutls28-dev libtasn1-6-dev nettle-dev libosip2-dev libortp-dev libtelnet-dev libssh-dev libyaml-dev check libsubunit-dev
DEB_TEST := gnutls-bin openssl sip-tester socat python3-pexpect time procps strace \
	kamailio kamailio-tls-modules baresip python3-netmiko scep iproute2
DEB_BENCH := hyperfine kamailio
DEB_FUZZ := clang libclang-rt-14-dev
PKG_LIBS := readline libxml-2.0 libevent gnutls libosip2 check

CC ?= cc
CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter
# The layers, each compiled with the include paths of the parts it may
# use and no others, so a wrong include fails the build (`make layers`
# proves it): core < grammar < confdb < exec < features (modes, pki,
# sipua) < cli (front ends and main). sipua asks pki for TLS credentials
# (pki.h), the one edge between features.
INC_core := -Icore
INC_grammar := $(INC_core) -Igrammar
INC_confdb := $(INC_grammar) -Iconfdb
INC_exec := $(INC_confdb) -Iexec
INC_modes := $(INC_exec) -Imodes
INC_pki := $(INC_exec) -Ipki
INC_sipua := $(INC_exec) -Ipki -Isipua
INC_cli := $(INC_exec) -Imodes -Ipki -Isipua -Icli
INC_tests := $(INC_cli) -Ibuild
INC_build := $(INC_tests)
PKG_CFLAGS = $(shell pkg-config --cflags libxml-2.0 libevent gnutls libosip2 ortp libtelnet libssh 2>/dev/null)
PKG_LDLIBS = $(shell pkg-config --libs libxml-2.0 libevent gnutls libosip2 ortp libtelnet libssh 2>/dev/null) \
	-lreadline -levent -ltasn1 -lnettle -lyaml
CHECK_LDLIBS = $(shell pkg-config --libs check 2>/dev/null)
ALL_CFLAGS = $(CFLAGS) $(WARN) -std=gnu11 -D_GNU_SOURCE $(PKG_CFLAGS) $(SANITIZE)
# The include paths of the folder a source file is in.
INC_OF = $(INC_$(firstword $(subst /, ,$(1))))
LDFLAGS += $(SANITIZE)

BUILD ?= build
LAYERS := core grammar confdb exec modes pki sipua cli
SRC := $(foreach d,$(LAYERS),$(wildcard $(d)/*.c))
MAIN_SRC := cli/main.c
LIB_SRC := $(filter-out $(MAIN_SRC),$(SRC))
LIB_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRC)) $(BUILD)/obj/grammar_blob.o
GRAMMAR_XML := $(sort $(foreach d,$(LAYERS),$(wildcard $(d)/*.xml)))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRC))

.PHONY: all deps run test check bench clean unit layers print-inc fuzz lab

all: $(BUILD)/vgw $(UNIT_BIN)

# Installs what is missing, nothing when everything is there. A fresh
# machine's package lists can be empty, hence the update first.
deps:
	@missing=$$(for p in $(DEB_BUILD) $(DEB_TEST) $(DEB_EXTRA); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing: $$missing"; \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(BUILD)/obj/%.o: %.c $(wildcard */*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(call INC_OF,$<) -c -o $@ $<

# The grammar files are validated against the schema (file:line on error)
# and embedded, so build/vgw runs from anywhere.
$(BUILD)/grammar_blob.c: $(GRAMMAR_XML) grammar/grammar.rng grammar/embed.sh
	@mkdir -p $(BUILD)
	sh grammar/embed.sh grammar/grammar.rng $@ $(GRAMMAR_XML)

$(BUILD)/obj/grammar_blob.o: $(BUILD)/grammar_blob.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(INC_grammar) -c -o $@ $<

$(BUILD)/vgw: $(BUILD)/obj/$(MAIN_SRC:.c=.o) $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LDLIBS)

$(BUILD)/unit/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(INC_tests) $(LDFLAGS) -o $@ $< $(LIB_OBJ) $(PKG_LDLIBS) $(CHECK_LDLIBS)

unit: $(UNIT_BIN)

# The include flags of one layer (tests/build/test_layers.sh asks).
print-inc:
	@echo $(INC_$(LAYER))

# Proves the layering: a header of a higher layer cannot be included.
layers:
	@sh tests/build/test_layers.sh

run: deps
	@$(MAKE) --no-print-directory all
	./$(BUILD)/vgw $(VGW_ARGS)

# The seed lab (labs/seed): the feature module's network in network
# namespaces, enrolled and registered (needs root). `build/vgw lab down
# seed` removes it.
lab: deps
	@$(MAKE) --no-print-directory all
	VGW=$(CURDIR)/$(BUILD)/vgw sh labs/seed/up.sh

test: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) sh tests/run.sh

# The whole suite on an AddressSanitizer + UndefinedBehaviorSanitizer build.
check: deps
	@$(MAKE) --no-print-directory BUILD=build-asan \
		SANITIZE="-fsanitize=address,undefined -fno-omit-frame-pointer" CFLAGS="-O1 -g" all
	@BUILD=build-asan ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 sh tests/run.sh

# libFuzzer targets (tests/fuzz/fuzz_*.c) on a clang ASan+UBSan build of
# every part but main; each runs FUZZ_SECONDS (60 by default) from the
# seeds in tests/fuzz/seeds/NAME, new inputs kept in build-fuzz/corpus.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BUILD := build-fuzz
FUZZ_FLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer

fuzz: deps
	@$(MAKE) --no-print-directory DEB_EXTRA="$(DEB_FUZZ)" deps
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang \
		SANITIZE="$(FUZZ_FLAGS)" CFLAGS="-O1 -g" \
		$(addprefix $(FUZZ_BUILD)/fuzz/,$(FUZZ_TARGETS))
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) \
		sh tests/fuzz/run.sh $(FUZZ_TARGETS)

$(FUZZ_BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_lib.h $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(INC_tests) -fsanitize=fuzzer -o $@ $< $(LIB_OBJ) \
		$(PKG_LDLIBS)

bench: deps
	@$(MAKE) --no-print-directory DEB_EXTRA="$(DEB_BENCH)" deps all
	@sh bench/run.sh

clean:
	rm -rf build build-asan build-fuzz
