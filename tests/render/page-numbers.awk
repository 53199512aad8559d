# Page numbers, from the word boxes of `pdftotext -bbox` (page xMin yMin xMax
# yMax word, y from the top): none on page 1; on page k >= 2 one word, k,
# centred on the text area (L..R) within 2 pt, in the top margin band (< T).
# Variables: n the number of pages, o the report's name, L R T.
$5 <= T { band[$1]++; text[$1] = $6; mid[$1] = ($2 + $4) / 2 }
END {
	if (band[1]) { print o ": a page number on page 1: " text[1]; bad = 1 }
	for (k = 2; k <= n; k++)
		if (band[k] != 1 || text[k] != k || (mid[k] - (L + R) / 2)^2 > 4) {
			print o " page " k ": " band[k] + 0 " word(s) in the top band, \"" text[k] "\" centred at " mid[k]
			bad = 1
		}
	print o ": " n " pages"
	exit bad || n < 1
}
