# common.awk: helpers shared by the awk programs of tests/run-corpora
# (load with -f common.awk -f OTHER.awk). Plain POSIX awk; works with mawk.

# Escapes a value so that it fits on one line of a tab-separated table:
# backslash, tab, line feed and carriage return become \\ \t \n \r.
function esc(s) {
	s = joinsplit(s, "\\", "\\\\")
	s = joinsplit(s, "\t", "\\t")
	s = joinsplit(s, "\n", "\\n")
	return joinsplit(s, "\r", "\\r")
}

# Replaces every occurrence of the single character c in s by r (no regex
# replacement strings, whose backslash rules differ between awks).
function joinsplit(s, c, r,    out, i, k) {
	out = ""
	while ((i = index(s, c)) > 0) {
		out = out substr(s, 1, i - 1) r
		s = substr(s, i + 1)
	}
	return out s
}

# Trims spaces, tabs and no-break spaces (UTF-8 C2 A0) at both ends, as the
# validator trims every cell before checking and writing it.
function trim(s) {
	for (;;) {
		if (substr(s, 1, 1) == " " || substr(s, 1, 1) == "\t")
			s = substr(s, 2)
		else if (substr(s, 1, 2) == "\302\240")
			s = substr(s, 3)
		else
			break
	}
	for (;;) {
		if (substr(s, length(s), 1) == " " || substr(s, length(s), 1) == "\t")
			s = substr(s, 1, length(s) - 1)
		else if (length(s) >= 2 && substr(s, length(s) - 1) == "\302\240")
			s = substr(s, 1, length(s) - 2)
		else
			break
	}
	return s
}
