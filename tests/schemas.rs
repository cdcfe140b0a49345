//! Every schema in `schemas/` is valid draft-07, compiles with the others, and is embedded.

use std::collections::BTreeSet;

#[test]
fn every_schema_is_valid_draft7_and_compiles() {
    for (name, text) in asklint::schema::FILES {
        let value: serde_json::Value =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            value["$schema"], "http://json-schema.org/draft-07/schema#",
            "{name}"
        );
        if let Err(e) = jsonschema::meta::validate(&value) {
            panic!("{name} is not a valid schema: {e}");
        }
        asklint::schema::compile(name).unwrap();
    }
}

#[test]
fn every_file_in_schemas_is_embedded_and_every_kind_has_one() {
    let on_disk: BTreeSet<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
    let embedded: BTreeSet<String> = asklint::schema::FILES
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(on_disk, embedded);
    for kind in asklint::kind::Kind::ALL {
        assert!(embedded.contains(kind.schema_file()), "{kind}");
    }
}

#[test]
fn the_manifest_schema_carries_every_enumeration_file_it_claims() {
    // One place per fact: categories and permissions enter through the schema, spelled as in ../shared.
    let shared = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/domain/enums"
    ));
    if !shared.is_dir() {
        eprintln!("skipping: ../shared/ is not beside this checkout");
        return;
    }
    let schema = asklint::schema::text("skill-manifest.schema.json").unwrap();
    for file in [
        "categories.txt",
        "permissions.txt",
        "event-names.txt",
        "distribution-countries.txt",
        "interface-types.txt",
    ] {
        let text = std::fs::read_to_string(shared.join(file)).unwrap();
        for value in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            assert!(
                schema.contains(&format!("\"{value}\"")),
                "{file}: {value} is missing from the manifest schema"
            );
        }
    }
}
