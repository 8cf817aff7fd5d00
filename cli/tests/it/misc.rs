//! Help, completions, usage errors and color.

use crate::common::{catalog_path, code, errcat, run, stderr, stdout};
use errcat::Code;

const COMMANDS: [&str; 8] = [
    "explain",
    "classify",
    "list",
    "search",
    "check",
    "diff",
    "export",
    "completions",
];

#[test]
fn every_help_shows_an_example() {
    let top = run(&["--help"]);
    assert_eq!(code(&top), 0);
    let text = stdout(&top);
    assert!(text.contains("Examples:"), "{text}");
    for command in COMMANDS {
        assert!(
            text.contains(command),
            "{command} missing from the top help"
        );
        for flag in ["--help", "-h"] {
            let output = run(&[command, flag]);
            assert_eq!(code(&output), 0, "{command}");
            let help = stdout(&output);
            let examples = help
                .split("Examples:")
                .nth(1)
                .unwrap_or_else(|| panic!("{command} {flag} has no examples:\n{help}"));
            assert!(
                examples.contains(&format!("errcat {command}")),
                "{command}: {examples}"
            );
        }
    }
}

#[test]
fn help_examples_run() {
    // The explain and search examples name real codes and words: they are answers.
    let help = stdout(&run(&["explain", "--help"]));
    let example = help
        .lines()
        .find_map(|l| l.trim().strip_prefix("errcat explain "))
        .unwrap();
    let code_arg = example.split_whitespace().next().unwrap();
    assert_eq!(code(&run(&["explain", code_arg])), 0, "{code_arg}");
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let output = run(&["completions", shell]);
        assert_eq!(code(&output), 0, "{shell}");
        let script = stdout(&output);
        assert!(script.contains("errcat"), "{shell}");
        for command in COMMANDS {
            assert!(script.contains(command), "{shell}: {command}");
        }
    }
    assert_eq!(code(&run(&["completions", "tcsh"])), 2);
}

#[test]
fn usage_errors_exit_2() {
    for args in [&[][..], &["frobnicate"], &["explain"], &["list", "--bogus"]] {
        let output = run(args);
        assert_eq!(code(&output), 2, "{args:?}");
        assert!(stdout(&output).is_empty(), "{args:?}");
        assert!(!stderr(&output).is_empty(), "{args:?}");
    }
}

#[test]
fn version() {
    let output = run(&["--version"]);
    assert_eq!(code(&output), 0);
    assert!(stdout(&output).starts_with("errcat "));
}

#[test]
fn no_color_when_piped_or_with_no_color() {
    let cases: [&[&str]; 5] = [
        &["explain", "SYSTEM_BUSY"],
        &["classify", "SYSTEM_BUSY", "--status", "U"],
        &["list"],
        &["search", "busy"],
        &["explain", "NOPE"],
    ];
    for args in cases {
        for no_color in [None, Some("1")] {
            let mut cmd = errcat();
            cmd.args(args);
            if let Some(v) = no_color {
                cmd.env("NO_COLOR", v);
            }
            let output = cmd.output().unwrap();
            assert!(!output.stdout.contains(&0x1b), "{args:?}");
            assert!(!output.stderr.contains(&0x1b), "{args:?}");
        }
    }
}

/// clap checks a command's definition when it builds it, in a debug build as the tests run:
/// `completions` builds every subcommand, as `clap::Command::debug_assert` does, and each help
/// builds its own.
#[test]
fn the_command_is_well_formed() {
    let output = run(&["completions", "bash"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    for command in COMMANDS.iter().chain(&["generate", "replay"]) {
        let output = run(&[command, "--help"]);
        assert_eq!(code(&output), 0, "{command}: {}", stderr(&output));
    }
}

#[test]
fn read_limits_default_to_16_and_64_mib_on_every_command() {
    for command in ["list", "check", "classify", "replay", "diff"] {
        let help = stdout(&run(&[command, "--help"]));
        assert!(help.contains("[default: 16MiB]"), "{command}: {help}");
        assert!(help.contains("[default: 64MiB]"), "{command}: {help}");
    }
    // A limit with a unit, after the command.
    let catalog = catalog_path();
    let output = run(&[
        "check",
        catalog.to_str().unwrap(),
        "--max-catalog-bytes",
        "2KiB",
    ]);
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).contains("the catalog is larger than 2 KiB (2048 bytes), the limit"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn every_command_has_examples_naming_real_codes() {
    for command in COMMANDS.iter().chain(&["", "generate"]) {
        let args: &[&str] = if command.is_empty() {
            &["--help"]
        } else {
            &[command, "--help"]
        };
        let help = stdout(&run(args));
        let examples = help.split("Examples:").nth(1).unwrap_or_default();
        assert!(examples.lines().count() > 1, "{command}: {help}");
        assert!(examples.contains("errcat "), "{command}: {examples}");
    }
    let explain = stdout(&run(&["explain", "--help"]));
    let examples = explain.split("Examples:").nth(1).unwrap();
    assert!(Code::ALL.iter().any(|c| examples.contains(c.as_str())));
}
