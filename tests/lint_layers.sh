#!/bin/sh
# SPDX-License-Identifier: MIT
#
# lint_layers.sh - the layers of DESIGN section 1, checked on the built
# objects and on the sources (TAP).
#
#   main -> handlers (static, cgi) -> public API -> engine -> http (pure)
#
# From the objects (nm): which module calls which.  A module is one object
# file; its layer is the convenience library it is built into.
#   1. no call between two modules goes round in a cycle;
#   2. the pure layer references neither libevent nor any other layer;
#   3. the engine calls no handler;
#   4. a handler reaches the engine only through the public API
#      (functions marked HS_EXPORT in include/httpserve.h);
# From the sources (#include lines):
#   5. each layer includes only the headers of the layers below it (the
#      program: the public header, and of the pure layer hs_limits.h
#      alone, macros whose values its --help shows).

: "${top_srcdir:=.}"
: "${top_builddir:=.}"
NM=${NM:-nm}

scratch=$(mktemp -d /tmp/hs-layers.XXXXXX) || exit 1
trap 'rm -rf "$scratch"' EXIT INT TERM

. "$top_srcdir/tests/tap.sh"
check() {	# check DESCRIPTION FILE: passes when FILE is empty
	if [ -s "$2" ]; then tap_not_ok "$1" "$(cat "$2")"; else tap_ok "$1"; fi
}

# Symbols of every object: "layer module kind symbol", kind D (defined,
# global) or U (undefined).
symbols() {
	layer=$1
	archive=$2
	if [ ! -f "$archive" ]; then
		echo "$archive: not built" >&2
		return 1
	fi
	"$NM" -A "$archive" 2>/dev/null | awk -v layer="$layer" '
	{
		# "archive:member.o: value type name" or "archive:member.o:  U name"
		split($1, p, ":")
		module = p[2]
		sub(/^lib[a-z]*_la-/, "", module)
		sub(/\.o$/, "", module)
		if (NF == 3 && $2 ~ /^[TDBRGSVW]$/)
			print layer, module, "D", $3
		else if (NF == 2 && $1 ~ /:$/ && $0 ~ / U /)
			print layer, module, "U", $NF
		else if (NF == 3 && $2 == "U")
			print layer, module, "U", $3
	}'
}

for layer in http engine static cgi; do
	symbols "$layer" "$top_builddir/.libs/libhs$layer.a" || exit 1
done > "$scratch/syms"
main_obj=$(ls "$top_builddir"/src/httpserve-main.o \
    "$top_builddir"/src/main.o 2>/dev/null | head -n 1)
if [ -n "$main_obj" ]; then
	"$NM" "$main_obj" | awk '
	    NF == 3 && $2 ~ /^[TDBR]$/ { print "main main D", $3 }
	    NF == 2 && $1 == "U" { print "main main U", $2 }'
fi >> "$scratch/syms"

# The public API: every function httpserve.h marks HS_EXPORT.
sed -n 's/^HS_EXPORT.*[ *]\(hs_[a-z0-9_]*\)(.*/\1/p' \
    "$top_srcdir/include/httpserve.h" | sort -u > "$scratch/public"
if [ ! -s "$scratch/public" ]; then
	echo "Bail out! no HS_EXPORT function found in include/httpserve.h"
	exit 1
fi

# Edges "from-layer from-module to-layer to-module symbol".
awk '
	FNR == NR { if ($3 == "D") { lay[$4] = $1; mod[$4] = $2 } ; next }
	$3 == "U" && ($4 in mod) && mod[$4] != $2 {
		print $1, $2, lay[$4], mod[$4], $4
	}' "$scratch/syms" "$scratch/syms" | sort -u > "$scratch/edges"

echo "1..7"

if [ -s "$scratch/edges" ] && grep -q ' engine ' "$scratch/edges"; then
	tap_ok "the objects of every layer were read"
else
	tap_not_ok "the objects of every layer were read" \
	    "no edge into the engine found: the objects are not what this test expects"
fi

# 1. Cycles: a pair of modules each reaching the other.
awk '
	{ e[$2 " " $4] = 1; node[$2] = 1; node[$4] = 1 }
	END {
		for (a in node) for (b in node) r[a, b] = ((a " " b) in e)
		for (k in node) for (i in node) if (r[i, k])
			for (j in node) if (r[k, j]) r[i, j] = 1
		for (a in node) for (b in node)
			if (a < b && r[a, b] && r[b, a])
				print a " <-> " b
	}' "$scratch/edges" | sort > "$scratch/cycles"
check "no cycle between modules" "$scratch/cycles"

# 2. The pure layer: no libevent, no call out of the layer.
awk '$1 == "http" && $3 == "U" && $4 ~ /^(event_|evbuffer_|bufferevent_|evconnlistener_|evutil_|evtimer_)/ {
	print $2 " uses " $4 }' "$scratch/syms" > "$scratch/pure_ev"
check "the pure layer references no libevent symbol" "$scratch/pure_ev"
awk '$1 == "http" && $3 != "http" { print $2 " -> " $4 " (" $5 ")" }' \
    "$scratch/edges" > "$scratch/pure_up"
check "the pure layer calls no other layer" "$scratch/pure_up"

# 3. The engine calls no handler and not the program.
awk '$1 == "engine" && ($3 == "static" || $3 == "cgi" || $3 == "main") {
	print $2 " -> " $4 " (" $5 ")" }' "$scratch/edges" > "$scratch/engine_up"
check "the engine calls no handler" "$scratch/engine_up"

# 4. Handlers and the program reach the engine by the public API only.
awk 'FNR == NR { public[$1] = 1; next }
	($1 == "static" || $1 == "cgi" || $1 == "main") && $3 == "engine" &&
	    !($5 in public) { print $2 " -> " $4 " (" $5 ")" }' \
    "$scratch/public" "$scratch/edges" > "$scratch/private"
check "handlers use the engine through httpserve.h only" "$scratch/private"

# 5. Includes: each layer sees only the layers below it.
: > "$scratch/includes"
for f in "$top_srcdir"/src/*/*.[ch] "$top_srcdir"/src/main.c; do
	allowed='^$'	# matches no include line
	case $f in
	*/src/http/*) bad='"(engine|static|cgi)/|<event2/' ;;
	*/src/engine/*) bad='"(static|cgi)/' ;;
	*/src/static/*) bad='"(engine|cgi)/|<event2/' ;;
	*/src/cgi/*) bad='"engine/' ;;
	*/src/main.c) bad='"(engine|static|cgi|http)/'
		allowed='^[0-9]+:#[ 	]*include[ 	]*"http/hs_limits\.h"' ;;
	*) continue ;;
	esac
	grep -En "^#[ 	]*include[ 	]*($bad)" "$f" | grep -Ev "$allowed" |
	    sed "s|^|${f#"$top_srcdir"/}:|" >> "$scratch/includes"
done
check "every #include points down the layers" "$scratch/includes"

exit $tap_failed
