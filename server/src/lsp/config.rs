//! Settings from `initializationOptions` and `workspace/didChangeConfiguration`.
//!
//! ```json
//! { "severity": { "paragraph-number": "off", "dtg-mismatch": "hint" } }
//! ```
//! The same object may come wrapped in `{ "cable": … }`, as editors send a settings section.
//! Whatever is not understood is reported (the caller tells the client's log); `null` or no
//! settings at all is the defaults, silently.

use serde_json::Value;

use crate::analysis::{Code, Severity};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Per code: the severity to report with, `None` for `off`.
    severity: Vec<(Code, Option<Severity>)>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            severity: Code::ALL
                .iter()
                .map(|&c| (c, Some(c.default_severity())))
                .collect(),
        }
    }
}

/// The keys a settings section may hold: the server's own, and those VS Code's extension keeps
/// in the same `cable` section for itself (`editors/vscode/package.json`), which VS Code sends
/// along when asked for the section.
const KNOWN: &[&str] = &["severity", "diagnosticMode", "server", "trace"];

/// The settings object itself, whether it came bare or under a `cable` key.
pub fn section(value: &Value) -> &Value {
    value.get("cable").unwrap_or(value)
}

/// A JSON value in a message: its kind and, shortened, itself.
fn described(value: &Value) -> String {
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    let mut text = value.to_string();
    if text.len() > 60 {
        let cut = (0..=60)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        text.truncate(cut);
        text.push('…');
    }
    format!("{kind}, {text}")
}

impl Settings {
    pub fn severity(&self, code: Code) -> Option<Severity> {
        self.severity
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(Some(code.default_severity()), |(_, s)| *s)
    }

    /// Settings from a JSON value. Anything not understood is named in the returned messages
    /// and otherwise ignored; codes not mentioned keep their default severity.
    pub fn from_json(value: &Value) -> (Settings, Vec<String>) {
        let mut settings = Settings::default();
        let mut problems = Vec::new();
        let root = section(value);
        let Some(keys) = root.as_object() else {
            if !root.is_null() {
                let what = if std::ptr::eq(root, value) {
                    "the settings"
                } else {
                    "`cable`"
                };
                problems.push(format!(
                    "{what} should be an object such as {{\"severity\": {{\"paragraph-number\": \"off\"}}}}; found {}",
                    described(root)
                ));
            }
            return (settings, problems);
        };
        for key in keys.keys().filter(|k| !KNOWN.contains(&k.as_str())) {
            problems.push(format!(
                "unknown setting `{key}` (known: {})",
                KNOWN.join(", ")
            ));
        }
        if let Some(mode) = root.get("diagnosticMode") {
            if !matches!(mode.as_str(), Some("push" | "pull")) {
                problems.push(format!(
                    "`diagnosticMode` should be \"push\" or \"pull\"; found {}",
                    described(mode)
                ));
            }
        }
        let map = match root.get("severity") {
            None | Some(Value::Null) => return (settings, problems),
            Some(Value::Object(map)) => map,
            Some(other) => {
                problems.push(format!(
                    "`severity` should be an object; found {}",
                    described(other)
                ));
                return (settings, problems);
            }
        };
        for (name, level) in map {
            let Some(code) = Code::from_name(name) else {
                problems.push(format!("unknown diagnostic code `{name}` in `severity`"));
                continue;
            };
            let parsed = match level.as_str() {
                Some("off") => Ok(None),
                Some(s) => Severity::from_name(s).map(Some).ok_or(()),
                None => Err(()),
            };
            match parsed {
                Ok(s) => {
                    if let Some(slot) = settings.severity.iter_mut().find(|(c, _)| *c == code) {
                        slot.1 = s;
                    }
                }
                Err(()) => problems.push(format!(
                    "severity of `{name}` should be one of off, hint, information, warning, error; found {level}"
                )),
            }
        }
        (settings, problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_levels_and_reports_what_it_ignores() {
        let (s, problems) = Settings::from_json(&json!({"cable": {"severity": {
            "paragraph-number": "off",
            "section-count": "hint",
            "no-such-code": "error",
            "page-number": "loud",
        }}}));
        assert_eq!(s.severity(Code::ParagraphNumber), None);
        assert_eq!(s.severity(Code::SectionCount), Some(Severity::Hint));
        assert_eq!(s.severity(Code::PageNumber), Some(Severity::Warning));
        assert_eq!(s.severity(Code::MalformedDtg), Some(Severity::Error));
        assert_eq!(problems.len(), 2, "{problems:?}");
    }

    #[test]
    fn absent_or_null_settings_are_the_defaults_silently() {
        for v in [
            json!(null),
            json!({}),
            json!({"cable": {}}),
            json!({"cable": null}),
            json!({"severity": null}),
            json!({"cable": {"severity": {}}, "editor": {"tabSize": 4}}),
        ] {
            assert_eq!(
                Settings::from_json(&v),
                (Settings::default(), vec![]),
                "{v}"
            );
        }
    }

    #[test]
    fn settings_of_the_wrong_type_are_reported() {
        let problems = |v: Value| {
            let (s, p) = Settings::from_json(&v);
            assert_eq!(s, Settings::default(), "{v}");
            p
        };
        for (v, expected) in [
            (json!([1, 2]), "the settings should be an object such as"),
            (json!("loud"), "found a string, \"loud\""),
            (json!(3), "found a number, 3"),
            (json!(true), "found a boolean"),
            (json!({"cable": [1]}), "`cable` should be an object"),
            (json!({"cable": "x"}), "found a string"),
            (
                json!({"severity": []}),
                "`severity` should be an object; found an array",
            ),
            (
                json!({"cable": {"severity": 5}}),
                "`severity` should be an object",
            ),
            (json!({"sevrity": {}}), "unknown setting `sevrity`"),
            (
                json!({"diagnosticMode": "pul"}),
                "`diagnosticMode` should be",
            ),
        ] {
            let p = problems(v.clone());
            assert!(
                p.len() == 1 && p[0].contains(expected),
                "{v}: {p:?} should say {expected}"
            );
        }
        let long = problems(json!("x".repeat(500)));
        assert!(long[0].chars().count() < 200, "{long:?}");
    }

    #[test]
    fn the_vscode_extensions_own_keys_are_known() {
        let section = json!({"server": {"path": ""}, "trace": {"server": "off"},
            "severity": {"paragraph-number": "off"}, "diagnosticMode": "pull"});
        let (s, problems) = Settings::from_json(&json!({"cable": section}));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(s.severity(Code::ParagraphNumber), None);
    }
}
