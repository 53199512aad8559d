# baocao: the batch. Four stages (validate, aggregate, render, publish) and
# send, for one period: INPUT_DIR/YEAR/*.csv to OUTPUT_DIR/PERIOD/. The
# repository's Makefile includes it after building the programs; installed,
# it is PREFIX/share/baocao/batch.mk, which the baocao command runs in the
# current folder. Only what changed is made again. `make help` lists the
# targets and variables.
#
# Where things are: BIN the programs, TEMPLATES the schemas, profiles, report
# and mail templates and aggregate.json, CUT_FONTS the cut font faces.

BIN        ?= build
# V=1 shows the commands make runs; make -s shows only errors
Q          := $(if $(V),,@)
QUIET      := $(if $(findstring s,$(firstword -$(MAKEFLAGS))),-q)
TEMPLATES  ?= templates
CUT_FONTS  ?= $(BIN)/fonts

YEAR       ?= 2022
MONTH      ?=
INPUT_DIR  ?= input
OUTPUT_DIR ?= output
SCHEMA_DIR ?= $(TEMPLATES)/schema
PROFILE_DIR  ?= $(TEMPLATES)/profile
TEMPLATE_DIR ?= $(TEMPLATES)/report
# which organisation types count where, and the warnings on the figures
AGGREGATE_RULES ?= $(TEMPLATES)/aggregate.json
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

.DELETE_ON_ERROR:
.PHONY: FORCE all batch validate aggregate render publish send help

# the default goal: the batch of the period
all: batch

# The batch's last line: where the reports are, and how many are drafts
# (that one also under make -s).
batch: validate aggregate render
	@n=$$(ls $(OUT)/reports/*.pdf 2>/dev/null | wc -l); \
	 d=$$(grep -ls '"du_thao":	true' $(OUT)/aggregate/*.json | wc -l); \
	 if [ "$$d" -ne 0 ]; then echo "baocao: xong kỳ $(PERIOD), nhưng $$d trong $$n báo cáo là DỰ THẢO vì có bản ghi bị từ chối: xem $(OUT)/rejects.csv và $(OUT)/reports/kiem-tra/" >&2; \
	 elif [ -z "$(QUIET)" ]; then echo "baocao: xong kỳ $(PERIOD): $$n báo cáo trong $(OUT)/reports/"; fi

validate: $(OUT)/validation.json $(STRICT_CHECK)

$(OUT):
	$(Q)mkdir -p $@

# The validate rule of one period: $1 output folder, $2 input folder, $3 year,
# $4 period name, $5 resources. A missing import stops make with one line
# (the $(error) of a recipe runs when make is about to build the file);
# exit 1 (some records rejected) lets the valid records go on. The period's
# settings ($2/cai_dat.json: encodings, separators) and VALIDATE_FLAGS are
# tracked through $1/.validate-options, rewritten only when they change.
define validate_rule
$2/%.csv:
	$(Q)$$(error baocao: thiếu tệp $$@, cần cho kỳ $4; hãy chép tệp vào $2/ rồi chạy lại)

$1/.validate-options:

$1/validation.json: $(BIN)/baocao-validate $(5:%=$2/%.csv) $(5:%=$(SCHEMA_DIR)/%.json) \
                    $(wildcard $2/cai_dat.json) $1/.validate-options | $1
	$(Q)$(BIN)/baocao-validate $(QUIET) -o $1 -y $3 -p $4 -s $(SCHEMA_DIR) \
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
	$(Q)$(if $(shell grep -qs '"valid":	false' $(OUT)/validation.json && echo x),\
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
	$(Q)mkdir -p $@
$(if $(BATCH_GOALS),$(call options_stamp,$(PREV_OUT),$(INPUT_DIR)/$(PREV_YEAR)))
$(eval $(call validate_rule,$(PREV_OUT),$(INPUT_DIR)/$(PREV_YEAR),$(PREV_YEAR),$(PREV_YEAR),$(YEARLY_RESOURCES)))
endif

# The aggregate stage: every organisation's figures, rewritten only where they change.
aggregate: $(OUT)/aggregate/.done

$(OUT)/aggregate/.done: $(BIN)/baocao-aggregate $(AGGREGATE_RULES) $(OUT)/validation.json \
                        $(PREV_OUT:%=%/validation.json) | $(STRICT_CHECK)
	$(Q)$(BIN)/baocao-aggregate $(QUIET) -o $(OUT) -y $(YEAR) $(if $(MONTH),-m $(MONTH)) $(PREV_OUT:%=-p %) \
	  -r $(AGGREGATE_RULES)
	$(Q)touch $@

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
# the faces render draws with, cut to the Vietnamese repertoire (make fonts in the repository)
FONT_FACES := LiberationSerif-Regular LiberationSerif-Bold LiberationSerif-Italic \
              LiberationSerif-BoldItalic
FONTS := $(FONT_FACES:%=$(CUT_FONTS)/%.ttf)
RENDER_DEPS := $(BIN)/baocao-render $(REPORT_JSON) $(wildcard $(PROFILE_DIR)/*.json) \
               $(wildcard $(TEMPLATE_DIR)/*.json) $(FONTS)
# (expanded in the recipe: make 4.3 puts -j in MAKEFLAGS only once it runs recipes)
RENDER_JOBS ?= $(patsubst -j%,%,$(or $(filter -j%,$(MAKEFLAGS)),-j1))
RENDER_GOALS := all batch render readme-png publish
ifneq ($(filter $(RENDER_GOALS),$(or $(MAKECMDGOALS),all))$(PUBLISH_CHECK),)
include $(OUT)/reports.mk
endif
REPORTS := $(RENDER_ORGS:%=$(OUT)/reports/%.pdf)
VALIDATION_REPORTS := $(CHECKED_ORGS:%=$(OUT)/reports/kiem-tra/%.pdf)
RENDERED := $(OUT)/reports/.done $(OUT)/reports/kiem-tra/.done

render: $(RENDERED)

# Validation reports (reports/kiem-tra/<ma_to_chuc>.pdf): one per organisation
# named on a row of rejects.csv, and the root's for the rows naming none
# (baocao-render -l lists them).
$(OUT)/reports.mk: $(OUT)/aggregate/.done $(BIN)/baocao-render $(REPORT_JSON) $(wildcard $(REGISTER))
	$(Q)mkdir -p $(OUT)/reports/kiem-tra
	$(Q)$(BIN)/baocao-render -a $(REGISTER) -r $(REPORT_JSON) -o $(OUT)/so-van-ban $(OUT)/aggregate
	$(Q)ls $(OUT)/aggregate | sed -n 's/\.json$$//p' | sort > $@.orgs
	$(Q)ls $(OUT)/reports | sed -n 's/\.pdf$$//p' | sort | comm -23 - $@.orgs \
	  | sed 's|.*|$(OUT)/reports/&.pdf|' | xargs -r rm -f
	$(Q)$(BIN)/baocao-render -l -e $(OUT)/rejects.csv $(OUT)/aggregate > $@.checked
	$(Q)ls $(OUT)/reports/kiem-tra | sed -n 's/\.pdf$$//p' | sort | comm -23 - $@.checked \
	  | sed 's|.*|$(OUT)/reports/kiem-tra/&.pdf|' | xargs -r rm -f
	$(Q){ sed 's|.*|RENDER_ORGS += &|' $@.orgs; \
	  ls $(OUT)/so-van-ban | sed -n 's|\(.*\)\.txt$$|NUMBER_FILES += $(OUT)/so-van-ban/&|p'; \
	  sed 's|.*|CHECKED_ORGS += &|' $@.checked; } > $@.tmp
	$(Q)rm $@.orgs $@.checked && mv $@.tmp $@

$(OUT)/reports $(OUT)/reports/kiem-tra:
	$(Q)mkdir -p $@

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
RENDER_ARGS = $(QUIET) -p $(PROFILE_DIR) -t $(TEMPLATE_DIR) -r $(REPORT_JSON) -f $(CUT_FONTS) -j $(or $(RENDER_JOBS),0)

$(OUT)/reports/.done: $(RENDER_ORGS:%=$(OUT)/aggregate/%.json) $(NUMBER_FILES) $(RENDER_DEPS) \
                      $(call missing,$(REPORTS)) | $(OUT)/reports
	$(Q)$(file >$@.todo,$(patsubst %,$(OUT)/aggregate/%.json,$(call stale_orgs,$(OUT)/reports,$(RENDER_ORGS))))
	$(Q)$(BIN)/baocao-render $(RENDER_ARGS) -N $(OUT)/so-van-ban -o $(OUT)/reports --batch $@.todo
	$(Q)rm -f $@.todo && touch $@

$(OUT)/reports/kiem-tra/.done: $(CHECKED_ORGS:%=$(OUT)/aggregate/%.json) $(OUT)/rejects.csv \
                               $(RENDER_DEPS) $(call missing,$(VALIDATION_REPORTS)) | $(OUT)/reports/kiem-tra
	$(Q)$(file >$@.todo,$(patsubst %,$(OUT)/aggregate/%.json,$(call stale_orgs,$(OUT)/reports/kiem-tra,$(CHECKED_ORGS))))
	$(Q)$(BIN)/baocao-render $(RENDER_ARGS) -e $(OUT)/rejects.csv -o $(OUT)/reports/kiem-tra --batch $@.todo
	$(Q)rm -f $@.todo && touch $@

# a number file lost: the register is read again
$(OUT)/so-van-ban/%.txt: | $(OUT)/reports.mk
	$(Q)$(BIN)/baocao-render -a $(REGISTER) -r $(REPORT_JSON) -o $(OUT)/so-van-ban $(OUT)/aggregate

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
$(OUT)/.published: $(BIN)/baocao-publish $(RENDERED) $(OUT)/rejects.csv $(OUT)/aggregate/.done \
                   $(REPORT_JSON) $(if $(PUBLISH_CHECK),,$(OUT)/.publish-options) $(if $(changed_pdfs),FORCE)
	$(Q)$(BIN)/baocao-publish $(QUIET) -o $(OUT) -r $(REPORT_JSON) $(PUBLISH_FLAGS)
	$(Q)touch $@

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
MAIL_TEMPLATE  ?= $(TEMPLATES)/mail/thu.json

SEND_FLAGS = $(if $(SMTP_AUTH_FILE),--auth-file '$(SMTP_AUTH_FILE)') \
  $(if $(SMTP_CACERT),--cacert '$(SMTP_CACERT)') $(if $(RETRY_FAILED),--retry-failed) $(if $(DRY_RUN),--dry-run)

send: $(BIN)/baocao-send
	$(Q)$(if $(SMTP_URL),,$(error baocao: thiếu SMTP_URL, như SMTP_URL=smtp://mail.example.vn:587))
	$(Q)$(if $(MAIL_FROM),,$(error baocao: thiếu MAIL_FROM, địa chỉ thư của người gửi))
	@test -f $(OUT)/.published || { echo "baocao: kỳ $(PERIOD) chưa phát hành: chạy make publish trước khi gửi" >&2; exit 2; }
	@$(MAKE) -f $(firstword $(MAKEFILE_LIST)) -q --no-print-directory $(OUT)/.published PUBLISH_CHECK=1 || { echo "baocao: báo cáo kỳ" \
	  "$(PERIOD) đã thay đổi sau lần phát hành cuối: chạy make publish (với các tùy chọn ký số như lần" \
	  "trước) rồi gửi" >&2; exit 2; }
	$(Q)$(BIN)/baocao-send $(QUIET) -p $(OUT)/phat-hanh -r '$(RECIPIENTS)' -t '$(MAIL_TEMPLATE)' \
	  --smtp '$(SMTP_URL)' --from '$(MAIL_FROM)' $(strip $(SEND_FLAGS))

# ---- help ----
define BATCH_HELP
baocao: các mục tiêu và biến của đợt báo cáo

Cách chạy: make [MỤC_TIÊU...] [BIẾN=GIÁ_TRỊ...]
  (đã cài đặt: baocao [MỤC_TIÊU...] [BIẾN=GIÁ_TRỊ...] trong thư mục làm việc)

Mục tiêu:
  (không ghi)   cả đợt của kỳ: kiểm tra, tổng hợp, vẽ báo cáo
  validate      chỉ kiểm tra các tệp nhập INPUT_DIR/NĂM/*.csv
  aggregate     kiểm tra rồi tổng hợp số liệu từng tổ chức
  render        đến bước vẽ báo cáo PDF (OUTPUT_DIR/KỲ/reports/)
  publish       phát hành: OUTPUT_DIR/KỲ/phat-hanh/ (thư mục cho từng nơi nhận,
                danh mục, mã kiểm tra, tệp zip, trang index.html; ký số nếu có SIGN_...)
  send          gửi thư bản đã phát hành tới các địa chỉ trong RECIPIENTS
  help          danh sách này

Biến:
  YEAR=2022               năm của kỳ báo cáo (mặc định 2022; lệnh baocao: năm mới nhất trong input/)
  MONTH=05                tháng, cho báo cáo tháng (để trống: báo cáo năm)
  INPUT_DIR=input         thư mục dữ liệu nhập;  OUTPUT_DIR=output  thư mục kết quả
  STRICT=1                dừng khi có bản ghi bị từ chối (mặc định: báo cáo là DỰ THẢO)
  VALIDATE_FLAGS='...'    tùy chọn thêm cho baocao-validate, như '--encoding cam_ket=tcvn3'
  REGISTER=...            sổ đăng ký số văn bản (mặc định INPUT_DIR/so_van_ban.csv)
  RENDER_JOBS=N           số tiến trình vẽ báo cáo (mặc định: theo make -j)
  PUBLISH_DRAFTS=1        cho phát hành cả bản dự thảo
  PUBLISH_UNSIGNED=1      phát hành không ký sau một lần đã ký
  SIGN_NSSDB=THƯ_MỤC SIGN_NICK=TÊN [SIGN_PIN_FILE=TỆP]
                          ký số mỗi báo cáo (cơ sở dữ liệu NSS, tên chứng thư, tệp mã PIN)
  SIGN_ORG_NICK=TÊN [SIGN_ORG_PIN_FILE=TỆP]   chữ ký thứ hai, của cơ quan
  SMTP_URL=smtp://MÁY:587 MAIL_FROM=ĐỊA_CHỈ   máy chủ thư và người gửi (cho send)
  SMTP_AUTH_FILE=TỆP      tên đăng nhập và mật khẩu máy chủ thư;  SMTP_CACERT=TỆP  chứng thư CA
  RECIPIENTS=TỆP          danh sách địa chỉ (mặc định INPUT_DIR/nguoi_nhan.csv)
  RETRY_FAILED=1          gửi lại thư đã lỗi;  DRY_RUN=1  chỉ thử, không gửi
  TEMPLATES=THƯ_MỤC       mẫu: schema/, profile/, report/, mail/, aggregate.json
  V=1                     hiện các lệnh make chạy;  make -s: chỉ hiện lỗi
endef

help:
	$(info $(BATCH_HELP))$(if $(MORE_HELP),$(info )$(info $(MORE_HELP)))@:
