# lines.awk: an independent oracle for files whose records each fit on one
# line (issue-1066.csv). It reads every line as one record, the way a strict
# RFC 4180 reader does, and prints the structural problems baocao-validate
# must report, as "line<TAB>column<TAB>code" ("-" for no column):
#
#   format-error  a quote inside an unquoted field, text after a closing
#                 quote, or a quote left open at the end of the line (the
#                 validator rejects that line alone and reads on at the next)
#   blank-row     a line with nothing but spaces, or whose cells are all empty
#   missing-cell / extra-cell  one per cell short of / beyond the header's
#
# Spaces and tabs may stand before an opening quote and after a closing one
# (libcsv skips them). Line 1 is the header; it must parse.
#
# Usage: awk -f common.awk -f lines.awk -v d=';' FILE.csv
BEGIN {
	if (d == "")
		d = ","
}

# Splits line into cells (cell[1..]); returns their number, or -1 when the
# quotes are wrong.
function split_strict(line,    n, i, c, st, cur, nf) {
	n = length(line)
	st = 0      # 0 field start, 1 unquoted, 2 quoted, 3 closing quote seen, 4 after it
	nf = 0
	cur = ""
	for (i = 1; i <= n; i++) {
		c = substr(line, i, 1)
		if (st == 0) {
			if (c == "\"") {
				st = 2
				cur = ""
			} else if (c == d)
				cell[++nf] = cur
			else if (c == " " || c == "\t")
				cur = cur c
			else {
				cur = cur c
				st = 1
			}
		} else if (st == 1) {
			if (c == "\"")
				return -1
			if (c == d) {
				cell[++nf] = cur
				cur = ""
				st = 0
			} else
				cur = cur c
		} else if (st == 2) {
			if (c == "\"")
				st = 3
			else
				cur = cur c
		} else if (st == 3) {
			if (c == "\"") {
				cur = cur "\""
				st = 2
			} else if (c == d) {
				cell[++nf] = cur
				cur = ""
				st = 0
			} else if (c == " " || c == "\t")
				st = 4
			else
				return -1
		} else {
			if (c == d) {
				cell[++nf] = cur
				cur = ""
				st = 0
			} else if (c != " " && c != "\t")
				return -1
		}
	}
	if (st == 2)
		return -1
	cell[++nf] = cur
	return nf
}

{
	line = $0
	if (substr(line, length(line), 1) == "\r")
		line = substr(line, 1, length(line) - 1)
	if (NR == 1) {
		if (substr(line, 1, 3) == "\357\273\277")
			line = substr(line, 4)
		ncols = split_strict(line)
		if (ncols < 0) {
			print "lines.awk: the header does not parse" > "/dev/stderr"
			exit 2
		}
		next
	}
	if (line ~ /^[ \t]*$/) {
		print NR "\t-\tblank-row"
		next
	}
	nf = split_strict(line)
	if (nf < 0) {
		print NR "\t-\tformat-error"
		next
	}
	empty = 1
	for (k = 1; k <= nf && empty; k++)
		empty = trim(cell[k]) == ""
	if (empty) {
		print NR "\t-\tblank-row"
		next
	}
	for (k = nf + 1; k <= ncols; k++)
		print NR "\t" k "\tmissing-cell"
	for (k = ncols + 1; k <= nf; k++)
		print NR "\t" k "\textra-cell"
}
