#!/usr/bin/env python3
"""Writes the fuzz targets' seed inputs from the repository's own fixtures (issue 25).

    python3 scripts/fuzz-seeds.py OUT_DIR

OUT_DIR/TARGET/ gets, for each target of fuzz/, every fixture in the target's input format:
- outcome: every response body of cli/tests/data/outcome-bodies.json and bad-inputs.json and
  every body and notification of tests/data/replay/*.jsonl, after a byte naming its API
  (0: none; 1..9: errcat_fuzz::APIS);
- flow: each replay file as the flow target's operations (fuzz/src/lib.rs, `flow`);
- catalog: every codes.toml of the repository, standalone (a 0 byte first) or, where it says
  `extends`, over errcat's (a 3 byte first);
- replay: every replay file.
Then `cargo +nightly fuzz cmin TARGET OUT_DIR/TARGET` keeps the ones that add coverage; the
result is committed as fuzz/seeds/TARGET/seed-* (TESTING.md, "Fuzzing").
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
APIS = ["pay", "inquiryPayment", "cancel", "capture", "refund", "inquiryRefund",
        "notifyPayment", "notifyCapture", "notifyRefund"]


def api_byte(name):
    return 0 if name is None else APIS.index(name) + 1


def chunk(data):
    data = data[:0xFFFF]
    return bytes([len(data) >> 8, len(data) & 0xFF]) + data


def main(out):
    seeds = {t: [] for t in ("outcome", "flow", "catalog", "replay")}
    bodies = json.loads((ROOT / "cli/tests/data/outcome-bodies.json").read_text())["cases"]
    for case in bodies:
        body = case["body"]
        text = body if isinstance(body, str) else json.dumps(body)
        seeds["outcome"].append(bytes([api_byte(case.get("api"))]) + text.encode())
    for row in json.loads((ROOT / "cli/tests/data/bad-inputs.json").read_text())["rows"]:
        if "body_hex" in row:
            raw = bytes.fromhex(row["body_hex"])
        elif isinstance(row.get("body"), str):
            raw = row["body"].encode()
        else:
            continue
        seeds["outcome"].append(bytes([api_byte(row.get("api"))]) + raw[:4096])
    for path in sorted((ROOT / "tests/data/replay").glob("*.jsonl")):
        text = path.read_text()
        seeds["replay"].append(text.encode())
        flow = bytearray([0]) + bytes(8)
        for line in text.splitlines():
            if not line.strip():
                continue
            entry = json.loads(line)
            if entry.get("restart"):
                flow += bytes([0, 0])
            elif entry.get("no_answer"):
                flow += bytes([3, 10])
            elif entry.get("token_refresh_failed"):
                flow += bytes([4, 10])
            elif "body" in entry:
                body = json.dumps(entry["body"]).encode()
                seeds["outcome"].append(bytes([0]) + body)
                flow += bytes([5, 10, 0]) + chunk(body)
            elif "notification" in entry:
                body = json.dumps(entry["notification"]).encode()
                seeds["outcome"].append(bytes([api_byte("notifyPayment")]) + body)
                op = 1 if entry.get("request", 0) == 0 else 2
                flow += bytes([op, 10, 0]) + chunk(body)
        seeds["flow"].append(bytes(flow))
    tomls = [ROOT / "codes.toml", ROOT / "bench/codes.toml", ROOT / "codegen/src/example.toml"]
    tomls += sorted((ROOT / "cli/tests/data").glob("**/*.toml"))
    tomls += sorted((ROOT / "tests/data").glob("*.toml"))
    for path in tomls:
        text = path.read_bytes()
        extends = b"extends" in text.split(b"[", 1)[0]
        seeds["catalog"].append(bytes([3 if extends else 0]) + text)
    for target, inputs in seeds.items():
        d = pathlib.Path(out) / target
        d.mkdir(parents=True, exist_ok=True)
        for i, data in enumerate(inputs):
            (d / f"fixture-{i:03}").write_bytes(data)
        print(f"{target}: {len(inputs)} inputs into {d}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
