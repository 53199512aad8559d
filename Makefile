# baocao: the batch pipeline. One flat Makefile (see README.md).
#
#   make                     build, then run the batch for YEAR (default 2022)
#   make YEAR=2021           another year;  make YEAR=2023 MONTH=05  a month
#   make validate            run the validate stage alone (make aggregate, make render: up to it)
#   make check               every test;  make bench  the benchmarks
#   make fonts               the font faces cut for render (build/fonts/)
#   make DEVELOPER=1         -Werror and AddressSanitizer/UBSan
#   INPUT_DIR=… OUTPUT_DIR=… override input/ and output/

YEAR       ?= 2022
MONTH      ?=
INPUT_DIR  ?= input
OUTPUT_DIR ?= output
SCHEMA_DIR ?= templates/schema
PROFILE_DIR  ?= templates/profile
TEMPLATE_DIR ?= templates/report
# which organisation types count where, and the warnings on the figures
AGGREGATE_RULES ?= templates/aggregate.json
# extra options for baocao-validate, e.g. VALIDATE_FLAGS='--encoding cam_ket=tcvn3'
VALIDATE_FLAGS ?=
# STRICT=1 makes rejected records stop the batch instead of a notice
STRICT     ?=

# the check that stops the batch with STRICT=1 (below, after the validate rules)
STRICT_CHECK := $(if $(STRICT),strict-check)

# The goals that run the batch (the others only build or test).
BATCH_GOALS := $(strip $(filter all batch validate aggregate render readme-png publish,$(or \
               $(MAKECMDGOALS),all)) $(if $(PUBLISH_CHECK),publish))

# The period, checked before any work: a year 1930-2099, a month 1-12 (5 means 05).
ifneq ($(BATCH_GOALS),)
ifneq ($(words $(YEAR)),1)
$(error baocao: YEAR phải là một năm, như YEAR=2022)
endif
ifeq ($(filter $(YEAR),$(shell seq 1930 2099)),)
$(error baocao: YEAR=$(YEAR) không phải một năm từ 1930 đến 2099, như YEAR=2022)
endif
ifneq ($(MONTH),)
ifeq ($(filter $(MONTH),1 2 3 4 5 6 7 8 9 01 02 03 04 05 06 07 08 09 10 11 12),)
$(error baocao: MONTH=$(MONTH) không phải một tháng từ 1 đến 12, như MONTH=05)
endif
override MONTH := $(if $(filter 1 2 3 4 5 6 7 8 9,$(MONTH)),0$(MONTH),$(MONTH))
endif
endif

PERIOD := $(YEAR)$(if $(MONTH),-$(MONTH))
IN     := $(INPUT_DIR)/$(YEAR)
OUT    := $(OUTPUT_DIR)/$(PERIOD)

YEARLY_RESOURCES  := to_chuc nhan_su cam_ket xep_loai mo_hinh khen_thuong sinh_hoat
MONTHLY_RESOURCES := to_chuc nhan_su sinh_hoat
RESOURCES := $(if $(MONTH),$(MONTHLY_RESOURCES),$(YEARLY_RESOURCES))
INPUTS    := $(RESOURCES:%=$(IN)/%.csv)
SCHEMAS   := $(RESOURCES:%=$(SCHEMA_DIR)/%.json)

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
LIB_MODULES := util cli outfile textnorm fmt jsonfile csvin rejects keyset schema orgtree sha256 document zipfile \
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
PROGRAMS    := $(B)/baocao-validate $(B)/baocao-aggregate $(B)/baocao-render $(B)/baocao-publish \
               $(B)/baocao-send $(B)/baocao-gendata
UNIT_TESTS  := $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/test_*.c))

.DELETE_ON_ERROR:
.PHONY: FORCE all programs batch validate aggregate render publish send readme-png fonts check unit-tests case-tests corpus-tests bench bench-render bench-publish fuzz fuzz-ttf fuzz-layout clean sample install-deps

all: batch

programs: $(PROGRAMS)

# The batch's last line: where the reports are, and how many are drafts.
batch: validate aggregate render
	@n=$$(ls $(OUT)/reports/*.pdf 2>/dev/null | wc -l); \
	 d=$$(grep -ls '"du_thao":	true' $(OUT)/aggregate/*.json | wc -l); \
	 if [ "$$d" -eq 0 ]; then echo "baocao: xong kỳ $(PERIOD): $$n báo cáo trong $(OUT)/reports/"; \
	 else echo "baocao: xong kỳ $(PERIOD), nhưng $$d trong $$n báo cáo là DỰ THẢO vì có bản ghi bị từ chối: xem $(OUT)/rejects.csv và $(OUT)/reports/kiem-tra/"; fi

validate: $(OUT)/validation.json $(STRICT_CHECK)

$(B) $(B)/lib $(B)/tests $(OUT):
	mkdir -p $@

# The shared modules are compiled without an include path: a stage's header
# (pipeline/*.h) cannot be reached from pipeline/lib/.
$(B)/lib/%.o: pipeline/lib/%.c | $(B)/lib
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# pdfsign is the only module that includes NSS
$(B)/lib/pdfsign.o: ALL_CFLAGS += $(shell pkg-config --cflags nss)

$(B)/%.o: pipeline/%.c | $(B)
	$(CC) $(ALL_CFLAGS) -Ipipeline/lib -c -o $@ $<

$(B)/libbaocao.a: $(LIB_OBJS)
	$(AR) rcs $@ $^

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

# The validate rule of one period: $1 output folder, $2 input folder, $3 year,
# $4 period name, $5 resources. A missing import stops make with one line
# (the $(error) of a recipe runs when make is about to build the file);
# exit 1 (some records rejected) lets the valid records go on. The period's
# settings ($2/cai_dat.json: encodings, separators) and VALIDATE_FLAGS are
# tracked through $1/.validate-options, rewritten only when they change.
define validate_rule
$2/%.csv:
	$$(error baocao: thiếu tệp $$@, cần cho kỳ $4; hãy chép tệp vào $2/ rồi chạy lại)

$1/.validate-options:

$1/validation.json: $(B)/baocao-validate $(5:%=$2/%.csv) $(5:%=$(SCHEMA_DIR)/%.json) \
                    $(wildcard $2/cai_dat.json) $1/.validate-options | $1
	$(B)/baocao-validate -o $1 -y $3 -p $4 -s $(SCHEMA_DIR) \
	  $(if $(wildcard $2/cai_dat.json),--settings $2/cai_dat.json) $(VALIDATE_FLAGS) $(5:%=$2/%.csv) \
	  || { test $$$$? -eq 1 && \
	       echo "baocao: có bản ghi bị từ chối, xem $1/rejects.csv$(if $(STRICT),,; các bản ghi hợp lệ vẫn được xử lý tiếp)" >&2; }
endef

# With STRICT=1, rejected records stop the batch before aggregate, in one line
# and on every run (the $(error) of the recipe of a phony target, there only
# with STRICT=1 so that make -q still tells an up-to-date batch).
ifneq ($(STRICT),)
.PHONY: strict-check
strict-check: $(OUT)/validation.json
	$(if $(shell grep -qs '"valid":	false' $(OUT)/validation.json && echo x),\
	  $(error baocao: dừng vì STRICT=1: có bản ghi bị từ chối, xem $(OUT)/rejects.csv))@:
endif
# The options of validate for output folder $1 and input folder $2, in $1/.validate-options,
# rewritten only when they change (make tracks files, not variables).
options_stamp = $(shell mkdir -p $1 && o='$(VALIDATE_FLAGS) $(wildcard $2/cai_dat.json)' && \
  { test "$$(cat $1/.validate-options 2>/dev/null)" = "$$o" || printf '%s\n' "$$o" >$1/.validate-options; })
$(if $(BATCH_GOALS),$(call options_stamp,$(OUT),$(IN)))
$(eval $(call validate_rule,$(OUT),$(IN),$(YEAR),$(PERIOD),$(RESOURCES)))

# The previous year, where its imports exist, for the change against it.
PREV_YEAR := $(shell expr $(YEAR) - 1)
PREV_OUT  := $(if $(MONTH),,$(if $(wildcard $(INPUT_DIR)/$(PREV_YEAR)/to_chuc.csv),$(OUTPUT_DIR)/$(PREV_YEAR)))
ifneq ($(PREV_OUT),)
$(PREV_OUT):
	mkdir -p $@
$(if $(BATCH_GOALS),$(call options_stamp,$(PREV_OUT),$(INPUT_DIR)/$(PREV_YEAR)))
$(eval $(call validate_rule,$(PREV_OUT),$(INPUT_DIR)/$(PREV_YEAR),$(PREV_YEAR),$(PREV_YEAR),$(YEARLY_RESOURCES)))
endif

# The aggregate stage: every organisation's figures, rewritten only where they change.
aggregate: $(OUT)/aggregate/.done

$(OUT)/aggregate/.done: $(B)/baocao-aggregate $(AGGREGATE_RULES) $(OUT)/validation.json \
                        $(PREV_OUT:%=%/validation.json) | $(STRICT_CHECK)
	$(B)/baocao-aggregate -o $(OUT) -y $(YEAR) $(if $(MONTH),-m $(MONTH)) $(PREV_OUT:%=-p %) \
	  -r $(AGGREGATE_RULES)
	touch $@

# ---- fonts (for the render stage) ----
# Liberation Serif cut to the Latin + Vietnamese repertoire at build time:
# libharu's cost per face and the PDF's size follow the font's size (LIBS.md).
FONT_DIR   ?= /usr/share/fonts/truetype/liberation2
FONT_FACES := LiberationSerif-Regular LiberationSerif-Bold LiberationSerif-Italic \
              LiberationSerif-BoldItalic
FONT_UNICODES := U+0020-007E,U+00A0-00FF,U+0100-017F,U+01A0-01B0,U+0300-0323,U+1EA0-1EF9,$\
                 U+2010-2027,U+2030-203A,U+20AB,U+2116,U+2212
FONTS := $(FONT_FACES:%=$(B)/fonts/%.ttf)

fonts: $(FONTS)

$(B)/fonts:
	mkdir -p $@

$(B)/fonts/%.ttf: $(FONT_DIR)/%.ttf Makefile | $(B)/fonts
	pyftsubset $< --unicodes='$(FONT_UNICODES)' --no-hinting --layout-features= \
	  --drop-tables+=FFTM --output-file=$@.tmp && mv $@.tmp $@

# The render stage: one PDF per organisation. make decides which reports are
# out of date (their organisation's aggregate file or number changed, their
# PDF is missing, or everything when a shared input changed: the program,
# report.json, a profile, a template, a font); one baocao-render process makes
# them, loading what they share once and forking a process per report,
# RENDER_JOBS at a time (make's -j by default, all cores for a bare -j).
# The list of reports is the aggregate stage's files, written to reports.mk
# (make reads it, after building it, and starts again); reports of
# organisations that left the period are removed then.
# a month may have its own document parameters (number, date): input/<year>/report-<MM>.json
# The office's register of document numbers, kept across periods: the batch
# gives a number to each organisation's notice that has none (never changing
# one), and copies it to $(OUT)/so-van-ban/<ma_to_chuc>.txt, which that
# report depends on.
REGISTER ?= $(INPUT_DIR)/so_van_ban.csv
REPORT_JSON := $(firstword $(if $(MONTH),$(wildcard $(IN)/report-$(MONTH).json)) $(IN)/report.json)
RENDER_DEPS := $(B)/baocao-render $(REPORT_JSON) $(wildcard $(PROFILE_DIR)/*.json) \
               $(wildcard $(TEMPLATE_DIR)/*.json) $(FONTS)
RENDER_JOBS ?= $(patsubst -j%,%,$(or $(filter -j%,$(MAKEFLAGS)),-j1))
RENDER_JOBS := $(if $(RENDER_JOBS),$(RENDER_JOBS),0)
RENDER_GOALS := all batch render readme-png publish
ifneq ($(filter $(RENDER_GOALS),$(or $(MAKECMDGOALS),all))$(PUBLISH_CHECK),)
-include $(OUT)/reports.mk
endif
REPORTS := $(RENDER_ORGS:%=$(OUT)/reports/%.pdf)
VALIDATION_REPORTS := $(CHECKED_ORGS:%=$(OUT)/reports/kiem-tra/%.pdf)
RENDERED := $(OUT)/reports/.done $(OUT)/reports/kiem-tra/.done

render: $(RENDERED)

# Validation reports (reports/kiem-tra/<ma_to_chuc>.pdf): one per organisation
# named on a row of rejects.csv, and the root's for the rows naming none
# (baocao-render -l lists them).
$(OUT)/reports.mk: $(OUT)/aggregate/.done $(B)/baocao-render $(REPORT_JSON) $(wildcard $(REGISTER))
	mkdir -p $(OUT)/reports/kiem-tra
	$(B)/baocao-render -a $(REGISTER) -r $(REPORT_JSON) -o $(OUT)/so-van-ban $(OUT)/aggregate
	ls $(OUT)/aggregate | sed -n 's/\.json$$//p' | sort > $@.orgs
	ls $(OUT)/reports | sed -n 's/\.pdf$$//p' | sort | comm -23 - $@.orgs \
	  | sed 's|.*|$(OUT)/reports/&.pdf|' | xargs -r rm -f
	$(B)/baocao-render -l -e $(OUT)/rejects.csv $(OUT)/aggregate > $@.checked
	ls $(OUT)/reports/kiem-tra | sed -n 's/\.pdf$$//p' | sort | comm -23 - $@.checked \
	  | sed 's|.*|$(OUT)/reports/kiem-tra/&.pdf|' | xargs -r rm -f
	{ sed 's|.*|RENDER_ORGS += &|' $@.orgs; \
	  ls $(OUT)/so-van-ban | sed -n 's|\(.*\)\.txt$$|NUMBER_FILES += $(OUT)/so-van-ban/&|p'; \
	  sed 's|.*|CHECKED_ORGS += &|' $@.checked; } > $@.tmp
	rm $@.orgs $@.checked && mv $@.tmp $@

$(OUT)/reports $(OUT)/reports/kiem-tra:
	mkdir -p $@

# stale_orgs(FOLDER,ORGS): the organisations of ORGS whose report in FOLDER
# the recipe of $@ must make: all when $@ is missing or an input shared by
# every report changed, else those whose aggregate file or number changed,
# and those whose PDF is missing.
stale_orgs = $(if $(or $(if $(wildcard $@),,all),$(filter-out $(OUT)/aggregate/%.json \
  $(OUT)/so-van-ban/%.txt FORCE,$?)),$2,$(sort \
  $(patsubst $(OUT)/aggregate/%.json,%,$(filter $(OUT)/aggregate/%.json,$?)) \
  $(patsubst $(OUT)/so-van-ban/%.txt,%,$(filter $(OUT)/so-van-ban/%.txt,$?)) \
  $(patsubst $1/%.pdf,%,$(filter-out $(wildcard $(2:%=$1/%.pdf)),$(2:%=$1/%.pdf)))))
missing = $(if $(filter-out $(wildcard $1),$1),FORCE)
RENDER_ARGS = -p $(PROFILE_DIR) -t $(TEMPLATE_DIR) -r $(REPORT_JSON) -f $(B)/fonts -j $(RENDER_JOBS)

$(OUT)/reports/.done: $(RENDER_ORGS:%=$(OUT)/aggregate/%.json) $(NUMBER_FILES) $(RENDER_DEPS) \
                      $(call missing,$(REPORTS)) | $(OUT)/reports
	$(file >$@.todo,$(patsubst %,$(OUT)/aggregate/%.json,$(call stale_orgs,$(OUT)/reports,$(RENDER_ORGS))))
	$(B)/baocao-render $(RENDER_ARGS) -N $(OUT)/so-van-ban -o $(OUT)/reports --batch $@.todo
	rm -f $@.todo && touch $@

$(OUT)/reports/kiem-tra/.done: $(CHECKED_ORGS:%=$(OUT)/aggregate/%.json) $(OUT)/rejects.csv \
                               $(RENDER_DEPS) $(call missing,$(VALIDATION_REPORTS)) | $(OUT)/reports/kiem-tra
	$(file >$@.todo,$(patsubst %,$(OUT)/aggregate/%.json,$(call stale_orgs,$(OUT)/reports/kiem-tra,$(CHECKED_ORGS))))
	$(B)/baocao-render $(RENDER_ARGS) -e $(OUT)/rejects.csv -o $(OUT)/reports/kiem-tra --batch $@.todo
	rm -f $@.todo && touch $@

# a number file lost: the register is read again
$(OUT)/so-van-ban/%.txt: | $(OUT)/reports.mk
	$(B)/baocao-render -a $(REGISTER) -r $(REPORT_JSON) -o $(OUT)/so-van-ban $(OUT)/aggregate

# a report asked for by name: made with the others
$(OUT)/reports/%.pdf: $(OUT)/reports/.done ;
$(OUT)/reports/kiem-tra/%.pdf: $(OUT)/reports/kiem-tra/.done ;

FORCE:

# ---- publish: what is sent, and to whom ----
# make publish assembles $(OUT)/phat-hanh/ (baocao-publish); drafts are refused
# unless PUBLISH_DRAFTS=1; with SIGN_NSSDB and SIGN_NICK (SIGN_PIN_FILE for a
# PIN) every PDF is signed twice, the second time with SIGN_ORG_NICK's key when
# given (SIGN_ORG_PIN_FILE for its PIN); after a signed publication, one
# without keys needs PUBLISH_UNSIGNED=1. The options (never a PIN) are tracked
# like validate's, so changing them publishes again.
PUBLISH_DRAFTS    ?=
PUBLISH_UNSIGNED  ?=
SIGN_NSSDB        ?=
SIGN_NICK         ?=
SIGN_PIN_FILE     ?=
SIGN_ORG_NICK     ?=
SIGN_ORG_PIN_FILE ?=
PUBLISH_FLAGS := $(if $(PUBLISH_DRAFTS),--drafts) $(if $(PUBLISH_UNSIGNED),--unsigned) \
  $(if $(SIGN_NSSDB),--sign-nssdb '$(SIGN_NSSDB)' --sign-nick '$(SIGN_NICK)') \
  $(if $(SIGN_PIN_FILE),--sign-pin-file '$(SIGN_PIN_FILE)') \
  $(if $(SIGN_ORG_NICK),--sign-org-nick '$(SIGN_ORG_NICK)') \
  $(if $(SIGN_ORG_PIN_FILE),--sign-org-pin-file '$(SIGN_ORG_PIN_FILE)')
$(if $(and $(filter publish,$(MAKECMDGOALS)),$(if $(PUBLISH_CHECK),,1)),$(shell mkdir -p $(OUT) && \
  o="$(PUBLISH_FLAGS)" && { test "$$(cat $(OUT)/.publish-options 2>/dev/null)" = "$$o" || \
  printf '%s\n' "$$o" >$(OUT)/.publish-options; }))
$(OUT)/.publish-options:

publish: $(OUT)/.published

# PUBLISH_CHECK=1 (make send's question "is the publication current?") leaves the options out.
# A PDF changed after the publication (by hand, or by a render run outside
# make) makes it out of date as well: the stamps above only see make's renders.
changed_pdfs = $(if $(wildcard $(OUT)/.published),$(shell find $(OUT)/reports -name '*.pdf' \
  -newer $(OUT)/.published -print -quit 2>/dev/null))
$(OUT)/.published: $(B)/baocao-publish $(RENDERED) $(OUT)/rejects.csv $(OUT)/aggregate/.done \
                   $(REPORT_JSON) $(if $(PUBLISH_CHECK),,$(OUT)/.publish-options) $(if $(changed_pdfs),FORCE)
	$(B)/baocao-publish -o $(OUT) -r $(REPORT_JSON) $(PUBLISH_FLAGS)
	touch $@

# ---- send: the publication mailed to nguoi_nhan.csv ----
# make send SMTP_URL=smtp://HOST:PORT MAIL_FROM=ADDRESS [SMTP_AUTH_FILE=F]
# [SMTP_CACERT=F] [RETRY_FAILED=1] [DRY_RUN=1]. It always runs: the ledger
# phat-hanh/so-gui.csv decides what goes. It never publishes (that would need
# the signing options again): a publication older than the reports stops it.
SMTP_URL       ?=
MAIL_FROM      ?=
SMTP_AUTH_FILE ?=
SMTP_CACERT    ?=
RECIPIENTS     ?= $(INPUT_DIR)/nguoi_nhan.csv
MAIL_TEMPLATE  ?= templates/mail/thu.json

SEND_FLAGS = $(if $(SMTP_AUTH_FILE),--auth-file '$(SMTP_AUTH_FILE)') \
  $(if $(SMTP_CACERT),--cacert '$(SMTP_CACERT)') $(if $(RETRY_FAILED),--retry-failed) $(if $(DRY_RUN),--dry-run)

send: $(B)/baocao-send
	$(if $(SMTP_URL),,$(error baocao: thiếu SMTP_URL, như SMTP_URL=smtp://mail.example.vn:587))
	$(if $(MAIL_FROM),,$(error baocao: thiếu MAIL_FROM, địa chỉ thư của người gửi))
	@test -f $(OUT)/.published || { echo "baocao: kỳ $(PERIOD) chưa phát hành: chạy make publish trước khi gửi" >&2; exit 2; }
	@$(MAKE) -q --no-print-directory $(OUT)/.published PUBLISH_CHECK=1 || { echo "baocao: báo cáo kỳ" \
	  "$(PERIOD) đã thay đổi sau lần phát hành cuối: chạy make publish (với các tùy chọn ký số như lần" \
	  "trước) rồi gửi" >&2; exit 2; }
	$(B)/baocao-send -p $(OUT)/phat-hanh -r '$(RECIPIENTS)' -t '$(MAIL_TEMPLATE)' \
	  --smtp '$(SMTP_URL)' --from '$(MAIL_FROM)' $(strip $(SEND_FLAGS))

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
	@tests/run-cases $(B)

corpus-tests: $(B)/baocao-validate
	@tests/run-corpora $(B)

check: $(PROGRAMS) $(UNIT_TESTS) $(FONTS)
	@tests/run-all $(B)

bench: $(PROGRAMS) $(FONTS)
	@tests/bench/run $(B) && tests/bench/render $(B) $(B)/bench/out-validate-all/aggregate && \
	  tests/bench/publish $(B) $(B)/bench/out-validate-all

bench-render: $(PROGRAMS) $(FONTS)
	@tests/bench/render $(B)

bench-publish: $(PROGRAMS) $(FONTS)
	@tests/bench/publish $(B)

# The CSV reader under libFuzzer with sanitizers (needs clang and libclang-rt-14-dev).
FUZZ_SECONDS ?= 60
fuzz: | $(B)
	clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Ipipeline/lib \
	  -o $(B)/fuzz_validate tests/fuzz/fuzz_validate.c pipeline/lib/csvin.c pipeline/lib/textnorm.c \
	  pipeline/lib/util.c -lcsv -lutf8proc
	mkdir -p $(B)/fuzz-corpus
	for f in tests/cases/*/*.csv; do cp "$$f" "$(B)/fuzz-corpus/$$(echo "$$f" | tr / _)"; done
	$(B)/fuzz_validate -max_total_time=$(FUZZ_SECONDS) -max_len=4096 $(B)/fuzz-corpus

# The font reader and subsetter under libFuzzer, from the cut fonts.
fuzz-ttf: $(FONTS) | $(B)
	clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Ipipeline/lib \
	  -o $(B)/fuzz_ttf tests/fuzz/fuzz_ttf.c pipeline/lib/ttf.c pipeline/lib/util.c
	mkdir -p $(B)/fuzz-ttf-corpus && cp $(FONTS) $(B)/fuzz-ttf-corpus/
	$(B)/fuzz_ttf -max_total_time=$(FUZZ_SECONDS) -max_len=65536 $(B)/fuzz-ttf-corpus

# Templates and the layout under libFuzzer, from the report templates' texts.
fuzz-layout: $(FONTS) | $(B)
	clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Ipipeline/lib \
	  -o $(B)/fuzz_layout tests/fuzz/fuzz_layout.c pipeline/lib/template.c pipeline/lib/layout.c \
	  pipeline/lib/ttf.c pipeline/lib/jsonfile.c pipeline/lib/outfile.c pipeline/lib/fmt.c \
	  pipeline/lib/textnorm.c pipeline/lib/util.c -lcjson -lutf8proc -lm -lpthread
	mkdir -p $(B)/fuzz-layout-corpus
	grep -ho '"text": "[^"]*"' $(TEMPLATE_DIR)/*.json | sed 's/^"text": "//; s/"$$//' \
	  | split -l 1 - $(B)/fuzz-layout-corpus/t-
	$(B)/fuzz_layout -max_total_time=$(FUZZ_SECONDS) -max_len=2048 $(B)/fuzz-layout-corpus

# Regenerates the committed sample (input/2021, input/2022) from the generator.
sample: $(B)/baocao-gendata
	$(B)/baocao-gendata --preset kontum --year 2021 $(INPUT_DIR)/2021
	$(B)/baocao-gendata --preset kontum --year 2022 $(INPUT_DIR)/2022

install-deps:
	.ci/install-deps

clean:
	rm -rf build build-dev $(OUTPUT_DIR)

-include $(wildcard $(B)/*.d $(B)/lib/*.d $(B)/tests/*.d)
