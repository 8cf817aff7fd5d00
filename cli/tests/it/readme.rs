//! The command tours are real output: each `$ errcat ...` line of the README's "The command"
//! and of `docs/cli.md` is run, and what it printed must be what the page shows (so a catalog or
//! CLI change that alters it fails here until the page is updated).

use crate::common::{code, errcat, repo_root, stderr, stdout};

/// One command of the tour: its arguments, the exit status it documents, and the text shown.
struct Example {
    line: usize,
    args: Vec<String>,
    exit: i32,
    shown: String,
}

/// The `$ errcat ...` examples of the first `text` block under `heading` in `page`, leaving
/// out the ones that cannot be compared: an abridged output, a redirect or a pipe.
fn examples(page: &str, heading: &str) -> Vec<Example> {
    let readme = std::fs::read_to_string(repo_root().join(page)).unwrap();
    let section = readme
        .split_once(heading)
        .unwrap_or_else(|| panic!("{page} has {heading}"))
        .1;
    let block = section
        .split_once("```text\n")
        .expect("the tour is a text block")
        .1
        .split_once("```")
        .unwrap()
        .0;
    // The 1-based README line of the block's first line, for failure messages.
    let block_at = readme.len() - section.len() + section.find(block).unwrap();
    let first_line = readme[..block_at].lines().count() + 1;

    let mut examples = Vec::new();
    let mut current: Option<(usize, String, Vec<&str>)> = None;
    for (i, line) in block.lines().enumerate() {
        if let Some(command) = line.strip_prefix("$ ") {
            if let Some((at, cmd, shown)) = current.take() {
                examples.extend(example(at, &cmd, &shown));
            }
            current = Some((first_line + i, command.to_owned(), Vec::new()));
        } else if let Some((_, _, shown)) = current.as_mut() {
            shown.push(line);
        }
    }
    if let Some((at, cmd, shown)) = current {
        examples.extend(example(at, &cmd, &shown));
    }
    examples
}

fn example(line: usize, command: &str, shown: &[&str]) -> Option<Example> {
    let (command, comment) = match command.split_once(" #") {
        Some((c, comment)) => (c.trim_end(), comment.trim()),
        None => (command.trim_end(), ""),
    };
    let shown = shown
        .iter()
        .skip_while(|l| l.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    let shown = shown.trim_end().to_owned();
    if command.contains(['|', '>', '<']) || shown.contains("abridged") {
        return None;
    }
    let args: Vec<String> = command
        .strip_prefix("errcat ")
        .expect("a tour line runs errcat")
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let exit = comment
        .strip_prefix("exit status ")
        .map_or(0, |n| n.parse().unwrap());
    Some(Example {
        line,
        args,
        exit,
        shown,
    })
}

#[test]
fn the_readme_tour_shows_real_output() {
    let examples = examples("README.md", "\n## The command\n");
    // classify --response, replay --json.
    assert!(examples.len() >= 2, "found {} examples", examples.len());
    check(&examples, "README.md");
}

#[test]
fn the_command_page_shows_real_output() {
    let examples = examples("docs/cli.md", "# The `errcat` command\n");
    // explain (twice), classify, list, search, check: the tour's comparable examples.
    assert!(examples.len() >= 6, "found {} examples", examples.len());
    check(&examples, "docs/cli.md");
}

fn check(examples: &[Example], page: &str) {
    let root = repo_root();
    for ex in examples {
        let output = errcat()
            .args(&ex.args)
            .current_dir(&root)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let printed = format!("{}{}", stdout(&output), stderr(&output));
        assert_eq!(
            code(&output),
            ex.exit,
            "{page}:{}: errcat {}: exit status",
            ex.line,
            ex.args.join(" ")
        );
        assert_eq!(
            printed.trim_end(),
            ex.shown,
            "{page}:{}: errcat {} prints something else than the page shows",
            ex.line,
            ex.args.join(" ")
        );
    }
}
