#!/usr/bin/env bash
# Regenerates codegen/src/typescript/runtime.js and runtime.d.ts, the JavaScript export's rules and
# their declarations, as the pinned TypeScript compiler's output of codegen/src/typescript/runtime.ts
# (issue 20): the rules are written once, in runtime.ts; never edit the two outputs by hand.
#
#   bash scripts/build-runtime-js.sh            regenerate both files
#   bash scripts/build-runtime-js.sh --check    fail (exit 1) when a checked-in file differs
#   bash scripts/build-runtime-js.sh --version  print the pinned TypeScript version
#
# TSC=path/to/tsc uses that compiler (it must be the pinned version); without it, the pinned
# typescript is installed with npm into a temporary folder. scripts/ts-proof.sh runs --check.
#
# How: runtime.ts is the tail of the exported module, after the data (CATALOG, ALIASES,
# FALLBACKS, CATEGORIES, STATES) and types.ts. It is compiled alone as a module, beside a
# declaration file that gives it those names as globals: the data's declared shapes (as
# codegen/src/export/typescript.rs writes them) and types.ts without its `export`s. Declarations emit
# nothing, so runtime.js is exactly tsc's output for runtime.ts, and runtime.d.ts its
# declarations (tsc --declaration), which errcat.d.ts appends to the data's and types.ts.
set -euo pipefail
cd "$(dirname "$0")/.."

TYPESCRIPT_VERSION=5.9.3

mode=write
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  --version)
    echo "$TYPESCRIPT_VERSION"
    exit 0
    ;;
  *)
    echo "usage: bash scripts/build-runtime-js.sh [--check | --version]" >&2
    exit 2
    ;;
esac

dir=codegen/src/typescript
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tsc=${TSC:-}
if [ -z "$tsc" ]; then
  npm install --prefix "$work/npm" --no-audit --no-fund --no-save --silent "typescript@$TYPESCRIPT_VERSION" >/dev/null
  tsc="$work/npm/node_modules/.bin/tsc"
fi
if [ "$("$tsc" --version)" != "Version $TYPESCRIPT_VERSION" ]; then
  echo "build-runtime-js: $tsc is $("$tsc" --version), not the pinned TypeScript $TYPESCRIPT_VERSION" >&2
  exit 1
fi

mkdir -p "$work/src" "$work/out"
{
  echo "// The exported module's data, as declared names (codegen/src/export/typescript.rs writes the values)."
  echo "declare const CATALOG: { readonly [code: string]: Entry };"
  echo "declare const ALIASES: { readonly [alias: string]: Code };"
  echo "declare const FALLBACKS: { readonly [S in Status]: FallbackEntry };"
  echo "declare const CATEGORIES: { readonly [key: string]: { readonly title: string; readonly retry: RetryPolicy } };"
  echo "declare const STATES: { readonly [value: string]: \"succeeded\" | \"failed\" | \"pending\" };"
  sed 's/^export //' "$dir/types.ts"
} >"$work/src/globals.d.ts"
cp "$dir/runtime.ts" "$work/src/runtime.ts"
"$tsc" --strict --target es2022 --module es2022 --newLine lf --declaration \
  --outDir "$work/out" "$work/src/globals.d.ts" "$work/src/runtime.ts"

if [ "$mode" = write ]; then
  cp "$work/out/runtime.js" "$dir/runtime.js"
  cp "$work/out/runtime.d.ts" "$dir/runtime.d.ts"
  echo "build-runtime-js: wrote $dir/runtime.js ($(wc -l <"$dir/runtime.js") lines) and $dir/runtime.d.ts ($(wc -l <"$dir/runtime.d.ts") lines) with tsc $TYPESCRIPT_VERSION"
  exit 0
fi

stale=0
for file in runtime.js runtime.d.ts; do
  if ! cmp -s "$work/out/$file" "$dir/$file"; then
    echo "build-runtime-js: $dir/$file is not tsc $TYPESCRIPT_VERSION's output of $dir/runtime.ts:" >&2
    diff -u "$dir/$file" "$work/out/$file" | head -n 40 >&2 || true
    stale=1
  fi
done
if [ "$stale" -ne 0 ]; then
  echo "build-runtime-js: stale; regenerate with: bash scripts/build-runtime-js.sh (and commit the result)" >&2
  exit 1
fi
echo "build-runtime-js: $dir/runtime.js and runtime.d.ts are tsc $TYPESCRIPT_VERSION's output of runtime.ts"
