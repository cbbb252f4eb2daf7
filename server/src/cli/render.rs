//! Human-readable diagnostics in the style of rustc and ruff, drawn by annotate-snippets (the
//! renderer rustc itself uses): the lines of the range with the range marked, then each
//! related place with its own lines and its note. Wide (CJK, emoji) and combining characters,
//! tabs and control characters are measured and shown the way rustc shows them.

use annotate_snippets::{Annotation, AnnotationKind, Level, Renderer, Snippet};
use cable_grammar::TextRange;

use super::escape;
use crate::analysis::{Diagnostic, Severity};
use crate::position::LineIndex;

/// Around a range on a line longer than this, only this much of the line on either side is
/// given to the renderer (which shows at most a terminal's width of it anyway): a 1 MB line
/// with thousands of diagnostics must not cost a megabyte per diagnostic.
const CONTEXT: usize = 512;

pub fn diagnostic(path: &str, index: &LineIndex<'_>, d: &Diagnostic) -> String {
    let path = escape::visible(path);
    let message = escape::visible(&d.message);
    let notes: Vec<_> = d
        .related
        .iter()
        .map(|r| escape::visible(&r.message))
        .collect();
    let main = Place::new(index, d.range);
    let related: Vec<Place> = d
        .related
        .iter()
        .map(|r| Place::new(index, r.range))
        .collect();
    let mut group = level(d.severity)
        .primary_title(message.as_ref())
        .id(d.code.name())
        .element(main.snippet(&path, AnnotationKind::Primary, None));
    let (far, near): (Vec<_>, Vec<_>) = related.iter().zip(&notes).partition(|(p, _)| p.cut);
    for (place, note) in near {
        group = group.element(place.snippet(&path, AnnotationKind::Context, Some(note)));
    }
    // A related place far into a long line gets its location, not a window of its line.
    for (place, note) in far {
        group = group.element(Level::NOTE.message(format!(
            "{note} ({path}:{}:{})",
            place.line + 1,
            place.col + 1
        )));
    }
    let mut out = Renderer::plain().render(&[group]);
    if main.cut {
        // The renderer places a snippet by its own text, which is only a window of this line:
        // the location line is ours.
        let title_end = out.find('\n').map_or(out.len(), |i| i + 1);
        let gutter = (main.line + 1).to_string().len();
        out.insert_str(
            title_end,
            &format!(
                "{:gutter$}--> {path}:{}:{}\n",
                "",
                main.line + 1,
                main.col + 1
            ),
        );
    }
    out.push('\n');
    out
}

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Information => Level::INFO,
        Severity::Hint => Level::HELP,
    }
}

/// One place of a diagnostic: the lines its range covers, as given to the renderer.
struct Place {
    /// 0-based line and scalar column of the range's start.
    line: usize,
    col: usize,
    source: String,
    span: std::ops::Range<usize>,
    /// The source is a window of a long line, not the line from its start.
    cut: bool,
}

impl Place {
    fn new(index: &LineIndex<'_>, range: TextRange) -> Place {
        let (line, col) = index.line_col(range.start);
        let (last, _) = index.line_col(range.end.max(range.start));
        let line_start = index.line_start(line);
        let mut source = String::new();
        for l in line..=last {
            if l > line {
                source.push('\n');
            }
            source.push_str(index.line_text(l));
        }
        let start = (range.start - line_start).min(source.len());
        let end = range
            .end
            .saturating_sub(line_start)
            .clamp(start, source.len());
        let mut from = start.saturating_sub(CONTEXT);
        while !source.is_char_boundary(from) {
            from -= 1;
        }
        let mut to = (end + CONTEXT).min(source.len());
        while !source.is_char_boundary(to) {
            to += 1;
        }
        let (source, span) = visible_source(&source[from..to], start - from, end - from);
        Place {
            line,
            col,
            source,
            span,
            cut: from > 0,
        }
    }

    fn snippet<'a>(
        &'a self,
        path: &'a str,
        kind: AnnotationKind,
        label: Option<&'a str>,
    ) -> Snippet<'a, Annotation<'a>> {
        let snippet = Snippet::source(self.source.as_str()).line_start(self.line + 1);
        // A window's location is written by `diagnostic`, not computed from the window.
        let snippet = if self.cut {
            snippet
        } else {
            snippet.path(path)
        };
        snippet.annotation(kind.span(self.span.clone()).label(label))
    }
}

/// The snippet's text with the C1 controls the renderer does not replace itself made visible,
/// and the span moved with them.
fn visible_source(text: &str, start: usize, end: usize) -> (String, std::ops::Range<usize>) {
    let c1 = |c: char| ('\u{80}'..='\u{9F}').contains(&c);
    if !text.chars().any(c1) {
        return (text.to_string(), start..end);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let (mut new_start, mut new_end) = (None, None);
    for (i, c) in text.char_indices() {
        if i == start {
            new_start = Some(out.len());
        }
        if i == end {
            new_end = Some(out.len());
        }
        if c1(c) {
            escape::push_visible(c, &mut out);
        } else {
            out.push(c);
        }
    }
    let len = out.len();
    (
        out,
        new_start.unwrap_or(len)..new_end.unwrap_or(len).max(new_start.unwrap_or(len)),
    )
}

pub fn summary(
    errors: usize,
    warnings: usize,
    others: usize,
    files_with: usize,
    files: usize,
) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let mut s = format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    if others > 0 {
        s.push_str(&format!(", {}", plural(others, "note")));
    }
    format!(
        "{s} in {} of {} checked",
        plural(files_with, "file"),
        plural(files, "file")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Code;

    fn render(text: &str, d: &Diagnostic) -> String {
        diagnostic("t.cable", &LineIndex::new(text), d)
    }

    fn at(text: &str, needle: &str) -> TextRange {
        let s = text.find(needle).expect(needle);
        TextRange::new(s, s + needle.len())
    }

    #[test]
    fn one_line_with_a_related_place_in_its_own_snippet() {
        let text = "UNCLAS SECTION 01 OF 04 LIMA 14540\nNNNN\nUNCLAS SECTION 02 OF 05 LIMA 14540\n";
        let d = Diagnostic::new(
            Code::SectionCount,
            at(text, "02 OF 05"),
            "section 2 of 4 expected here, found SECTION 02 OF 05",
        )
        .related(at(text, "01 OF 04"), "the first section says OF 04");
        assert_eq!(
            render(text, &d),
            "\
error[section-count]: section 2 of 4 expected here, found SECTION 02 OF 05
 --> t.cable:3:16
  |
3 | UNCLAS SECTION 02 OF 05 LIMA 14540
  |                ^^^^^^^^
  |
 ::: t.cable:1:16
  |
1 | UNCLAS SECTION 01 OF 04 LIMA 14540
  |                -------- the first section says OF 04
"
        );
    }

    #[test]
    fn a_range_over_several_lines() {
        let text = "ACTION ARA-01\nINFO LOG-00 EUR-01\n     RPE-00 /099W\nrest\n";
        let start = text.find("ARA").unwrap();
        let end = text.find("/099W").unwrap() + 5;
        let d = Diagnostic::new(Code::RoutingTotal, TextRange::new(start, end), "the block");
        assert_eq!(
            render(text, &d),
            "\
error[routing-total]: the block
 --> t.cable:1:8
  |
1 |   ACTION ARA-01
  |  ________^
2 | | INFO LOG-00 EUR-01
3 | |      RPE-00 /099W
  | |_________________^
"
        );
    }

    #[test]
    fn wide_characters_and_tabs_keep_the_marks_under_their_text() {
        let text = "SUBJECT: 北京 😀 VISIT\tTAGS: PG0V\n";
        let d = Diagnostic::new(Code::UnknownTag, at(text, "PG0V"), "`PG0V` is no TAGS code");
        assert_eq!(
            render(text, &d),
            "\
warning[unknown-tag]: `PG0V` is no TAGS code
 --> t.cable:1:27
  |
1 | SUBJECT: 北京 😀 VISIT    TAGS: PG0V
  |                                 ^^^^
"
        );
    }

    #[test]
    fn control_characters_are_shown_not_sent() {
        let text = "TAGS: PGOV, RU, \u{1b}[31mRED \u{85}\n";
        let d = Diagnostic::new(Code::UnknownTag, at(text, "RU"), "`RU`\u{1b}[2J");
        let out = render(text, &d);
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        assert!(out.contains("TAGS: PGOV, RU, ␛[31mRED <U+0085>"), "{out}");
    }

    #[test]
    fn a_long_line_is_cut_around_its_range() {
        let text = format!("TAGS: {}ZZ, END\n", "PGOV, ".repeat(100_000));
        let d = Diagnostic::new(Code::UnknownTag, at(&text, "ZZ"), "`ZZ`");
        let out = render(&text, &d);
        assert!(
            out.contains(&format!(" --> t.cable:1:{}", 7 + 600_000)),
            "{out}"
        );
        assert!(out.len() < 2_000, "{}", out.len());
        assert!(out.contains("ZZ, END"), "{out}");
    }
}
