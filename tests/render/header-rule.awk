# The header of page 1, from baocao-render -d: "ĐẢNG CỘNG SẢN VIỆT NAM" once,
# starting right of the page centre (W / 2), and the horizontal rule nearest
# under its baseline (within its font size) as long as the text and centred
# under it, within 1 pt. Variables: o the report's name, W.
$1 == "page" { p = $2 }
p != 1 { next }
$1 == "text" && $9 == "ĐẢNG CỘNG SẢN VIỆT NAM" { x = $2; y = $3; size = $5; w = $8; seen++ }
$1 == "line" && $3 == $5 { lx[++nl] = $2; ly[nl] = $3; lx2[nl] = $4 }
END {
	if (seen != 1) { print o ": the header is there " seen + 0 " times"; exit 1 }
	for (i = 1; i <= nl; i++)
		if (ly[i] < y && y - ly[i] <= size && (!r || ly[i] > ly[r]))
			r = i
	if (!r) { print o ": no rule under the header"; exit 1 }
	printf "%s: text x %.2f width %.2f, rule %.2f..%.2f\n", o, x, w, lx[r], lx2[r]
	exit !(x > W / 2 && ((lx2[r] - lx[r]) - w)^2 <= 1 && ((lx[r] + lx2[r]) / 2 - (x + w / 2))^2 <= 1)
}
