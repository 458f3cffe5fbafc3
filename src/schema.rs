//! JSON Schemas (2020-12) for every record kind. The checked-in files in
//! `schemas/` are embedded in the binary and are what the loader validates
//! records against; [`generate`] derives them from the Rust model, and a test
//! fails if the two drift apart (`ISMS_UPDATE_SCHEMAS=1 cargo test` rewrites them).

use std::sync::OnceLock;

use schemars::Schema;
use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use serde_json::Value;

use crate::model;

/// Declares [`Kind`] from one list: each entry's variant, its name (in
/// `isms schema NAME` and the file `schemas/NAME.schema.json`) and the model
/// type its schema is generated from. Every per-kind table below comes from
/// this one list, in its order, so none can fall out of step with another.
macro_rules! kinds {
    ($($(#[$doc:meta])* $variant:ident = $name:literal => $model:ty,)*) => {
        /// The kinds of file the tree holds.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Kind {
            $($(#[$doc])* $variant,)*
        }

        impl Kind {
            /// Every kind, in declaration order (`ALL[k as usize] == k`).
            pub const ALL: &[Kind] = &[$(Kind::$variant,)*];

            /// The name used by `isms schema KIND` and in file names.
            pub fn name(self) -> &'static str {
                match self {
                    $(Kind::$variant => $name,)*
                }
            }

            /// The checked-in schema text.
            pub fn schema_text(self) -> &'static str {
                match self {
                    $(Kind::$variant => include_str!(concat!("../schemas/", $name, ".schema.json")),)*
                }
            }

            /// The schema of the kind's model type.
            fn root_schema(self, generator: schemars::SchemaGenerator) -> Schema {
                match self {
                    $(Kind::$variant => generator.into_root_schema_for::<$model>(),)*
                }
            }
        }
    };
}

kinds! {
    /// `isms.toml`.
    Isms = "isms" => model::Config,
    /// `soa.toml`.
    Soa = "soa" => model::Soa,
    /// `risks/*.md`.
    Risk = "risk" => model::Risk,
    /// `audits/*.md`.
    Audit = "audit" => model::Audit,
    /// `reviews/*.md`.
    Review = "review" => model::Review,
    /// `incidents/*.md`.
    Incident = "incident" => model::Incident,
    /// `evidence/*.md`.
    Evidence = "evidence" => model::Evidence,
    /// `documents/*.md`.
    Document = "document" => model::Document,
    /// `assets/*.md`.
    Asset = "asset" => model::Asset,
    /// `suppliers/*.md`.
    Supplier = "supplier" => model::Supplier,
    /// `obligations/*.md`.
    Obligation = "obligation" => model::Obligation,
    /// `metrics/*.md`.
    Metric = "metric" => model::Metric,
    /// `objectives/*.md`.
    Objective = "objective" => model::Objective,
    /// `awareness/*.md`: awareness campaigns.
    Campaign = "campaign" => model::Campaign,
    /// `context.toml`.
    Context = "context" => model::Context,
}

impl Kind {
    /// Parse a kind name.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// Every kind's name, in order: "isms, soa, risk, ...".
    pub fn names() -> String {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        names.join(", ")
    }

    /// The parsed checked-in schema.
    pub fn schema(self) -> &'static serde_json::Value {
        static PARSED: OnceLock<Vec<serde_json::Value>> = OnceLock::new();
        let all = PARSED.get_or_init(|| {
            Kind::ALL
                .iter()
                .map(|k| {
                    serde_json::from_str(k.schema_text()).unwrap_or(serde_json::Value::Bool(true))
                })
                .collect()
        });
        &all[self as usize]
    }

    /// The compiled validator for the checked-in schema.
    pub fn validator(self) -> Option<&'static jsonschema::Validator> {
        static VALIDATORS: OnceLock<Vec<Option<jsonschema::Validator>>> = OnceLock::new();
        let all = VALIDATORS.get_or_init(|| {
            Kind::ALL
                .iter()
                .map(|k| {
                    jsonschema::options()
                        .should_validate_formats(true)
                        .build(k.schema())
                        .ok()
                })
                .collect()
        });
        all[self as usize].as_ref()
    }
}

/// Generate the schema of a kind from the Rust model, as the checked-in text.
pub fn generate(kind: Kind) -> String {
    let generator = SchemaSettings::draft2020_12()
        .with_transform(RecursiveTransform(toml_shape))
        .into_generator();
    let schema = kind.root_schema(generator);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Shape a generated schema for TOML, which has no null: an optional field is
/// simply absent, so `Option<T>` is written as `T`; and unit enums become a
/// plain `enum` of their values (with the variants' docs in the description),
/// which validators report as "one of ..." rather than a failed `oneOf`.
fn toml_shape(schema: &mut Schema) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    if let Some(Value::Array(types)) = obj.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let t = types[0].clone();
            obj.insert("type".into(), t);
        }
    }
    if let Some(Value::Array(any)) = obj.get("anyOf")
        && any.len() == 2
        && any[1].get("type").and_then(Value::as_str) == Some("null")
        && let Some(Value::Object(inner)) = any.first().cloned()
    {
        obj.remove("anyOf");
        for (k, v) in inner {
            obj.entry(k).or_insert(v);
        }
    }
    if let Some(Value::Array(one)) = obj.get("oneOf")
        && one
            .iter()
            .all(|v| v.get("const").is_some_and(Value::is_string))
    {
        let values: Vec<Value> = one.iter().filter_map(|v| v.get("const").cloned()).collect();
        let docs: Vec<String> = one
            .iter()
            .map(|v| {
                let name = v.get("const").and_then(Value::as_str).unwrap_or_default();
                match v.get("description").and_then(Value::as_str) {
                    Some(d) => format!("{name}: {}", d.trim_end_matches('.')),
                    None => name.to_string(),
                }
            })
            .collect();
        obj.remove("oneOf");
        obj.insert("type".into(), "string".into());
        obj.insert("enum".into(), Value::Array(values));
        let values_doc = docs.join("; ");
        let doc = match obj.get("description").and_then(Value::as_str) {
            Some(d) => format!("{d} {values_doc}."),
            None => format!("{values_doc}."),
        };
        obj.insert("description".into(), doc.into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The checked-in schemas are exactly what the model generates.
    #[test]
    fn schemas_do_not_drift_from_the_model() {
        let update = std::env::var_os("ISMS_UPDATE_SCHEMAS").is_some();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
        let mut drift = Vec::new();
        for &kind in Kind::ALL {
            let fresh = generate(kind);
            if fresh != kind.schema_text() {
                if update {
                    std::fs::write(dir.join(format!("{}.schema.json", kind.name())), &fresh)
                        .unwrap();
                } else {
                    drift.push(kind.name());
                }
            }
        }
        assert!(
            drift.is_empty(),
            "schemas/ drifted from the model for {drift:?}; run ISMS_UPDATE_SCHEMAS=1 cargo test"
        );
    }

    #[test]
    fn every_schema_compiles() {
        for (i, &kind) in Kind::ALL.iter().enumerate() {
            assert_eq!(kind as usize, i, "Kind::ALL is in declaration order");
            assert!(
                kind.validator().is_some(),
                "{} schema does not compile",
                kind.name()
            );
        }
    }
}
