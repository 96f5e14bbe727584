//! What Kubernetes' YAML library (go-yaml, after libyaml) accepts and
//! saphyr, being stricter about YAML 1.2's indentation rules, does not. Both
//! plumb's manifest loader and Helm's values reader repair the text and parse
//! again, so that what `kubectl` and `helm` read, plumb reads:
//!
//! - a multi-line quoted scalar whose continuation lines are indented no
//!   deeper than its key (`m: 'one` then `two'` under `m`);
//! - a flow collection whose closing `]` or `}` is on a line of its own at
//!   the indentation of its key (`args: [` ... `]` under `args`);
//! - a flow collection whose items continue on lines indented no deeper
//!   than its key (`Resource: [` then `!Sub "..."` under `Resource`), as
//!   CloudFormation templates written for PyYAML (libyaml too) often are.
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
        return indent_flow_lines(text, line).or_else(|| indent_flow_close(text, line));
    }
    None
}

/// Indents every line of the flow collection that holds 0-based `line`
/// (from the line after the one it opens on, through the one it closes on)
/// to one column deeper than the content of its opening line. None when
/// `line` is in no flow collection, or nothing would change.
fn indent_flow_lines(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let (open, close) = flow_around(&lines, line)?;
    let need = content_column(lines[open]) + 1;
    indent_lines(&lines, |i| (open + 1..=close).contains(&i), need)
}

/// The lines picked by `which` that are not blank and indented less than
/// `need`, indented to `need`; None when there is none.
fn indent_lines(lines: &[&str], which: impl Fn(usize) -> bool, need: usize) -> Option<String> {
    let short = |l: &str| {
        let indent = l.len() - l.trim_start_matches(' ').len();
        (!l.trim().is_empty() && indent < need).then(|| need - indent)
    };
    if !(0..lines.len()).any(|i| which(i) && short(lines[i]).is_some()) {
        return None;
    }
    let mut out = String::with_capacity(lines.iter().map(|l| l.len()).sum::<usize>() + 64);
    for (i, l) in lines.iter().enumerate() {
        if let Some(pad) = which(i).then(|| short(l)).flatten() {
            out.extend(std::iter::repeat_n(' ', pad));
        }
        out.push_str(l);
    }
    Some(out)
}

/// The column where a line's content starts, past indentation and `- `
/// sequence markers.
fn content_column(l: &str) -> usize {
    let bytes = l.as_bytes();
    let mut c = 0;
    loop {
        while bytes.get(c) == Some(&b' ') {
            c += 1;
        }
        if bytes.get(c) == Some(&b'-')
            && matches!(bytes.get(c + 1), Some(b' ' | b'\n' | b'\r') | None)
        {
            c += 1;
            continue;
        }
        break;
    }
    c
}

/// The outermost flow collection around 0-based `target`: the lines it
/// opens and closes on (the last line when unclosed). Quoted scalars,
/// comments and block scalars are skipped; in block context a bracket opens
/// a collection only where a value starts (after `: `, `- `, a tag, or at
/// the start of a line).
fn flow_around(lines: &[&str], target: usize) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut open_line = 0usize;
    // Inside a block scalar: lines indented deeper than this are text.
    let mut block_scalar: Option<usize> = None;
    let mut quote: Option<char> = None;
    for (i, l) in lines.iter().enumerate() {
        let indent = l.len() - l.trim_start_matches(' ').len();
        if let Some(min) = block_scalar {
            if l.trim().is_empty() || indent > min {
                continue;
            }
            block_scalar = None;
        }
        let mut prev_token_start = true;
        let mut prev_ws = true;
        let mut chars = l.char_indices().peekable();
        let mut last_significant: Option<char> = None;
        while let Some((_, c)) = chars.next() {
            if let Some(q) = quote {
                if q == '"' && c == '\\' {
                    chars.next();
                } else if c == q {
                    if q == '\'' && chars.peek().map(|x| x.1) == Some('\'') {
                        chars.next();
                    } else {
                        quote = None;
                    }
                }
                continue;
            }
            match c {
                '#' if prev_ws => break,
                '"' | '\'' if prev_token_start || depth > 0 => quote = Some(c),
                '[' | '{' if depth > 0 || prev_token_start => {
                    if depth == 0 {
                        open_line = i;
                    }
                    depth += 1;
                }
                ']' | '}' if depth > 0 => {
                    depth -= 1;
                    if depth == 0 && open_line < target && target <= i {
                        return Some((open_line, i));
                    }
                }
                '|' | '>' if depth == 0 && prev_token_start => {
                    block_scalar = Some(content_column(l).min(indent));
                    break;
                }
                _ => {}
            }
            if !c.is_whitespace() {
                last_significant = Some(c);
            }
            prev_ws = c.is_whitespace();
            // Where a value may start: after `: `, `- `, `, `, a tag, or at
            // the start of the line.
            prev_token_start = c.is_whitespace()
                && matches!(last_significant, None | Some(':' | '-' | ',' | '[' | '{'))
                || (c.is_whitespace() && tag_before(l, &chars));
        }
    }
    (depth > 0 && open_line < target).then(|| (open_line, lines.len() - 1))
}

/// Whether the token just before the current position is a tag (`!Sub `).
fn tag_before(l: &str, rest: &std::iter::Peekable<std::str::CharIndices>) -> bool {
    let end = rest.clone().peek().map_or(l.len(), |x| x.0);
    let before = l[..end].trim_end();
    before
        .rsplit(|c: char| c.is_whitespace() || c == '[' || c == '{' || c == ',')
        .next()
        .is_some_and(|t| t.starts_with('!'))
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
    let need = content_column(opening) + 1;
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
    indent_lines(&lines, |i| spanned.contains(&i), need)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_items_at_the_key_indentation_are_indented() {
        let text = "a:\n  Resource: [\n  !Sub \"x\",\n  !Sub \"y\"\n  ]\n  b: 1\n";
        assert_eq!(
            repair(text, 2, 2, INDENT).as_deref(),
            Some("a:\n  Resource: [\n   !Sub \"x\",\n   !Sub \"y\"\n   ]\n  b: 1\n")
        );
        // A flow mapping of JSON continued at the key's indentation.
        let text = "m:\n  Schema: {\"a\": 1,\n  \"b\": {\"c\": [1,\n  2]}}\n";
        assert_eq!(
            repair(text, 2, 2, INDENT).as_deref(),
            Some("m:\n  Schema: {\"a\": 1,\n   \"b\": {\"c\": [1,\n   2]}}\n")
        );
        // Brackets in quoted scalars, comments and block scalars are text.
        let text = "a: \"[\"\nb: | \n  [\nc: 1 # [\nd: x\n";
        assert_eq!(
            flow_around(&text.split_inclusive('\n').collect::<Vec<_>>(), 4),
            None
        );
        // A line outside any flow collection is not touched.
        assert_eq!(indent_flow_lines("a: [1]\n b: 2\n", 1), None);
    }

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
