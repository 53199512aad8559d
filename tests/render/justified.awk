# Justified body lines, from baocao-render -d: the body's lines (regular
# 14 pt, upright, more than one word item) end at the right margin R within
# 1 pt; one that does not must be a paragraph's last line: no line follows it
# on the same page at a line's distance (22 pt at most) starting at the left
# margin L. Most lines end at the margin. Variables: o the report's name, L R.
$1 == "page" { p = $2 }
$1 == "text" && $4 == "regular" && $5 == 14 && $7 == 0 {
	k = p SUBSEP $3
	if (!(k in n)) { order[++lines] = k; pg[lines] = p; y[lines] = $3; x[lines] = $2 }
	n[k]++
	end[k] = $2 + $8
}
END {
	for (i = 1; i <= lines; i++) {
		k = order[i]
		if (n[k] < 2)
			continue
		multi++
		if ((end[k] - R)^2 <= 1) {
			right++
			continue
		}
		if (i < lines && pg[i + 1] == pg[i] && y[i] - y[i + 1] <= 22 && (x[i + 1] - L)^2 <= 1) {
			printf "%s page %s y %s: ends at %.2f, not %.2f\n", o, pg[i], y[i], end[k], R
			bad = 1
		}
	}
	print o ": " right + 0 "/" multi + 0 " lines end at the right margin"
	exit bad || right * 2 <= multi
}
