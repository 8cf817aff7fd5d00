//! Help, completions, usage errors and color.

mod common;

use common::{code, errcat, run, stderr, stdout};

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
