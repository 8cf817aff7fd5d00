// A `Classification` only comes from `classify`, `classify_result` or an `ApiError`: its fields
// are private, so a caller cannot make one up with a policy and message that disagree.
fn main() {
    let _ = errcat::Classification {
        code: None,
        status: errcat::Status::Failed,
    };
}
