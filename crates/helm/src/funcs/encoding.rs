//! Base64/base32 (Go's standard encodings), paths (Go's `path` package; the `os*`
//! variants are `path/filepath`, identical on Unix) and `urlParse`/`urlJoin`.
//!
//! `b64dec`/`b32dec` return Go's error text as the result on bad input, as Sprig
//! does; decoded bytes that are not UTF-8 become U+FFFD.

use std::collections::BTreeMap;

use super::util::{arity, f, m as map_arg, s};
use crate::value::{FuncMap, Value};

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// `base64.StdEncoding.EncodeToString`.
pub fn b64enc(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for c in data.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for k in 0..4 {
            if k <= c.len() {
                out.push(B64[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `base64.StdEncoding.DecodeString`; Go ignores `\r` and `\n`.
pub fn b64dec(text: &str) -> Result<Vec<u8>, String> {
    decode_std(text, B64, 4, "base64")
}

/// Go's `encoding/base64` and `encoding/base32` decoders (standard alphabets,
/// `=` padding): errors report the byte Go reports.
fn decode_std(text: &str, alphabet: &[u8], quantum: usize, name: &str) -> Result<Vec<u8>, String> {
    let bits = if quantum == 4 { 6 } else { 5 };
    let bytes: Vec<(usize, u8)> = text
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b != b'\n' && *b != b'\r')
        .collect();
    let bad = |pos: usize| format!("illegal {name} data at input byte {pos}");
    let mut out = Vec::new();
    let mut k = 0;
    while k < bytes.len() {
        let start = bytes[k].0;
        let mut acc: u64 = 0;
        let mut j = 0;
        while j < quantum {
            let Some(&(pos, b)) = bytes.get(k + j) else {
                // Input ends inside a quantum.
                return Err(bad(start));
            };
            if b == b'=' {
                // Padding: the rest of the quantum must be padding, and it must
                // come after enough characters to hold a byte.
                if j < 2
                    || bytes[k + j..].len() != quantum - j
                    || !bytes[k + j..].iter().all(|x| x.1 == b'=')
                    || (quantum == 8 && ![2, 4, 5, 7].contains(&j))
                {
                    return Err(bad(pos));
                }
                break;
            }
            let Some(v) = alphabet.iter().position(|&x| x == b) else {
                return Err(bad(pos));
            };
            acc = acc << bits | v as u64;
            j += 1;
        }
        let total_bits = j * bits;
        acc <<= (quantum - j) * bits;
        let full = quantum * bits / 8;
        let nbytes = total_bits / 8;
        let be = acc.to_be_bytes();
        out.extend_from_slice(&be[8 - full..8 - full + nbytes]);
        if j < quantum {
            break;
        }
        k += quantum;
    }
    Ok(out)
}

/// `base32.StdEncoding.EncodeToString`.
pub fn b32enc(data: &[u8]) -> String {
    let mut out = String::new();
    for c in data.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..c.len()].copy_from_slice(c);
        let n = buf.iter().fold(0u64, |acc, &b| acc << 8 | b as u64);
        let chars = match c.len() {
            1 => 2,
            2 => 4,
            3 => 5,
            4 => 7,
            _ => 8,
        };
        for k in 0..8 {
            if k < chars {
                out.push(B32[(n >> (35 - 5 * k) & 31) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `base32.StdEncoding.DecodeString`.
pub fn b32dec(text: &str) -> Result<Vec<u8>, String> {
    decode_std(text, B32, 8, "base32")
}

/// Go's `path.Clean`.
pub fn clean(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let body = parts.join("/");
    match (rooted, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".into(),
        (false, false) => body,
    }
}

/// Go's `path.Base`.
pub fn base(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return "/".into();
    }
    t.rsplit('/').next().unwrap_or(t).to_string()
}

/// Go's `path.Dir`.
pub fn dir(p: &str) -> String {
    let cut = p.rfind('/').map_or(0, |i| i + 1);
    clean(&p[..cut])
}

/// Go's `path.Ext`.
pub fn ext(p: &str) -> String {
    for (i, c) in p.char_indices().rev() {
        if c == '/' {
            break;
        }
        if c == '.' {
            return p[i..].to_string();
        }
    }
    String::new()
}

fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn escape_path(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/$&+,;=:@!*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Go's `url.Parse`, reduced to what `urlParse` reports.
pub fn url_parse(raw: &str) -> Result<BTreeMap<String, Value>, String> {
    let (rest, fragment) = match raw.split_once('#') {
        Some((a, b)) => (a, unescape(b)),
        None => (raw, String::new()),
    };
    let mut scheme = String::new();
    let mut rest = rest.to_string();
    if let Some(i) = rest.find(':') {
        let cand = &rest[..i];
        if !cand.is_empty()
            && cand.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && cand
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        {
            scheme = cand.to_lowercase();
            rest = rest[i + 1..].to_string();
        } else if i == 0 {
            return Err(format!("parse {:?}: missing protocol scheme", raw));
        }
    }
    let (rest, query) = match rest.split_once('?') {
        Some((a, b)) => (a.to_string(), b.to_string()),
        None => (rest, String::new()),
    };
    let mut host = String::new();
    let mut userinfo = String::new();
    let mut opaque = String::new();
    let mut path = String::new();
    if !scheme.is_empty() && !rest.starts_with('/') {
        opaque = rest;
    } else if let Some(auth_rest) = rest.strip_prefix("//") {
        let (auth, p) = match auth_rest.find('/') {
            Some(i) => (&auth_rest[..i], &auth_rest[i..]),
            None => (auth_rest, ""),
        };
        let hostpart = match auth.rfind('@') {
            Some(i) => {
                userinfo = auth[..i].to_string();
                &auth[i + 1..]
            }
            None => auth,
        };
        host = unescape(hostpart);
        path = unescape(p);
    } else {
        path = unescape(&rest);
    }
    let hostname = if let Some(h) = host.strip_prefix('[') {
        h.split(']').next().unwrap_or("").to_string()
    } else {
        host.rsplit_once(':')
            .map_or(host.clone(), |(h, _)| h.to_string())
    };
    let mut d = BTreeMap::new();
    for (k, v) in [
        ("scheme", scheme),
        ("host", host),
        ("hostname", hostname),
        ("path", path),
        ("query", query),
        ("opaque", opaque),
        ("fragment", fragment),
        ("userinfo", userinfo),
    ] {
        d.insert(k.to_string(), Value::from(v));
    }
    Ok(d)
}

/// Go's `url.URL.String` from `urlJoin`'s dict.
pub fn url_join(d: &BTreeMap<String, Value>) -> String {
    let get = |k: &str| match d.get(k) {
        Some(Value::Str(s)) => s.to_string(),
        _ => String::new(),
    };
    let (scheme, opaque, host, path, query, fragment, userinfo) = (
        get("scheme"),
        get("opaque"),
        get("host"),
        get("path"),
        get("query"),
        get("fragment"),
        get("userinfo"),
    );
    let mut out = String::new();
    if !scheme.is_empty() {
        out.push_str(&scheme);
        out.push(':');
    }
    if !opaque.is_empty() {
        out.push_str(&opaque);
    } else {
        if !scheme.is_empty() || !host.is_empty() || !userinfo.is_empty() {
            if !host.is_empty() || !path.is_empty() || !userinfo.is_empty() {
                out.push_str("//");
            }
            if !userinfo.is_empty() {
                out.push_str(&userinfo);
                out.push('@');
            }
            out.push_str(&host);
        }
        if !path.is_empty() && !path.starts_with('/') && !host.is_empty() {
            out.push('/');
        }
        out.push_str(&escape_path(&path));
    }
    if !query.is_empty() {
        out.push('?');
        out.push_str(&query);
    }
    if !fragment.is_empty() {
        out.push('#');
        out.push_str(&escape_path(&fragment));
    }
    out
}

fn strf(m: &mut FuncMap, names: &[&'static str], fun: fn(&str) -> Value) {
    for &name in names {
        m.insert(
            name.into(),
            f(move |a| {
                arity(name, a, 1)?;
                Ok(fun(&s(&a[0])?))
            }),
        );
    }
}

/// Registers encodings, paths and URLs.
pub fn register(m: &mut FuncMap) {
    strf(m, &["b64enc"], |x| Value::from(b64enc(x.as_bytes())));
    strf(m, &["b64dec"], |x| {
        Value::from(match b64dec(x) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(e) => e,
        })
    });
    strf(m, &["b32enc"], |x| Value::from(b32enc(x.as_bytes())));
    strf(m, &["b32dec"], |x| {
        Value::from(match b32dec(x) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(e) => e,
        })
    });
    strf(m, &["base", "osBase"], |x| Value::from(base(x)));
    strf(m, &["dir", "osDir"], |x| Value::from(dir(x)));
    strf(m, &["clean", "osClean"], |x| Value::from(clean(x)));
    strf(m, &["ext", "osExt"], |x| Value::from(ext(x)));
    strf(m, &["isAbs", "osIsAbs"], |x| {
        Value::Bool(x.starts_with('/'))
    });
    m.insert(
        "urlParse".into(),
        f(|a| {
            arity("urlParse", a, 1)?;
            url_parse(&s(&a[0])?)
                .map(Value::map)
                .map_err(|e| format!("unable to parse url: {e}"))
        }),
    );
    m.insert(
        "urlJoin".into(),
        f(|a| {
            arity("urlJoin", a, 1)?;
            let d = map_arg(&a[0])?;
            let d = d.borrow().clone();
            Ok(Value::from(url_join(&d)))
        }),
    );
}
