#!/bin/sh
# Builds dist/<name> (or $DIST/<name>) from challenges/<name>/main.ts.
#
# First `deno compile` with no permission flags, honouring DENORT_BIN, and a
# check that the result runs as a node. Where the compile runtime (denort)
# cannot be had, as on machines without network,
# the node is bundled into one file that starts itself with this machine's
# deno (by absolute path, so it runs from any directory and without deno on
# PATH), and a one-line notice says so.
set -eu
name=$1
deno=${DENO:-deno}
src=challenges/$name/main.ts
dist=${DIST:-dist}
out=$dist/$name
# A node is a small process, and Maelstrom runs up to 25 of them on one
# machine: cap V8's young generation at 2 MB semi-spaces (under a burst of
# messages it grows to 16 MB, for no gain in speed here). `make bench`
# measures the effect on dist/echo: peak memory 51-54 MB without, 47-49 with.
# NODE_V8_FLAGS replaces the flags ("" for none; commas or spaces between).
v8_flags=$(printf '%s' "${NODE_V8_FLAGS---max-semi-space-size=2}" | tr -s ' ,' ',' | sed 's/^,//; s/,$//')
case $v8_flags in
  *[!A-Za-z0-9_=.,-]*) echo "build.sh: NODE_V8_FLAGS may hold only V8 flags: $v8_flags" >&2; exit 2 ;;
esac
mkdir -p "$dist"
log=$(mktemp)
trap 'rm -f "$log" "$out.tmp"' EXIT

# A node given no input writes nothing to stdout and exits 0.
runs_as_node() {
  stdout=$(timeout -k 2 20 "$1" </dev/null 2>/dev/null) && [ -z "$stdout" ]
}

if NO_COLOR=1 timeout -k 5 120 "$deno" compile --quiet --no-check ${v8_flags:+"--v8-flags=$v8_flags"} -o "$out.tmp" "$src" >"$log" 2>&1 \
  && [ -x "$out.tmp" ]; then
  # A binary built on a runtime that is not denort (say DENORT_BIN=deno)
  # starts a REPL instead.
  if runs_as_node "$out.tmp"; then
    mv "$out.tmp" "$out"
    exit 0
  fi
  echo "the compiled binary does not run as a node (is DENORT_BIN a denort of this deno's version?)" >"$log"
fi

deno_abs=$(command -v "$deno" 2>/dev/null || echo "$deno")
deno_abs=$(readlink -f "$deno_abs")
case $deno_abs in
  *\'*) echo "build.sh: cannot start a bundle from a path with a quote: $deno_abs" >&2; exit 2 ;;
esac
"$deno" bundle --quiet --platform deno -o "$out.tmp.js" "$src"
{
  # Line 1 is a shebang for the shell and a hashbang comment for JavaScript;
  # line 2 is a shell command and a JavaScript comment. The shell passes
  # MAELSTROM_LOG on as an argument, so the node reads its log level with no
  # permissions (an explicit --log-level= argument comes first and wins).
  echo '#!/bin/sh'
  printf '//bin/true; D='"'"'%s'"'"'; [ -x "$D" ] || D=deno; DENO_NO_UPDATE_CHECK=1 exec "$D" run %s--quiet --no-config --no-lock --no-prompt --ext=js "$0" "$@" ${MAELSTROM_LOG:+"--log-level=$MAELSTROM_LOG"}\n' "$deno_abs" "${v8_flags:+--v8-flags=$v8_flags }"
  cat "$out.tmp.js"
} >"$out.tmp"
rm -f "$out.tmp.js"
chmod +x "$out.tmp"
mv "$out.tmp" "$out"
# Start it once, where it stays: deno caches its analysis and compiled code of
# the file, so even the first start under a test is as quick and as small
# (about 4 MB less peak memory) as later ones. It must also run as a node.
if ! runs_as_node "$out"; then
  mv "$out" "$out.broken"
  echo "build.sh: the bundle does not run as a node; to see why: $out.broken </dev/null" >&2
  exit 1
fi
if grep -q 'does not run as a node' "$log"; then
  reason=$(cat "$log")
elif grep -qiE 'dns|lookup|download|connect' "$log"; then
  reason="it could not download its runtime, denort"
else
  reason=$(grep -m1 -iE 'error' "$log" | tr -s ' ' | cut -c1-80)
fi
echo "notice: deno compile failed (${reason:-no output}); $out is a bundle started by $deno_abs instead (set DENORT_BIN for a standalone binary)" >&2
