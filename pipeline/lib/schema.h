/*
 * schema: Table Schema loading and cell checks. We read a documented subset
 * of Frictionless Table Schema (fields with name, title, type, format,
 * decimalChar, groupChar and constraints; missingValues; primaryKey;
 * foreignKeys) and extensions of ours that keep domain rules as data:
 * conditional foreign keys ("when"), row "rules" (their messages may show
 * the row's values, "{field}"), a "hierarchy" for a resource that forms a
 * tree, the "organisationField" that says which organisation a record
 * belongs to (directly or looked up in another resource), the
 * "recordLabel" that names a record as people know it, and per field
 * "enumLabels", the words people type for an enum's values. Enum values
 * match after folding (case, diacritics, separators; textnorm_fold), and a
 * header names a field by its name or its title, folded alike. README.md
 * documents the subset.
 *
 * A schema owns all its strings and compiled patterns; schema_free frees it.
 */
#ifndef BAOCAO_SCHEMA_H
#define BAOCAO_SCHEMA_H

#include <regex.h>
#include <stddef.h>

#include "fmt.h"
#include "util.h"

enum schema_type { SCHEMA_STRING, SCHEMA_INTEGER, SCHEMA_NUMBER, SCHEMA_DATE, SCHEMA_YEAR };

/* A folded word that stands for an enum value: the value itself or one of its labels. */
struct schema_enum_key {
	char *folded;
	size_t len;
	size_t value; /* index in enum_values */
};

struct schema_field {
	char *name;
	char *title;     /* for messages; the name when the schema has none */
	char *folded_name, *folded_title; /* for matching header labels */
	enum schema_type type;
	int date_dmy;    /* dates may be dd/mm/yyyy as well as ISO */
	char decimal_char, group_char;
	int required, unique;
	char **enum_values;
	size_t *enum_lens;
	size_t nenum;
	char **enum_labels;  /* per value, the label people know (enumLabels), or NULL */
	struct schema_enum_key *enum_keys; /* every accepted word, folded */
	size_t nenum_keys;
	char *pattern;   /* as written in the schema */
	struct schema_pattern *fast_pattern; /* NULL: use pattern_re */
	regex_t pattern_re;
	int has_min, has_max;
	double min, max; /* for dates: days since 1970-01-01 */
	char min_iso[11], max_iso[11]; /* for dates: the bounds as ISO text */
	int needs_days;  /* a date whose day count is used (conditions with min or max) */
	long min_length, max_length; /* in characters; -1 when absent */
	int never_quoted; /* no valid value needs quoting in CSV (numbers, dates, plain enums) */
	int ascii_only;   /* every valid value is ASCII (numbers, dates, ASCII enums): a value
			     that is not fails the type or enum check anyway */
};

/* A test on one field of a row, used by conditional keys and rules. */
struct schema_cond {
	size_t field;
	enum { COND_EQUALS, COND_IN, COND_PRESENT, COND_ABSENT, COND_MIN, COND_MAX } op;
	char **values;
	size_t *lens; /* of values */
	size_t nvalues;
	double number;
};

struct schema_when {
	struct schema_cond *conds; /* all must hold */
	size_t nconds;
};

struct schema_fk {
	size_t *fields;
	size_t nfields;
	char *resource;      /* "" for the resource itself */
	char **ref_fields;
	struct schema_when when;   /* the key applies only to rows where this holds */
	char *ref_filter_field;    /* the referenced row must have this field ... */
	char **ref_filter_values;  /* ... with one of these values */
	size_t nref_filter;
	char *ref_active_start;    /* and/or be active during the period's year: */
	char *ref_active_end;      /* these dates of it overlap the year */
	char *message;       /* Vietnamese text when the referenced row fails the filter, or NULL */
	char *missing_message; /* Vietnamese text when no row has the key, or NULL */
};

enum schema_rule_kind {
	RULE_REQUIRED,  /* field must be present when `when` holds */
	RULE_EMPTY,     /* field must be empty when `when` holds */
	RULE_VALUES,    /* field must be one of values when `when` holds */
	RULE_COMPARE,   /* field op other (dates or numbers) when both present */
	RULE_MONTHS,    /* other + months <= field, when both present (dates) */
	RULE_PERIOD     /* field equals the period's year */
};

struct schema_rule {
	enum schema_rule_kind kind;
	size_t field;
	size_t other;
	char op[3];         /* "<", "<=", ">", ">=", "==", "!=" */
	long months;
	char **values;
	size_t *lens; /* of values */
	size_t nvalues;
	struct schema_when when;
	int warning;        /* severity: 1 warning, 0 error */
	char *message;      /* Vietnamese, for people */
};

struct schema_hierarchy {
	size_t parent;        /* the field naming the parent's key */
	size_t type;          /* the field holding the node's type */
	char **root_types;
	size_t nroot_types;
	/* allowed parent types per child type: child_types[i] may sit under parents[i][..] */
	char **child_types;
	char ***parent_types;
	size_t *nparent_types;
	size_t ntypes;
};

/*
 * One way of finding a record's organisation (organisationField): where
 * `when` holds, the value of `field` is the organisation's code or, with a
 * lookup, the key (`lookup_key`) of a valid record of `lookup_resource`
 * whose `lookup_organisation` is the code.
 */
struct schema_org {
	size_t field;
	struct schema_when when;
	char *lookup_resource;     /* NULL: no lookup */
	char *lookup_key;
	char *lookup_organisation;
};

/* A part of a record's label: the first of fields present, after prefix. */
struct schema_label_part {
	size_t *fields;
	size_t nfields;
	char *prefix; /* "" for none */
};

struct schema {
	char *path;
	struct schema_field *fields;
	size_t nfields;
	char **missing_values;
	size_t nmissing;
	int only_empty_missing; /* missingValues is [""] */
	size_t *primary_key;
	size_t npk;
	struct schema_fk *fks;
	size_t nfks;
	struct schema_rule *rules;
	size_t nrules;
	struct schema_hierarchy *hierarchy; /* NULL when the resource is not a tree */
	/* organisationField: the first of these whose condition holds names the
	 * organisation a record belongs to; none for a resource without one */
	struct schema_org *orgs;
	size_t norgs;
	/* recordLabel: how people name a record ("NS0012 Nguyễn Văn An") */
	struct schema_label_part *label;
	size_t nlabel;
	size_t enum_room;   /* the sum of the longest enum value of each field */
	int enum_quoted;    /* some enum value needs quotes in CSV */
	int any_text;       /* texts may hold any character (a schema read from a header: no report
			       draws that file); else only the repertoire's (repertoire.h) */
	struct schema_loading *loading; /* schema_load's, while it runs; else NULL */
};

/*
 * Loads the schema at path. Returns NULL when it is missing or wrong, with
 * "path: what is wrong" (Vietnamese, naming the key at fault) in err.
 */
struct schema *schema_load(const char *path, struct strbuf *err);

/* A schema of string fields named after a header, without constraints (no --schema). */
struct schema *schema_from_header(char **names, size_t n);

void schema_free(struct schema *s);

/* Returns the index of the field called name, or -1. */
long schema_field_index(const struct schema *s, const char *name);

/*
 * Returns the field a header label label[0..n) (NFC) names, or -1: the field
 * of that name; else the one whose name or title folds like the label
 * ("Họ và tên", "HO VA TEN" and "ho_ten" all name ho_ten).
 */
long schema_field_for_label(const struct schema *s, const char *label, size_t n);

/*
 * Returns the enum value of field f that v[0..n) stands for: the value
 * itself, or else the value or a label that v matches once folded ("Nữ",
 * "NỮ", "nu " all stand for nu). -1 when none does (or f has no enum).
 */
long schema_enum_find(const struct schema_field *f, const char *v, size_t n);

/*
 * A message of the schema may show values of the row: "{name}" stands for
 * the field called name. schema_expand appends msg to out with each such
 * placeholder replaced by what value(ctx, field, out) appends; a brace that
 * does not enclose a field's name is kept. Returns the number of
 * placeholders replaced.
 */
size_t schema_expand(const struct schema *s, const char *msg,
		     void (*value)(void *ctx, size_t field, struct strbuf *out), void *ctx,
		     struct strbuf *out);

/*
 * A cell's normal form: str of len bytes, or str NULL when the cell is
 * missing; num holds its value for numbers and years, and for dates whose
 * field needs_days (days since 1970-01-01). Dates compare as ISO text.
 */
struct schema_value {
	const char *str;
	size_t len;
	double num;
};

/* What a cell check found. */
enum schema_problem {
	CELL_OK,
	CELL_REQUIRED,    /* missing, but required */
	CELL_TYPE,        /* not of the field's type */
	CELL_UNPRINTABLE, /* a text with a character no report can show (repertoire.h) */
	CELL_TOO_LARGE,   /* an integer beyond 2^53 (9007199254740992), which a double cannot hold exactly */
	CELL_NO_SUCH_DAY, /* a date written as one, but the calendar has no such day */
	CELL_ENUM,
	CELL_PATTERN,
	CELL_MINIMUM,
	CELL_MAXIMUM,
	CELL_MIN_LENGTH,
	CELL_MAX_LENGTH
};

/* Returns 1 when s[0..n) is one of the schema's missing values. */
int schema_is_missing(const struct schema *s, const char *v, size_t n);

/*
 * Checks the trimmed NFC text v[0..n) of a cell against field f and appends
 * its normal form (ISO date, plain number, the text itself, the enum value
 * a label stands for) to out, setting *num for numeric types. A missing
 * value appends nothing. Returns what is wrong, or CELL_OK. A value that
 * matches an enum value exactly costs no more than before; only the others
 * are folded (schema_enum_find).
 */
enum schema_problem schema_check_cell(const struct schema *s, const struct schema_field *f,
				      const char *v, size_t n, struct strbuf *out, double *num);

/* schema_when_holds for any condition set (the inline part takes the common ones). */
int schema_when_holds_all(const struct schema *s, const struct schema_when *w,
			  const struct schema_value *values);

/*
 * Returns 1 when the condition set holds for the row's normal values (str
 * NULL = missing). The usual sets, one field equal to one value or present
 * or absent, are decided here without a call: rules and foreign keys test
 * them on every row.
 */
static inline int schema_when_holds(const struct schema *s, const struct schema_when *w,
				    const struct schema_value *values)
{
	if (w->nconds == 0)
		return 1;
	const struct schema_cond *c = &w->conds[0];
	const struct schema_value *x = &values[c->field];
	if (w->nconds == 1 && c->op == COND_EQUALS && c->nvalues == 1)
		return x->str && x->len == c->lens[0] && bytes_equal(x->str, c->values[0], x->len);
	if (w->nconds == 1 && (c->op == COND_PRESENT || c->op == COND_ABSENT))
		return (x->str != NULL) == (c->op == COND_PRESENT);
	return schema_when_holds_all(s, w, values);
}

/*
 * Evaluates rule r on a row's normal values, period_year being the year
 * under validation. Returns 1 when the rule holds.
 */
int schema_rule_holds(const struct schema *s, const struct schema_rule *r,
		      const struct schema_value *values, long period_year);

/*
 * Builds into key the key of fields[0..n) of a row's normal values (the
 * values joined by NUL bytes); returns 0, leaving key partial, when one is
 * missing.
 */
int schema_key(struct strbuf *key, const struct schema_value *values, const size_t *fields,
	       size_t n);

#endif
