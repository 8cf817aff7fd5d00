//! The rules of the catalog: policies and their parameters, categories, messages and locales,
//! fallbacks, codes and their variant names.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Problem;
use super::hints::{Known, hint, list};
use super::read::{in_file_order, quoted, value};
use super::{
    CATEGORY_FIELDS, CODE_FIELDS, CategorySlot, Entry, FALLBACK_FIELDS, PolicySlot, STATUSES,
    Subject, Validator,
};
use crate::model::{CodeDef, Fallback, Message, PolicyKind, StatusLetter};
use crate::naming::{
    CATEGORY_ASSOCIATED_ITEMS, CODE_ASSOCIATED_ITEMS, is_upper_camel_ident, suggest_variant,
    upper_camel,
};
use crate::text::{is_bcp47, is_valid_category_key, is_valid_code, is_valid_policy_name};

impl Validator<'_> {
    pub(super) fn policies(&mut self, entries: &[Entry<'_, '_>]) -> Vec<PolicySlot> {
        let mut out = Vec::new();
        for (key, value) in entries {
            let name = key.get_ref().to_string();
            let what = format!("policy {}", quoted(&name));
            let subject = Subject {
                what: &what,
                span: key.span(),
            };
            if !is_valid_policy_name(&name) {
                self.problem(
                    &key.span(),
                    format!(
                        "{what}: a policy name must be ASCII letters, digits, '_' and '-' (it is \
                         written into the generated docs as it is)"
                    ),
                );
            }
            let Some(table) = self.table(&what, value) else {
                continue;
            };
            let Some(kind) = self.string(&subject, table, "kind", true) else {
                self.unknown_fields(&subject, table, &["kind"]);
                out.push(PolicySlot { name, kind: None });
                continue;
            };
            let (fields, kind) = match kind.get_ref().as_str() {
                "never" => (&[][..], PolicyKind::Never),
                "refresh_token" => (&[][..], PolicyKind::RefreshToken),
                "reauthorize" => (&[][..], PolicyKind::Reauthorize),
                "ask_user" => (&[][..], PolicyKind::AskUser),
                "new_request" => (&[][..], PolicyKind::NewRequest),
                "backoff" => (
                    &["initial_delay_ms", "max_delay_ms", "max_attempts"][..],
                    self.backoff(&subject, table),
                ),
                "poll" => (
                    &["interval_ms", "timeout_ms"][..],
                    self.poll(&subject, table),
                ),
                other => {
                    let hint = hint(other, &PolicyKind::NAMES);
                    self.problem(
                        &kind.span(),
                        format!(
                            "{what}: kind {} is not a retry policy kind{hint}; expected one of {}",
                            quoted(other),
                            list(&PolicyKind::NAMES)
                        ),
                    );
                    out.push(PolicySlot { name, kind: None });
                    continue;
                }
            };
            let mut known = vec!["kind"];
            known.extend_from_slice(fields);
            self.unknown_fields(&subject, table, &known);
            out.push(PolicySlot {
                name,
                kind: Some(kind),
            });
        }
        out
    }

    /// A backoff policy's parameters. Problems are reported; the kind comes back either way
    /// (with 0 for what is missing), so that the policy stays defined.
    pub(super) fn backoff(&mut self, subject: &Subject<'_>, table: &DeTable<'_>) -> PolicyKind {
        let initial = self.integer(subject, table, "initial_delay_ms", u64::MAX);
        let max = self.integer(subject, table, "max_delay_ms", u64::MAX);
        let attempts = self.integer(subject, table, "max_attempts", u64::from(u32::MAX));
        if let Some(attempts) = attempts.as_ref().filter(|a| *a.get_ref() == 0) {
            self.problem(
                &attempts.span(),
                format!(
                    "{}: `max_attempts` is 0, but it counts every request, the first included; \
                     use 1 or more",
                    subject.what
                ),
            );
        }
        if let Some(initial) = initial.as_ref().filter(|i| *i.get_ref() == 0) {
            self.problem(
                &initial.span(),
                format!(
                    "{}: `initial_delay_ms` is 0, so the backoff never grows; use 1 or more",
                    subject.what
                ),
            );
        }
        if let (Some(initial), Some(max)) = (&initial, &max) {
            if max.get_ref() < initial.get_ref() {
                self.problem(
                    &max.span(),
                    format!(
                        "{}: `max_delay_ms` ({}) is below `initial_delay_ms` ({}); raise it to at \
                         least {}",
                        subject.what,
                        max.get_ref(),
                        initial.get_ref(),
                        initial.get_ref()
                    ),
                );
            }
        }
        PolicyKind::Backoff {
            initial_delay_ms: value(initial),
            max_delay_ms: value(max),
            max_attempts: u32::try_from(value(attempts)).unwrap_or(u32::MAX),
        }
    }

    /// A poll policy's parameters; see [`Self::backoff`].
    pub(super) fn poll(&mut self, subject: &Subject<'_>, table: &DeTable<'_>) -> PolicyKind {
        let interval = self.integer(subject, table, "interval_ms", u64::MAX);
        let timeout = self.integer(subject, table, "timeout_ms", u64::MAX);
        if let Some(interval) = interval.as_ref().filter(|i| *i.get_ref() == 0) {
            self.problem(
                &interval.span(),
                format!(
                    "{}: `interval_ms` is 0, which would poll without pause; use 1 or more",
                    subject.what
                ),
            );
        }
        if let (Some(interval), Some(timeout)) = (&interval, &timeout) {
            if timeout.get_ref() < interval.get_ref() {
                self.problem(
                    &timeout.span(),
                    format!(
                        "{}: `timeout_ms` ({}) is shorter than `interval_ms` ({}), so no poll \
                         would ever run; raise it to at least {}",
                        subject.what,
                        timeout.get_ref(),
                        interval.get_ref(),
                        interval.get_ref()
                    ),
                );
            }
        }
        PolicyKind::Poll {
            interval_ms: value(interval),
            timeout_ms: value(timeout),
        }
    }

    /// Resolves `retry = "NAME"` to a policy index.
    pub(super) fn retry(
        &mut self,
        subject: &Subject<'_>,
        table: &DeTable<'_>,
        policies: &[PolicySlot],
        required: bool,
    ) -> Option<usize> {
        let name = self.string(subject, table, "retry", required)?;
        let found = self.policy_names.find(name.get_ref());
        debug_assert!(found.is_none_or(|i| i < policies.len()));
        if found.is_none() {
            let hint = self.policy_names.hint(name.get_ref());
            let defined = self.policy_names.list();
            self.problem(
                &name.span(),
                format!(
                    "{}: retry policy {} is not defined{hint}; defined policies: {defined}",
                    subject.what,
                    quoted(name.get_ref()),
                ),
            );
        }
        found
    }

    pub(super) fn categories(
        &mut self,
        entries: &[Entry<'_, '_>],
        policies: &[PolicySlot],
    ) -> Vec<CategorySlot> {
        let mut out: Vec<CategorySlot> = Vec::new();
        // variant name → index in `out` of the category that has it
        let mut variants: HashMap<String, usize> = HashMap::new();
        for (key, value) in entries {
            let name = key.get_ref().to_string();
            let what = format!("category {}", quoted(&name));
            let subject = Subject {
                what: &what,
                span: key.span(),
            };
            let Some(table) = self.table(&what, value) else {
                continue;
            };
            self.unknown_fields(&subject, table, CATEGORY_FIELDS);
            let title = self.string(&subject, table, "title", true);
            let retry = self.retry(&subject, table, policies, true);
            let mut variant = None;
            if !is_valid_category_key(&name) {
                self.problem(
                    &key.span(),
                    format!(
                        "{what}: a category key must be snake_case (lowercase ASCII letters, \
                         digits and underscores, starting with a letter)"
                    ),
                );
            } else {
                let camel = upper_camel(&name);
                let cannot = "so it cannot name a variant of `Category`; rename the category";
                let clash = if !is_upper_camel_ident(&camel) {
                    // `self` (the only snake_case key whose name is a keyword: `Self`).
                    Some(format!("is the keyword `{camel}`, {cannot}"))
                } else if CATEGORY_ASSOCIATED_ITEMS.contains(&camel.as_str()) {
                    Some(format!(
                        "`{camel}` clashes with the associated item `Category::{camel}`, {cannot}"
                    ))
                } else {
                    variants.get(&camel).map(|&other| {
                        format!(
                            "`{camel}` is the same as category {}'s; rename one of them",
                            quoted(&out[other].key)
                        )
                    })
                };
                match clash {
                    Some(why) => {
                        self.problem(&key.span(), format!("{what}: its variant name {why}"));
                    }
                    None => {
                        variants.insert(camel.clone(), out.len());
                        variant = Some(camel);
                    }
                }
            }
            out.push(CategorySlot {
                key: name,
                variant,
                title: title.map(Spanned::into_inner),
                retry,
            });
        }
        out
    }

    pub(super) fn messages(
        &mut self,
        subject: &Subject<'_>,
        table: &DeTable<'_>,
    ) -> Option<Vec<Message>> {
        let Some(value) = table.get("message") else {
            self.problem(
                &subject.span,
                format!(
                    "{}: missing the English message; add `message.en = \"...\"`",
                    subject.what
                ),
            );
            return None;
        };
        let what = format!("{}: `message`", subject.what);
        let messages = self.table(&what, value)?;
        let mut out: Vec<Message> = Vec::new();
        // Tags seen, lowercased: tags are case-insensitive.
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut ok = true;
        for (locale, text) in in_file_order(messages) {
            let tag = locale.get_ref().as_ref();
            if !is_bcp47(tag) {
                let fixed = tag.replace('_', "-");
                let hint = if fixed != tag && is_bcp47(&fixed) {
                    format!(" (did you mean \"{fixed}\"?)")
                } else {
                    String::new()
                };
                self.problem(
                    &locale.span(),
                    format!(
                        "{}: locale {} in `message` is not a well-formed BCP 47 language tag \
                         (like \"en\" or \"zh-CN\"){hint}",
                        subject.what,
                        quoted(tag)
                    ),
                );
                ok = false;
                continue;
            }
            if !seen.insert(tag.to_ascii_lowercase()) {
                self.problem(
                    &locale.span(),
                    format!(
                        "{}: locale {} appears twice in `message` (tags are case-insensitive)",
                        subject.what,
                        quoted(tag)
                    ),
                );
                ok = false;
                continue;
            }
            let field = format!("message.{tag}");
            match text.get_ref() {
                DeValue::String(s) if s.trim().is_empty() => {
                    self.problem(
                        &text.span(),
                        format!(
                            "{}: field `{field}` is empty; give it a value",
                            subject.what
                        ),
                    );
                    ok = false;
                }
                DeValue::String(s) => out.push(Message {
                    locale: tag.to_owned(),
                    text: s.to_string(),
                }),
                other => {
                    self.problem(
                        &text.span(),
                        format!(
                            "{}: field `{field}` must be a string, found {}",
                            subject.what,
                            other.type_str()
                        ),
                    );
                    ok = false;
                }
            }
        }
        let Some(en) = out.iter().position(|m| m.locale == "en") else {
            if ok {
                self.problem(
                    &value.span(),
                    format!(
                        "{}: no English message; add `message.en = \"...\"` (every entry needs \
                         one: it is what any other locale falls back to)",
                        subject.what
                    ),
                );
            }
            return None;
        };
        let english = out.remove(en);
        out.insert(0, english);
        ok.then_some(out)
    }

    pub(super) fn fallbacks(
        &mut self,
        entries: &[Entry<'_, '_>],
        policies: &[PolicySlot],
    ) -> Option<Vec<Fallback>> {
        let mut found: Vec<Option<Fallback>> = vec![None; 4];
        let mut all_ok = true;
        for (key, value) in entries {
            let name = key.get_ref().as_ref();
            let Some(status) = StatusLetter::parse(name) else {
                self.problem(
                    &key.span(),
                    format!(
                        "fallback {} is not a result status; expected one of {STATUSES}",
                        quoted(name)
                    ),
                );
                all_ok = false;
                continue;
            };
            let what = format!("fallback {}", quoted(name));
            let subject = Subject {
                what: &what,
                span: key.span(),
            };
            let Some(table) = self.table(&what, value) else {
                all_ok = false;
                continue;
            };
            self.unknown_fields(&subject, table, FALLBACK_FIELDS);
            let description = self.string(&subject, table, "description", true);
            let resolution = self.string(&subject, table, "resolution", true);
            let retry = self.retry(&subject, table, policies, true);
            let messages = self.messages(&subject, table);
            if let Some((retry, kind)) = retry.and_then(|r| Some((r, policies[r].kind?))) {
                let expected = match status {
                    StatusLetter::S | StatusLetter::F => "never",
                    StatusLetter::U => "backoff",
                    StatusLetter::A => "poll",
                };
                if kind.name() != expected {
                    let span = table.get("retry").map_or(key.span(), |v| v.span());
                    self.problem(
                        &span,
                        format!(
                            "{what}: its policy {} is of kind \"{}\", but the {status} fallback \
                             must use a \"{expected}\" policy (S and F never retry, U backs off, \
                             A polls)",
                            quoted(&policies[retry].name),
                            kind.name()
                        ),
                    );
                    all_ok = false;
                }
            }
            match (description, resolution, retry, messages) {
                (Some(d), Some(r), Some(retry), Some(messages)) => {
                    found[status as usize] = Some(Fallback {
                        status,
                        retry,
                        description: d.into_inner(),
                        resolution: r.into_inner(),
                        messages,
                    });
                }
                _ => all_ok = false,
            }
        }
        let header = entries.first().map_or(0, |(k, _)| k.span().start);
        for status in StatusLetter::ALL {
            let defined = entries
                .iter()
                .any(|(k, _)| k.get_ref().as_ref() == status.as_str());
            if !defined {
                self.problems.push(Problem {
                    offset: Some(header),
                    message: format!(
                        "status \"{status}\" has no fallback; add a `[fallback.{status}]` table \
                         (every status needs one: it answers for uncatalogued codes)"
                    ),
                });
                all_ok = false;
            }
        }
        if all_ok {
            found.into_iter().collect()
        } else {
            None
        }
    }

    pub(super) fn codes(
        &mut self,
        entries: &[Entry<'_, '_>],
        policies: &[PolicySlot],
        categories: &[CategorySlot],
    ) -> Vec<CodeDef> {
        let mut out = Vec::new();
        // variant name → (code, span of its key)
        let mut variants: HashMap<String, (String, Range<usize>)> = HashMap::new();
        let category_keys = Known::new(categories.iter().map(|c| c.key.clone()).collect());
        if entries.is_empty() {
            self.problems.push(Problem {
                offset: Some(0),
                message: "the catalog defines no codes; add at least one `[codes.CODE]` table"
                    .to_owned(),
            });
        }
        for (key, value) in entries {
            let code = key.get_ref().to_string();
            let what = format!("code {}", quoted(&code));
            let subject = Subject {
                what: &what,
                span: key.span(),
            };
            let Some(table) = self.table(&what, value) else {
                continue;
            };
            self.unknown_fields(&subject, table, CODE_FIELDS);
            let status = self.string(&subject, table, "status", true).and_then(|s| {
                let parsed = StatusLetter::parse(s.get_ref().trim());
                if parsed.is_none() {
                    let upper = s.get_ref().trim().to_ascii_uppercase();
                    let hint = match StatusLetter::parse(&upper) {
                        Some(l) => format!(" (did you mean \"{l}\"?)"),
                        None => String::new(),
                    };
                    self.problem(
                        &s.span(),
                        format!(
                            "{what}: status {} is not a result status{hint}; expected one of \
                             {STATUSES}",
                            quoted(s.get_ref())
                        ),
                    );
                } else if s.get_ref().trim() != s.get_ref() {
                    self.problem(
                        &s.span(),
                        format!(
                            "{what}: status {} has white space around it; write \"{}\"",
                            quoted(s.get_ref()),
                            s.get_ref().trim()
                        ),
                    );
                    return None;
                }
                parsed
            });
            let category = self
                .string(&subject, table, "category", true)
                .and_then(|c| {
                    let found = category_keys.find(c.get_ref());
                    if found.is_none() {
                        let hint = category_keys.hint(c.get_ref());
                        self.problem(
                            &c.span(),
                            format!(
                                "{what}: category {} is not defined{hint}; defined categories: {}",
                                quoted(c.get_ref()),
                                category_keys.list()
                            ),
                        );
                    }
                    found
                });
            let description = self.string(&subject, table, "description", true);
            let resolution = self.string(&subject, table, "resolution", true);
            let explicit_retry = if table.contains_key("retry") {
                let r = self.retry(&subject, table, policies, false);
                Some(r)
            } else {
                None
            };
            let messages = self.messages(&subject, table);
            let explicit_variant = self.string(&subject, table, "variant", false);

            let variant = self.variant(&subject, &code, explicit_variant.as_ref(), &mut variants);

            let retry = match explicit_retry {
                Some(r) => r,
                None => category.and_then(|c| categories[c].retry),
            };
            if let (Some(status), Some(retry)) = (status, retry) {
                let policy = &policies[retry];
                let kind = policy.kind.unwrap_or(PolicyKind::Never);
                if status == StatusLetter::S && kind != PolicyKind::Never {
                    let span = table.get("retry").map_or(key.span(), |v| v.span());
                    self.problem(
                        &span,
                        format!(
                            "{what}: status \"S\" means success, but its retry policy {} is of \
                             kind \"{}\"; a success never retries, so use a \"never\" policy",
                            quoted(&policy.name),
                            kind.name()
                        ),
                    );
                    continue;
                }
            }
            if let (
                Some(status),
                Some(category),
                Some(description),
                Some(resolution),
                Some(retry),
                Some(messages),
                Some(variant),
            ) = (
                status,
                category,
                description,
                resolution,
                retry,
                messages,
                variant,
            ) {
                out.push(CodeDef {
                    code,
                    variant,
                    status,
                    category,
                    description: description.into_inner(),
                    resolution: resolution.into_inner(),
                    retry,
                    messages,
                    aliases: Vec::new(),
                    deprecated: None,
                    retired: None,
                    since: None,
                    source: None,
                    line: self.lines.line_col(key.span().start).0,
                });
            }
        }
        out
    }

    /// Checks the code's spelling and works out its variant name, reporting collisions.
    pub(super) fn variant(
        &mut self,
        subject: &Subject<'_>,
        code: &str,
        explicit: Option<&Spanned<String>>,
        seen: &mut HashMap<String, (String, Range<usize>)>,
    ) -> Option<String> {
        if !is_valid_code(code) {
            self.problem(
                &subject.span,
                format!(
                    "{}: a code must be uppercase ASCII letters, digits and underscores{}",
                    subject.what,
                    if is_valid_code(&code.to_ascii_uppercase().replace([' ', '-'], "_")) {
                        format!(
                            " (did you mean \"{}\"?)",
                            code.to_ascii_uppercase().replace([' ', '-'], "_")
                        )
                    } else {
                        String::new()
                    }
                ),
            );
            return None;
        }
        let explicit_set = explicit.is_some();
        let (variant, span) = match explicit {
            Some(v) => {
                let name = v.get_ref().clone();
                if !is_upper_camel_ident(&name) {
                    self.problem(
                        &v.span(),
                        format!(
                            "{}: variant {} is not an UpperCamelCase Rust identifier (an ASCII \
                             capital letter, then ASCII letters and digits, not `Self`)",
                            subject.what,
                            quoted(&name)
                        ),
                    );
                    return None;
                }
                (name, v.span())
            }
            None => {
                let name = upper_camel(code);
                if !is_upper_camel_ident(&name) {
                    let why = if name == "Self" {
                        "is the keyword `Self`".to_owned()
                    } else if name.is_empty() {
                        "is empty".to_owned()
                    } else {
                        format!("`{name}` does not start with a letter")
                    };
                    self.problem(
                        &subject.span,
                        format!(
                            "{}: its variant name {why}, so it is not a Rust identifier; name the \
                             variant with `variant = \"...\"` (e.g. `variant = \"{}\"`)",
                            subject.what,
                            suggest_variant(code)
                        ),
                    );
                    return None;
                }
                (name, subject.span.clone())
            }
        };
        if CODE_ASSOCIATED_ITEMS.contains(&variant.as_str()) {
            self.problem(
                &span,
                format!(
                    "{}: variant `{variant}` clashes with the associated item `Code::{variant}`; \
                     choose another name with `variant = \"...\"`",
                    subject.what
                ),
            );
            return None;
        }
        if let Some((other, other_span)) = seen.get(&variant) {
            let (line, _) = self.lines.line_col(other_span.start);
            self.problem(
                &span,
                format!(
                    "{}: its variant name `{variant}` collides with code {} at line {line}; {}",
                    subject.what,
                    quoted(other),
                    if explicit_set {
                        "choose another `variant`"
                    } else {
                        "set `variant = \"...\"` on one of them"
                    }
                ),
            );
            return None;
        }
        seen.insert(variant.clone(), (code.to_owned(), subject.span.clone()));
        Some(variant)
    }
}
