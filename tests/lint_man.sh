#!/bin/sh
# SPDX-License-Identifier: MIT
#
# lint_man.sh - each man page must pass "mandoc -Tlint" without a warning
# (TAP output, one test per page).  Style notes that depend on the host,
# such as pages referenced but not installed here, are not counted.

: "${MANDOC:=mandoc}"
: "${top_srcdir:=.}"

pages="httpserve.1 httpserve.3"
echo "1..2"
n=0
failed=0
for page in $pages; do
	n=$((n + 1))
	if ! command -v "$MANDOC" >/dev/null 2>&1; then
		echo "not ok $n - man/$page: mandoc not found (install mandoc)"
		failed=1
		continue
	fi
	out=$("$MANDOC" -Tlint -W warning "$top_srcdir/man/$page" 2>&1)
	if [ -z "$out" ]; then
		echo "ok $n - man/$page is mandoc -Tlint clean"
	else
		echo "not ok $n - man/$page: mandoc -Tlint"
		printf '%s\n' "$out" | sed 's/^/# /'
		failed=1
	fi
done
exit $failed
