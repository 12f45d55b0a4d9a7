//! Data sources whose result Terraform computes without calling any API,
//! so rampart can compute it too. Today: `aws_iam_policy_document`, whose
//! `json` is a policy document built from the block's own statements and
//! its source and override documents.

use super::{EvalBlock, EvalBody, Instance};
use crate::source::SourceDb;
use crate::value::{Extra, Kind, Value};
use std::collections::BTreeMap;

/// Add computed attributes to a data source's object value.
pub fn synthesize(rtype: &str, inst: &Instance, db: &SourceDb, map: &mut BTreeMap<String, Value>) {
    if rtype == "aws_iam_policy_document" {
        let doc = policy_document(&inst.body, inst, db);
        let json = crate::json::encode(&doc).map_or_else(
            || Value::unknown(Some(inst.loc)),
            |s| Value::string(s, Some(inst.loc)),
        );
        let json = json.with_extra(Extra::Encoded(doc));
        map.insert("minified_json".into(), json.clone());
        map.insert("json".into(), json);
    }
}

fn statements_of(doc_value: &Value, db: &SourceDb) -> Vec<Value> {
    // `source_policy_documents` hold JSON strings: what jsonencode encoded,
    // another document's `json`, a heredoc.
    let doc = crate::json::structure(doc_value, db);
    match doc.as_ref().and_then(|d| d.get("Statement")) {
        Some(Value {
            kind: Kind::List(items),
            ..
        }) => items.clone(),
        Some(
            v @ Value {
                kind: Kind::Object(_),
                ..
            },
        ) => vec![v.clone()],
        _ => Vec::new(),
    }
}

fn sid(v: &Value) -> Option<String> {
    v.get("Sid")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Statements replace earlier ones with the same Sid, else append.
fn merge(into: &mut Vec<Value>, statements: Vec<Value>) {
    for st in statements {
        match sid(&st).and_then(|s| into.iter().position(|x| sid(x).as_deref() == Some(&s))) {
            Some(i) => into[i] = st,
            None => into.push(st),
        }
    }
}

fn list_attr(body: &EvalBody, key: &str) -> Vec<Value> {
    match body.get(key) {
        Some(Value {
            kind: Kind::List(items),
            ..
        }) => items.clone(),
        Some(v) if !v.is_null() => vec![v.clone()],
        _ => Vec::new(),
    }
}

fn policy_document(body: &EvalBody, inst: &Instance, db: &SourceDb) -> Value {
    let mut statements = Vec::new();
    for src in list_attr(body, "source_policy_documents") {
        merge(&mut statements, statements_of(&src, db));
    }
    let own: Vec<Value> = body.blocks("statement").map(statement).collect();
    merge(&mut statements, own);
    for ovr in list_attr(body, "override_policy_documents") {
        merge(&mut statements, statements_of(&ovr, db));
    }
    let mut doc = BTreeMap::new();
    doc.insert(
        "Version".to_string(),
        body.get("version")
            .filter(|v| !v.is_null())
            .cloned()
            .unwrap_or_else(|| Value::string("2012-10-17", Some(inst.loc))),
    );
    doc.insert(
        "Statement".to_string(),
        Value::new(Kind::List(statements), Some(inst.loc)),
    );
    Value::new(Kind::Object(doc), Some(inst.loc))
}

fn statement(b: &EvalBlock) -> Value {
    let body = &b.body;
    let mut st = BTreeMap::new();
    let mut put = |k: &str, v: Option<&Value>| {
        if let Some(v) = v.filter(|v| !v.is_null()) {
            st.insert(k.to_string(), v.clone());
        }
    };
    put("Sid", body.get("sid"));
    put("Action", body.get("actions"));
    put("NotAction", body.get("not_actions"));
    put("Resource", body.get("resources"));
    put("NotResource", body.get("not_resources"));
    st.insert(
        "Effect".to_string(),
        body.get("effect")
            .filter(|v| !v.is_null())
            .cloned()
            .unwrap_or_else(|| Value::string("Allow", Some(b.loc))),
    );
    for (block, key) in [
        ("principals", "Principal"),
        ("not_principals", "NotPrincipal"),
    ] {
        if let Some(p) = principals(body, block) {
            st.insert(key.to_string(), p);
        }
    }
    let conditions: Vec<&EvalBlock> = body.blocks("condition").collect();
    if !conditions.is_empty() {
        let mut by_test: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
        for c in &conditions {
            let test = c
                .body
                .get("test")
                .and_then(Value::to_text)
                .unwrap_or_default();
            let var = c
                .body
                .get("variable")
                .and_then(Value::to_text)
                .unwrap_or_default();
            let values = c
                .body
                .get("values")
                .cloned()
                .unwrap_or_else(|| Value::unknown(Some(c.loc)));
            by_test.entry(test).or_default().insert(var, values);
        }
        let site = conditions.first().map(|c| c.loc);
        let cond = by_test
            .into_iter()
            .map(|(t, m)| (t, Value::new(Kind::Object(m), site)))
            .collect();
        st.insert(
            "Condition".to_string(),
            Value::new(Kind::Object(cond), site),
        );
    }
    Value::new(Kind::Object(st), Some(b.loc))
}

/// `principals { type = "AWS" identifiers = [...] }` blocks as a Principal
/// element; `type = "*"` with identifier `*` is the string `"*"`.
fn principals(body: &EvalBody, block: &str) -> Option<Value> {
    let blocks: Vec<&EvalBlock> = body.blocks(block).collect();
    let first = blocks.first()?;
    let mut by_type: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for p in &blocks {
        let t = p
            .body
            .get("type")
            .and_then(Value::to_text)
            .unwrap_or_default();
        by_type
            .entry(t)
            .or_default()
            .extend(list_attr(&p.body, "identifiers"));
    }
    if let Some(ids) = by_type.get("*") {
        if let Some(star) = ids.iter().find(|v| v.as_str() == Some("*")) {
            return Some(star.clone());
        }
    }
    let map = by_type
        .into_iter()
        .map(|(t, ids)| (t, Value::new(Kind::List(ids), Some(first.loc))))
        .collect();
    Some(Value::new(Kind::Object(map), Some(first.loc)))
}
