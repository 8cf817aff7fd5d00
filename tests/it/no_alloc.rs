//! `classify`, `classify_result` and `Code::from_code` never touch the heap: a counting global
//! allocator sees no allocation while they run, for every code, for misses and for a huge
//! string.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;

use errcat::{Classification, Code, Status, classify, classify_result};

/// Counts the allocations (`alloc`, `alloc_zeroed`, `realloc`) made on the current thread while
/// it is armed; the test harness's own threads are never counted.
struct Counting;

thread_local! {
    static ARMED: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

fn record() {
    // `try_with`: a thread being torn down has no thread locals, and is not being measured.
    let _ = ARMED.try_with(|armed| {
        if armed.get() {
            let _ = COUNT.try_with(|count| count.set(count.get() + 1));
        }
    });
}

// SAFETY: every call is forwarded unchanged to `System`; the bookkeeping only touches
// const-initialized thread locals, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record();
        // SAFETY: the caller's contract is `System::alloc`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        record();
        // SAFETY: the caller's contract is `System::alloc_zeroed`'s.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record();
        // SAFETY: the caller's contract is `System::realloc`'s.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is `System::dealloc`'s.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// How many allocations `f` made on this thread.
fn allocations(f: impl FnOnce()) -> usize {
    COUNT.with(|count| count.set(0));
    ARMED.with(|armed| armed.set(true));
    f();
    ARMED.with(|armed| armed.set(false));
    COUNT.with(Cell::get)
}

/// Reads every field a caller would read, so that nothing is left for later.
fn touch(c: Classification) {
    black_box((
        c.code(),
        c.status(),
        c.category(),
        c.retry(),
        c.user_message(),
        c.description(),
        c.resolution(),
        c.decided_by_code(),
    ));
}

/// Every way in: `from_code`, `classify`, and `classify_result` with each status.
fn look_up(code: &str) {
    black_box(Code::from_code(black_box(code)));
    touch(classify(black_box(code)));
    for status in Status::ALL {
        touch(classify_result(black_box(status), black_box(code)));
    }
}

/// Strings that are not codes, made before the allocator is armed.
fn misses() -> Vec<String> {
    let mut misses: Vec<String> = vec![
        String::new(),
        " ".into(),
        "S".into(),
        "0".into(),
        "200".into(),
        "00000429".into(),
        "NOT_A_CODE".into(),
        "支付失败".into(),
        "SUCCESS\0".into(),
        "\u{FEFF}SUCCESS".into(),
    ];
    for code in Code::ALL {
        let s = code.as_str();
        misses.push(s.to_ascii_lowercase());
        misses.push(format!("{s} "));
        misses.push(format!(" {s}"));
        misses.push(s[..s.len() - 1].to_owned());
        misses.push(format!("{s}{s}"));
        let mut typo = s.as_bytes().to_vec();
        let mid = typo.len() / 2;
        typo[mid] = if typo[mid] == b'Z' {
            b'A'
        } else {
            typo[mid] + 1
        };
        misses.push(String::from_utf8(typo).unwrap());
    }
    misses.retain(|m| !Code::ALL.iter().any(|c| c.as_str() == m));
    misses
}

#[test]
fn the_counter_sees_allocations() {
    // Without this, a broken counter would make every other test pass.
    let n = allocations(|| {
        black_box(Box::new(black_box(7u64)));
        black_box(String::from("x").repeat(black_box(100)));
    });
    assert!(
        n >= 2,
        "the counting allocator saw {n} allocations, expected at least 2"
    );
}

#[test]
fn every_code_is_looked_up_without_allocating() {
    let codes: Vec<String> = Code::ALL.iter().map(|c| c.as_str().to_owned()).collect();
    // Warm up once (nothing here is lazy, but a first call must not be the only one measured).
    codes.iter().for_each(|c| look_up(c));
    let n = allocations(|| {
        for code in &codes {
            assert_eq!(Code::from_code(code).map(Code::as_str), Some(code.as_str()));
            look_up(code);
        }
    });
    assert_eq!(n, 0, "{n} heap allocations while looking up every code");
}

#[test]
fn misses_are_classified_without_allocating() {
    let misses = misses();
    assert!(misses.len() > 5 * Code::ALL.len());
    let n = allocations(|| {
        for miss in &misses {
            assert_eq!(Code::from_code(miss), None, "{miss:?}");
            look_up(miss);
        }
    });
    assert_eq!(n, 0, "{n} heap allocations while classifying misses");
}

#[test]
fn huge_strings_are_classified_without_allocating() {
    let huge = "A".repeat(16 << 20);
    let huge_code_prefix = format!("{}{}", Code::ALL[0].as_str(), "_".repeat(1 << 20));
    let huge_multibyte = "支".repeat(1 << 20);
    let n = allocations(|| {
        for s in [&huge, &huge_code_prefix, &huge_multibyte] {
            assert_eq!(Code::from_code(s), None);
            assert_eq!(classify(s).code(), None);
            look_up(s);
        }
    });
    assert_eq!(n, 0, "{n} heap allocations while classifying huge strings");
}
