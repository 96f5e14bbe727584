//! Sprig's key and certificate functions: `genPrivateKey` (RSA), `genCA`,
//! `genCAWithKey`, `genSelfSignedCert`, `genSelfSignedCertWithKey`,
//! `genSignedCert`, `genSignedCertWithKey`, `buildCustomCert`.
//!
//! Faithful to Go's `crypto/x509` for what Sprig asks of it: RSA keys (2048 bits
//! for certificates, 4096 for `genPrivateKey "rsa"`) in PKCS#1 PEM, X.509 v3
//! certificates signed with SHA256-RSA, a random 128-bit serial, validity from
//! now for the given days, the extensions Go writes in Go's order (key usage,
//! extended key usage server+client auth, basic constraints, a subject key id for
//! CAs, an authority key id when issuer and subject differ, subject alternative
//! names). `genPrivateKey` also makes `ecdsa` (P-256, SEC 1 PEM) and `ed25519`
//! (PKCS#8 PEM) keys. Outputs are random, as in Helm. Not provided:
//! `genPrivateKey "dsa"` (an error says so); `buildCustomCert`
//! checks the PEM framing, not the X.509 contents; keys given to the `WithKey`
//! variants must be RSA (PKCS#1 or PKCS#8).

use std::collections::BTreeMap;
use std::rc::Rc;

use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{BigUint, Pkcs1v15Sign, RsaPrivateKey};

use super::crypto::{rand_bytes, sha1, sha256};
use super::encoding::{b64dec, b64enc};
use super::util::{arity, f, i, s, strval};
use crate::value::{FuncMap, FuncResult, Object, Value};

/// Sprig's `certificate` struct: `.Cert` and `.Key`, PEM text.
#[derive(Clone, Debug)]
pub struct Certificate {
    pub cert: String,
    pub key: String,
}

impl Object for Certificate {
    fn type_name(&self) -> String {
        "sprig.certificate".into()
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Cert" => Some(Value::str(&self.cert)),
            "Key" => Some(Value::str(&self.key)),
            _ => None,
        }
    }
    fn call(&self, name: &str, args: &[Value]) -> Option<FuncResult> {
        let _ = args;
        self.field(name).map(Ok)
    }
    fn display(&self) -> String {
        format!("{{{} {}}}", self.cert, self.key)
    }
    fn to_data(&self) -> Value {
        let mut m = BTreeMap::new();
        m.insert("Cert".to_string(), Value::str(&self.cert));
        m.insert("Key".to_string(), Value::str(&self.key));
        Value::map(m)
    }
}

struct OsRng;

impl rsa::rand_core::RngCore for OsRng {
    fn next_u32(&mut self) -> u32 {
        let b = rand_bytes(4);
        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
    }
    fn next_u64(&mut self) -> u64 {
        (self.next_u32() as u64) << 32 | self.next_u32() as u64
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        dest.copy_from_slice(&rand_bytes(dest.len()));
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rsa::rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rsa::rand_core::CryptoRng for OsRng {}

// --- DER ---------------------------------------------------------------------

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .iter()
            .copied()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend_from_slice(&bytes);
    }
    out.extend_from_slice(content);
    out
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

fn int_be(bytes: &[u8]) -> Vec<u8> {
    let mut b: Vec<u8> = bytes.iter().copied().skip_while(|x| *x == 0).collect();
    if b.is_empty() || b[0] & 0x80 != 0 {
        b.insert(0, 0);
    }
    tlv(0x02, &b)
}

fn int_big(n: &BigUint) -> Vec<u8> {
    int_be(&n.to_bytes_be())
}

fn oid(arcs: &[u64]) -> Vec<u8> {
    let mut body = vec![(arcs[0] * 40 + arcs[1]) as u8];
    for &a in &arcs[2..] {
        let mut chunk = vec![(a & 0x7f) as u8];
        let mut v = a >> 7;
        while v > 0 {
            chunk.push(0x80 | (v & 0x7f) as u8);
            v >>= 7;
        }
        chunk.reverse();
        body.extend(chunk);
    }
    tlv(0x06, &body)
}

fn bit_string(unused: u8, bytes: &[u8]) -> Vec<u8> {
    let mut b = vec![unused];
    b.extend_from_slice(bytes);
    tlv(0x03, &b)
}

const NULL: [u8; 2] = [0x05, 0x00];

fn rsa_alg(sha256_with_rsa: bool) -> Vec<u8> {
    let o = if sha256_with_rsa {
        oid(&[1, 2, 840, 113549, 1, 1, 11])
    } else {
        oid(&[1, 2, 840, 113549, 1, 1, 1])
    };
    seq(&[o, NULL.to_vec()])
}

/// One TLV at the start of `d`: (tag, content, total length).
fn read_tlv(d: &[u8]) -> Option<(u8, &[u8], usize)> {
    let tag = *d.first()?;
    let l0 = *d.get(1)? as usize;
    let (len, hdr) = if l0 < 0x80 {
        (l0, 2)
    } else {
        let n = l0 & 0x7f;
        if n == 0 || n > 4 {
            return None;
        }
        let mut len = 0usize;
        for k in 0..n {
            len = len << 8 | *d.get(2 + k)? as usize;
        }
        (len, 2 + n)
    };
    let content = d.get(hdr..hdr.checked_add(len)?)?;
    Some((tag, content, hdr + len))
}

/// A DER element: tag, content, and the whole encoding.
type Der<'a> = (u8, &'a [u8], &'a [u8]);

fn read_seq(d: &[u8]) -> Option<Vec<Der<'_>>> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < d.len() {
        let (tag, content, n) = read_tlv(&d[k..])?;
        out.push((tag, content, &d[k..k + n]));
        k += n;
    }
    Some(out)
}

// --- PEM and keys --------------------------------------------------------------

fn pem(label: &str, der: &[u8]) -> String {
    let b = b64enc(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

fn pem_decode(text: &str) -> Option<(String, Vec<u8>)> {
    let start = text.find("-----BEGIN ")?;
    let rest = &text[start + 11..];
    let label_end = rest.find("-----")?;
    let label = rest[..label_end].to_string();
    let body_start = label_end + 5;
    let end_marker = format!("-----END {label}-----");
    let end = body_start + rest.get(body_start..)?.find(&end_marker)?;
    let body: String = rest[body_start..end].split_whitespace().collect();
    Some((label, b64dec(&body).ok()?))
}

fn pkcs1_private(key: &RsaPrivateKey) -> Vec<u8> {
    let primes = key.primes();
    let (p, q) = (&primes[0], &primes[1]);
    let one = BigUint::from(1u8);
    let d = key.d();
    let dp = d % (p - &one);
    let dq = d % (q - &one);
    let qinv = key.crt_coefficient().unwrap_or_default();
    seq(&[
        int_be(&[0]),
        int_big(key.n()),
        int_big(key.e()),
        int_big(d),
        int_big(p),
        int_big(q),
        int_big(&dp),
        int_big(&dq),
        int_big(&qinv),
    ])
}

fn pkcs1_public(key: &RsaPrivateKey) -> Vec<u8> {
    seq(&[int_big(key.n()), int_big(key.e())])
}

/// Sprig's `parsePrivateKeyPEM`, for RSA keys.
fn parse_key(text: &str) -> Result<RsaPrivateKey, String> {
    let (label, der) =
        pem_decode(text).ok_or_else(|| "no PEM data found for private key".to_string())?;
    let pkcs1 = match label.as_str() {
        "RSA PRIVATE KEY" => der,
        "PRIVATE KEY" => {
            // PKCS#8: SEQUENCE { version, AlgorithmIdentifier, OCTET STRING key }.
            let (_, body, _) = read_tlv(&der).ok_or("invalid PKCS#8 key")?;
            let items = read_seq(body).ok_or("invalid PKCS#8 key")?;
            match items.get(2) {
                Some((0x04, key, _))
                    if items.get(1).is_some_and(|a| {
                        a.2.windows(9)
                            .any(|w| w == [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01])
                    }) =>
                {
                    key.to_vec()
                }
                _ => return Err("plumb supports RSA keys only in the ...WithKey functions".into()),
            }
        }
        other => {
            return Err(format!(
                "plumb supports RSA keys only in the ...WithKey functions, not {other}"
            ))
        }
    };
    let (_, body, _) = read_tlv(&pkcs1).ok_or("invalid RSA private key")?;
    let items = read_seq(body).ok_or("invalid RSA private key")?;
    let num = |k: usize| -> Result<BigUint, String> {
        match items.get(k) {
            Some((0x02, b, _)) => Ok(BigUint::from_bytes_be(b)),
            _ => Err("invalid RSA private key".to_string()),
        }
    };
    let parts = [num(1)?, num(2)?, num(3)?, num(4)?, num(5)?];
    let two = BigUint::from(2u8);
    if parts.iter().any(|x| x < &two) || parts[0].bits() < 512 || parts[0].bits() > 16384 {
        return Err("invalid RSA private key".into());
    }
    let [n, e, d, p, q] = parts;
    RsaPrivateKey::from_components(n, e, d, vec![p, q])
        .map_err(|e| format!("invalid RSA private key: {e}"))
}

/// Whether RSA keys are generated once per size and process and then reused
/// (see [`reuse_generated_keys`]).
static REUSE_KEYS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Generate each size of RSA key once per process and reuse it, instead of
/// once per call as Helm does. For checking charts, not for rendering them
/// for use: a 4,096-bit key takes about a second to make, bitnami-style
/// charts make several per render, and what a key is never changes a finding.
pub fn reuse_generated_keys(on: bool) {
    REUSE_KEYS.store(on, std::sync::atomic::Ordering::Relaxed);
}

fn new_key(bits: usize) -> Result<RsaPrivateKey, String> {
    new_key_with(bits, REUSE_KEYS.load(std::sync::atomic::Ordering::Relaxed))
}

fn new_key_with(bits: usize, reuse: bool) -> Result<RsaPrivateKey, String> {
    let make = || {
        RsaPrivateKey::new(&mut OsRng, bits).map_err(|e| format!("error generating RSA key: {e}"))
    };
    if !reuse {
        return make();
    }
    static KEYS: std::sync::OnceLock<
        std::sync::Mutex<std::collections::HashMap<usize, RsaPrivateKey>>,
    > = std::sync::OnceLock::new();
    let mut keys = KEYS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(k) = keys.get(&bits) {
        return Ok(k.clone());
    }
    let k = make()?;
    keys.insert(bits, k.clone());
    Ok(k)
}

// --- P-256 (genPrivateKey "ecdsa") ---------------------------------------------

fn hex_big(h: &str) -> BigUint {
    BigUint::parse_bytes(h.as_bytes(), 16).unwrap_or_default()
}

type Point = Option<(BigUint, BigUint)>;

struct Curve {
    p: BigUint,
}

impl Curve {
    fn sub(&self, a: &BigUint, b: &BigUint) -> BigUint {
        ((a % &self.p) + &self.p - (b % &self.p)) % &self.p
    }
    fn inv(&self, a: &BigUint) -> BigUint {
        a.modpow(&(&self.p - BigUint::from(2u8)), &self.p)
    }
    fn add(&self, a: &Point, b: &Point) -> Point {
        let (Some((x1, y1)), Some((x2, y2))) = (a, b) else {
            return a.clone().or_else(|| b.clone());
        };
        let p = &self.p;
        let lambda = if x1 == x2 {
            if (y1 + y2) % p == BigUint::from(0u8) {
                return None;
            }
            // (3x² - 3) / 2y
            let num = self.sub(&(BigUint::from(3u8) * x1 * x1), &BigUint::from(3u8));
            num * self.inv(&((BigUint::from(2u8) * y1) % p)) % p
        } else {
            self.sub(y2, y1) * self.inv(&self.sub(x2, x1)) % p
        };
        let x3 = self.sub(&self.sub(&(&lambda * &lambda), x1), x2);
        let y3 = self.sub(&(&lambda * self.sub(x1, &x3)), y1);
        Some((x3, y3))
    }
    fn mul(&self, k: &BigUint, g: &Point) -> Point {
        let mut acc: Point = None;
        for i in (0..k.bits()).rev() {
            acc = self.add(&acc, &acc);
            if (k >> i) & BigUint::from(1u8) == BigUint::from(1u8) {
                acc = self.add(&acc, g);
            }
        }
        acc
    }
}

fn fixed32(n: &BigUint) -> Vec<u8> {
    let b = n.to_bytes_be();
    let mut out = vec![0u8; 32usize.saturating_sub(b.len())];
    out.extend_from_slice(&b);
    out
}

/// A P-256 key in SEC 1 form (`x509.MarshalECPrivateKey`).
fn ec_p256_key() -> Vec<u8> {
    let curve = Curve {
        p: hex_big("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"),
    };
    let n = hex_big("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    let g: Point = Some((
        hex_big("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"),
        hex_big("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"),
    ));
    let d =
        BigUint::from_bytes_be(&rand_bytes(40)) % (&n - BigUint::from(1u8)) + BigUint::from(1u8);
    let (x, y) = curve.mul(&d, &g).unwrap_or_default();
    let mut point = vec![0x04];
    point.extend(fixed32(&x));
    point.extend(fixed32(&y));
    seq(&[
        int_be(&[1]),
        tlv(0x04, &fixed32(&d)),
        tlv(0xa0, &oid(&[1, 2, 840, 10045, 3, 1, 7])),
        tlv(0xa1, &bit_string(0, &point)),
    ])
}

// --- certificates --------------------------------------------------------------

fn name(cn: &str) -> Vec<u8> {
    if cn.is_empty() {
        return seq(&[]);
    }
    let printable = cn
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || " '()+,-./:=?".contains(c));
    let value = tlv(if printable { 0x13 } else { 0x0c }, cn.as_bytes());
    seq(&[tlv(0x31, &seq(&[oid(&[2, 5, 4, 3]), value]))])
}

fn der_time(t: &super::dates::Time) -> Vec<u8> {
    let year: i64 = t.format("2006").parse().unwrap_or(2000);
    if (1950..2050).contains(&year) {
        tlv(0x17, t.format("060102150405Z").as_bytes())
    } else {
        tlv(0x18, t.format("20060102150405Z").as_bytes())
    }
}

fn extension(id: &[u64], critical: bool, value: Vec<u8>) -> Vec<u8> {
    let mut parts = vec![oid(id)];
    if critical {
        parts.push(tlv(0x01, &[0xff]));
    }
    parts.push(tlv(0x04, &value));
    seq(&parts)
}

struct Template {
    cn: String,
    ips: Vec<Vec<u8>>,
    dns: Vec<String>,
    days: i64,
    is_ca: bool,
}

fn parse_ip(s: &str) -> Option<Vec<u8>> {
    if let Ok(v4) = s.parse::<std::net::Ipv4Addr>() {
        return Some(v4.octets().to_vec());
    }
    s.parse::<std::net::Ipv6Addr>()
        .ok()
        .map(|v6| match v6.to_ipv4_mapped() {
            Some(v4) => v4.octets().to_vec(),
            None => v6.octets().to_vec(),
        })
}

fn template(
    cn: &str,
    ips: &Value,
    dns: &Value,
    days: i64,
    is_ca: bool,
) -> Result<Template, String> {
    let list = |v: &Value| -> Vec<Value> {
        match v {
            Value::List(l) => l.as_ref().clone(),
            Value::Nil => Vec::new(),
            other => vec![other.clone()],
        }
    };
    let mut ip_bytes = Vec::new();
    for ip in list(ips) {
        let text = strval(&ip);
        ip_bytes.push(parse_ip(&text).ok_or_else(|| format!("error parsing ip: {text}"))?);
    }
    Ok(Template {
        cn: cn.to_string(),
        ips: ip_bytes,
        dns: list(dns).iter().map(strval).collect(),
        days,
        is_ca,
    })
}

/// Issuer data for signing: its subject name and key id, and its key.
struct Issuer<'a> {
    name: Vec<u8>,
    key_id: Option<Vec<u8>>,
    key: &'a RsaPrivateKey,
}

fn create(t: &Template, key: &RsaPrivateKey, issuer: Option<&Issuer>) -> Result<String, String> {
    let public = pkcs1_public(key);
    let spki = seq(&[rsa_alg(false), bit_string(0, &public)]);
    let subject = name(&t.cn);
    let skid = t.is_ca.then(|| sha1(&public).to_vec());
    let (issuer_name, issuer_key, akid) = match issuer {
        Some(i) => (i.name.clone(), i.key, i.key_id.clone()),
        None => (subject.clone(), key, None),
    };
    let akid = if issuer_name == subject { None } else { akid };
    let mut serial = rand_bytes(16);
    serial[0] &= 0x7f;
    let now = super::dates::Time::now();
    let now = super::dates::Time { nanos: 0, ..now };
    let until = super::dates::Time {
        secs: now.secs.saturating_add(t.days.saturating_mul(86_400)),
        ..now.clone()
    };
    let mut exts = Vec::new();
    let (ku, unused) = if t.is_ca { (0xa4u8, 2u8) } else { (0xa0, 5) };
    exts.push(extension(&[2, 5, 29, 15], true, bit_string(unused, &[ku])));
    exts.push(extension(
        &[2, 5, 29, 37],
        false,
        seq(&[
            oid(&[1, 3, 6, 1, 5, 5, 7, 3, 1]),
            oid(&[1, 3, 6, 1, 5, 5, 7, 3, 2]),
        ]),
    ));
    let bc = if t.is_ca {
        seq(&[tlv(0x01, &[0xff])])
    } else {
        seq(&[])
    };
    exts.push(extension(&[2, 5, 29, 19], true, bc));
    if let Some(id) = &skid {
        exts.push(extension(&[2, 5, 29, 14], false, tlv(0x04, id)));
    }
    if let Some(id) = &akid {
        exts.push(extension(&[2, 5, 29, 35], false, seq(&[tlv(0x80, id)])));
    }
    if !t.dns.is_empty() || !t.ips.is_empty() {
        let mut names = Vec::new();
        for d in &t.dns {
            names.push(tlv(0x82, d.as_bytes()));
        }
        for ip in &t.ips {
            names.push(tlv(0x87, ip));
        }
        exts.push(extension(&[2, 5, 29, 17], t.cn.is_empty(), seq(&names)));
    }
    let tbs = seq(&[
        tlv(0xa0, &int_be(&[2])),
        int_be(&serial),
        rsa_alg(true),
        issuer_name,
        seq(&[der_time(&now), der_time(&until)]),
        subject,
        spki,
        tlv(0xa3, &seq(&exts)),
    ]);
    let mut digest_info = vec![
        0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
        0x05, 0x00, 0x04, 0x20,
    ];
    digest_info.extend_from_slice(&sha256(&tbs));
    let sig = issuer_key
        .sign(Pkcs1v15Sign::new_unprefixed(), &digest_info)
        .map_err(|e| format!("error signing certificate: {e}"))?;
    let cert = seq(&[tbs, rsa_alg(true), bit_string(0, &sig)]);
    Ok(pem("CERTIFICATE", &cert))
}

fn cert_value(cert: String, key: &RsaPrivateKey) -> Value {
    Value::Object(Rc::new(Certificate {
        cert,
        key: pem("RSA PRIVATE KEY", &pkcs1_private(key)),
    }))
}

/// The issuer from a `certificate` value (`genCA`'s result).
/// An issuer's subject name (DER), key id and key.
type IssuerParts = (Vec<u8>, Option<Vec<u8>>, RsaPrivateKey);

fn issuer_parts(ca: &Value) -> Result<IssuerParts, String> {
    let (cert, key) = match ca {
        Value::Object(o) => (
            o.field("Cert").and_then(|v| v.as_str().map(str::to_string)),
            o.field("Key").and_then(|v| v.as_str().map(str::to_string)),
        ),
        Value::Map(m) => (
            m.borrow()
                .get("Cert")
                .and_then(|v| v.as_str().map(str::to_string)),
            m.borrow()
                .get("Key")
                .and_then(|v| v.as_str().map(str::to_string)),
        ),
        _ => (None, None),
    };
    let (Some(cert), Some(key)) = (cert, key) else {
        return Err(format!(
            "wrong type for value; expected sprig.certificate; got {}",
            super::util::go_type(ca)
        ));
    };
    let key = parse_key(&key).map_err(|e| format!("unable to decode ca private key: {e}"))?;
    let (_, der) = pem_decode(&cert).ok_or("unable to decode ca certificate")?;
    // Certificate -> TBSCertificate -> subject (6th item, after the version).
    let subject = read_tlv(&der)
        .and_then(|(_, c, _)| read_tlv(c))
        .and_then(|(_, tbs, _)| read_seq(tbs))
        .and_then(|items| {
            let off = usize::from(items.first()?.0 == 0xa0);
            Some(items.get(4 + off)?.2.to_vec())
        })
        .ok_or("error parsing ca certificate")?;
    let key_id = Some(sha1(&pkcs1_public(&key)).to_vec());
    Ok((subject, key_id, key))
}

fn days(v: &Value) -> Result<i64, String> {
    i(v)
}

/// Registers the key and certificate functions.
pub fn register(m: &mut FuncMap) {
    m.insert(
        "genPrivateKey".into(),
        f(|a| {
            arity("genPrivateKey", a, 1)?;
            let typ = s(&a[0])?;
            match &*typ {
                "rsa" => Ok(Value::from(pem(
                    "RSA PRIVATE KEY",
                    &pkcs1_private(&new_key(4096)?),
                ))),
                "ecdsa" => Ok(Value::from(pem("EC PRIVATE KEY", &ec_p256_key()))),
                "ed25519" => {
                    // PKCS#8 holding the 32-byte seed, as Go marshals it.
                    let inner = tlv(0x04, &rand_bytes(32));
                    let der = seq(&[
                        int_be(&[0]),
                        seq(&[oid(&[1, 3, 101, 112])]),
                        tlv(0x04, &inner),
                    ]);
                    Ok(Value::from(pem("PRIVATE KEY", &der)))
                }
                "dsa" => Err("genPrivateKey: plumb does not generate dsa keys".into()),
                other => Ok(Value::from(format!("Unknown type {other}"))),
            }
        }),
    );
    m.insert(
        "genCA".into(),
        f(|a| {
            arity("genCA", a, 2)?;
            let t = template(&s(&a[0])?, &Value::Nil, &Value::Nil, days(&a[1])?, true)?;
            let key = new_key(2048)?;
            Ok(cert_value(create(&t, &key, None)?, &key))
        }),
    );
    m.insert(
        "genCAWithKey".into(),
        f(|a| {
            arity("genCAWithKey", a, 3)?;
            let t = template(&s(&a[0])?, &Value::Nil, &Value::Nil, days(&a[1])?, true)?;
            let key = parse_key(&s(&a[2])?)?;
            Ok(cert_value(create(&t, &key, None)?, &key))
        }),
    );
    m.insert(
        "genSelfSignedCert".into(),
        f(|a| {
            arity("genSelfSignedCert", a, 4)?;
            let t = template(&s(&a[0])?, &a[1], &a[2], days(&a[3])?, false)?;
            let key = new_key(2048)?;
            Ok(cert_value(create(&t, &key, None)?, &key))
        }),
    );
    m.insert(
        "genSelfSignedCertWithKey".into(),
        f(|a| {
            arity("genSelfSignedCertWithKey", a, 5)?;
            let t = template(&s(&a[0])?, &a[1], &a[2], days(&a[3])?, false)?;
            let key = parse_key(&s(&a[4])?)?;
            Ok(cert_value(create(&t, &key, None)?, &key))
        }),
    );
    m.insert(
        "genSignedCert".into(),
        f(|a| {
            arity("genSignedCert", a, 5)?;
            let t = template(&s(&a[0])?, &a[1], &a[2], days(&a[3])?, false)?;
            let (name, key_id, ca_key) = issuer_parts(&a[4])?;
            let key = new_key(2048)?;
            let issuer = Issuer {
                name,
                key_id,
                key: &ca_key,
            };
            Ok(cert_value(create(&t, &key, Some(&issuer))?, &key))
        }),
    );
    m.insert(
        "genSignedCertWithKey".into(),
        f(|a| {
            arity("genSignedCertWithKey", a, 6)?;
            let t = template(&s(&a[0])?, &a[1], &a[2], days(&a[3])?, false)?;
            let (name, key_id, ca_key) = issuer_parts(&a[4])?;
            let key = parse_key(&s(&a[5])?)?;
            let issuer = Issuer {
                name,
                key_id,
                key: &ca_key,
            };
            Ok(cert_value(create(&t, &key, Some(&issuer))?, &key))
        }),
    );
    m.insert(
        "buildCustomCert".into(),
        f(|a| {
            arity("buildCustomCert", a, 2)?;
            let cert = b64dec(&s(&a[0])?).map_err(|_| "unable to decode base64 certificate")?;
            let key = b64dec(&s(&a[1])?).map_err(|_| "unable to decode base64 private key")?;
            let cert = String::from_utf8_lossy(&cert).into_owned();
            let key = String::from_utf8_lossy(&key).into_owned();
            match pem_decode(&cert) {
                Some((label, _)) if label == "CERTIFICATE" => {}
                _ => return Err("unable to decode certificate".into()),
            }
            if pem_decode(&key).is_none() {
                return Err("error parsing private key: no PEM data found for private key".into());
            }
            Ok(Value::Object(Rc::new(Certificate { cert, key })))
        }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_new_per_call_unless_reuse_is_asked_for() {
        // 1,000 bits: a size no other test makes, so the shared cache holds
        // only what this test put there.
        let a = new_key_with(1000, false).unwrap();
        let b = new_key_with(1000, false).unwrap();
        assert_ne!(a, b, "Helm makes a new key per call");
        let c = new_key_with(1000, true).unwrap();
        let d = new_key_with(1000, true).unwrap();
        assert_eq!(c, d, "reused when checking");
        assert_ne!(new_key_with(1000, false).unwrap(), c);
    }
}
