//! Locale consistency: every language has exactly the reference language's messages,
//! uses only the variables the reference uses, and references only messages that exist.
//!
//! Fluent renders a message with an unknown variable as `{$name}` and a missing message
//! not at all; this catches both before a reader does.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast::{
    Entry, Expression, InlineExpression, Pattern, PatternElement, VariantKey,
};
use fluent_syntax::parser;
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};

use super::{LocaleFile, Problem};
use crate::domain::Lang;

/// CLDR's plural category names, as Fluent variant keys.
const PLURAL_CATEGORIES: &[&str] = &["zero", "one", "two", "few", "many", "other"];

/// The plural categories whole numbers fall into in `lang` (counts are whole numbers).
fn integer_plural_categories(lang: &str) -> Option<BTreeSet<&'static str>> {
    let langid: unic_langid::LanguageIdentifier = lang.parse().ok()?;
    let rules = PluralRules::create(langid, PluralRuleType::CARDINAL).ok()?;
    let mut categories = BTreeSet::new();
    for n in 0..1000u32 {
        categories.insert(match rules.select(n).ok()? {
            PluralCategory::ZERO => "zero",
            PluralCategory::ONE => "one",
            PluralCategory::TWO => "two",
            PluralCategory::FEW => "few",
            PluralCategory::MANY => "many",
            PluralCategory::OTHER => "other",
        });
    }
    Some(categories)
}

/// What one message uses.
#[derive(Default, Debug)]
struct Uses {
    variables: BTreeSet<String>,
    /// Variables named in the message's comment: passed by the code, used or not.
    declared: BTreeSet<String>,
    /// For each select whose variants name plural categories: the categories named.
    plural_selects: Vec<BTreeSet<String>>,
    /// For each select on a variable: the variable, and the keys of its variants.
    variable_selects: Vec<(String, BTreeSet<String>)>,
    messages: BTreeSet<String>,
    terms: BTreeSet<String>,
}

/// Per language: message id → (file, what it uses).
type Inventory<'f> = BTreeMap<String, BTreeMap<String, (&'f LocaleFile, Uses)>>;

fn walk_pattern(pattern: &Pattern<&str>, uses: &mut Uses) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            walk_expression(expression, uses);
        }
    }
}

fn walk_expression(expression: &Expression<&str>, uses: &mut Uses) {
    match expression {
        Expression::Select { selector, variants } => {
            walk_inline(selector, uses);
            let keys: BTreeSet<String> = variants
                .iter()
                .filter_map(|v| match &v.key {
                    VariantKey::Identifier { name } => Some((*name).to_owned()),
                    VariantKey::NumberLiteral { .. } => None,
                })
                .collect();
            // Only `*[other]` means "no plural distinction", which is a fine choice
            // (Bengali nouns do not change with number); naming any other category
            // means every category the language has must be named.
            if keys
                .iter()
                .any(|k| k != "other" && PLURAL_CATEGORIES.contains(&k.as_str()))
            {
                uses.plural_selects.push(keys.clone());
            }
            if let InlineExpression::VariableReference { id } = selector {
                uses.variable_selects.push((id.name.to_owned(), keys));
            }
            for variant in variants {
                walk_pattern(&variant.value, uses);
            }
        }
        Expression::Inline(inline) => walk_inline(inline, uses),
    }
}

fn walk_inline(inline: &InlineExpression<&str>, uses: &mut Uses) {
    match inline {
        InlineExpression::VariableReference { id } => {
            uses.variables.insert(id.name.to_owned());
        }
        InlineExpression::MessageReference { id, .. } => {
            uses.messages.insert(id.name.to_owned());
        }
        InlineExpression::TermReference { id, arguments, .. } => {
            uses.terms.insert(id.name.to_owned());
            if let Some(args) = arguments {
                args.positional.iter().for_each(|a| walk_inline(a, uses));
                args.named.iter().for_each(|a| walk_inline(&a.value, uses));
            }
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            arguments
                .positional
                .iter()
                .for_each(|a| walk_inline(a, uses));
            arguments
                .named
                .iter()
                .for_each(|a| walk_inline(&a.value, uses));
        }
        InlineExpression::Placeable { expression } => walk_expression(expression, uses),
        InlineExpression::StringLiteral { .. } | InlineExpression::NumberLiteral { .. } => {}
    }
}

/// Every message of `lang` with the variables it uses or declares in its comment: the
/// arguments the code passes, for tests that render every message.
pub fn message_variables(files: &[LocaleFile], lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let (messages, _, _) = inventory(files);
    messages
        .get(lang.code().as_str())
        .map(|m| {
            m.iter()
                .map(|(id, (_, uses))| {
                    (
                        id.clone(),
                        uses.variables.union(&uses.declared).cloned().collect(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Every select on a variable in `lang`'s messages: the message, the variable, and the
/// keys its variants name. A value the code passes that is not among them renders the
/// default variant: the locale test checks the enums' keys against these.
pub fn variable_selects(
    files: &[LocaleFile],
    lang: Lang,
) -> Vec<(String, String, BTreeSet<String>)> {
    let (messages, _, _) = inventory(files);
    messages
        .get(lang.code().as_str())
        .into_iter()
        .flatten()
        .flat_map(|(id, (_, uses))| {
            uses.variable_selects
                .iter()
                .map(move |(variable, keys)| (id.clone(), variable.clone(), keys.clone()))
        })
        .collect()
}

/// Every problem across all languages, compared with `reference`.
pub fn lint(files: &[LocaleFile], reference: Lang) -> Vec<Problem> {
    let (messages, terms, mut problems) = inventory(files);
    problems.extend(consistency(&messages, &terms, reference, files));
    problems
}

/// Reads every file: messages and terms per language, and syntax problems.
fn inventory(
    files: &[LocaleFile],
) -> (
    Inventory<'_>,
    BTreeMap<String, BTreeSet<String>>,
    Vec<Problem>,
) {
    let mut problems = Vec::new();
    let mut messages: Inventory = BTreeMap::new();
    let mut terms: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let resource = match parser::parse(file.text.as_str()) {
            Ok(r) => r,
            Err((r, errors)) => {
                for e in errors {
                    problems.push(Problem::new(
                        file,
                        Some(file.line_of(e.pos.start)),
                        format!("syntax error: {}", e.kind),
                    ));
                }
                r
            }
        };
        let lang_messages = messages.entry(file.lang_dir.clone()).or_default();
        for entry in &resource.body {
            match entry {
                Entry::Message(m) => {
                    let mut uses = Uses::default();
                    if let Some(value) = &m.value {
                        walk_pattern(value, &mut uses);
                    }
                    // A comment may declare variables the code passes that this language
                    // does not need (`# Variables: $period`), so other languages may use them.
                    if let Some(comment) = &m.comment {
                        for line in &comment.content {
                            uses.declared.extend(declared_variables(line));
                        }
                    }
                    for attribute in &m.attributes {
                        walk_pattern(&attribute.value, &mut uses);
                    }
                    if lang_messages
                        .insert(m.id.name.to_owned(), (file, uses))
                        .is_some()
                    {
                        problems.push(Problem::new(
                            file,
                            file.line_of_message(m.id.name),
                            format!("`{}` is defined twice", m.id.name),
                        ));
                    }
                }
                Entry::Term(t) => {
                    terms
                        .entry(file.lang_dir.clone())
                        .or_default()
                        .insert(t.id.name.to_owned());
                }
                _ => {}
            }
        }
    }
    (messages, terms, problems)
}

/// Compares every language with the reference.
fn consistency(
    messages: &Inventory<'_>,
    terms: &BTreeMap<String, BTreeSet<String>>,
    reference: Lang,
    files: &[LocaleFile],
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let Some(reference_messages) = messages.get(reference.code().as_str()) else {
        if let Some(file) = files.first() {
            problems.push(Problem::new(
                file,
                None,
                format!("the reference language `{reference}` has no messages"),
            ));
        }
        return problems;
    };
    let is_variant = |lang: &str| Lang::parse(lang).is_some_and(Lang::has_region);
    let has_variants = |lang: &str| {
        messages
            .keys()
            .any(|l| is_variant(l) && Lang::parse(l).map(Lang::base) == Lang::parse(lang))
    };
    for (lang, own_messages) in messages {
        if has_variants(lang) {
            // A base is served only through its variants, which are checked whole.
            continue;
        }
        // A variant is its base with its own messages over it: it may leave out what
        // the base already says, and the base's messages are checked as its own.
        let mut lang_messages = BTreeMap::new();
        let mut lang_terms = terms.get(lang).cloned().unwrap_or_default();
        if is_variant(lang)
            && let Some(base) = Lang::parse(lang).map(|l| l.base().code())
        {
            lang_messages.extend(
                messages
                    .get(&base)
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), v)),
            );
            lang_terms.extend(terms.get(&base).cloned().unwrap_or_default());
        }
        lang_messages.extend(own_messages.iter().map(|(k, v)| (k.clone(), v)));
        for (id, (file, uses)) in &lang_messages {
            let line = file.line_of_message(id);
            let at = |message: String| Problem::new(file, line, message);
            for m in &uses.messages {
                if !lang_messages.contains_key(m) {
                    problems.push(at(format!(
                        "`{id}` refers to `{m}`, which `{lang}` does not define"
                    )));
                }
            }
            for t in &uses.terms {
                if !lang_terms.contains(t) {
                    problems.push(at(format!(
                        "`{id}` refers to the term `-{t}`, which `{lang}` does not define"
                    )));
                }
            }
            if let Some(needed) = integer_plural_categories(lang) {
                for keys in &uses.plural_selects {
                    for missing in needed.iter().filter(|c| !keys.contains(**c)) {
                        problems.push(at(format!(
                            "`{id}` has no `[{missing}]` variant, which `{lang}` needs for counts"
                        )));
                    }
                }
            }
            match reference_messages.get(id) {
                None => problems.push(at(format!("`{id}` is not in the reference language `{reference}` (a typo, or a message to add there first)"))),
                Some((_, reference_uses)) => {
                    let mut passed: BTreeSet<String> = reference_uses.variables.union(&reference_uses.declared).cloned().collect();
                    // A service comes with its forms too (`$service_gen`, `$service_loc`).
                    let forms: Vec<String> = passed.iter().flat_map(|v| [format!("{v}_gen"), format!("{v}_loc")]).collect();
                    passed.extend(forms);
                    for v in uses.variables.difference(&passed) {
                        problems.push(at(format!("`{id}` uses `${v}`, which the code does not pass (the `{reference}` message has only: {})", list(&passed))));
                    }
                }
            }
        }
        for id in reference_messages.keys() {
            if !lang_messages.contains_key(id) {
                let file = own_messages
                    .values()
                    .next()
                    .map(|(f, _)| *f)
                    .unwrap_or(reference_messages[id].0);
                problems.push(Problem::new(file, None, format!("`{lang}` lacks `{id}`")));
            }
        }
    }
    problems
}

/// The `$names` in a comment line.
fn declared_variables(line: &str) -> impl Iterator<Item = String> + '_ {
    line.split('$')
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect::<String>()
        })
        .filter(|v| !v.is_empty())
}

fn list(set: &BTreeSet<String>) -> String {
    if set.is_empty() {
        return "none".to_owned();
    }
    set.iter()
        .map(|v| format!("${v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file(lang: &str, text: &str) -> LocaleFile {
        LocaleFile {
            lang_dir: lang.into(),
            path: PathBuf::from(format!("locales/{lang}/t.ftl")),
            text: text.into(),
        }
    }

    #[test]
    fn consistent_locales_pass() {
        let files = [
            file("en", "a = A { $n }\nb = { a }\n"),
            file("bn", "a = ক { $n }\nb = { a }\n"),
        ];
        assert_eq!(lint(&files, Lang::EN), vec![]);
    }

    #[test]
    fn drift_is_reported_with_file_and_line() {
        let files = [
            file("en", "a = A { $n }\nb = B\n"),
            file("bn", "a = ক { $count }\nc = গ { missing }\n"),
        ];
        let problems: Vec<String> = lint(&files, Lang::EN)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("locales/bn/t.ftl:1:") && p.contains("$count")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.starts_with("locales/bn/t.ftl:2:")
                && p.contains("`c` is not in the reference")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("refers to `missing`")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("`bn` lacks `b`")),
            "{problems:?}"
        );
    }

    #[test]
    fn variables_declared_in_a_reference_comment_may_be_used() {
        let files = [
            file("en", "# Variables: $period (dawn, night)\na = A { $n }\n"),
            file("bn", "a = ক { $period } { $n }\n"),
        ];
        assert_eq!(lint(&files, Lang::EN), vec![]);
    }

    #[test]
    fn a_missing_plural_form_is_reported() {
        let en = "a = { $n ->\n    [one] one day\n   *[other] { $n } days\n}\nb = { $n ->\n   *[other] { $n } items\n}\n";
        let bn = "a = { $n ->\n   *[other] { $n } দিন\n}\nb = { $n ->\n   *[other] { $n }টি\n}\n";
        let en_missing = "a = { $n ->\n    [few] x\n   *[other] { $n } days\n}\nb = B { $n }\n";
        assert_eq!(
            lint(&[file("en", en), file("bn", bn)], Lang::EN),
            vec![],
            "a select without plural keys needs none"
        );
        let problems = lint(&[file("en", en_missing), file("bn", bn)], Lang::EN);
        assert!(
            problems.iter().any(|p| p
                .message
                .contains("`a` has no `[one]` variant, which `en` needs")),
            "{problems:?}"
        );
    }

    #[test]
    fn syntax_errors_have_lines() {
        let problems = lint(&[file("en", "a = A\nb = { $\n")], Lang::EN);
        assert!(problems.iter().any(|p| p.line == Some(2)), "{problems:?}");
    }
}
