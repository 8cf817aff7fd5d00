//! The `Examples:` of every `--help`, made from the catalog itself so they always name real
//! codes (nothing about a code is written into the command's source).

use errcat::{Category, Code, RetryPolicy, Status};

/// Codes and words the examples use, picked from the catalog.
struct Samples {
    /// A failure that never retries (or the first code).
    failure: Option<Code>,
    /// A code that backs off (or the first code).
    backoff: Option<Code>,
    /// A category key.
    category: Option<&'static str>,
}

impl Samples {
    fn pick() -> Samples {
        let first = Code::ALL.first().copied();
        let find = |f: &dyn Fn(Code) -> bool| Code::ALL.iter().copied().find(|&c| f(c)).or(first);
        Samples {
            failure: find(&|c| c.status() == Status::Failed && c.retry() == RetryPolicy::Never),
            backoff: find(&|c| matches!(c.retry(), RetryPolicy::Backoff { .. })),
            category: Category::ALL
                .iter()
                .rev()
                .find(|k| Code::ALL.iter().any(|c| c.category() == **k))
                .map(|k| k.as_str()),
        }
    }
}

fn code_or(code: Option<Code>, default: &'static str) -> &'static str {
    code.map_or(default, Code::as_str)
}

/// A code with one letter dropped from its middle: a typo `explain` corrects.
fn typo(code: &str) -> String {
    let mut chars: Vec<char> = code.chars().collect();
    if chars.len() > 3 {
        chars.remove(chars.len() / 2);
    }
    chars.into_iter().collect::<String>().to_lowercase()
}

/// The last `_`-separated word of a code, lowercase: a search word.
fn word(code: &str) -> String {
    code.rsplit('_').next().unwrap_or(code).to_lowercase()
}

/// Commands longer than this get their comment on the line above.
const LONG: usize = 56;

/// The first two words of a code's description, lowercase: a search phrase.
fn phrase(code: Option<Code>) -> String {
    let words: Vec<String> = code
        .map_or("", Code::description)
        .split_whitespace()
        .take(2)
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        "WORDS".to_owned()
    } else {
        words.join(" ")
    }
}

/// Lines `  command  # comment` under the `Examples:` heading, comments aligned.
fn render(heading: &str, lines: &[(String, &str)]) -> String {
    let w = lines
        .iter()
        .map(|(c, _)| c.len())
        .filter(|&n| n <= LONG)
        .max()
        .unwrap_or(0);
    let mut out = format!("{heading}\n");
    for (command, comment) in lines {
        if command.len() > LONG {
            out.push_str(&format!("  # {comment}\n  {command}\n"));
        } else {
            out.push_str(&format!("  {command:<w$}  # {comment}\n"));
        }
    }
    out.trim_end().to_owned()
}

/// The `after_help` text of a command (`""` for the top level), under `heading`.
pub fn for_command(name: &str, heading: &str) -> String {
    let s = Samples::pick();
    let failure = code_or(s.failure, "CODE");
    let backoff = code_or(s.backoff, "CODE");
    let category = s.category.unwrap_or("KEY");
    let lines: Vec<(String, &str)> = match name {
        "explain" => vec![
            (format!("errcat explain {failure}"), "what it means and what to do"),
            (
                format!("errcat explain {}", typo(failure)),
                "a typo: exits 1 with a suggestion",
            ),
            (format!("errcat explain {failure} --json"), "the entry as JSON"),
        ],
        "classify" => vec![
            (format!("errcat classify {failure}"), "the code on its own"),
            (
                format!("errcat classify {failure} --status U --locale zh-CN"),
                "the status wins over the code",
            ),
            (format!("errcat classify {backoff} --json"), "the decision as JSON"),
            (
                "errcat classify --response response.json".to_owned(),
                "a saved response body: its outcome, with the API inferred",
            ),
            (
                "errcat classify --response inquiry.json --api inquiryPayment".to_owned(),
                "an inquiry's body: the payment's state decides, not the query's result",
            ),
            (
                r#"echo '{"result":{"resultStatus":"A","resultCode":"ACCEPT"}}' | errcat classify --response -"#
                    .to_owned(),
                "from stdin",
            ),
        ],
        "list" => vec![
            ("errcat list".to_owned(), "every code"),
            ("errcat list --status U".to_owned(), "codes sent with status U"),
            (
                format!("errcat list --category {category}"),
                "one category",
            ),
            ("errcat list --retry poll --json".to_owned(), "codes that poll, as JSON"),
        ],
        "search" => vec![
            (format!("errcat search {}", word(failure)), "one word"),
            (
                format!("errcat search {}", phrase(s.backoff)),
                "codes matching every word, best first",
            ),
        ],
        "check" => vec![
            ("errcat check".to_owned(), "./codes.toml"),
            ("errcat check path/to/codes.toml".to_owned(), "another file"),
        ],
        "diff" => vec![
            (
                "errcat diff git:v0.1.0:codes.toml codes.toml".to_owned(),
                "what changed since a release",
            ),
            (
                "errcat diff old.toml new.toml --fail-on behavioural".to_owned(),
                "exit 1 on a change of decisions, or worse",
            ),
            (
                "errcat diff old.toml new.toml --json".to_owned(),
                "the changes as JSON",
            ),
        ],
        "export" => vec![
            (
                "errcat export --format markdown > docs/result-codes.md".to_owned(),
                "the reference page",
            ),
            (
                "errcat export --format json > codes.json".to_owned(),
                "for other languages",
            ),
            ("errcat export --format csv > codes.csv".to_owned(), "for spreadsheets"),
            (
                "errcat export --format typescript -o src/errcat.ts".to_owned(),
                "the catalog and errcat's rules as one ES module",
            ),
            (
                "errcat export --format javascript -o vendor/errcat".to_owned(),
                "errcat.js and errcat.d.ts",
            ),
        ],
        "generate" => vec![
            (
                "errcat generate codes.toml -o src/codes.rs".to_owned(),
                "the code build.rs would generate, checked in",
            ),
            (
                "errcat generate codes.toml -o src/codes.rs --check".to_owned(),
                "exit 1 when src/codes.rs is out of date (for CI)",
            ),
            ("errcat generate codes.toml | less".to_owned(), "read it"),
        ],
        "completions" => vec![
            (
                "errcat completions bash > ~/.local/share/bash-completion/completions/errcat"
                    .to_owned(),
                "bash",
            ),
            ("errcat completions zsh > ~/.zfunc/_errcat".to_owned(), "zsh (with ~/.zfunc in fpath)"),
            (
                "errcat completions fish > ~/.config/fish/completions/errcat.fish".to_owned(),
                "fish",
            ),
        ],
        _ => vec![
            (format!("errcat explain {failure}"), "what a code means"),
            (
                format!("errcat classify {failure} --status U --json"),
                "what to do with a result",
            ),
            (
                "errcat classify --response response.json".to_owned(),
                "... or with a whole response",
            ),
            ("errcat list --retry backoff".to_owned(), "codes that back off"),
            (format!("errcat search {}", word(failure)), "find codes by their text"),
            ("errcat check codes.toml".to_owned(), "validate the catalog"),
            (
                "errcat diff git:HEAD:codes.toml codes.toml".to_owned(),
                "what an edit changes, breaking first",
            ),
            ("errcat export --format markdown".to_owned(), "the reference page"),
            (
                "errcat --catalog my-codes.toml list".to_owned(),
                "answer from your own catalog (it may extend errcat's)",
            ),
        ],
    };
    render(heading, &lines)
}
