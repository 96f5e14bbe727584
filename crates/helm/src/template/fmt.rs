//! Go's `fmt` formatting of template values: [`sprintf`], [`sprint`], [`sprintln`],
//! and the `strconv` quoting helpers the lexer and parser need.
//!
//! Faithful to Go for the types a template sees: verbs `%v %+v %#v %T %%`, `%t`,
//! `%d %b %o %O %x %X %c %q %U` on integers, `%e %E %f %F %g %G %x %X %b` on
//! floats, `%s %q %x %X` on strings, lists and maps formatted element-wise, the
//! flags `+ - # 0` and space, width and precision (also `*`), and Go's error forms
//! `%!d(string=x)`, `%!v(MISSING)`, `%!(EXTRA string=x)`, `%!(NOVERB)`. Not
//! supported: explicit argument indexes (`%[1]d`) print `%!d(BADINDEX)`, and `%p`
//! (Go prints a pointer address, which has no stable value here) is a bad verb.

use crate::value::{go_float, Value};

/// Go's `strconv.Quote`.
pub fn go_quote(s: &str) -> String {
    quote_with(s, '"', false)
}

/// Go's `unicode.IsPrint` (approximated with Rust's character classes).
pub(crate) fn is_print(c: char) -> bool {
    !(c.is_control()
        || matches!(c, '\u{00ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
        || (c.is_whitespace() && c != ' ')
        || ('\u{e000}'..='\u{f8ff}').contains(&c)
        || ('\u{f0000}'..).contains(&c))
}

fn quote_with(s: &str, q: char, ascii_only: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        if c == q || c == '\\' {
            out.push('\\');
            out.push(c);
            continue;
        }
        if (ascii_only && c.is_ascii() && is_print(c)) || (!ascii_only && is_print(c)) {
            out.push(c);
            continue;
        }
        match c {
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(q);
    out
}

/// Go's `%#U` of a rune: `U+0041 'A'`.
pub fn go_unicode(c: char) -> String {
    if is_print(c) {
        format!("U+{:04X} '{c}'", c as u32)
    } else {
        format!("U+{:04X}", c as u32)
    }
}

/// Go's `strconv.UnquoteChar`: one (possibly escaped) character from the start of
/// `s`, and the rest.
pub fn unquote_char(s: &str, quote: char) -> Result<(char, &str), String> {
    let syntax = || "invalid syntax".to_string();
    let mut it = s.chars();
    let c = it.next().ok_or_else(syntax)?;
    if c == quote && (quote == '\'' || quote == '"') {
        return Err(syntax());
    }
    if c != '\\' {
        return Ok((c, it.as_str()));
    }
    let e = it.next().ok_or_else(syntax)?;
    let rest = it.as_str();
    let simple = match e {
        'a' => Some('\u{7}'),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        'v' => Some('\u{b}'),
        '\\' => Some('\\'),
        '\'' | '"' => {
            if e != quote {
                return Err(syntax());
            }
            Some(e)
        }
        _ => None,
    };
    if let Some(c) = simple {
        return Ok((c, rest));
    }
    match e {
        'x' | 'u' | 'U' => {
            let n = match e {
                'x' => 2,
                'u' => 4,
                _ => 8,
            };
            let digits = rest.get(..n).ok_or_else(syntax)?;
            let v = u32::from_str_radix(digits, 16).map_err(|_| syntax())?;
            if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(syntax());
            }
            if e == 'x' {
                // A byte; only valid as a char when ASCII-range in our UTF-8 strings.
                let c = char::from_u32(v).ok_or_else(syntax)?;
                return Ok((c, &rest[n..]));
            }
            let c = char::from_u32(v).ok_or_else(syntax)?;
            Ok((c, &rest[n..]))
        }
        '0'..='7' => {
            let digits = format!("{e}{}", rest.get(..2).ok_or_else(syntax)?);
            if !digits.chars().all(|c| ('0'..='7').contains(&c)) {
                return Err(syntax());
            }
            let v = u32::from_str_radix(&digits, 8).map_err(|_| syntax())?;
            if v > 255 {
                return Err(syntax());
            }
            Ok((char::from_u32(v).ok_or_else(syntax)?, &rest[2..]))
        }
        _ => Err(syntax()),
    }
}

/// Go's `strconv.Unquote` for `"..."`, `` `...` `` and `'...'`.
pub fn go_unquote(s: &str) -> Result<String, String> {
    let syntax = || "invalid syntax".to_string();
    let q = s.chars().next().ok_or_else(syntax)?;
    if s.len() < 2 || !s.ends_with(q) {
        return Err(syntax());
    }
    let inner = &s[1..s.len() - 1];
    match q {
        '`' => {
            if inner.contains('`') {
                return Err(syntax());
            }
            Ok(inner.replace('\r', ""))
        }
        '"' | '\'' => {
            let mut out = String::new();
            let mut rest = inner;
            // Go's \x and octal escapes are bytes; collect bytes to rebuild UTF-8.
            let mut bytes: Vec<u8> = Vec::new();
            while !rest.is_empty() {
                if q == '"' && rest.starts_with('\n') {
                    return Err(syntax());
                }
                let is_byte_escape = rest.starts_with("\\x")
                    || (rest.starts_with('\\')
                        && rest[1..].starts_with(|c: char| ('0'..='7').contains(&c)));
                let (c, tail) = unquote_char(rest, q)?;
                if is_byte_escape {
                    bytes.push(c as u32 as u8);
                } else {
                    let mut buf = [0u8; 4];
                    bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                rest = tail;
            }
            out.push_str(&String::from_utf8_lossy(&bytes));
            if q == '\'' && out.chars().count() != 1 {
                return Err(syntax());
            }
            Ok(out)
        }
        _ => Err(syntax()),
    }
}

/// Go's type name of a value as `%T` prints it.
pub fn type_name(v: &Value) -> String {
    match v {
        Value::Nil => "<nil>".into(),
        Value::Bool(_) => "bool".into(),
        Value::Int(_) => "int".into(),
        Value::Float(_) => "float64".into(),
        Value::Str(_) => "string".into(),
        Value::List(_) => "[]interface {}".into(),
        Value::Map(_) => "map[string]interface {}".into(),
        Value::Object(o) => o.type_name(),
    }
}

#[derive(Clone, Copy, Default)]
struct Flags {
    plus: bool,
    minus: bool,
    sharp: bool,
    zero: bool,
    space: bool,
    width: Option<usize>,
    prec: Option<usize>,
    /// `%+v` / `%#v` (flags consumed by the verb).
    plus_v: bool,
    sharp_v: bool,
}

/// Go's `%v` of one value (as `Value`'s Display, but nesting deeper than
/// [`MAX_PRINT_DEPTH`] prints `...`, so a map that contains itself cannot
/// exhaust the stack).
pub fn sprint_value(v: &Value) -> String {
    let mut out = String::new();
    print_arg(&mut out, v, 'v', &Flags::default(), 0);
    out
}

/// Nesting depth of lists and maps printed in full.
pub const MAX_PRINT_DEPTH: usize = 100;

/// Go's `fmt.Sprint`: operands formatted with `%v`, with a space between two
/// operands when neither is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        let is_str = matches!(a, Value::Str(_));
        if i > 0 && !is_str && !matches!(args[i - 1], Value::Str(_)) {
            out.push(' ');
        }
        print_arg(&mut out, a, 'v', &Flags::default(), 0);
    }
    out
}

/// Go's `fmt.Sprintln`: operands with `%v`, always separated by spaces, and a
/// newline.
pub fn sprintln(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        print_arg(&mut out, a, 'v', &Flags::default(), 0);
    }
    out.push('\n');
    out
}

/// Go's `fmt.Sprintf`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let chars: Vec<char> = format.chars().collect();
    let mut i = 0usize;
    let mut argi = 0usize;
    let mut reordered = false;
    // Go's argNumber: an explicit `[n]` index.
    let arg_number = |i: &mut usize, argi: &mut usize, reordered: &mut bool, good: &mut bool| {
        if chars.get(*i) != Some(&'[') {
            return;
        }
        *reordered = true;
        let start = *i + 1;
        let mut j = start;
        while j < chars.len() && chars[j] != ']' {
            j += 1;
        }
        if j >= chars.len() {
            // No closing bracket: Go treats it as a bad index.
            *good = false;
            *i = chars.len();
            return;
        }
        let digits: String = chars[start..j].iter().collect();
        *i = j + 1;
        match digits.parse::<usize>() {
            Ok(n) if n >= 1 && n <= args.len() => *argi = n - 1,
            _ => *good = false,
        }
    };
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut f = Flags::default();
        while let Some(&c) = chars.get(i) {
            match c {
                '+' => f.plus = true,
                '-' => {
                    f.minus = true;
                    f.zero = false;
                }
                '#' => f.sharp = true,
                '0' => f.zero = !f.minus,
                ' ' => f.space = true,
                _ => break,
            }
            i += 1;
        }
        let mut good = true;
        arg_number(&mut i, &mut argi, &mut reordered, &mut good);
        // width
        if chars.get(i) == Some(&'*') {
            i += 1;
            match args.get(argi) {
                Some(Value::Int(n)) => {
                    argi += 1;
                    if *n < 0 {
                        f.minus = true;
                        f.zero = false;
                    }
                    let n = n.unsigned_abs() as usize;
                    if n > 1_000_000 {
                        out.push_str("%!(BADWIDTH)");
                    } else {
                        f.width = Some(n);
                    }
                }
                _ => {
                    if argi < args.len() {
                        argi += 1;
                    }
                    out.push_str("%!(BADWIDTH)");
                }
            }
        } else {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i > start {
                let w: String = chars[start..i].iter().collect();
                f.width = w.parse().ok().filter(|n: &usize| *n <= 1_000_000);
            }
        }
        // precision
        if chars.get(i) == Some(&'.') {
            i += 1;
            arg_number(&mut i, &mut argi, &mut reordered, &mut good);
            if chars.get(i) == Some(&'*') {
                i += 1;
                match args.get(argi) {
                    Some(Value::Int(n)) => {
                        argi += 1;
                        if *n < 0 {
                            f.prec = None;
                        } else if *n > 1_000_000 {
                            out.push_str("%!(BADPREC)");
                        } else {
                            f.prec = Some(*n as usize);
                        }
                    }
                    _ => {
                        if argi < args.len() {
                            argi += 1;
                        }
                        out.push_str("%!(BADPREC)");
                    }
                }
            } else {
                let start = i;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                let p: String = chars[start..i].iter().collect();
                f.prec = Some(p.parse().unwrap_or(0).min(1_000_000));
            }
        }
        arg_number(&mut i, &mut argi, &mut reordered, &mut good);
        let Some(&verb) = chars.get(i) else {
            out.push_str("%!(NOVERB)");
            break;
        };
        i += 1;
        if verb == '%' {
            out.push('%');
            continue;
        }
        if !good {
            out.push_str(&format!("%!{verb}(BADINDEX)"));
            continue;
        }
        let Some(arg) = args.get(argi) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        argi += 1;
        if verb == 'v' {
            if f.sharp {
                f.sharp = false;
                f.sharp_v = true;
            }
            if f.plus {
                f.plus = false;
                f.plus_v = true;
            }
        }
        if verb == 'T' {
            let t = type_name(arg);
            pad(&mut out, &t, &f);
            continue;
        }
        print_arg(&mut out, arg, verb, &f, 0);
    }
    if !reordered && argi < args.len() {
        out.push_str("%!(EXTRA ");
        for (i, a) in args[argi..].iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            if a.is_nil() {
                out.push_str("<nil>");
            } else {
                out.push_str(&type_name(a));
                out.push('=');
                print_arg(&mut out, a, 'v', &Flags::default(), 0);
            }
        }
        out.push(')');
    }
    out
}

fn pad(out: &mut String, s: &str, f: &Flags) {
    pad_with(out, s, f, f.zero && !f.minus)
}

fn pad_with(out: &mut String, s: &str, f: &Flags, zero: bool) {
    let n = s.chars().count();
    let w = f.width.unwrap_or(0);
    if n >= w {
        out.push_str(s);
        return;
    }
    let fill = w - n;
    if f.minus {
        out.push_str(s);
        out.extend(std::iter::repeat_n(' ', fill));
    } else if zero {
        // Zeros go after a sign.
        let (sign, rest) = if s.starts_with(['+', '-', ' ']) && s.len() > 1 {
            s.split_at(1)
        } else {
            ("", s)
        };
        out.push_str(sign);
        out.extend(std::iter::repeat_n('0', fill));
        out.push_str(rest);
    } else {
        out.extend(std::iter::repeat_n(' ', fill));
        out.push_str(s);
    }
}

fn bad_verb(out: &mut String, arg: &Value, verb: char) {
    out.push_str("%!");
    out.push(verb);
    out.push('(');
    if arg.is_nil() {
        out.push_str("<nil>");
    } else {
        out.push_str(&type_name(arg));
        out.push('=');
        print_arg(out, arg, 'v', &Flags::default(), 0);
    }
    out.push(')');
}

fn print_arg(out: &mut String, arg: &Value, verb: char, f: &Flags, depth: usize) {
    if depth > MAX_PRINT_DEPTH {
        out.push_str("...");
        return;
    }
    match arg {
        Value::Nil if depth > 0 => {
            if f.sharp_v {
                pad(out, "interface {}(nil)", f)
            } else {
                pad(out, "<nil>", f)
            }
        }
        Value::Nil => match verb {
            'v' => {
                if f.sharp_v {
                    pad(out, "interface {}(nil)", f)
                } else {
                    pad(out, "<nil>", f)
                }
            }
            _ => bad_verb(out, arg, verb),
        },
        Value::Bool(b) => match verb {
            't' | 'v' => pad(out, if *b { "true" } else { "false" }, f),
            _ => bad_verb(out, arg, verb),
        },
        Value::Int(i) => fmt_int(out, *i, verb, f, arg),
        Value::Float(x) => fmt_float_verb(out, *x, verb, f, arg),
        Value::Str(s) => fmt_str(out, s, verb, f, arg),
        Value::Object(o) => match verb {
            'v' | 's' => pad(out, &o.display(), f),
            'q' => pad(out, &go_quote(&o.display()), f),
            _ => bad_verb(out, arg, verb),
        },
        Value::List(l) => {
            if f.sharp_v {
                out.push_str("[]interface {}{");
                for (i, v) in l.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    print_arg(out, v, verb, f, depth + 1);
                }
                out.push('}');
                return;
            }
            out.push('[');
            for (i, v) in l.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                print_arg(out, v, verb, f, depth + 1);
            }
            out.push(']');
        }
        Value::Map(m) => {
            let m = m.borrow();
            if f.sharp_v {
                out.push_str("map[string]interface {}{");
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&go_quote(k));
                    out.push(':');
                    print_arg(out, v, verb, f, depth + 1);
                }
                out.push('}');
                return;
            }
            out.push_str("map[");
            for (i, (k, v)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                fmt_str(out, k, verb, f, &Value::str(k));
                out.push(':');
                print_arg(out, v, verb, f, depth + 1);
            }
            out.push(']');
        }
    }
}

fn fmt_str(out: &mut String, s: &str, verb: char, f: &Flags, arg: &Value) {
    let truncated: String;
    let s = match f.prec {
        Some(p) if matches!(verb, 'v' | 's' | 'q' | 'x' | 'X') => {
            truncated = s.chars().take(p).collect();
            truncated.as_str()
        }
        _ => s,
    };
    match verb {
        'v' => {
            if f.sharp_v {
                pad(out, &go_quote(s), f)
            } else {
                pad(out, s, f)
            }
        }
        's' => pad(out, s, f),
        'q' => {
            let q = if f.sharp && !s.contains('`') && s.chars().all(|c| c == '\t' || is_print(c)) {
                format!("`{s}`")
            } else {
                quote_with(s, '"', f.plus)
            };
            pad(out, &q, f)
        }
        'x' | 'X' => {
            let mut h = String::new();
            for (i, b) in s.bytes().enumerate() {
                if i > 0 && f.space {
                    h.push(' ');
                }
                if f.sharp && (i == 0 || f.space) {
                    h.push_str(if verb == 'x' { "0x" } else { "0X" });
                }
                if verb == 'x' {
                    h.push_str(&format!("{b:02x}"));
                } else {
                    h.push_str(&format!("{b:02X}"));
                }
            }
            pad(out, &h, f)
        }
        _ => bad_verb(out, arg, verb),
    }
}

fn fmt_int(out: &mut String, i: i64, verb: char, f: &Flags, arg: &Value) {
    let neg = i < 0;
    let u = i.unsigned_abs();
    let (mut digits, prefix) = match verb {
        'v' | 'd' => (u.to_string(), ""),
        'b' => (format!("{u:b}"), if f.sharp { "0b" } else { "" }),
        'o' => (format!("{u:o}"), if f.sharp && u != 0 { "0" } else { "" }),
        'O' => (format!("{u:o}"), "0o"),
        'x' => (format!("{u:x}"), if f.sharp { "0x" } else { "" }),
        'X' => (format!("{u:X}"), if f.sharp { "0X" } else { "" }),
        'c' => {
            let c = u32::try_from(i)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or('\u{FFFD}');
            return pad(out, &c.to_string(), f);
        }
        'q' => {
            let c = u32::try_from(i)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or('\u{FFFD}');
            let q = if f.sharp && c != '\'' && is_print(c) {
                format!("'{c}'")
            } else {
                quote_with(&c.to_string(), '\'', f.plus)
            };
            return pad(out, &q, f);
        }
        'U' => {
            let mut s = format!("U+{:04X}", i as u64);
            if f.sharp {
                if let Some(c) = u32::try_from(i).ok().and_then(char::from_u32) {
                    if is_print(c) {
                        s.push_str(&format!(" '{c}'"));
                    }
                }
            }
            return pad(out, &s, f);
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 's' | 't' | 'p' => return bad_verb(out, arg, verb),
        _ => return bad_verb(out, arg, verb),
    };
    if f.sharp_v && verb == 'v' {
        // %#v of an int is its decimal form.
    }
    let mut zero = f.zero && !f.minus;
    if let Some(p) = f.prec {
        zero = false;
        if p == 0 && i == 0 {
            digits.clear();
        }
        while digits.len() < p {
            digits.insert(0, '0');
        }
    }
    let sign = if neg {
        "-"
    } else if f.plus {
        "+"
    } else if f.space {
        " "
    } else {
        ""
    };
    if zero {
        if let Some(w) = f.width {
            let used = sign.len() + prefix.len() + digits.len();
            if w > used {
                digits.insert_str(0, &"0".repeat(w - used));
            }
        }
    }
    let s = format!("{sign}{prefix}{digits}");
    pad_with(out, &s, f, false)
}

/// Digits of `x` in Go's `%e` form with `prec` fraction digits (`None`: shortest).
fn fmt_e(x: f64, prec: Option<usize>, upper: bool) -> String {
    let s = match prec {
        Some(p) => format!("{:.*e}", p, x),
        None => format!("{:e}", x),
    };
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let sign = if e < 0 { '-' } else { '+' };
    let ech = if upper { 'E' } else { 'e' };
    format!("{m}{ech}{sign}{:02}", e.abs())
}

/// Go's `strconv.FormatFloat(x, 'g', prec, 64)` (prec None: shortest).
fn fmt_g(x: f64, prec: Option<usize>, upper: bool, sharp: bool) -> String {
    if x == 0.0 {
        let mut s = String::from(if x.is_sign_negative() { "-0" } else { "0" });
        if sharp {
            let p = prec.unwrap_or(6).max(1);
            if p > 1 {
                s.push('.');
                s.push_str(&"0".repeat(p - 1));
            }
        }
        return s;
    }
    let (digits, exp) = {
        let s = match prec {
            Some(p) => format!("{:.*e}", p.max(1) - 1, x.abs()),
            None => format!("{:e}", x.abs()),
        };
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        (m.replace('.', ""), e.parse::<i32>().unwrap_or(0))
    };
    let eprec = match prec {
        None => 6,
        Some(p) => {
            let p = p.max(1) as i32;
            if sharp {
                p
            } else if p > digits.len() as i32 && digits.len() as i32 > exp {
                digits.len() as i32
            } else {
                p
            }
        }
    };
    let mut digits = digits;
    if sharp {
        let want = prec.unwrap_or(6).max(1);
        while digits.len() < want {
            digits.push('0');
        }
    } else if prec.is_some() {
        while digits.len() > 1 && digits.ends_with('0') {
            digits.pop();
        }
    }
    let sign = if x < 0.0 { "-" } else { "" };
    if exp < -4 || exp >= eprec {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() && !sharp {
            String::new()
        } else {
            format!(".{rest}")
        };
        let es = if exp < 0 { '-' } else { '+' };
        let ech = if upper { 'E' } else { 'e' };
        return format!("{sign}{first}{frac}{ech}{es}{:02}", exp.abs());
    }
    if exp < 0 {
        return format!("{sign}0.{}{}", "0".repeat((-exp - 1) as usize), digits);
    }
    let int_len = exp as usize + 1;
    if digits.len() <= int_len {
        let mut s = format!("{sign}{digits}{}", "0".repeat(int_len - digits.len()));
        if sharp {
            s.push('.');
        }
        s
    } else {
        format!("{sign}{}.{}", &digits[..int_len], &digits[int_len..])
    }
}

fn fmt_float_verb(out: &mut String, x: f64, verb: char, f: &Flags, arg: &Value) {
    let body = if x.is_nan() {
        "NaN".to_string()
    } else if x.is_infinite() {
        if x > 0.0 { "+Inf" } else { "-Inf" }.to_string()
    } else {
        match verb {
            'v' => {
                if f.prec.is_some() {
                    fmt_g(x, f.prec, false, f.sharp)
                } else {
                    go_float(x)
                }
            }
            'g' | 'G' => fmt_g(x, f.prec, verb == 'G', f.sharp),
            'e' | 'E' => fmt_e(x, Some(f.prec.unwrap_or(6)), verb == 'E'),
            'f' | 'F' => format!("{:.*}", f.prec.unwrap_or(6), x),
            'x' | 'X' => fmt_hex_float(x, f.prec, verb == 'X'),
            'b' => fmt_bin_float(x),
            _ => return bad_verb(out, arg, verb),
        }
    };
    let mut s = body;
    if x.is_infinite() && !f.plus {
        if x > 0.0 {
            s = if f.space { " Inf".into() } else { "Inf".into() };
        }
    } else if !s.starts_with('-') {
        if f.plus {
            s.insert(0, '+');
        } else if f.space {
            s.insert(0, ' ');
        }
    }
    if f.sharp && matches!(verb, 'e' | 'E' | 'f' | 'F') && !s.contains('.') {
        // Go's '#' forces a decimal point.
        if let Some(i) = s.find(['e', 'E']) {
            s.insert(i, '.');
        } else {
            s.push('.');
        }
    }
    let zero = f.zero && !f.minus && x.is_finite();
    pad_with(out, &s, f, zero)
}

fn fmt_bin_float(x: f64) -> String {
    let bits = x.to_bits();
    let neg = bits >> 63 != 0;
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mut mant = bits & ((1 << 52) - 1);
    let e = if exp == 0 {
        1 - 1023 - 52
    } else {
        mant |= 1 << 52;
        exp - 1023 - 52
    };
    format!(
        "{}{}p{}{}",
        if neg { "-" } else { "" },
        mant,
        if e >= 0 { "+" } else { "-" },
        e.abs()
    )
}

fn fmt_hex_float(x: f64, prec: Option<usize>, upper: bool) -> String {
    let neg = x.is_sign_negative();
    let a = x.abs();
    let (mut mant, mut exp) = if a == 0.0 {
        (0u64, 0i64)
    } else {
        let bits = a.to_bits();
        let e = ((bits >> 52) & 0x7ff) as i64;
        let m = bits & ((1 << 52) - 1);
        if e == 0 {
            // subnormal: normalise
            let mut m = m;
            let mut e = -1022i64;
            while m & (1 << 52) == 0 {
                m <<= 1;
                e -= 1;
            }
            (m, e)
        } else {
            (m | (1 << 52), e - 1023)
        }
    };
    // mant has 53 bits: 1.xxxx (52 fraction bits = 13 hex digits)
    let mut frac_digits = 13usize;
    if let Some(p) = prec {
        if p < 13 {
            let shift = (13 - p) * 4;
            let half = 1u64 << (shift - 1);
            let rem = mant & ((1u64 << shift) - 1);
            mant >>= shift;
            if rem > half || (rem == half && mant & 1 == 1) {
                mant += 1;
            }
            if mant >> (p * 4) >= 2 {
                mant >>= 1;
                exp += 1;
            }
            frac_digits = p;
        }
    }
    let frac = mant & ((1u64 << (frac_digits * 4)) - 1);
    let lead = mant >> (frac_digits * 4);
    let mut fs = if frac_digits > 0 {
        format!("{:0width$x}", frac, width = frac_digits)
    } else {
        String::new()
    };
    if prec.is_none() {
        while fs.ends_with('0') {
            fs.pop();
        }
    } else if let Some(p) = prec {
        while fs.len() < p {
            fs.push('0');
        }
    }
    let mut s = format!(
        "{}0x{}{}{}p{}{:02}",
        if neg { "-" } else { "" },
        lead,
        if fs.is_empty() { "" } else { "." },
        fs,
        if exp >= 0 { "+" } else { "-" },
        exp.abs()
    );
    if upper {
        s = s.to_uppercase();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquotes_go_strings() {
        assert_eq!(go_unquote(r#""a\tb\u00e9\x41""#).unwrap(), "a\tbéA");
        assert_eq!(go_unquote("`a\\n`").unwrap(), "a\\n");
        assert!(go_unquote(r#""\q""#).is_err());
        assert_eq!(go_quote("a\"b\n"), r#""a\"b\n""#);
    }
}
