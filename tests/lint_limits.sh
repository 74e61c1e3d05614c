#!/bin/sh
# SPDX-License-Identifier: MIT
#
# lint_limits.sh - the numbers the documents give for the limits are the
# named constants' values (TAP).  Every limit is written once, in
# src/http/hs_limits.h (HS_TIMEOUT_MAX in include/httpserve.h); the LIMITS
# sections of both man pages, the README's Limits table and the other
# places that repeat a limit (option defaults, the CGI section) are
# checked against it here.
#
# A rule names a text, a phrase of it with N where the number stands (a
# KiB or MiB after N is its unit) and the C expression the number must
# equal, expanded by the C preprocessor from the headers themselves.  It
# passes when the phrase occurs exactly once in the text and the number,
# in bytes where it has a unit, equals the expression.  In the LIMITS
# sections and the Limits table, every number no rule checks must then
# be a status the limits are answered with: a limit documented without
# its rule fails here until it gets one.

: "${top_srcdir:=.}"
: "${top_builddir:=.}"
CC=${CC:-cc}

scratch=$(mktemp -d /tmp/hs-limits.XXXXXX) || exit 1
trap 'rm -rf "$scratch"' EXIT INT TERM

# The rules: text, phrase, expression (tab-separated).
cat > "$scratch/rules" <<'EOF'
man1-limits	Request line: N bytes	HS_MAX_LINE
man1-limits	The last N descriptors are kept from connections	HS_FD_RESERVE
man1-limits	Threads: N	HS_MAX_THREADS
man1-limits	TLS file reads: N KiB	HS_TLS_FILE_CHUNK
man1-limits	TLS key password: N bytes	HS_TLS_PASSWORD_MAX
man1	A password file of more than N bytes is refused	HS_TLS_PASSWORD_MAX
man1	They are read N KiB at a time	HS_TLS_FILE_CHUNK
man1-limits	Listings on a thread: N KiB	HS_LISTING_THREAD_SIZE
man1	a thread of its own (1 to N; default	HS_MAX_THREADS
man1-limits	Header line: N bytes	HS_MAX_LINE
man1-limits	Header fields: N	HS_MAX_HEADERS
man1-limits	A request with N or more gets	HS_MAX_HEADERS + 1
man1-limits	among its N lines	HS_MAX_HEADERS + 1
man1-limits	Request head: N bytes	HS_MAX_HEAD
man1-limits	Request body: N MiB	HS_DEFAULT_MAX_BODY
man1-limits	Chunk-size lines are limited to N bytes	HS_MAX_CHUNK_LINE
man1-limits	trailers to N.	HS_MAX_TRAILER
man1-limits	Silent connections: N second	HS_ACCEPT_DEFER_SECONDS
man1-limits	Idle timeout: N seconds	HS_DEFAULT_IDLE_TIMEOUT
man1-limits	Head timeout: N seconds	HS_DEFAULT_HEAD_TIMEOUT
man1-limits	Write timeout: N seconds	HS_DEFAULT_WRITE_TIMEOUT
man1-limits	Lingering close: N seconds	HS_LINGER_SECONDS
man1-limits	Log waiting for its reader: N KiB	HS_LOG_BUFFER
man1-limits	Log at stop: N milliseconds	HS_LOG_STOP_WAIT_MS
man1-limits	Cache entries: N per loop	HS_FILE_CACHE_ENTRIES
man1-limits	Of at most N MiB together	HS_FILE_CACHE_BYTES
man1-limits	files of up to N bytes are kept whole.	HS_FILE_CACHE_INLINE_MAX
man1-limits	Cache watches: N per loop	HS_FILE_CACHE_WATCHES
man1-limits	Range specifications: N	HS_RANGE_SPECS_MAX
man1-limits	Range parts: N	HS_RANGE_PARTS_MAX
man1	and its bytes when it is at most N KiB	HS_FILE_CACHE_INLINE_MAX
man1-limits	CGI timeout: N seconds	HS_DEFAULT_CGI_TIMEOUT
man1-limits	CGI header: N bytes	HS_CGI_MAX_HEAD
man1-limits	bytes, N fields	HS_CGI_MAX_FIELDS
man1-limits	CGI input queued: N KiB	HS_CGI_STDIN_HIGH
man1-limits	the client is paused until N KiB remain	HS_CGI_STDIN_HIGH / 2
man1-limits	CGI output queued: N KiB	HS_CGI_OUTPUT_HIGH
man1-limits	the script is paused until N KiB remain	HS_CGI_OUTPUT_LOW
man1-limits	CGI local redirects: N	HS_MAX_REDISPATCH
man1-limits	CGI request path: N bytes	CGI_PATH_MAX - 1
man1	stops arriving for this long (default N;	HS_DEFAULT_IDLE_TIMEOUT
man1	for a request head to arrive (default N;	HS_DEFAULT_HEAD_TIMEOUT
man1	of its response for this long (default N;	HS_DEFAULT_WRITE_TIMEOUT
man1	reads no input for this long (default N;	HS_DEFAULT_CGI_TIMEOUT
man1	may be at most N (a day)	HS_TIMEOUT_MAX
man1	or N bytes or more, gets 404	CGI_PATH_MAX
man1	While N KiB of it wait for the script	HS_CGI_STDIN_HIGH
man1	it resumes at N KiB	HS_CGI_STDIN_HIGH / 2
man1	within the N MiB limit	HS_DEFAULT_MAX_BODY
man1	At most N follow one another	HS_MAX_REDISPATCH
man1	while N KiB of it wait for the client	HS_CGI_OUTPUT_HIGH
man1	(its writes block), until N KiB remain	HS_CGI_OUTPUT_LOW
man1	more than N fields besides Status	HS_CGI_MAX_FIELDS
man1	or N bytes of header	HS_CGI_MAX_HEAD
man1	seconds, N by default, is killed	HS_DEFAULT_CGI_TIMEOUT
man1	timed out after N s	HS_DEFAULT_CGI_TIMEOUT
man3-limits	Request line: N bytes	HS_MAX_LINE
man3-limits	Header line: N bytes	HS_MAX_LINE
man3-limits	Header fields: N	HS_MAX_HEADERS
man3-limits	The Nth gets 431	HS_MAX_HEADERS + 1
man3-limits	Request head: N bytes	HS_MAX_HEAD
man3-limits	Request body: N MiB	HS_DEFAULT_MAX_BODY
man3-limits	Chunk-size line: N bytes	HS_MAX_CHUNK_LINE
man3-limits	may take N bytes	HS_MAX_TRAILER
man3-limits	Input held while a streamed body is paused: N bytes	HS_MAX_HEAD + 1
man3-limits	Files sent inline: N bytes	HS_INLINE_FILE_MAX
man3-limits	TLS file reads: N KiB	HS_TLS_FILE_CHUNK
man3	read in pieces of N KiB as the client drains	HS_TLS_FILE_CHUNK
man3-limits	Output before the next pipelined request: N bytes	HS_PIPELINE_OUTPUT_MAX
man3-limits	Pipelined requests per turn: N	HS_PIPELINE_BURST
man3-limits	Static cache: N entries	HS_FILE_CACHE_ENTRIES
man3-limits	entries, N MiB	HS_FILE_CACHE_BYTES
man3-limits	MiB, N watches	HS_FILE_CACHE_WATCHES
man3-limits	files of up to N bytes are kept whole	HS_FILE_CACHE_INLINE_MAX
man3-limits	Idle timeout: N seconds	HS_DEFAULT_IDLE_TIMEOUT
man3-limits	Head timeout: N seconds	HS_DEFAULT_HEAD_TIMEOUT
man3-limits	Write timeout: N seconds	HS_DEFAULT_WRITE_TIMEOUT
man3-limits	Accept back-off: N second	HS_ACCEPT_RETRY_SECONDS
man3-limits	Linger: N seconds	HS_LINGER_SECONDS
man3-limits	CGI timeout: N seconds	HS_DEFAULT_CGI_TIMEOUT
man3-limits	CGI header: N bytes	HS_CGI_MAX_HEAD
man3-limits	bytes, N fields	HS_CGI_MAX_FIELDS
man3-limits	CGI input queued: N KiB	HS_CGI_STDIN_HIGH
man3-limits	the client is paused until N KiB remain	HS_CGI_STDIN_HIGH / 2
man3-limits	CGI output queued: N KiB	HS_CGI_OUTPUT_HIGH
man3-limits	the script is paused until N KiB remain	HS_CGI_OUTPUT_LOW
man3-limits	Redispatches per request: N	HS_MAX_REDISPATCH
man3-limits	Range specifications: N	HS_RANGE_SPECS_MAX
man3-limits	Range parts: N	HS_RANGE_PARTS_MAX
man3-limits	CGI request path: N bytes	CGI_PATH_MAX - 1
readme-limits	request line N bytes 414	HS_MAX_LINE
readme-limits	header line N bytes 431	HS_MAX_LINE
readme-limits	header fields N 431	HS_MAX_HEADERS
readme-limits	request head N bytes 431	HS_MAX_HEAD
readme-limits	request body N MiB 413	HS_DEFAULT_MAX_BODY
readme-limits	silent connection N s	HS_ACCEPT_DEFER_SECONDS
readme-limits	idle timeout N s	HS_DEFAULT_IDLE_TIMEOUT
readme-limits	head timeout N s	HS_DEFAULT_HEAD_TIMEOUT
readme-limits	write timeout N s	HS_DEFAULT_WRITE_TIMEOUT
readme-limits	CGI timeout N s	HS_DEFAULT_CGI_TIMEOUT
readme-limits	CGI header N bytes 502	HS_CGI_MAX_HEAD
readme-limits	CGI header fields N 502	HS_CGI_MAX_FIELDS
readme-limits	CGI body queued N KiB	HS_CGI_STDIN_HIGH
readme-limits	CGI output queued N KiB	HS_CGI_OUTPUT_HIGH
readme-limits	CGI redirects N in a row	HS_MAX_REDISPATCH
readme-limits	range specs N per Range	HS_RANGE_SPECS_MAX
readme-limits	range parts N once merged	HS_RANGE_PARTS_MAX
readme-limits	log queued N KiB	HS_LOG_BUFFER
readme	close connections idle S seconds (default N)	HS_DEFAULT_IDLE_TIMEOUT
readme	allow S seconds for a request head (default N)	HS_DEFAULT_HEAD_TIMEOUT
readme	drop clients that read nothing for S seconds (default N)	HS_DEFAULT_WRITE_TIMEOUT
readme	kill CGI scripts silent for S seconds (default N)	HS_DEFAULT_CGI_TIMEOUT
readme	or of N bytes or more gets 404	CGI_PATH_MAX
EOF

# The statuses the limits are answered with, the only other numbers the
# LIMITS sections and the Limits table may hold.
statuses=' 400 404 413 414 431 500 502 503 504 '

# The texts, each on one line with its white space squeezed (the man pages
# break lines anywhere).
one_line() {
	tr -s '\t\n ' '   '
}
man_section() {	# man_section PAGE NAME
	awk -v name=".Sh $2" '/^\.Sh / { on = ($0 == name); next } on' "$1"
}
readme_section() {	# readme_section NAME: from its heading to the next
	awk -v name="$1" '
	/^-+$/ && prev != "" {
		if (prev == name)
			on = 1
		else if (on)
			exit
		held = 0
		prev = ""
		next
	}
	{ if (on && held) print last; last = $0; held = 1; prev = $0 }
	END { if (on && held) print last }' "$top_srcdir/README"
}
one_line < "$top_srcdir/man/httpserve.1" > "$scratch/man1"
one_line < "$top_srcdir/man/httpserve.3" > "$scratch/man3"
man_section "$top_srcdir/man/httpserve.1" LIMITS | one_line \
    > "$scratch/man1-limits"
man_section "$top_srcdir/man/httpserve.3" LIMITS | one_line \
    > "$scratch/man3-limits"
one_line < "$top_srcdir/README" > "$scratch/readme"
readme_section Limits | one_line > "$scratch/readme-limits"

# Every rule's expression, expanded by the preprocessor from the headers.
# CGI_PATH_MAX is the one limit not yet in hs_limits.h: it is taken from
# handler_cgi.c (an identical definition in hs_limits.h would not clash).
{
	echo '#include "http/hs_limits.h"'
	echo '#include "httpserve.h"'
	grep '^#define CGI_PATH_MAX ' "$top_srcdir/src/cgi/handler_cgi.c"
	awk -F '\t' '{ print "HS_LINT_RULE_" NR, $3 }' "$scratch/rules"
} > "$scratch/exprs.c"
if ! "$CC" -E -P -I"$top_srcdir/src" -I"$top_srcdir/include" \
    -I"$top_builddir/include" "$scratch/exprs.c" > "$scratch/exprs" \
    2> "$scratch/cpp.log"; then
	echo "Bail out! the headers do not preprocess"
	sed 's/^/# /' "$scratch/cpp.log"
	exit 1
fi

# ERE for the literal text $1: each special character in brackets.
literal() {
	printf '%s' "$1" | sed 's/[].[*+?(){}|$\]/[&]/g; s/\^/\\^/g'
}

. "$top_srcdir/tests/tap.sh"

rules=$(wc -l < "$scratch/rules")
echo "1..$((rules + 3))"

d=$(printf '\001')	# the sed delimiter: in no phrase
i=0
while IFS='	' read -r text phrase expr; do
	i=$((i + 1))
	pre=$(literal "${phrase%%N*}")
	suf=$(literal "${phrase#*N}")
	case ${phrase#*N} in
	" KiB"*) unit=1024 ;;
	" MiB"*) unit=1048576 ;;
	*) unit=1 ;;
	esac
	what="$text: \"$phrase\" is $expr"
	value=$(sed -n "s/^HS_LINT_RULE_$i //p" "$scratch/exprs")
	case $value in
	*[!0-9\ \(\)+*/-]*|"")
		tap_not_ok "$what" "$expr expands to \"$value\", not a number"
		continue ;;
	esac
	value=$(($value))
	grep -oE "$pre[0-9]+$suf" "$scratch/$text" > "$scratch/found"
	found=$(wc -l < "$scratch/found")
	if [ "$found" -ne 1 ]; then
		tap_not_ok "$what" "the phrase occurs $found times, not once"
		continue
	fi
	number=$(sed -E "s${d}^$pre([0-9]+)$suf\$${d}\\1${d}" "$scratch/found")
	# The number checked: no longer a number for the last test.
	sed -E "s${d}($pre)[0-9]+($suf)${d}\\1#\\2${d}" "$scratch/$text" \
	    > "$scratch/marked" && mv "$scratch/marked" "$scratch/$text"
	if [ $((number * unit)) -eq "$value" ]; then
		tap_ok "$what ($number)"
	else
		tap_not_ok "$what" "the text says $number, $expr is $value"
	fi
done < "$scratch/rules"

# What is left in the limits' own sections: statuses only, and the section
# numbers of references (.Xr accept 2).
for text in man1-limits man3-limits readme-limits; do
	if [ ! -s "$scratch/$text" ]; then
		tap_not_ok "$text: every number is checked" "the section is missing"
		continue
	fi
	left=$(sed -E 's/Xr [^ ]+ [0-9]+/Xr/g' "$scratch/$text" |
	    grep -oE '[0-9]+' | while read -r number; do
		case $statuses in
		*" $number "*) ;;
		*) printf ' %s' "$number" ;;
		esac
	done)
	if [ -z "$left" ]; then
		tap_ok "$text: every number is checked by a rule or is a status"
	else
		tap_not_ok "$text: every number is checked by a rule or is a status" \
		    "no rule checks:$left"
	fi
done
exit $tap_failed
