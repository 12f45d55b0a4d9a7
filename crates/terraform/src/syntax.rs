//! rampart's own syntax tree for Terraform configuration, shared by the HCL
//! and JSON front ends. Every node keeps its byte span in its file.

use crate::source::Span;

/// A name in the tree (an argument, block type, label, attribute or
/// variable): stored inline up to 24 bytes, so the millions of names of a
/// large configuration cost no allocation.
pub type Name = compact_str::CompactString;

/// A body: attributes and nested blocks, in source order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Body {
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<Block>,
}

impl Body {
    pub fn attribute(&self, key: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.key == key)
    }

    pub fn blocks_named<'a>(&'a self, ident: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
        self.blocks.iter().filter(move |b| b.ident == ident)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub key: Name,
    pub key_span: Span,
    pub expr: Expr,
    /// The whole attribute, key to end of value.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub ident: Name,
    pub ident_span: Span,
    pub labels: Vec<Label>,
    pub body: Body,
    /// The whole block, identifier to closing brace.
    pub span: Span,
}

impl Block {
    pub fn label(&self, i: usize) -> Option<&str> {
        self.labels.get(i).map(|l| l.value.as_str())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub value: Name,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Null,
    Bool(bool),
    Number(f64),
    String(Name),
    /// A string with interpolations or directives (also heredocs).
    Template(Vec<TemplatePart>),
    Array(Vec<Expr>),
    Object(Vec<ObjectItem>),
    /// A bare identifier such as `var` or `local`.
    Variable(Name),
    Traversal(Box<Expr>, Vec<Traverse>),
    /// A function call (boxed: rarer than the other kinds and the largest).
    Call(Box<Call>),
    Conditional(Box<Expr>, Box<Expr>, Box<Expr>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    For(Box<ForExpr>),
    /// Something the front end could not represent (never produced by a
    /// successful parse of valid syntax; evaluates to Unknown).
    Invalid,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: Name,
    pub args: Vec<Expr>,
    /// `f(list...)`: the last argument's elements are the arguments.
    pub expand_final: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ObjectItem {
    pub key: ObjectKey,
    pub value: Expr,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ObjectKey {
    /// `name = ...`: the identifier is the key.
    Ident(Name, Span),
    /// `(expr) = ...` or `"string" = ...`.
    Expr(Expr),
}

impl ObjectKey {
    /// The key's name when it is written literally (`name = …` or
    /// `"name" = …`).
    pub fn literal_name(&self) -> Option<&str> {
        match self {
            ObjectKey::Ident(k, _) => Some(k),
            ObjectKey::Expr(Expr {
                kind: ExprKind::String(s) | ExprKind::Variable(s),
                ..
            }) => Some(s),
            ObjectKey::Expr(_) => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    /// Literal text (escapes resolved, heredoc indentation removed) and the
    /// span of the source text it was written as.
    Literal(Name, Span),
    Interpolation(Expr),
    /// `%{ if }` (boxed, as `For`: rare, and parts are many).
    If(Box<TemplateIf>),
    /// `%{ for }`.
    For(Box<TemplateFor>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct TemplateIf {
    pub cond: Expr,
    pub then: Vec<TemplatePart>,
    pub otherwise: Vec<TemplatePart>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TemplateFor {
    pub key_var: Option<String>,
    pub value_var: String,
    pub collection: Expr,
    pub body: Vec<TemplatePart>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Traverse {
    Attr(Name, Span),
    Index(Expr),
    LegacyIndex(u64, Span),
    AttrSplat,
    FullSplat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Not,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Eq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
    And,
    Or,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForExpr {
    pub key_var: Option<String>,
    pub value_var: String,
    pub collection: Expr,
    pub key_expr: Option<Expr>,
    pub value_expr: Expr,
    pub grouping: bool,
    pub cond: Option<Expr>,
}

/// The spans of every block, attribute and object item (`key = value`
/// inside an object expression) in a body, at any depth. Suppression
/// comments attach to these.
pub fn item_spans(body: &Body, out: &mut Vec<Span>) {
    for a in &body.attributes {
        out.push(a.span);
        expr_item_spans(&a.expr, out);
    }
    for b in &body.blocks {
        out.push(b.span);
        item_spans(&b.body, out);
    }
}

fn expr_item_spans(expr: &Expr, out: &mut Vec<Span>) {
    match &expr.kind {
        ExprKind::Array(items) => items.iter().for_each(|e| expr_item_spans(e, out)),
        ExprKind::Object(items) => {
            for item in items {
                let start = match &item.key {
                    ObjectKey::Ident(_, s) => s.start(),
                    ObjectKey::Expr(e) => e.span.start(),
                };
                out.push(Span::new(start, item.value.span.end()));
                expr_item_spans(&item.value, out);
            }
        }
        _ => {}
    }
}

/// Apply `f` to an expression and every expression inside it.
pub fn visit_exprs_mut(e: &mut Expr, f: &mut dyn FnMut(&mut Expr)) {
    f(e);
    match &mut e.kind {
        ExprKind::Template(parts) => parts.iter_mut().for_each(|p| visit_part_mut(p, f)),
        ExprKind::Array(items) => items.iter_mut().for_each(|x| visit_exprs_mut(x, f)),
        ExprKind::Object(items) => {
            for item in items {
                if let ObjectKey::Expr(k) = &mut item.key {
                    visit_exprs_mut(k, f);
                }
                visit_exprs_mut(&mut item.value, f);
            }
        }
        ExprKind::Traversal(base, ops) => {
            visit_exprs_mut(base, f);
            for op in ops {
                if let Traverse::Index(x) = op {
                    visit_exprs_mut(x, f);
                }
            }
        }
        ExprKind::Call(call) => call.args.iter_mut().for_each(|x| visit_exprs_mut(x, f)),
        ExprKind::Conditional(a, b, c) => {
            visit_exprs_mut(a, f);
            visit_exprs_mut(b, f);
            visit_exprs_mut(c, f);
        }
        ExprKind::Unary(_, a) => visit_exprs_mut(a, f),
        ExprKind::Binary(_, a, b) => {
            visit_exprs_mut(a, f);
            visit_exprs_mut(b, f);
        }
        ExprKind::For(fe) => {
            visit_exprs_mut(&mut fe.collection, f);
            if let Some(k) = &mut fe.key_expr {
                visit_exprs_mut(k, f);
            }
            visit_exprs_mut(&mut fe.value_expr, f);
            if let Some(c) = &mut fe.cond {
                visit_exprs_mut(c, f);
            }
        }
        _ => {}
    }
}

fn visit_part_mut(p: &mut TemplatePart, f: &mut dyn FnMut(&mut Expr)) {
    match p {
        TemplatePart::Literal(..) => {}
        TemplatePart::Interpolation(e) => visit_exprs_mut(e, f),
        TemplatePart::If(t) => {
            visit_exprs_mut(&mut t.cond, f);
            t.then
                .iter_mut()
                .chain(t.otherwise.iter_mut())
                .for_each(|p| visit_part_mut(p, f));
        }
        TemplatePart::For(t) => {
            visit_exprs_mut(&mut t.collection, f);
            t.body.iter_mut().for_each(|p| visit_part_mut(p, f));
        }
    }
}
