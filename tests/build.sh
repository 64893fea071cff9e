#!/bin/sh
# Builds one program into dist/ (or $DIST/):
#
#   sh tests/build.sh NAME                    challenges/NAME/main.ts -> dist/NAME (a node)
#   sh tests/build.sh FILE.ts [OUT]           any source file -> dist/FILE (a node)
#   sh tests/build.sh --bench FILE.ts [OUT]   the bench (dist/maelstrom): all permissions
#
# First `deno compile` (a node gets no permission flags; the bench gets
# --allow-all, since it spawns nodes and writes store/), honouring
# DENORT_BIN, and a check that the result runs. Where the compile runtime
# (denort) cannot be had, as on machines without network, the program is
# bundled into one file that starts itself with this machine's deno (by
# absolute path, so it runs from any directory and without deno on PATH),
# and a one-line notice says so.
set -eu
kind=node
if [ "${1:-}" = "--bench" ]; then kind=bench; shift; fi
[ $# -ge 1 ] || { echo "usage: sh tests/build.sh [--bench] NAME|FILE [OUT]" >&2; exit 2; }
deno=${DENO:-deno}
dist=${DIST:-dist}
case $1 in
  */* | *.ts | *.tsx | *.js | *.mjs | *.jsx)
    src=$1
    name=$(basename "$src"); name=${name%.*}
    ;;
  *) src=challenges/$1/main.ts; name=$1 ;;
esac
[ -f "$src" ] || { echo "build.sh: no such source file: $src" >&2; exit 2; }
# The source's own deno.json (its import map), looked for from its folder
# up, as `deno run` looks for it: compile and bundle would look from the
# working directory, and a source of another project failed to build
# ("not a dependency") unless built from that project's folder.
config=
d=$(cd "$(dirname "$src")" && pwd)
while [ -z "$config" ]; do
  for f in deno.json deno.jsonc; do
    if [ -f "$d/$f" ]; then config=$d/$f; break; fi
  done
  [ "$d" = / ] && break
  d=$(dirname "$d")
done
out=${2:-$dist/$name}
if [ $kind = bench ]; then
  permissions=--allow-all
  v8_flags=
else
  permissions=
  # A node is a small process, and Maelstrom runs up to 25 of them on one
  # machine: cap V8's young generation at 2 MB semi-spaces (under a burst of
  # messages it grows to 16 MB, for no gain in speed here). `make bench`
  # measures the effect on dist/echo: peak memory 51-54 MB without, 47-49 with.
  # NODE_V8_FLAGS replaces the flags ("" for none; commas or spaces between).
  v8_flags=$(printf '%s' "${NODE_V8_FLAGS---max-semi-space-size=2}" | tr -s ' ,' ',' | sed 's/^,//; s/,$//')
  case $v8_flags in
    *[!A-Za-z0-9_=.,-]*) echo "build.sh: NODE_V8_FLAGS may hold only V8 flags: $v8_flags" >&2; exit 2 ;;
  esac
fi
mkdir -p "$(dirname "$out")"
log=$(mktemp)
trap 'rm -f "$log" "$out.tmp" "$out.tmp.js"' EXIT

# A node given no input writes nothing to stdout and exits 0; the bench
# prints the help of `test` and exits 0.
runs() {
  if [ $kind = bench ]; then
    timeout -k 2 20 "$1" test --help >/dev/null 2>&1
  else
    stdout=$(timeout -k 2 20 "$1" </dev/null 2>/dev/null) && [ -z "$stdout" ]
  fi
}

if NO_COLOR=1 timeout -k 5 120 "$deno" compile --quiet --no-check ${config:+--config "$config"} $permissions ${v8_flags:+"--v8-flags=$v8_flags"} -o "$out.tmp" "$src" >"$log" 2>&1 \
  && [ -x "$out.tmp" ]; then
  # A binary built on a runtime that is not denort (say DENORT_BIN=deno)
  # starts a REPL instead.
  if runs "$out.tmp"; then
    mv "$out.tmp" "$out"
    exit 0
  fi
  echo "the compiled binary does not run as a $kind (is DENORT_BIN a denort of this deno's version?)" >"$log"
fi

deno_abs=$(command -v "$deno" 2>/dev/null || echo "$deno")
deno_abs=$(readlink -f "$deno_abs")
case $deno_abs in
  *\'*) echo "build.sh: cannot start a bundle from a path with a quote: $deno_abs" >&2; exit 2 ;;
esac
"$deno" bundle --quiet --platform deno ${config:+--config "$config"} -o "$out.tmp.js" "$src"
{
  # Line 1 is a shebang for the shell and a hashbang comment for JavaScript;
  # line 2 is a shell command and a JavaScript comment. A node's launcher
  # passes MAELSTROM_LOG on as an argument, so the node reads its log level
  # with no permissions (an explicit --log-level= argument comes first and
  # wins). Deno colours its own messages (an uncaught error) even into a
  # pipe, so a node's launcher turns colours off: Maelstrom keeps a node's
  # stderr as node-logs/<id>.log, where escape codes are noise.
  echo '#!/bin/sh'
  if [ $kind = bench ]; then
    printf '//bin/true; D='"'"'%s'"'"'; [ -x "$D" ] || D=deno; DENO_NO_UPDATE_CHECK=1 exec "$D" run --allow-all --quiet --no-config --no-lock --no-prompt --ext=js "$0" "$@"\n' "$deno_abs"
  else
    printf '//bin/true; D='"'"'%s'"'"'; [ -x "$D" ] || D=deno; NO_COLOR=1 DENO_NO_UPDATE_CHECK=1 exec "$D" run %s--quiet --no-config --no-lock --no-prompt --ext=js "$0" "$@" ${MAELSTROM_LOG:+"--log-level=$MAELSTROM_LOG"}\n' "$deno_abs" "${v8_flags:+--v8-flags=$v8_flags }"
  fi
  # The bundle keeps a source's own shebang line; JavaScript allows one only
  # at the very start of a file, and ours is there.
  sed '1{/^#!/d;}' "$out.tmp.js"
} >"$out.tmp"
chmod +x "$out.tmp"
mv "$out.tmp" "$out"
# Start it once, where it stays: deno caches its analysis and compiled code of
# the file, so even the first start under a test is as quick and as small
# (about 4 MB less peak memory) as later ones. It must also run.
if ! runs "$out"; then
  mv "$out" "$out.broken"
  if [ $kind = bench ]; then
    echo "build.sh: the bundle does not run; to see why: $out.broken test --help" >&2
  else
    echo "build.sh: the bundle does not run as a node; to see why: $out.broken </dev/null" >&2
  fi
  exit 1
fi
if grep -q 'does not run as a' "$log"; then
  reason=$(cat "$log")
elif grep -qiE 'dns|lookup|download|connect' "$log"; then
  reason="it could not download its runtime, denort"
else
  reason=$(grep -m1 -iE 'error' "$log" | tr -s ' ' | cut -c1-80)
fi
echo "notice: deno compile failed (${reason:-no output}); $out is a bundle started by $deno_abs instead (set DENORT_BIN for a standalone binary)" >&2
