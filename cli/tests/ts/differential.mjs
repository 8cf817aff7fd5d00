// The JavaScript side of the differential test (issue 25, cli/tests/it/differential.rs): reads
// every generated body, as text, with `handleAPIResponse` (whose outcome is `outcome`'s) under
// each API choice the first line names, and writes one answer per reading, in order, in the
// shape the Rust test writes the crate's (the command's JSON names):
//
//   {"api", "status", "raw_code", "outcome": {"state", "code", "from", "retry", "user_message", "user_action"}}
//   or {"error": KIND, "message": MESSAGE}, or {"threw": ...} for anything that is not a BodyError
//
//   node differential.mjs ERRCAT.js BODIES.jsonl ANSWERS.jsonl
//
// BODIES.jsonl: a first line {"apis": [null, "pay", ...]}, then one [locale, text] per body.

import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [modulePath, bodiesPath, answersPath] = process.argv.slice(2);
if (!answersPath) {
  console.error("usage: node differential.mjs ERRCAT.js BODIES.jsonl ANSWERS.jsonl");
  process.exit(2);
}
const m = await import(pathToFileURL(modulePath).href);
// No stack traces: the module's errors are compared by kind and message, and most readings are
// errors (a stack is most of the cost of one).
Error.stackTraceLimit = 0;
const started = performance.now();

const lines = readFileSync(bodiesPath, "utf8").split("\n");
const { apis } = JSON.parse(lines[0]);

function answer(api, text, locale) {
  let d;
  try {
    d = m.handleAPIResponse(text, api === null ? { locale } : { api, locale });
  } catch (e) {
    return JSON.stringify({ threw: String(e) });
  }
  if (d.error !== null) {
    if (!(d.error instanceof m.BodyError)) return JSON.stringify({ threw: String(d.error) });
    return JSON.stringify({ error: d.error.kind, message: d.error.message });
  }
  const o = d.outcome;
  return JSON.stringify({
    api: d.api,
    status: d.status,
    raw_code: d.code,
    outcome: {
      state: o.state,
      code: o.code,
      from: o.from,
      retry: o.retry,
      user_message: o.userMessage,
      user_action: o.userAction,
    },
  });
}

const out = openSync(answersPath, "w");
let chunk = [];
let readings = 0;
for (let i = 1; i < lines.length; i++) {
  if (lines[i] === "") continue;
  const [locale, text] = JSON.parse(lines[i]);
  for (const api of apis) {
    chunk.push(answer(api, text, locale));
    readings++;
  }
  if (chunk.length >= 10000) {
    writeSync(out, chunk.join("\n") + "\n");
    chunk = [];
  }
}
if (chunk.length > 0) writeSync(out, chunk.join("\n") + "\n");
closeSync(out);
console.log(`differential.mjs: ${readings} readings in ${((performance.now() - started) / 1000).toFixed(1)}s`);
