//! The `[states.VALUE]` tables: what a payment-level state value means. Every bad entry is
//! reported with its exact message and position, all at once.

use errcat_codegen::{StateDef, StateOutcome, check_str};

use crate::common::BASE;

/// BASE's line count: the first line of an appended `[states]` text is `BASE_LINES + 2`.
fn base_lines() -> usize {
    BASE.lines().count()
}

fn errors(states: &str) -> Vec<String> {
    let src = format!("{BASE}\n{states}");
    match check_str("codes.toml", &src) {
        Ok(_) => panic!("accepted:\n{src}"),
        Err(report) => report.lines(),
    }
}

#[test]
fn states_are_optional_and_read_in_file_order() {
    assert!(check_str("codes.toml", BASE).unwrap().states.is_empty());
    let src = format!(
        "{BASE}\n[states.SUCCESS]\noutcome = \"succeeded\"\ndescription = \"paid\"\n\n\
         [states.AUTH_SUCCESS]\noutcome = \"pending\"\ndescription = \"authorized\"\n"
    );
    let states = check_str("codes.toml", &src).unwrap().states;
    assert_eq!(
        states,
        vec![
            StateDef {
                value: "SUCCESS".into(),
                outcome: StateOutcome::Succeeded,
                description: "paid".into(),
            },
            StateDef {
                value: "AUTH_SUCCESS".into(),
                outcome: StateOutcome::Pending,
                description: "authorized".into(),
            },
        ]
    );
}

#[test]
fn every_problem_is_reported_at_once_with_its_position() {
    let first = base_lines() + 2;
    let states = "[states.FAIL]\noutcome = \"faild\"\ndescription = \"x\"\n\n\
                  [states.PROCESSING]\noutcome = \"pending\"\n\n\
                  [states.Pending]\noutcome = \"pending\"\ndescription = \"y\"\n\n\
                  [states.PENDING]\noutcome = \"pending\"\ndescription = \"z\"\ncolor = 1\n\n\
                  [states.SUCCESS]\noutcome = 3\ndescription = \" \"\n";
    let l = |n: usize| first + n;
    assert_eq!(
        errors(states),
        vec![
            format!(
                "codes.toml:{}:11: state \"FAIL\": unknown outcome \"faild\" (did you mean \
                 \"failed\"?); expected \"succeeded\", \"failed\" or \"pending\"",
                l(1)
            ),
            format!(
                "codes.toml:{}:9: state \"PROCESSING\": missing required field `description`; \
                 add `description = \"...\"`",
                l(4)
            ),
            format!(
                "codes.toml:{}:9: state \"Pending\": a state value must be uppercase ASCII \
                 letters, digits and underscores, as the platform documents it (responses are \
                 matched case-insensitively); write \"PENDING\"",
                l(7)
            ),
            format!(
                "codes.toml:{}:9: state \"PENDING\" is the same value as \"Pending\" ignoring \
                 case (responses are matched case-insensitively); keep one of the two",
                l(11)
            ),
            format!(
                "codes.toml:{}:1: state \"PENDING\": unknown field \"color\"; known fields: \
                 outcome, description",
                l(14)
            ),
            format!(
                "codes.toml:{}:11: state \"SUCCESS\": field `outcome` must be a string, found \
                 integer",
                l(17)
            ),
            format!(
                "codes.toml:{}:15: state \"SUCCESS\": field `description` is empty; give it a \
                 value",
                l(18)
            ),
        ]
    );
}

#[test]
fn states_that_are_not_tables_are_named() {
    let first = base_lines() + 2;
    // A top-level key goes before the first table.
    let report = check_str("codes.toml", &format!("states = 1\n{BASE}")).unwrap_err();
    assert_eq!(
        report.lines(),
        vec!["codes.toml:1:10: `states` must be a table, found integer".to_owned()]
    );
    assert_eq!(
        errors("[states]\nSUCCESS = \"succeeded\"\n"),
        vec![format!(
            "codes.toml:{}:11: state \"SUCCESS\" must be a table, found string",
            first + 1
        )]
    );
}
