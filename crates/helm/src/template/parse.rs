//! The parser: a port of Go's `text/template/parse/parse.go` (same grammar, same
//! variable scoping checks, same error messages), producing trees whose nodes carry
//! their byte offset in the template text.

use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

use super::lex::{Item, ItemType, Lexer};

/// Limit on nested parenthesised pipelines (Go's `maxStackDepth` is 10000; ours
/// is lower so that dropping or printing such a tree stays within a small stack).
pub(crate) const MAX_PAREN_DEPTH: usize = 1_000;
/// Our limit on nested control structures (`if`/`range`/`with`/`block`); Go has
/// none, but a deeper nesting is certainly not a real chart (and dropping or
/// printing a deeper tree would need a deeper stack).
pub(crate) const MAX_CONTROL_DEPTH: usize = 1_000;

/// The source a tree was parsed from: its name (Go's `ParseName`) and text, for
/// turning byte offsets into lines and columns.
#[derive(Debug)]
pub(crate) struct Source {
    pub name: Rc<str>,
    pub text: Rc<str>,
    line_starts: Vec<usize>,
    /// Columns are byte offsets on an ASCII text (no counting needed).
    ascii: bool,
}

impl Source {
    pub(crate) fn new(name: &str, text: &str) -> Source {
        let mut line_starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i + 1);
            }
        }
        Source {
            name: Rc::from(name),
            text: Rc::from(text),
            line_starts,
            ascii: text.is_ascii(),
        }
    }

    /// 1-based line, 1-based column in characters.
    pub(crate) fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let idx = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[idx];
        if self.ascii {
            return (idx as u32 + 1, (offset - start) as u32 + 1);
        }
        let col = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        (idx as u32 + 1, col as u32 + 1)
    }
}

/// A parsed template (one file, or one `define`/`block`).
#[derive(Debug)]
pub(crate) struct Tree {
    pub name: String,
    pub source: Rc<Source>,
    pub root: Vec<Node>,
}

impl Tree {
    /// Go's `IsEmptyTree`: only whitespace text (and comments).
    pub(crate) fn is_empty(&self) -> bool {
        self.root.iter().all(|n| match n {
            Node::Text { text, .. } => text.trim_matches([' ', '\t', '\r', '\n']).is_empty(),
            _ => false,
        })
    }
}

#[derive(Debug)]
pub(crate) enum Node {
    Text {
        pos: usize,
        text: Rc<str>,
    },
    /// `start` is the offset of the action's `{{` (the position of its output).
    Action {
        start: usize,
        pipe: Pipe,
    },
    If(Branch),
    With(Branch),
    Range(Branch),
    Break,
    Continue,
    Template {
        start: usize,
        pos: usize,
        name: String,
        pipe: Option<Pipe>,
    },
}

#[derive(Debug)]
pub(crate) struct Branch {
    pub pipe: Pipe,
    pub list: Vec<Node>,
    pub else_list: Option<Vec<Node>>,
}

#[derive(Debug)]
pub(crate) struct Pipe {
    pub pos: usize,
    pub is_assign: bool,
    pub decl: Vec<(usize, String)>,
    pub cmds: Vec<Cmd>,
}

#[derive(Debug)]
pub(crate) struct Cmd {
    pub pos: usize,
    pub args: Vec<Arg>,
}

/// A parsed number constant, as Go's `NumberNode`.
#[derive(Debug, Clone)]
pub(crate) struct Number {
    pub text: String,
    pub int: Option<i64>,
    pub uint: Option<u64>,
    pub float: Option<f64>,
    pub complex: bool,
}

#[derive(Debug)]
pub(crate) enum Arg {
    Field {
        pos: usize,
        idents: Vec<String>,
    },
    Chain {
        pos: usize,
        node: Box<Arg>,
        fields: Vec<String>,
    },
    Ident {
        pos: usize,
        name: String,
    },
    Dot {
        pos: usize,
    },
    Nil {
        pos: usize,
    },
    Bool {
        pos: usize,
        val: bool,
    },
    Number {
        pos: usize,
        num: Number,
    },
    Str {
        pos: usize,
        quoted: String,
        val: Rc<str>,
    },
    /// `idents[0]` is the variable name with its `$`.
    Var {
        pos: usize,
        idents: Vec<String>,
    },
    Pipe(Box<Pipe>),
}

impl Arg {
    pub(crate) fn pos(&self) -> usize {
        match self {
            Arg::Field { pos, .. }
            | Arg::Chain { pos, .. }
            | Arg::Ident { pos, .. }
            | Arg::Dot { pos }
            | Arg::Nil { pos }
            | Arg::Bool { pos, .. }
            | Arg::Number { pos, .. }
            | Arg::Str { pos, .. }
            | Arg::Var { pos, .. } => *pos,
            Arg::Pipe(p) => p.pos,
        }
    }
}

// ---- Go's node String() forms (used in error contexts `at <...>`) ----

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Field { idents, .. } => {
                for i in idents {
                    write!(f, ".{i}")?;
                }
                Ok(())
            }
            Arg::Chain { node, fields, .. } => {
                if let Arg::Pipe(p) = node.as_ref() {
                    write!(f, "({p})")?;
                } else {
                    write!(f, "{node}")?;
                }
                for i in fields {
                    write!(f, ".{i}")?;
                }
                Ok(())
            }
            Arg::Ident { name, .. } => f.write_str(name),
            Arg::Dot { .. } => f.write_str("."),
            Arg::Nil { .. } => f.write_str("nil"),
            Arg::Bool { val, .. } => write!(f, "{val}"),
            Arg::Number { num, .. } => f.write_str(&num.text),
            Arg::Str { quoted, .. } => f.write_str(quoted),
            Arg::Var { idents, .. } => f.write_str(&idents.join(".")),
            Arg::Pipe(p) => write!(f, "{p}"),
        }
    }
}

impl fmt::Display for Cmd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            if let Arg::Pipe(p) = a {
                write!(f, "({p})")?;
            } else {
                write!(f, "{a}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Pipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.decl.is_empty() {
            for (i, (_, v)) in self.decl.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                f.write_str(v)?;
            }
            f.write_str(" := ")?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

fn write_list(f: &mut fmt::Formatter<'_>, list: &[Node]) -> fmt::Result {
    for n in list {
        write!(f, "{n}")?;
    }
    Ok(())
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let branch = |f: &mut fmt::Formatter<'_>, name: &str, b: &Branch| {
            write!(f, "{{{{{name} {}}}}}", b.pipe)?;
            write_list(f, &b.list)?;
            if let Some(e) = &b.else_list {
                f.write_str("{{else}}")?;
                write_list(f, e)?;
            }
            f.write_str("{{end}}")
        };
        match self {
            Node::Text { text, .. } => f.write_str(text),
            Node::Action { pipe, .. } => write!(f, "{{{{{pipe}}}}}"),
            Node::If(b) => branch(f, "if", b),
            Node::With(b) => branch(f, "with", b),
            Node::Range(b) => branch(f, "range", b),
            Node::Break => f.write_str("{{break}}"),
            Node::Continue => f.write_str("{{continue}}"),
            Node::Template { name, pipe, .. } => {
                write!(f, "{{{{template {}", super::fmt::go_quote(name))?;
                if let Some(p) = pipe {
                    write!(f, " {p}")?;
                }
                f.write_str("}}")
            }
        }
    }
}

// ---- the parser ----

/// A parse error: message (without Go's `template: NAME:LINE:` prefix) and line.
#[derive(Debug)]
pub(crate) struct ParseError {
    pub line: u32,
    pub message: String,
}

type PResult<T> = Result<T, ParseError>;

/// What a list ended with (Go's `nodeEnd`/`nodeElse` pseudo-nodes).
enum Stop {
    End,
    Else,
}

enum ListItem {
    Node(Node),
    Stop(Stop),
}

pub(crate) struct Parser<'f> {
    items: Vec<Item>,
    idx: usize,
    /// The latest item read from the lexer (Go's `token[0]`), for error lines.
    last_line: u32,
    source: Rc<Source>,
    has_func: &'f dyn Fn(&str) -> bool,
    vars: Vec<String>,
    range_depth: usize,
    paren_depth: usize,
    control_depth: usize,
    action_line: u32,
    action_start: usize,
    /// Trees defined in this parse (in order), the first being the top level.
    pub(crate) trees: Vec<Tree>,
}

/// Parses `text` as the template `name`; returns the top-level tree first, then
/// the `define`d and `block` trees.
pub(crate) fn parse(name: &str, text: &str, has_func: &dyn Fn(&str) -> bool) -> PResult<Vec<Tree>> {
    let source = Rc::new(Source::new(name, text));
    let items = Lexer::lex(text);
    let mut p = Parser {
        items,
        idx: 0,
        last_line: 1,
        source: source.clone(),
        has_func,
        vars: vec!["$".into()],
        range_depth: 0,
        paren_depth: 0,
        control_depth: 0,
        action_line: 0,
        action_start: 0,
        trees: Vec::new(),
    };
    let root = p.parse_top()?;
    let mut trees = vec![Tree {
        name: name.to_string(),
        source,
        root,
    }];
    // Go's treeSet: the top-level tree is added under its name too; `define`s
    // with the same name as the file would replace it.
    let mut defined: HashMap<String, usize> = HashMap::new();
    for t in p.trees {
        if t.name == name {
            if trees[0].is_empty() {
                trees[0] = t;
            } else if !t.is_empty() {
                return Err(ParseError {
                    line: p.last_line,
                    message: format!(
                        "template: multiple definition of template {}",
                        super::fmt::go_quote(name)
                    ),
                });
            }
            continue;
        }
        if let Some(&i) = defined.get(&t.name) {
            let old: &Tree = &trees[i];
            if old.is_empty() {
                trees[i] = t;
            } else if !t.is_empty() {
                return Err(ParseError {
                    line: p.last_line,
                    message: format!(
                        "template: multiple definition of template {}",
                        super::fmt::go_quote(&t.name)
                    ),
                });
            }
            continue;
        }
        defined.insert(t.name.clone(), trees.len());
        trees.push(t);
    }
    Ok(trees)
}

fn unquote(token: &Item) -> Result<String, String> {
    super::fmt::go_unquote(&token.val)
}

impl Parser<'_> {
    fn errorf(&self, message: String) -> ParseError {
        ParseError {
            line: self.last_line,
            message,
        }
    }

    fn next(&mut self) -> Item {
        let item = match self.items.get(self.idx).or(self.items.last()) {
            Some(i) => i.clone(),
            None => Item {
                typ: ItemType::Eof,
                pos: self.source.text.len(),
                val: Rc::from(""),
                line: 1,
            },
        };
        self.idx += 1;
        self.last_line = self.last_line.max(item.line);
        item
    }

    fn backup(&mut self) {
        self.idx = self.idx.saturating_sub(1);
    }

    fn peek(&mut self) -> Item {
        let i = self.next();
        self.backup();
        i
    }

    fn next_non_space(&mut self) -> Item {
        loop {
            let i = self.next();
            if i.typ != ItemType::Space {
                return i;
            }
        }
    }

    fn peek_non_space(&mut self) -> Item {
        let i = self.next_non_space();
        self.backup();
        i
    }

    fn unexpected(&self, item: &Item, context: &str) -> ParseError {
        if item.typ == ItemType::Error {
            let mut extra = String::new();
            if self.action_line != 0 && self.action_line != item.line {
                extra = format!(
                    " in action started at {}:{}",
                    self.source.name, self.action_line
                );
                if item.val.ends_with(" action") {
                    extra = extra[" in action".len()..].to_string();
                }
            }
            return ParseError {
                line: item.line.max(self.last_line),
                message: format!("{item}{extra}"),
            };
        }
        self.errorf(format!("unexpected {item} in {context}"))
    }

    fn expect(&mut self, typ: ItemType, context: &str) -> PResult<Item> {
        let t = self.next_non_space();
        if t.typ != typ {
            return Err(self.unexpected(&t, context));
        }
        Ok(t)
    }

    fn parse_top(&mut self) -> PResult<Vec<Node>> {
        let mut root = Vec::new();
        loop {
            let t = self.peek();
            if t.typ == ItemType::Eof {
                break;
            }
            if t.typ == ItemType::LeftDelim {
                let save = self.idx;
                self.next();
                if self.next_non_space().typ == ItemType::Define {
                    self.parse_definition()?;
                    continue;
                }
                self.idx = save;
            }
            match self.text_or_action()? {
                ListItem::Node(n) => root.push(n),
                ListItem::Stop(Stop::End) => return Err(self.errorf("unexpected {{end}}".into())),
                ListItem::Stop(Stop::Else) => return Err(self.errorf("unexpected {{else}}".into())),
            }
        }
        Ok(root)
    }

    /// A fresh tree context (Go's `startParse` for define/block bodies).
    fn with_fresh_scope<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        let vars = std::mem::replace(&mut self.vars, vec!["$".into()]);
        let range_depth = std::mem::replace(&mut self.range_depth, 0);
        let r = f(self);
        self.vars = vars;
        self.range_depth = range_depth;
        r
    }

    fn parse_definition(&mut self) -> PResult<()> {
        let context = "define clause";
        let t = self.next_non_space();
        if !matches!(t.typ, ItemType::String | ItemType::RawString) {
            return Err(self.unexpected(&t, context));
        }
        let name = unquote(&t).map_err(|e| self.errorf(e))?;
        self.expect(ItemType::RightDelim, context)?;
        let (list, stop) = self.with_fresh_scope(|p| p.item_list())?;
        if let Stop::Else = stop {
            return Err(self.errorf(format!("unexpected {{{{else}}}} in {context}")));
        }
        self.trees.push(Tree {
            name,
            source: self.source.clone(),
            root: list,
        });
        Ok(())
    }

    fn item_list(&mut self) -> PResult<(Vec<Node>, Stop)> {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.item_list_inner())
    }

    fn item_list_inner(&mut self) -> PResult<(Vec<Node>, Stop)> {
        self.control_depth += 1;
        if self.control_depth > MAX_CONTROL_DEPTH {
            return Err(self.errorf("max control structure nesting depth exceeded".into()));
        }
        let mut list = Vec::new();
        let r = loop {
            if self.peek_non_space().typ == ItemType::Eof {
                break Err(self.errorf("unexpected EOF".into()));
            }
            match self.text_or_action()? {
                ListItem::Node(n) => list.push(n),
                ListItem::Stop(s) => break Ok((std::mem::take(&mut list), s)),
            }
        };
        self.control_depth -= 1;
        r
    }

    fn text_or_action(&mut self) -> PResult<ListItem> {
        let t = self.next_non_space();
        match t.typ {
            ItemType::Text => Ok(ListItem::Node(Node::Text {
                pos: t.pos,
                text: t.val.clone(),
            })),
            ItemType::LeftDelim => {
                self.action_line = t.line;
                self.action_start = t.pos;
                let r = self.action();
                self.action_line = 0;
                r
            }
            _ => Err(self.unexpected(&t, "input")),
        }
    }

    fn action(&mut self) -> PResult<ListItem> {
        let t = self.next_non_space();
        match t.typ {
            ItemType::Block => return self.block_control().map(ListItem::Node),
            ItemType::Break => return self.break_control("break").map(ListItem::Node),
            ItemType::Continue => return self.break_control("continue").map(ListItem::Node),
            ItemType::Else => return self.else_control(),
            ItemType::End => {
                self.expect(ItemType::RightDelim, "end")?;
                return Ok(ListItem::Stop(Stop::End));
            }
            ItemType::If => return self.branch_control("if").map(ListItem::Node),
            ItemType::Range => return self.branch_control("range").map(ListItem::Node),
            ItemType::Template => return self.template_control().map(ListItem::Node),
            ItemType::With => return self.branch_control("with").map(ListItem::Node),
            _ => {}
        }
        self.backup();
        let pipe = self.pipeline("command", ItemType::RightDelim)?;
        Ok(ListItem::Node(Node::Action {
            start: self.action_start,
            pipe,
        }))
    }

    fn break_control(&mut self, word: &str) -> PResult<Node> {
        let t = self.next_non_space();
        if t.typ != ItemType::RightDelim {
            return Err(self.unexpected(&t, &format!("{{{{{word}}}}}")));
        }
        if self.range_depth == 0 {
            return Err(self.errorf(format!("{{{{{word}}}}} outside {{{{range}}}}")));
        }
        Ok(if word == "break" {
            Node::Break
        } else {
            Node::Continue
        })
    }

    fn else_control(&mut self) -> PResult<ListItem> {
        let peek = self.peek_non_space();
        if matches!(peek.typ, ItemType::If | ItemType::With) {
            return Ok(ListItem::Stop(Stop::Else));
        }
        self.expect(ItemType::RightDelim, "else")?;
        Ok(ListItem::Stop(Stop::Else))
    }

    fn branch_control(&mut self, context: &str) -> PResult<Node> {
        let nvars = self.vars.len();
        let r = self.branch_inner(context);
        self.vars.truncate(nvars);
        r
    }

    fn branch_inner(&mut self, context: &str) -> PResult<Node> {
        let pipe = self.pipeline(context, ItemType::RightDelim)?;
        if context == "range" {
            self.range_depth += 1;
        }
        let r = self.item_list();
        if context == "range" {
            self.range_depth -= 1;
        }
        let (list, stop) = r?;
        let mut else_list = None;
        if let Stop::Else = stop {
            let peek = self.peek();
            if context == "if" && peek.typ == ItemType::If {
                self.next();
                else_list = Some(vec![self.nested_branch("if")?]);
            } else if context == "with" && peek.typ == ItemType::With {
                self.next();
                else_list = Some(vec![self.nested_branch("with")?]);
            } else {
                let (l, stop) = self.item_list()?;
                if let Stop::Else = stop {
                    return Err(self.errorf("expected end; found {{else}}".into()));
                }
                else_list = Some(l);
            }
        }
        let b = Branch {
            pipe,
            list,
            else_list,
        };
        Ok(match context {
            "if" => Node::If(b),
            "with" => Node::With(b),
            _ => Node::Range(b),
        })
    }

    fn nested_branch(&mut self, context: &str) -> PResult<Node> {
        self.control_depth += 1;
        if self.control_depth > MAX_CONTROL_DEPTH {
            return Err(self.errorf("max control structure nesting depth exceeded".into()));
        }
        let r = self.branch_control(context);
        self.control_depth -= 1;
        r
    }

    fn parse_template_name(&mut self, t: &Item, context: &str) -> PResult<String> {
        match t.typ {
            ItemType::String | ItemType::RawString => unquote(t).map_err(|e| self.errorf(e)),
            _ => Err(self.unexpected(t, context)),
        }
    }

    fn template_control(&mut self) -> PResult<Node> {
        let context = "template clause";
        let t = self.next_non_space();
        let name = self.parse_template_name(&t, context)?;
        let mut pipe = None;
        if self.next_non_space().typ != ItemType::RightDelim {
            self.backup();
            pipe = Some(self.pipeline(context, ItemType::RightDelim)?);
        }
        Ok(Node::Template {
            start: self.action_start,
            pos: t.pos,
            name,
            pipe,
        })
    }

    fn block_control(&mut self) -> PResult<Node> {
        let context = "block clause";
        let t = self.next_non_space();
        let name = self.parse_template_name(&t, context)?;
        let pipe = self.pipeline(context, ItemType::RightDelim)?;
        let (list, stop) = self.with_fresh_scope(|p| p.item_list())?;
        if let Stop::Else = stop {
            return Err(self.errorf(format!("unexpected {{{{else}}}} in {context}")));
        }
        self.trees.push(Tree {
            name: name.clone(),
            source: self.source.clone(),
            root: list,
        });
        Ok(Node::Template {
            start: self.action_start,
            pos: t.pos,
            name,
            pipe: Some(pipe),
        })
    }

    fn pipeline(&mut self, context: &str, end: ItemType) -> PResult<Pipe> {
        let start = self.peek_non_space();
        let mut pipe = Pipe {
            pos: start.pos,
            is_assign: false,
            decl: Vec::new(),
            cmds: Vec::new(),
        };
        'decls: loop {
            let v = self.peek_non_space();
            if v.typ != ItemType::Variable {
                break;
            }
            let save = self.idx;
            self.next();
            let after = self.peek();
            let next = self.peek_non_space();
            match next.typ {
                ItemType::Assign | ItemType::Declare => {
                    pipe.is_assign = next.typ == ItemType::Assign;
                    self.next_non_space();
                    pipe.decl.push((v.pos, v.val.to_string()));
                    self.vars.push(v.val.to_string());
                    break;
                }
                ItemType::Char if &*next.val == "," => {
                    self.next_non_space();
                    pipe.decl.push((v.pos, v.val.to_string()));
                    self.vars.push(v.val.to_string());
                    if context == "range" && pipe.decl.len() < 2 {
                        match self.peek_non_space().typ {
                            ItemType::Variable | ItemType::RightDelim | ItemType::RightParen => {
                                continue 'decls;
                            }
                            _ => {
                                return Err(
                                    self.errorf("range can only initialize variables".into())
                                )
                            }
                        }
                    }
                    return Err(self.errorf(format!("too many declarations in {context}")));
                }
                _ => {
                    let _ = after;
                    self.idx = save;
                    break;
                }
            }
        }
        loop {
            let t = self.next_non_space();
            if t.typ == end {
                self.check_pipeline(&pipe, context)?;
                return Ok(pipe);
            }
            match t.typ {
                ItemType::Bool
                | ItemType::CharConstant
                | ItemType::Complex
                | ItemType::Dot
                | ItemType::Field
                | ItemType::Identifier
                | ItemType::Number
                | ItemType::Nil
                | ItemType::RawString
                | ItemType::String
                | ItemType::Variable
                | ItemType::LeftParen => {
                    self.backup();
                    let c = self.command()?;
                    pipe.cmds.push(c);
                }
                _ => return Err(self.unexpected(&t, context)),
            }
        }
    }

    fn check_pipeline(&self, pipe: &Pipe, context: &str) -> PResult<()> {
        if pipe.cmds.is_empty() {
            return Err(self.errorf(format!("missing value for {context}")));
        }
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if let Some(
                Arg::Bool { .. }
                | Arg::Dot { .. }
                | Arg::Nil { .. }
                | Arg::Number { .. }
                | Arg::Str { .. },
            ) = c.args.first()
            {
                return Err(self.errorf(format!(
                    "non executable command in pipeline stage {}",
                    i + 1
                )));
            }
        }
        Ok(())
    }

    fn command(&mut self) -> PResult<Cmd> {
        let pos = self.peek_non_space().pos;
        let mut cmd = Cmd {
            pos,
            args: Vec::new(),
        };
        loop {
            self.peek_non_space();
            if let Some(op) = self.operand()? {
                cmd.args.push(op);
            }
            let t = self.next();
            match t.typ {
                ItemType::Space => continue,
                ItemType::RightDelim | ItemType::RightParen => self.backup(),
                ItemType::Pipe => {}
                _ => return Err(self.unexpected(&t, "operand")),
            }
            break;
        }
        if cmd.args.is_empty() {
            return Err(self.errorf("empty command".into()));
        }
        Ok(cmd)
    }

    fn operand(&mut self) -> PResult<Option<Arg>> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if self.peek().typ == ItemType::Field {
            let chain_pos = self.peek().pos;
            let mut fields = Vec::new();
            while self.peek().typ == ItemType::Field {
                let f = self.next();
                fields.push(f.val[1..].to_string());
            }
            return Ok(Some(match node {
                Arg::Field { mut idents, .. } => {
                    idents.extend(fields);
                    Arg::Field {
                        pos: chain_pos,
                        idents,
                    }
                }
                Arg::Var { mut idents, .. } => {
                    idents.extend(fields);
                    Arg::Var {
                        pos: chain_pos,
                        idents,
                    }
                }
                Arg::Bool { .. }
                | Arg::Str { .. }
                | Arg::Number { .. }
                | Arg::Nil { .. }
                | Arg::Dot { .. } => {
                    return Err(self.errorf(format!(
                        "unexpected . after term {}",
                        super::fmt::go_quote(&node.to_string())
                    )))
                }
                other => Arg::Chain {
                    pos: chain_pos,
                    node: Box::new(other),
                    fields,
                },
            }));
        }
        Ok(Some(node))
    }

    fn term(&mut self) -> PResult<Option<Arg>> {
        let t = self.next_non_space();
        let pos = t.pos;
        Ok(Some(match t.typ {
            ItemType::Identifier => {
                if !(self.has_func)(&t.val) {
                    return Err(self.errorf(format!(
                        "function {} not defined",
                        super::fmt::go_quote(&t.val)
                    )));
                }
                Arg::Ident {
                    pos,
                    name: t.val.to_string(),
                }
            }
            ItemType::Dot => Arg::Dot { pos },
            ItemType::Nil => Arg::Nil { pos },
            ItemType::Variable => {
                let idents: Vec<String> = split_var(&t.val);
                if !self.vars.iter().any(|v| *v == idents[0]) {
                    return Err(self.errorf(format!(
                        "undefined variable {}",
                        super::fmt::go_quote(&idents[0])
                    )));
                }
                Arg::Var { pos, idents }
            }
            ItemType::Field => Arg::Field {
                pos,
                idents: vec![t.val[1..].to_string()],
            },
            ItemType::Bool => Arg::Bool {
                pos,
                val: &*t.val == "true",
            },
            ItemType::CharConstant | ItemType::Complex | ItemType::Number => {
                let num = parse_number(&t.val, t.typ).map_err(|e| self.errorf(e))?;
                Arg::Number { pos, num }
            }
            ItemType::LeftParen => {
                self.paren_depth += 1;
                if self.paren_depth > MAX_PAREN_DEPTH {
                    return Err(self.errorf("max expression depth exceeded".into()));
                }
                let p = stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
                    self.pipeline("parenthesized pipeline", ItemType::RightParen)
                });
                self.paren_depth -= 1;
                Arg::Pipe(Box::new(p?))
            }
            ItemType::String | ItemType::RawString => {
                let val = unquote(&t).map_err(|e| self.errorf(e))?;
                Arg::Str {
                    pos,
                    quoted: t.val.to_string(),
                    val: Rc::from(val.as_str()),
                }
            }
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }
}

fn split_var(v: &str) -> Vec<String> {
    v.split('.').map(str::to_string).collect()
}

/// Go's `newNumber`.
pub(crate) fn parse_number(text: &str, typ: ItemType) -> Result<Number, String> {
    let mut n = Number {
        text: text.to_string(),
        int: None,
        uint: None,
        float: None,
        complex: false,
    };
    if typ == ItemType::CharConstant {
        let inner = &text[1..];
        let (c, tail) = super::fmt::unquote_char(inner, '\'')?;
        if tail != "'" {
            return Err(format!("malformed character constant: {text}"));
        }
        n.int = Some(c as i64);
        n.uint = Some(c as u64);
        n.float = Some(c as u32 as f64);
        return Ok(n);
    }
    if typ == ItemType::Complex || text.ends_with('i') {
        n.complex = true;
        return Ok(n);
    }
    let u = parse_uint_base0(text);
    if let Some(u) = u {
        n.uint = Some(u);
    }
    if let Some(i) = parse_int_base0(text) {
        n.int = Some(i);
        if i == 0 {
            n.uint = Some(0);
        }
    }
    if let Some(i) = n.int {
        n.float = Some(i as f64);
    } else if let Some(u) = n.uint {
        n.float = Some(u as f64);
    } else if let Some(f) = parse_go_float(text) {
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!("integer overflow: {}", super::fmt::go_quote(text)));
        }
        n.float = Some(f);
        if f.fract() == 0.0 && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
            n.int = Some(f as i64);
        }
        if f.fract() == 0.0 && (0.0..1.844_674_407_370_955_2e19).contains(&f) {
            n.uint = Some(f as u64);
        }
    }
    if n.int.is_none() && n.uint.is_none() && n.float.is_none() {
        return Err(format!(
            "illegal number syntax: {}",
            super::fmt::go_quote(text)
        ));
    }
    Ok(n)
}

/// Checks Go's underscore rule: underscores only between digits (or after a base
/// prefix), and returns the digits without them.
fn strip_underscores(s: &str, base_prefix: bool) -> Option<String> {
    if !s.contains('_') {
        return Some(s.to_string());
    }
    let b = s.as_bytes();
    // Go's underscoreOK: '_' must separate digits (or follow the base prefix).
    let mut prev = if base_prefix { b'0' } else { b' ' };
    for (i, &c) in b.iter().enumerate() {
        if c == b'_' {
            if !(prev.is_ascii_alphanumeric()) {
                return None;
            }
        } else if prev == b'_' && !c.is_ascii_alphanumeric() {
            return None;
        }
        if i == b.len() - 1 && c == b'_' {
            return None;
        }
        prev = c;
    }
    Some(s.replace('_', ""))
}

fn split_base(s: &str) -> (u32, &str, bool) {
    let lower = s.get(..2).map(|p| p.to_ascii_lowercase());
    match lower.as_deref() {
        Some("0x") => (16, &s[2..], true),
        Some("0o") => (8, &s[2..], true),
        Some("0b") => (2, &s[2..], true),
        _ if s.len() > 1 && s.starts_with('0') => (8, &s[1..], true),
        _ => (10, s, false),
    }
}

fn parse_uint_base0(s: &str) -> Option<u64> {
    if s.starts_with(['+', '-']) {
        return None;
    }
    let (base, digits, prefixed) = split_base(s);
    let digits = strip_underscores(digits, prefixed)?;
    if digits.is_empty() {
        return None;
    }
    u64::from_str_radix(&digits, base).ok()
}

fn parse_int_base0(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let u = parse_uint_base0(body)?;
    if neg {
        if u <= i64::MAX as u64 + 1 {
            Some((u as i128).wrapping_neg() as i64)
        } else {
            None
        }
    } else if u <= i64::MAX as u64 {
        Some(u as i64)
    } else {
        None
    }
}

/// Go's `strconv.ParseFloat(s, 64)` for the syntax the lexer accepts (decimal and
/// hex floats, underscores); None when invalid or out of range.
pub(crate) fn parse_go_float(s: &str) -> Option<f64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let v = if let Some(hex) = lower.strip_prefix("0x") {
        let hex = strip_underscores(hex, true)?;
        let (mant, exp) = match hex.split_once('p') {
            Some((m, e)) => (m.to_string(), e.parse::<i32>().ok()?),
            None => return None,
        };
        let (ip, fp) = mant.split_once('.').unwrap_or((&mant, ""));
        if ip.is_empty() && fp.is_empty() {
            return None;
        }
        let mut v = 0f64;
        for c in ip.chars() {
            v = v * 16.0 + c.to_digit(16)? as f64;
        }
        let mut scale = 1.0 / 16.0;
        for c in fp.chars() {
            v += c.to_digit(16)? as f64 * scale;
            scale /= 16.0;
        }
        v * 2f64.powi(exp)
    } else {
        let clean = strip_underscores(&lower, false)?;
        if clean.is_empty()
            || clean.starts_with(['e'])
            || clean.contains("inf")
            || clean.contains("nan")
        {
            return None;
        }
        let v: f64 = clean.parse().ok()?;
        if v.is_infinite() {
            return None;
        }
        v
    };
    Some(if neg { -v } else { v })
}
