//! The `errcat` binary: everything is in the `errcat_cli` library.

#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    errcat_cli::main()
}
