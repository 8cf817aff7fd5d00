//! The `errcat` command (work in progress).

fn main() {
    println!("{}", errcat::Code::ALL.len());
}
