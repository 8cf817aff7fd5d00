#!/usr/bin/env python3
"""Writes a synthetic but valid errcat codes.toml with N result codes, for scale tests.

    python3 scripts/synth_catalog.py 10000 > /tmp/codes-10000.toml
    python3 scripts/synth_catalog.py 1000 -o /tmp/codes-1000.toml --seed 7
    python3 scripts/synth_catalog.py 10000 --base codes.toml -o /tmp/codes-10000.toml

The catalog looks like what a company gets when it merges several providers' result codes:
with --base, every `[codes.*]` table of an existing catalog verbatim (they count towards N),
then platform-style codes (REFUND_NOT_FOUND, PARTNER_CLOSED, ...) and provider-prefixed ones
(GCASH_WALLET_FROZEN, ACQ_CARD_CVV_MISMATCH_BY_ISSUER, KAKAOPAY_OTP_VERIFY_FAILED, ...), a few
numeric provider codes with an explicit `variant` (`40004` -> `Code40004`), every status,
policy and category in use, English messages everywhere and Chinese ones on about a third.
Names differ in their prefixes, middles and suffixes alike, not only in a counter. The output
is deterministic for a given N and seed. Python 3 standard library only.
"""

import argparse
import json
import random
import sys

PROVIDERS = [
    "ACQ", "ALIPAY", "GCASH", "DANA", "KAKAOPAY", "TNG", "TRUEMONEY", "BKASH", "EASYPAISA",
    "PAYPAY", "LINEPAY", "NAVERPAY", "TOSS", "BOOST", "GRABPAY", "OVO", "MPESA", "PIX", "UPI",
    "SEPA", "ACH", "VISA", "MC", "AMEX", "JCB", "UNIONPAY", "KLARNA", "AFFIRM", "IDEAL",
    "BLIK", "SOFORT", "PAYNOW", "PROMPTPAY", "QRIS", "DUITNOW", "FPX", "MOMO", "ZALOPAY",
]

OBJECTS = [
    "ORDER", "PAYMENT", "REFUND", "CAPTURE", "VOID", "CARD", "ACCOUNT", "USER", "MERCHANT",
    "ACCESS_TOKEN", "REFRESH_TOKEN", "AUTH_CODE", "SIGNATURE", "CURRENCY", "AMOUNT",
    "SETTLEMENT", "PAYOUT", "TRANSFER", "BALANCE", "QUOTA", "MANDATE", "SUBSCRIPTION",
    "INVOICE", "CHARGEBACK", "DISPUTE", "DEVICE", "OTP", "PIN", "CVV", "BIN", "ISSUER",
    "WALLET", "KYC", "ADDRESS", "PHONE_NUMBER", "EMAIL", "CLIENT", "SCOPE", "REQUEST",
    "PARAM", "SHIPPING", "COUPON", "INSTALLMENT", "EXCHANGE_RATE", "BANK_ACCOUNT", "QR_CODE",
    "NOTIFY_URL", "PARTNER", "STORE", "TERMINAL", "CERTIFICATE", "AGREEMENT",
]

# condition: (status letters to choose from, retry policy or None for the category's, wording)
CONDITIONS = {
    "NOT_EXIST": ("F", None, "does not exist"),
    "NOT_FOUND": ("F", None, "was not found"),
    "EXPIRED": ("F", None, "has expired"),
    "INVALID": ("F", None, "is invalid"),
    "ILLEGAL": ("F", None, "is not allowed by the rules"),
    "NOT_ALLOWED": ("F", None, "is not allowed"),
    "NOT_SUPPORTED": ("F", None, "is not supported"),
    "IN_PROCESS": ("UA", "poll", "is still being processed"),
    "ALREADY_EXISTS": ("F", None, "already exists"),
    "LIMIT_EXCEEDED": ("F", None, "is over its limit"),
    "AMOUNT_EXCEED": ("F", None, "exceeds the allowed amount"),
    "FROZEN": ("F", None, "is frozen"),
    "LOCKED": ("F", None, "is locked"),
    "CLOSED": ("F", None, "is closed"),
    "CANCELLED": ("F", None, "was cancelled"),
    "DECLINED": ("F", None, "was declined"),
    "REJECTED": ("F", None, "was rejected"),
    "MISMATCH": ("F", None, "does not match"),
    "TIMEOUT": ("U", "backoff", "timed out"),
    "UNAVAILABLE": ("U", "backoff", "is temporarily unavailable"),
    "BUSY": ("U", "backoff", "is busy"),
    "SUSPENDED": ("F", None, "is suspended"),
    "DUPLICATED": ("F", "new_request", "was submitted twice"),
    "FORMAT_ERROR": ("F", None, "is badly formatted"),
    "MISSING": ("F", None, "is missing"),
    "TOO_LONG": ("F", None, "is too long"),
    "BLOCKED": ("F", None, "is blocked"),
    "VERIFY_FAILED": ("F", None, "failed verification"),
    "NEED_REFRESH": ("F", "refresh_token", "must be refreshed"),
    "NEED_REAUTH": ("F", "reauthorize", "must be authorized again"),
    "ACCEPTED": ("A", "poll", "was accepted and is processed asynchronously"),
    "SUCCESS": ("S", "never", "completed successfully"),
    "PROCESS_FAIL": ("U", "backoff", "failed to process"),
}

SUFFIXES = [
    "", "", "", "", "", "", "_V2", "_BY_ISSUER", "_BY_RISK", "_FOR_MERCHANT", "_TODAY",
    "_ON_CHANNEL", "_IN_REGION", "_DAILY", "_MONTHLY", "_RETRY_LATER", "_PERMANENTLY",
]

# The real catalog's categories first (so that --base codes.toml fits), then more.
CATEGORIES = [
    ("success", "Success", "never"),
    ("authentication", "Authentication & Authorization", "never"),
    ("validation", "Request Validation", "never"),
    ("rate_limit", "Rate Limiting", "backoff"),
    ("system", "System Errors", "backoff"),
    ("payment_creation", "Payment Creation", "never"),
    ("payment_processing", "Payment Processing", "never"),
    ("refund", "Refunds", "never"),
    ("void", "Void", "never"),
    ("capture", "Capture", "never"),
    ("authorization", "Authorization", "never"),
    ("message", "Messages", "never"),
    ("account", "Accounts and Wallets", "never"),
    ("risk", "Risk and Compliance", "never"),
    ("provider", "Provider Errors", "never"),
]

OBJECT_CATEGORY = {
    "ACCESS_TOKEN": "authentication", "REFRESH_TOKEN": "authentication",
    "AUTH_CODE": "authentication", "SIGNATURE": "authentication", "CLIENT": "authentication",
    "SCOPE": "authentication", "CERTIFICATE": "authentication", "PARAM": "validation",
    "REQUEST": "validation", "CURRENCY": "validation", "AMOUNT": "validation",
    "EMAIL": "validation", "PHONE_NUMBER": "validation", "ADDRESS": "validation",
    "NOTIFY_URL": "validation", "QUOTA": "rate_limit", "REFUND": "refund",
    "CAPTURE": "capture", "VOID": "capture", "ACCOUNT": "account", "WALLET": "account",
    "BALANCE": "account", "BANK_ACCOUNT": "account", "USER": "account", "KYC": "risk",
    "DEVICE": "risk", "OTP": "risk", "PIN": "risk", "CVV": "risk", "CHARGEBACK": "risk",
    "DISPUTE": "risk",
}

ZH = {
    "F": "抱歉，暂时无法完成您的请求。",
    "U": "正在确认处理结果，请稍候。",
    "A": "您的请求已受理，正在处理中。",
    "S": "操作成功。",
}

EN = {
    "F": "Sorry, we couldn't complete your request.",
    "U": "We're still confirming the result. Please wait a moment.",
    "A": "Your request has been received and is being processed.",
    "S": "Done. Your request was completed.",
}

HEADER = """\
# A synthetic errcat catalog of {n} codes, written by scripts/synth_catalog.py (seed {seed})
# for scale tests. The format is codes.toml's; see the header comment of the real one.

[policies.never]
kind = "never"

[policies.backoff]
kind = "backoff"
initial_delay_ms = 1000
max_delay_ms = 16000
max_attempts = 5

[policies.poll]
kind = "poll"
interval_ms = 3000
timeout_ms = 60000

[policies.refresh_token]
kind = "refresh_token"

[policies.reauthorize]
kind = "reauthorize"

[policies.new_request]
kind = "new_request"

[fallback.S]
retry = "never"
description = "Request completed successfully"
resolution = "Process successful response"
message.en = "Done. Your request was completed."

[fallback.F]
retry = "never"
description = "Request failed, check resultCode for details"
resolution = "Handle failure based on resultCode"
message.en = "Sorry, we couldn't complete your request. Please try again later or contact support."

[fallback.U]
retry = "backoff"
description = "Result unknown, retry or poll for status"
resolution = "Implement retry or polling logic"
message.en = "We're still confirming the result. Please wait a moment."

[fallback.A]
retry = "poll"
description = "Request accepted, processing asynchronously"
resolution = "Wait for async completion"
message.en = "Your request has been received and is being processed. Please wait a moment."
"""


def quote(s):
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(s, ensure_ascii=False)


def words(name):
    return name.replace("_", " ").lower()


def base_codes(path):
    """The `[codes.*]` tables of an existing catalog, verbatim: [(code, text)]."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    tables = []
    current = None
    for line in text.splitlines():
        if line.startswith("["):
            current = None
            if line.startswith("[codes.") and line.rstrip().endswith("]"):
                current = [line.rstrip()[len("[codes."):-1], [line]]
                tables.append(current)
        elif current is not None and not line.lstrip().startswith("#"):
            current[1].append(line)
    return [(code, "\n".join(lines).rstrip()) for code, lines in tables]


def make_codes(n, rng, taken):
    """n distinct (code, condition, object, variant or None), none in `taken`, shuffled."""
    seen = set(taken)
    out = []
    # The platform's own codes first: no provider prefix, no suffix.
    plain = [(o, c) for o in OBJECTS for c in CONDITIONS]
    rng.shuffle(plain)
    for obj, cond in plain[: max(0, min(len(plain), n // 10))]:
        code = f"{obj}_{cond}"
        if code in seen:
            continue
        seen.add(code)
        out.append((code, cond, obj, None))
    while len(out) < n:
        roll = rng.random()
        cond = rng.choice(list(CONDITIONS))
        obj = rng.choice(OBJECTS)
        variant = None
        if roll < 0.03:
            # A numeric provider code: not an identifier, so it names its variant.
            code = str(rng.randrange(10000, 100000))
            variant = f"Code{code}"
        elif roll < 0.08:
            # A provider's own error number after its name.
            code = f"{rng.choice(PROVIDERS)}_E{rng.randrange(1000, 10000)}"
        else:
            provider = rng.choice(PROVIDERS) + "_" if roll < 0.9 else ""
            code = f"{provider}{obj}_{cond}{rng.choice(SUFFIXES)}"
        if code in seen:
            continue
        seen.add(code)
        out.append((code, cond, obj, variant))
    rng.shuffle(out)
    return out


def entry(code, cond, obj, variant, rng):
    statuses, retry, wording = CONDITIONS[cond]
    status = rng.choice(statuses)
    if status == "S":
        category = "success"
    elif cond in ("TIMEOUT", "UNAVAILABLE", "BUSY", "PROCESS_FAIL"):
        category = "system"
    elif cond == "LIMIT_EXCEEDED" and rng.random() < 0.5:
        category = "rate_limit"
    elif code[0].isdigit() or "_E" in code and code.split("_E")[-1].isdigit():
        category = "provider"
    else:
        category = OBJECT_CATEGORY.get(obj, "payment_processing")
    category_retry = next(r for k, _, r in CATEGORIES if k == category)
    lines = [f"[codes.{code}]"]
    if variant:
        lines.append(f"variant = {quote(variant)}")
    lines.append(f"status = {quote(status)}")
    lines.append(f"category = {quote(category)}")
    subject = words(obj).capitalize()
    if code[0].isdigit() or category == "provider":
        description = f"Provider error {code.split('_')[-1]}: {words(obj)} {wording}"
    else:
        description = f"{subject} {wording}"
    lines.append(f"description = {quote(description)}")
    resolution = {
        "S": "Process successful response",
        "U": "Retry with the same request id",
        "A": "Query the result until it is final",
    }.get(status, rng.choice(["Check request parameters", "Inform customer", "Contact support",
                               f"Check the {words(obj)}", "Do not retry"]))
    lines.append(f"resolution = {quote(resolution)}")
    policy = retry
    if policy is None or (status == "S" and policy != "never"):
        policy = "never" if status == "S" else None
    if policy is not None and policy != category_retry:
        lines.append(f"retry = {quote(policy)}")
    lines.append(f"message.en = {quote(EN[status])}")
    if rng.random() < 0.35:
        lines.append(f"message.zh-CN = {quote(ZH[status])}")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of codes (at least 1)")
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    parser.add_argument("--seed", type=int, default=6, help="random seed (default 6)")
    parser.add_argument("--base", help="a codes.toml whose codes to include first, verbatim")
    args = parser.parse_args()
    base = base_codes(args.base) if args.base else []
    if args.n < max(1, len(base)):
        parser.error(f"n must be at least 1 and at least the {len(base)} codes of --base")
    rng = random.Random(args.seed * 1_000_003 + args.n)
    parts = [HEADER.format(n=args.n, seed=args.seed)]
    for key, title, retry in CATEGORIES:
        parts.append(f"[categories.{key}]\ntitle = {quote(title)}\nretry = {quote(retry)}\n")
    if base:
        parts.append(f"# The {len(base)} codes of {args.base}, verbatim.\n")
        parts.extend(text + "\n" for _, text in base)
        parts.append(f"# {args.n - len(base)} synthetic codes.\n")
    for code, cond, obj, variant in make_codes(args.n - len(base), rng, [c for c, _ in base]):
        parts.append(entry(code, cond, obj, variant, rng) + "\n")
    text = "\n".join(parts)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
