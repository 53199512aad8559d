# csv.awk: reads CSV (RFC 4180: quoted fields, "" inside quotes, line ends
# inside quotes; LF or CRLF line ends) and prints its records one per line.
#
#   -v mode=rows   (default) each record's fields, escaped (see esc in
#                  common.awk), joined by tabs
#   -v mode=keyed  the first record names the columns; then, for every later
#                  record n (1-based) and column k, the line
#                  "n<TAB>name<TAB>value" (an extra cell is named #k)
#   -v d=';'       another separator (default ',')
#
# A UTF-8 byte order mark at the start of the file is skipped. Used to read
# what baocao-validate wrote (valid/*.csv, rejects.csv), so it does not try
# to make sense of malformed CSV: a stray quote is kept as a character.
#
# Usage: awk -f common.awk -f csv.awk [-v mode=keyed] FILE
BEGIN {
	if (d == "")
		d = ","
	if (mode == "")
		mode = "rows"
	st = 0          # 0 field start, 1 unquoted, 2 quoted, 3 quote seen in quoted
	nf = 0
	cur = ""
	nrec = 0
}

function emit_field() {
	fld[++nf] = cur
	cur = ""
}

function emit_record(    k, out) {
	if (mode == "keyed") {
		if (nrec == 0) {
			for (k = 1; k <= nf; k++)
				name[k] = fld[k]
			nname = nf
		} else {
			for (k = 1; k <= nf; k++)
				print nrec "\t" (k <= nname ? esc(name[k]) : "#" k) "\t" esc(fld[k])
		}
	} else {
		out = ""
		for (k = 1; k <= nf; k++)
			out = out (k > 1 ? "\t" : "") esc(fld[k])
		print out
	}
	nrec++
	nf = 0
}

{
	line = $0
	if (NR == 1 && substr(line, 1, 3) == "\357\273\277")
		line = substr(line, 4)
	n = length(line)
	for (i = 1; i <= n; i++) {
		c = substr(line, i, 1)
		if (i == n && c == "\r" && st != 2)
			break   # CRLF line end
		if (st == 0) {
			if (c == "\"")
				st = 2
			else if (c == d)
				emit_field()
			else {
				cur = c
				st = 1
			}
		} else if (st == 1) {
			if (c == d) {
				emit_field()
				st = 0
			} else
				cur = cur c
		} else if (st == 2) {
			if (c == "\"")
				st = 3
			else
				cur = cur c
		} else {
			if (c == "\"") {
				cur = cur "\""
				st = 2
			} else if (c == d) {
				emit_field()
				st = 0
			} else {
				cur = cur c
				st = 1
			}
		}
	}
	if (st == 2) {
		cur = cur "\n"  # the line end is part of the quoted field
		next
	}
	emit_field()
	emit_record()
	st = 0
}

END {
	if (st == 2) {   # unterminated quote at the end of the file
		emit_field()
		emit_record()
	}
}
