#!/bin/sh
# lint_man.sh - the man page must pass "mandoc -Tlint" without a message
# (TAP output, one test per page).

: "${MANDOC:=mandoc}"
: "${top_srcdir:=.}"

echo "1..1"
if ! command -v "$MANDOC" >/dev/null 2>&1; then
	echo "not ok 1 - man/httpserve.1: mandoc not found (install mandoc)"
	exit 1
fi
out=$("$MANDOC" -Tlint -W warning "$top_srcdir/man/httpserve.1" 2>&1)
if [ -z "$out" ]; then
	echo "ok 1 - man/httpserve.1 is mandoc -Tlint clean"
else
	echo "not ok 1 - man/httpserve.1: mandoc -Tlint"
	printf '%s\n' "$out" | sed 's/^/# /'
	exit 1
fi
