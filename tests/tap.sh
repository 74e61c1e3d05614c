#!/bin/sh
# SPDX-License-Identifier: MIT
#
# tap.sh - TAP lines for the shell tests, which source it:
#   tap_ok DESCRIPTION
#   tap_not_ok DESCRIPTION [DETAIL...]   each detail line as a # comment
# tap_failed is 1 once a test has failed: end with "exit $tap_failed".

tap_n=0
tap_failed=0

tap_ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1"
}

tap_not_ok() {
	tap_n=$((tap_n + 1))
	tap_failed=1
	echo "not ok $tap_n - $1"
	shift
	[ $# -eq 0 ] || printf '%s\n' "$@" | sed 's/^/# /'
}
