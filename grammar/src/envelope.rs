//! The fields of ACP-127 format lines, read on demand from lines classified as such.

use crate::lexer::{tokenize, Tok};
use crate::line::{Classification, Field};
use crate::span::Span;

/// Format line 3: `DE RUEHGB #0197/01 0261657`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StationLine {
    /// The originating station's routing indicator (`RUEHGB`).
    pub station: Option<Span>,
    /// The station serial after `#` (the cable serial modulo 10,000 in Cablegate).
    pub serial: Option<Field<u32>>,
    /// `/01`: the section (on multi-section cables).
    pub section: Option<Field<u32>>,
    /// Filing time `JJJHHMM`: day of the year, hour, minute.
    pub filed: Option<Field<(u16, u8, u8)>>,
}

pub fn station_line(line: &str) -> StationLine {
    let toks = tokenize(line);
    let mut out = StationLine {
        station: None,
        serial: None,
        section: None,
        filed: None,
    };
    let mut i = 0;
    if toks.first().is_some_and(|t| t.text(line) == "DE") {
        i = 1;
    }
    if let Some(t) = toks.get(i).filter(|t| t.kind == Tok::Word) {
        out.station = Some(t.span);
        i += 1;
    }
    if toks.get(i).is_some_and(|t| t.text(line) == "#") {
        if let Some(t) = toks.get(i + 1).filter(|t| t.kind == Tok::Num) {
            out.serial = Some(Field {
                value: t.text(line).parse().unwrap_or(u32::MAX),
                span: t.span,
            });
            i += 2;
        }
    }
    if let Some(t) = toks.get(i).filter(|t| t.kind == Tok::SlashNum) {
        let value = t.text(line)[1..].parse().unwrap_or(u32::MAX);
        out.section = Some(Field {
            value,
            span: t.span,
        });
        i += 1;
    }
    if let Some(t) = toks
        .get(i)
        .filter(|t| t.kind == Tok::Num && t.span.len() == 7)
    {
        let d = t.text(line).as_bytes();
        let n =
            |r: std::ops::Range<usize>| d[r].iter().fold(0u16, |a, b| a * 10 + u16::from(b - b'0'));
        out.filed = Some(Field {
            value: (n(0..3), n(3..5) as u8, n(5..7) as u8),
            span: t.span,
        });
    }
    out
}

/// Format line 4: `ZNY CCCCC ZZH`: the classification letter repeated five times.
pub fn security_warning(line: &str) -> Option<Field<Classification>> {
    let toks = tokenize(line);
    let t = toks.get(1)?;
    let text = t.text(line);
    let first = text.chars().next()?;
    if text.len() != 5 || !text.chars().all(|c| c == first) {
        return None;
    }
    let class = match first {
        'U' => Classification::Unclassified,
        'E' | 'R' => Classification::LimitedOfficialUse,
        'C' => Classification::Confidential,
        'S' => Classification::Secret,
        'T' => Classification::TopSecret,
        _ => return None,
    };
    Some(Field {
        value: class,
        span: t.span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn station_lines() {
        let line = "DE RUEHGB #0197/01 0261657";
        let s = station_line(line);
        assert_eq!(s.station.map(|x| x.text(line)), Some("RUEHGB"));
        assert_eq!(s.serial.map(|x| x.value), Some(197));
        assert_eq!(s.section.map(|x| x.value), Some(1));
        assert_eq!(s.filed.map(|x| x.value), Some((26, 16, 57)));
        let line = "DE RUEHC #4721 3651200";
        let s = station_line(line);
        assert_eq!(
            (
                s.serial.map(|x| x.value),
                s.section,
                s.filed.map(|x| x.value)
            ),
            (Some(4721), None, Some((365, 12, 0)))
        );
        let s = station_line("DE");
        assert_eq!(
            s,
            StationLine {
                station: None,
                serial: None,
                section: None,
                filed: None
            }
        );
    }

    #[test]
    fn security_warnings() {
        assert_eq!(
            security_warning("ZNY CCCCC ZZH").map(|f| f.value),
            Some(Classification::Confidential)
        );
        assert_eq!(
            security_warning("ZNR UUUUU ZZH").map(|f| f.value),
            Some(Classification::Unclassified)
        );
        assert_eq!(
            security_warning("ZNY SSSSS").map(|f| f.value),
            Some(Classification::Secret)
        );
        assert_eq!(security_warning("ZNY CCSCC"), None);
        assert_eq!(security_warning("ZNY"), None);
    }
}
