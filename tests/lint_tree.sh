#!/bin/sh
# SPDX-License-Identifier: MIT
#
# lint_tree.sh - every source file of the tree says its licence, MIT (see
# LICENSE), in an SPDX line where its kind puts it (TAP, one test per
# kind; the files without it are listed):
#
#   C sources and headers       line 1  /* SPDX-License-Identifier: MIT */
#   shell scripts               line 2, after the #! line
#   build files, m4, .pc.in,
#   fuzz dictionaries           line 1  # SPDX-License-Identifier: MIT
#   man pages                   line 1  .\" SPDX-License-Identifier: MIT
#
# The files are found in the source tree, git or tarball alike; what the
# autotools and builds made in it (configure's output, libtool's m4,
# build-aux/, build, install and dist directories) is not source and is
# left out.

: "${top_srcdir:=.}"
cd "$top_srcdir" || exit 1

id='SPDX-License-Identifier: MIT'
scratch=$(mktemp -d /tmp/hs-tree.XXXXXX) || exit 1
trap 'rm -rf "$scratch"' EXIT INT TERM

# The source files whose names match the find(1) tests given, as paths
# relative to the top.
sources() {
	find . \( -path './.git' -o -path './build-aux' -o \
	    -path './autom4te.cache' -o -path './_build*' -o \
	    -path './_inst' -o -path './httpserve-*' \) -prune -o \
	    -type f \( "$@" \) \
	    ! -name config.h ! -name config.h.in ! -name libtool.m4 \
	    ! -name 'lt*.m4' -print | sed 's|^\./||' | sort
}

n=0
failed=0
# check KIND LINE TEXT FILE-LIST: line LINE of each file is TEXT.
check() {
	n=$((n + 1))
	: > "$scratch/missing"
	while read -r f; do
		[ "$(sed -n "$2p" "$f")" = "$3" ] || echo "$f" >> "$scratch/missing"
	done < "$4"
	count=$(wc -l < "$4")
	if [ "$count" -gt 0 ] && [ ! -s "$scratch/missing" ]; then
		echo "ok $n - $1: line $2 of each of $count files is the SPDX line"
	else
		failed=1
		echo "not ok $n - $1: line $2 of each of $count files is the SPDX line"
		[ "$count" -gt 0 ] || echo "# no such file found"
		sed 's/^/# without it: /' "$scratch/missing"
	fi
}

sources -name '*.c' -o -name '*.h' -o -name '*.h.in' > "$scratch/c"
sources -name '*.sh' -o -path './.ci/run' > "$scratch/shell"
sources -name Makefile.am -o -name configure.ac -o -path './m4/*.m4' -o \
    -name '*.pc.in' -o -name '*.dict' > "$scratch/build"
sources -path './man/*.[1-9]' > "$scratch/man"

echo "1..5"
check "C sources and headers" 1 "/* $id */" "$scratch/c"
check "shell scripts" 2 "# $id" "$scratch/shell"
n=$((n + 1))
: > "$scratch/nohashbang"
while read -r f; do
	case $(sed -n 1p "$f") in
	'#!'*) ;;
	*) echo "$f" >> "$scratch/nohashbang" ;;
	esac
done < "$scratch/shell"
if [ ! -s "$scratch/nohashbang" ]; then
	echo "ok $n - shell scripts: line 1 of each is its #! line"
else
	failed=1
	echo "not ok $n - shell scripts: line 1 of each is its #! line"
	sed 's/^/# without it: /' "$scratch/nohashbang"
fi
check "build files, m4, pkg-config and fuzz dictionaries" 1 "# $id" \
    "$scratch/build"
check "man pages" 1 ".\\\" $id" "$scratch/man"
exit $failed
