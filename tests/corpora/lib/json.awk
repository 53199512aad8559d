# json.awk: reads the expected output of a csv-spectrum case (a JSON array of
# objects whose values are strings, keyed by the CSV header) and prints it in
# the keyed form of csv.awk: "n<TAB>name<TAB>value" for record n (1-based),
# in the objects' key order. A bare object is read as a one-record array.
#
# Values are trimmed like the validator trims cells (spaces, tabs, no-break
# spaces at both ends). They are not NFC-normalised: awk cannot, and the
# csv-spectrum values are ASCII or already NFC (U+02A4).
#
# Handles the JSON escapes \" \\ \/ \b \f \n \r \t \uXXXX (with surrogate
# pairs); numbers, true, false and null are kept as their text.
#
# Usage: awk -f common.awk -f json.awk FILE.json
{ buf = buf $0 "\n" }

function hexval(h,    i, v) {
	v = 0
	h = tolower(h)
	for (i = 1; i <= length(h); i++)
		v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
	return v
}

function utf8(cp) {
	if (cp < 128)
		return sprintf("%c", cp)
	if (cp < 2048)
		return sprintf("%c%c", 192 + int(cp / 64), 128 + cp % 64)
	if (cp < 65536)
		return sprintf("%c%c%c", 224 + int(cp / 4096), 128 + int(cp / 64) % 64, 128 + cp % 64)
	return sprintf("%c%c%c%c", 240 + int(cp / 262144), 128 + int(cp / 4096) % 64,
		       128 + int(cp / 64) % 64, 128 + cp % 64)
}

# Reads the string starting at pos (on its opening quote); sets pos after it.
function read_string(    out, c, e, cp, lo) {
	out = ""
	pos++
	for (;;) {
		c = substr(buf, pos, 1)
		if (c == "") {
			print "json.awk: unterminated string" > "/dev/stderr"
			exit 2
		}
		if (c == "\"") {
			pos++
			return out
		}
		if (c != "\\") {
			out = out c
			pos++
			continue
		}
		e = substr(buf, pos + 1, 1)
		pos += 2
		if (e == "n") out = out "\n"
		else if (e == "r") out = out "\r"
		else if (e == "t") out = out "\t"
		else if (e == "b") out = out "\b"
		else if (e == "f") out = out "\f"
		else if (e == "u") {
			cp = hexval(substr(buf, pos, 4))
			pos += 4
			if (cp >= 55296 && cp < 56320 && substr(buf, pos, 2) == "\\u") {
				lo = hexval(substr(buf, pos + 2, 4))
				pos += 6
				cp = 65536 + (cp - 55296) * 1024 + (lo - 56320)
			}
			out = out utf8(cp)
		} else
			out = out e   # \" \\ \/
	}
}

END {
	pos = 1
	n = length(buf)
	rec = 0
	inobj = 0
	want_key = 0
	key = ""
	while (pos <= n) {
		c = substr(buf, pos, 1)
		if (c == " " || c == "\t" || c == "\n" || c == "\r" || c == "[" || c == "]") {
			pos++
		} else if (c == "{") {
			rec++
			inobj = 1
			want_key = 1
			pos++
		} else if (c == "}") {
			inobj = 0
			pos++
		} else if (c == ",") {
			if (inobj)
				want_key = 1
			pos++
		} else if (c == ":") {
			want_key = 0
			pos++
		} else {
			if (c == "\"")
				s = read_string()
			else {
				s = ""
				while (pos <= n && index(" \t\r\n,}]", substr(buf, pos, 1)) == 0) {
					s = s substr(buf, pos, 1)
					pos++
				}
			}
			if (inobj && want_key)
				key = s
			else if (inobj)
				print rec "\t" esc(key) "\t" esc(trim(s))
		}
	}
}
