//! The IAM policy-document model: every way Terraform writes a policy
//! (`jsonencode`, JSON strings and heredocs, `aws_iam_policy_document` data
//! sources with source and override documents, `file()` and
//! `templatefile()`) normalized into statements whose every element keeps
//! its own source location.

use crate::finding::{related_of, Related, Report};
use rampart_terraform::datasources;
use rampart_terraform::eval::{EvaluatedModule, Instance};
use rampart_terraform::json;
use rampart_terraform::source::{Loc, SourceDb};
use rampart_terraform::value::{Kind, Value};
use std::collections::{BTreeMap, HashMap};

/// What a policy document governs, by the attribute it sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// Attached to an identity (`aws_iam_policy.policy`, inline role policies).
    Identity,
    /// Who may assume a role (`aws_iam_role.assume_role_policy`).
    Trust,
    /// On a resource (bucket, queue, topic, key policies).
    Resource,
    /// An `aws_iam_policy_document` no resource was seen using.
    Standalone,
}

/// One policy document and where it is used.
#[derive(Debug, Clone)]
pub struct PolicyDoc<'a> {
    /// The module the document is in.
    pub module: &'a EvaluatedModule,
    pub instance: &'a Instance,
    pub kind: DocKind,
    /// The attribute value the document came from (its trail explains it).
    pub value: Value,
    /// The `policy = ...` attribute (or the data source block).
    pub used_at: Loc,
    pub statements: Vec<Statement>,
    /// Why a `Principal "*"` here does not make the resource public, when
    /// the resource has its own guard (an OpenSearch domain in a VPC, or
    /// with fine-grained access control authenticating every request).
    pub guarded: Option<&'static str>,
}

/// A normalized statement. `Action`, `Resource` and friends are lists of
/// the element values (a single string becomes a one-element list).
#[derive(Debug, Clone)]
pub struct Statement {
    pub effect: Option<Value>,
    pub action: Option<Value>,
    pub not_action: Option<Value>,
    pub resource: Option<Value>,
    pub not_resource: Option<Value>,
    pub principal: Option<Value>,
    pub not_principal: Option<Value>,
    pub condition: Option<Value>,
}

impl Statement {
    fn from_value(v: &Value) -> Option<Statement> {
        let map = v.as_object()?;
        let get = |k: &str| map.get(k).filter(|x| !x.is_null()).cloned();
        Some(Statement {
            effect: get("Effect"),
            action: get("Action"),
            not_action: get("NotAction"),
            resource: get("Resource"),
            not_resource: get("NotResource"),
            principal: get("Principal"),
            not_principal: get("NotPrincipal"),
            condition: get("Condition"),
        })
    }

    /// Only Allow statements grant anything; an unknown effect is not assumed.
    pub fn is_allow(&self) -> bool {
        self.effect
            .as_ref()
            .and_then(Value::as_str)
            .is_some_and(|e| e.eq_ignore_ascii_case("allow"))
    }

    pub fn actions(&self) -> Vec<&Value> {
        elements(self.action.as_ref())
    }

    pub fn resources(&self) -> Vec<&Value> {
        elements(self.resource.as_ref())
    }

    /// Identity statements have no principal; trust and resource policy
    /// statements do.
    pub fn has_principal(&self) -> bool {
        self.principal.is_some() || self.not_principal.is_some()
    }

    /// Resource `*` (every resource).
    pub fn on_every_resource(&self) -> bool {
        self.resources().iter().any(|r| r.as_str() == Some("*"))
    }
}

/// The known string elements of a string-or-list element.
pub fn elements(v: Option<&Value>) -> Vec<&Value> {
    match v.map(|v| &v.kind) {
        Some(Kind::List(items)) => items.iter().filter(|i| i.as_str().is_some()).collect(),
        Some(Kind::String(_)) => v.into_iter().collect(),
        _ => Vec::new(),
    }
}

/// IAM's wildcard match: `*` any run of characters, `?` one; case-insensitive.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_ascii_lowercase().chars().collect();
    let t: Vec<char> = text.to_ascii_lowercase().chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Something in a policy document rampart cannot read, and where.
type Unread = (Loc, String);

/// Statements of a policy document value: `None` when it is not known
/// before apply (nothing to say) or cannot be read (said in `notes`).
fn statements(
    v: &Value,
    at: Loc,
    db: &SourceDb,
    notes: &mut Vec<Unread>,
) -> Option<Vec<Statement>> {
    let doc = match json::read(v, db)? {
        Ok(doc) => doc,
        Err(e) => {
            notes.push((
                e.loc.unwrap_or(at),
                format!(
                    "policy text is not valid JSON ({}): its statements are not checked",
                    e.message
                ),
            ));
            return None;
        }
    };
    let here = |x: &Value| x.site.unwrap_or(at);
    let Some(map) = doc.as_object() else {
        if !doc.is_unknown() {
            notes.push((
                here(&doc),
                "policy document is not a JSON object: its statements are not checked".to_string(),
            ));
        }
        return None;
    };
    let Some(st) = map.get("Statement") else {
        notes.push((
            here(&doc),
            "policy document has no `Statement`: nothing in it is checked".to_string(),
        ));
        return None;
    };
    let mut out = Vec::new();
    let mut one = |item: &Value, notes: &mut Vec<Unread>| match &item.kind {
        Kind::Object(_) => out.extend(Statement::from_value(item)),
        Kind::Unknown | Kind::Null => {}
        _ => notes.push((
            here(item),
            "policy statement is not a JSON object: it is not checked".to_string(),
        )),
    };
    match &st.kind {
        Kind::List(items) => items.iter().for_each(|i| one(i, notes)),
        Kind::Object(_) => one(st, notes),
        Kind::Unknown => {}
        _ => one(st, notes),
    }
    Some(out)
}

/// The statements of a policy document read on its own (not where a
/// resource uses it): its JSON text, or the decoded document itself.
/// `Ok(None)` when it is not known before apply; `Err` says why it cannot
/// be read (the first thing the IAM rules would note).
pub(crate) fn statements_of(v: &Value, db: &SourceDb) -> Result<Option<Vec<Statement>>, String> {
    let encoded;
    let v = if v.as_object().is_some() {
        encoded = Value::string("", v.site)
            .with_extra(rampart_terraform::value::Extra::Encoded(v.clone()));
        &encoded
    } else {
        v
    };
    let at = Loc::new(
        rampart_terraform::source::FileId(0),
        rampart_terraform::source::Span::default(),
    );
    let mut notes = Vec::new();
    let out = statements(v, at, db, &mut notes);
    match (out, notes.into_iter().next()) {
        (_, Some((_, why))) => Err(why),
        (out, None) => Ok(out),
    }
}

/// A `Principal` (or `NotPrincipal`) rampart cannot read: `"*"` or an
/// object of `AWS`, `Service`, `Federated` and `CanonicalUser`, each a
/// string or a list of strings, is what IAM accepts; anything else
/// (a number, a nested list, an unknown key) is said, not guessed.
pub(crate) fn unreadable_principal(p: &Value) -> Option<(Option<Loc>, String)> {
    const KEYS: &[&str] = &["AWS", "Service", "Federated", "CanonicalUser"];
    let kind_of = |v: &Value| match &v.kind {
        Kind::Null => "null",
        Kind::Bool(_) => "a boolean",
        Kind::Number(_) => "a number",
        Kind::String(_) => "a string",
        Kind::List(_) => "a list",
        Kind::Object(_) => "an object",
        Kind::Unknown => "unknown",
    };
    match &p.kind {
        Kind::String(_) | Kind::Unknown => None,
        Kind::Object(map) => {
            for (k, v) in map {
                if !KEYS.contains(&k.as_str()) {
                    return Some((
                        v.site.or(p.site),
                        format!("`Principal` key `{k}` is not one IAM knows (AWS, Service, Federated, CanonicalUser): this principal is not checked"),
                    ));
                }
                let items: Vec<&Value> = match &v.kind {
                    Kind::List(items) => items.iter().collect(),
                    _ => vec![v],
                };
                if let Some(bad) = items
                    .into_iter()
                    .find(|i| !matches!(i.kind, Kind::String(_) | Kind::Unknown))
                {
                    return Some((
                        bad.site.or(v.site).or(p.site),
                        format!(
                            "`Principal` `{k}` holds {}, not an identifier: this principal is not checked",
                            kind_of(bad)
                        ),
                    ));
                }
            }
            None
        }
        _ => Some((
            p.site,
            format!(
                "`Principal` is {}, not `\"*\"` or an object such as `{{\"AWS\": [...]}}`: this principal is not checked",
                kind_of(p)
            ),
        )),
    }
}

/// Where policies live: resource type, attribute, kind. Where a document is
/// used decides its kind, whatever it holds: a statement with a `Principal`
/// in an identity policy is still judged as an identity statement.
const POLICY_ATTRIBUTES: &[(&str, &str, DocKind)] = &[
    ("aws_iam_policy", "policy", DocKind::Identity),
    ("aws_iam_role_policy", "policy", DocKind::Identity),
    ("aws_iam_user_policy", "policy", DocKind::Identity),
    ("aws_iam_group_policy", "policy", DocKind::Identity),
    (
        "aws_ssoadmin_permission_set_inline_policy",
        "inline_policy",
        DocKind::Identity,
    ),
    ("aws_iam_role", "assume_role_policy", DocKind::Trust),
    ("aws_s3_bucket_policy", "policy", DocKind::Resource),
    ("aws_s3_bucket", "policy", DocKind::Resource),
    ("aws_sqs_queue_policy", "policy", DocKind::Resource),
    ("aws_sqs_queue", "policy", DocKind::Resource),
    ("aws_sns_topic_policy", "policy", DocKind::Resource),
    ("aws_sns_topic", "policy", DocKind::Resource),
    ("aws_kms_key", "policy", DocKind::Resource),
    ("aws_kms_key_policy", "policy", DocKind::Resource),
    ("aws_ecr_repository_policy", "policy", DocKind::Resource),
    (
        "aws_secretsmanager_secret_policy",
        "policy",
        DocKind::Resource,
    ),
    ("aws_secretsmanager_secret", "policy", DocKind::Resource),
    ("aws_efs_file_system_policy", "policy", DocKind::Resource),
    ("aws_glacier_vault", "access_policy", DocKind::Resource),
    (
        "aws_api_gateway_rest_api_policy",
        "policy",
        DocKind::Resource,
    ),
    ("aws_api_gateway_rest_api", "policy", DocKind::Resource),
    (
        "aws_opensearch_domain_policy",
        "access_policies",
        DocKind::Resource,
    ),
    (
        "aws_opensearch_domain",
        "access_policies",
        DocKind::Resource,
    ),
    (
        "aws_elasticsearch_domain_policy",
        "access_policies",
        DocKind::Resource,
    ),
    (
        "aws_elasticsearch_domain",
        "access_policies",
        DocKind::Resource,
    ),
    ("aws_backup_vault_policy", "policy", DocKind::Resource),
];

/// OpenSearch (and legacy Elasticsearch) domains.
const SEARCH_DOMAINS: &[&str] = &["aws_opensearch_domain", "aws_elasticsearch_domain"];

/// Why a search domain's access policy does not decide alone who gets in:
/// the domain is in a VPC (only clients that reach the VPC reach the
/// endpoint), or fine-grained access control is on without anonymous
/// access (every request is authenticated; AWS recommends an access policy
/// that does not require signed requests then). `None` when neither is
/// known to hold. A `vpc_options` or `advanced_security_options` block
/// from a `dynamic` block known only after apply (a module's caller
/// passing it in) may be there: its absence is not taken for a fact.
fn search_domain_guard(domain: &Instance) -> Option<&'static str> {
    let on = |b: &rampart_terraform::eval::EvalBody, key: &str| {
        b.get(key).and_then(Value::as_bool) == Some(true)
    };
    if domain.body.has_unknown_blocks("vpc_options") {
        return Some("the domain may be in a VPC: its `vpc_options` come from a `dynamic` block known only after apply");
    }
    if domain.body.has_unknown_blocks("advanced_security_options") {
        return Some("fine-grained access control may be on: `advanced_security_options` comes from a `dynamic` block known only after apply");
    }
    for v in domain.body.nested("vpc_options") {
        let subnets = v.body.get("subnet_ids");
        if subnets.is_some_and(|s| s.as_list().is_none_or(|l| !l.is_empty()) && !s.is_null()) {
            return Some("the domain is in a VPC: only clients inside it reach its endpoint");
        }
    }
    for a in domain.body.nested("advanced_security_options") {
        if on(&a.body, "enabled") && !on(&a.body, "anonymous_auth_enabled") {
            return Some(
                "fine-grained access control is on: the domain authenticates every request itself",
            );
        }
    }
    None
}

/// A REST API that is public by design (its endpoint type is not
/// `PRIVATE`; without `endpoint_configuration`, API Gateway creates an
/// edge-optimized, public API): its resource policy letting everyone invoke
/// it changes nothing, who may call it is decided by its methods'
/// authorization. `None` for a private API or one not known before apply.
fn public_api_guard(api: &Instance) -> Option<&'static str> {
    const WHY: &str = "the API is public by design (not a PRIVATE endpoint): its methods' authorization decides who may call it";
    let configs = api.body.nested("endpoint_configuration");
    if configs.is_empty() {
        return Some(WHY);
    }
    let types: Vec<&Value> = configs
        .iter()
        .filter_map(|c| c.body.get("types"))
        .flat_map(|t| match &t.kind {
            Kind::List(items) => items.iter().collect(),
            _ => vec![t],
        })
        .collect();
    let known = !types.is_empty() && types.iter().all(|t| t.as_str().is_some());
    (known && !types.iter().any(|t| t.as_str() == Some("PRIVATE"))).then_some(WHY)
}

/// The REST APIs and search domains of a module, by local address and
/// (domains) by literal `domain_name`: read once per module, for the
/// policies that name them.
#[derive(Default)]
struct GuardIndex<'m> {
    by_address: HashMap<String, Vec<&'m Instance>>,
    domains_by_name: HashMap<String, Vec<&'m Instance>>,
}

impl<'m> GuardIndex<'m> {
    fn of(module: &'m EvaluatedModule) -> GuardIndex<'m> {
        let mut index = GuardIndex::default();
        for r in &module.resources {
            let domain = SEARCH_DOMAINS.contains(&r.rtype.as_str());
            if !domain && r.rtype != "aws_api_gateway_rest_api" {
                continue;
            }
            index
                .by_address
                .entry(crate::network::local_address(r))
                .or_default()
                .push(r);
            if let Some(name) = r.body.get("domain_name").and_then(Value::as_str) {
                if domain {
                    index
                        .domains_by_name
                        .entry(name.to_string())
                        .or_default()
                        .push(r);
                }
            }
        }
        index
    }
}

/// The one guard of `guarded`, when every one is guarded (and there is at
/// least one).
fn every_guard<'m>(
    guarded: impl Iterator<Item = &'m Instance>,
    guard: fn(&Instance) -> Option<&'static str>,
) -> Option<&'static str> {
    let mut first = None;
    for i in guarded {
        let g = guard(i)?;
        first.get_or_insert(g);
    }
    first
}

/// The guard of the resource a policy document belongs to (see
/// [`search_domain_guard`] and [`public_api_guard`]): the domain or API
/// itself, or the ones of this module a `*_domain_policy` or
/// `aws_api_gateway_rest_api_policy` names, when every one is guarded.
fn guard_of<'m>(
    module: &'m EvaluatedModule,
    index: &mut Option<GuardIndex<'m>>,
    inst: &Instance,
) -> Option<&'static str> {
    if SEARCH_DOMAINS.contains(&inst.rtype.as_str()) {
        return search_domain_guard(inst);
    }
    if inst.rtype == "aws_api_gateway_rest_api" {
        return public_api_guard(inst);
    }
    if inst.rtype == "aws_api_gateway_rest_api_policy" {
        let address = inst
            .body
            .get("rest_api_id")
            .and_then(crate::network::local_ref)?;
        let index = index.get_or_insert_with(|| GuardIndex::of(module));
        let apis = index.by_address.get(address)?;
        return every_guard(
            apis.iter()
                .copied()
                .filter(|a| a.rtype == "aws_api_gateway_rest_api"),
            public_api_guard,
        );
    }
    if !inst.rtype.ends_with("search_domain_policy") {
        return None;
    }
    let name = inst.body.get("domain_name")?;
    let index = index.get_or_insert_with(|| GuardIndex::of(module));
    let domains = match (crate::network::local_ref(name), name.as_str()) {
        (Some(address), _) => index.by_address.get(address)?,
        (None, Some(literal)) => index.domains_by_name.get(literal)?,
        _ => return None,
    };
    every_guard(
        domains
            .iter()
            .copied()
            .filter(|d| SEARCH_DOMAINS.contains(&d.rtype.as_str())),
        search_domain_guard,
    )
}

/// Every policy document of the module: those used by resources first, then
/// the `aws_iam_policy_document` data sources themselves (whose statements,
/// when a resource uses them, sit at the same places and so are reported
/// once, under the using resource). What cannot be read is added to
/// `notes`, at its place.
pub fn documents<'a>(
    module: &'a EvaluatedModule,
    db: &SourceDb,
    notes: &mut Vec<(Loc, String)>,
) -> Vec<PolicyDoc<'a>> {
    let mut out = Vec::new();
    let mut guards: Option<GuardIndex<'a>> = None;
    for inst in &module.resources {
        for &(rtype, attr, kind) in POLICY_ATTRIBUTES {
            if inst.rtype != rtype {
                continue;
            }
            if let (Some(v), Some(at)) = (inst.body.get(attr), inst.body.attr_loc(attr)) {
                let guard = if kind == DocKind::Resource
                    && (inst.rtype.contains("search_domain")
                        || inst.rtype.starts_with("aws_api_gateway_rest_api"))
                {
                    guard_of(module, &mut guards, inst)
                } else {
                    None
                };
                push_doc(module, &mut out, inst, kind, v, at, db, notes, guard);
            }
        }
        if inst.rtype == "aws_iam_role" {
            for b in inst.body.nested("inline_policy") {
                if let (Some(v), Some(at)) = (b.body.get("policy"), b.body.attr_loc("policy")) {
                    push_doc(
                        module,
                        &mut out,
                        inst,
                        DocKind::Identity,
                        v,
                        at,
                        db,
                        notes,
                        None,
                    );
                }
            }
        }
    }
    // A data source used by a guarded resource (an OpenSearch domain with
    // fine-grained access control) shares its guard: its statements sit at
    // the same places.
    let guarded: Vec<(Loc, &'static str)> = out
        .iter()
        .filter_map(|d| d.guarded.map(|g| (d, g)))
        .flat_map(|(d, g)| {
            d.statements
                .iter()
                .filter_map(move |s| s.principal.as_ref().and_then(|p| p.site).map(|l| (l, g)))
        })
        .collect();
    for inst in &module.data {
        if inst.rtype != "aws_iam_policy_document" {
            continue;
        }
        let mut map = BTreeMap::new();
        datasources::synthesize(&inst.rtype, inst, db, &mut map);
        if let Some(v) = map.get("json") {
            let before = out.len();
            push_doc(
                module,
                &mut out,
                inst,
                DocKind::Standalone,
                v,
                inst.loc,
                db,
                notes,
                None,
            );
            if let Some(doc) = out.get_mut(before) {
                doc.guarded = doc.statements.iter().find_map(|s| {
                    let at = s.principal.as_ref()?.site?;
                    guarded.iter().find(|(l, _)| *l == at).map(|(_, g)| *g)
                });
            }
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn push_doc<'a>(
    module: &'a EvaluatedModule,
    out: &mut Vec<PolicyDoc<'a>>,
    inst: &'a Instance,
    kind: DocKind,
    v: &Value,
    at: Loc,
    db: &SourceDb,
    notes: &mut Vec<(Loc, String)>,
    guarded: Option<&'static str>,
) {
    if let Some(statements) = statements(v, at, db, notes) {
        out.push(PolicyDoc {
            module,
            instance: inst,
            kind,
            value: v.clone(),
            used_at: at,
            statements,
            guarded,
        });
    }
}

impl PolicyDoc<'_> {
    /// The report of a finding at `element` of one of this document's
    /// statements: at the element (or where the document is used), for
    /// this resource instance, with how the element got there. One
    /// statement element is one finding, whatever resources use it.
    pub fn element_report<'v>(
        &self,
        element: &'v Value,
        message: String,
        fix: String,
    ) -> Report<'v> {
        let loc = element.site.unwrap_or(self.used_at);
        Report {
            loc: Some(loc),
            message,
            fix: Some(fix),
            identity: Some(String::new()),
            provenance: Some(element),
            related: self.related(loc),
            ..Report::on(self.instance)
        }
    }

    /// Related locations for a finding inside this document: how the
    /// document reached the resource, then where the resource uses it.
    pub fn related(&self, finding_at: Loc) -> Vec<Related> {
        let mut out = related_of(&self.value);
        let inside =
            finding_at.file == self.used_at.file && self.used_at.span.contains(finding_at.span);
        if !inside && self.kind != DocKind::Standalone {
            out.push(Related {
                loc: Some(self.used_at),
                message: format!("used by `{}` here", self.instance.address),
            });
        }
        out
    }
}

/// Where a Google Cloud role is granted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GcpLevel {
    Organization,
    Folder,
    Project,
    /// One resource (a bucket, a dataset, a service account...), or a
    /// `google_iam_policy` no project, folder or organization uses here.
    Resource,
}

impl GcpLevel {
    pub fn name(self) -> &'static str {
        match self {
            GcpLevel::Organization => "organization",
            GcpLevel::Folder => "folder",
            GcpLevel::Project => "project",
            GcpLevel::Resource => "resource",
        }
    }

    /// Project, folder or organization: every resource below it.
    pub fn is_hierarchy(self) -> bool {
        self != GcpLevel::Resource
    }

    fn of_type(rtype: &str) -> GcpLevel {
        if rtype.starts_with("google_organization_iam_") {
            GcpLevel::Organization
        } else if rtype.starts_with("google_folder_iam_") {
            GcpLevel::Folder
        } else if rtype.starts_with("google_project_iam_") {
            GcpLevel::Project
        } else {
            GcpLevel::Resource
        }
    }
}

/// One Google Cloud role granted to members: a `google_*_iam_binding`, a
/// `google_*_iam_member`, or a `binding` of a `google_iam_policy` data
/// source.
#[derive(Debug)]
pub struct GcpGrant<'a> {
    /// The resource or data source that grants it.
    pub instance: &'a Instance,
    pub level: GcpLevel,
    /// The `role` value (`roles/owner`).
    pub role: &'a Value,
    /// Each member (`allUsers`, `serviceAccount:...`), or `None` when the
    /// members are not known before apply or not written.
    pub members: Option<Vec<&'a Value>>,
}

impl GcpGrant<'_> {
    /// The role's name, when known.
    pub fn role_name(&self) -> Option<&str> {
        self.role.as_str()
    }
}

/// Is this one of the `google_*_iam_binding`/`_iam_member` resources?
fn is_gcp_grant_type(rtype: &str) -> bool {
    rtype.starts_with("google_")
        && (rtype.ends_with("_iam_binding") || rtype.ends_with("_iam_member"))
}

/// Every Google Cloud role grant of the module.
pub fn gcp_grants(module: &EvaluatedModule) -> Vec<GcpGrant<'_>> {
    let mut out = Vec::new();
    for inst in &module.resources {
        if !is_gcp_grant_type(&inst.rtype) {
            continue;
        }
        let Some(role) = inst.body.get("role") else {
            continue;
        };
        let members = if inst.rtype.ends_with("_iam_member") {
            inst.body
                .get("member")
                .filter(|m| m.as_str().is_some())
                .map(|m| vec![m])
        } else {
            inst.body
                .get("members")
                .and_then(Value::as_list)
                .map(|l| l.iter().collect())
        };
        out.push(GcpGrant {
            instance: inst,
            level: GcpLevel::of_type(&inst.rtype),
            role,
            members,
        });
    }
    // `google_iam_policy` data sources, at the level of the
    // `google_{project,folder,organization}_iam_policy` that uses them.
    let mut levels: Vec<(&str, GcpLevel)> = Vec::new();
    for inst in &module.resources {
        if !(inst.rtype.starts_with("google_") && inst.rtype.ends_with("_iam_policy")) {
            continue;
        }
        let level = GcpLevel::of_type(&inst.rtype);
        if let Some(address) = inst
            .body
            .get("policy_data")
            .and_then(crate::network::local_ref)
        {
            levels.push((address, level));
        }
    }
    for inst in &module.data {
        if inst.rtype != "google_iam_policy" {
            continue;
        }
        // The widest level that uses it.
        let level = levels
            .iter()
            .filter(|(a, _)| *a == inst.address)
            .map(|(_, l)| *l)
            .min_by_key(|l| match l {
                GcpLevel::Organization => 0,
                GcpLevel::Folder => 1,
                GcpLevel::Project => 2,
                GcpLevel::Resource => 3,
            })
            .unwrap_or(GcpLevel::Resource);
        for b in inst.body.blocks("binding") {
            let Some(role) = b.body.get("role") else {
                continue;
            };
            out.push(GcpGrant {
                instance: inst,
                level,
                role,
                members: b
                    .body
                    .get("members")
                    .and_then(Value::as_list)
                    .map(|l| l.iter().collect()),
            });
        }
    }
    out
}

/// The Azure operation that assigns roles: whoever holds it at a scope can
/// give anyone, itself included, any role there, Owner included.
pub const AZURE_ROLE_ASSIGNMENT_WRITE: &str = "Microsoft.Authorization/roleAssignments/write";

/// An Azure custom role's `permissions` block: its `actions` elements and
/// what `not_actions` takes out (`None` when not known before apply).
#[derive(Debug)]
pub struct AzurePermissions {
    /// Where the block is.
    pub loc: Loc,
    pub actions: Vec<Value>,
    pub not_actions: Option<Vec<String>>,
}

impl AzurePermissions {
    /// Does this block grant `operation` (an Azure operation such as
    /// `Microsoft.Authorization/roleAssignments/write`) through `action`,
    /// without `not_actions` taking it out? Azure compares operations
    /// case-insensitively, `*` matching any run of characters.
    pub fn grants_through(&self, action: &str, operation: &str) -> Option<bool> {
        if !wildcard_match(action, operation) {
            return Some(false);
        }
        let not = self.not_actions.as_ref()?;
        Some(!not.iter().any(|n| wildcard_match(n, operation)))
    }
}

/// The `permissions` blocks of an `azurerm_role_definition`.
pub fn azure_permissions(inst: &Instance) -> Vec<AzurePermissions> {
    inst.body
        .nested("permissions")
        .into_iter()
        .map(|b| {
            let actions = match b.body.get("actions").map(|v| &v.kind) {
                Some(Kind::List(items)) => items
                    .iter()
                    .filter(|i| i.as_str().is_some())
                    .cloned()
                    .collect(),
                _ => Vec::new(),
            };
            let not_actions = match b.body.get("not_actions") {
                None => Some(Vec::new()),
                Some(v) if v.is_null() => Some(Vec::new()),
                Some(v) => v.as_list().and_then(|l| {
                    l.iter()
                        .map(|i| i.as_str().map(str::to_string))
                        .collect::<Option<Vec<_>>>()
                }),
            };
            AzurePermissions {
                loc: b.loc,
                actions,
                not_actions,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(wildcard_match("*", "s3:GetObject"));
        assert!(wildcard_match("iam:Pass*", "iam:PassRole"));
        assert!(wildcard_match("IAM:passrole", "iam:PassRole"));
        assert!(wildcard_match("iam:P?ssRole", "iam:PassRole"));
        assert!(wildcard_match("iam:*Policy*", "iam:PutRolePolicy"));
        assert!(!wildcard_match("iam:Get*", "iam:PassRole"));
        assert!(!wildcard_match("s3:*", "iam:PassRole"));
        assert!(wildcard_match("*:*", "iam:PassRole"));
    }
}
