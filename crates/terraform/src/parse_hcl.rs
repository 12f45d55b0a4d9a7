//! The HCL front end: hcl-edit's span-preserving tree converted into
//! rampart's syntax tree.

use crate::source::Span;
use crate::syntax::{
    Attribute, BinaryOp, Block, Body, Call, Expr, ExprKind, ForExpr, Label, ObjectItem, ObjectKey,
    TemplateFor, TemplateIf, TemplatePart, Traverse, UnaryOp,
};
use hcl_edit::expr::{self as hx, Expression};
use hcl_edit::template as ht;

/// A syntax error at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub offset: usize,
}

/// Nesting deeper than this is refused rather than risking the stack.
pub const MAX_NESTING: usize = 256;

/// Parse an HCL body (a `.tf` or `.tfvars` file).
pub fn parse_body(text: &str) -> Result<Body, SyntaxError> {
    if let Some(offset) = too_deep(text, false) {
        return Err(SyntaxError {
            message: format!("nesting deeper than {MAX_NESTING} levels"),
            offset,
        });
    }
    if text.len() >= CHUNKED_FROM {
        if let Some(body) = parse_chunked(text, CHUNK) {
            return Ok(body);
        }
    }
    let body = hcl_edit::parser::parse_body(text).map_err(|e| {
        let loc = e.location();
        SyntaxError {
            message: e.message().to_string(),
            offset: offset_of(text, loc.line(), loc.column()),
        }
    })?;
    Ok(convert_body(&body, Span::new(0, text.len())))
}

/// Files at least this large are parsed in pieces.
const CHUNKED_FROM: usize = 512 * 1024;
/// The size a piece grows to before it is cut at the next top-level item.
const CHUNK: usize = 128 * 1024;

/// Parse a large file as pieces cut before lines that start a top-level
/// item (an identifier in the first column), on all cores, converting each
/// piece as soon as it is parsed: hcl-edit's tree (many times the size of
/// its input) then only ever exists for a piece at a time, and one large
/// file uses every core. A cut that falls inside a heredoc, a comment or a
/// multi-line expression leaves the piece before it unterminated, so any
/// piece that does not parse means `None`: the caller parses the whole text
/// (and reports the error as a whole-file parse would).
fn parse_chunked(text: &str, chunk: usize) -> Option<Body> {
    use rayon::prelude::*;
    let mut cuts = vec![0];
    let mut last = 0;
    for (i, _) in text.match_indices('\n') {
        let next = i + 1;
        if next - last >= chunk && text[next..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            cuts.push(next);
            last = next;
        }
    }
    cuts.push(text.len());
    let pieces: Vec<Option<Body>> = cuts
        .par_windows(2)
        .map(|w| {
            let (start, end) = (w[0], w[1]);
            let piece = text.get(start..end)?;
            // A piece cut inside a heredoc reads its text as code: it gets
            // the same guard as a whole file.
            if too_deep(piece, false).is_some() {
                return None;
            }
            let body = hcl_edit::parser::parse_body(piece).ok()?;
            let mut body = convert_body(&body, Span::new(0, piece.len()));
            shift_body(&mut body, start);
            Some(body)
        })
        .collect();
    let mut out = Body::default();
    for piece in pieces {
        let piece = piece?;
        out.attributes.extend(piece.attributes);
        out.blocks.extend(piece.blocks);
    }
    Some(out)
}

/// Move every span of `body` `by` bytes later.
fn shift_body(body: &mut Body, by: usize) {
    let shift = |s: &mut Span| *s = Span::new(s.start() + by, s.end() + by);
    for a in &mut body.attributes {
        shift(&mut a.key_span);
        shift(&mut a.span);
        shift_expr(&mut a.expr, by);
    }
    for b in &mut body.blocks {
        shift(&mut b.ident_span);
        shift(&mut b.span);
        for l in &mut b.labels {
            shift(&mut l.span);
        }
        shift_body(&mut b.body, by);
    }
}

/// Move the spans of an expression and everything inside it.
fn shift_expr(e: &mut Expr, by: usize) {
    fn shift(s: &mut Span, by: usize) {
        *s = Span::new(s.start() + by, s.end() + by);
    }
    fn parts(ps: &mut [TemplatePart], by: usize) {
        for p in ps {
            match p {
                TemplatePart::Literal(_, s) => shift(s, by),
                // Expressions are reached by `visit_exprs_mut`.
                TemplatePart::Interpolation(_) => {}
                TemplatePart::If(t) => {
                    parts(&mut t.then, by);
                    parts(&mut t.otherwise, by);
                }
                TemplatePart::For(t) => parts(&mut t.body, by),
            }
        }
    }
    crate::syntax::visit_exprs_mut(e, &mut |x: &mut Expr| {
        shift(&mut x.span, by);
        match &mut x.kind {
            ExprKind::Template(ps) => parts(ps, by),
            ExprKind::Object(items) => {
                for item in items {
                    if let ObjectKey::Ident(_, s) = &mut item.key {
                        shift(s, by);
                    }
                }
            }
            ExprKind::Traversal(_, ops) => {
                for op in ops {
                    match op {
                        Traverse::Attr(_, s) | Traverse::LegacyIndex(_, s) => shift(s, by),
                        Traverse::Index(_) | Traverse::AttrSplat | Traverse::FullSplat => {}
                    }
                }
            }
            _ => {}
        }
    });
}

/// Parse a template string (used for strings of the JSON syntax). Spans in
/// the result are relative to `text`.
pub fn parse_template(text: &str) -> Result<Vec<TemplatePart>, SyntaxError> {
    if let Some(offset) = too_deep(text, true) {
        return Err(SyntaxError {
            message: format!("nesting deeper than {MAX_NESTING} levels"),
            offset,
        });
    }
    let t = hcl_edit::parser::parse_template(text).map_err(|e| SyntaxError {
        message: e.message().to_string(),
        offset: offset_of(text, e.location().line(), e.location().column()),
    })?;
    Ok(convert_template(&t, Span::new(0, text.len())))
}

/// The hcl-edit parser recurses on brackets and interpolations; refuse
/// absurd nesting before handing it the text. A light lexer: brackets count
/// in code (and inside `${ }` and `%{ }`), not in the text of strings,
/// heredocs and comments, so a heredoc holding `{` does not add up across a
/// file. Linear, and it stops at the limit.
fn too_deep(text: &str, template: bool) -> Option<usize> {
    #[derive(PartialEq)]
    enum Ctx<'t> {
        /// Code opened by a bracket (closed by `close`), or by `${`/`%{`.
        Code {
            close: u8,
        },
        Str,
        /// Heredoc text up to a line that is the marker; `None`: a template
        /// given on its own (to the end of the text).
        Text {
            marker: Option<&'t str>,
        },
    }
    let b = text.as_bytes();
    let mut stack: Vec<Ctx<'_>> = vec![if template {
        Ctx::Text { marker: None }
    } else {
        Ctx::Code { close: 0 }
    }];
    let mut i = 0;
    let mut line_start = true;
    // Bytes that can change the state, by context; runs of other bytes
    // are skipped in one go.
    const fn table(special: &[u8]) -> [bool; 256] {
        let mut t = [false; 256];
        let mut i = 0;
        while i < special.len() {
            t[special[i] as usize] = true;
            i += 1;
        }
        t
    }
    const CODE: [bool; 256] = table(b"()[]{}\"#/<\n");
    const STR: [bool; 256] = table(b"\\\"$%\n");
    const TEXT: [bool; 256] = table(b"$%\n");
    while i < b.len() {
        if stack.len() > MAX_NESTING {
            return Some(i);
        }
        let special = match stack.last() {
            Some(Ctx::Code { .. }) => &CODE,
            Some(Ctx::Str) => &STR,
            // A heredoc's marker is checked at each line start.
            Some(Ctx::Text { .. }) if !line_start => &TEXT,
            _ => &[true; 256],
        };
        let run = b[i..].iter().take_while(|&&c| !special[c as usize]).count();
        if run > 0 {
            i += run;
            line_start = false;
            continue;
        }
        let c = b[i];
        let next = b.get(i + 1).copied();
        let at_line_start = std::mem::replace(&mut line_start, c == b'\n');
        match stack.last() {
            Some(Ctx::Code { close }) => {
                let close = *close;
                match c {
                    b'(' => stack.push(Ctx::Code { close: b')' }),
                    b'[' => stack.push(Ctx::Code { close: b']' }),
                    b'{' => stack.push(Ctx::Code { close: b'}' }),
                    b')' | b']' | b'}' if c == close => {
                        stack.pop();
                    }
                    b'"' => stack.push(Ctx::Str),
                    b'#' => i = skip_line(b, i),
                    b'/' if next == Some(b'/') => i = skip_line(b, i),
                    b'/' if next == Some(b'*') => {
                        i = text[i + 2..].find("*/").map_or(b.len(), |j| i + 2 + j + 1);
                    }
                    b'<' if next == Some(b'<') => {
                        if let Some((marker, body)) = heredoc_start(text, i) {
                            stack.push(Ctx::Text {
                                marker: Some(marker),
                            });
                            i = body;
                            line_start = true;
                            continue;
                        }
                    }
                    _ => {}
                }
            }
            Some(Ctx::Str) => match c {
                b'\\' => i += 1,
                b'"' | b'\n' => {
                    stack.pop();
                }
                b'$' | b'%' if next == Some(c) && b.get(i + 2) == Some(&b'{') => i += 2,
                b'$' | b'%' if next == Some(b'{') => {
                    stack.push(Ctx::Code { close: b'}' });
                    i += 1;
                }
                _ => {}
            },
            Some(Ctx::Text { marker }) => {
                if at_line_start {
                    if let Some(m) = marker {
                        let end = text[i..].find('\n').map_or(b.len(), |j| i + j);
                        if text[i..end].trim() == *m {
                            stack.pop();
                            i = end;
                            continue;
                        }
                    }
                }
                match c {
                    b'$' | b'%' if next == Some(c) && b.get(i + 2) == Some(&b'{') => i += 2,
                    b'$' | b'%' if next == Some(b'{') => {
                        stack.push(Ctx::Code { close: b'}' });
                        i += 1;
                    }
                    _ => {}
                }
            }
            None => return None,
        }
        i += 1;
    }
    None
}

/// The index of the newline ending the line at `i` (or the end).
fn skip_line(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |j| i + j - 1)
}

/// A heredoc opening `<<MARKER` or `<<-MARKER` at `i`: the marker and where
/// its text starts (after the line break).
fn heredoc_start(text: &str, i: usize) -> Option<(&str, usize)> {
    let rest = text.get(i + 2..)?;
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let start = text.len() - rest.len();
    let len = rest
        .bytes()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-')
        .count();
    if len == 0 {
        return None;
    }
    let after = &rest[len..];
    let line_break = if after.starts_with("\r\n") {
        2
    } else if after.starts_with('\n') {
        1
    } else {
        return None;
    };
    Some((&rest[..len], start + len + line_break))
}

/// Byte offset of a 1-based line and 1-based character column.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_text = &text[start..];
    line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| start + i)
}

fn span_of(node: &impl hcl_edit::Span, fallback: Span) -> Span {
    node.span().map_or(fallback, Span::from)
}

fn convert_body(body: &hcl_edit::structure::Body, fallback: Span) -> Body {
    // Sized exactly: trees live for the whole run.
    let blocks = body.blocks().count();
    let mut out = Body {
        attributes: Vec::with_capacity(body.len().saturating_sub(blocks)),
        blocks: Vec::with_capacity(blocks),
    };
    for structure in body.iter() {
        match structure {
            hcl_edit::structure::Structure::Attribute(a) => {
                let span = span_of(a, fallback);
                out.attributes.push(Attribute {
                    key: a.key.as_str().into(),
                    key_span: span_of(&a.key, span),
                    expr: convert_expr(&a.value, span),
                    span,
                });
            }
            hcl_edit::structure::Structure::Block(b) => {
                let span = span_of(b, fallback);
                out.blocks.push(Block {
                    ident: b.ident.as_str().into(),
                    ident_span: span_of(&b.ident, span),
                    labels: b
                        .labels
                        .iter()
                        .map(|l| Label {
                            value: l.as_str().into(),
                            span: span_of(l, span),
                        })
                        .collect(),
                    body: convert_body(&b.body, span),
                    span,
                });
            }
        }
    }
    out
}

fn convert_expr(expr: &Expression, fallback: Span) -> Expr {
    let span = span_of(expr, fallback);
    let kind = match expr {
        Expression::Null(_) => ExprKind::Null,
        Expression::Bool(b) => ExprKind::Bool(*b.value()),
        Expression::Number(n) => n
            .value()
            .as_f64()
            .map_or(ExprKind::Invalid, ExprKind::Number),
        Expression::String(s) => ExprKind::String(s.value().as_str().into()),
        Expression::Array(a) => ExprKind::Array(a.iter().map(|e| convert_expr(e, span)).collect()),
        Expression::Object(o) => ExprKind::Object(
            o.iter()
                .map(|(k, v)| ObjectItem {
                    key: match k {
                        hx::ObjectKey::Ident(id) => {
                            ObjectKey::Ident(id.as_str().into(), span_of(id, span))
                        }
                        hx::ObjectKey::Expression(e) => ObjectKey::Expr(convert_expr(e, span)),
                    },
                    value: convert_expr(v.expr(), span),
                })
                .collect(),
        ),
        Expression::StringTemplate(t) => ExprKind::Template(convert_template(t, span)),
        Expression::HeredocTemplate(h) => ExprKind::Template(convert_template(&h.template, span)),
        Expression::Parenthesis(p) => return convert_expr(p.inner(), span),
        Expression::Variable(v) => ExprKind::Variable(v.as_str().into()),
        Expression::Conditional(c) => ExprKind::Conditional(
            Box::new(convert_expr(&c.cond_expr, span)),
            Box::new(convert_expr(&c.true_expr, span)),
            Box::new(convert_expr(&c.false_expr, span)),
        ),
        Expression::FuncCall(f) => {
            let mut name = String::new();
            for ns in &f.name.namespace {
                name.push_str(ns.as_str());
                name.push_str("::");
            }
            name.push_str(f.name.name.as_str());
            ExprKind::Call(Box::new(Call {
                name: name.into(),
                args: f.args.iter().map(|e| convert_expr(e, span)).collect(),
                expand_final: f.args.expand_final(),
            }))
        }
        Expression::Traversal(t) => ExprKind::Traversal(
            Box::new(convert_expr(&t.expr, span)),
            t.operators
                .iter()
                .map(|op| {
                    let op_span = span_of(op, span);
                    match op.value() {
                        hx::TraversalOperator::AttrSplat(_) => Traverse::AttrSplat,
                        hx::TraversalOperator::FullSplat(_) => Traverse::FullSplat,
                        hx::TraversalOperator::GetAttr(id) => {
                            Traverse::Attr(id.as_str().into(), span_of(id, op_span))
                        }
                        hx::TraversalOperator::Index(e) => {
                            Traverse::Index(convert_expr(e, op_span))
                        }
                        hx::TraversalOperator::LegacyIndex(n) => {
                            Traverse::LegacyIndex(*n.value(), op_span)
                        }
                    }
                })
                .collect(),
        ),
        Expression::UnaryOp(u) => ExprKind::Unary(
            match u.operator.value() {
                hx::UnaryOperator::Neg => UnaryOp::Neg,
                hx::UnaryOperator::Not => UnaryOp::Not,
            },
            Box::new(convert_expr(&u.expr, span)),
        ),
        Expression::BinaryOp(b) => {
            use hx::BinaryOperator as B;
            let op = match b.operator.value() {
                B::Eq => BinaryOp::Eq,
                B::NotEq => BinaryOp::NotEq,
                B::Less => BinaryOp::Lt,
                B::LessEq => BinaryOp::LtEq,
                B::Greater => BinaryOp::Gt,
                B::GreaterEq => BinaryOp::GtEq,
                B::And => BinaryOp::And,
                B::Or => BinaryOp::Or,
                B::Plus => BinaryOp::Add,
                B::Minus => BinaryOp::Sub,
                B::Mul => BinaryOp::Mul,
                B::Div => BinaryOp::Div,
                B::Mod => BinaryOp::Mod,
            };
            ExprKind::Binary(
                op,
                Box::new(convert_expr(&b.lhs_expr, span)),
                Box::new(convert_expr(&b.rhs_expr, span)),
            )
        }
        Expression::ForExpr(f) => ExprKind::For(Box::new(ForExpr {
            key_var: f.intro.key_var.as_ref().map(|k| k.as_str().to_string()),
            value_var: f.intro.value_var.as_str().to_string(),
            collection: convert_expr(&f.intro.collection_expr, span),
            key_expr: f.key_expr.as_ref().map(|e| convert_expr(e, span)),
            value_expr: convert_expr(&f.value_expr, span),
            grouping: f.grouping,
            cond: f.cond.as_ref().map(|c| convert_expr(&c.expr, span)),
        })),
    };
    Expr { kind, span }
}

fn convert_template(t: &ht::Template, span: Span) -> Vec<TemplatePart> {
    let mut parts = Vec::new();
    for el in t.iter() {
        match el {
            ht::Element::Literal(s) => parts.push(TemplatePart::Literal(
                s.value().as_str().into(),
                span_of(s, span),
            )),
            ht::Element::Interpolation(i) => {
                parts.push(TemplatePart::Interpolation(convert_expr(&i.expr, span)));
            }
            ht::Element::Directive(d) => match d.as_ref() {
                ht::Directive::If(d) => parts.push(TemplatePart::If(Box::new(TemplateIf {
                    cond: convert_expr(&d.if_expr.cond_expr, span),
                    then: convert_template(&d.if_expr.template, span),
                    otherwise: d
                        .else_expr
                        .as_ref()
                        .map(|e| convert_template(&e.template, span))
                        .unwrap_or_default(),
                }))),
                ht::Directive::For(d) => parts.push(TemplatePart::For(Box::new(TemplateFor {
                    key_var: d.for_expr.key_var.as_ref().map(|k| k.as_str().to_string()),
                    value_var: d.for_expr.value_var.as_str().to_string(),
                    collection: convert_expr(&d.for_expr.collection_expr, span),
                    body: convert_template(&d.for_expr.template, span),
                }))),
            },
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_kept() {
        let text = "resource \"aws_security_group\" \"app\" {\n  ingress {\n    cidr_blocks = [\"0.0.0.0/0\", var.x]\n  }\n}\n";
        let body = parse_body(text).unwrap_or_default();
        let res = &body.blocks[0];
        assert_eq!(
            &text[res.span.start()..res.span.end()],
            &text[..text.len() - 1]
        );
        let ingress = &res.body.blocks[0];
        let cidrs = &ingress.body.attributes[0];
        assert_eq!(
            &text[cidrs.key_span.start()..cidrs.key_span.end()],
            "cidr_blocks"
        );
        let ExprKind::Array(items) = &cidrs.expr.kind else {
            unreachable!("array")
        };
        assert_eq!(
            &text[items[0].span.start()..items[0].span.end()],
            "\"0.0.0.0/0\""
        );
        assert_eq!(&text[items[1].span.start()..items[1].span.end()], "var.x");
    }

    /// The whole-file parse, never in pieces.
    fn whole(text: &str) -> Option<Body> {
        let body = hcl_edit::parser::parse_body(text).ok()?;
        Some(convert_body(&body, Span::new(0, text.len())))
    }

    /// Items that parse alone, and items a cut before a line starting with
    /// a letter would break: a heredoc, a block comment and a call whose
    /// lines start in the first column.
    fn tricky(i: usize) -> String {
        format!(
            "resource \"aws_security_group\" \"sg{i}\" {{\n  ingress {{\n    from_port   = 22\n    cidr_blocks = [\"0.0.0.0/0\", var.x]\n  }}\n}}\n\
             locals {{\n  policy{i} = <<EOF\nresource \"not\" \"real\" {{\nEOF\n  s{i} = \"${{var.a}}-{i}\"\n}}\n\
             /*\nvariable \"commented\" {{}}\n*/\n\
             output \"o{i}\" {{\n  value = concat(\nlocal.a, [for x in var.l : x if x != \"\"])\n}}\n"
        )
    }

    #[test]
    fn pieces_give_the_whole_files_tree_or_nothing() {
        let text: String = (0..200).map(tricky).collect();
        let expected = whole(&text);
        assert!(expected.is_some());
        // Every cut size: either the same tree, spans included, or a
        // refusal (the caller then parses the whole text).
        let mut pieced = 0;
        for chunk in [1, 7, 64, 300, 1000, 5000] {
            if let Some(body) = parse_chunked(&text, chunk) {
                assert_eq!(Some(&body), expected.as_ref(), "cut at {chunk}");
                pieced += 1;
            }
        }
        // Cuts that land only between items do happen.
        let clean: String = (0..500)
            .map(|i| format!("resource \"aws_instance\" \"i{i}\" {{\n  ami = \"ami-{i}\"\n  tags = {{ Name = \"${{var.p}}-{i}\" }}\n}}\n"))
            .collect();
        for chunk in [1, 100, 4096] {
            let body = parse_chunked(&clean, chunk);
            assert!(body.is_some(), "cut at {chunk}");
            assert_eq!(body, whole(&clean));
        }
        let _ = pieced;
    }

    #[test]
    fn a_large_file_parses_as_a_whole_file_would() {
        let mut text = String::new();
        let mut i = 0;
        while text.len() < CHUNKED_FROM + CHUNK * 3 {
            text.push_str(&tricky(i));
            i += 1;
        }
        assert_eq!(parse_body(&text).ok(), whole(&text));
        // A syntax error far into a large file: the same error as a
        // whole-file parse gives.
        text.push_str("resource \"x\" \"y\" {\n  a = [\n}\n");
        let err = parse_body(&text).err();
        let direct = hcl_edit::parser::parse_body(&text).err();
        assert!(err.is_some() && direct.is_some());
        // Brackets deep inside a heredoc are text; a piece cut inside the
        // heredoc must not hand them to the parser as code.
        let mut text = String::new();
        while text.len() < CHUNKED_FROM {
            text.push_str("resource \"a\" \"b\" {\n  x = 1\n}\n");
        }
        text.push_str("locals {\n  doc = <<EOF\n");
        text.push_str(&"x\n".repeat(CHUNK));
        text.push_str(&format!("a{}\n", "(".repeat(100_000)));
        text.push_str("EOF\n}\n");
        assert_eq!(parse_body(&text).ok(), whole(&text));
    }

    #[test]
    fn error_has_position() {
        let err = parse_body("a = 1\nb = [\n").err();
        assert!(err.is_some());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("a = {}", "[".repeat(100_000));
        let err = parse_body(&text).err();
        assert!(err.is_some_and(|e| e.message.contains("nesting")));
        // Interpolations nest too, in strings and heredocs.
        let text = format!("a = \"{}\"", "${\"".repeat(10_000));
        assert!(parse_body(&text).is_err_and(|e| e.message.contains("nesting")));
        let text = format!("a = <<EOF\n{}\nEOF\n", "${[".repeat(10_000));
        assert!(parse_body(&text).is_err_and(|e| e.message.contains("nesting")));
        let text = "${f(".repeat(400);
        assert!(parse_template(&text).is_err_and(|e| e.message.contains("nesting")));
    }

    #[test]
    fn brackets_in_text_do_not_count_as_nesting() {
        // Each item leaves a `{`, `(` or `[` open in text: hundreds of them
        // across a file are fine.
        let items: String = (0..600)
            .map(|i| {
                format!(
                    "a{i} = <<-EOF\n  {{ (\n  EOF\nb{i} = \"[ $${{ {{\"\n# {{\n// (\n/* [ */\nc{i} = \"${{\"{{\"}}\"\n"
                )
            })
            .collect();
        assert!(whole(&items).is_some());
        assert_eq!(parse_body(&items).ok(), whole(&items));
        let template: String = "{ ( [ $${ %%{ ".repeat(500);
        assert!(parse_template(&template).is_ok());
    }
}
