# columns.awk: selects columns by their titles from the tab-separated rows
# that csv.awk prints (the first row is the header), so that a table is read
# by what its columns are called, not by where they are.
#
#   -v titles="Dòng<TAB>Cột<TAB>Mã lỗi"   the columns to print, in this order
#
# Prints, for every row after the header, the selected cells joined by tabs
# ("-" for an empty one). A title that is not in the header is an error
# (exit 2), so that a renamed column cannot pass unseen.
#
# Usage: awk -f common.awk -f csv.awk -v d=';' FILE | awk -f columns.awk -v titles=...
BEGIN {
	FS = "\t"
	n = split(titles, want, "\t")
}
NR == 1 {
	for (k = 1; k <= NF; k++)
		at[$k] = k
	for (i = 1; i <= n; i++)
		if (!(want[i] in at)) {
			print "columns.awk: no column \"" want[i] "\" in the header" > "/dev/stderr"
			bad = 1
			exit 2
		}
	next
}
{
	out = ""
	for (i = 1; i <= n; i++) {
		v = $(at[want[i]])
		out = out (i > 1 ? "\t" : "") (v == "" ? "-" : v)
	}
	print out
}
END {
	if (bad)
		exit 2
}
