//! What Kubernetes' YAML library (go-yaml, after libyaml) accepts and
//! saphyr, being stricter about YAML 1.2's indentation rules, does not. Both
//! plumb's manifest loader and Helm's values reader repair the text and parse
//! again, so that what `kubectl` and `helm` read, plumb reads:
//!
//! - a multi-line quoted scalar whose continuation lines are indented no
//!   deeper than its key (`m: 'one` then `two'` under `m`);
//! - a flow collection whose closing `]` or `}` is on a line of its own at
//!   the indentation of its key (`args: [` ... `]` under `args`).
//!
//! A repair only adds spaces at the start of lines that folding or flow
//! syntax ignores, so values are unchanged and lines keep their numbers.

/// The message saphyr gives for an under-indented quoted scalar line.
pub const QUOTED_INDENT: &str = "invalid indentation in quoted scalar";
/// The message saphyr gives for an under-indented line.
pub const INDENT: &str = "invalid indentation";

/// The text repaired for the parse error `message` at 0-based `line` and
/// `col` (in characters), or None when the error is not one of these.
pub fn repair(text: &str, line: usize, col: usize, message: &str) -> Option<String> {
    if message.starts_with(QUOTED_INDENT) {
        return indent_quoted_scalar(text, line, col);
    }
    if message.starts_with(INDENT) {
        return indent_flow_close(text, line);
    }
    None
}

/// One more space before a line that starts with a flow collection's closing
/// bracket.
fn indent_flow_close(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let l = lines.get(line)?;
    if !l.trim_start_matches(' ').starts_with([']', '}']) {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 1);
    for (i, l) in lines.iter().enumerate() {
        if i == line {
            out.push(' ');
        }
        out.push_str(l);
    }
    Some(out)
}

/// Indents the continuation lines of the quoted scalar starting at 0-based
/// `line`, `col` (in characters) one column deeper than the content of the
/// line it starts on. None when there is nothing to change.
pub fn indent_quoted_scalar(text: &str, line: usize, col: usize) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let opening = *lines.get(line)?;
    let start = opening.char_indices().nth(col).map(|(i, _)| i)?;
    let quote = opening[start..].chars().next()?;
    if quote != '\'' && quote != '"' {
        return None;
    }
    // The content column: past indentation and any `- ` sequence markers.
    let mut content = 0;
    let bytes = opening.as_bytes();
    loop {
        while bytes.get(content) == Some(&b' ') {
            content += 1;
        }
        if bytes.get(content) == Some(&b'-') && bytes.get(content + 1) == Some(&b' ') {
            content += 1;
            continue;
        }
        break;
    }
    let need = content + 1;
    // Walk to the closing quote, noting which following lines it spans.
    let mut spanned = Vec::new();
    let mut rest = &opening[start + quote.len_utf8()..];
    let mut at = line;
    'scan: loop {
        let mut chars = rest.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\\' && quote == '"' {
                chars.next();
            } else if c == quote {
                if quote == '\'' && chars.peek() == Some(&'\'') {
                    chars.next();
                } else {
                    break 'scan;
                }
            }
        }
        at += 1;
        match lines.get(at) {
            Some(l) => {
                spanned.push(at);
                rest = l;
            }
            None => return None,
        }
    }
    let short = |l: &str| {
        let indent = l.len() - l.trim_start_matches(' ').len();
        (!l.trim().is_empty() && indent < need).then(|| need - indent)
    };
    if !spanned.iter().any(|&i| short(lines[i]).is_some()) {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 64);
    for (i, l) in lines.iter().enumerate() {
        if let Some(pad) = spanned.contains(&i).then(|| short(l)).flatten() {
            out.extend(std::iter::repeat_n(' ', pad));
        }
        out.push_str(l);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_already_deep_enough_are_left_as_they_are() {
        // The second line is deeper than needed (no underflow: a property
        // test found this panic); only the closing line is indented.
        let text = "<<: \"apiVersion: v1\n  name: web\n\"";
        assert_eq!(
            indent_quoted_scalar(text, 0, 4).as_deref(),
            Some("<<: \"apiVersion: v1\n  name: web\n \"")
        );
        assert_eq!(
            indent_quoted_scalar("a:\n  m: 'x\n  y'\n", 1, 5).as_deref(),
            Some("a:\n  m: 'x\n   y'\n")
        );
    }
}
