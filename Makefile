# baocao: builds the programs and runs the batch (batch.mk) with them;
# tests, benchmarks, install. `make help` lists the targets and variables.
#
#   make                     build, then run the batch for YEAR (default 2022)
#   make YEAR=2021           another year;  make YEAR=2023 MONTH=05  a month
#   make check               every test;  make bench  the benchmarks
#   make install             programs, data and man pages under PREFIX (/usr/local)
#   make DEVELOPER=1         -Werror and AddressSanitizer/UBSan

CC      ?= cc
CFLAGS  ?= -O2 -g
# link-time optimisation: the hot path crosses modules (csvin, schema, textnorm, keyset)
LTO     ?= -flto=auto
WARN    := -Wall -Wextra -Wpedantic
ifdef DEVELOPER
WARN    += -Werror -Wshadow -Wconversion -Wno-sign-conversion
CFLAGS  += -O1 -fno-omit-frame-pointer -fsanitize=address,undefined
LDFLAGS += -fsanitize=address,undefined
LTO     :=
endif
CFLAGS  += $(LTO)
# each program loads only the libraries it uses (render's libqpdf costs 3 ms to load)
LDFLAGS += $(LTO) -Wl,--as-needed
AR      := gcc-ar
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -MMD -MP
LIBS    := -lcsv -lcjson -lutf8proc -lhpdf -lqpdf -lnettle -lzip -lxlsxwriter $(shell pkg-config --libs nss) -lcurl -lm -lpthread

# the developer build has its own folder: make tracks files, not flags
B ?= $(if $(DEVELOPER),build-dev,build)

# what make help adds to the batch's list, in the repository
define MORE_HELP
Trong thư mục mã nguồn (cho người phát triển):
  programs      dựng các chương trình (build/);  fonts  cắt phông chữ (build/fonts/)
  check         chạy mọi bài kiểm thử;  bench  đo tốc độ (bench-render, bench-publish)
  install       cài vào PREFIX (mặc định /usr/local; DESTDIR cho gói);  uninstall  gỡ
  install-deps  cài các gói Debian cần thiết (cần quyền root)
  fuzz          thử chương trình đọc CSV với libFuzzer;  sample  tạo lại dữ liệu mẫu
  fuzz-schema, fuzz-template, fuzz-profile, fuzz-report, fuzz-aggregate
                thử các bộ đọc lược đồ, mẫu, hồ sơ, report.json, valid/*.csv (FUZZ_SECONDS)
  fuzz-smoke    chạy nhanh mọi bộ thử trên tập mẫu đã lưu (cho CI)
  clean         xóa build/, build-dev/ và OUTPUT_DIR
  DEVELOPER=1   dựng với -Werror, AddressSanitizer và UBSan (build-dev/)
endef

# where the programs look for templates/ and fonts/ when no option or BAOCAO_DATA names them
PREFIX  ?= /usr/local
DATADIR ?= $(PREFIX)/share/baocao

# the batch, run with the programs and cut fonts of this build
BIN := $(B)
CUT_FONTS := $(B)/fonts
include batch.mk
LIB_MODULES := util cli console outfile textnorm repertoire fmt jsonfile csvin rejects keyset schema orgtree sha256 document zipfile \
               ttf layout pdf pdfpack pdfsign profile template smtp parallel xlsx
LIB_OBJS    := $(LIB_MODULES:%=$(B)/lib/%.o)
VALIDATE_OBJS := $(addprefix $(B)/,validate.o validate_resource.o validate_file.o validate_check.o \
                   validate_pipeline.o validate_tree.o validate_report.o)
AGGREGATE_OBJS := $(addprefix $(B)/,aggregate.o aggregate_figures.o aggregate_rules.o \
                    aggregate_count.o aggregate_write.o)
RENDER_OBJS := $(addprefix $(B)/,render.o render_report.o render_rejects.o)
PUBLISH_OBJS := $(addprefix $(B)/,publish.o publish_org.o publish_manifest.o publish_html.o)
SEND_OBJS := $(addprefix $(B)/,send.o send_run.o send_manifest.o send_recipients.o send_ledger.o \
               send_template.o send_mime.o)
BAOCAO_OBJS := $(B)/baocao.o
PROGRAMS    := $(B)/baocao $(B)/baocao-validate $(B)/baocao-aggregate $(B)/baocao-render $(B)/baocao-publish \
               $(B)/baocao-send $(B)/baocao-gendata
UNIT_TESTS  := $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/test_*.c))

.DELETE_ON_ERROR:
.PHONY: programs readme-png fonts check unit-tests case-tests corpus-tests man-tests bench bench-render bench-publish fuzz fuzz-ttf fuzz-layout clean sample install-deps install uninstall

programs: $(PROGRAMS)

$(B) $(B)/lib $(B)/tests:
	mkdir -p $@

# The shared modules are compiled without an include path: a stage's header
# (pipeline/*.h) cannot be reached from pipeline/lib/.
$(B)/lib/%.o: pipeline/lib/%.c | $(B)/lib
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# cli holds the data folder compiled in; it is made again when DATADIR changes
$(B)/lib/cli.o: ALL_CFLAGS += -DBAOCAO_DATADIR='"$(DATADIR)"'
$(B)/lib/cli.o: $(B)/lib/.datadir
$(shell mkdir -p $(B)/lib && { test "$$(cat $(B)/lib/.datadir 2>/dev/null)" = '$(DATADIR)' || \
  printf '%s\n' '$(DATADIR)' >$(B)/lib/.datadir; })
$(B)/lib/.datadir: ;

# pdfsign is the only module that includes NSS
$(B)/lib/pdfsign.o: ALL_CFLAGS += $(shell pkg-config --cflags nss)

$(B)/%.o: pipeline/%.c | $(B)
	$(CC) $(ALL_CFLAGS) -Ipipeline/lib -c -o $@ $<

$(B)/libbaocao.a: $(LIB_OBJS)
	$(AR) rcs $@ $^

$(B)/baocao: $(BAOCAO_OBJS) $(B)/libbaocao.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/baocao-validate: $(VALIDATE_OBJS) $(B)/libbaocao.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/baocao-aggregate: $(AGGREGATE_OBJS) $(B)/libbaocao.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/baocao-render: $(RENDER_OBJS) $(B)/libbaocao.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/baocao-publish: $(PUBLISH_OBJS) $(B)/libbaocao.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/baocao-send: $(SEND_OBJS) $(B)/libbaocao.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/baocao-gendata: tests/gen/gendata.c | $(B)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $<

# ---- fonts (for the render stage) ----
# Liberation Serif cut to the Latin + Vietnamese repertoire at build time:
# libharu's cost per face and the PDF's size follow the font's size (LIBS.md).
FONT_DIR   ?= /usr/share/fonts/truetype/liberation2
# the ranges of pipeline/lib/repertoire.c, which validate allows in text (test_repertoire holds them equal)
FONT_UNICODES := U+0020-007E,U+00A0-00FF,U+0100-017F,U+01A0-01B0,U+0300-0323,U+1EA0-1EF9,$\
                 U+2010-2027,U+2030-203A,U+20AB,U+2116,U+2212
# (FONT_FACES and FONTS, the cut files, are the batch's: batch.mk)
fonts: $(FONTS)

$(B)/fonts:
	mkdir -p $@

# the ranges cut, in a file rewritten only when they change (so that editing
# the Makefile does not cut the fonts, and redraw every report, again)
$(shell mkdir -p $(B)/fonts && { test "$$(cat $(B)/fonts/.unicodes 2>/dev/null)" = '$(FONT_UNICODES)' || \
  printf '%s\n' '$(FONT_UNICODES)' >$(B)/fonts/.unicodes; })
$(B)/fonts/%.ttf: $(FONT_DIR)/%.ttf $(B)/fonts/.unicodes | $(B)/fonts
	pyftsubset $< --unicodes='$(FONT_UNICODES)' --no-hinting --layout-features= \
	  --drop-tables+=FFTM --output-file=$@.tmp && mv $@.tmp $@

# The README's picture: the first page of the sample's summary report, from the real output.
SAMPLE_ROOT := DUK
readme-png: docs/bao-cao-mau.png

docs/bao-cao-mau.png: $(OUT)/reports/.done
	mkdir -p docs
	pdftoppm -r 45 -png -f 1 -l 1 -singlefile $(OUT)/reports/$(SAMPLE_ROOT).pdf $(basename $@)

# ---- tests ----

$(B)/tests/%: tests/unit/%.c $(B)/libbaocao.a | $(B)/tests
	$(CC) $(ALL_CFLAGS) -Ipipeline/lib $(LDFLAGS) -o $@ $< $(B)/libbaocao.a $(LIBS) -lcmocka

unit-tests: $(UNIT_TESTS)
	@for t in $(UNIT_TESTS); do echo "== $$t"; $$t || exit 1; done

case-tests: $(PROGRAMS) $(FONTS)
	@MAKEFLAGS= tests/run-cases $(B)

corpus-tests: $(B)/baocao-validate
	@MAKEFLAGS= tests/run-corpora $(B)

# --help, --version and the man pages (man/) against the programs' options
man-tests: $(PROGRAMS)
	@MAKEFLAGS= tests/run-man $(B)

check: $(PROGRAMS) $(UNIT_TESTS) $(FONTS)
	@MAKEFLAGS= tests/run-all $(B)

bench: $(PROGRAMS) $(FONTS)
	@tests/bench/run $(B) && tests/bench/render $(B) $(B)/bench/out-validate-all/aggregate && \
	  tests/bench/publish $(B) $(B)/bench/out-validate-all

bench-render: $(PROGRAMS) $(FONTS)
	@tests/bench/render $(B)

bench-publish: $(PROGRAMS) $(FONTS)
	@tests/bench/publish $(B)

# The CSV reader under libFuzzer with sanitizers (needs clang and libclang-rt-14-dev).
FUZZ_SECONDS ?= 60
$(B)/fuzz_validate: tests/fuzz/fuzz_validate.c pipeline/lib/csvin.c pipeline/lib/textnorm.c \
                    pipeline/lib/util.c | $(B)
	clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Ipipeline/lib \
	  -o $@ $(filter %.c,$^) -lcsv -lutf8proc

fuzz: $(B)/fuzz_validate
	mkdir -p $(B)/fuzz-corpus
	for f in tests/cases/*/*.csv; do cp "$$f" "$(B)/fuzz-corpus/$$(echo "$$f" | tr / _)"; done
	$(B)/fuzz_validate -max_total_time=$(FUZZ_SECONDS) -max_len=4096 $(B)/fuzz-corpus

# The font reader and subsetter under libFuzzer, from the cut fonts.
$(B)/fuzz_ttf: tests/fuzz/fuzz_ttf.c pipeline/lib/ttf.c pipeline/lib/util.c | $(B)
	clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Ipipeline/lib \
	  -o $@ $(filter %.c,$^)

fuzz-ttf: $(B)/fuzz_ttf $(FONTS)
	mkdir -p $(B)/fuzz-ttf-corpus && cp $(FONTS) $(B)/fuzz-ttf-corpus/
	$(B)/fuzz_ttf -max_total_time=$(FUZZ_SECONDS) -max_len=65536 $(B)/fuzz-ttf-corpus

# Templates and the layout under libFuzzer, from the report templates' texts.
$(B)/fuzz_layout: tests/fuzz/fuzz_layout.c pipeline/lib/template.c pipeline/lib/layout.c \
                  pipeline/lib/ttf.c pipeline/lib/jsonfile.c pipeline/lib/outfile.c pipeline/lib/fmt.c \
                  pipeline/lib/textnorm.c pipeline/lib/util.c | $(B)
	clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Ipipeline/lib \
	  -o $@ $(filter %.c,$^) -lcjson -lutf8proc -lm -lpthread

fuzz-layout: $(B)/fuzz_layout $(FONTS)
	mkdir -p $(B)/fuzz-layout-corpus
	grep -ho '"text": "[^"]*"' $(TEMPLATE_DIR)/*.json | sed 's/^"text": "//; s/"$$//' \
	  | split -l 1 - $(B)/fuzz-layout-corpus/t-
	$(B)/fuzz_layout -max_total_time=$(FUZZ_SECONDS) -max_len=2048 $(B)/fuzz-layout-corpus

# The loaders under libFuzzer: schema, report template, profile, report.json and
# aggregate's reader of valid/*.csv. Each run starts from the committed corpus
# (tests/fuzz/corpus/NAME: minimized, with every input that once failed) and the
# repository's real files, and keeps what it finds in $(B)/fuzz-NAME-corpus.
# Undefined behaviour stops a run like a crash, so that it is found and kept.
FUZZ_CC := clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
           -fno-sanitize-recover=undefined -Ipipeline/lib
FUZZ_JSON := pipeline/lib/jsonfile.c pipeline/lib/outfile.c pipeline/lib/fmt.c pipeline/lib/textnorm.c \
             pipeline/lib/repertoire.c \
             pipeline/lib/util.c
FUZZ_LAYOUT := pipeline/lib/template.c pipeline/lib/layout.c pipeline/lib/ttf.c pipeline/lib/profile.c
FUZZ_LIBS := -lcsv -lcjson -lutf8proc -lm -lpthread
# every harness is made again when a header changes (one clang command each, no .d files)
FUZZ_HEADERS := $(wildcard pipeline/lib/*.h pipeline/*.h tests/fuzz/*.h)

$(B)/fuzz_schema: tests/fuzz/fuzz_schema.c pipeline/lib/schema.c $(FUZZ_JSON) $(FUZZ_HEADERS) | $(B)
	$(FUZZ_CC) -o $@ $(filter %.c,$^) $(FUZZ_LIBS)
$(B)/fuzz_template: tests/fuzz/fuzz_template.c pipeline/render_report.c pipeline/lib/document.c \
                    pipeline/lib/csvin.c pipeline/lib/orgtree.c $(FUZZ_LAYOUT) $(FUZZ_JSON) $(FUZZ_HEADERS) | $(B)
	$(FUZZ_CC) -Ipipeline -o $@ $(filter %.c,$^) $(FUZZ_LIBS)
$(B)/fuzz_profile: tests/fuzz/fuzz_profile.c pipeline/render_report.c pipeline/lib/document.c \
                   pipeline/lib/csvin.c pipeline/lib/orgtree.c $(FUZZ_LAYOUT) $(FUZZ_JSON) $(FUZZ_HEADERS) | $(B)
	$(FUZZ_CC) -Ipipeline -o $@ $(filter %.c,$^) $(FUZZ_LIBS)
$(B)/fuzz_report: tests/fuzz/fuzz_report.c pipeline/lib/document.c pipeline/lib/csvin.c \
                  pipeline/lib/orgtree.c pipeline/render_report.c $(FUZZ_LAYOUT) $(FUZZ_JSON) $(FUZZ_HEADERS) | $(B)
	$(FUZZ_CC) -Ipipeline -o $@ $(filter %.c,$^) $(FUZZ_LIBS)
# aggregate_count.c is compiled into the harness (its reader is static)
$(B)/fuzz_aggregate: tests/fuzz/fuzz_aggregate_table.c pipeline/aggregate_count.c \
                     pipeline/aggregate_figures.c pipeline/aggregate_rules.c pipeline/lib/csvin.c \
                     pipeline/lib/keyset.c pipeline/lib/orgtree.c pipeline/lib/rejects.c $(FUZZ_JSON) $(FUZZ_HEADERS) | $(B)
	$(FUZZ_CC) -Ipipeline -o $@ $(filter-out pipeline/aggregate_count.c,$(filter %.c,$^)) $(FUZZ_LIBS)

# the seeds of each harness beyond its committed corpus
FUZZ_SEEDS_validate  := $(wildcard tests/cases/*/*.csv)
FUZZ_SEEDS_schema    := $(wildcard templates/schema/*.json tests/cases/*/schema/*.json)
FUZZ_SEEDS_template  := $(wildcard templates/report/*.json)
FUZZ_SEEDS_profile   := $(wildcard templates/profile/*.json)
FUZZ_SEEDS_report    := $(wildcard $(INPUT_DIR)/*/report*.json templates/init/report.json \
                          tests/cases/render-dump/report.json)
FUZZ_SEEDS_aggregate := $(wildcard tests/cases/aggregate-fixture/valid/*.csv)
FUZZ_MAXLEN_schema := 16384
FUZZ_MAXLEN_template := 32768
FUZZ_MAXLEN_profile := 8192
FUZZ_MAXLEN_report := 8192
FUZZ_MAXLEN_aggregate := 8192
FUZZ_LOADERS := schema template profile report aggregate
# more libFuzzer options, as FUZZ_FLAGS='-fork=1 -ignore_crashes=1' to go on past a known crash
FUZZ_FLAGS ?=
.PHONY: $(FUZZ_LOADERS:%=fuzz-%) fuzz-smoke

# copies files $(1) into folder $(2), named after their paths (three files are report.json)
fuzz_copy = for f in $(1); do cp "$$f" "$(2)/$$(echo "$$f" | tr / _)"; done

$(FUZZ_LOADERS:%=fuzz-%): fuzz-%: $(B)/fuzz_%
	mkdir -p $(B)/fuzz-$*-corpus
	cp tests/fuzz/corpus/$*/* $(B)/fuzz-$*-corpus/
	$(call fuzz_copy,$(FUZZ_SEEDS_$*),$(B)/fuzz-$*-corpus)
	$(B)/fuzz_$* -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAXLEN_$*) -timeout=10 \
	  -rss_limit_mb=2048 -artifact_prefix=$(B)/fuzz-$*- $(FUZZ_FLAGS) $(B)/fuzz-$*-corpus

# Every harness briefly over its committed corpus and its seeds (the cut fonts for
# fuzz_ttf), for CI: each runs them all, then a fixed series of mutations (seed 1,
# FUZZ_SMOKE_RUNS, at most FUZZ_SMOKE_SECONDS); what it finds goes to
# $(B)/fuzz-smoke/NAME, never into the committed corpus.
FUZZ_SMOKE_RUNS ?= 2000
FUZZ_SMOKE_SECONDS ?= 10
FUZZ_MAXLEN_validate := 4096
FUZZ_MAXLEN_ttf := 65536
FUZZ_MAXLEN_layout := 2048
FUZZ_ALL := validate ttf layout $(FUZZ_LOADERS)
fuzz-smoke: $(FUZZ_ALL:%=$(B)/fuzz_%) $(FONTS)
	@rm -rf $(B)/fuzz-smoke && mkdir -p $(FUZZ_ALL:%=$(B)/fuzz-smoke/%) && cp $(FONTS) $(B)/fuzz-smoke/ttf/
	@$(foreach h,validate $(FUZZ_LOADERS),$(call fuzz_copy,$(FUZZ_SEEDS_$(h)),$(B)/fuzz-smoke/$(h));)
	@set -e; $(foreach h,$(FUZZ_ALL),echo "== fuzz_$(h)"; \
	  $(B)/fuzz_$(h) -runs=$(FUZZ_SMOKE_RUNS) -seed=1 -max_total_time=$(FUZZ_SMOKE_SECONDS) -max_len=$(FUZZ_MAXLEN_$(h)) -timeout=10 \
	    -rss_limit_mb=2048 -artifact_prefix=$(B)/fuzz-smoke/$(h)- $(B)/fuzz-smoke/$(h) \
	    tests/fuzz/corpus/$(h) 2>$(B)/fuzz-smoke/$(h).log || { tail -n 40 $(B)/fuzz-smoke/$(h).log; exit 1; }; \
	  grep -aE '^#[0-9]+[[:space:]]+(INITED|DONE)' $(B)/fuzz-smoke/$(h).log | cut -c1-72 || true;)

# Regenerates the committed sample (input/2021, input/2022) from the generator.
sample: $(B)/baocao-gendata
	$(B)/baocao-gendata --preset kontum --year 2021 $(INPUT_DIR)/2021
	$(B)/baocao-gendata --preset kontum --year 2022 $(INPUT_DIR)/2022

install-deps:
	./bootstrap --no-batch

# ---- install: programs in bin/, the batch and its data in share/baocao/, man pages ----
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
INSTALLED := baocao baocao-validate baocao-aggregate baocao-render baocao-publish baocao-send
MAN_PAGES := $(wildcard man/*.[157])

install: $(INSTALLED:%=$(B)/%) $(FONTS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/fonts
	install -m 755 $(INSTALLED:%=$(B)/%) $(DESTDIR)$(BINDIR)/
	install -m 644 batch.mk $(DESTDIR)$(DATADIR)/
	install -m 644 $(FONTS) $(DESTDIR)$(DATADIR)/fonts/
	cd templates && find . -type f | sort | while read -r f; do \
	  install -D -m 644 "$$f" "$(DESTDIR)$(DATADIR)/templates/$$f" || exit 2; done
	for p in $(MAN_PAGES); do \
	  install -D -m 644 "$$p" "$(DESTDIR)$(MANDIR)/man$${p##*.}/$${p##*/}" || exit 2; done

uninstall:
	rm -f $(INSTALLED:%=$(DESTDIR)$(BINDIR)/%)
	rm -rf $(DESTDIR)$(DATADIR)
	for p in $(MAN_PAGES); do rm -f "$(DESTDIR)$(MANDIR)/man$${p##*.}/$${p##*/}"; done

clean:
	rm -rf build build-dev $(OUTPUT_DIR)

-include $(wildcard $(B)/*.d $(B)/lib/*.d $(B)/tests/*.d)
