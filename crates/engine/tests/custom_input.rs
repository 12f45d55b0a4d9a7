//! The input document of custom Rego policies (`rampart-rego`) holds to
//! its documented JSON Schema (`docs/custom-policies.schema.json`) on every
//! Terraform tree of the repository: the custom-policy fixtures, the
//! module fixtures, every rule's good and bad examples and the bundled
//! example. One document is kept as a snapshot, to show its shape.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rampart_engine::debug::input_documents;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("docs/custom-policies.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

/// Every directory under `dir` holding Terraform files (`.terraform` and
/// hidden directories left out).
fn module_dirs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    if entries.iter().any(|p| {
        p.is_file()
            && (p.extension().is_some_and(|e| e == "tf")
                || p.to_string_lossy().ends_with(".tf.json"))
    }) {
        out.push(dir.to_path_buf());
    }
    for p in entries {
        let hidden = p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if p.is_dir() && !hidden {
            module_dirs(&p, out);
        }
    }
}

fn documents(dir: &Path) -> Vec<(String, Value)> {
    input_documents(dir, &root(), &[])
        .unwrap_or_else(|p| panic!("{}: {p:?}", dir.display()))
        .into_iter()
        .map(|(path, text)| (path, serde_json::from_str(&text).unwrap()))
        .collect()
}

#[test]
fn every_input_document_holds_to_the_schema() {
    let v = validator();
    let mut dirs = Vec::new();
    for d in [
        "tests/fixtures/custom-policies",
        "tests/fixtures/modules",
        "policies",
        "examples",
    ] {
        module_dirs(&root().join(d), &mut dirs);
    }
    assert!(dirs.len() > 100, "{}", dirs.len());
    let mut dirs: Vec<(PathBuf, PathBuf)> = dirs.into_iter().map(|d| (d, root())).collect();
    // The shared corpus of public repositories, when it is there, each
    // read as its own tree.
    if let Ok(repos) = std::fs::read_dir(root().join("../shared/corpus/repos")) {
        for repo in repos.flatten().map(|e| e.path()) {
            let mut found = Vec::new();
            module_dirs(&repo, &mut found);
            dirs.extend(found.into_iter().map(|d| (d, repo.clone())));
        }
    }
    let mut checked = 0;
    for (dir, tree) in &dirs {
        let Ok(docs) = input_documents(dir, tree, &[]) else {
            continue; // a fixture whose files do not parse
        };
        for (path, text) in docs {
            let doc: Value = serde_json::from_str(&text).unwrap();
            let errors: Vec<String> = v
                .iter_errors(&doc)
                .take(5)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(
                errors.is_empty(),
                "{} {path}:\n{}",
                dir.display(),
                errors.join("\n")
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn the_schema_rejects_what_the_document_is_not() {
    let v = validator();
    let ok = serde_json::json!({"module": {"path": "", "dir": ".", "call": null},
        "resources": [], "providers": [], "variables": {}, "locals": {}, "outputs": {},
        "module_calls": []});
    assert!(v.is_valid(&ok));
    let mut bad = ok.clone();
    bad["resources"] = serde_json::json!([{"address": "a.b"}]);
    assert!(!v.is_valid(&bad));
    let mut bad = ok.clone();
    bad["locals"] = serde_json::json!({"x": {"__rampart_unknown__": false}});
    assert!(!v.is_valid(&bad));
    let mut bad = ok;
    bad["extra"] = serde_json::json!(1);
    assert!(!v.is_valid(&bad));
}

#[test]
fn what_the_basic_fixture_gives_policies() {
    let dir = root().join("tests/fixtures/custom-policies/basic");
    let docs = documents(&dir);
    let paths: Vec<&str> = docs.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["", "module.web[\"a\"]", "module.web[\"b\"]"]);
    let root_doc = &docs[0].1;
    let resource = |address: &str| {
        root_doc["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["address"] == address)
            .unwrap()
            .clone()
    };
    let lb = resource("aws_lb.public");
    assert_eq!(
        lb["references"],
        serde_json::json!(["aws_security_group.app"])
    );
    assert_eq!(
        lb["values"]["security_groups"],
        serde_json::json!([{"__rampart_unknown__": true, "refers_to": "aws_security_group.app"}])
    );
    let sg = resource("aws_security_group.app");
    assert_eq!(
        sg["values"]["ingress"][0]["cidr_blocks"],
        serde_json::json!(["10.0.0.0/8", "0.0.0.0/0"])
    );
    assert_eq!(sg["values"]["ingress"][0]["from_port"], 8000);
    let web = &root_doc["module_calls"][1];
    assert_eq!(web["name"], "web");
    assert_eq!(web["version"], Value::Null);
    assert_eq!(web["instances"][1]["key"], "b");
    assert_eq!(web["instances"][1]["inputs"]["name"], "b");
    let child = &docs[1].1;
    assert_eq!(
        child["module"]["call"],
        serde_json::json!({"name": "web", "key": "a"})
    );
    assert_eq!(
        child["resources"][0]["address"],
        "module.web[\"a\"].aws_s3_bucket.this"
    );
    // The directory as found (here absolute): not part of the snapshot.
    let mut shown = root_doc.clone();
    shown["module"]["dir"] = Value::from("[DIR]");
    insta::assert_json_snapshot!("basic_root_input", shown);
}
