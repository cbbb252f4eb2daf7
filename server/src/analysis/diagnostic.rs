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

/// One code's documentation, in markdown, as the `codes!` table gives it.
struct Docs {
    summary: &'static str,
    finds: &'static str,
    example: &'static str,
    fix: &'static str,
}

impl Code {
    /// One sentence: what the code reports (settings descriptions).
    pub fn summary(self) -> &'static str {
        self.docs().summary
    }
    /// What the rule finds, in full (the README's rule table).
    pub fn finds(self) -> &'static str {
        self.docs().finds
    }
    /// An example of a finding (the README's rule table).
    pub fn example(self) -> &'static str {
        self.docs().example
    }
    /// What its fixes do (the README's rule table); empty for a code without fixes.
    /// `tests/fixes/<code>.cable` shows each.
    pub fn fix(self) -> &'static str {
        self.docs().fix
    }
}

/// The table of diagnostic codes: the one source of their names, default severities and
/// documentation. The README's rule table, the VS Code settings schema and the vimdoc are
/// generated from it (`tests/tidy.rs` checks them; `UPDATE_EXPECT=1` rewrites them).
macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident,
        summary: $summary:literal,
        finds: $finds:literal,
        example: $example:literal,
        fix: $fix:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            pub const ALL: [Code; [$($name),*].len()] = [$(Code::$variant),*];

            /// The stable name: what diagnostics carry and settings use.
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            pub fn default_severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// The table's documentation of the code.
            fn docs(self) -> Docs {
                match self {
                    $(Code::$variant => Docs { summary: $summary, finds: $finds, example: $example, fix: $fix },)*
                }
            }
        }
    };
}

codes! {
    SectionCount = "section-count", Error,
        summary: r#"`SECTION nn OF mm` disagrees (a total that differs, a section missing, repeated, out of order or beyond the total)."#,
        finds: r#"`SECTION nn OF mm` disagrees: a total that differs from the other sections, a section missing, repeated, out of order or beyond the total, or a PAGE header's `ss OF mm` contradicting its section"#,
        example: r#"the third section's caption reads `SECTION 03 OF 05` while the others say `OF 04`: *section 3 of 4 expected here, found SECTION 03 OF 05*"#,
        fix: r#"writes the total the other sections agree on, or the section number its caption gives a PAGE header (safe); a section number out of sequence is only offered (the record may have lost a section)"#;
    MissingTerminator = "missing-terminator", Error,
        summary: r#"a section of a cable whose sections end with `NNNN` ends without it."#,
        finds: r#"in a cable whose sections end with `NNNN` (bare or fused, `NNNNPTQ3390`), a section ends without it: the next section's header or the end of the cable comes first. Cablegate's merged sections (`BAGHDAD 00000197 002 OF 002`) never need it"#,
        example: r#"`8. THE MINISTER SAID` then `PAGE 01 QUITO 08812 02 OF 04 141535Z`: *section 1 of 4 ends without NNNN: expected NNNN before section 2 of 4 starts here*"#,
        fix: r#"inserts the `NNNN` line where the cable's other sections have theirs (as many lines before the next header, or after the content), else where the print puts it, ending in the blanks of the line above and fused with the print-queue tag of the banner after it (`NNNNPTQ8737`) as such prints write it (safe)"#;
    MalformedDtg = "malformed-dtg", Error,
        summary: r#"a date-time group that is not `DDHHMMZ MON YY` or names no real moment."#,
        finds: r#"a date-time group that is not `DDHHMMZ MON YY` or names no real moment (day 00 or 32, 31 NOV, 29 FEB in a common year, hour 24, minute 60, unknown month), on the precedence line, a PAGE header or a dash line"#,
        example: r#"`P 322105Z NOV 92`: *expected DDHHMMZ MON YY, found `322105Z NOV 92`: day 32 does not exist (01-31)*"#,
        fix: r#"undoes an OCR look-alike the grammar does not read as meant, the zone letter read as a digit (`0921052 NOV 92` → `092105Z NOV 92`), when exactly one valid DTG results (safe). Look-alikes in the day, time, month or year (`N0V`, `O92105Z`) are `ocr-confusion`'s"#;
    RoutingTotal = "routing-total", Error,
        summary: r#"the `/nnnW` total of a distribution block is not the sum of its office counts."#,
        finds: r#"the `/nnnW` (or `/nnn R`) of a distribution block is not the sum of its ACTION/ORIGIN and INFO counts; the block may be split by FOIA stamps"#,
        example: r#"`ACTION ARA-01` … `RPE-00 /098W` with counts adding to 99: *routing total 099 expected (the sum of 57 office counts), found `/098W`*"#,
        fix: r#"writes the sum of the office counts (safe)"#;
    ParagraphNumber = "paragraph-number", Warning,
        summary: r#"numbered paragraphs skip, repeat or go backwards."#,
        finds: r#"numbered paragraphs skip, repeat or go backwards; numbering runs across sections, `NNNN`, repeated headers and stamps. The cable's numbering and each quoted document's own (`BEGIN TEXT:` … `END TEXT`, `QUOTE` … `UNQUOTE`, `BEGIN QUOTE` … `END QUOTE`, `(begin text)`; a quoted letter's `1.` … `6.`) are checked apart; numbers inside a quote that continue the cable's (`2.` `BEGIN TEXT` `3.` `4.`) are the cable's, and a quote never closed ends where the cable's numbering resumes. A fresh `1.` starts another numbered text (an annex), and a number at the start of a wrapped line (`…ON JULY` / `24. GOA…`) is a paragraph only if it is the next one"#,
        example: r#"`8.` … `10.`: *paragraph 9 expected here, found 10: paragraph 9 is missing*"#,
        fix: r#"writes the number the run expects when that alone puts it right (preferred when the next paragraph goes on from it: `2.` `2.` `4.`); renumbers this and the following paragraphs of the run (up to a fresh `1.`) in one edit, keeping each number's width. Never safe: the record may carry the original's own slip, or have lost a paragraph"#;
    PageNumber = "page-number", Warning,
        summary: r#"PAGE numbers inside a section are not consecutive."#,
        finds: r#"PAGE numbers inside a section are not consecutive (a section may start at a later page: partial records lose their first pages)"#,
        example: r#"`PAGE 02` then `PAGE 04` in one section: *PAGE 03 expected here, found PAGE 04*"#,
        fix: r#"writes the expected number: safe when the next page goes on from it (a misprint), else only offered (pages may be lost)"#;
    DtgMismatch = "dtg-mismatch", Warning,
        summary: r#"the message DTG differs between sections, or the PAGE headers of a section carry different times."#,
        finds: r#"the message DTG differs between sections, or the PAGE headers of one section carry different times (page times may differ from the message DTG: that is normal)"#,
        example: r#"section 2 repeats `P 092106Z NOV 92` for `P 092105Z NOV 92`"#,
        fix: r#"writes the DTG or time most places carry (safe when more places carry it than any other)"#;
    AddresseeSerial = "addressee-serial", Warning,
        summary: r#"an addressee's serial does not go up by one from one section to the next."#,
        finds: r#"an addressee's serial does not go up by one from one section to the next (a repeated serial is tolerated: real prints do it)"#,
        example: r#"`TO SECSTATE WASHDC PRIORITY 3296`, then `3299` in section 2: *serial 3297 expected*"#,
        fix: r#"writes the expected serial: safe when the next section goes on from it, else only offered"#;
    HeaderMismatch = "header-mismatch", Warning,
        summary: r#"post, serial or classification in a caption or PAGE header contradicts the rest of the cable."#,
        finds: r#"post, serial or classification in a caption or PAGE header contradicts the rest of the cable (PAGE headers cut the post to six letters and may drop a leading zero: that is not a mismatch)"#,
        example: r#"`PAGE 03 LIMA 14541 01 OF 04 …` in cable LIMA 14540"#,
        fix: r#"writes the cable's post or serial (safe when only one of the two differs); the first caption's classification (offered)"#;
    UnknownTag = "unknown-tag", Warning,
        summary: r#"a TAGS entry shaped like a code that is no TAGS code known to cable-ls (or a historical code outside its years)."#,
        finds: r#"an entry of a TAGS line that is shaped like a code (2 to 8 capitals or digits) but is no subject, geographic (FIPS 10-4, historical or world region), organization or program TAGS, nor a post's own keyword (`HUMANR`, `ADANA`, or a country code of the same line run together with a code: `VT, VTPREL`); or a historical geographic code on a cable whose DTG is outside the years it meant its country (`UR` after 1991). An ISO 3166 code typed for a FIPS one gets the FIPS code (and `SR`, which cables use for Serbia, gets `RI`); two codes run together are named (`CIVS`: `CI` and `VS`). Names in parentheses and free text are not flagged; an entry that reads as a known code with OCR look-alikes (`PG0V`) is `ocr-confusion`'s"#,
        example: r#"`TAGS: PGOV, RU`: *`RU` is no TAGS code cable-ls knows: `RU` is the ISO 3166 code of Russia, whose TAGS (FIPS 10-4) code is `RS`*; `TAGS: PREL, UR` on a 2005 cable: *`UR` was the TAGS code of the Soviet Union (until 1991); this cable is dated 2005: replaced by `RS`, `UP`, …*"#,
        fix: r#"each code it may stand for, as its own fix: `RU` → `RS`, `SR` → `RI`, `VTPREL` → `VT, PREL` (safe when there is one); a historical code before its years: the code of the cable's years (offered)"#;
    OcrConfusion = "ocr-confusion", Warning,
        summary: r#"a letter in a field of digits, or a digit in a field of letters, that OCR reads for one of the other kind (`0`/`O`, `1`/`I`/`L`, `5`/`S`, `8`/`B`, `2`/`Z`, `6`/`G`)."#,
        finds: r#"in a field the format allows only digits in (the DTG's day, time and year on precedence lines and PAGE headers, serials of captions, PAGE headers and FM/TO/INFO lines, page numbers, section numbers and totals, routing counts and totals, the E.O. number, paragraph numbers: `1O.`, `I2.`) or only letters in (the DTG's month, classification words of captions and banners, the precedence, office symbols, TAGS codes), a character OCR reads for one of the other kind: `LIMA 1454O`, `SECTION O1 OF 04`, `0CT`, `C0NFIDENTIAL`, `ARA-O1`, `TAGS: PREL, PG0V` (a TAGS entry no table knows that reads as a known code; of several readings, the one in use in the cable's year, then one its other TAGS lines carry). The field is read as meant, so the rules on counts, serials and dates check that reading and say nothing of the look-alike; a field still invalid when read so (`32O5Z`) is left to its rule (`malformed-dtg`). Free text is never read. Hover on the field says what OCR likely read"#,
        example: r#"`P 092105Z 0CT 92`: *OCR look-alike: the month of the DTG is letters only: expected `OCT`, found `0CT` (`0` read for `O`)*"#,
        fix: r#"the reading (`0CT` → `OCT`, `1454O` → `14540`, `PG0V` → `PGOV`): safe when the format leaves one (for a TAGS code: one known code, or one that ranks first by era and the cable's other TAGS lines); other readings only offered"#;
    EoEra = "eo-era", Information,
        summary: r#"the executive order of the E.O. line was not in force on the cable's DTG."#,
        finds: r#"the executive order an E.O. line cites was not in force on the cable's DTG: cited before it was signed, or after it was replaced and past the years templates kept citing it (E.O. 12356 is tolerated until 2004, FORMAT.md §4.3); or the number is no order on classification (`12985`: "perhaps E.O. 12958"). Lines saying the cable was `DECLASSIFIED` under an order are later markings and not checked"#,
        example: r#"`E.O. 12356: DECL: OADR` on a 2006 cable: *E.O. 12356 was replaced by E.O. 12958 on 14 October 1995; this cable is dated 3 February 2006*"#,
        fix: r#"the order with the same digits (`12985` → `12958`, safe)"#;
    RefOrder = "ref-order", Warning,
        summary: r#"a reference to a cable dated after the citing one, or to the cable itself."#,
        finds: r#"a reference (a REF item or a cable named in the text) to the cable itself, or to a cable sent after it: a printed year after the cable's own (`REF: 95 STATE 1234` in a 1994 cable), or a cable of the cable's own post with the cable's year printed and a higher serial than its own (`94 QUITO 9120` in QUITO 08812 of 1994: a post numbers its cables in order through the year; an undated reference is not judged by its serial, as early in a year it is mostly the last year's cable). In the language server also a reference to a cable of the workspace whose own DTG is after the citing cable's, year printed or not (`(QUITO 8812)` in STATE 40721 of 10 March 1994 when QUITO 08812 of 14 March is in the workspace); the warning follows the workspace as it changes. `cable-ls check` judges from the cable alone"#,
        example: r#"`REF: A. 94 QUITO 9120` in QUITO 08812 of 1994: *`94 QUITO 9120` is a later QUITO cable than this one (QUITO 08812, 1994): a post numbers its cables in order through the year*"#,
        fix: r#""#;
    Encoding = "encoding", Warning,
        summary: r#"the file is not valid UTF-8."#,
        finds: r#"the file is not valid in the encoding it was read in (UTF-8, or UTF-16 by its byte-order mark); it was read with U+FFFD for the bad bytes. Also an *information* at 1:1 naming the encoding of a file that is not plain UTF-8: UTF-16, or UTF-8 with a byte-order mark (command line)"#,
        example: r#"a Latin-1 `é` byte in an addressee line: *invalid UTF-8 at byte 212 of the file: the file was read with U+FFFD in place of the bad bytes*"#,
        fix: r#""#;
}

impl Code {
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.name() == name)
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
    /// Shared: a rule that says the same of many places (a code repeated along a TAGS line)
    /// makes the message once.
    pub message: std::sync::Arc<str>,
    pub related: Vec<Related>,
    /// The edits that would resolve it (see `fix`); empty for most.
    pub fixes: Vec<super::fix::Fix>,
}

impl Diagnostic {
    pub fn new(
        code: Code,
        range: TextRange,
        message: impl Into<std::sync::Arc<str>>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.default_severity(),
            range,
            message: message.into(),
            related: Vec::new(),
            fixes: Vec::new(),
        }
    }

    pub fn with_fix(mut self, fix: super::fix::Fix) -> Diagnostic {
        self.fixes.push(fix);
        self
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
        self.fixes = self.fixes.into_iter().map(|f| f.shifted(by)).collect();
        self
    }
}
