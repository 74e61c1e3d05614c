#!/bin/sh
# SPDX-License-Identifier: MIT
#
# install.sh - libhttpserve as its users get it: "make install" into a
# temporary root, then the examples built with nothing but the installed
# header and "pkg-config --cflags --libs httpserve", run, and talked to.
# TAP output.

: "${top_builddir:?}" "${top_srcdir:?}" "${PYTHON3:=python3}"
n=0
failed=0
tmp=$(mktemp -d /tmp/hs-install.XXXXXX)
pids=""

cleanup() {
	for pid in $pids; do kill -KILL "$pid" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

# report STATUS DESCRIPTION: one TAP line, "ok" when STATUS is 0.
report() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=1
	fi
}

# Print the file $1 as TAP diagnostics.
diag() {
	sed 's/^/# /' "$1"
}

echo "1..16"

# 1. Install (the parent make's jobserver is not ours to use).
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$top_builddir" \
	install DESTDIR="$tmp/root" > "$tmp/install.log" 2>&1
rc=$?
report $rc "make install DESTDIR=..."
[ $rc -eq 0 ] || diag "$tmp/install.log"

pc=$(find "$tmp/root" -name httpserve.pc | head -n 1)
PKG_CONFIG_PATH=$(dirname "$pc")
PKG_CONFIG_SYSROOT_DIR="$tmp/root"
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
header=$(find "$tmp/root" -name httpserve.h | head -n 1)
lib=$(find "$tmp/root" -name 'libhttpserve.so.*.*' | head -n 1)

# 2. What is installed: headers, both libraries, pkg-config file, pages.
missing=""
for f in "$header" "$lib" "$pc" \
	"$(find "$tmp/root" -name httpserve_version.h | head -n 1)" \
	"$(find "$tmp/root" -name libhttpserve.a | head -n 1)" \
	"$(find "$tmp/root" -name httpserve.1 | head -n 1)" \
	"$(find "$tmp/root" -name httpserve.3 | head -n 1)" \
	"$(find "$tmp/root" -type f -name httpserve -perm -u+x | head -n 1)"; do
	{ [ -n "$f" ] && [ -f "$f" ]; } || missing="$missing x"
done
[ -z "$missing" ]
report $? "headers, shared and static library, .pc, man pages, program"

# 3. The installed header's version, as a user's compiler sees it through
# pkg-config, is the release pkg-config names: both come from configure.ac.
printf '#include <httpserve.h>\n%s\n' \
	'HS_VERSION HS_VERSION_MAJOR HS_VERSION_MINOR HS_VERSION_PATCH' |
	cc -E -P $(pkg-config --cflags httpserve) - 2>&1 | tail -n 1 > "$tmp/version"
version=$(pkg-config --modversion httpserve)
echo "\"$version\" $(echo "$version" | tr . ' ')" | cmp -s - "$tmp/version"
rc=$?
report $rc "httpserve.h's HS_VERSION and its parts are the .pc's version"
[ $rc -eq 0 ] || diag "$tmp/version"

# 4. The shared library exports exactly the functions of its header.
nm -D --defined-only "$lib" | awk '{ print $3 }' | sort > "$tmp/exported"
grep -o 'hs_[a-z_0-9]*(' "$header" | tr -d '(' | sort -u > "$tmp/declared"
cmp -s "$tmp/exported" "$tmp/declared"
rc=$?
report $rc "libhttpserve.so exports only the hs_* API of httpserve.h"
[ $rc -eq 0 ] || diff "$tmp/exported" "$tmp/declared" | sed 's/^/# /'

# 5. "man FUNCTION" finds httpserve(3) for every function the library
# exports: a page beside httpserve.3 that sources it.
man3=$(dirname "$(find "$tmp/root" -name httpserve.3 | head -n 1)")
: > "$tmp/no_page"
while read -r f; do
	[ "$(cat "$man3/$f.3" 2>/dev/null)" = ".so man3/httpserve.3" ] ||
		echo "$f" >> "$tmp/no_page"
done < "$tmp/exported"
[ -s "$tmp/exported" ] && [ ! -s "$tmp/no_page" ]
rc=$?
report $rc "every exported function has a man page sourcing httpserve(3)"
[ $rc -eq 0 ] || diag "$tmp/no_page"

# 6-7. Build each example as a user would (with the sanitizers when the
# library was built with them: their runtime must come first).
libdir=$(dirname "$lib")
flags="${HS_SANITIZE_CFLAGS:-} $(pkg-config --cflags --libs httpserve)"
for ex in hello spam; do
	cc -std=c11 -Wall -Wextra -pedantic -Werror \
		-o "$tmp/$ex" "$top_srcdir/examples/$ex.c" $flags \
		> "$tmp/$ex.cc.log" 2>&1
	rc=$?
	report $rc "examples/$ex.c builds with pkg-config --cflags --libs"
	[ $rc -eq 0 ] || diag "$tmp/$ex.cc.log"
done

# 8. The run-time recipe of the README and httpserve(1): a program linked
# with -Wl,-rpath,$(pkg-config --variable=libdir httpserve) finds the
# installed library without LD_LIBRARY_PATH.  (pkg-config may or may not
# put the sysroot before the variable.)
rpath=$(pkg-config --variable=libdir httpserve)
case $rpath in
"$tmp/root"/*) ;;
*) rpath="$tmp/root$rpath" ;;
esac
cc -std=c11 -o "$tmp/hello-rpath" "$top_srcdir/examples/hello.c" $flags \
	-Wl,-rpath,"$rpath" > "$tmp/rpath.log" 2>&1 &&
	env -u LD_LIBRARY_PATH ldd "$tmp/hello-rpath" >> "$tmp/rpath.log" 2>&1 &&
	grep -q "$libdir/libhttpserve.so" "$tmp/rpath.log"
rc=$?
report $rc "linked with -rpath, a program finds the library by itself"
[ $rc -eq 0 ] || diag "$tmp/rpath.log"

# Start example $1 on port 0; its port in $port, its pid in $pid.
start() {
	LD_LIBRARY_PATH="$libdir" "$tmp/$1" 0 > "$tmp/$1.out" 2>&1 &
	pid=$!
	pids="$pids $pid"
	port=""
	i=0
	while [ $i -lt 200 ] && [ -z "$port" ]; do
		port=$(sed -n 's/.* port \([0-9]*\) .*/\1/p' "$tmp/$1.out")
		[ -n "$port" ] || sleep 0.05
		i=$((i + 1))
	done
}

# The client: send the request $2 (with \r\n escapes) to port $1, print
# the reply up to EOF with CRs removed.
cat > "$tmp/ask.py" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
s.sendall(sys.argv[2].encode().decode("unicode_escape").encode("latin-1"))
data = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    data += b
sys.stdout.write(data.replace(b"\r", b"").decode("latin-1"))
PY
ask() {
	"$PYTHON3" "$tmp/ask.py" "$1" "$2"
}

# The status line and body of a reply (headers dropped).
status_and_body() {
	sed -n '1p; /^$/,$p' | sed '/^$/d'
}

# 9-10. hello: uses the installed library, and says hello.
start hello
hello_pid=$pid
LD_LIBRARY_PATH="$libdir" ldd "$tmp/hello" | grep -q "$libdir/libhttpserve.so"
report $? "hello runs against the installed libhttpserve.so"
[ "$(ask "$port" 'GET / HTTP/1.0\r\n\r\n' | status_and_body)" = \
	"HTTP/1.0 200 OK
Hello, world!" ]
report $? "hello answers GET with its greeting"

# 11-13. spam: do_SPAM, 501 for other methods, keep-alive (after an error
# too: the request was read whole).
start spam
spam_pid=$pid
[ "$(ask "$port" 'SPAM /3 HTTP/1.1\r\nConnection: close\r\n\r\n' |
	status_and_body)" = "HTTP/1.1 200 OK
spam
spam
spam" ]
report $? "spam answers SPAM /3 with three lines"
ask "$port" 'GET / HTTP/1.0\r\n\r\n' | head -n 1 |
	grep -q "^HTTP/1.1 501 Unsupported method ('GET')$"
report $? "spam answers GET with 501, as Python does"
ask "$port" 'SPAM /1 HTTP/1.1\r\n\r\nSPAM /x HTTP/1.1\r\n\r\nSPAM /2 HTTP/1.1\r\nConnection: close\r\n\r\n' |
	grep '^HTTP/1.1 ' > "$tmp/statuses"
[ "$(cat "$tmp/statuses")" = "HTTP/1.1 200 OK
HTTP/1.1 400 Say how much spam: /0 to /1000
HTTP/1.1 200 OK" ]
report $? "spam answers three requests on one connection, in order"

# 14-15. SIGINT: hs_server_shutdown() from a signal handler, exit 0.
kill -INT "$spam_pid"
wait "$spam_pid"
report $? "spam exits 0 after SIGINT"
kill -INT "$hello_pid"
wait "$hello_pid"
report $? "hello exits 0 after SIGINT"
pids=""

# 16. make uninstall takes back every file make install put there, the
# functions' pages included.
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$top_builddir" \
	uninstall DESTDIR="$tmp/root" > "$tmp/uninstall.log" 2>&1 &&
	find "$tmp/root" -type f >> "$tmp/uninstall.log" &&
	[ -z "$(find "$tmp/root" -type f)" ]
rc=$?
report $rc "make uninstall DESTDIR=... leaves no file behind"
[ $rc -eq 0 ] || diag "$tmp/uninstall.log"
exit $failed
