// A Classification is made by `classify` and `classify_result` only, and a Decision by a
// catalog: neither can be put together by hand with a state and an action that disagree.
fn main() {
    let _ = errcat::Classification(errcat::CATALOG.classify("SUCCESS"));
}
