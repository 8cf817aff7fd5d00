//! `extends = "NAME"`: a catalog merged onto a base catalog, every problem positioned in the
//! extending file.

use crate::common;
use errcat_codegen::{
    BaseCatalog, Catalog, Inherited, check_bytes, check_file, check_file_extending, check_str,
    check_str_extending,
};

use std::sync::OnceLock;

/// What the base catalog adds to the shared test catalog (`common::BASE`): a second category,
/// a code with an alias and a second locale, a code that polls, and a state.
const BASE_EXTRA: &str = r#"
[categories.payment_processing]
title = "Payment Processing"
retry = "never"

[codes.INSUFFICIENT_BALANCE]
status = "F"
category = "payment_processing"
description = "Customer has insufficient funds"
resolution = "Inform customer"
aliases = ["USER_BALANCE_NOT_ENOUGH"]
message.en = "Your balance is too low."
message.zh-CN = "余额不足。"

[codes.PAYMENT_IN_PROCESS]
status = "U"
category = "payment_processing"
description = "Payment being processed"
resolution = "Poll for status"
retry = "poll"
message.en = "Please wait."

[states.SUCCESS]
outcome = "succeeded"
description = "paid"
"#;

/// A small base catalog (the role errcat's `codes.toml` plays for users): the shared test
/// catalog and [`BASE_EXTRA`].
fn base_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| format!("{}{BASE_EXTRA}", common::BASE))
}

/// The 1-based line of `header` in the base catalog.
fn base_line(header: &str) -> usize {
    base_source()
        .lines()
        .position(|l| l == header)
        .expect("the header is in the base")
        + 1
}

fn base() -> BaseCatalog<'static> {
    BaseCatalog {
        name: "errcat",
        path: "errcat/codes.toml",
        source: base_source(),
    }
}

fn merged(src: &str) -> Catalog {
    check_str_extending("codes.toml", src, Some(base())).unwrap_or_else(|r| panic!("{r}"))
}

fn errors(src: &str) -> Vec<String> {
    match check_str_extending("codes.toml", src, Some(base())) {
        Ok(_) => panic!("accepted:\n{src}"),
        Err(report) => report.lines(),
    }
}

/// A base with problems of its own.
const BROKEN_BASE: &str = "[policies.never]\nkind = \"nevr\"\n";

#[test]
fn an_empty_file_that_extends_is_the_base_as_it_is() {
    let standalone = check_str("errcat/codes.toml", base_source()).unwrap();
    assert_eq!(standalone.base, None);
    let catalog = merged("extends = \"errcat\"\n");
    assert_eq!(
        catalog.base,
        Some(Inherited {
            name: "errcat".to_owned(),
            codes: 3,
            categories: 2,
            policies: 3,
        })
    );
    assert_eq!(
        Catalog {
            base: None,
            ..catalog
        },
        standalone
    );
}

#[test]
fn the_merged_catalog_is_the_base_then_the_file_in_file_order() {
    let src = r#"extends = "errcat"

[policies.ask]
kind = "ask_user"

[categories.wallet]
title = "Wallet"
retry = "ask"

[categories.loyalty]
title = "Loyalty"
retry = "never"

[codes.WALLET_LIMIT_EXCEEDED]
status = "F"
category = "wallet"
description = "The wallet's payment limit is exceeded"
resolution = "Inform customer"
message.en = "This payment is over your wallet's limit."

[codes.POINTS_PENDING]
status = "A"
category = "payment_processing"
retry = "poll"
description = "Points are being credited"
resolution = "Wait"
aliases = ["POINTS_IN_PROCESS"]
message.en = "Your points are on their way."
"#;
    let catalog = merged(src);
    let names = |v: Vec<&str>| v.join(" ");
    assert_eq!(
        names(catalog.policies.iter().map(|p| p.name.as_str()).collect()),
        "never backoff poll ask"
    );
    assert_eq!(
        names(catalog.categories.iter().map(|c| c.key.as_str()).collect()),
        "general payment_processing wallet loyalty"
    );
    assert_eq!(
        names(catalog.codes.iter().map(|c| c.code.as_str()).collect()),
        "SUCCESS INSUFFICIENT_BALANCE PAYMENT_IN_PROCESS WALLET_LIMIT_EXCEEDED POINTS_PENDING"
    );
    assert_eq!(catalog.categories[2].variant, "Wallet");
    assert_eq!(catalog.categories[2].retry, 3, "the file's own policy");
    let wallet = &catalog.codes[3];
    assert_eq!(
        (
            wallet.variant.as_str(),
            wallet.category,
            wallet.retry,
            wallet.line
        ),
        ("WalletLimitExceeded", 2, 3, 14),
        "its category's default policy, and its line in the file"
    );
    let points = &catalog.codes[4];
    assert_eq!(
        (points.category, points.retry, points.line),
        (1, 2, 21),
        "a base category and the base's `poll` policy"
    );
    assert_eq!(points.aliases, ["POINTS_IN_PROCESS"]);
    assert_eq!(
        catalog.codes[1].line,
        base_line("[codes.INSUFFICIENT_BALANCE]"),
        "a base code keeps the base's line"
    );
    assert_eq!(catalog.fallbacks.len(), 4);
    assert_eq!(catalog.states.len(), 1);
    assert_eq!(
        catalog.base,
        Some(Inherited {
            name: "errcat".to_owned(),
            codes: 3,
            categories: 2,
            policies: 3,
        })
    );
}

#[test]
fn an_amendment_replaces_the_fields_it_gives() {
    let src = r#"extends = "errcat"

[policies.ask]
kind = "ask_user"

[codes.INSUFFICIENT_BALANCE]
description = "Not enough funds"
resolution = "Ask for another method"
retry = "ask"
deprecated = "use WALLET_EMPTY"
retired = "2026-01: no longer sent"
since = "v1"
source = "https://example.com/codes"
aliases = ["BALANCE_TOO_LOW", "NO_FUNDS"]
message.th = "ยอดเงินไม่เพียงพอ"
message.zh-cn = "余额不足，请更换其他支付方式。"
message.en = "Your balance is too low for this payment."
message.fr = "Solde insuffisant."
"#;
    let catalog = merged(src);
    let code = &catalog.codes[1];
    assert_eq!(code.code, "INSUFFICIENT_BALANCE");
    assert_eq!(code.variant, "InsufficientBalance");
    assert_eq!(code.status.as_str(), "F", "not given: the base's");
    assert_eq!(code.category, 1, "not given: the base's");
    assert_eq!(code.description, "Not enough funds");
    assert_eq!(code.resolution, "Ask for another method");
    assert_eq!(catalog.policies[code.retry].name, "ask");
    assert_eq!(code.deprecated.as_deref(), Some("use WALLET_EMPTY"));
    assert_eq!(code.retired.as_deref(), Some("2026-01: no longer sent"));
    assert_eq!(code.since.as_deref(), Some("v1"));
    assert_eq!(code.source.as_deref(), Some("https://example.com/codes"));
    assert_eq!(
        code.aliases,
        ["USER_BALANCE_NOT_ENOUGH", "BALANCE_TOO_LOW", "NO_FUNDS"],
        "added to the base's"
    );
    let messages: Vec<(&str, &str)> = code
        .messages
        .iter()
        .map(|m| (m.locale.as_str(), m.text.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            ("en", "Your balance is too low for this payment."),
            ("zh-CN", "余额不足，请更换其他支付方式。"),
            ("th", "ยอดเงินไม่เพียงพอ"),
            ("fr", "Solde insuffisant."),
        ],
        "English first, then the base's locales (tags match ignoring case), then new ones in \
         file order"
    );
    assert_eq!(
        code.line,
        base_line("[codes.INSUFFICIENT_BALANCE]"),
        "the base's line"
    );

    assert_eq!(
        catalog.codes[0],
        check_str("b", base_source()).unwrap().codes[0]
    );
    assert_eq!(
        catalog.codes[2],
        check_str("b", base_source()).unwrap().codes[2]
    );
    assert_eq!(catalog.base.unwrap().codes, 3, "amendments add no code");
}

/// An inherited code's status is the platform's and its category errcat's: an amendment that
/// would turn an unknown outcome into a final one (and a new payment after it into a double
/// charge) is refused, at the field.
#[test]
fn status_and_category_of_an_inherited_code_stay_the_bases() {
    let src = r#"extends = "errcat"

[categories.wallet]
title = "Wallet"
retry = "never"

[codes.PAYMENT_IN_PROCESS]
status = "F"
retry = "never"

[codes.INSUFFICIENT_BALANCE]
category = "wallet"
"#;
    assert_eq!(
        errors(src),
        [
            "codes.toml:7:8: code \"PAYMENT_IN_PROCESS\": its status is \"U\", an outcome that \
             is not final yet, so its policy must keep asking: a \"backoff\", \"poll\" or \
             \"refresh_token\" policy, not \"never\"",
            "codes.toml:8:10: code \"PAYMENT_IN_PROCESS\": the status of an inherited code is \
             the platform's and stays errcat's (\"U\"); remove `status` (a response with another \
             status is already decided by that status: see classify_result)",
            "codes.toml:12:12: code \"INSUFFICIENT_BALANCE\": an inherited code stays in \
             errcat's category \"payment_processing\"; remove `category` (amend `retry` to \
             change what the code's classification says to do)",
        ]
    );
}

#[test]
fn extends_names_the_given_base() {
    assert_eq!(
        errors("extends = \"errkat\"\n"),
        [
            "codes.toml:1:11: `extends`: there is no catalog named \"errkat\" (did you mean \
             \"errcat\"?); the catalogs that can be extended: \"errcat\""
        ]
    );
    assert_eq!(
        errors("extends = \"stripe\"\n"),
        [
            "codes.toml:1:11: `extends`: there is no catalog named \"stripe\"; the catalogs that \
             can be extended: \"errcat\""
        ]
    );
    assert_eq!(
        errors("extends = [\"errcat\"]\n"),
        [
            "codes.toml:1:11: `extends` must be a string naming the catalog to extend (`extends \
             = \"errcat\"`), found array"
        ]
    );
    // The rest of the file is still checked against the base.
    assert_eq!(
        errors("extends = 1\n[codes.SUCCESS]\nretry = \"pol\"\n"),
        [
            "codes.toml:1:11: `extends` must be a string naming the catalog to extend (`extends \
             = \"errcat\"`), found integer",
            "codes.toml:3:9: code \"SUCCESS\": retry policy \"pol\" is not defined (did you mean \
             \"poll\"?); defined policies: \"never\", \"backoff\", \"poll\"",
        ]
    );
    // A misspelt `extends` leaves a standalone file.
    assert_eq!(
        errors("extend = \"errcat\"\n"),
        [
            "codes.toml:1:1: unknown top-level table \"extend\" (did you mean \"extends\"?); \
             expected \"extends\", \"policies\", \"categories\", \"fallback\", \"codes\", \"states\"",
            "codes.toml:1:1: missing the `[policies.…]`, `[categories.…]`, `[fallback.…]`, `[codes.…]` tables: a catalog that stands alone defines its own policies, categories, codes and a fallback for each status (S, F, U and A); to add to errcat's catalog instead, start the file with `extends = \"errcat\"`",
        ]
    );
}

const NO_BASE: &str = "codes.toml:2:11: `extends = \"errcat\"`: no base catalog was given to \
                       extend; build the file with `errcat_codegen::Builder` in a build script \
                       (it gets errcat's catalog from the errcat dependency), or check it with \
                       `errcat check` (errcat's catalog is built in)";

#[test]
fn without_a_base_extends_is_an_error() {
    let src = "# mine\nextends = \"errcat\"\n\n[codes.INSUFFICIENT_BALANCE]\nmessage.th = \"x\"\n";
    assert_eq!(check_str("codes.toml", src).unwrap_err().lines(), [NO_BASE]);
    assert_eq!(
        check_bytes("codes.toml", src.as_bytes())
            .unwrap_err()
            .lines(),
        [NO_BASE]
    );
    assert_eq!(
        check_str_extending("codes.toml", src, None)
            .unwrap_err()
            .lines(),
        [NO_BASE]
    );
    assert_eq!(
        check_str("codes.toml", "extends = 2\n")
            .unwrap_err()
            .lines(),
        [
            "codes.toml:1:11: `extends` must be a string naming the catalog to extend (`extends \
             = \"errcat\"`), found integer"
        ]
    );
}

#[test]
fn check_file_extending_reads_the_file() {
    let dir = std::env::temp_dir().join(format!("errcat-extends-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("codes.toml");
    std::fs::write(
        &path,
        "# mine\nextends = \"errcat\"\n\n[codes.SUCCESS]\nmessage.th = \"เสร็จ\"\n",
    )
    .unwrap();
    let catalog = check_file_extending(&path, Some(base())).unwrap();
    assert_eq!(catalog.codes[0].messages[1].text, "เสร็จ");
    let shown = path.display().to_string();
    assert_eq!(
        check_file(&path).unwrap_err().to_string(),
        NO_BASE.replacen("codes.toml", &shown, 1)
    );
    std::fs::write(&path, b"extends = \"errcat\"\n\xFF\n").unwrap();
    assert_eq!(
        check_file_extending(&path, Some(base()))
            .unwrap_err()
            .to_string(),
        format!(
            "{shown}:2:1: the file is not valid UTF-8: byte 0xFF cannot start or continue a \
             character here; save the file as UTF-8"
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
    let report = check_file_extending(&path, Some(base())).unwrap_err();
    assert!(
        report
            .to_string()
            .starts_with(&format!("{shown}: cannot read the catalog: ")),
        "{report}"
    );
}

#[test]
fn a_base_with_problems_is_reported_at_its_own_path() {
    let broken = BaseCatalog {
        source: BROKEN_BASE,
        ..base()
    };
    let report =
        check_str_extending("codes.toml", "extends = \"errcat\"\n", Some(broken)).unwrap_err();
    assert_eq!(report.path, "errcat/codes.toml");
    assert_eq!(
        report.lines(),
        [
            "errcat/codes.toml:1:1: missing the `[categories.…]`, `[fallback.…]`, `[codes.…]` tables: a catalog that stands alone defines its own policies, categories, codes and a fallback for each status (S, F, U and A); to add to errcat's catalog instead, start the file with `extends = \"errcat\"`",
            "errcat/codes.toml:2:8: policy \"never\": kind \"nevr\" is not a retry policy kind \
             (did you mean \"never\"?); expected one of \"never\", \"backoff\", \"poll\", \
             \"refresh_token\", \"reauthorize\", \"ask_user\", \"new_request\"",
        ]
    );

    let extending = format!("extends = \"other\"\n{}", base_source());
    let report = check_str_extending(
        "codes.toml",
        "extends = \"errcat\"\n",
        Some(BaseCatalog {
            source: &extending,
            ..base()
        }),
    )
    .unwrap_err();
    assert_eq!(
        report.lines(),
        [
            "errcat/codes.toml:1:11: `extends = \"other\"`: this catalog is the base another \
             catalog extends, and a base cannot extend a catalog itself; remove `extends`"
        ]
    );

    let syntax = BaseCatalog {
        source: "[codes\n",
        ..base()
    };
    let report =
        check_str_extending("codes.toml", "extends = \"errcat\"\n", Some(syntax)).unwrap_err();
    assert_eq!(report.path, "errcat/codes.toml");
    assert!(
        report.lines()[0].starts_with("errcat/codes.toml:1:"),
        "{report}"
    );
}

#[test]
fn a_standalone_file_given_a_base_ignores_it() {
    let standalone = check_str("codes.toml", base_source()).unwrap();
    let broken = BaseCatalog {
        source: BROKEN_BASE,
        ..base()
    };
    for base in [base(), broken] {
        assert_eq!(
            check_str_extending("codes.toml", base_source(), Some(base)).unwrap(),
            standalone
        );
    }
    // It must define everything itself, base or not.
    assert_eq!(
        check_str_extending("codes.toml", "", Some(base()))
            .unwrap_err()
            .lines(),
        [
            "codes.toml:1:1: missing the `[policies.…]`, `[categories.…]`, `[fallback.…]`, `[codes.…]` tables: a catalog that stands alone defines its own policies, categories, codes and a fallback for each status (S, F, U and A); to add to errcat's catalog instead, start the file with `extends = \"errcat\"`",
        ]
    );
}

#[test]
fn policies_and_categories_of_the_base_cannot_be_defined_again() {
    let src = r#"extends = "errcat"

[policies.poll]
kind = "poll"
interval_ms = 5
timeout_ms = 50

[policies.ask]
kind = "ask_user"

[categories.general]
title = "Mine"
retry = "never"

[categories.payment__processing]
title = "Payments"
retry = "never"

[categories.payment_processing2]
title = "More payments"
retry = "ask"

[categories.wallet_]
title = "Wallet"
retry = "never"

[categories.wallet]
title = "Wallet"
retry = "never"
"#;
    assert_eq!(
        errors(src),
        [
            "codes.toml:3:11: policy \"poll\" is already defined by errcat's catalog (extends = \
             \"errcat\"); use it as it is, or choose another name",
            "codes.toml:11:13: category \"general\" is already defined by errcat's catalog \
             (extends = \"errcat\"); use it as it is, or choose another name",
            "codes.toml:15:13: category \"payment__processing\": its variant name \
             `PaymentProcessing` is the same as category \"payment_processing\"'s of errcat's \
             catalog (extends = \"errcat\"); rename the category",
            "codes.toml:27:13: category \"wallet\": its variant name `Wallet` is the same as \
             category \"wallet_\"'s; rename one of them",
        ]
    );
}

#[test]
fn fallbacks_and_states_are_the_bases() {
    let src = r#"extends = "errcat"

[fallback.F]
retry = "never"
description = "failed"
resolution = "stop"
message.en = "Sorry."

[fallback.U]
retry = "backoff"

[states.SUCCESS]
outcome = "succeeded"
description = "paid"
"#;
    assert_eq!(
        errors(src),
        [
            "codes.toml:3:11: `[fallback.F]`: a catalog that extends errcat's cannot define \
             fallbacks (classify answers uncatalogued codes with errcat's fallbacks); remove the \
             table",
            "codes.toml:9:11: `[fallback.U]`: a catalog that extends errcat's cannot define \
             fallbacks (classify answers uncatalogued codes with errcat's fallbacks); remove the \
             table",
            "codes.toml:12:9: `[states.SUCCESS]`: a catalog that extends errcat's cannot define \
             states (the outcome reader is errcat's, with its states); remove the table",
        ]
    );
    assert_eq!(
        errors("extends = \"errcat\"\nfallback = 1\nstates = {}\n"),
        [
            "codes.toml:2:12: `[fallback]`: a catalog that extends errcat's cannot define \
             fallbacks (classify answers uncatalogued codes with errcat's fallbacks); remove the \
             table",
            "codes.toml:3:10: `[states]`: a catalog that extends errcat's cannot define states \
             (the outcome reader is errcat's, with its states); remove the table",
        ]
    );
}

#[test]
fn an_alias_of_a_base_code_is_not_amended() {
    assert_eq!(
        errors("extends = \"errcat\"\n\n[codes.USER_BALANCE_NOT_ENOUGH]\nmessage.th = \"x\"\n"),
        [
            "codes.toml:3:8: code \"USER_BALANCE_NOT_ENOUGH\" is an alias of code \
             \"INSUFFICIENT_BALANCE\" in errcat's catalog (extends = \"errcat\"), not a code of \
             its own; amend [codes.INSUFFICIENT_BALANCE] instead"
        ]
    );
}

#[test]
fn an_amendment_keeps_the_bases_variant() {
    assert_eq!(
        errors("extends = \"errcat\"\n\n[codes.SUCCESS]\nvariant = \"Ok\"\n"),
        [
            "codes.toml:4:11: code \"SUCCESS\": the code is errcat's, and keeps its variant \
             `Success` (so that conversions between the two `Code` types hold); remove `variant`"
        ]
    );
}

#[test]
fn an_amendment_is_checked_like_an_entry() {
    let src = r#"extends = "errcat"

[codes.INSUFFICIENT_BALANCE]
status = "Q"
category = "payments"
retry = 3
descripton = "typo"
resolution = ""
message.th = ""
message.en_US = "x"
aliases = "NO_FUNDS"
"#;
    assert_eq!(
        errors(src),
        [
            "codes.toml:4:10: code \"INSUFFICIENT_BALANCE\": the status of an inherited code is \
             the platform's and stays errcat's (\"F\"); remove `status` (a response with another \
             status is already decided by that status: see classify_result)",
            "codes.toml:5:12: code \"INSUFFICIENT_BALANCE\": an inherited code stays in \
             errcat's category \"payment_processing\"; remove `category` (amend `retry` to \
             change what the code's classification says to do)",
            "codes.toml:6:9: code \"INSUFFICIENT_BALANCE\": field `retry` must be a string, found \
             integer",
            "codes.toml:7:1: code \"INSUFFICIENT_BALANCE\": unknown field \"descripton\" (did you \
             mean \"description\"?); known fields: status, category, description, resolution, \
             retry, inquire_first, message, variant, aliases, deprecated, retired, since, source",
            "codes.toml:8:14: code \"INSUFFICIENT_BALANCE\": field `resolution` is empty; give it \
             a value",
            "codes.toml:9:14: code \"INSUFFICIENT_BALANCE\": field `message.th` is empty; give it \
             a value",
            "codes.toml:10:9: code \"INSUFFICIENT_BALANCE\": locale \"en_US\" in `message` is not \
             a well-formed BCP 47 language tag (like \"en\" or \"zh-CN\") (did you mean \
             \"en-US\"?)",
            "codes.toml:11:11: code \"INSUFFICIENT_BALANCE\": field `aliases` must be an array of \
             strings (`aliases = [\"OTHER_CODE\"]`), found string",
        ]
    );
}

#[test]
fn a_success_never_retries_after_the_merge() {
    // The base's SUCCESS is a success: a retrying policy is reported at the code's line, as
    // for a code of the file's own.
    assert_eq!(
        errors(
            "extends = \"errcat\"\n\n[codes.SUCCESS]\ndescription = \"ok\"\nretry = \"backoff\"\n"
        ),
        [
            "codes.toml:3:8: code \"SUCCESS\": its status is \"S\", a success, so its policy must \
             never retry: a \"never\" policy, not \"backoff\""
        ]
    );
    // A `never` policy is fine.
    let catalog =
        merged("extends = \"errcat\"\n[codes.SUCCESS]\nretry = \"never\"\ndescription = \"ok\"\n");
    assert_eq!(catalog.codes[0].description, "ok");
}

#[test]
fn new_codes_do_not_take_the_bases_variants_codes_or_aliases() {
    let src = r#"extends = "errcat"

[codes.SUCCESS_]
status = "F"
category = "general"
description = "d"
resolution = "r"
message.en = "m"
aliases = ["USER_BALANCE_NOT_ENOUGH", "SUCCESS", "SUCCESS_"]

[codes.OK]
variant = "InsufficientBalance"
status = "F"
category = "general"
description = "d"
resolution = "r"
message.en = "m"
aliases = ["PAYMENT_IN_PROCESS"]

[codes.INSUFFICIENT_BALANCE]
aliases = ["NO_FUNDS", "USER_BALANCE_NOT_ENOUGH", "INSUFFICIENT_BALANCE", "OK", "NO_FUNDS"]

[codes.SUCCESS]
aliases = ["NO_FUNDS", "PAYMENT_IN_PROCESS"]
"#;
    assert_eq!(
        errors(src),
        [
            "codes.toml:3:8: code \"SUCCESS_\": its variant name `Success` collides with code \
             \"SUCCESS\" of errcat's catalog (extends = \"errcat\"); name this code's variant \
             with `variant = \"...\"`",
            "codes.toml:9:12: code \"SUCCESS_\": alias \"USER_BALANCE_NOT_ENOUGH\" is already an \
             alias of code \"INSUFFICIENT_BALANCE\" in errcat's catalog (extends = \"errcat\"); \
             an alias names one code: remove it",
            "codes.toml:9:39: code \"SUCCESS_\": alias \"SUCCESS\" is a code of errcat's catalog \
             (extends = \"errcat\"); a string is either a code or an alias of one: remove the \
             alias",
            "codes.toml:9:50: code \"SUCCESS_\": alias \"SUCCESS_\" is the code itself; remove it \
             from `aliases`",
            "codes.toml:12:11: code \"OK\": its variant name `InsufficientBalance` collides with \
             code \"INSUFFICIENT_BALANCE\" of errcat's catalog (extends = \"errcat\"); choose \
             another `variant`",
            "codes.toml:18:12: code \"OK\": alias \"PAYMENT_IN_PROCESS\" is a code of errcat's \
             catalog (extends = \"errcat\"); a string is either a code or an alias of one: remove \
             the alias",
            "codes.toml:21:24: code \"INSUFFICIENT_BALANCE\": alias \"USER_BALANCE_NOT_ENOUGH\" is \
             already one of its aliases in errcat's catalog (extends = \"errcat\"); remove it",
            "codes.toml:21:51: code \"INSUFFICIENT_BALANCE\": alias \"INSUFFICIENT_BALANCE\" is \
             the code itself; remove it from `aliases`",
            "codes.toml:21:75: code \"INSUFFICIENT_BALANCE\": alias \"OK\" is also a code (at line \
             11); a string is either a code or an alias of one: retire that code, or remove the \
             alias",
            "codes.toml:21:81: code \"INSUFFICIENT_BALANCE\": alias \"NO_FUNDS\" appears twice in \
             `aliases` (first at line 21); remove one",
            "codes.toml:24:12: code \"SUCCESS\": alias \"NO_FUNDS\" is already an alias of code \
             \"INSUFFICIENT_BALANCE\" (at line 21); an alias names one code: remove one of them",
            "codes.toml:24:24: code \"SUCCESS\": alias \"PAYMENT_IN_PROCESS\" is a code of \
             errcat's catalog (extends = \"errcat\"); a string is either a code or an alias of \
             one: remove the alias",
        ]
    );
}

#[test]
fn a_new_code_is_a_full_entry() {
    let src = r#"extends = "errcat"

[codes.WALLET_LOCKED]
category = "genral"
retry = "pol"
message.th = "x"
"#;
    assert_eq!(
        errors(src),
        [
            "codes.toml:3:8: code \"WALLET_LOCKED\": missing required field `status`; add `status \
             = \"...\"`",
            "codes.toml:3:8: code \"WALLET_LOCKED\": missing required field `description`; add \
             `description = \"...\"`",
            "codes.toml:3:8: code \"WALLET_LOCKED\": missing required field `resolution`; add \
             `resolution = \"...\"`",
            "codes.toml:4:12: code \"WALLET_LOCKED\": category \"genral\" is not defined (did you \
             mean \"general\"?); defined categories: \"general\", \"payment_processing\"",
            "codes.toml:5:9: code \"WALLET_LOCKED\": retry policy \"pol\" is not defined (did you \
             mean \"poll\"?); defined policies: \"never\", \"backoff\", \"poll\"",
            "codes.toml:6:1: code \"WALLET_LOCKED\": no English message; add `message.en = \
             \"...\"` (every entry needs one: it is what any other locale falls back to)",
        ]
    );
}

#[test]
fn the_sections_are_optional_but_typed() {
    assert_eq!(
        errors("extends = \"errcat\"\npolicies = 1\ncategories = \"x\"\ncodes = []\n"),
        [
            "codes.toml:2:12: `policies` must be a table, found integer",
            "codes.toml:3:14: `categories` must be a table, found string",
            "codes.toml:4:9: `codes` must be a table, found array",
        ]
    );
}

#[test]
fn a_key_defined_twice_is_a_positioned_syntax_error() {
    let src = "extends = \"errcat\"\n\n[codes.SUCCESS]\nsince = \"v1\"\n\n[codes.SUCCESS]\nsince = \"v2\"\n";
    assert_eq!(
        errors(src),
        [
            "codes.toml:6:8: duplicate key `SUCCESS`: `SUCCESS` is already defined earlier in the \
             file; remove or rename one of the two entries"
        ]
    );
    assert_eq!(
        errors("extends = \"errcat\"\nextends = \"errcat\"\n"),
        [
            "codes.toml:2:1: duplicate key `extends`: `extends` is already defined earlier in the \
             file; remove or rename one of the two entries"
        ]
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let src = r#"extends = "errkat"

[policies.never]
kind = "never"

[categories.wallet]
title = "Wallet"
retry = "nevr"

[fallback.S]
retry = "never"

[codes.USER_BALANCE_NOT_ENOUGH]
since = "v1"

[codes.SUCCESS]
variant = "Done"
"#;
    let lines = errors(src);
    let at: Vec<&str> = lines
        .iter()
        .map(|l| l.split(": ").next().unwrap())
        .collect();
    assert_eq!(
        at,
        [
            "codes.toml:1:11",
            "codes.toml:3:11",
            "codes.toml:8:9",
            "codes.toml:10:11",
            "codes.toml:13:8",
            "codes.toml:17:11",
        ],
        "{lines:#?}"
    );
    assert_eq!(
        lines[2],
        "codes.toml:8:9: category \"wallet\": retry policy \"nevr\" is not defined (did you mean \
         \"never\"?); defined policies: \"never\", \"backoff\", \"poll\""
    );
}

/// The issue's example, onto errcat's own catalog.
#[test]
fn the_issue_example_extends_errcats_catalog() {
    const ERRCAT: &str = include_str!("../../../codes.toml");
    let errcat = BaseCatalog {
        name: "errcat",
        path: "codes.toml (errcat)",
        source: ERRCAT,
    };
    let src = r#"extends = "errcat"          # inherit every code, category, policy, fallback and state of errcat's catalog

[categories.wallet]
title = "Wallet"
retry = "never"

[codes.WALLET_LIMIT_EXCEEDED]
status = "F"
category = "wallet"
description = "The wallet's payment limit is exceeded"
resolution = "Inform customer"
message.en = "This payment is over your wallet's limit. Please try another payment method."

[codes.INSUFFICIENT_BALANCE]   # an inherited code: only the fields given change
message.th = "ยอดเงินไม่เพียงพอ"
"#;
    let own = check_str("codes.toml", ERRCAT).unwrap();
    let catalog = check_str_extending("codes.toml", src, Some(errcat)).unwrap();
    let inherited = catalog.base.clone().unwrap();
    assert_eq!(
        inherited,
        Inherited {
            name: "errcat".to_owned(),
            codes: own.codes.len(),
            categories: own.categories.len(),
            policies: own.policies.len(),
        }
    );
    assert_eq!(catalog.codes.len(), own.codes.len() + 1);
    assert_eq!(catalog.categories.len(), own.categories.len() + 1);
    assert_eq!(catalog.policies, own.policies);
    assert_eq!(catalog.fallbacks, own.fallbacks);
    assert_eq!(catalog.states, own.states);
    let wallet = catalog.codes.last().unwrap();
    assert_eq!(wallet.code, "WALLET_LIMIT_EXCEEDED");
    assert_eq!(catalog.categories[wallet.category].key, "wallet");
    assert_eq!(wallet.line, 7);
    for (mine, theirs) in catalog.codes.iter().zip(&own.codes) {
        if mine.code == "INSUFFICIENT_BALANCE" {
            let locales: Vec<&str> = mine.messages.iter().map(|m| m.locale.as_str()).collect();
            assert_eq!(locales, ["en", "zh-CN", "th"]);
            assert_eq!(mine.messages[2].text, "ยอดเงินไม่เพียงพอ");
            assert_eq!(mine.messages[..2], theirs.messages[..]);
            assert_eq!(mine.aliases, theirs.aliases);
            assert_eq!(mine.line, theirs.line);
        } else {
            assert_eq!(mine, theirs);
        }
    }
    // The same file's mistakes against errcat's catalog: its names in the hints.
    let typo = src.replace(
        "[codes.INSUFFICIENT_BALANCE]",
        "[codes.USER_BALANCE_NOT_ENOUGH]",
    );
    assert_eq!(
        check_str_extending("codes.toml", &typo, Some(errcat))
            .unwrap_err()
            .lines(),
        [
            "codes.toml:14:8: code \"USER_BALANCE_NOT_ENOUGH\" is an alias of code \
             \"INSUFFICIENT_BALANCE\" in errcat's catalog (extends = \"errcat\"), not a code of \
             its own; amend [codes.INSUFFICIENT_BALANCE] instead"
        ]
    );
}

/// errcat's own catalog under the one-decision rules (issue 20): the F codes that say the order
/// may already be paid or closed inquire first, and an F code resends only where a resend of
/// the same request id is safe (a fresh token); `PROCESS_FAIL` is final.
#[test]
fn errcats_catalog_inquires_first_and_resends_where_it_says() {
    use errcat_codegen::PolicyKind;
    let catalog = check_str("codes.toml", include_str!("../../../codes.toml")).unwrap();
    let codes = |keep: &dyn Fn(&errcat_codegen::CodeDef) -> bool| -> Vec<&str> {
        catalog
            .codes
            .iter()
            .filter(|c| keep(c))
            .map(|c| c.code.as_str())
            .collect()
    };
    assert_eq!(
        codes(&|c| catalog.inquires_first(c)),
        [
            "ORDER_IS_CLOSED",
            "ORDER_STATUS_INVALID",
            "REPEAT_REQ_INCONSISTENT",
            "ORDER_ALREADY_SETTLED",
        ]
    );
    let resends = |c: &errcat_codegen::CodeDef| {
        matches!(
            catalog.policy(c.retry).kind,
            PolicyKind::Backoff { .. } | PolicyKind::RefreshToken
        )
    };
    assert_eq!(
        codes(&|c| c.status == errcat_codegen::StatusLetter::F && resends(c)),
        [
            "INVALID_ACCESS_TOKEN",
            "EXPIRED_ACCESS_TOKEN",
            "INVALID_AGENT_TOKEN",
            "EXPIRED_AGENT_TOKEN",
        ]
    );
    let process_fail = catalog
        .codes
        .iter()
        .find(|c| c.code == "PROCESS_FAIL")
        .unwrap();
    assert_eq!(catalog.policy(process_fail.retry).kind, PolicyKind::Never);
}

/// A misspelt amendment reads as a new code without its fields: one problem, naming the code
/// it was probably meant to amend.
#[test]
fn a_misspelt_amendment_names_the_code_it_meant() {
    assert_eq!(
        errors("extends = \"errcat\"\n\n[codes.INSUFICIENT_BALANCE]\nmessage.de = \"x\"\n"),
        [
            "codes.toml:3:8: code \"INSUFICIENT_BALANCE\" is not a code of errcat's catalog \
             (extends = \"errcat\"), so it is a new code and needs `status`, `category`, \
             `description`, `resolution` and `message.en`; did you mean to amend \
             [codes.INSUFFICIENT_BALANCE]?"
        ]
    );
}

/// `extends` written after a table header belongs to that table in TOML: reported where it
/// is, once, with the fix.
#[test]
fn a_misplaced_extends_is_reported_where_it_is() {
    let src = "[codes.WALLET_X]\nstatus = \"F\"\nextends = \"errcat\"\n";
    let errs = errors(src);
    assert!(
        errs.contains(
            &"codes.toml:3:1: `extends` is a top-level key, but here it belongs to the table \
              above it; move it to the top of the file, above the first `[table]` header"
                .to_owned()
        ),
        "{errs:?}"
    );
    assert!(
        !errs.iter().any(|e| e.contains("unknown field \"extends\"")),
        "{errs:?}"
    );
}

/// An inherited code whose outcome is not final (`U`, `A`) keeps a policy that keeps asking:
/// no amendment makes `classify` call an unknown outcome final. The rule and its message are
/// the ones of a code of the file's own (or of a catalog that stands alone).
#[test]
fn an_unknown_outcome_stays_not_final_after_an_amendment() {
    let src = "extends = \"errcat\"\n\n[codes.PAYMENT_IN_PROCESS]\nretry = \"never\"\n";
    let message = "code \"PAYMENT_IN_PROCESS\": its status is \"U\", an outcome that is not final \
                   yet, so its policy must keep asking: a \"backoff\", \"poll\" or \
                   \"refresh_token\" policy, not \"never\"";
    assert_eq!(errors(src), [format!("codes.toml:3:8: {message}")]);
    // The same code in the base itself, standalone, gets the same message at its line.
    let base = base_source().replacen(
        "retry = \"poll\"\nmessage.en",
        "retry = \"never\"\nmessage.en",
        1,
    );
    let line = base_line("[codes.PAYMENT_IN_PROCESS]");
    assert_eq!(
        check_str("codes.toml", &base).unwrap_err().lines(),
        [format!("codes.toml:{line}:8: {message}")]
    );
    // Backing off instead of polling is fine.
    let catalog =
        merged("extends = \"errcat\"\n\n[codes.PAYMENT_IN_PROCESS]\nretry = \"backoff\"\n");
    let code = &catalog.codes[2];
    assert_eq!(catalog.policies[code.retry].name, "backoff");
}

/// An amended code whose policy is final says something of its own: not the text of the U or
/// A fallback, in the amendment's locales or the inherited ones.
#[test]
fn an_amended_final_code_does_not_say_what_the_fallbacks_say() {
    let src =
        "extends = \"errcat\"\n\n[codes.INSUFFICIENT_BALANCE]\nmessage.en = \"Please wait.\"\n";
    assert_eq!(
        errors(src),
        [
            "codes.toml:4:14: code \"INSUFFICIENT_BALANCE\": `message.en` is the text of the \"U\" \
          and \"A\" fallbacks, but its policy \"never\" is final: the person paying would read a \
          result that is final as one still being confirmed; give the code a message of its own"
        ]
    );
    // A new code of the file is held to the base's fallbacks.
    let src = "extends = \"errcat\"\n\n[codes.DECLINED]\nstatus = \"F\"\ncategory = \"general\"\n\
               description = \"d\"\nresolution = \"r\"\nmessage.en = \"Please wait.\"\n";
    assert_eq!(
        errors(src),
        [
            "codes.toml:8:14: code \"DECLINED\": `message.en` is the text of the \"U\" and \"A\" \
          fallbacks, but its policy \"never\" is final: the person paying would read a result \
          that is final as one still being confirmed; give the code a message of its own"
        ]
    );
}

/// `inquire_first` may be given in an amendment of an inherited F code, and is carried into
/// the merged catalog; on an inherited U code it is an error, at the field.
#[test]
fn an_amendment_may_mark_an_f_code_inquire_first() {
    let catalog = merged(
        "extends = \"errcat\"\n\n[codes.INSUFFICIENT_BALANCE]\ninquire_first = \"may be paid\"\n",
    );
    let code = &catalog.codes[1];
    assert_eq!(code.code, "INSUFFICIENT_BALANCE");
    assert_eq!(code.inquire_first.as_deref(), Some("may be paid"));
    assert!(catalog.inquires_first(code));
    assert!(!catalog.inquires_first(&catalog.codes[0]));
    // Inherited as it is, by a file that does not amend it.
    let src = base_source().replace(
        "aliases = [\"USER_BALANCE_NOT_ENOUGH\"]",
        "aliases = [\"USER_BALANCE_NOT_ENOUGH\"]\ninquire_first = \"may be paid\"",
    );
    let marked = BaseCatalog {
        source: &src,
        ..base()
    };
    let catalog =
        check_str_extending("codes.toml", "extends = \"errcat\"\n", Some(marked)).unwrap();
    assert_eq!(
        catalog.codes[1].inquire_first.as_deref(),
        Some("may be paid")
    );

    assert_eq!(
        errors("extends = \"errcat\"\n\n[codes.PAYMENT_IN_PROCESS]\ninquire_first = \"why\"\n"),
        [
            "codes.toml:4:17: code \"PAYMENT_IN_PROCESS\": `inquire_first` marks an \"F\" code (an \
          answer that reads as failed, but says the order may already be paid or closed), and its \
          status is \"U\"; remove it"
        ]
    );
    assert_eq!(
        errors("extends = \"errcat\"\n\n[codes.INSUFFICIENT_BALANCE]\ninquire_first = \"\"\n"),
        [
            "codes.toml:4:17: code \"INSUFFICIENT_BALANCE\": field `inquire_first` is empty; give \
          the reason the code says the order may already be paid or closed (`inquire_first = \
          \"...\"`)"
        ]
    );
}

/// A new code without `status` whose name is far from every base code is simply a new code
/// missing its fields, not a misspelt amendment.
#[test]
fn a_new_name_is_not_taken_for_a_misspelt_amendment() {
    let errs = errors("extends = \"errcat\"\n\n[codes.NEW_CODE]\nmessage.en = \"x\"\n");
    assert!(
        errs.iter().all(|e| !e.contains("did you mean to amend")),
        "{errs:?}"
    );
    assert!(
        errs.iter()
            .any(|e| e.contains("missing required field `status`")),
        "{errs:?}"
    );
}
