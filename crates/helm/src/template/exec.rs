//! The executor: a port of Go's `text/template/exec.go` over [`Value`], plus Helm's
//! `include` and `tpl`, recording the origin of every output chunk.

use std::collections::HashMap;
use std::rc::Rc;

use super::builtins;
use super::fmt::{go_quote, type_name};
use super::parse::{Arg, Branch, Cmd, Node, Pipe, Source, Tree};
use super::{Error, ErrorKind, MissingKey, Origin, Pos, Rendered, Templates};
use crate::value::Value;

/// Go's `maxExecDepth` is 100000 nested `template` calls; ours is lower so that
/// the stack (grown on the heap by `stacker`) stays within a sane memory budget.
pub(crate) const MAX_EXEC_DEPTH: usize = 10_000;
/// Helm's `recursionMaxNums`: nested `include`s of one name.
pub(crate) const MAX_INCLUDE_DEPTH: usize = 1000;

/// Stack headroom kept before growing the stack (recursion points call
/// [`grow`]).
const RED_ZONE: usize = 128 * 1024;
const STACK_SEGMENT: usize = 4 * 1024 * 1024;

fn grow<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, f)
}

/// A value during evaluation, distinguishing what Go's `reflect.Value` does:
/// `Invalid` (no value: a missing key with the default option, an unset result),
/// `Iface` (an `interface{}` holding a value, as map entries and list elements
/// are; holding `Nil` it is Go's nil interface), and `Val` (a concrete value).
#[derive(Clone, Debug)]
pub(crate) enum EVal {
    Invalid,
    Iface(Value),
    Val(Value),
}

impl EVal {
    pub(crate) fn value(&self) -> Value {
        match self {
            EVal::Invalid => Value::Nil,
            EVal::Iface(v) | EVal::Val(v) => v.clone(),
        }
    }

    /// Go's `indirectInterface`: the concrete value inside, Invalid for nil.
    pub(crate) fn indirect(&self) -> EVal {
        match self {
            EVal::Iface(Value::Nil) | EVal::Val(Value::Nil) | EVal::Invalid => EVal::Invalid,
            EVal::Iface(v) => EVal::Val(v.clone()),
            v => v.clone(),
        }
    }

    fn go_type(&self) -> String {
        match self {
            EVal::Invalid => "<nil>".into(),
            EVal::Iface(_) => "interface {}".into(),
            EVal::Val(v) => type_name(v),
        }
    }

    /// Go's `isTrue` (after `indirectInterface`).
    pub(crate) fn truth(&self) -> bool {
        match self {
            EVal::Invalid => false,
            EVal::Iface(v) | EVal::Val(v) => v.truthy(),
        }
    }

    fn from_result(v: Value) -> EVal {
        if v.is_nil() {
            EVal::Iface(Value::Nil)
        } else {
            EVal::Val(v)
        }
    }
}

enum Flow {
    Normal,
    Break,
    Continue,
}

type R<T> = Result<T, Error>;

pub(crate) struct State<'a> {
    set: &'a Templates,
    /// Templates parsed by `tpl` calls in progress (innermost last).
    overlays: Vec<HashMap<String, Rc<Tree>>>,
    missing: MissingKey,
    vars: Vec<(String, EVal)>,
    depth: usize,
    nesting: usize,
    tmpl_name: Rc<str>,
    source: Rc<Source>,
    out: String,
    origins: Vec<Origin>,
    /// True while executing the tree `execute` was called on (not a define).
    in_top: bool,
    /// The outermost action of the executed template that is running now.
    top_action: Option<Pos>,
    include_counts: HashMap<String, usize>,
    /// The origins of `include` results, by their text: printing that text,
    /// as is or indented (`| indent N`, `| nindent N`), splices them into the
    /// caller's output.
    included: HashMap<Rc<str>, Vec<Origin>>,
}

pub(crate) fn execute(set: &Templates, name: &str, data: &Value) -> R<Rendered> {
    let Some(tree) = set.trees.get(name).cloned() else {
        return Err(Error {
            pos: None,
            message: format!(
                "no template {} associated with template {}",
                go_quote(name),
                go_quote(name)
            ),
            kind: ErrorKind::Exec,
        });
    };
    let mut st = State {
        set,
        overlays: Vec::new(),
        missing: set.missing,
        vars: vec![("$".into(), EVal::Val(data.clone()))],
        depth: 0,
        nesting: 0,
        tmpl_name: Rc::from(name),
        source: tree.source.clone(),
        out: String::new(),
        origins: Vec::new(),
        in_top: true,
        top_action: None,
        include_counts: HashMap::new(),
        included: HashMap::new(),
    };
    let dot = EVal::Val(data.clone());
    st.walk_list(&dot, &tree.root)?;
    Ok(Rendered {
        text: std::mem::take(&mut st.out),
        origins: std::mem::take(&mut st.origins),
    })
}

impl State<'_> {
    fn pos(&self, offset: usize) -> Pos {
        let (line, col) = self.source.line_col(offset);
        Pos {
            template: self.source.name.clone(),
            line,
            col,
        }
    }

    fn errorf_kind(
        &self,
        offset: usize,
        context: &dyn std::fmt::Display,
        msg: String,
        kind: ErrorKind,
    ) -> Error {
        Error {
            pos: Some(self.pos(offset)),
            message: format!(
                "executing {} at <{}>: {}",
                go_quote(&self.tmpl_name),
                context,
                msg
            ),
            kind,
        }
    }

    fn errorf(&self, offset: usize, context: &dyn std::fmt::Display, msg: String) -> Error {
        self.errorf_kind(offset, context, msg, ErrorKind::Exec)
    }

    fn lookup(&self, name: &str) -> Option<Rc<Tree>> {
        for o in self.overlays.iter().rev() {
            if let Some(t) = o.get(name) {
                return Some(t.clone());
            }
        }
        self.set.trees.get(name).cloned()
    }

    fn write(&mut self, text: &str, offset: usize, verbatim: bool) {
        if text.is_empty() {
            return;
        }
        let pos = self.pos(offset);
        let call_site = if self.in_top {
            None
        } else {
            self.top_action.clone()
        };
        self.origins.push(Origin {
            offset: self.out.len(),
            pos,
            verbatim,
            call_site,
        });
        self.out.push_str(text);
    }

    fn walk_list(&mut self, dot: &EVal, list: &[Node]) -> R<Flow> {
        for n in list {
            match self.walk(dot, n)? {
                Flow::Normal => {}
                f => return Ok(f),
            }
        }
        Ok(Flow::Normal)
    }

    fn walk(&mut self, dot: &EVal, node: &Node) -> R<Flow> {
        grow(|| self.walk_inner(dot, node))
    }

    fn walk_inner(&mut self, dot: &EVal, node: &Node) -> R<Flow> {
        match node {
            Node::Text { pos, text } => {
                self.write(text, *pos, true);
                Ok(Flow::Normal)
            }
            Node::Action { start, pipe, .. } => {
                if self.in_top {
                    self.top_action = Some(self.pos(*start));
                }
                let val = self.eval_pipeline(dot, pipe)?;
                if pipe.decl.is_empty() {
                    self.print_value(*start, &val);
                }
                Ok(Flow::Normal)
            }
            Node::Break => Ok(Flow::Break),
            Node::Continue => Ok(Flow::Continue),
            Node::If(b) => self.walk_if_or_with(false, dot, b),
            Node::With(b) => self.walk_if_or_with(true, dot, b),
            Node::Range(b) => self.walk_range(dot, b, node),
            Node::Template {
                start,
                pos,
                name,
                pipe,
            } => {
                if self.in_top {
                    self.top_action = Some(self.pos(*start));
                }
                self.walk_template(dot, *pos, name, pipe.as_ref(), node)
            }
        }
    }

    fn print_value(&mut self, pos: usize, val: &EVal) {
        match val {
            EVal::Invalid => self.write("<no value>", pos, false),
            EVal::Iface(Value::Str(s)) | EVal::Val(Value::Str(s)) => {
                if !self.splice_included(s, pos) {
                    self.write(s, pos, false);
                }
            }
            EVal::Iface(v) | EVal::Val(v) => {
                let s = super::fmt::sprint_value(v);
                self.write(&s, pos, false);
            }
        }
    }

    /// Writes `s` with the origins of an included text it is made of: the text
    /// itself, or the text indented by Sprig's `indent`/`nindent` (the added
    /// newline and spaces belong to the action at `pos`). False when `s` is not
    /// such a text.
    fn splice_included(&mut self, s: &str, pos: usize) -> bool {
        if self.included.is_empty() {
            return false;
        }
        if let Some(origins) = self.included.get(s) {
            let base = self.out.len();
            let spliced: Vec<Origin> = origins
                .iter()
                .map(|o| Origin {
                    offset: o.offset + base,
                    ..o.clone()
                })
                .collect();
            self.origins.extend(spliced);
            self.out.push_str(s);
            return true;
        }
        // `nindent N` adds a newline first; both pad every line with N spaces.
        let (nl, body) = match s.strip_prefix('\n') {
            Some(b) => (1, b),
            None => (0, s),
        };
        let pad = body.len() - body.trim_start_matches(' ').len();
        if pad == 0 {
            return false;
        }
        let spaces = &body[..pad];
        let mut text = String::with_capacity(body.len());
        for (i, line) in body.split('\n').enumerate() {
            let Some(rest) = line.strip_prefix(spaces) else {
                return false;
            };
            if i > 0 {
                text.push('\n');
            }
            text.push_str(rest);
        }
        let Some(origins) = self.included.get(text.as_str()).cloned() else {
            return false;
        };
        let base = self.out.len();
        // Offset in `s` of byte `o` of the included text.
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let to_s = |o: usize| -> usize {
            let lines_before = line_starts.partition_point(|&ls| ls <= o);
            nl + pad * lines_before + o
        };
        let action = self.pos(pos);
        let call_site = if self.in_top {
            None
        } else {
            self.top_action.clone()
        };
        let mut spliced = Vec::new();
        for (i, o) in origins.iter().enumerate() {
            let end = origins.get(i + 1).map_or(text.len(), |n| n.offset);
            // One origin per line piece, after that line's padding.
            let mut a = o.offset;
            while a < end {
                let b = text[a..end].find('\n').map_or(end, |x| a + x + 1);
                if line_starts.binary_search(&a).is_ok() {
                    spliced.push(Origin {
                        offset: base + to_s(a) - pad,
                        pos: action.clone(),
                        verbatim: false,
                        call_site: call_site.clone(),
                    });
                }
                let piece_pos = if o.verbatim {
                    o.pos.advance(&text[o.offset..a])
                } else {
                    o.pos.clone()
                };
                spliced.push(Origin {
                    offset: base + to_s(a),
                    pos: piece_pos,
                    verbatim: o.verbatim,
                    call_site: o.call_site.clone(),
                });
                a = b;
            }
        }
        if nl == 1 {
            spliced.insert(
                0,
                Origin {
                    offset: base,
                    pos: action,
                    verbatim: false,
                    call_site,
                },
            );
        }
        // The padding of a trailing empty line has no origin of its own.
        spliced.retain(|o| o.offset < base + s.len());
        spliced.dedup_by(|b, a| {
            if a.offset == b.offset {
                *a = b.clone();
                true
            } else {
                false
            }
        });
        self.origins.extend(spliced);
        self.out.push_str(s);
        true
    }

    fn walk_if_or_with(&mut self, with: bool, dot: &EVal, b: &Branch) -> R<Flow> {
        let mark = self.vars.len();
        let r = (|| {
            let val = self.eval_pipeline(dot, &b.pipe)?;
            if val.truth() {
                if with {
                    self.walk_list(&val, &b.list)
                } else {
                    self.walk_list(dot, &b.list)
                }
            } else if let Some(e) = &b.else_list {
                self.walk_list(dot, e)
            } else {
                Ok(Flow::Normal)
            }
        })();
        self.vars.truncate(mark);
        r
    }

    fn walk_range(&mut self, dot: &EVal, b: &Branch, node: &Node) -> R<Flow> {
        let mark = self.vars.len();
        let r = self.walk_range_inner(dot, b, node);
        self.vars.truncate(mark);
        r.map(|_| Flow::Normal)
    }

    fn one_iteration(&mut self, b: &Branch, index: EVal, elem: EVal) -> R<bool> {
        let mark = self.vars.len();
        let pipe = &b.pipe;
        if !pipe.decl.is_empty() {
            if pipe.is_assign {
                if pipe.decl.len() > 1 {
                    self.set_var(pipe, &pipe.decl[0].1, index.clone())?;
                } else {
                    self.set_var(pipe, &pipe.decl[0].1, elem.clone())?;
                }
            } else {
                self.set_top_var(1, elem.clone());
            }
        }
        if pipe.decl.len() > 1 {
            if pipe.is_assign {
                self.set_var(pipe, &pipe.decl[1].1, elem.clone())?;
            } else {
                self.set_top_var(2, index);
            }
        }
        let r = self.walk_list(&elem, &b.list);
        self.vars.truncate(mark);
        Ok(matches!(r?, Flow::Break))
    }

    fn walk_range_inner(&mut self, dot: &EVal, b: &Branch, _node: &Node) -> R<()> {
        let val = match self.eval_pipeline(dot, &b.pipe)?.indirect() {
            // A Go map or slice type with methods (`.Files.Glob`, a `VersionSet`)
            // ranges over its data.
            EVal::Val(Value::Object(o)) => match o.to_data() {
                d @ (Value::Map(_) | Value::List(_)) => EVal::Val(d),
                _ => EVal::Val(Value::Object(o)),
            },
            v => v,
        };
        match &val {
            EVal::Val(Value::List(l)) => {
                if !l.is_empty() {
                    let l = l.clone();
                    for (i, e) in l.iter().enumerate() {
                        if self.one_iteration(
                            b,
                            EVal::Val(Value::Int(i as i64)),
                            EVal::Iface(e.clone()),
                        )? {
                            break;
                        }
                    }
                    return Ok(());
                }
            }
            EVal::Val(Value::Map(m)) => {
                let entries: Vec<(String, Value)> = m
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                if !entries.is_empty() {
                    for (k, v) in entries {
                        if self.one_iteration(b, EVal::Val(Value::str(&k)), EVal::Iface(v))? {
                            break;
                        }
                    }
                    return Ok(());
                }
            }
            EVal::Val(Value::Int(n)) => {
                if b.pipe.decl.len() > 1 {
                    let (off, ctx) = last_node(&b.pipe);
                    return Err(self.errorf(
                        off,
                        &ctx,
                        format!("can't use {n} to iterate over more than one variable"),
                    ));
                }
                if *n > 0 {
                    for i in 0..*n {
                        if self.one_iteration(
                            b,
                            EVal::Val(Value::Int(i)),
                            EVal::Val(Value::Int(i)),
                        )? {
                            break;
                        }
                    }
                    return Ok(());
                }
            }
            EVal::Invalid => {}
            EVal::Val(v) | EVal::Iface(v) => {
                let (off, ctx) = last_node(&b.pipe);
                return Err(self.errorf(
                    off,
                    &ctx,
                    format!("range can't iterate over {}", super::fmt::sprint_value(v)),
                ));
            }
        }
        if let Some(e) = &b.else_list {
            self.walk_list(dot, e)?;
        }
        Ok(())
    }

    fn walk_template(
        &mut self,
        dot: &EVal,
        pos: usize,
        name: &str,
        pipe: Option<&Pipe>,
        node: &Node,
    ) -> R<Flow> {
        let Some(tree) = self.lookup(name) else {
            return Err(self.errorf(
                pos,
                node,
                format!("template {} not defined", go_quote(name)),
            ));
        };
        if self.depth >= MAX_EXEC_DEPTH {
            return Err(self.errorf(
                pos,
                node,
                format!("exceeded maximum template depth ({MAX_EXEC_DEPTH})"),
            ));
        }
        let new_dot = match pipe {
            Some(p) => self.eval_pipeline(dot, p)?,
            None => EVal::Invalid,
        };
        let saved_vars = std::mem::replace(&mut self.vars, vec![("$".into(), new_dot.clone())]);
        let saved_name = std::mem::replace(&mut self.tmpl_name, Rc::from(name));
        let saved_source = std::mem::replace(&mut self.source, tree.source.clone());
        let saved_top = std::mem::replace(&mut self.in_top, false);
        self.depth += 1;
        let r = self.walk_list(&new_dot, &tree.root);
        self.depth -= 1;
        self.vars = saved_vars;
        self.tmpl_name = saved_name;
        self.source = saved_source;
        self.in_top = saved_top;
        r.map(|_| Flow::Normal)
    }

    /// Assigns an existing variable (`$x = ...`); the error names the last node
    /// evaluated in `pipe`, as Go's does.
    fn set_var(&mut self, pipe: &Pipe, name: &str, value: EVal) -> R<()> {
        for v in self.vars.iter_mut().rev() {
            if v.0 == name {
                v.1 = value;
                return Ok(());
            }
        }
        let (off, ctx) = last_node(pipe);
        Err(self.errorf(off, &ctx, format!("undefined variable: {name}")))
    }

    fn set_top_var(&mut self, n: usize, value: EVal) {
        let len = self.vars.len();
        if n <= len {
            self.vars[len - n].1 = value;
        }
    }

    fn var_value(&self, pos: usize, name: &str) -> R<EVal> {
        for v in self.vars.iter().rev() {
            if v.0 == name {
                return Ok(v.1.clone());
            }
        }
        Err(self.errorf(pos, &name, format!("undefined variable: {name}")))
    }

    pub(crate) fn eval_pipeline(&mut self, dot: &EVal, pipe: &Pipe) -> R<EVal> {
        self.nesting += 1;
        let r = grow(|| self.eval_pipeline_inner(dot, pipe));
        self.nesting -= 1;
        r
    }

    fn eval_pipeline_inner(&mut self, dot: &EVal, pipe: &Pipe) -> R<EVal> {
        let mut value: Option<EVal> = None;
        for cmd in &pipe.cmds {
            let v = self.eval_command(dot, cmd, value.take())?;
            // Go: "If the object has type interface{}, dig down one level."
            value = Some(match v {
                EVal::Iface(Value::Nil) => EVal::Invalid,
                EVal::Iface(v) => EVal::Val(v),
                v => v,
            });
        }
        let value = value.unwrap_or(EVal::Invalid);
        for (_, name) in &pipe.decl {
            if pipe.is_assign {
                self.set_var(pipe, name, value.clone())?;
            } else {
                self.vars.push((name.clone(), value.clone()));
            }
        }
        Ok(value)
    }

    fn not_a_function(&self, args: &[Arg], final_: &Option<EVal>) -> R<()> {
        if args.len() > 1 || final_.is_some() {
            return Err(self.errorf(
                args[0].pos(),
                &args[0],
                format!("can't give argument to non-function {}", args[0]),
            ));
        }
        Ok(())
    }

    fn eval_command(&mut self, dot: &EVal, cmd: &Cmd, final_: Option<EVal>) -> R<EVal> {
        let first = &cmd.args[0];
        match first {
            Arg::Field { idents, .. } => {
                self.eval_field_chain(dot, dot.clone(), first, idents, &cmd.args, final_)
            }
            Arg::Chain { node, fields, .. } => {
                let recv = self.eval_chain_receiver(dot, first, node)?;
                self.eval_field_chain(dot, recv, first, fields, &cmd.args, final_)
            }
            Arg::Ident { pos, name } => {
                self.eval_function(dot, *pos, name, Some(cmd), &cmd.args, final_)
            }
            Arg::Pipe(p) => {
                self.not_a_function(&cmd.args, &final_)?;
                self.eval_pipeline(dot, p)
            }
            Arg::Var { pos, idents } => {
                let value = self.var_value(*pos, &idents[0])?;
                if idents.len() == 1 {
                    self.not_a_function(&cmd.args, &final_)?;
                    return Ok(value);
                }
                self.eval_field_chain(dot, value, first, &idents[1..], &cmd.args, final_)
            }
            _ => {
                self.not_a_function(&cmd.args, &final_)?;
                match first {
                    Arg::Bool { val, .. } => Ok(EVal::Val(Value::Bool(*val))),
                    Arg::Dot { .. } => Ok(dot.clone()),
                    Arg::Nil { pos } => {
                        Err(self.errorf(*pos, first, "nil is not a command".into()))
                    }
                    Arg::Number { pos, num } => self.ideal_constant(*pos, first, num),
                    Arg::Str { val, .. } => Ok(EVal::Val(Value::Str(val.clone()))),
                    _ => Err(self.errorf(
                        first.pos(),
                        first,
                        format!("can't evaluate command {}", go_quote(&first.to_string())),
                    )),
                }
            }
        }
    }

    fn eval_chain_receiver(&mut self, dot: &EVal, chain: &Arg, node: &Arg) -> R<EVal> {
        if let Arg::Nil { .. } = node {
            return Err(self.errorf(
                chain.pos(),
                chain,
                format!("indirection through explicit nil in {chain}"),
            ));
        }
        let v = self.eval_arg(dot, node)?;
        // evalArg with a nil type: an invalid value stays invalid.
        Ok(v)
    }

    fn ideal_constant(&self, pos: usize, node: &Arg, num: &super::parse::Number) -> R<EVal> {
        let t = &num.text;
        if num.complex {
            return Err(self.errorf(pos, node, format!("complex constant {t} is not supported")));
        }
        // Go's isHexInt: an unsigned hex literal without a binary exponent.
        let lower = t.to_ascii_lowercase();
        let is_hex_int = t.len() > 2 && lower.starts_with("0x") && !lower.contains('p');
        let is_rune = t.starts_with('\'');
        if num.float.is_some() && !is_hex_int && !is_rune && t.contains(['.', 'e', 'E', 'p', 'P']) {
            return Ok(EVal::Val(Value::Float(num.float.unwrap_or(0.0))));
        }
        if let Some(i) = num.int {
            return Ok(EVal::Val(Value::Int(i)));
        }
        if num.uint.is_some() {
            return Err(self.errorf(pos, node, format!("{t} overflows int")));
        }
        Ok(EVal::Invalid)
    }

    /// Go's `evalArg` for an `interface{}` or `reflect.Value` parameter.
    pub(crate) fn eval_arg(&mut self, dot: &EVal, arg: &Arg) -> R<EVal> {
        match arg {
            Arg::Dot { .. } => Ok(dot.clone()),
            Arg::Nil { .. } => Ok(EVal::Invalid),
            Arg::Field { idents, .. } => self.eval_field_chain(
                dot,
                dot.clone(),
                arg,
                idents,
                std::slice::from_ref(arg),
                None,
            ),
            Arg::Var { pos, idents } => {
                let value = self.var_value(*pos, &idents[0])?;
                if idents.len() == 1 {
                    return Ok(value);
                }
                self.eval_field_chain(
                    dot,
                    value,
                    arg,
                    &idents[1..],
                    std::slice::from_ref(arg),
                    None,
                )
            }
            Arg::Pipe(p) => self.eval_pipeline(dot, p),
            Arg::Ident { pos, name } => {
                self.eval_function(dot, *pos, name, None, std::slice::from_ref(arg), None)
            }
            Arg::Chain { node, fields, .. } => {
                let recv = self.eval_chain_receiver(dot, arg, node)?;
                self.eval_field_chain(dot, recv, arg, fields, std::slice::from_ref(arg), None)
            }
            Arg::Bool { val, .. } => Ok(EVal::Val(Value::Bool(*val))),
            Arg::Number { pos, num } => self.ideal_constant(*pos, arg, num),
            Arg::Str { val, .. } => Ok(EVal::Val(Value::Str(val.clone()))),
        }
    }

    fn eval_field_chain(
        &mut self,
        dot: &EVal,
        mut receiver: EVal,
        node: &Arg,
        idents: &[String],
        args: &[Arg],
        final_: Option<EVal>,
    ) -> R<EVal> {
        let n = idents.len();
        for ident in &idents[..n.saturating_sub(1)] {
            receiver = self.eval_field(dot, ident, node, &[], None, receiver)?;
        }
        match idents.last() {
            Some(last) => self.eval_field(dot, last, node, args, final_, receiver),
            None => Ok(receiver),
        }
    }

    fn eval_field(
        &mut self,
        dot: &EVal,
        name: &str,
        node: &Arg,
        args: &[Arg],
        final_: Option<EVal>,
        receiver: EVal,
    ) -> R<EVal> {
        let pos = node.pos();
        let inner = match &receiver {
            EVal::Invalid => {
                if self.missing == MissingKey::Error {
                    return Err(self.errorf(
                        pos,
                        node,
                        format!("nil data; no entry for key {}", go_quote(name)),
                    ));
                }
                return Ok(EVal::Invalid);
            }
            EVal::Iface(Value::Nil) | EVal::Val(Value::Nil) => {
                return Err(self.errorf(
                    pos,
                    node,
                    format!("nil pointer evaluating {}.{name}", receiver.go_type()),
                ));
            }
            EVal::Iface(v) | EVal::Val(v) => v.clone(),
        };
        let has_args = args.len() > 1 || final_.is_some();
        match &inner {
            Value::Object(o) => {
                if !has_args {
                    if let Some(v) = o.field(name) {
                        return Ok(if v.is_nil() {
                            EVal::Invalid
                        } else {
                            EVal::Val(v)
                        });
                    }
                }
                let mut argv = Vec::with_capacity(args.len());
                for a in args.iter().skip(1) {
                    argv.push(self.eval_arg(dot, a)?.value());
                }
                if let Some(f) = &final_ {
                    argv.push(f.value());
                }
                match o.call(name, &argv) {
                    Some(Ok(v)) => Ok(EVal::from_result(v)),
                    Some(Err(e)) if is_arg_error(&e) => Err(self.errorf(pos, node, e)),
                    Some(Err(e)) => {
                        Err(self.errorf(pos, node, format!("error calling {name}: {e}")))
                    }
                    None if !has_args && matches!(o.to_data(), Value::Map(_)) => {
                        // A Go map type with methods: a key, as for any map.
                        self.eval_field(dot, name, node, args, final_, EVal::Val(o.to_data()))
                    }
                    None => {
                        if o.field(name).is_some() {
                            return Err(self.errorf(
                                pos,
                                node,
                                format!("{name} has arguments but cannot be invoked as function"),
                            ));
                        }
                        Err(self.errorf(
                            pos,
                            node,
                            format!("can't evaluate field {name} in type {}", receiver.go_type()),
                        ))
                    }
                }
            }
            Value::Map(m) => {
                if has_args {
                    return Err(self.errorf(
                        pos,
                        node,
                        format!("{name} is not a method but has arguments"),
                    ));
                }
                let got = m.borrow().get(name).cloned();
                match got {
                    Some(v) => Ok(EVal::Iface(v)),
                    None => match self.missing {
                        MissingKey::Default => Ok(EVal::Invalid),
                        MissingKey::Zero => Ok(EVal::Iface(Value::Nil)),
                        MissingKey::Error => Err(self.errorf(
                            pos,
                            node,
                            format!("map has no entry for key {}", go_quote(name)),
                        )),
                    },
                }
            }
            _ => Err(self.errorf(
                pos,
                node,
                format!("can't evaluate field {name} in type {}", receiver.go_type()),
            )),
        }
    }

    /// Evaluates the arguments of a function call (`args[0]` is the function's
    /// name), with the pipeline's value last.
    fn eval_args(&mut self, dot: &EVal, args: &[Arg], final_: &Option<EVal>) -> R<Vec<EVal>> {
        let mut out = Vec::with_capacity(args.len());
        for a in args.iter().skip(1) {
            out.push(self.eval_arg(dot, a)?);
        }
        if let Some(f) = final_ {
            out.push(f.clone());
        }
        Ok(out)
    }

    fn eval_function(
        &mut self,
        dot: &EVal,
        pos: usize,
        name: &str,
        cmd: Option<&Cmd>,
        args: &[Arg],
        final_: Option<EVal>,
    ) -> R<EVal> {
        let ident = &args[0];
        let nargs = args.len() - 1 + usize::from(final_.is_some());
        // The node Go reports for a failed call: the command, or the identifier
        // when it is an argument of another command.
        let call_ctx: &dyn std::fmt::Display = match cmd {
            Some(c) => c,
            None => ident,
        };
        let call_pos = cmd.map(|c| c.pos).unwrap_or(pos);
        let arity = |this: &Self, want: usize, at_least: bool| -> R<()> {
            if (at_least && nargs < want) || (!at_least && nargs != want) {
                let msg = if at_least {
                    format!(
                        "wrong number of args for {name}: want at least {want} got {}",
                        args.len() - 1
                    )
                } else {
                    format!("wrong number of args for {name}: want {want} got {nargs}")
                };
                return Err(this.errorf(pos, ident, msg));
            }
            Ok(())
        };
        match name {
            "include" | "tpl" => {
                arity(self, 2, false)?;
                if let Some(a) = args.get(1) {
                    self.check_string_param(dot, a)?;
                }
                let argv = self.eval_args(dot, args, &final_)?;
                let first = match argv[0].indirect() {
                    EVal::Val(Value::Str(s)) => s,
                    EVal::Invalid => {
                        return Err(self.errorf(
                            args.get(1).map(|a| a.pos()).unwrap_or(pos),
                            call_ctx,
                            "invalid value; expected string".into(),
                        ))
                    }
                    other => {
                        return Err(self.errorf(
                            call_pos,
                            call_ctx,
                            format!(
                                "wrong type for value; expected string; got {}",
                                other.go_type()
                            ),
                        ))
                    }
                };
                let data = argv[1].value();
                let r = if name == "include" {
                    self.include(&first, data)
                } else {
                    self.tpl(&first, data)
                };
                return match r {
                    Ok(v) => Ok(EVal::Val(v)),
                    Err((msg, kind)) => Err(self.errorf_kind(
                        call_pos,
                        call_ctx,
                        format!("error calling {name}: {msg}"),
                        kind,
                    )),
                };
            }
            _ => {}
        }
        if let Some(f) = self.set.funcs.get(name).cloned() {
            let argv: Vec<Value> = self
                .eval_args(dot, args, &final_)?
                .iter()
                .map(EVal::value)
                .collect();
            return match f(&argv) {
                Ok(v) => Ok(EVal::from_result(v)),
                Err(e) if e.starts_with("wrong number of args for ") => {
                    Err(self.errorf(pos, ident, e))
                }
                Err(e) if is_arg_error(&e) => Err(self.errorf(call_pos, call_ctx, e)),
                Err(e) => {
                    let kind = if name == "fail" || name == "required" {
                        ErrorKind::Fail
                    } else {
                        ErrorKind::Exec
                    };
                    Err(self.errorf_kind(
                        call_pos,
                        call_ctx,
                        format!("error calling {name}: {e}"),
                        kind,
                    ))
                }
            };
        }
        match name {
            "and" | "or" => {
                arity(self, 1, true)?;
                let want = name == "or";
                let mut v = EVal::Invalid;
                for a in args.iter().skip(1) {
                    v = self.eval_arg(dot, a)?;
                    if v.indirect().truth() == want {
                        return Ok(v);
                    }
                }
                if let Some(f) = final_ {
                    v = f;
                }
                Ok(v)
            }
            "not" => {
                arity(self, 1, false)?;
                let argv = self.eval_args(dot, args, &final_)?;
                Ok(EVal::Val(Value::Bool(!argv[0].indirect().truth())))
            }
            "call" => {
                arity(self, 1, true)?;
                let argv = self.eval_args(dot, args, &final_)?;
                let node = args.get(1).map(|a| a.to_string()).unwrap_or_default();
                let msg = match argv[0].indirect() {
                    EVal::Invalid => "call of nil".to_string(),
                    v => format!("non-function {node} of type {}", v.go_type()),
                };
                Err(self.errorf(call_pos, call_ctx, format!("error calling call: {msg}")))
            }
            _ => {
                let Some(spec) = builtins::arity(name) else {
                    return Err(self.errorf(
                        pos,
                        ident,
                        format!("{} is not a defined function", go_quote(name)),
                    ));
                };
                arity(self, spec.0, spec.1)?;
                if name == "printf" {
                    // printf's format is a string parameter: Go converts it by type.
                    if let Some(a) = args.get(1) {
                        self.check_string_param(dot, a)?;
                    }
                }
                let argv = self.eval_args(dot, args, &final_)?;
                match builtins::call(name, &argv) {
                    Ok(v) => Ok(v),
                    Err(e) => {
                        Err(self.errorf(call_pos, call_ctx, format!("error calling {name}: {e}")))
                    }
                }
            }
        }
    }

    fn check_string_param(&mut self, dot: &EVal, a: &Arg) -> R<()> {
        match a {
            Arg::Str { .. } => Ok(()),
            Arg::Bool { .. } | Arg::Number { .. } => {
                Err(self.errorf(a.pos(), a, format!("expected string; found {a}")))
            }
            Arg::Nil { .. } => Err(self.errorf(a.pos(), a, "cannot assign nil to string".into())),
            _ => {
                let v = self.eval_arg(dot, a)?;
                match &v {
                    EVal::Invalid => {
                        Err(self.errorf(a.pos(), a, "invalid value; expected string".into()))
                    }
                    EVal::Iface(Value::Str(_)) | EVal::Val(Value::Str(_)) => Ok(()),
                    other => Err(self.errorf(
                        a.pos(),
                        a,
                        format!(
                            "wrong type for value; expected string; got {}",
                            other.go_type()
                        ),
                    )),
                }
            }
        }
    }

    /// Helm's `include`: runs a named template into a string.
    fn include(&mut self, name: &str, data: Value) -> Result<Value, (String, ErrorKind)> {
        let count = self.include_counts.entry(name.to_string()).or_insert(0);
        if *count > MAX_INCLUDE_DEPTH {
            return Err((
                format!("rendering template has a nested reference name: {name}: unable to execute template"),
                ErrorKind::Exec,
            ));
        }
        *count += 1;
        let r = self.run_named(name, data, false);
        if let Some(c) = self.include_counts.get_mut(name) {
            *c -= 1;
        }
        let (text, origins) = r?;
        let text: Rc<str> = Rc::from(text.as_str());
        self.included.insert(text.clone(), origins);
        Ok(Value::Str(text))
    }

    /// Executes the template `name` in a fresh Go state (as `ExecuteTemplate`),
    /// capturing its output and origins.
    fn run_named(
        &mut self,
        name: &str,
        data: Value,
        is_tpl: bool,
    ) -> Result<(String, Vec<Origin>), (String, ErrorKind)> {
        let Some(tree) = self.lookup(name) else {
            let assoc = "gotpl";
            return Err((
                format!(
                    "template: no template {} associated with template {}",
                    go_quote(name),
                    go_quote(assoc)
                ),
                ErrorKind::Exec,
            ));
        };
        if self.nesting > 50_000 {
            return Err(("exceeded maximum template depth".into(), ErrorKind::Exec));
        }
        let dot = EVal::Val(data);
        let saved_vars = std::mem::replace(&mut self.vars, vec![("$".into(), dot.clone())]);
        let saved_name = std::mem::replace(&mut self.tmpl_name, Rc::from(name));
        let saved_source = std::mem::replace(&mut self.source, tree.source.clone());
        let saved_top = std::mem::replace(&mut self.in_top, false);
        let saved_depth = std::mem::replace(&mut self.depth, 0);
        let saved_out = std::mem::take(&mut self.out);
        let saved_origins = std::mem::take(&mut self.origins);
        let saved_missing = self.missing;
        if is_tpl && self.missing != MissingKey::Error {
            self.missing = MissingKey::Zero;
        }
        self.nesting += 1;
        let r = self.walk_list(&dot, &tree.root);
        self.nesting -= 1;
        self.missing = saved_missing;
        let out = std::mem::replace(&mut self.out, saved_out);
        let origins = std::mem::replace(&mut self.origins, saved_origins);
        self.vars = saved_vars;
        self.tmpl_name = saved_name;
        self.source = saved_source;
        self.in_top = saved_top;
        self.depth = saved_depth;
        match r {
            Ok(_) => Ok((out, origins)),
            Err(e) => Err((e.to_string(), e.kind)),
        }
    }

    /// Helm's `tpl`: parses `text` as the template "gotpl" in (a copy of) the
    /// current set and executes it; `<no value>` becomes "".
    fn tpl(&mut self, text: &str, data: Value) -> Result<Value, (String, ErrorKind)> {
        let set = self.set;
        let trees = match super::parse::parse("gotpl", text, &|f| set.has_function(f)) {
            Ok(t) => t,
            Err(e) => {
                let err = Error {
                    pos: Some(Pos {
                        template: Rc::from("gotpl"),
                        line: e.line,
                        col: 0,
                    }),
                    message: e.message,
                    kind: ErrorKind::Parse,
                };
                return Err((
                    format!("cannot parse template {}: {err}", go_quote(text)),
                    ErrorKind::Exec,
                ));
            }
        };
        let mut overlay = HashMap::new();
        for t in trees {
            let t = Rc::new(t);
            if let Some(old) = overlay
                .get(&t.name)
                .cloned()
                .or_else(|| self.lookup(&t.name))
            {
                if t.is_empty() && !old.is_empty() && t.name != "gotpl" {
                    continue;
                }
            }
            overlay.insert(t.name.clone(), t);
        }
        self.overlays.push(overlay);
        let r = self.run_named("gotpl", data, true);
        self.overlays.pop();
        match r {
            Ok((out, _)) => Ok(Value::from(out.replace("<no value>", ""))),
            Err((msg, kind)) => Err((
                format!(
                    "error during tpl function execution for {}: {msg}",
                    go_quote(text)
                ),
                kind,
            )),
        }
    }
}

/// Whether a function's error text is one of Go's argument errors, which Go
/// reports without the `error calling NAME:` prefix.
fn is_arg_error(e: &str) -> bool {
    e.starts_with("wrong number of args for ")
        || e.starts_with("wrong type for value; ")
        || e.starts_with("invalid value; expected ")
        || e.starts_with("expected ")
}

/// The node Go's executor last visited when a pipeline finished (its error
/// context for `range` errors): the last argument evaluated.
fn last_node(pipe: &Pipe) -> (usize, String) {
    let Some(cmd) = pipe.cmds.last() else {
        return (pipe.pos, pipe.to_string());
    };
    let arg = if cmd.args.len() > 1 {
        cmd.args.last()
    } else {
        cmd.args.first()
    };
    match arg {
        Some(Arg::Pipe(p)) => last_node(p),
        Some(a) => (a.pos(), a.to_string()),
        None => (cmd.pos, cmd.to_string()),
    }
}
