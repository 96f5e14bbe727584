//! Hashes, UUIDs, random values, password hashing and AES.
//!
//! `sha1sum`, `sha256sum` and `sha512sum` use the RustCrypto `sha1`/`sha2`
//! crates; `adler32sum` is written here (a few lines). Random values come from the OS (`getrandom`). `bcrypt` and
//! `htpasswd` hash with the `bcrypt` crate as Go does (`$2a$`, cost 10; the
//! hashes helm makes verify, see the tests). `encryptAES`/`decryptAES` are
//! AES-256-CBC as Sprig does it (the `aes` crate). `derivePassword` is the Master
//! Password algorithm over the `scrypt` crate (N=32768, r=8, p=2: 32 MiB and
//! some time per call, as in Go). Keys and certificates are in [`super::certs`].

use super::encoding::b64enc;
use super::util::{arity, cap_len, f, i, s};
use crate::value::{FuncMap, Value};

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(data).into()
}

/// SHA-512 of `data`.
pub fn sha512(data: &[u8]) -> [u8; 64] {
    use sha2::Digest;
    sha2::Sha512::digest(data).into()
}

/// HMAC-SHA256.
pub fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    use hmac::Mac;
    let mut mac =
        <hmac::Hmac<sha2::Sha256>>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(msg);
    mac.finalize().into_bytes().into()
}

/// scrypt (RFC 7914), as `golang.org/x/crypto/scrypt.Key`.
pub fn scrypt(password: &[u8], salt: &[u8], n: usize, r: usize, p: usize, len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len];
    let log_n = n.max(2).trailing_zeros() as u8;
    match scrypt::Params::new(log_n, r as u32, p as u32, len) {
        Ok(params) if scrypt::scrypt(password, salt, &params, &mut out).is_ok() => out,
        _ => Vec::new(),
    }
}

/// Sprig's `derivePassword` (the Master Password algorithm).
pub fn derive_password(counter: u32, kind: &str, password: &str, user: &str, site: &str) -> String {
    let templates: &[&str] = match kind {
        "maximum" => &["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
        "long" => &[
            "CvcvnoCvcvCvcv",
            "CvcvCvcvnoCvcv",
            "CvcvCvcvCvcvno",
            "CvccnoCvcvCvcv",
            "CvccCvcvnoCvcv",
            "CvccCvcvCvcvno",
            "CvcvnoCvccCvcv",
            "CvcvCvccnoCvcv",
            "CvcvCvccCvcvno",
            "CvcvnoCvcvCvcc",
            "CvcvCvcvnoCvcc",
            "CvcvCvcvCvccno",
            "CvccnoCvccCvcv",
            "CvccCvccnoCvcv",
            "CvccCvccCvcvno",
            "CvcvnoCvccCvcc",
            "CvcvCvccnoCvcc",
            "CvcvCvccCvccno",
            "CvccnoCvcvCvcc",
            "CvccCvcvnoCvcc",
            "CvccCvcvCvccno",
        ],
        "medium" => &["CvcnoCvc", "CvcCvcno"],
        "short" => &["Cvcn"],
        "basic" => &["aaanaaan", "aannaaan", "aaannaaa"],
        "pin" => &["nnnn"],
        _ => return format!("cannot find password template {kind}"),
    };
    const SEED: &str = "com.lyndir.masterpassword";
    let mut salt = SEED.as_bytes().to_vec();
    salt.extend_from_slice(&(user.len() as u32).to_be_bytes());
    salt.extend_from_slice(user.as_bytes());
    let key = scrypt(password.as_bytes(), &salt, 32768, 8, 2, 64);
    let mut msg = SEED.as_bytes().to_vec();
    msg.extend_from_slice(&(site.len() as u32).to_be_bytes());
    msg.extend_from_slice(site.as_bytes());
    msg.extend_from_slice(&counter.to_be_bytes());
    let seed = hmac_sha256(&key, &msg);
    let template = templates[seed[0] as usize % templates.len()];
    template
        .bytes()
        .enumerate()
        .map(|(i, t)| {
            let chars: &str = match t {
                b'V' => "AEIOU",
                b'C' => "BCDFGHJKLMNPQRSTVWXYZ",
                b'v' => "aeiou",
                b'c' => "bcdfghjklmnpqrstvwxyz",
                b'A' => "AEIOUBCDFGHJKLMNPQRSTVWXYZ",
                b'a' => "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
                b'n' => "0123456789",
                b'o' => "@&%?,=[]_:-+*$#!'^~;()/.",
                _ => "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
            };
            let cb = chars.as_bytes();
            cb[seed[i + 1] as usize % cb.len()] as char
        })
        .collect()
}

/// SHA-1 of `data`.
pub fn sha1(data: &[u8]) -> [u8; 20] {
    use sha1::Digest;
    sha1::Sha1::digest(data).into()
}

/// Adler-32 of `data`.
pub fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + x as u32) % 65521;
        b = (b + a) % 65521;
    }
    b << 16 | a
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Random bytes from the OS.
pub fn rand_bytes(n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    if getrandom::fill(&mut buf).is_err() {
        // No OS randomness: fall back to a time-seeded generator (the values are
        // only ever used in rendered manifests, never as secrets by plumb).
        let mut x = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0x9E37_79B9_7F4A_7C15, |d| d.as_nanos() as u64)
            | 1;
        for b in buf.iter_mut() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            *b = x as u8;
        }
    }
    buf
}

/// A uniform random number below `n` (`n > 0`).
pub fn rand_below(n: u64) -> u64 {
    if n <= 1 {
        return 0;
    }
    let zone = u64::MAX - u64::MAX % n;
    loop {
        let b = rand_bytes(8);
        let x = u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
        if x < zone {
            return x % n;
        }
    }
}

/// Sprig's `bcrypt`: Go's `bcrypt.GenerateFromPassword` at the default cost 10,
/// `$2a$` prefix; the failure text is the result, as Sprig returns it.
pub fn bcrypt_hash(password: &str) -> String {
    match bcrypt::non_truncating_hash_with_result(password, 10) {
        Ok(h) => h.format_for_version(bcrypt::Version::TwoA),
        Err(bcrypt::BcryptError::Truncation(_)) => {
            "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes"
                .to_string()
        }
        Err(e) => format!("failed to encrypt string with bcrypt: {e}"),
    }
}

fn aes_key(password: &str) -> aes::Aes256 {
    use aes::cipher::KeyInit;
    let mut key = [0u8; 32];
    let p = password.as_bytes();
    let n = p.len().min(32);
    key[..n].copy_from_slice(&p[..n]);
    aes::Aes256::new(&key.into())
}

/// Sprig's `encryptAES`: AES-256-CBC with the password (zero-padded or cut to
/// 32 bytes) as key, a random IV in front, PKCS#7 padding, base64.
pub fn encrypt_aes(password: &str, plaintext: &str) -> String {
    use aes::cipher::BlockEncrypt;
    if plaintext.is_empty() {
        return String::new();
    }
    let cipher = aes_key(password);
    let mut content = plaintext.as_bytes().to_vec();
    let pad = 16 - content.len() % 16;
    content.extend(std::iter::repeat_n(pad as u8, pad));
    let iv = rand_bytes(16);
    let mut out = iv.clone();
    let mut prev: [u8; 16] = iv.try_into().unwrap_or([0; 16]);
    for chunk in content.chunks(16) {
        let mut block = [0u8; 16];
        for (k, b) in block.iter_mut().enumerate() {
            *b = chunk[k] ^ prev[k];
        }
        let mut ga = block.into();
        cipher.encrypt_block(&mut ga);
        prev = ga.into();
        out.extend_from_slice(&prev);
    }
    b64enc(&out)
}

/// Sprig's `decryptAES`; Go's panics on malformed input come back as its errors.
pub fn decrypt_aes(password: &str, crypt64: &str) -> Result<String, String> {
    use aes::cipher::BlockDecrypt;
    if crypt64.is_empty() {
        return Ok(String::new());
    }
    let crypt = super::encoding::b64dec(crypt64)?;
    if crypt.len() < 16 {
        return Err(format!(
            "runtime error: slice bounds out of range [:16] with length {}",
            crypt.len()
        ));
    }
    let (iv, body) = crypt.split_at(16);
    if body.len() % 16 != 0 {
        return Err("crypto/cipher: input not full blocks".into());
    }
    let cipher = aes_key(password);
    let mut prev: [u8; 16] = iv.try_into().unwrap_or([0; 16]);
    let mut out = Vec::with_capacity(body.len());
    for chunk in body.chunks(16) {
        let c: [u8; 16] = chunk.try_into().unwrap_or([0; 16]);
        let mut ga = c.into();
        cipher.decrypt_block(&mut ga);
        let plain: [u8; 16] = ga.into();
        out.extend(plain.iter().zip(prev.iter()).map(|(a, b)| a ^ b));
        prev = c;
    }
    let Some(&last) = out.last() else {
        return Err("runtime error: index out of range [-1]".into());
    };
    let keep = out.len() as i64 - last as i64;
    if keep < 0 {
        return Err(format!(
            "runtime error: slice bounds out of range [:{keep}]"
        ));
    }
    out.truncate(keep as usize);
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// A random (version 4) UUID.
pub fn uuidv4() -> String {
    let mut b = rand_bytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

/// Registers hashes, random values and the unsupported key/cert functions.
pub fn register(m: &mut FuncMap) {
    m.insert(
        "sha1sum".into(),
        f(|a| {
            arity("sha1sum", a, 1)?;
            Ok(Value::from(hex(&sha1(s(&a[0])?.as_bytes()))))
        }),
    );
    m.insert(
        "sha256sum".into(),
        f(|a| {
            arity("sha256sum", a, 1)?;
            Ok(Value::from(hex(&sha256(s(&a[0])?.as_bytes()))))
        }),
    );
    m.insert(
        "sha512sum".into(),
        f(|a| {
            arity("sha512sum", a, 1)?;
            Ok(Value::from(hex(&sha512(s(&a[0])?.as_bytes()))))
        }),
    );
    m.insert(
        "adler32sum".into(),
        f(|a| {
            arity("adler32sum", a, 1)?;
            Ok(Value::from(adler32(s(&a[0])?.as_bytes()).to_string()))
        }),
    );
    m.insert(
        "uuidv4".into(),
        f(|a| {
            arity("uuidv4", a, 0)?;
            Ok(Value::from(uuidv4()))
        }),
    );
    m.insert(
        "randBytes".into(),
        f(|a| {
            arity("randBytes", a, 1)?;
            let n = i(&a[0])?;
            if n < 0 {
                return Err("runtime error: makeslice: len out of range".into());
            }
            cap_len("randBytes", n as usize)?;
            Ok(Value::from(b64enc(&rand_bytes(n as usize))))
        }),
    );
    m.insert(
        "randInt".into(),
        f(|a| {
            arity("randInt", a, 2)?;
            let (lo, hi) = (i(&a[0])?, i(&a[1])?);
            match hi.checked_sub(lo) {
                Some(span) if span > 0 => Ok(Value::Int(lo + rand_below(span as u64) as i64)),
                _ => Err("invalid argument to Intn".into()),
            }
        }),
    );
    m.insert(
        "bcrypt".into(),
        f(|a| {
            arity("bcrypt", a, 1)?;
            Ok(Value::from(bcrypt_hash(&s(&a[0])?)))
        }),
    );
    m.insert(
        "htpasswd".into(),
        f(|a| {
            arity("htpasswd", a, 2)?;
            let (user, pass) = (s(&a[0])?, s(&a[1])?);
            if user.contains(':') {
                return Ok(Value::from(format!("invalid username: {user}")));
            }
            Ok(Value::from(format!("{user}:{}", bcrypt_hash(&pass))))
        }),
    );
    m.insert(
        "encryptAES".into(),
        f(|a| {
            arity("encryptAES", a, 2)?;
            Ok(Value::from(encrypt_aes(&s(&a[0])?, &s(&a[1])?)))
        }),
    );
    m.insert(
        "decryptAES".into(),
        f(|a| {
            arity("decryptAES", a, 2)?;
            decrypt_aes(&s(&a[0])?, &s(&a[1])?).map(Value::from)
        }),
    );
    m.insert(
        "derivePassword".into(),
        f(|a| {
            arity("derivePassword", a, 5)?;
            let counter = u32::try_from(i(&a[0])?).map_err(|_| {
                "wrong type for value; expected uint32; got int (out of range)".to_string()
            })?;
            Ok(Value::from(derive_password(
                counter,
                &s(&a[1])?,
                &s(&a[2])?,
                &s(&a[3])?,
                &s(&a[4])?,
            )))
        }),
    );
    m.insert(
        "getHostByName".into(),
        f(|a| {
            arity("getHostByName", a, 1)?;
            Err("getHostByName: plumb renders offline and does not resolve host names".into())
        }),
    );
}
