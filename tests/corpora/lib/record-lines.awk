# record-lines.awk: which lines of an input file rejected/NAME.csv must hold.
# Reads the list "line<TAB>code" (the rejects.csv and warnings.csv rows of
# that file) named by -v list=, then the input file, and prints the numbers
# of the lines to copy, in order:
#
#   - line 1, the header, always;
#   - never a blank line (a blank-row warning: not a record);
#   - a format-error line alone (the validator keeps only the first line of
#     a record with a bad quote);
#   - for any other code, the record starting there, extended over the
#     following lines while its quotes are unbalanced (a quoted line end);
#   - for a source-error with a line (a header error with a schema: every
#     record is rejected), every line from there to the end but the blank ones.
#
# Usage: awk -f record-lines.awk -v list=LIST FILE.csv
BEGIN {
	while ((getline row < list) > 0) {
		split(row, f, "\t")
		if (f[1] == "" || f[1] == "-")
			continue
		if (f[2] == "blank-row") {
			blank[f[1]] = 1
			continue
		}
		start[f[1]] = 1
		if (f[2] == "format-error")
			single[f[1]] = 1
		if (f[2] == "source-error" && (all_from == "" || f[1] + 0 < all_from))
			all_from = f[1] + 0
	}
	close(list)
}
FNR == 1 || (all_from != "" && FNR >= all_from && !(FNR in blank)) {
	print FNR
	next
}
all_from != "" && FNR >= all_from {
	next
}
open {
	print FNR
	q += gsub(/"/, "\"")
	if (q % 2 == 0)
		open = 0
	next
}
FNR in start {
	print FNR
	if (!(FNR in single)) {
		q = gsub(/"/, "\"")
		open = q % 2 == 1
	}
}
