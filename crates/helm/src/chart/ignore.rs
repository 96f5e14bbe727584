//! `.helmignore`, with Helm's rules (`pkg/ignore`): one pattern per line, `#`
//! comments, `!` negates, a trailing `/` matches directories only, a leading `/`
//! anchors at the chart root, a pattern without `/` matches the base name, and
//! patterns are Go's `filepath.Match` globs (`**` is rejected, as Helm does).
//! `templates/.?*` is always added, as Helm's loader does.
//!
//! Faithful to Helm, including its odd negation: a `!pattern` rule ignores every
//! path it does *not* match.

/// A parsed `.helmignore`.
#[derive(Debug, Default, Clone)]
pub struct Rules {
    patterns: Vec<Pattern>,
}

#[derive(Debug, Clone)]
struct Pattern {
    rule: String,
    negate: bool,
    must_dir: bool,
    kind: MatchKind,
}

#[derive(Debug, Clone, Copy)]
enum MatchKind {
    /// Leading `/`: the whole path, from the root.
    Root,
    /// Contains `/`: the whole path.
    Path,
    /// No `/`: the base name only.
    Base,
}

impl Rules {
    /// Parses `.helmignore` text. Errors name the line.
    pub fn parse(text: &str) -> Result<Rules, String> {
        let mut rules = Rules::default();
        for (i, line) in text.lines().enumerate() {
            rules
                .add(line)
                .map_err(|e| format!(".helmignore:{}: {e}", i + 1))?;
        }
        Ok(rules)
    }

    /// Adds Helm's default rule (`templates/.?*`: hidden files in templates/).
    pub fn add_defaults(&mut self) {
        let _ = self.add("templates/.?*");
    }

    fn add(&mut self, rule: &str) -> Result<(), String> {
        let rule = rule.trim();
        if rule.is_empty() || rule.starts_with('#') {
            return Ok(());
        }
        if rule.contains("**") {
            return Err("double-star (**) syntax is not supported".into());
        }
        if go_match(rule, "abc").is_err() {
            return Err(format!("syntax error in pattern {rule:?}"));
        }
        let mut r = rule;
        let negate = r.starts_with('!');
        if negate {
            r = &r[1..];
        }
        let must_dir = r.ends_with('/');
        if must_dir {
            r = &r[..r.len() - 1];
        }
        let (kind, r) = if let Some(rest) = r.strip_prefix('/') {
            (MatchKind::Root, rest)
        } else if r.contains('/') {
            (MatchKind::Path, r)
        } else {
            (MatchKind::Base, r)
        };
        self.patterns.push(Pattern {
            rule: r.to_string(),
            negate,
            must_dir,
            kind,
        });
        Ok(())
    }

    /// Whether `path` (relative, `/`-separated) is ignored.
    pub fn ignore(&self, path: &str, is_dir: bool) -> bool {
        if path.is_empty() || path == "." || path == "./" {
            return false;
        }
        for p in &self.patterns {
            let matches = || {
                let subject = match p.kind {
                    MatchKind::Root | MatchKind::Path => path,
                    MatchKind::Base => path.rsplit('/').next().unwrap_or(path),
                };
                go_match(&p.rule, subject).unwrap_or(false)
            };
            if p.negate {
                if p.must_dir && !is_dir {
                    return true;
                }
                if !matches() {
                    return true;
                }
                continue;
            }
            if p.must_dir && !is_dir {
                continue;
            }
            if matches() {
                return true;
            }
        }
        false
    }
}

/// Go's `path/filepath.Match` with `/` as the separator: `*` is any run of
/// non-`/` characters, `?` one non-`/` character, `[...]` a class (`^` negates,
/// ranges, `\` escapes). `Err` for a malformed pattern (Go's `ErrBadPattern`).
pub fn go_match(pattern: &str, name: &str) -> Result<bool, BadPattern> {
    match_from(
        &pattern.chars().collect::<Vec<_>>(),
        &name.chars().collect::<Vec<_>>(),
    )
    .map_err(|()| BadPattern)
}

/// Go's `filepath.ErrBadPattern`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadPattern;

fn match_from(p: &[char], n: &[char]) -> Result<bool, ()> {
    // Classic backtracking over stars; Go checks the whole pattern's syntax even
    // after a mismatch, which only matters for the error, checked in `add`.
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    loop {
        if pi < p.len() {
            match p[pi] {
                '*' => {
                    star = Some((pi, ni));
                    pi += 1;
                    continue;
                }
                '?' if ni < n.len() && n[ni] != '/' => {
                    pi += 1;
                    ni += 1;
                    continue;
                }
                '[' if ni < n.len() => {
                    let (ok, len) = class(&p[pi..], n[ni])?;
                    if ok {
                        pi += len;
                        ni += 1;
                        continue;
                    }
                }
                '\\' => {
                    let c = *p.get(pi + 1).ok_or(())?;
                    if ni < n.len() && n[ni] == c {
                        pi += 2;
                        ni += 1;
                        continue;
                    }
                }
                '[' => {
                    class(&p[pi..], 'a')?;
                }
                c if c != '?' && ni < n.len() && n[ni] == c => {
                    pi += 1;
                    ni += 1;
                    continue;
                }
                _ => {}
            }
        } else if ni == n.len() {
            return Ok(true);
        }
        // Mismatch: let the last star take one more (non-separator) character.
        match star {
            Some((sp, sn)) if sn < n.len() && n[sn] != '/' => {
                star = Some((sp, sn + 1));
                pi = sp + 1;
                ni = sn + 1;
            }
            _ => {
                // Check the rest of the pattern is well formed, as Go reports it.
                check_syntax(&p[pi.min(p.len())..])?;
                return Ok(false);
            }
        }
    }
}

fn check_syntax(p: &[char]) -> Result<(), ()> {
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            '\\' => {
                if i + 1 >= p.len() {
                    return Err(());
                }
                i += 2;
            }
            '[' => {
                let (_, len) = class(&p[i..], 'a')?;
                i += len;
            }
            _ => i += 1,
        }
    }
    Ok(())
}

/// Matches `c` against the class at the start of `p` (`[...]`); returns whether it
/// matched and the class's length in the pattern.
fn class(p: &[char], c: char) -> Result<(bool, usize), ()> {
    let mut i = 1;
    let negated = p.get(i) == Some(&'^');
    if negated {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        if p.get(i) == Some(&']') && !first {
            i += 1;
            break;
        }
        first = false;
        let lo = read_class_char(p, &mut i)?;
        let mut hi = lo;
        if p.get(i) == Some(&'-') {
            i += 1;
            hi = read_class_char(p, &mut i)?;
        }
        if lo <= c && c <= hi {
            matched = true;
        }
    }
    Ok((matched != negated, i))
}

fn read_class_char(p: &[char], i: &mut usize) -> Result<char, ()> {
    let ch = *p.get(*i).ok_or(())?;
    if ch == '-' || ch == ']' {
        return Err(());
    }
    if ch == '\\' {
        let c = *p.get(*i + 1).ok_or(())?;
        *i += 2;
        return Ok(c);
    }
    *i += 1;
    Ok(ch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_filepath_match() {
        assert_eq!(go_match("*.txt", "a.txt"), Ok(true));
        assert_eq!(go_match("*.txt", "d/a.txt"), Ok(false));
        assert_eq!(go_match("d/*.txt", "d/a.txt"), Ok(true));
        assert_eq!(go_match("a?c", "abc"), Ok(true));
        assert_eq!(go_match("a?c", "a/c"), Ok(false));
        assert_eq!(go_match("[a-c]x", "bx"), Ok(true));
        assert_eq!(go_match("[^a-c]x", "bx"), Ok(false));
        assert_eq!(go_match("\\*", "*"), Ok(true));
        assert_eq!(go_match("*", ""), Ok(true));
        assert_eq!(go_match(".*", ".git"), Ok(true));
        assert_eq!(go_match("[", "a"), Err(BadPattern));
    }

    #[test]
    fn helmignore_rules() {
        let mut r = Rules::parse("# comment\n*.tmp\n/secret.txt\ndocs/\nsub/*.md\n").unwrap();
        r.add_defaults();
        assert!(r.ignore("x.tmp", false));
        assert!(r.ignore("files/x.tmp", false), "no slash: base name");
        assert!(r.ignore("secret.txt", false));
        assert!(!r.ignore("files/secret.txt", false), "anchored at the root");
        assert!(r.ignore("docs", true));
        assert!(!r.ignore("docs", false), "trailing slash: directories only");
        assert!(r.ignore("sub/a.md", false));
        assert!(!r.ignore("other/sub/a.md", false));
        assert!(r.ignore("templates/.hidden", false));
        assert!(!r.ignore("templates/x.yaml", false));
        assert!(Rules::parse("a/**/b").is_err());
    }
}
