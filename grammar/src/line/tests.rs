use super::*;

/// A compact rendering of a classification, so the table below reads like the cables.
fn summary(line: &str) -> String {
    let k = classify(line);
    let t = |s: Span| s.text(line).to_string();
    match k {
        LineKind::Blank => "blank".into(),
        LineKind::Text(s) => format!(
            "text{}{}",
            if s.title_like { " title" } else { "" },
            if s.signature_like { " signature" } else { "" }
        ),
        LineKind::Paragraph(p) => {
            format!(
                "para {} {}",
                p.number.value,
                p.mark.map(t).unwrap_or_default()
            )
        }
        LineKind::PageHeader(p) => format!(
            "page {} post={} serial={} section={} time={}",
            p.page.value,
            p.post.map(t).unwrap_or_default(),
            p.serial.map(|s| s.value.to_string()).unwrap_or_default(),
            p.section
                .map(|s| format!("{}/{}", s.number, s.total))
                .unwrap_or_default(),
            p.time
                .map(|x| format!("{}{}", t(x.span), if x.value.is_ok() { "" } else { "!" }))
                .unwrap_or_default(),
        ),
        LineKind::Classification(c) => format!(
            "class {} section={} post={} serial={} indent={}",
            c.class.value.name(),
            c.section
                .map(|s| format!("{}/{}", s.number, s.total))
                .unwrap_or_default(),
            c.post.map(t).unwrap_or_default(),
            c.serial.map(|s| s.value.to_string()).unwrap_or_default(),
            c.indent
        ),
        LineKind::SectionBreak(b) => {
            format!(
                "break {} {} {}/{}",
                t(b.post),
                b.serial.value,
                b.section.number,
                b.section.total
            )
        }
        LineKind::Routing(r) => format!(
            "routing head={:?} counts={:?} total={}",
            r.head.map(|h| h.value),
            r.offices.iter().map(|o| o.value).collect::<Vec<_>>(),
            r.total
                .map(|x| format!("{}:{}", x.value, t(x.span)))
                .unwrap_or_default()
        ),
        LineKind::DashLine(d) => format!(
            "dash id={} time={}",
            d.id.map(t).unwrap_or_default(),
            d.time.map(|x| t(x.span)).unwrap_or_default()
        ),
        LineKind::Underline => "underline".into(),
        LineKind::Precedence(p) => format!(
            "precedence {} dtg={}{}",
            t(p.letters).replace(' ', ""),
            t(p.dtg.span),
            match p.dtg.value {
                Ok(_) => String::new(),
                Err(e) => format!(" error: {e}"),
            }
        ),
        LineKind::From { name } => format!("from {}", t(name)),
        LineKind::To(a) | LineKind::InfoAddressee(a) => format!(
            "addressee ri={} name={} prec={} serial={}",
            a.routing_indicator.map(t).unwrap_or_default(),
            t(a.name),
            a.precedence.map(t).unwrap_or_default(),
            a.serial.map(|s| s.value.to_string()).unwrap_or_default()
        ),
        LineKind::Tags(tl) => {
            format!(
                "tags {}",
                tl.entries
                    .iter()
                    .map(|s| t(*s))
                    .collect::<Vec<_>>()
                    .join("|")
            )
        }
        other => format!("{other:?}"),
    }
}

#[test]
fn classification_table() {
    let cases: &[(&str, &str)] = &[
        ("", "blank"),
        ("   \t", "blank"),
        (
            "PAGE 01 LIMA 14540 01 OF 04 092105Z",
            "page 1 post=LIMA serial=14540 section=1/4 time=092105Z",
        ),
        (
            "PAGE 02        BERLIN  03009  01 OF 06  151359Z ",
            "page 2 post=BERLIN serial=3009 section=1/6 time=151359Z",
        ),
        (
            "PAGE 01        HO CHI  00838  01 OF 03  120100Z",
            "page 1 post=HO CHI serial=838 section=1/3 time=120100Z",
        ),
        (
            "PAGE 01        LIMA  05083  142156Z",
            "page 1 post=LIMA serial=5083 section= time=142156Z",
        ),
        (
            "PAGE 01 STATE 017976",
            "page 1 post=STATE serial=17976 section= time=",
        ),
        (
            "PAGE 02 LIMA 14540 01 OF 04 092165Z",
            "page 2 post=LIMA serial=14540 section=1/4 time=092165Z!",
        ),
        (
            "ACTION ARA-01",
            "routing head=Some(Action) counts=[1] total=",
        ),
        (
            "INFO\tLOG-00\tACDA-17\tAID-01",
            "routing head=Some(Info) counts=[0, 17, 1] total=",
        ),
        (
            "\tRPE-00\t/099W\t\t\t\t\t",
            "routing head=None counts=[0] total=99:/099W",
        ),
        (
            "        /053W",
            "routing head=None counts=[] total=53:/053W",
        ),
        (
            "INFO OCT-01 AS-01 NEA-10 ISO-00 SSO-00 CCO-00 OC-06 /033 R",
            "routing head=Some(Info) counts=[1, 1, 10, 0, 0, 0, 6] total=33:/033 R",
        ),
        ("-----786B26 092105Z /38", "dash id=786B26 time=092105Z"),
        (
            "                  ------------------89773D  151435Z /48",
            "dash id=89773D time=151435Z",
        ),
        (
            "------------------270429Z 060566 /61",
            "dash id=060566 time=270429Z",
        ),
        ("/------", "underline"),
        ("P 092105Z NOV 92", "precedence P dtg=092105Z NOV 92"),
        ("O R 102356Z AUG 09", "precedence OR dtg=102356Z AUG 09"),
        (
            "P 322105Z NOV 92",
            "precedence P dtg=322105Z NOV 92 error: day 32 does not exist (01-31)",
        ),
        (
            "P 312105Z NOV 92",
            "precedence P dtg=312105Z NOV 92 error: NOV 1992 has 30 days, not 31",
        ),
        (
            "P 09215Z NOV 92",
            "precedence P dtg=09215Z NOV 92 error: not of the form DDHHMMZ MON YY",
        ),
        // An operating signal after the DTG, a zero typed for O, a DTG alone (1970s-90s).
        (
            "O R 181205Z NOV 75 ZFF4",
            "precedence OR dtg=181205Z NOV 75",
        ),
        ("O 030457Z AUG 90 ZEX", "precedence O dtg=030457Z AUG 90"),
        ("0 241208Z OCT 79", "precedence 0 dtg=241208Z OCT 79"),
        ("061601Z MAY 78", "precedence  dtg=061601Z MAY 78"),
        ("P 092105Z NOV 92 THEN WE LEFT", "text title"),
        ("FM AMEMBASSY LIMA", "from AMEMBASSY LIMA"),
        (
            " TO SECSTATE WASHDC PRIORITY 3297",
            "addressee ri= name=SECSTATE WASHDC prec=PRIORITY serial=3297",
        ),
        (
            "TO RUEHC/SECSTATE WASHDC PRIORITY 1402",
            "addressee ri=RUEHC name=SECSTATE WASHDC prec=PRIORITY serial=1402",
        ),
        (
            "INFO AMEMBASSY BRUSSELS",
            "addressee ri= name=AMEMBASSY BRUSSELS prec= serial=",
        ),
        (
            "TO AMEMBASSY PARIS NIACT IMMEDIATE 0042",
            "addressee ri= name=AMEMBASSY PARIS prec=NIACT IMMEDIATE serial=42",
        ),
        (
            "[REDACTED] SECTION 01 OF 04 LIMA 14540",
            "class [REDACTED] section=1/4 post=LIMA serial=14540 indent=0",
        ),
        (
            "C O N F I D E N T I A L SECTION 01 OF 03 HARARE 006677 ",
            "class CONFIDENTIAL section=1/3 post=HARARE serial=6677 indent=0",
        ),
        (
            "UNCLAS SECTION 01 OF 06 BERLIN 03009 ",
            "class UNCLASSIFIED section=1/6 post=BERLIN serial=3009 indent=0",
        ),
        // The year before the post; the Secretary's travel series after the serial; the
        // record's class before the caption's own.
        (
            "C O N F I D E N T I A L 75 LIBREVILLE 1895 ",
            "class CONFIDENTIAL section= post=LIBREVILLE serial=1895 indent=0",
        ),
        (
            "S E C R E T  STATE 255577 TOSEC 140323 ",
            "class SECRET section= post=STATE serial=255577 indent=0",
        ),
        (
            "UNCLASSIFIED LIMITED OFFICIAL USE SECTION 01 OF 03 ZAGREB 03309 ",
            "class LIMITED OFFICIAL USE section=1/3 post=ZAGREB serial=3309 indent=0",
        ),
        // A byte-order mark (first line of a Notepad file, or of a file joined with `cat`) is
        // neither content nor indent.
        (
            "\u{FEFF}UNCLAS SECTION 01 OF 06 BERLIN 03009",
            "class UNCLASSIFIED section=1/6 post=BERLIN serial=3009 indent=0",
        ),
        ("\u{FEFF}  3. TEXT", "para 3 "),
        (
            "\u{FEFF}PAGE 02 LIMA 14540 01 OF 04 092105Z",
            "page 2 post=LIMA serial=14540 section=1/4 time=092105Z",
        ),
        ("\u{FEFF}", "blank"),
        // Whatever follows the serial of a section caption, the section is counted.
        ("SECTION 03 OF 05 LIMA 14540 \u{1b}[2J", "text title"),
        (
            "UNCLAS SECTION 03 OF 05 LIMA 14540 \u{1b}[2J",
            "class UNCLASSIFIED section=3/5 post=LIMA serial=14540 indent=0",
        ),
        (
            "UNCLAS SECTION 03 OF 05 LIMA \u{1b} 14540",
            "class UNCLASSIFIED section=3/5 post= serial= indent=0",
        ),
        // Zeros pad a count; they do not make it a larger one.
        (
            "UNCLAS SECTION 01 OF 0005 LIMA 14540",
            "class UNCLASSIFIED section=1/5 post=LIMA serial=14540 indent=0",
        ),
        ("UNCLAS SECTION 01 OF 1005 LIMA 14540", "text title"),
        (
            "UNCLAS E F T O SECTION 02 OF 02 STATE 123456",
            "class UNCLASSIFIED section=2/2 post=STATE serial=123456 indent=0",
        ),
        (
            "S E C R E T STATE 296107",
            "class SECRET section= post=STATE serial=296107 indent=0",
        ),
        (
            "LIMITED OFFICIAL USE",
            "class LIMITED OFFICIAL USE section= post= serial= indent=0",
        ),
        (
            "                       UNCLASSIFIED",
            "class UNCLASSIFIED section= post= serial= indent=23",
        ),
        (
            "                           CONFIDENTIAL     PTQ1859",
            "class CONFIDENTIAL section= post= serial= indent=27",
        ),
        ("SECRET SERVICE AGENTS ARRIVED ON MONDAY.", "text"),
        ("BAGHDAD 00000197 002 OF 002", "break BAGHDAD 197 2/2"),
        (
            "HO CHI MINH CITY 00000838 002 OF 003 ",
            "break HO CHI MINH CITY 838 2/3",
        ),
        ("1. [REDACTED] -- ENTIRE TEXT", "para 1 "),
        ("¶1. (C) Summary: the minister", "para 1 (C)"),
        ("¶7. 6. The current rise", "para 6 "),
        ("¶6. ", "text"),
        ("12. (S/NF) TEXT", "para 12 (S/NF)"),
        ("2.  OFFICIAL UNEMPLOYMENT", "para 2 "),
        ("3.5 MILLION DOLLARS", "text"),
        ("1.Post welcomes the visit", "para 1 "),
        ("1.F FOR MORE DETAILS.)", "text"),
        ("1992, EMBASSY SUMMARY OF CASES, SAYING THAT WHEN", "text"),
        (
            "TAGS: PGOV, PHUM, PTER, OAS, PE",
            "tags PGOV|PHUM|PTER|OAS|PE",
        ),
        (
            "TAGS: OVIP (VANCE, CYRUS) IS, SY, SA",
            "tags OVIP|(VANCE, CYRUS)|IS|SY|SA",
        ),
        (
            "TAGS PGOV, PREL, ECON, PINR, ZI, SA ",
            "tags PGOV|PREL|ECON|PINR|ZI|SA",
        ),
        ("E.O. 12356: DECL: OADR", "Caption(ExecutiveOrder)"),
        ("EO 12958 DECL: 11/29/10 ", "Caption(ExecutiveOrder)"),
        ("SUBJECT: DE LA PUENTE ON ELECTIONS,", "Caption(Subject)"),
        (
            "REF:  A) BERLIN 2801,  B) BONN 22310 ",
            "Caption(Reference)",
        ),
        (
            "Classified By: Ambassador for reasons 1.4 (b) and (d).",
            "Caption(ClassifiedBy)",
        ),
        ("SIPDIS ", "Handling"),
        ("FOR OFFICIAL USE ONLY", "Handling"),
        ("NNNN", "Terminator"),
        ("NNNNPTQ3390 ", "Terminator"),
        ("VZCZCXRO5259", "TransmissionId"),
        ("PP RUEHBC RUEHDE", "RoutingIndicators"),
        ("DE RUEHGB #0197/01 0261657", "StationLine"),
        ("ZNY CCCCC ZZH", "SecurityWarning"),
        ("BT", "Break"),
        ("[REDACTED]", "Stamp(Redacted)"),
        ("[REDACTED] [REDACTED]", "Stamp(Redacted)"),
        ("n/a", "Stamp(NotApplicable)"),
        ("Case Number: S200200010", "Stamp(CaseNumber)"),
        ("RELEASED IN PART", "Stamp(Released)"),
        ("B1, 1.5(D)", "Stamp(ReleaseCodes)"),
        ("B1", "Stamp(ReleaseCodes)"),
        (
            "CLASSIFICATION: CONFIDENTIAL REASON: 25X6",
            "Stamp(ReviewBlock)",
        ),
        ("EXTEND CLASSIFICATION", "Stamp(ExtendClassification)"),
        ("291359Z Nov 00", "Stamp(DateLine)"),
        ("Wednesday, 29 November 2000, 13:59", "Stamp(DateLine)"),
        (
            "This record is a partial extract of the original cable.",
            "Stamp(PartialExtract)",
        ),
        ("U.S. VIEW ON ELECTIONS", "text title"),
        ("BRAYSHAW##", "text title signature"),
        (
            "PROGRESS SO FAR IN HOLDING THE ELECTIONS. THERE ARE GREAT",
            "text",
        ),
        ("HUMAN RIGHTS", "text title signature"),
        (
            "PAGE 02 RUFTWPA1266 C O N F I D E N T I A L ADANA 0290",
            "page 2 post=ADANA serial=290 section= time=",
        ),
        // OCR look-alikes: the field's shape is clear, its value the one meant.
        (
            "PAGE O1 LIMA 1454O 0I OF 04 O92105Z",
            "page 1 post=LIMA serial=14540 section=1/4 time=O92105Z",
        ),
        ("R O92105Z 0CT 9Z", "precedence R dtg=O92105Z 0CT 9Z"),
        ("P 0921O5Z JU1 92", "precedence P dtg=0921O5Z JU1 92"),
        (
            "O 32O5OOZ NOV 92",
            "precedence O dtg=32O5OOZ NOV 92 error: day 32 does not exist (01-31)",
        ),
        (
            "C 0 N F I D E N T I A L SECTION O1 OF 04 LIMA 1454O",
            "class CONFIDENTIAL section=1/4 post=LIMA serial=14540 indent=0",
        ),
        (
            "5ECRET SECTION 02 OF 04 STATE 1O1684",
            "class SECRET section=2/4 post=STATE serial=101684 indent=0",
        ),
        (
            "UNC1ASSIFIED STATE 1O1684",
            "class UNCLASSIFIED section= post=STATE serial=101684 indent=0",
        ),
        (
            "ACTION ARA-O1 E8-02",
            "routing head=Some(Action) counts=[1, 2] total=",
        ),
        (
            "INFO LOG-00 /0O3W",
            "routing head=Some(Info) counts=[0] total=3:/0O3W",
        ),
        (
            "TO SECSTATE WASHDC PRIORITY 329G",
            "addressee ri= name=SECSTATE WASHDC prec=PRIORITY serial=3296",
        ),
        // Words made of look-alikes stay words; prose stays text.
        (
            "INFO AMEMBASSY OSLO",
            "addressee ri= name=AMEMBASSY OSLO prec= serial=",
        ),
        ("1O. THE MINISTER SAID", "para 10 "),
        ("I2. (C) THE MINISTER SAID", "para 12 (C)"),
        ("1B. SUB-ITEM", "text"),
        ("I. ROMAN", "text title signature"),
        ("O 1ST OF MANY", "text title"),
        ("SECRET TALKS BEGAN IN 0CT", "text title"),
    ];
    let mut failures = Vec::new();
    for (line, want) in cases {
        let got = summary(line);
        if got != *want {
            failures.push(format!("{line:?}\n   want: {want}\n    got: {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The caption fused onto a line, and the class of the part before it.
fn fused(line: &str) -> (String, String) {
    let lexed = LexedLine::lex(line);
    let caption = lexed.fused.map_or(String::new(), |c| {
        format!(
            "{} {}|{}|{}",
            c.class.value.name(),
            c.class.span.text(line),
            c.section
                .map(|s| s.span.text(line).to_string())
                .unwrap_or_default(),
            c.post.unwrap_or_default().text(line),
        ) + &c
            .serial
            .map(|s| format!(" {}", s.span.text(line)))
            .unwrap_or_default()
    });
    let prefix = match lexed.kind {
        LineKind::Text(_) => "text".to_string(),
        LineKind::InfoAddressee(a) | LineKind::To(a) => format!(
            "addressee {} {}",
            a.name.text(line),
            a.serial.map(|s| s.span.text(line)).unwrap_or_default()
        ),
        LineKind::Routing(r) => format!("routing {}", r.total.map(|t| t.value).unwrap_or(0)),
        LineKind::PageHeader(p) => format!("page {}", p.page.value),
        LineKind::Classification(_) => "classification".to_string(),
        LineKind::Paragraph(_) => "paragraph".to_string(),
        other => format!("{other:?}"),
    };
    (prefix, caption)
}

#[test]
fn captions_fused_onto_a_line_are_found_at_their_place() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "EUROPEAN POLITICAL COLLECTIVEC O N F I D E N T I A L SECTION 01 OF 04 ROME 012345",
            "text",
            "CONFIDENTIAL C O N F I D E N T I A L|01 OF 04|ROME 012345",
        ),
        (
            "INFO AMEMBASSY MOSCOW IMMEDIATE 0343C O N F I D E N T I A L QUITO 11260 ",
            "addressee AMEMBASSY MOSCOW 0343",
            "CONFIDENTIAL C O N F I D E N T I A L||QUITO 11260",
        ),
        (
            "AMEMBASSY LIMACONFIDENTIAL QUITO 3619 ",
            "text",
            "CONFIDENTIAL CONFIDENTIAL||QUITO 3619",
        ),
        (
            "      SS-00    /007WUNCLAS SECTION 01 OF 03 ROME 012345",
            "routing 7",
            "UNCLASSIFIED UNCLAS|01 OF 03|ROME 012345",
        ),
        (
            "PAGE 02        ROME  12345  01 OF 03  150909Z UNCLAS SECTION 01 OF 03 ROME 012345",
            "page 2",
            "UNCLASSIFIED UNCLAS|01 OF 03|ROME 012345",
        ),
        (
            "AMEMBASSY BELGRADE TOP SECRET STATE 228772",
            "text",
            "TOP SECRET TOP SECRET||STATE 228772",
        ),
        // Not fused: no serial at the end, a caption of its own, a numbered paragraph.
        ("AMEMBASSY BELGRADE UNCLAS SECTION 01 OF 03", "text", ""),
        ("UNCLAS SECTION 01 OF 03 ROME 012345", "classification", ""),
        (
            "4. A CONFIDENTIAL RAND CORPORATION STUDY OF 1987",
            "paragraph",
            "",
        ),
    ];
    for (line, prefix, caption) in cases {
        assert_eq!(
            fused(line),
            (prefix.to_string(), caption.to_string()),
            "{line:?}"
        );
    }
}

/// Look-alike fields are runs of glued tokens; a line of a hundred thousand glued times is
/// read in time linear in its length (each run stops at a field's longest).
#[test]
fn glued_tokens_stay_linear() {
    let glued = "123456Z".repeat(100_000);
    for line in [
        format!("TO SECSTATE WASHDC {glued}"),
        format!("SECRET SECTION 01 OF 02 LIMA {glued}"),
        format!("PAGE 01 LIMA {glued}"),
    ] {
        assert!(!matches!(classify(&line), LineKind::Blank));
    }
}
