//! The JSON front end: Terraform's JSON configuration syntax
//! (`resource` → type → name → body) converted into rampart's syntax tree,
//! with the byte span of every JSON value.

use crate::parse_hcl::{parse_template, SyntaxError};
use crate::source::Span;
use crate::syntax::{
    Attribute, Block, Body, Expr, ExprKind, Label, ObjectItem, ObjectKey, TemplatePart,
};
use jsonc_parser::ast::{Object, ObjectProp, ObjectPropName, Value};
use jsonc_parser::{CollectOptions, ParseOptions};

/// Strict JSON: no comments, trailing commas or JSON5 extensions.
pub(crate) fn strict() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

fn parse_value(text: &str) -> Result<Option<Value<'_>>, SyntaxError> {
    jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &strict())
        .map(|r| r.value)
        .map_err(|e| SyntaxError {
            message: e.kind().to_string(),
            offset: e.range().start,
        })
}

fn span(r: jsonc_parser::common::Range) -> Span {
    Span::new(r.start, r.end)
}

fn root_object<'a>(
    value: Option<Value<'a>>,
    len: usize,
) -> Result<Option<Object<'a>>, SyntaxError> {
    match value {
        None => Ok(None),
        Some(Value::Object(o)) => Ok(Some(o)),
        Some(other) => Err(SyntaxError {
            message: "a Terraform JSON file must hold one object".into(),
            offset: value_range(&other).start().min(len),
        }),
    }
}

fn name_span(prop: &ObjectProp<'_>) -> Span {
    match &prop.name {
        ObjectPropName::String(s) => span(s.range),
        ObjectPropName::Word(w) => span(w.range),
    }
}

fn value_range(v: &Value<'_>) -> Span {
    match v {
        Value::StringLit(x) => span(x.range),
        Value::NumberLit(x) => span(x.range),
        Value::BooleanLit(x) => span(x.range),
        Value::Object(x) => span(x.range),
        Value::Array(x) => span(x.range),
        Value::NullKeyword(x) => span(x.range),
    }
}

/// Parse a `.tf.json` file into top-level blocks.
pub fn parse_config(text: &str) -> Result<Body, SyntaxError> {
    let Some(root) = root_object(parse_value(text)?, text.len())? else {
        return Ok(Body::default());
    };
    let mut body = Body::default();
    for prop in &root.properties {
        let key = prop.name.as_str();
        let label_depth = match key {
            "resource" | "data" => 2,
            "variable" | "output" | "module" | "provider" | "check" => 1,
            "locals" => {
                for obj in objects(&prop.value) {
                    body.blocks.push(Block {
                        ident: "locals".into(),
                        ident_span: name_span(prop),
                        labels: Vec::new(),
                        body: attributes_body(obj, true),
                        span: span(obj.range),
                    });
                }
                continue;
            }
            "//" => continue,
            _ => 0,
        };
        let mut labels = Vec::new();
        push_labelled(
            &mut body,
            key,
            name_span(prop),
            &prop.value,
            label_depth,
            &mut labels,
        );
    }
    Ok(body)
}

/// Terraform JSON repeats a block by giving an array of objects where one
/// object is expected.
fn objects<'a, 'b>(value: &'b Value<'a>) -> Vec<&'b Object<'a>> {
    match value {
        Value::Object(o) => vec![o],
        Value::Array(a) => a
            .elements
            .iter()
            .filter_map(|e| match e {
                Value::Object(o) => Some(o),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn push_labelled(
    out: &mut Body,
    ident: &str,
    ident_span: Span,
    value: &Value<'_>,
    depth: usize,
    labels: &mut Vec<Label>,
) {
    if depth == 0 {
        for obj in objects(value) {
            out.blocks.push(Block {
                ident: ident.into(),
                ident_span,
                labels: labels.clone(),
                body: block_body(obj),
                span: span(obj.range),
            });
        }
        return;
    }
    for obj in objects(value) {
        for prop in &obj.properties {
            if prop.name.as_str() == "//" {
                continue;
            }
            labels.push(Label {
                value: prop.name.as_str().into(),
                span: name_span(prop),
            });
            push_labelled(out, ident, ident_span, &prop.value, depth - 1, labels);
            labels.pop();
        }
    }
}

/// Nested block types whose JSON form is unambiguous without a provider
/// schema. Everything else stays an attribute holding an object or a list of
/// objects, which the evaluator exposes like blocks.
const META_BLOCKS: &[&str] = &[
    "lifecycle",
    "provisioner",
    "connection",
    "precondition",
    "postcondition",
];

fn block_body(obj: &Object<'_>) -> Body {
    let mut body = Body::default();
    for prop in &obj.properties {
        let key = prop.name.as_str();
        if key == "//" {
            continue;
        }
        if key == "dynamic" {
            let mut labels = Vec::new();
            push_labelled(
                &mut body,
                "dynamic",
                name_span(prop),
                &prop.value,
                1,
                &mut labels,
            );
            continue;
        }
        if META_BLOCKS.contains(&key)
            || (key == "content" && matches!(prop.value, Value::Object(_)))
        {
            for o in objects(&prop.value) {
                body.blocks.push(Block {
                    ident: key.into(),
                    ident_span: name_span(prop),
                    labels: Vec::new(),
                    body: block_body(o),
                    span: span(o.range),
                });
            }
            continue;
        }
        body.attributes.push(attribute(prop, true));
    }
    body
}

fn attributes_body(obj: &Object<'_>, templates: bool) -> Body {
    Body {
        attributes: obj
            .properties
            .iter()
            .filter(|p| p.name.as_str() != "//")
            .map(|p| attribute(p, templates))
            .collect(),
        blocks: Vec::new(),
    }
}

fn attribute(prop: &ObjectProp<'_>, templates: bool) -> Attribute {
    let key_span = name_span(prop);
    let expr = convert_value(&prop.value, templates);
    Attribute {
        key: prop.name.as_str().into(),
        key_span,
        span: Span::new(key_span.start(), expr.span.end()),
        expr,
    }
}

fn convert_value(value: &Value<'_>, templates: bool) -> Expr {
    let sp = value_range(value);
    let kind = match value {
        Value::NullKeyword(_) => ExprKind::Null,
        Value::BooleanLit(b) => ExprKind::Bool(b.value),
        Value::NumberLit(n) => n
            .value
            .parse::<f64>()
            .map_or(ExprKind::Invalid, ExprKind::Number),
        Value::StringLit(s) => {
            if templates && (s.value.contains("${") || s.value.contains("%{")) {
                string_template(&s.value, sp)
            } else {
                ExprKind::String(s.value.as_ref().into())
            }
        }
        Value::Array(a) => ExprKind::Array(
            a.elements
                .iter()
                .map(|e| convert_value(e, templates))
                .collect(),
        ),
        Value::Object(o) => ExprKind::Object(
            o.properties
                .iter()
                .filter(|p| p.name.as_str() != "//")
                .map(|p| ObjectItem {
                    key: ObjectKey::Ident(p.name.as_str().into(), name_span(p)),
                    value: convert_value(&p.value, templates),
                })
                .collect(),
        ),
    };
    Expr { kind, span: sp }
}

/// A JSON string holding `${...}` is an HCL template. Spans inside it are
/// shifted onto the file when the string has no escapes (so the decoded text
/// lines up with the source); otherwise they cover the whole string.
fn string_template(decoded: &str, sp: Span) -> ExprKind {
    let Ok(mut parts) = parse_template(decoded) else {
        return ExprKind::String(crate::syntax::Name::from(decoded));
    };
    let raw_len = sp.len().saturating_sub(2);
    let shift = if raw_len == decoded.len() {
        Some(sp.start() + 1)
    } else {
        None
    };
    for p in &mut parts {
        relocate_part(p, shift, sp);
    }
    ExprKind::Template(parts)
}

fn relocate_part(p: &mut TemplatePart, shift: Option<usize>, whole: Span) {
    match p {
        TemplatePart::Literal(_, span) => {
            *span = match shift {
                Some(s) => Span::new(span.start() + s, span.end() + s),
                None => whole,
            };
        }
        TemplatePart::Interpolation(e) => relocate(e, shift, whole),
        TemplatePart::If(t) => {
            relocate(&mut t.cond, shift, whole);
            t.then
                .iter_mut()
                .chain(t.otherwise.iter_mut())
                .for_each(|p| relocate_part(p, shift, whole));
        }
        TemplatePart::For(t) => {
            relocate(&mut t.collection, shift, whole);
            t.body
                .iter_mut()
                .for_each(|p| relocate_part(p, shift, whole));
        }
    }
}

fn relocate(e: &mut Expr, shift: Option<usize>, whole: Span) {
    crate::syntax::visit_exprs_mut(e, &mut |x| {
        x.span = match shift {
            Some(s) => Span::new(x.span.start() + s, x.span.end() + s),
            None => whole,
        };
    });
}

/// Parse a `.tfvars.json` file: one object whose properties are variable values
/// (taken literally, as Terraform does).
pub fn parse_tfvars(text: &str) -> Result<Body, SyntaxError> {
    let Some(root) = root_object(parse_value(text)?, text.len())? else {
        return Ok(Body::default());
    };
    Ok(attributes_body(&root, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_with_positions() {
        let text = r#"{
  "resource": {
    "aws_security_group": {
      "web": {
        "ingress": [{"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}],
        "name": "${var.name}-sg"
      }
    }
  },
  "variable": {"name": {"default": "app"}}
}"#;
        let body = parse_config(text).unwrap();
        let r = &body.blocks[0];
        assert_eq!(r.ident, "resource");
        assert_eq!(r.label(0), Some("aws_security_group"));
        assert_eq!(r.label(1), Some("web"));
        let ingress = r.body.attribute("ingress").unwrap();
        let ExprKind::Array(items) = &ingress.expr.kind else {
            unreachable!()
        };
        let ExprKind::Object(fields) = &items[0].kind else {
            unreachable!()
        };
        let cidrs = &fields[3].value;
        assert_eq!(
            &text[cidrs.span.start()..cidrs.span.end()],
            "[\"0.0.0.0/0\"]"
        );
        let name = r.body.attribute("name").unwrap();
        let ExprKind::Template(parts) = &name.expr.kind else {
            unreachable!()
        };
        let TemplatePart::Interpolation(e) = &parts[0] else {
            unreachable!()
        };
        assert_eq!(&text[e.span.start()..e.span.end()], "var.name");
        assert_eq!(body.blocks[1].ident, "variable");
    }

    #[test]
    fn errors_have_offsets() {
        let err = parse_config("{\n  \"resource\": [1,\n}").err().unwrap();
        assert!(err.offset > 0);
    }
}
