//! No Sprig or Helm function panics, whatever it is given: every function is
//! called with every combination of awkward arguments (nil, extreme integers,
//! NaN and infinities, odd strings, empty and nested collections, an object).

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use plumb_helm::funcs::helm_funcs;
use plumb_helm::Value;

fn pool() -> Vec<Value> {
    let mut inner = BTreeMap::new();
    inner.insert("c".to_string(), Value::list(vec![]));
    let mut m = BTreeMap::new();
    m.insert("a".to_string(), Value::Int(1));
    m.insert("b".to_string(), Value::map(inner));
    let semver = helm_funcs()["semver"](&[Value::str("1.2.3")]).expect("semver");
    vec![
        Value::Nil,
        Value::Bool(true),
        Value::Int(0),
        Value::Int(-1),
        Value::Int(3),
        Value::Int(i64::MAX),
        Value::Int(i64::MIN),
        Value::Float(f64::NAN),
        Value::Float(-1.5),
        Value::Float(1e300),
        Value::Float(f64::INFINITY),
        Value::str(""),
        Value::str("a,b-1 x"),
        Value::str("é\u{0}\n😀"),
        Value::str("-2"),
        Value::str("1.2.3"),
        Value::list(vec![Value::Int(1), Value::str("a"), Value::Nil]),
        Value::list(vec![]),
        Value::map(m),
        semver,
    ]
}

#[test]
fn no_function_panics_on_any_arguments() {
    let funcs = helm_funcs();
    let pool = pool();
    let small: Vec<Value> = [0usize, 2, 3, 5, 11, 13, 16, 18]
        .iter()
        .map(|&k| pool[k].clone())
        .collect();
    let mut names: Vec<&String> = funcs.keys().collect();
    names.sort();
    let mut calls = 0usize;
    for name in names {
        // RSA key generation takes about a second in a debug build; the
        // certificate functions have their own test below.
        if name.starts_with("gen") {
            continue;
        }
        let f = &funcs[name];
        let mut arg_sets: Vec<Vec<Value>> = vec![vec![]];
        for a in &pool {
            arg_sets.push(vec![a.clone()]);
            for b in &pool {
                arg_sets.push(vec![a.clone(), b.clone()]);
            }
        }
        for a in &small {
            for b in &small {
                for c in &small {
                    arg_sets.push(vec![a.clone(), b.clone(), c.clone()]);
                    arg_sets.push(vec![a.clone(), b.clone(), c.clone(), pool[18].clone()]);
                }
            }
        }
        for args in arg_sets {
            calls += 1;
            // Fresh copies: `set` and `merge` mutate their map argument.
            let fresh: Vec<Value> = args.iter().map(Value::deep_copy).collect();
            let result = catch_unwind(AssertUnwindSafe(|| f(&fresh)));
            assert!(
                result.is_ok(),
                "{name} panicked on {:?}",
                args.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>()
            );
        }
    }
    assert!(calls > 100_000, "{calls} calls");
}

#[test]
fn a_map_that_contains_itself_is_an_error_not_a_crash() {
    let funcs = helm_funcs();
    let d = funcs["dict"](&[]).expect("dict");
    funcs["set"](&[d.clone(), Value::str("self"), d.clone()]).expect("set");
    for name in [
        "toJson",
        "toYaml",
        "toToml",
        "deepCopy",
        "mustToJson",
        "toPrettyJson",
    ] {
        let r = catch_unwind(AssertUnwindSafe(|| funcs[name](std::slice::from_ref(&d))));
        assert!(r.is_ok(), "{name}");
    }
    assert!(funcs["mustToJson"](std::slice::from_ref(&d))
        .expect_err("cycle")
        .contains("encountered a cycle"));
    assert!(funcs["deepCopy"](std::slice::from_ref(&d)).is_err());
    // Break the cycle so the test does not leak it.
    funcs["unset"](&[d, Value::str("self")]).expect("unset");
}

#[test]
fn wrong_arity_and_types_read_as_go() {
    let funcs = helm_funcs();
    let err = |name: &str, args: &[Value]| funcs[name](args).expect_err(name);
    assert_eq!(
        err("sub", &[Value::Int(1)]),
        "wrong number of args for sub: want 2 got 1"
    );
    assert_eq!(
        err("upper", &[Value::Int(1)]),
        "wrong type for value; expected string; got int"
    );
    assert_eq!(
        err("repeat", &[Value::Float(3.0), Value::str("x")]),
        "wrong type for value; expected int; got float64"
    );
    assert_eq!(
        err("repeat", &[Value::Int(-1), Value::str("x")]),
        "strings: negative Repeat count"
    );
    assert_eq!(
        err("div", &[Value::Int(1), Value::Int(0)]),
        "runtime error: integer divide by zero"
    );
    assert!(err("repeat", &[Value::Int(1 << 40), Value::str("xy")]).contains("limit"));
}

#[test]
fn set_mutates_the_shared_map() {
    let funcs = helm_funcs();
    let d = funcs["dict"](&[Value::str("a"), Value::Int(1)]).expect("dict");
    let alias = d.clone();
    funcs["set"](&[d, Value::str("b"), Value::Int(2)]).expect("set");
    assert_eq!(alias.to_string(), "map[a:1 b:2]");
}

#[test]
fn bcrypt_hashes_are_go_compatible() {
    let funcs = helm_funcs();
    // Made by helm v4.1.4: `bcrypt "secret"` and `htpasswd "user" "secret"`.
    let from_helm = "$2a$10$mpkBnKpEkZ9SbSfb3JI.qO9ts63bDVAZtkGqLFCVgsR9FQq424CVC";
    assert!(bcrypt::verify("secret", from_helm).expect("verify"));
    let ours = funcs["bcrypt"](&[Value::str("secret")]).expect("bcrypt");
    let ours = ours.as_str().expect("string");
    assert!(
        ours.starts_with("$2a$10$") && ours.len() == from_helm.len(),
        "{ours}"
    );
    assert!(bcrypt::verify("secret", ours).expect("verify"));
    let h = funcs["htpasswd"](&[Value::str("user"), Value::str("secret")]).expect("htpasswd");
    let (user, hash) = h
        .as_str()
        .and_then(|t| t.split_once(':'))
        .expect("user:hash");
    assert_eq!(user, "user");
    assert!(bcrypt::verify("secret", hash).expect("verify"));
    assert_eq!(
        funcs["htpasswd"](&[Value::str("us:er"), Value::str("x")]).expect("htpasswd"),
        Value::str("invalid username: us:er")
    );
    assert_eq!(
        funcs["bcrypt"](&[Value::str("x".repeat(80))]).expect("bcrypt"),
        Value::str(
            "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes"
        )
    );
}

#[test]
fn every_function_helm_installs_is_here_and_nothing_else() {
    // Every name helm v4.1.4 accepts in a template (checked one by one with
    // `{{ if false }}{{ NAME }}{{ end }}`), except `include` and `tpl`, which the
    // executor provides; `env` and `expandenv` are not among them.
    let helm: &[&str] = &[
        "hello",
        "ago",
        "date",
        "date_in_zone",
        "date_modify",
        "dateInZone",
        "dateModify",
        "duration",
        "durationRound",
        "htmlDate",
        "htmlDateInZone",
        "must_date_modify",
        "mustDateModify",
        "mustToDate",
        "now",
        "toDate",
        "unixEpoch",
        "abbrev",
        "abbrevboth",
        "trunc",
        "trim",
        "upper",
        "lower",
        "title",
        "untitle",
        "substr",
        "repeat",
        "trimall",
        "trimAll",
        "trimSuffix",
        "trimPrefix",
        "nospace",
        "initials",
        "randAlphaNum",
        "randAlpha",
        "randAscii",
        "randNumeric",
        "swapcase",
        "shuffle",
        "snakecase",
        "camelcase",
        "kebabcase",
        "wrap",
        "wrapWith",
        "contains",
        "hasPrefix",
        "hasSuffix",
        "quote",
        "squote",
        "cat",
        "indent",
        "nindent",
        "replace",
        "plural",
        "sha1sum",
        "sha256sum",
        "sha512sum",
        "adler32sum",
        "toString",
        "atoi",
        "int64",
        "int",
        "float64",
        "seq",
        "toDecimal",
        "split",
        "splitList",
        "splitn",
        "toStrings",
        "until",
        "untilStep",
        "add1",
        "add",
        "sub",
        "div",
        "mod",
        "mul",
        "randInt",
        "add1f",
        "addf",
        "subf",
        "divf",
        "mulf",
        "biggest",
        "max",
        "min",
        "maxf",
        "minf",
        "ceil",
        "floor",
        "round",
        "join",
        "sortAlpha",
        "default",
        "empty",
        "coalesce",
        "all",
        "any",
        "compact",
        "mustCompact",
        "fromJson",
        "toJson",
        "toPrettyJson",
        "toRawJson",
        "mustFromJson",
        "mustToJson",
        "mustToPrettyJson",
        "mustToRawJson",
        "ternary",
        "deepCopy",
        "mustDeepCopy",
        "typeOf",
        "typeIs",
        "typeIsLike",
        "kindOf",
        "kindIs",
        "deepEqual",
        "getHostByName",
        "base",
        "dir",
        "clean",
        "ext",
        "isAbs",
        "osBase",
        "osClean",
        "osDir",
        "osExt",
        "osIsAbs",
        "b64enc",
        "b64dec",
        "b32enc",
        "b32dec",
        "tuple",
        "list",
        "dict",
        "get",
        "set",
        "unset",
        "hasKey",
        "pluck",
        "keys",
        "pick",
        "omit",
        "merge",
        "mergeOverwrite",
        "mustMerge",
        "mustMergeOverwrite",
        "values",
        "append",
        "push",
        "mustAppend",
        "mustPush",
        "prepend",
        "mustPrepend",
        "first",
        "mustFirst",
        "rest",
        "mustRest",
        "last",
        "mustLast",
        "initial",
        "mustInitial",
        "reverse",
        "mustReverse",
        "uniq",
        "mustUniq",
        "without",
        "mustWithout",
        "has",
        "mustHas",
        "slice",
        "mustSlice",
        "concat",
        "dig",
        "chunk",
        "mustChunk",
        "bcrypt",
        "htpasswd",
        "genPrivateKey",
        "derivePassword",
        "buildCustomCert",
        "genCA",
        "genCAWithKey",
        "genSelfSignedCert",
        "genSelfSignedCertWithKey",
        "genSignedCert",
        "genSignedCertWithKey",
        "encryptAES",
        "decryptAES",
        "randBytes",
        "uuidv4",
        "semver",
        "semverCompare",
        "fail",
        "regexMatch",
        "mustRegexMatch",
        "regexFindAll",
        "mustRegexFindAll",
        "regexFind",
        "mustRegexFind",
        "regexReplaceAll",
        "mustRegexReplaceAll",
        "regexReplaceAllLiteral",
        "mustRegexReplaceAllLiteral",
        "regexSplit",
        "mustRegexSplit",
        "regexQuoteMeta",
        "urlParse",
        "urlJoin",
        "toToml",
        "fromToml",
        "toYaml",
        "mustToYaml",
        "toYamlPretty",
        "fromYaml",
        "fromYamlArray",
        "fromJsonArray",
        "required",
        "lookup",
    ];
    let funcs = helm_funcs();
    let mut missing: Vec<&str> = helm
        .iter()
        .copied()
        .filter(|n| !funcs.contains_key(*n))
        .collect();
    missing.sort();
    assert!(missing.is_empty(), "missing: {missing:?}");
    let mut extra: Vec<&String> = funcs
        .keys()
        .filter(|k| !helm.contains(&k.as_str()))
        .collect();
    extra.sort();
    assert!(extra.is_empty(), "not in helm: {extra:?}");
}

#[test]
fn aes_round_trips_with_helm() {
    let funcs = helm_funcs();
    // Made by helm v4.1.4: `encryptAES "secretkey" "plaintext"`.
    let from_helm = "iMwN8qWqQbhq67d8YxYRUcPWC3ePzIMDOEoSvDNjynA=";
    let plain = funcs["decryptAES"](&[Value::str("secretkey"), Value::str(from_helm)]);
    assert_eq!(plain, Ok(Value::str("plaintext")));
    // Made by plumb; helm v4.1.4 `decryptAES`s it to "héllo wörld, a longer text".
    let from_plumb = "mYaz20xmotAOHPn2OQ18LsU6NV2UyoeGwCfhyDfRpBzmnHJwsL0s42E1AKC0Ebdj";
    assert_eq!(
        funcs["decryptAES"](&[Value::str("k"), Value::str(from_plumb)]),
        Ok(Value::str("héllo wörld, a longer text"))
    );
    let ours = funcs["encryptAES"](&[Value::str("k"), Value::str("héllo wörld, a longer text")])
        .expect("encrypt");
    let back = funcs["decryptAES"](&[Value::str("k"), ours]).expect("decrypt");
    assert_eq!(back, Value::str("héllo wörld, a longer text"));
    assert!(funcs["decryptAES"](&[Value::str("k"), Value::str("YQ==")]).is_err());
}

#[test]
fn derive_password_matches_helm() {
    let funcs = helm_funcs();
    // Printed by helm v4.1.4.
    let cases = [
        (
            (1, "long", "password", "user", "example.com"),
            "ZedaFaxcZaso9*",
        ),
        ((2, "maximum", "pw", "u", "s"), "S2$TYTKe9bU9YXWCqT@%"),
        ((1, "pin", "pw", "u", "s"), "6287"),
        ((1, "basic", "pässwörd", "üser", "sïte"), "OzY28MDR"),
        (
            (1, "nope", "pw", "u", "s"),
            "cannot find password template nope",
        ),
    ];
    for ((counter, kind, pw, user, site), want) in cases {
        let got = funcs["derivePassword"](&[
            Value::Int(counter),
            Value::str(kind),
            Value::str(pw),
            Value::str(user),
            Value::str(site),
        ]);
        assert_eq!(got, Ok(Value::str(want)), "{kind}");
    }
}

fn pem_der(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    plumb_helm::funcs::encoding::b64dec(&body).expect("base64")
}

/// (content, whole TLV) of each element of a DER SEQUENCE's content.
fn der_items(d: &[u8]) -> Vec<(&[u8], &[u8])> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < d.len() {
        let l0 = d[k + 1] as usize;
        let (len, hdr) = if l0 < 0x80 {
            (l0, 2)
        } else {
            let n = l0 & 0x7f;
            let mut len = 0;
            for b in &d[k + 2..k + 2 + n] {
                len = len << 8 | *b as usize;
            }
            (len, 2 + n)
        };
        out.push((&d[k + hdr..k + hdr + len], &d[k..k + hdr + len]));
        k += hdr + len;
    }
    out
}

fn field(v: &Value, name: &str) -> String {
    match v {
        Value::Object(o) => o
            .field(name)
            .and_then(|f| f.as_str().map(str::to_string))
            .expect(name),
        other => panic!("not a certificate: {other:?}"),
    }
}

#[test]
fn certificates_are_signed_by_their_issuer() {
    use rsa::{BigUint, Pkcs1v15Sign, RsaPublicKey};
    let funcs = helm_funcs();
    let ca = funcs["genCA"](&[Value::str("my-ca"), Value::Int(365)]).expect("genCA");
    let leaf = funcs["genSignedCert"](&[
        Value::str("svc.ns.svc"),
        Value::list(vec![Value::str("10.0.0.1")]),
        Value::list(vec![Value::str("svc"), Value::str("svc.ns")]),
        Value::Int(30),
        ca.clone(),
    ])
    .expect("genSignedCert");
    assert!(field(&ca, "Cert").starts_with("-----BEGIN CERTIFICATE-----\n"));
    assert!(field(&ca, "Key").starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
    // The CA's public key, from its PKCS#1 private key.
    let key = pem_der(&field(&ca, "Key"));
    let key_items = der_items(der_items(&key)[0].0);
    let n = BigUint::from_bytes_be(key_items[1].0);
    let e = BigUint::from_bytes_be(key_items[2].0);
    let ca_pub = RsaPublicKey::new(n, e).expect("public key");
    let check = |cert_pem: &str| {
        let der = pem_der(cert_pem);
        let top = der_items(&der);
        let parts = der_items(top[0].0);
        let (tbs, sig) = (parts[0].1, &parts[2].0[1..]);
        let mut digest_info = vec![
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0x05, 0x00, 0x04, 0x20,
        ];
        digest_info.extend_from_slice(&plumb_helm::funcs::crypto::sha256(tbs));
        ca_pub
            .verify(Pkcs1v15Sign::new_unprefixed(), &digest_info, sig)
            .expect("signature verifies");
        // issuer (item 3) and subject (item 5) after the version.
        let tbs_items = der_items(der_items(tbs)[0].0);
        (tbs_items[3].1.to_vec(), tbs_items[5].1.to_vec())
    };
    let (ca_issuer, ca_subject) = check(&field(&ca, "Cert"));
    assert_eq!(ca_issuer, ca_subject, "a CA is self-signed");
    let (leaf_issuer, leaf_subject) = check(&field(&leaf, "Cert"));
    assert_eq!(leaf_issuer, ca_subject, "the leaf names the CA as issuer");
    assert_ne!(leaf_subject, ca_subject);
    let leaf_text = String::from_utf8_lossy(&pem_der(&field(&leaf, "Cert"))).into_owned();
    assert!(leaf_text.contains("svc.ns.svc") && leaf_text.contains("svc.ns"));
    // A key given to a ...WithKey function is the one certified.
    let with_key = funcs["genCAWithKey"](&[
        Value::str("ca2"),
        Value::Int(5),
        Value::str(field(&ca, "Key")),
    ])
    .expect("genCAWithKey");
    assert_eq!(field(&with_key, "Key"), field(&ca, "Key"));
    check(&field(&with_key, "Cert"));
    let b64 = |t: String| Value::str(plumb_helm::funcs::encoding::b64enc(t.as_bytes()));
    let custom = funcs["buildCustomCert"](&[b64(field(&ca, "Cert")), b64(field(&ca, "Key"))])
        .expect("buildCustomCert");
    assert_eq!(field(&custom, "Cert"), field(&ca, "Cert"));
    assert!(funcs["genSignedCert"](&[
        Value::str("x"),
        Value::list(vec![Value::str("not-an-ip")]),
        Value::Nil,
        Value::Int(1),
        ca,
    ])
    .expect_err("bad ip")
    .contains("error parsing ip: not-an-ip"));
    assert_eq!(
        funcs["genPrivateKey"](&[Value::str("foo")]),
        Ok(Value::str("Unknown type foo"))
    );
}

#[test]
fn certificate_functions_refuse_bad_keys_and_issuers_without_panicking() {
    let funcs = helm_funcs();
    let pems = [
        "",
        "-----BEGIN -----END -----",
        "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n",
        "-----BEGIN RSA PRIVATE KEY-----\nMAA=\n-----END RSA PRIVATE KEY-----\n",
        "-----BEGIN RSA PRIVATE KEY-----\nMA8CAQACAQECAQECAQECAQE=\n-----END RSA PRIVATE KEY-----\n",
        "-----BEGIN PRIVATE KEY-----\nMAMCAQA=\n-----END PRIVATE KEY-----\n",
        "-----BEGIN EC PRIVATE KEY-----\nMAA=\n-----END EC PRIVATE KEY-----\n",
    ];
    let mut bad_cas: Vec<Value> = vec![Value::Nil, Value::Int(1), Value::str("x")];
    for p in pems {
        let mut m = std::collections::BTreeMap::new();
        m.insert("Cert".to_string(), Value::str(p));
        m.insert("Key".to_string(), Value::str(p));
        bad_cas.push(Value::map(m));
        for args in [
            vec![Value::str("cn"), Value::Int(1), Value::str(p)],
            vec![
                Value::str("cn"),
                Value::Nil,
                Value::Nil,
                Value::Int(1),
                Value::str(p),
            ],
        ] {
            let name = if args.len() == 3 {
                "genCAWithKey"
            } else {
                "genSelfSignedCertWithKey"
            };
            let r = catch_unwind(AssertUnwindSafe(|| funcs[name](&args)));
            assert!(matches!(r, Ok(Err(_))), "{name} on {p:?}");
        }
        let b = Value::str(plumb_helm::funcs::encoding::b64enc(p.as_bytes()));
        let r = catch_unwind(AssertUnwindSafe(|| {
            funcs["buildCustomCert"](&[b.clone(), b])
        }));
        assert!(matches!(r, Ok(Err(_))), "buildCustomCert on {p:?}");
    }
    for ca in bad_cas {
        let args = [Value::str("cn"), Value::Nil, Value::Nil, Value::Int(1), ca];
        let r = catch_unwind(AssertUnwindSafe(|| funcs["genSignedCert"](&args)));
        assert!(matches!(r, Ok(Err(_))), "genSignedCert");
    }
}

#[test]
fn ecdsa_and_ed25519_keys_have_go_s_framing() {
    let funcs = helm_funcs();
    let ec = funcs["genPrivateKey"](&[Value::str("ecdsa")]).expect("ecdsa");
    let ec = ec.as_str().expect("pem");
    assert!(ec.starts_with("-----BEGIN EC PRIVATE KEY-----\n"));
    let der = pem_der(ec);
    // SEQUENCE { 1, OCTET STRING(32), [0] prime256v1, [1] BIT STRING(04 || X || Y) }
    assert_eq!(der.len(), 121, "{der:02x?}");
    assert_eq!(&der[..7], &[0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20]);
    assert_eq!(
        &der[39..51],
        &[0xa0, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]
    );
    assert_eq!(&der[51..56], &[0xa1, 0x44, 0x03, 0x42, 0x00]);
    assert_eq!(der[56], 0x04);
    let ed = funcs["genPrivateKey"](&[Value::str("ed25519")]).expect("ed25519");
    let der = pem_der(ed.as_str().expect("pem"));
    assert_eq!(der.len(), 48);
    assert_eq!(
        &der[..16],
        &[
            0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22,
            0x04, 0x20
        ]
    );
}
