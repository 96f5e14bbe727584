//! Sprig's date functions over a Go-like `time.Time` ([`Time`]).
//!
//! Layouts are Go's (`2006-01-02T15:04:05Z07:00`, `Jan _2`, `.000`, `PM`, ...).
//! Plumb renders offline and deterministically enough for checks: the local zone
//! is UTC, and `dateInZone`/`htmlDateInZone` can only resolve `UTC`, `Local` and
//! `""` (Go loads the IANA database; any other zone falls back to UTC here, which
//! is also what Sprig does for a zone it cannot load).

use std::rc::Rc;

use super::util::{arity, f, s, to_i64};
use crate::value::{FuncMap, FuncResult, Object, Value};

const NANOS: i64 = 1_000_000_000;

/// A point in time with a fixed zone (Go's `time.Time`).
#[derive(Clone, Debug, PartialEq)]
pub struct Time {
    /// Seconds since the Unix epoch.
    pub secs: i64,
    pub nanos: u32,
    /// Zone offset east of UTC, in seconds.
    pub offset: i32,
    pub zone: String,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// Days since 1970-01-01 to (year, month 1-12, day 1-31).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// (year, month, day) to days since 1970-01-01 (months and days may overflow).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = y + (m - 1).div_euclid(12);
    let m = (m - 1).rem_euclid(12) + 1;
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl Time {
    /// The current time, in UTC.
    pub fn now() -> Time {
        let d = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        Time {
            secs: d.as_secs() as i64,
            nanos: d.subsec_nanos(),
            offset: 0,
            zone: "UTC".into(),
        }
    }

    /// `time.Unix(secs, 0)` in UTC.
    pub fn unix(secs: i64) -> Time {
        Time {
            secs,
            nanos: 0,
            offset: 0,
            zone: "UTC".into(),
        }
    }

    fn local_secs(&self) -> i64 {
        self.secs + self.offset as i64
    }

    /// (year, month, day, hour, minute, second, weekday 0=Sunday, yday 1-based).
    fn parts(&self) -> (i64, u32, u32, u32, u32, u32, usize, u32) {
        let ls = self.local_secs();
        let days = ls.div_euclid(86_400);
        let sod = ls.rem_euclid(86_400);
        let (y, m, d) = civil(days);
        let wd = (days + 4).rem_euclid(7) as usize;
        let yday = (days - days_from_civil(y, 1, 1) + 1) as u32;
        (
            y,
            m,
            d,
            (sod / 3600) as u32,
            (sod % 3600 / 60) as u32,
            (sod % 60) as u32,
            wd,
            yday,
        )
    }

    fn add_nanos(&self, d: i128) -> Time {
        let total = self.secs as i128 * NANOS as i128 + self.nanos as i128 + d;
        Time {
            secs: total.div_euclid(NANOS as i128) as i64,
            nanos: total.rem_euclid(NANOS as i128) as u32,
            offset: self.offset,
            zone: self.zone.clone(),
        }
    }

    fn nanos_since_epoch(&self) -> i128 {
        self.secs as i128 * NANOS as i128 + self.nanos as i128
    }

    /// Go's `Time.Format`.
    pub fn format(&self, layout: &str) -> String {
        let (y, mo, d, h, mi, sec, wd, yday) = self.parts();
        let mut out = String::new();
        let mut rest = layout;
        while !rest.is_empty() {
            let (tok, len) = next_token(rest);
            match tok {
                Tok::Lit => {
                    let c = rest.chars().next().unwrap_or(' ');
                    out.push(c);
                    rest = &rest[c.len_utf8()..];
                    continue;
                }
                Tok::LongMonth => out.push_str(MONTHS[mo as usize - 1]),
                Tok::Month => out.push_str(&MONTHS[mo as usize - 1][..3]),
                Tok::NumMonth => out.push_str(&mo.to_string()),
                Tok::ZeroMonth => out.push_str(&format!("{mo:02}")),
                Tok::LongWeekDay => out.push_str(DAYS[wd]),
                Tok::WeekDay => out.push_str(&DAYS[wd][..3]),
                Tok::Day => out.push_str(&d.to_string()),
                Tok::UnderDay => out.push_str(&format!("{d:>2}")),
                Tok::ZeroDay => out.push_str(&format!("{d:02}")),
                Tok::UnderYearDay => out.push_str(&format!("{yday:>3}")),
                Tok::ZeroYearDay => out.push_str(&format!("{yday:03}")),
                Tok::Hour => out.push_str(&format!("{h:02}")),
                Tok::Hour12 => out.push_str(&(if h % 12 == 0 { 12 } else { h % 12 }).to_string()),
                Tok::ZeroHour12 => {
                    out.push_str(&format!("{:02}", if h % 12 == 0 { 12 } else { h % 12 }))
                }
                Tok::Minute => out.push_str(&mi.to_string()),
                Tok::ZeroMinute => out.push_str(&format!("{mi:02}")),
                Tok::Second => out.push_str(&sec.to_string()),
                Tok::ZeroSecond => out.push_str(&format!("{sec:02}")),
                Tok::LongYear => out.push_str(&format!("{y:04}")),
                Tok::Year => out.push_str(&format!("{:02}", y.rem_euclid(100))),
                Tok::PM => out.push_str(if h >= 12 { "PM" } else { "AM" }),
                Tok::Pm => out.push_str(if h >= 12 { "pm" } else { "am" }),
                Tok::TZ => {
                    if self.zone.is_empty() {
                        out.push_str(&offset_text(self.offset, false, true, false));
                    } else {
                        out.push_str(&self.zone);
                    }
                }
                Tok::Offset {
                    z,
                    colon,
                    secs,
                    hours_only,
                } => {
                    if z && self.offset == 0 {
                        out.push('Z');
                    } else if hours_only {
                        let o = self.offset;
                        out.push(if o < 0 { '-' } else { '+' });
                        out.push_str(&format!("{:02}", o.abs() / 3600));
                    } else {
                        out.push_str(&offset_text(self.offset, colon, true, secs));
                    }
                }
                Tok::Frac { digits, trim, sep } => {
                    let frac = format!("{:09}", self.nanos);
                    let mut fr = frac[..digits].to_string();
                    if trim {
                        while fr.ends_with('0') {
                            fr.pop();
                        }
                        if !fr.is_empty() {
                            out.push(sep);
                            out.push_str(&fr);
                        }
                    } else {
                        out.push(sep);
                        out.push_str(&fr);
                    }
                }
            }
            rest = &rest[len..];
        }
        out
    }
}

fn offset_text(off: i32, colon: bool, _min: bool, secs: bool) -> String {
    let sign = if off < 0 { '-' } else { '+' };
    let o = off.abs();
    let (h, m, s) = (o / 3600, o % 3600 / 60, o % 60);
    let sep = if colon { ":" } else { "" };
    let mut t = format!("{sign}{h:02}{sep}{m:02}");
    if secs {
        t.push_str(&format!("{sep}{s:02}"));
    }
    t
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    Lit,
    LongMonth,
    Month,
    NumMonth,
    ZeroMonth,
    LongWeekDay,
    WeekDay,
    Day,
    UnderDay,
    ZeroDay,
    UnderYearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    PM,
    Pm,
    TZ,
    Offset {
        z: bool,
        colon: bool,
        secs: bool,
        hours_only: bool,
    },
    Frac {
        digits: usize,
        trim: bool,
        sep: char,
    },
}

/// Go's `nextStdChunk`, for the chunk at the start of `l`.
fn next_token(l: &str) -> (Tok, usize) {
    let starts = |p: &str| l.starts_with(p);
    let b = l.as_bytes();
    match b[0] {
        b'J' if starts("January") => (Tok::LongMonth, 7),
        b'J' if starts("Jan") => (Tok::Month, 3),
        b'M' if starts("Monday") => (Tok::LongWeekDay, 6),
        b'M' if starts("Mon") => (Tok::WeekDay, 3),
        b'M' if starts("MST") => (Tok::TZ, 3),
        b'0' if starts("002") => (Tok::ZeroYearDay, 3),
        b'0' if b.len() > 1 && (b'1'..=b'6').contains(&b[1]) => (
            match b[1] {
                b'1' => Tok::ZeroMonth,
                b'2' => Tok::ZeroDay,
                b'3' => Tok::ZeroHour12,
                b'4' => Tok::ZeroMinute,
                b'5' => Tok::ZeroSecond,
                _ => Tok::Year,
            },
            2,
        ),
        b'1' if starts("15") => (Tok::Hour, 2),
        b'1' => (Tok::NumMonth, 1),
        b'2' if starts("2006") => (Tok::LongYear, 4),
        b'2' => (Tok::Day, 1),
        b'_' if starts("_2006") => (Tok::Lit, 1),
        b'_' if starts("__2") => (Tok::UnderYearDay, 3),
        b'_' if starts("_2") => (Tok::UnderDay, 2),
        b'3' => (Tok::Hour12, 1),
        b'4' => (Tok::Minute, 1),
        b'5' => (Tok::Second, 1),
        b'P' if starts("PM") => (Tok::PM, 2),
        b'p' if starts("pm") => (Tok::Pm, 2),
        b'-' | b'Z' => {
            let z = b[0] == b'Z';
            let rest = &l[1..];
            for (pat, colon, secs, hours_only) in [
                ("070000", false, true, false),
                ("07:00:00", true, true, false),
                ("0700", false, false, false),
                ("07:00", true, false, false),
                ("07", false, false, true),
            ] {
                if rest.starts_with(pat) {
                    return (
                        Tok::Offset {
                            z,
                            colon,
                            secs,
                            hours_only,
                        },
                        1 + pat.len(),
                    );
                }
            }
            (Tok::Lit, 1)
        }
        c @ (b'.' | b',') if b.len() > 1 && (b[1] == b'0' || b[1] == b'9') => {
            let d = b[1];
            let mut k = 1;
            while k < b.len() && b[k] == d {
                k += 1;
            }
            if k < b.len() && b[k].is_ascii_digit() {
                return (Tok::Lit, 1);
            }
            (
                Tok::Frac {
                    digits: (k - 1).min(9),
                    trim: d == b'9',
                    sep: c as char,
                },
                k,
            )
        }
        _ => (Tok::Lit, 1),
    }
}

/// Go's `time.Parse` for the layouts charts use; the zone defaults to UTC.
pub fn parse(layout: &str, value: &str) -> Result<Time, String> {
    let (mut y, mut mo, mut d, mut h, mut mi, mut sec, mut nanos) =
        (1i64, 1i64, 1i64, 0i64, 0i64, 0i64, 0u32);
    let mut pm: Option<bool> = None;
    let mut offset: Option<i32> = None;
    let mut zone = String::new();
    let mut l = layout;
    let mut v = value;
    fn num(v: &mut &str, min: usize, max: usize) -> Option<i64> {
        let n = v.bytes().take(max).take_while(u8::is_ascii_digit).count();
        if n < min {
            return None;
        }
        let x = v[..n].parse().ok()?;
        *v = &v[n..];
        Some(x)
    }
    while !l.is_empty() {
        let (tok, len) = next_token(l);
        let cur_v = v;
        let elem: &str = if tok == Tok::Lit {
            &l[..l.chars().next().map_or(0, char::len_utf8)]
        } else {
            &l[..len]
        };
        let err =
            || format!("parsing time {value:?} as {layout:?}: cannot parse {cur_v:?} as {elem:?}");
        if tok == Tok::Lit {
            let c = l.chars().next().unwrap_or(' ');
            if !v.starts_with(c) {
                return Err(err());
            }
            l = &l[c.len_utf8()..];
            v = &v[c.len_utf8()..];
            continue;
        }
        l = &l[len..];
        match tok {
            Tok::LongYear => y = num(&mut v, 4, 4).ok_or_else(err)?,
            Tok::Year => {
                let yy = num(&mut v, 2, 2).ok_or_else(err)?;
                y = if yy >= 69 { 1900 + yy } else { 2000 + yy };
            }
            Tok::ZeroMonth => mo = num(&mut v, 2, 2).ok_or_else(err)?,
            Tok::NumMonth => mo = num(&mut v, 1, 2).ok_or_else(err)?,
            Tok::LongMonth | Tok::Month => {
                let k = MONTHS
                    .iter()
                    .position(|m| {
                        let m = if tok == Tok::Month { &m[..3] } else { m };
                        v.len() >= m.len() && v[..m.len()].eq_ignore_ascii_case(m)
                    })
                    .ok_or_else(err)?;
                v = &v[if tok == Tok::Month {
                    3
                } else {
                    MONTHS[k].len()
                }..];
                mo = k as i64 + 1;
            }
            Tok::LongWeekDay | Tok::WeekDay => {
                let k = DAYS
                    .iter()
                    .position(|m| {
                        let m = if tok == Tok::WeekDay { &m[..3] } else { m };
                        v.len() >= m.len() && v[..m.len()].eq_ignore_ascii_case(m)
                    })
                    .ok_or_else(err)?;
                v = &v[if tok == Tok::WeekDay {
                    3
                } else {
                    DAYS[k].len()
                }..];
            }
            Tok::ZeroDay => d = num(&mut v, 2, 2).ok_or_else(err)?,
            Tok::Day => d = num(&mut v, 1, 2).ok_or_else(err)?,
            Tok::UnderDay => {
                v = v.strip_prefix(' ').unwrap_or(v);
                d = num(&mut v, 1, 2).ok_or_else(err)?;
            }
            Tok::ZeroYearDay | Tok::UnderYearDay => {
                v = v.trim_start_matches(' ');
                num(&mut v, 1, 3).ok_or_else(err)?;
            }
            Tok::Hour => h = num(&mut v, 2, 2).ok_or_else(err)?,
            Tok::Hour12 => h = num(&mut v, 1, 2).ok_or_else(err)?,
            Tok::ZeroHour12 => h = num(&mut v, 2, 2).ok_or_else(err)?,
            Tok::Minute => mi = num(&mut v, 1, 2).ok_or_else(err)?,
            Tok::ZeroMinute => mi = num(&mut v, 2, 2).ok_or_else(err)?,
            Tok::Second | Tok::ZeroSecond => {
                sec = num(&mut v, if tok == Tok::Second { 1 } else { 2 }, 2).ok_or_else(err)?;
                // Go accepts a fractional second after the seconds even when the
                // layout has none.
                if v.starts_with('.') && !l.starts_with('.') {
                    let n = v[1..].bytes().take_while(u8::is_ascii_digit).count();
                    if n > 0 {
                        let frac = format!("{:0<9}", &v[1..1 + n.min(9)]);
                        nanos = frac.parse().unwrap_or(0);
                        v = &v[1 + n..];
                    }
                }
            }
            Tok::Frac { digits, trim, .. } => {
                if !v.starts_with(['.', ',']) {
                    if trim {
                        continue;
                    }
                    return Err(err());
                }
                let n = v[1..].bytes().take_while(u8::is_ascii_digit).count();
                if !trim && n != digits {
                    return Err(err());
                }
                let frac = format!("{:0<9}", &v[1..1 + n.min(9)]);
                nanos = frac.parse().unwrap_or(0);
                v = &v[1 + n..];
            }
            Tok::PM | Tok::Pm => {
                let t = v.get(..2).ok_or_else(err)?.to_ascii_uppercase();
                pm = Some(match t.as_str() {
                    "PM" => true,
                    "AM" => false,
                    _ => return Err(err()),
                });
                v = &v[2..];
            }
            Tok::TZ => {
                let n = v.bytes().take_while(u8::is_ascii_uppercase).count();
                if n < 3 {
                    return Err(err());
                }
                zone = v[..n].to_string();
                if zone == "UTC" || zone == "GMT" {
                    offset = Some(0);
                }
                v = &v[n..];
            }
            Tok::Offset {
                z,
                colon,
                secs,
                hours_only,
            } => {
                if z && v.starts_with('Z') {
                    v = &v[1..];
                    offset = Some(0);
                    continue;
                }
                let sign = match v.as_bytes().first() {
                    Some(b'+') => 1,
                    Some(b'-') => -1,
                    _ => return Err(err()),
                };
                v = &v[1..];
                let hh = num(&mut v, 2, 2).ok_or_else(err)?;
                let mut mm = 0;
                let mut ss = 0;
                if !hours_only {
                    if colon {
                        v = v.strip_prefix(':').ok_or_else(err)?;
                    }
                    mm = num(&mut v, 2, 2).ok_or_else(err)?;
                    if secs {
                        if colon {
                            v = v.strip_prefix(':').ok_or_else(err)?;
                        }
                        ss = num(&mut v, 2, 2).ok_or_else(err)?;
                    }
                }
                offset = Some(sign * (hh * 3600 + mm * 60 + ss) as i32);
            }
            Tok::Lit => {}
        }
    }
    if !v.is_empty() {
        return Err(format!("parsing time {:?}: extra text: {:?}", value, v));
    }
    if let Some(p) = pm {
        if h > 12 {
            return Err(format!("parsing time {value:?}: hour out of range"));
        }
        if p && h < 12 {
            h += 12;
        } else if !p && h == 12 {
            h = 0;
        }
    }
    if !(1..=12).contains(&mo)
        || d < 1
        || d > super::yaml::days_in_month(y.max(0) as u32, mo as u32) as i64
        || h > 23
        || mi > 59
        || sec > 59
    {
        return Err(format!("parsing time {value:?}: day out of range"));
    }
    let off = offset.unwrap_or(0);
    if off == 0 && zone.is_empty() {
        zone = "UTC".into();
    }
    let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec - off as i64;
    Ok(Time {
        secs,
        nanos,
        offset: off,
        zone,
    })
}

/// Go's `Duration.String`.
pub fn duration_string(d: i128) -> String {
    if d == 0 {
        return "0s".into();
    }
    let neg = d < 0;
    let u = d.unsigned_abs();
    let mut out = String::new();
    if u < NANOS as u128 {
        let (unit, div) = if u < 1_000 {
            ("ns", 1u128)
        } else if u < 1_000_000 {
            ("µs", 1_000)
        } else {
            ("ms", 1_000_000)
        };
        out.push_str(&frac_text(u, div));
        out.push_str(unit);
    } else {
        let h = u / (3600 * NANOS as u128);
        let rem = u % (3600 * NANOS as u128);
        let m = rem / (60 * NANOS as u128);
        let s = rem % (60 * NANOS as u128);
        if h > 0 {
            out.push_str(&format!("{h}h{m}m"));
        } else if m > 0 {
            out.push_str(&format!("{m}m"));
        }
        out.push_str(&frac_text(s, NANOS as u128));
        out.push('s');
    }
    if neg {
        format!("-{out}")
    } else {
        out
    }
}

fn frac_text(v: u128, div: u128) -> String {
    let ip = v / div;
    let fp = v % div;
    if fp == 0 {
        return ip.to_string();
    }
    let width = (div as f64).log10().round() as usize;
    let mut f = format!("{fp:0width$}");
    while f.ends_with('0') {
        f.pop();
    }
    format!("{ip}.{f}")
}

/// Go's `time.ParseDuration`, in nanoseconds.
pub fn parse_duration(s: &str) -> Result<i128, String> {
    let err = || format!("time: invalid duration {s:?}");
    let (neg, mut t) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if t == "0" {
        return Ok(0);
    }
    if t.is_empty() {
        return Err(err());
    }
    let mut total: f64 = 0.0;
    while !t.is_empty() {
        let n = t
            .bytes()
            .take_while(|c| c.is_ascii_digit() || *c == b'.')
            .count();
        if n == 0 {
            return Err(err());
        }
        let x: f64 = t[..n].parse().map_err(|_| err())?;
        t = &t[n..];
        let u = t
            .bytes()
            .take_while(|c| !c.is_ascii_digit() && *c != b'.')
            .count();
        let unit = &t[..u];
        t = &t[u..];
        let mult = match unit {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            "" => return Err(format!("time: missing unit in duration {s:?}")),
            _ => return Err(format!("time: unknown unit {unit:?} in duration {s:?}")),
        };
        total += x * mult;
    }
    let v = total.round() as i128;
    Ok(if neg { -v } else { v })
}

impl Object for Time {
    fn type_name(&self) -> String {
        "time.Time".into()
    }
    fn field(&self, name: &str) -> Option<Value> {
        self.call(name, &[]).and_then(Result::ok)
    }
    fn call(&self, name: &str, args: &[Value]) -> Option<FuncResult> {
        let (y, mo, d, h, mi, sec, wd, yday) = self.parts();
        Some(Ok(match name {
            "Unix" => Value::Int(self.secs),
            "UnixNano" => Value::Int(self.nanos_since_epoch() as i64),
            "UnixMilli" => Value::Int((self.nanos_since_epoch() / 1_000_000) as i64),
            "Year" => Value::Int(y),
            "Month" => Value::str(MONTHS[mo as usize - 1]),
            "Day" => Value::Int(d as i64),
            "Hour" => Value::Int(h as i64),
            "Minute" => Value::Int(mi as i64),
            "Second" => Value::Int(sec as i64),
            "Nanosecond" => Value::Int(self.nanos as i64),
            "Weekday" => Value::str(DAYS[wd]),
            "YearDay" => Value::Int(yday as i64),
            "String" => Value::from(self.display()),
            "IsZero" => Value::Bool(self.secs == -62_135_596_800 && self.nanos == 0),
            "UTC" | "Local" => Value::Object(Rc::new(Time {
                offset: 0,
                zone: "UTC".into(),
                ..self.clone()
            })),
            "Format" => match args.first() {
                Some(Value::Str(l)) => Value::from(self.format(l)),
                _ => return Some(Err("wrong number of args for Format: want 1 got 0".into())),
            },
            "Add" => Value::Object(Rc::new(
                self.add_nanos(args.first().map_or(0, to_i64) as i128),
            )),
            "AddDate" => {
                let g = |k: usize| args.get(k).map_or(0, to_i64);
                let ls = self.local_secs();
                let days = days_from_civil(y + g(0), mo as i64 + g(1), d as i64 + g(2));
                let secs = days * 86_400 + ls.rem_euclid(86_400) - self.offset as i64;
                Value::Object(Rc::new(Time {
                    secs,
                    ..self.clone()
                }))
            }
            "Sub" => match args.first().and_then(as_time) {
                Some(t) => Value::Int((self.nanos_since_epoch() - t.nanos_since_epoch()) as i64),
                None => return Some(Err("wrong type for value; expected time.Time".into())),
            },
            _ => return None,
        }))
    }
    fn display(&self) -> String {
        self.format("2006-01-02 15:04:05.999999999 -0700 MST")
    }
    fn to_data(&self) -> Value {
        Value::from(self.format("2006-01-02T15:04:05.999999999Z07:00"))
    }
}

/// A `time.Time` argument, or `None`.
fn as_time(v: &Value) -> Option<Time> {
    match v {
        Value::Object(o) if o.type_name() == "time.Time" => match o.to_data() {
            Value::Str(t) => parse("2006-01-02T15:04:05.999999999Z07:00", &t).ok(),
            _ => None,
        },
        _ => None,
    }
}

fn in_zone(t: Time, zone: &str) -> Time {
    let _ = zone;
    Time {
        offset: 0,
        zone: "UTC".into(),
        ..t
    }
}

/// Sprig's `dateInZone`: a time, or Unix seconds; anything else means now.
fn date_in_zone(layout: &str, date: &Value, zone: &str) -> String {
    let t = match date {
        Value::Int(i) => Time::unix(*i),
        other => as_time(other).unwrap_or_else(Time::now),
    };
    in_zone(t, zone).format(layout)
}

fn time_value(t: Time) -> Value {
    Value::Object(Rc::new(t))
}

fn want_time(v: &Value) -> Result<Time, String> {
    as_time(v).ok_or_else(|| {
        format!(
            "wrong type for value; expected time.Time; got {}",
            super::util::go_type(v)
        )
    })
}

/// Registers the date functions.
pub fn register(m: &mut FuncMap) {
    m.insert(
        "now".into(),
        f(|a| {
            arity("now", a, 0)?;
            Ok(time_value(Time::now()))
        }),
    );
    m.insert(
        "date".into(),
        f(|a| {
            arity("date", a, 2)?;
            Ok(Value::from(date_in_zone(&s(&a[0])?, &a[1], "Local")))
        }),
    );
    for name in ["dateInZone", "date_in_zone"] {
        m.insert(
            name.into(),
            f(move |a| {
                arity(name, a, 3)?;
                Ok(Value::from(date_in_zone(&s(&a[0])?, &a[1], &s(&a[2])?)))
            }),
        );
    }
    m.insert(
        "htmlDate".into(),
        f(|a| {
            arity("htmlDate", a, 1)?;
            Ok(Value::from(date_in_zone("2006-01-02", &a[0], "Local")))
        }),
    );
    m.insert(
        "htmlDateInZone".into(),
        f(|a| {
            arity("htmlDateInZone", a, 2)?;
            Ok(Value::from(date_in_zone("2006-01-02", &a[0], &s(&a[1])?)))
        }),
    );
    for (name, must) in [
        ("dateModify", false),
        ("date_modify", false),
        ("mustDateModify", true),
        ("must_date_modify", true),
    ] {
        m.insert(
            name.into(),
            f(move |a| {
                arity(name, a, 2)?;
                let t = want_time(&a[1])?;
                match parse_duration(&s(&a[0])?) {
                    Ok(d) => Ok(time_value(t.add_nanos(d))),
                    Err(e) if must => Err(e),
                    Err(_) => Ok(time_value(t)),
                }
            }),
        );
    }
    m.insert(
        "ago".into(),
        f(|a| {
            arity("ago", a, 1)?;
            let t = match &a[0] {
                Value::Int(i) => Time::unix(*i),
                other => as_time(other).unwrap_or_else(Time::now),
            };
            let d = Time::now().nanos_since_epoch() - t.nanos_since_epoch();
            let rounded = (d + d.signum() * NANOS as i128 / 2) / NANOS as i128 * NANOS as i128;
            Ok(Value::from(duration_string(rounded)))
        }),
    );
    for (name, must) in [("toDate", false), ("mustToDate", true)] {
        m.insert(
            name.into(),
            f(move |a| {
                arity(name, a, 2)?;
                match parse(&s(&a[0])?, &s(&a[1])?) {
                    Ok(t) => Ok(time_value(t)),
                    Err(e) if must => Err(e),
                    Err(_) => Ok(time_value(Time {
                        secs: -62_135_596_800,
                        nanos: 0,
                        offset: 0,
                        zone: "UTC".into(),
                    })),
                }
            }),
        );
    }
    m.insert(
        "unixEpoch".into(),
        f(|a| {
            arity("unixEpoch", a, 1)?;
            Ok(Value::from(want_time(&a[0])?.secs.to_string()))
        }),
    );
    m.insert(
        "duration".into(),
        f(|a| {
            arity("duration", a, 1)?;
            let n: i64 = match &a[0] {
                Value::Str(s) => s.parse().unwrap_or(0),
                Value::Int(i) => *i,
                _ => 0,
            };
            Ok(Value::from(duration_string(n as i128 * NANOS as i128)))
        }),
    );
    m.insert(
        "durationRound".into(),
        f(|a| {
            arity("durationRound", a, 1)?;
            let d: i128 = match &a[0] {
                Value::Str(s) => parse_duration(s).unwrap_or(0),
                Value::Int(i) => *i as i128,
                other => match as_time(other) {
                    Some(t) => Time::now().nanos_since_epoch() - t.nanos_since_epoch(),
                    None => 0,
                },
            };
            let u = d.unsigned_abs();
            let hour = 3600 * NANOS as u128;
            let units = [
                (hour * 24 * 365, "y"),
                (hour * 24 * 30, "mo"),
                (hour * 24, "d"),
                (hour, "h"),
                (60 * NANOS as u128, "m"),
                (NANOS as u128, "s"),
            ];
            for (size, suffix) in units {
                if u > size {
                    return Ok(Value::from(format!("{}{suffix}", u / size)));
                }
            }
            Ok(Value::str("0s"))
        }),
    );
}
