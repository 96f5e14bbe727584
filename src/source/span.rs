//! Positions and spans shared by every loader.
//!
//! Lines and columns are 1-based; columns count Unicode code points, which is
//! what SARIF's `unicodeCodePoints` column kind and most editors expect.

use serde::Serialize;

/// A position in a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in Unicode code points.
    pub col: u32,
}

impl Pos {
    pub const fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }
}

/// A half-open range `[start, end)` in a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    pub const fn new(start: Pos, end: Pos) -> Self {
        Span { start, end }
    }

    /// An empty span at one position.
    pub const fn at(pos: Pos) -> Self {
        Span {
            start: pos,
            end: pos,
        }
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Shift by whole lines (used when a document was parsed on its own).
    pub fn offset_lines(self, lines: u32) -> Span {
        Span {
            start: Pos::new(self.start.line + lines, self.start.col),
            end: Pos::new(self.end.line + lines, self.end.col),
        }
    }

    /// End position suitable for reporting: never before the start and, for an
    /// empty span, one column past it so editors highlight something.
    pub fn report_end(self) -> Pos {
        if self.end <= self.start {
            Pos::new(self.start.line, self.start.col + 1)
        } else {
            self.end
        }
    }
}

/// The text of a 1-based line, without its line terminator.
pub fn line_text(text: &str, line: u32) -> Option<&str> {
    if line == 0 {
        return None;
    }
    text.split('\n')
        .nth(line as usize - 1)
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_end_of_empty_span_is_one_past_start() {
        let s = Span::at(Pos::new(3, 5));
        assert_eq!(s.report_end(), Pos::new(3, 6));
    }

    #[test]
    fn line_text_strips_crlf() {
        assert_eq!(line_text("a\r\nb\n", 1), Some("a"));
        assert_eq!(line_text("a\r\nb\n", 2), Some("b"));
        assert_eq!(line_text("a", 0), None);
    }
}
