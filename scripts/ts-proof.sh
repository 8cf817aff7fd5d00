#!/usr/bin/env bash
# Proof that the TypeScript and JavaScript exports give the Rust crate's answers (issue 13).
#
# Installs a pinned TypeScript with npm into a temporary folder; checks that the checked-in
# codegen/src/typescript/runtime.js and runtime.d.ts are that compiler's output of runtime.ts
# (scripts/build-runtime-js.sh --check; regenerate with scripts/build-runtime-js.sh); compiles
# the generated module with `tsc --strict` (and `--erasableSyntaxOnly`, as Node's type stripping
# requires) and the JavaScript export's errcat.d.ts with a consumer; then runs, under Node,
# cli/tests/ts/proof.mjs (every status x every code, unknown codes, every locale rule, every body
# of cli/tests/data/outcome-bodies.json, parsed and as text, against `errcat classify --json` of
# the built binary), cli/tests/ts/table.mjs (the table of docs/decision.md as a property over
# every body) and cli/tests/ts/bad-input.mjs (every bad input of docs/bad-input.md, in every form
# the module takes, and bodies changed a character at a time, against the built binary).
#
# Needs node (20 or later) and npm, and the npm registry; fails, never skips, without them.
# Run from anywhere: bash scripts/ts-proof.sh. ERRCAT_BIN overrides the binary (default: built
# with `cargo build -p errcat-cli` into target/debug/errcat).
set -euo pipefail
cd "$(dirname "$0")/.."

TYPESCRIPT_VERSION=$(bash scripts/build-runtime-js.sh --version)

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "ts-proof: $tool is not installed: the TypeScript proof needs node (20 or later) and npm" >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
done
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "ts-proof: node $(node --version) is too old: the TypeScript proof needs node 20 or later" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

if [ -z "${ERRCAT_BIN:-}" ]; then
  cargo build -q -p errcat-cli
  ERRCAT_BIN="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')/debug/errcat"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "ts-proof: typescript@$TYPESCRIPT_VERSION into $work"
npm install --prefix "$work/npm" --no-audit --no-fund --no-save --silent "typescript@$TYPESCRIPT_VERSION" >/dev/null
tsc="$work/npm/node_modules/.bin/tsc"
"$tsc" --version

echo "ts-proof: runtime.js and runtime.d.ts are tsc's output of runtime.ts"
if ! TSC="$tsc" bash scripts/build-runtime-js.sh --check; then
  echo "0 passed, 1 failed"
  exit 1
fi

mkdir -p "$work/ts" "$work/js" "$work/out"
"$ERRCAT_BIN" export --format typescript -o "$work/ts/errcat.ts"
"$ERRCAT_BIN" export --format javascript -o "$work/js"
# The modules are ES modules: nodenext (tsc) and Node read them so under this package.json.
for dir in ts js out; do
  echo '{"type": "module"}' >"$work/$dir/package.json"
done
cp cli/tests/ts/consumer.ts "$work/ts/consumer.ts"
cp cli/tests/ts/consumer.ts "$work/js/consumer.ts"

common=(--strict --target es2022 --module nodenext --moduleResolution nodenext --skipLibCheck false)
echo "ts-proof: tsc --strict --noEmit errcat.ts (and a consumer)"
"$tsc" "${common[@]}" --noEmit "$work/ts/errcat.ts" "$work/ts/consumer.ts"
echo "ts-proof: tsc --strict --noEmit --erasableSyntaxOnly --verbatimModuleSyntax errcat.ts"
"$tsc" "${common[@]}" --noEmit --erasableSyntaxOnly --verbatimModuleSyntax "$work/ts/errcat.ts"
# errcat.js's rules are tsc's output of the strict runtime.ts (checked above), its data the
# same literals as errcat.ts's; its types are errcat.d.ts, compiled here with the consumer.
echo "ts-proof: tsc --strict errcat.d.ts with the consumer"
"$tsc" "${common[@]}" --noEmit "$work/js/errcat.d.ts" "$work/js/consumer.ts"
echo "ts-proof: tsc errcat.ts -> JavaScript"
"$tsc" --strict --target es2022 --module es2022 --outDir "$work/out" "$work/ts/errcat.ts"

echo "ts-proof: the modules against $ERRCAT_BIN"
status=0
node cli/tests/ts/proof.mjs "$ERRCAT_BIN" "$work/out/errcat.js" "$work/js/errcat.js" \
  cli/tests/data/outcome-bodies.json "$work" || status=1
echo "ts-proof: the table of docs/decision.md over every body, in both modules"
node cli/tests/ts/table.mjs "$work/out/errcat.js" "$work/js/errcat.js" || status=1
echo "ts-proof: one answer to bad input (docs/bad-input.md), in both modules and against $ERRCAT_BIN"
node cli/tests/ts/bad-input.mjs "$ERRCAT_BIN" "$work/out/errcat.js" "$work/js/errcat.js" \
  cli/tests/data/bad-inputs.json cli/tests/data/outcome-bodies.json "$work" || status=1
exit "$status"
