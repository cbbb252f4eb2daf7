//! The diagnostic contract: stable codes, default severities, messages, related places.

use cable_grammar::TextRange;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Hint,
    Information,
    Warning,
    Error,
}

impl Severity {
    pub fn from_name(name: &str) -> Option<Severity> {
        [
            Severity::Hint,
            Severity::Information,
            Severity::Warning,
            Severity::Error,
        ]
        .into_iter()
        .find(|s| s.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Information => "information",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    SectionCount,
    MissingTerminator,
    MalformedDtg,
    RoutingTotal,
    ParagraphNumber,
    PageNumber,
    DtgMismatch,
    AddresseeSerial,
    HeaderMismatch,
    UnknownTag,
    EoEra,
    Encoding,
}

impl Code {
    pub const ALL: [Code; 12] = [
        Code::SectionCount,
        Code::MissingTerminator,
        Code::MalformedDtg,
        Code::RoutingTotal,
        Code::ParagraphNumber,
        Code::PageNumber,
        Code::DtgMismatch,
        Code::AddresseeSerial,
        Code::HeaderMismatch,
        Code::UnknownTag,
        Code::EoEra,
        Code::Encoding,
    ];

    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Code::SectionCount => "section-count",
            Code::MissingTerminator => "missing-terminator",
            Code::MalformedDtg => "malformed-dtg",
            Code::RoutingTotal => "routing-total",
            Code::ParagraphNumber => "paragraph-number",
            Code::PageNumber => "page-number",
            Code::DtgMismatch => "dtg-mismatch",
            Code::AddresseeSerial => "addressee-serial",
            Code::HeaderMismatch => "header-mismatch",
            Code::UnknownTag => "unknown-tag",
            Code::EoEra => "eo-era",
            Code::Encoding => "encoding",
        }
    }

    pub fn default_severity(self) -> Severity {
        match self {
            Code::SectionCount
            | Code::MissingTerminator
            | Code::MalformedDtg
            | Code::RoutingTotal => Severity::Error,
            Code::ParagraphNumber
            | Code::PageNumber
            | Code::DtgMismatch
            | Code::AddresseeSerial
            | Code::HeaderMismatch
            | Code::UnknownTag
            | Code::Encoding => Severity::Warning,
            Code::EoEra => Severity::Information,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub range: TextRange,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub range: TextRange,
    pub message: String,
    pub related: Vec<Related>,
}

impl Diagnostic {
    pub fn new(code: Code, range: TextRange, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.default_severity(),
            range,
            message: message.into(),
            related: Vec::new(),
        }
    }

    pub fn related(mut self, range: TextRange, message: impl Into<String>) -> Diagnostic {
        self.related.push(Related {
            range,
            message: message.into(),
        });
        self
    }

    pub fn shifted(mut self, by: usize) -> Diagnostic {
        self.range = self.range.shift(by);
        for r in &mut self.related {
            r.range = r.range.shift(by);
        }
        self
    }
}
