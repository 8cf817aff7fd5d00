//! The rules of the catalog: policies and their parameters, categories, messages and locales,
//! fallbacks, codes and their variant names.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Base;
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
    /// The policies: the base's (when extending), then the file's.
    pub(super) fn policies(&mut self, entries: &[Entry<'_, '_>]) -> Vec<PolicySlot> {
        let base = self.base();
        let mut out: Vec<PolicySlot> = base
            .iter()
            .flat_map(|b| &b.catalog.policies)
            .map(|p| PolicySlot {
                name: p.name.clone(),
                kind: Some(p.kind),
            })
            .collect();
        let inherited: HashSet<String> = out.iter().map(|p| p.name.clone()).collect();
        for (key, value) in entries {
            let name = key.get_ref().to_string();
            let what = format!("policy {}", quoted(&name));
            let subject = Subject {
                what: &what,
                span: key.span(),
            };
            if let Some(base) = base.filter(|_| inherited.contains(&name)) {
                self.problem(&key.span(), already_defined(&what, base));
                continue;
            }
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
        let base = self.base();
        // The base's categories first (when extending); their policies are the base's, first.
        let mut out: Vec<CategorySlot> = base
            .iter()
            .flat_map(|b| &b.catalog.categories)
            .map(|c| CategorySlot {
                key: c.key.clone(),
                variant: Some(c.variant.clone()),
                title: Some(c.title.clone()),
                retry: Some(c.retry),
            })
            .collect();
        let inherited = out.len();
        let inherited_keys: HashSet<String> = out.iter().map(|c| c.key.clone()).collect();
        // variant name → index in `out` of the category that has it
        let mut variants: HashMap<String, usize> = out
            .iter()
            .enumerate()
            .filter_map(|(i, c)| Some((c.variant.clone()?, i)))
            .collect();
        for (key, value) in entries {
            let name = key.get_ref().to_string();
            let what = format!("category {}", quoted(&name));
            let subject = Subject {
                what: &what,
                span: key.span(),
            };
            if let Some(base) = base.filter(|_| inherited_keys.contains(&name)) {
                self.problem(&key.span(), already_defined(&what, base));
                continue;
            }
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
                    variants.get(&camel).map(|&other| match base {
                        Some(base) if other < inherited => format!(
                            "`{camel}` is the same as category {}'s of {}; rename the category",
                            quoted(&out[other].key),
                            base.catalog_named()
                        ),
                        _ => format!(
                            "`{camel}` is the same as category {}'s; rename one of them",
                            quoted(&out[other].key)
                        ),
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
        let (mut out, ok) = self.locales(subject, value)?;
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

    /// An amendment's `message.LOCALE` entries merged onto the inherited `messages`: a locale
    /// the base has (tags are case-insensitive) gets the new text, under the base's tag; a new
    /// locale comes after the base's, in file order. `None` if an entry has a problem.
    pub(super) fn amended_messages(
        &mut self,
        subject: &Subject<'_>,
        table: &DeTable<'_>,
        inherited: &[Message],
    ) -> Option<Vec<Message>> {
        let mut out = inherited.to_vec();
        let Some(value) = table.get("message") else {
            return Some(out);
        };
        let (given, ok) = self.locales(subject, value)?;
        for message in given {
            match out
                .iter_mut()
                .find(|m| m.locale.eq_ignore_ascii_case(&message.locale))
            {
                Some(old) => old.text = message.text,
                None => out.push(message),
            }
        }
        ok.then_some(out)
    }

    /// The entries of a `message` table, in file order, with whether all of them are valid
    /// (problems are reported). `None` if `message` is not a table.
    fn locales(
        &mut self,
        subject: &Subject<'_>,
        value: &Spanned<DeValue<'_>>,
    ) -> Option<(Vec<Message>, bool)> {
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
        Some((out, ok))
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

    /// The codes: the base's (when extending), amended by the file's tables that name them,
    /// then the file's new codes.
    pub(super) fn codes(
        &mut self,
        entries: &[Entry<'_, '_>],
        policies: &[PolicySlot],
        categories: &[CategorySlot],
        fallbacks: Option<&[Fallback]>,
    ) -> Vec<CodeDef> {
        let base = self.base();
        let inherited: &[CodeDef] = base.map_or(&[], |b| &b.catalog.codes);
        let mut out = inherited.to_vec();
        // base code → its index
        let base_codes: HashMap<&str, usize> = inherited
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.as_str(), i))
            .collect();
        // variant name → (code, span of its key; `None` for the base's)
        let mut variants: HashMap<String, (String, Origin)> = inherited
            .iter()
            .map(|c| (c.variant.clone(), (c.code.clone(), None)))
            .collect();
        let category_keys = Known::new(categories.iter().map(|c| c.key.clone()).collect());
        // Every code (valid or not), for the aliases' checks: code → span of its key in the
        // file, or `None` for a base code (amended or not).
        let mut code_keys: HashMap<&str, Origin> = entries
            .iter()
            .map(|(k, _)| (k.get_ref().as_ref(), Some(k.span())))
            .collect();
        code_keys.extend(base_codes.keys().map(|&code| (code, None)));
        // alias → (the code it names, span of the alias; `None` for the base's)
        let mut aliases_seen: HashMap<String, (String, Origin)> = inherited
            .iter()
            .flat_map(|c| {
                c.aliases
                    .iter()
                    .map(|a| (a.clone(), (c.code.clone(), None)))
            })
            .collect();
        if entries.is_empty() && base.is_none() {
            self.problems.push(Problem {
                offset: Some(0),
                message: "the catalog defines no codes; add at least one `[codes.CODE]` table"
                    .to_owned(),
            });
        }
        let mut codes = Codes {
            policies,
            code_keys: &code_keys,
            aliases_seen: &mut aliases_seen,
        };
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
            if let (Some(base), Some(&i)) = (base, base_codes.get(code.as_str())) {
                self.amend(&subject, table, &mut out[i], base, &mut codes, fallbacks);
                continue;
            }
            if let Some(base) = base {
                if let Some((of, _)) = codes.aliases_seen.get(&code).filter(|(_, o)| o.is_none()) {
                    self.problem(
                        &key.span(),
                        format!(
                            "{what} is an alias of code {} in {}, not a code of its own; amend \
                             [codes.{of}] instead",
                            quoted(of),
                            base.catalog_named()
                        ),
                    );
                    continue;
                }
                // No `status`: written as an amendment, of a code the base does not have. A
                // misspelt amendment would otherwise read as a new code missing its fields.
                if !table.contains_key("status") {
                    // A typo: two edits at most (closest alone finds far likelier matches
                    // for a name that is simply new).
                    let near = crate::text::closest(&code, base_codes.keys().copied())
                        .filter(|near| crate::text::edit_distance(&code, near) <= 2);
                    if let Some(near) = near {
                        self.problem(
                            &key.span(),
                            format!(
                                "{what} is not a code of {}, so it is a new code and needs \
                                 `status`, `category`, `description`, `resolution` and \
                                 `message.en`; did you mean to amend [codes.{near}]?",
                                base.catalog_named()
                            ),
                        );
                        continue;
                    }
                }
            }
            self.unknown_fields(&subject, table, CODE_FIELDS);
            let status = self.status(&subject, table, true);
            let category = self.category(&subject, table, &category_keys, true);
            let description = self.string(&subject, table, "description", true);
            let resolution = self.string(&subject, table, "resolution", true);
            let explicit_retry = if table.contains_key("retry") {
                let r = self.retry(&subject, table, policies, false);
                Some(r)
            } else {
                None
            };
            let inquire_first = self.inquire_first(&subject, table);
            let messages = self.messages(&subject, table);
            let explicit_variant = self.string(&subject, table, "variant", false);
            let aliases = self.aliases(&subject, &code, table, &mut codes);
            let [deprecated, retired, since, source] = ["deprecated", "retired", "since", "source"]
                .map(|field| {
                    self.string(&subject, table, field, false)
                        .map(Spanned::into_inner)
                });

            let variant = self.variant(&subject, &code, explicit_variant.as_ref(), &mut variants);

            let retry = match explicit_retry {
                Some(r) => r,
                None => category.and_then(|c| categories[c].retry),
            };
            if let (Some(status), Some(retry)) = (status, retry) {
                let policy = &policies[retry];
                // The category whose default the policy is, when the entry gives no `retry`.
                let default_of = match (explicit_retry, category) {
                    (None, Some(c)) => Some(categories[c].key.as_str()),
                    _ => None,
                };
                let fits = self.policy_fits_status(&subject, status, policy, default_of);
                let marked = self.inquire_first_fits(&subject, table, status, policy);
                // A policy that does not fit the status is the problem, not its messages.
                if let (true, Some(messages)) = (fits, &messages) {
                    self.not_a_fallbacks_text(&subject, table, policy, messages, fallbacks);
                }
                if !(fits && marked) {
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
                    aliases,
                    deprecated,
                    retired,
                    since,
                    source,
                    inquire_first: inquire_first.map(Spanned::into_inner),
                    line: self.lines.line_col(key.span().start).0,
                });
            }
        }
        out
    }

    /// A `[codes.CODE]` table that names a code of the base: every field is optional, and the
    /// fields given replace the base's, except `message.LOCALE` (replaces or adds one locale)
    /// and `aliases` (added to the base's). `variant` cannot change. Problems are reported;
    /// `entry` is updated with what could be read.
    fn amend(
        &mut self,
        subject: &Subject<'_>,
        table: &DeTable<'_>,
        entry: &mut CodeDef,
        base: Base<'_>,
        codes: &mut Codes<'_, '_>,
        fallbacks: Option<&[Fallback]>,
    ) {
        let what = subject.what;
        self.unknown_fields(subject, table, CODE_FIELDS);
        if let Some(variant) = table.get("variant") {
            self.problem(
                &variant.span(),
                format!(
                    "{what}: the code is {}'s, and keeps its variant `{}` (so that conversions \
                     between the two `Code` types hold); remove `variant`",
                    base.name, entry.variant
                ),
            );
        }
        // The status is the platform's (it sends it with the code) and the category decides
        // the default policy: both stay the base's, so that an amendment cannot turn an
        // unknown outcome into a final one (a new payment after it could charge twice).
        if let Some(value) = table.get("status") {
            self.problem(
                &value.span(),
                format!(
                    "{what}: the status of an inherited code is the platform's and stays \
                     {}'s (\"{}\"); remove `status` (a response with another status is \
                     already decided by that status: see classify_result)",
                    base.name, entry.status
                ),
            );
        }
        if let Some(value) = table.get("category") {
            self.problem(
                &value.span(),
                format!(
                    "{what}: an inherited code stays in {}'s category {}; remove `category` \
                     (amend `retry` to change what the code's classification says to do)",
                    base.name,
                    quoted(&base.catalog.categories[entry.category].key)
                ),
            );
        }
        let retry = if table.contains_key("retry") {
            self.retry(subject, table, codes.policies, false)
        } else {
            Some(entry.retry)
        };
        let inquire_first = self.inquire_first(subject, table);
        let messages = self.amended_messages(subject, table, &entry.messages);
        // The same rules as a new code's, over the merged entry (the status stays the base's).
        if let Some(retry) = retry {
            let policy = &codes.policies[retry];
            let fits = self.policy_fits_status(subject, entry.status, policy, None);
            self.inquire_first_fits(subject, table, entry.status, policy);
            if let (true, Some(messages)) = (fits, &messages) {
                self.not_a_fallbacks_text(subject, table, policy, messages, fallbacks);
            }
        }
        let aliases = self.aliases(subject, &entry.code, table, codes);
        let [description, resolution] = ["description", "resolution"].map(|field| {
            self.string(subject, table, field, false)
                .map(Spanned::into_inner)
        });
        let [deprecated, retired, since, source] = ["deprecated", "retired", "since", "source"]
            .map(|field| {
                self.string(subject, table, field, false)
                    .map(Spanned::into_inner)
            });
        // With any problem the catalog is rejected; what follows only matters without one.
        if let Some(retry) = retry {
            entry.retry = retry;
        }
        if let Some(messages) = messages {
            entry.messages = messages;
        }
        if let Some(inquire_first) = inquire_first {
            entry.inquire_first = Some(inquire_first.into_inner());
        }
        entry.aliases.extend(aliases);
        for (field, value) in [
            (&mut entry.description, description),
            (&mut entry.resolution, resolution),
        ] {
            if let Some(value) = value {
                *field = value;
            }
        }
        for (field, value) in [
            (&mut entry.deprecated, deprecated),
            (&mut entry.retired, retired),
            (&mut entry.since, since),
            (&mut entry.source, source),
        ] {
            if value.is_some() {
                *field = value;
            }
        }
    }

    /// `status = "X"`, reporting a value that is not a status; `None` if missing (reported
    /// when `required`) or not valid.
    fn status(
        &mut self,
        subject: &Subject<'_>,
        table: &DeTable<'_>,
        required: bool,
    ) -> Option<StatusLetter> {
        let what = subject.what;
        let s = self.string(subject, table, "status", required)?;
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
    }

    /// `category = "KEY"` as an index into the categories, reporting an undefined one.
    fn category(
        &mut self,
        subject: &Subject<'_>,
        table: &DeTable<'_>,
        category_keys: &Known,
        required: bool,
    ) -> Option<usize> {
        let c = self.string(subject, table, "category", required)?;
        let found = category_keys.find(c.get_ref());
        if found.is_none() {
            let hint = category_keys.hint(c.get_ref());
            self.problem(
                &c.span(),
                format!(
                    "{}: category {} is not defined{hint}; defined categories: {}",
                    subject.what,
                    quoted(c.get_ref()),
                    category_keys.list()
                ),
            );
        }
        found
    }

    /// The status rule, one for every code (a new code or an amended one, in a catalog of
    /// its own or one that extends another): an `S` code's policy never retries, a `U` code's
    /// keeps asking (`backoff`, `poll` or `refresh_token`: only such a policy lets the code's
    /// row decide under `U`), an `A` code's polls. `default_of` names the category whose
    /// default the policy is, when the entry gives no `retry`. Reported at the code's key;
    /// returns whether the rule holds (a policy that could not be read is not judged).
    fn policy_fits_status(
        &mut self,
        subject: &Subject<'_>,
        status: StatusLetter,
        policy: &PolicySlot,
        default_of: Option<&str>,
    ) -> bool {
        let Some(kind) = policy.kind else {
            return true;
        };
        let (fits, meaning, must) = match status {
            StatusLetter::S => (
                kind == PolicyKind::Never,
                "a success",
                "never retry: a \"never\" policy",
            ),
            StatusLetter::F => return true,
            StatusLetter::U => (
                kind.keeps_asking(),
                "an outcome that is not final yet",
                "keep asking: a \"backoff\", \"poll\" or \"refresh_token\" policy",
            ),
            StatusLetter::A => (
                matches!(kind, PolicyKind::Poll { .. }),
                "accepted and not final yet",
                "poll: a \"poll\" policy",
            ),
        };
        if fits {
            return true;
        }
        let default = match default_of {
            Some(key) => format!(
                ", the default of its category {}; give the code a `retry` of its own",
                quoted(key)
            ),
            None => String::new(),
        };
        self.problem(
            &subject.span,
            format!(
                "{}: its status is \"{status}\", {meaning}, so its policy must {must}, not \
                 {}{default}",
                subject.what,
                named_policy(policy, kind)
            ),
        );
        false
    }

    /// `inquire_first = "why"`, read: a non-empty string (problems are reported).
    pub(super) fn inquire_first(
        &mut self,
        subject: &Subject<'_>,
        table: &DeTable<'_>,
    ) -> Option<Spanned<String>> {
        let value = table.get("inquire_first")?;
        let problem = match value.get_ref() {
            DeValue::String(s) if !s.trim().is_empty() => {
                return Some(Spanned::new(value.span(), s.to_string()));
            }
            DeValue::String(_) => "is empty".to_owned(),
            other => format!("must be a string, found {}", other.type_str()),
        };
        self.problem(
            &value.span(),
            format!(
                "{}: field `inquire_first` {problem}; give the reason the code says the order \
                 may already be paid or closed (`inquire_first = \"...\"`)",
                subject.what
            ),
        );
        None
    }

    /// Where the entry gives `inquire_first`: the code is an `F` code whose policy is not
    /// `new_request` (which inquires first by definition). Reported at the field; returns
    /// whether the rule holds.
    fn inquire_first_fits(
        &mut self,
        subject: &Subject<'_>,
        table: &DeTable<'_>,
        status: StatusLetter,
        policy: &PolicySlot,
    ) -> bool {
        // A value that is not a reason is reported by `inquire_first` alone.
        let Some(value) = table
            .get("inquire_first")
            .filter(|v| matches!(v.get_ref(), DeValue::String(s) if !s.trim().is_empty()))
        else {
            return true;
        };
        let why = if status != StatusLetter::F {
            format!(
                "`inquire_first` marks an \"F\" code (an answer that reads as failed, but says \
                 the order may already be paid or closed), and its status is \"{status}\"; \
                 remove it"
            )
        } else if policy.kind == Some(PolicyKind::NewRequest) {
            format!(
                "its policy {} starts over with a new request id, and a new_request code \
                 inquires first by definition; remove `inquire_first`",
                named_policy(policy, PolicyKind::NewRequest)
            )
        } else {
            return true;
        };
        self.problem(&value.span(), format!("{}: {why}", subject.what));
        false
    }

    /// A code whose policy is final (`never`, `ask_user`, `reauthorize`) has no message, in
    /// any locale, whose text is the `U` or `A` fallback's in that locale: its message would
    /// say "still confirming" of a result that is final. Reported at the message when the
    /// table gives it, else at the code's key.
    fn not_a_fallbacks_text(
        &mut self,
        subject: &Subject<'_>,
        table: &DeTable<'_>,
        policy: &PolicySlot,
        messages: &[Message],
        fallbacks: Option<&[Fallback]>,
    ) {
        let (Some(kind), Some(fallbacks)) = (policy.kind, fallbacks) else {
            return;
        };
        if !kind.is_final() {
            return;
        }
        let given = match table.get("message").map(Spanned::get_ref) {
            Some(DeValue::Table(given)) => in_file_order(given),
            _ => Vec::new(),
        };
        for message in messages {
            let same: Vec<String> = fallbacks
                .iter()
                .filter(|f| matches!(f.status, StatusLetter::U | StatusLetter::A))
                .filter(|f| {
                    f.messages.iter().any(|m| {
                        m.locale.eq_ignore_ascii_case(&message.locale) && m.text == message.text
                    })
                })
                .map(|f| format!("\"{}\"", f.status))
                .collect();
            if same.is_empty() {
                continue;
            }
            let span = given
                .iter()
                .find(|(locale, _)| locale.get_ref().eq_ignore_ascii_case(&message.locale))
                .map_or(subject.span.clone(), |(_, text)| text.span());
            let fallback = match same.as_slice() {
                [one] => format!("the {one} fallback"),
                _ => format!("the {} fallbacks", same.join(" and ")),
            };
            self.problem(
                &span,
                format!(
                    "{}: `message.{}` is the text of {fallback}, but its policy {} is final: the \
                     person paying would read a result that is final as one still being \
                     confirmed; give the code a message of its own",
                    subject.what,
                    message.locale,
                    named_policy(policy, kind)
                ),
            );
        }
    }

    /// The entry's `aliases = [...]`: each a valid code string, not a code, not repeated, and
    /// not the alias of another code. Problems are reported; the valid aliases come back.
    pub(super) fn aliases(
        &mut self,
        subject: &Subject<'_>,
        code: &str,
        table: &DeTable<'_>,
        known: &mut Codes<'_, '_>,
    ) -> Vec<String> {
        let what = subject.what;
        let base = self.base();
        let Some(value) = table.get("aliases") else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.problem(
                &value.span(),
                format!(
                    "{what}: field `aliases` must be an array of strings (`aliases = [\"OTHER_CODE\"]`), \
                     found {}",
                    value.get_ref().type_str()
                ),
            );
            return Vec::new();
        };
        let mut out: Vec<String> = Vec::new();
        for item in items.iter() {
            let span = item.span();
            let alias = match item.get_ref() {
                DeValue::String(s) => s.to_string(),
                other => {
                    self.problem(
                        &span,
                        format!(
                            "{what}: an alias must be a string, found {}",
                            other.type_str()
                        ),
                    );
                    continue;
                }
            };
            if !is_valid_code(&alias) {
                let fixed = alias.trim().to_ascii_uppercase().replace([' ', '-'], "_");
                let hint = if is_valid_code(&fixed) {
                    format!(" (did you mean \"{fixed}\"?)")
                } else {
                    String::new()
                };
                self.problem(
                    &span,
                    format!(
                        "{what}: alias {} is not a code string: an alias must be uppercase ASCII \
                         letters, digits and underscores{hint}",
                        quoted(&alias)
                    ),
                );
                continue;
            }
            if let Some(origin) = known.code_keys.get(alias.as_str()) {
                let why = match (origin, base) {
                    _ if alias == code => "is the code itself; remove it from `aliases`".to_owned(),
                    (None, Some(base)) => format!(
                        "is a code of {}; a string is either a code or an alias of one: remove \
                         the alias",
                        base.catalog_named()
                    ),
                    (origin, _) => {
                        let (line, _) = self.lines.line_col(origin.as_ref().map_or(0, |o| o.start));
                        format!(
                            "is also a code (at line {line}); a string is either a code or an \
                             alias of one: retire that code, or remove the alias"
                        )
                    }
                };
                self.problem(&span, format!("{what}: alias {} {why}", quoted(&alias)));
                continue;
            }
            if let Some((other, origin)) = known.aliases_seen.get(&alias) {
                let message = match (origin, base) {
                    (None, Some(base)) if other == code => format!(
                        "{what}: alias {} is already one of its aliases in {}; remove it",
                        quoted(&alias),
                        base.catalog_named()
                    ),
                    (None, Some(base)) => format!(
                        "{what}: alias {} is already an alias of code {} in {}; an alias names \
                         one code: remove it",
                        quoted(&alias),
                        quoted(other),
                        base.catalog_named()
                    ),
                    (origin, _) => {
                        let (line, _) = self.lines.line_col(origin.as_ref().map_or(0, |o| o.start));
                        if other == code {
                            format!(
                                "{what}: alias {} appears twice in `aliases` (first at line \
                                 {line}); remove one",
                                quoted(&alias)
                            )
                        } else {
                            format!(
                                "{what}: alias {} is already an alias of code {} (at line \
                                 {line}); an alias names one code: remove one of them",
                                quoted(&alias),
                                quoted(other)
                            )
                        }
                    }
                };
                self.problem(&span, message);
                continue;
            }
            known
                .aliases_seen
                .insert(alias.clone(), (code.to_owned(), Some(span)));
            out.push(alias);
        }
        out
    }

    /// Checks the code's spelling and works out its variant name, reporting collisions.
    pub(super) fn variant(
        &mut self,
        subject: &Subject<'_>,
        code: &str,
        explicit: Option<&Spanned<String>>,
        seen: &mut HashMap<String, (String, Origin)>,
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
        if let Some((other, origin)) = seen.get(&variant) {
            let fix = if explicit_set {
                "choose another `variant`"
            } else {
                "set `variant = \"...\"` on one of them"
            };
            let message = match (origin, self.base()) {
                (None, Some(base)) => format!(
                    "{}: its variant name `{variant}` collides with code {} of {}; {}",
                    subject.what,
                    quoted(other),
                    base.catalog_named(),
                    if explicit_set {
                        "choose another `variant`"
                    } else {
                        "name this code's variant with `variant = \"...\"`"
                    }
                ),
                (origin, _) => {
                    let (line, _) = self.lines.line_col(origin.as_ref().map_or(0, |o| o.start));
                    format!(
                        "{}: its variant name `{variant}` collides with code {} at line {line}; \
                         {fix}",
                        subject.what,
                        quoted(other),
                    )
                }
            };
            self.problem(&span, message);
            return None;
        }
        seen.insert(
            variant.clone(),
            (code.to_owned(), Some(subject.span.clone())),
        );
        Some(variant)
    }
}

/// A policy for messages: `"name"`, or `"name" (of kind "kind")` when the two differ.
fn named_policy(policy: &PolicySlot, kind: PolicyKind) -> String {
    if policy.name == kind.name() {
        quoted(&policy.name)
    } else {
        format!("{} (of kind \"{}\")", quoted(&policy.name), kind.name())
    }
}

/// `policy "never" is already defined by errcat's catalog (extends = "errcat"); ...`.
fn already_defined(what: &str, base: Base<'_>) -> String {
    format!(
        "{what} is already defined by {}; use it as it is, or choose another name",
        base.catalog_named()
    )
}

/// Where a code, alias or variant name was first seen: the span of its key or value in the
/// file, or `None` for the base catalog's.
pub(super) type Origin = Option<Range<usize>>;

/// What the codes' checks share: the names defined so far.
pub(super) struct Codes<'a, 'k> {
    policies: &'a [PolicySlot],
    /// Every code (valid or not): its key's span in the file, or `None` for a base code.
    code_keys: &'a HashMap<&'k str, Origin>,
    /// alias → (the code it names, where the alias is; `None` for the base's)
    aliases_seen: &'a mut HashMap<String, (String, Origin)>,
}
