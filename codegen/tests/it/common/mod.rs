//! What the codegen test files share.

/// A small valid catalog, without `[states]`; each test breaks or extends one thing in it
/// (lines are numbered in comments).
pub const BASE: &str = r#"[policies.never]
kind = "never"

[policies.backoff]
kind = "backoff"
initial_delay_ms = 100
max_delay_ms = 1000
max_attempts = 3

[policies.poll]
kind = "poll"
interval_ms = 10
timeout_ms = 100

[categories.general]
title = "General"
retry = "never"

[fallback.S]
retry = "never"
description = "ok"
resolution = "go on"
message.en = "Done."

[fallback.F]
retry = "never"
description = "failed"
resolution = "stop"
message.en = "Sorry."

[fallback.U]
retry = "backoff"
description = "unknown"
resolution = "retry"
message.en = "Please wait."

[fallback.A]
retry = "poll"
description = "accepted"
resolution = "poll"
message.en = "Please wait."

[codes.SUCCESS]
status = "S"
category = "general"
description = "Request completed successfully"
resolution = "Process successful response"
message.en = "Done."
"#;
