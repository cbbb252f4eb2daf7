//! Settings from `initializationOptions` and `workspace/didChangeConfiguration`.
//!
//! ```json
//! { "severity": { "paragraph-number": "off", "dtg-mismatch": "hint" } }
//! ```
//! The same object may come wrapped in `{ "cable": … }`, as editors send a settings section.

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

/// The settings object itself, whether it came bare or under a `cable` key.
pub fn section(value: &Value) -> &Value {
    value.get("cable").unwrap_or(value)
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
        let Some(map) = root.get("severity") else {
            return (settings, problems);
        };
        let Some(map) = map.as_object() else {
            problems.push(format!("`severity` should be an object, found {map}"));
            return (settings, problems);
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
    fn absent_or_null_settings_are_the_defaults() {
        for v in [json!(null), json!({}), json!({"cable": {}}), json!(3)] {
            assert_eq!(Settings::from_json(&v).0, Settings::default());
        }
        assert_eq!(
            Settings::from_json(&json!({"severity": []})).1.len(),
            1,
            "a severity that is no object is reported"
        );
    }
}
