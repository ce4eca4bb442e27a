//! iCalendar (RFC 5545) with iTIP methods (RFC 5546) for workshops: invitations
//! (`METHOD:REQUEST`), cancellations (`METHOD:CANCEL`) and the subscribable feed
//! (`METHOD:PUBLISH`). Times are written in Europe/Helsinki with its `VTIMEZONE`, so
//! calendar programs keep the wall-clock time whatever zone they run in.
//!
//! A small writer of our own rather than a crate: Lupa writes one shape of event, and the
//! rules that matter (CRLF, folding at 75 octets on UTF-8 boundaries, text escaping, the
//! time zone definition) are few and tested here; the `icalendar` crate, as far as we could
//! check, gives no `VTIMEZONE` for a named zone, which is the part calendar programs need.
use chrono::{DateTime, Utc};

use super::time::to_helsinki;

/// The iTIP method of a calendar object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// An invitation or an update to one (same `UID`, higher `SEQUENCE`).
    Request,
    /// The event is cancelled.
    Cancel,
    /// A published calendar (the subscribable feed, the `.ics` download).
    Publish,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
            Method::Publish => "PUBLISH",
        }
    }

    /// The MIME type of a file with this method (for an email attachment).
    pub fn content_type(self) -> String {
        format!("text/calendar; method={}; charset=UTF-8", self.as_str())
    }
}

/// A person in a calendar: organizer or attendee.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalPerson {
    pub name: String,
    pub email: String,
}

/// One workshop as a calendar event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Stable for the life of the workshop, e.g. `workshop-12@lupa.example.fi`.
    pub uid: String,
    /// Raised on every change the attendees should see.
    pub sequence: u32,
    /// When this version of the object was made.
    pub stamp: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub summary: String,
    pub description: String,
    pub location: Option<String>,
    pub url: Option<String>,
    pub organizer: CalPerson,
    pub attendees: Vec<CalPerson>,
    pub cancelled: bool,
}

const TZID: &str = "Europe/Helsinki";

/// The EU rule since 1996: summer time from the last Sunday of March at 03:00 local (01:00
/// UTC) to the last Sunday of October at 04:00 local.
const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Helsinki",
    "X-LIC-LOCATION:Europe/Helsinki",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0300",
    "TZNAME:EEST",
    "DTSTART:19700329T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0300",
    "TZOFFSETTO:+0200",
    "TZNAME:EET",
    "DTSTART:19701025T040000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// A whole `VCALENDAR` with `events`, CRLF line ends, folded.
pub fn calendar(method: Method, name: Option<&str>, events: &[Event]) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Lupa//Workshops//FI".into(),
        "CALSCALE:GREGORIAN".into(),
        format!("METHOD:{}", method.as_str()),
    ];
    if let Some(name) = name {
        lines.push(format!("X-WR-CALNAME:{}", escape_text(name)));
    }
    if !events.is_empty() {
        lines.extend(VTIMEZONE.iter().map(|l| (*l).to_owned()));
    }
    for event in events {
        event_lines(method, event, &mut lines);
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for line in lines {
        out.push_str(&fold(&line));
    }
    out
}

fn event_lines(method: Method, e: &Event, lines: &mut Vec<String>) {
    lines.push("BEGIN:VEVENT".into());
    lines.push(format!("UID:{}", escape_text(&e.uid)));
    lines.push(format!("SEQUENCE:{}", e.sequence));
    lines.push(format!("DTSTAMP:{}", utc_stamp(e.stamp)));
    lines.push(format!("DTSTART;TZID={TZID}:{}", local_stamp(e.start)));
    lines.push(format!("DTEND;TZID={TZID}:{}", local_stamp(e.end)));
    lines.push(format!("SUMMARY:{}", escape_text(&e.summary)));
    if !e.description.trim().is_empty() {
        lines.push(format!("DESCRIPTION:{}", escape_text(&e.description)));
    }
    if let Some(location) = e.location.as_deref().filter(|l| !l.trim().is_empty()) {
        lines.push(format!("LOCATION:{}", escape_text(location)));
    }
    if let Some(url) = e.url.as_deref().filter(|u| !u.trim().is_empty()) {
        lines.push(format!("URL:{}", url.trim()));
    }
    lines.push(format!(
        "ORGANIZER;CN={}:mailto:{}",
        param_value(&e.organizer.name),
        e.organizer.email
    ));
    let partstat = if method == Method::Publish {
        "ACCEPTED"
    } else {
        "NEEDS-ACTION"
    };
    for a in &e.attendees {
        lines.push(format!(
            "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;PARTSTAT={partstat};RSVP=FALSE:mailto:{}",
            param_value(&a.name),
            a.email
        ));
    }
    let status = if e.cancelled || method == Method::Cancel {
        "CANCELLED"
    } else {
        "CONFIRMED"
    };
    lines.push(format!("STATUS:{status}"));
    lines.push("TRANSP:OPAQUE".into());
    lines.push("END:VEVENT".into());
}

fn utc_stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

fn local_stamp(at: DateTime<Utc>) -> String {
    to_helsinki(at).format("%Y%m%dT%H%M%S").to_string()
}

/// A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value (e.g. `CN`): quoted, with the characters a quoted value cannot hold
/// dropped.
fn param_value(s: &str) -> String {
    let clean: String = s.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    format!("\"{clean}\"")
}

/// One content line, folded (RFC 5545 3.1): at most 75 octets per physical line, breaks
/// only between UTF-8 characters, each continuation starting with a space; CRLF after each.
pub fn fold(line: &str) -> String {
    const LIMIT: usize = 75;
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        let width = c.len_utf8();
        if used + width > LIMIT {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += width;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    pub(super) fn sample(sequence: u32) -> Event {
        Event {
            uid: "workshop-7@lupa.example".into(),
            sequence,
            stamp: at("2026-03-01T10:00:00Z"),
            // The last Sunday of March: 9–12 local is already summer time.
            start: at("2026-03-29T06:00:00Z"),
            end: at("2026-03-29T09:00:00Z"),
            summary: "Kehittämistyöpaja: asiointi, palautteet; seuraavat askeleet".into(),
            description: "Ohjelma:\n1. Tervetuloa\n2. Tulosten läpikäynti \\ keskustelu\n\nTervetuloa! Äänestyksen tulokset käydään läpi yhdessä, ja päätämme jatkosta.".into(),
            location: Some("Kaupungintalo, Pohjoisesplanadi 11–13, Helsinki".into()),
            url: Some("https://lupa.example/panels/asiointi/workshops/7".into()),
            organizer: CalPerson {
                name: "Fasilitaattori \"Fasu\" Virtanen".into(),
                email: "fasu@kunta.example".into(),
            },
            attendees: vec![CalPerson {
                name: "Åsa Öberg".into(),
                email: "asa@kunta.example".into(),
            }],
            cancelled: false,
        }
    }

    #[test]
    fn every_line_ends_in_crlf_and_no_physical_line_exceeds_75_octets() {
        let ics = calendar(Method::Request, None, &[sample(0)]);
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'), "no bare LF");
        assert!(!ics.replace("\r\n", "").contains('\r'), "no bare CR");
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
    }

    #[test]
    fn folding_never_splits_a_utf8_character_and_unfolds_to_the_original() {
        let long = format!("SUMMARY:{}", "ä".repeat(100));
        let folded = fold(&long);
        for physical in folded.trim_end_matches("\r\n").split("\r\n") {
            assert!(physical.len() <= 75);
            assert!(std::str::from_utf8(physical.as_bytes()).is_ok());
        }
        assert_eq!(folded.replace("\r\n ", ""), format!("{long}\r\n"));
        assert_eq!(fold("SHORT:x"), "SHORT:x\r\n");
    }

    #[test]
    fn text_values_escape_what_rfc_5545_reserves() {
        assert_eq!(escape_text("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
    }

    #[test]
    fn an_invitation_has_the_method_the_zone_and_the_required_properties() {
        let ics = calendar(Method::Request, None, &[sample(2)]);
        let unfolded = ics.replace("\r\n ", "");
        for expected in [
            "METHOD:REQUEST",
            "BEGIN:VTIMEZONE\r\nTZID:Europe/Helsinki",
            "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
            "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
            "UID:workshop-7@lupa.example",
            "SEQUENCE:2",
            "DTSTAMP:20260301T100000Z",
            "DTSTART;TZID=Europe/Helsinki:20260329T090000",
            "DTEND;TZID=Europe/Helsinki:20260329T120000",
            "ORGANIZER;CN=\"Fasilitaattori Fasu Virtanen\":mailto:fasu@kunta.example",
            "ATTENDEE;CN=\"Åsa Öberg\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:asa@kunta.example",
            "LOCATION:Kaupungintalo\\, Pohjoisesplanadi 11–13\\, Helsinki",
            "URL:https://lupa.example/panels/asiointi/workshops/7",
            "STATUS:CONFIRMED",
        ] {
            assert!(
                unfolded.contains(expected),
                "missing {expected:?} in\n{unfolded}"
            );
        }
    }

    #[test]
    fn a_cancellation_keeps_the_uid_and_says_cancelled() {
        let ics = calendar(Method::Cancel, None, &[sample(3)]);
        assert!(ics.contains("METHOD:CANCEL\r\n"));
        assert!(ics.contains("UID:workshop-7@lupa.example\r\n"));
        assert!(ics.contains("SEQUENCE:3\r\n"));
        assert!(ics.contains("STATUS:CANCELLED\r\n"));
    }

    #[test]
    fn an_autumn_event_is_written_in_winter_time() {
        let mut e = sample(0);
        // 25 October 2026, the last Sunday of October, 10–12 local = 08:00–10:00 UTC.
        e.start = at("2026-10-25T08:00:00Z");
        e.end = at("2026-10-25T10:00:00Z");
        let ics = calendar(Method::Publish, Some("Paneeli"), &[e]);
        assert!(ics.contains("DTSTART;TZID=Europe/Helsinki:20261025T100000\r\n"));
        assert!(ics.contains("X-WR-CALNAME:Paneeli\r\n"));
    }

    /// Parse the files with Python's `icalendar` and `ics` packages, independent readers.
    /// Skipped (with a note) when they are missing, unless `TEST_REQUIRE_PYTHON=1` (CI).
    #[test]
    fn python_icalendar_and_ics_read_our_files_with_the_right_times() {
        let dir = std::env::temp_dir().join(format!("lupa-ics-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let request = dir.join("request.ics");
        let cancel = dir.join("cancel.ics");
        std::fs::write(&request, calendar(Method::Request, None, &[sample(1)])).unwrap();
        std::fs::write(&cancel, calendar(Method::Cancel, None, &[sample(2)])).unwrap();
        let script = r#"
import sys, icalendar, ics
from datetime import datetime, timezone
req = open(sys.argv[1], 'rb').read()
cal = icalendar.Calendar.from_ical(req)
assert str(cal['METHOD']) == 'REQUEST', cal['METHOD']
ev = [c for c in cal.walk('VEVENT')][0]
assert str(ev['UID']) == 'workshop-7@lupa.example'
assert int(ev['SEQUENCE']) == 1
start = ev.decoded('DTSTART')
assert start.astimezone(timezone.utc) == datetime(2026, 3, 29, 6, 0, tzinfo=timezone.utc), start
assert str(ev['LOCATION']) == 'Kaupungintalo, Pohjoisesplanadi 11–13, Helsinki'
assert 'Tulosten läpikäynti \\ keskustelu' in str(ev['DESCRIPTION'])
assert [c for c in cal.walk('VTIMEZONE')][0]['TZID'] == 'Europe/Helsinki'
parsed = ics.Calendar(req.decode('utf-8'))
e = list(parsed.events)[0]
assert e.uid == 'workshop-7@lupa.example'
assert e.begin.to('UTC').datetime.replace(tzinfo=None) == datetime(2026, 3, 29, 6, 0), e.begin
assert e.end.to('UTC').datetime.replace(tzinfo=None) == datetime(2026, 3, 29, 9, 0), e.end
assert e.location == 'Kaupungintalo, Pohjoisesplanadi 11–13, Helsinki', e.location
c = icalendar.Calendar.from_ical(open(sys.argv[2], 'rb').read())
assert str(c['METHOD']) == 'CANCEL'
cev = [x for x in c.walk('VEVENT')][0]
assert str(cev['STATUS']) == 'CANCELLED' and int(cev['SEQUENCE']) == 2
print('OK')
"#;
        let output = std::process::Command::new("python3")
            .arg("-c")
            .arg(script)
            .arg(&request)
            .arg(&cancel)
            .output();
        let _ = std::fs::remove_dir_all(&dir);
        let required = std::env::var("TEST_REQUIRE_PYTHON").is_ok_and(|v| v == "1");
        let output = match output {
            Ok(o) => o,
            Err(e) => {
                assert!(
                    !required,
                    "TEST_REQUIRE_PYTHON=1 but python3 is missing: {e}"
                );
                eprintln!("skipped: python3 missing");
                return;
            }
        };
        let stderr = String::from_utf8_lossy(&output.stderr);
        if stderr.contains("ModuleNotFoundError") {
            assert!(!required, "TEST_REQUIRE_PYTHON=1 but: {stderr}");
            eprintln!("skipped: `pip install icalendar ics` to run this test");
            return;
        }
        assert!(
            output.status.success(),
            "Python rejected our iCalendar:\n{stderr}"
        );
        assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "OK");
    }
}
