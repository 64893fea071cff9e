#!/bin/sh
# Builds dist/<name> from challenges/<name>/main.ts.
#
# First `deno compile` with no permission flags, honouring DENORT_BIN. Where
# the compile runtime (denort) cannot be had, as on machines without network,
# the node is bundled into one file that starts itself with this machine's
# deno (by absolute path, so it runs from any directory and without deno on
# PATH), and a one-line notice says so.
set -eu
name=$1
deno=${DENO:-deno}
src=challenges/$name/main.ts
out=dist/$name
mkdir -p dist
log=$(mktemp)
trap 'rm -f "$log" "$out.tmp"' EXIT

if NO_COLOR=1 timeout 120 "$deno" compile --quiet --no-check -o "$out.tmp" "$src" >"$log" 2>&1 \
  && [ -x "$out.tmp" ]; then
  mv "$out.tmp" "$out"
  exit 0
fi

deno_abs=$(command -v "$deno" 2>/dev/null || echo "$deno")
deno_abs=$(readlink -f "$deno_abs")
"$deno" bundle --quiet --platform deno -o "$out.tmp.js" "$src"
{
  # Line 1 is a shebang for the shell and a hashbang comment for JavaScript;
  # line 2 is a shell command and a JavaScript comment.
  echo '#!/bin/sh'
  printf '//bin/true; D=%s; [ -x "$D" ] || D=deno; DENO_NO_UPDATE_CHECK=1 exec "$D" run --quiet --no-config --no-lock --no-prompt --ext=js "$0" "$@"\n' "$deno_abs"
  cat "$out.tmp.js"
} >"$out.tmp"
rm -f "$out.tmp.js"
chmod +x "$out.tmp"
mv "$out.tmp" "$out"
if grep -qiE 'dns|lookup|download|connect' "$log"; then
  reason="it could not download its runtime, denort"
else
  reason=$(grep -m1 -iE 'error' "$log" | tr -s ' ' | cut -c1-80)
fi
echo "notice: deno compile failed (${reason:-no output}); dist/$name is a bundle started by $deno_abs instead (set DENORT_BIN for a standalone binary)" >&2
