//! Where our schemas follow Amazon's own SMAPI model (`ask-smapi-model` 1.24.0) closely: fields that
//! belong to one type of a discriminated union, enumerations the model has, permission names, and
//! the kinds of the v1 status responses. See docs/interaction-model-build.md §4.

use std::path::Path;

use asklint::check::{CheckOptions, Origin, check_bytes};
use asklint::diagnostic::{Diagnostic, Severity};
use asklint::kind::Kind;
use serde_json::{Value, json};

/// The schema findings (SCH…) for `value` checked as `kind`.
fn schema_findings(kind: Kind, value: &Value) -> Vec<Diagnostic> {
    findings_of(kind, value, &["SCH"])
}

/// The findings for `value` checked as `kind` whose codes start with one of `prefixes`.
fn findings_of(kind: Kind, value: &Value, prefixes: &[&str]) -> Vec<Diagnostic> {
    let text = serde_json::to_string_pretty(value).unwrap();
    let report = check_bytes(
        "t.json",
        Path::new("t.json"),
        text.as_bytes(),
        &CheckOptions::with_rules(asklint::rules::all().to_vec()),
        Some(kind),
        Origin::Explicit,
        &asklint::package::NoFiles,
    )
    .expect("a named file is reported");
    report
        .diagnostics
        .into_iter()
        .filter(|d| prefixes.iter().any(|p| d.code.starts_with(p)))
        .collect()
}

fn summary(findings: &[Diagnostic]) -> Vec<(String, Severity, String, String)> {
    findings
        .iter()
        .map(|d| {
            (
                d.code.to_owned(),
                d.severity,
                d.pointer.clone(),
                d.message.clone(),
            )
        })
        .collect()
}

fn manifest_with_interface(interface: Value) -> Value {
    json!({"manifest": {"manifestVersion": "1.0", "apis": {"custom": {
        "endpoint": {"uri": "arn:aws:lambda:us-east-1:123456789012:function:tides"},
        "interfaces": [interface]
    }}}})
}

const INTERFACE: &str = "/manifest/apis/custom/interfaces/0";

#[test]
fn interface_fields_belong_to_their_type() {
    let viewports = json!([{"mode": "HUB", "shape": "ROUND"}]);
    let wrong = schema_findings(
        Kind::SkillManifest,
        &manifest_with_interface(json!({"type": "AUDIO_PLAYER", "supportedViewports": viewports})),
    );
    assert_eq!(
        summary(&wrong),
        [(
            "SCH002".to_owned(),
            Severity::Error,
            format!("{INTERFACE}/supportedViewports"),
            "`supportedViewports` is only allowed on interfaces of type ALEXA_PRESENTATION_APL"
                .to_owned()
        )]
    );
    // At the key, not at the whole interface.
    let text = serde_json::to_string_pretty(&manifest_with_interface(
        json!({"type": "AUDIO_PLAYER", "supportedViewports": viewports}),
    ))
    .unwrap();
    assert_eq!(&text[wrong[0].range.clone()], "\"supportedViewports\"");

    let right = manifest_with_interface(
        json!({"type": "ALEXA_PRESENTATION_APL", "supportedViewports": viewports}),
    );
    assert!(schema_findings(Kind::SkillManifest, &right).is_empty());

    for (interface, key, owner) in [
        (
            json!({"type": "ALEXA_PRESENTATION_APL", "minimumTemplateVersion": "1"}),
            "minimumTemplateVersion",
            "RENDER_TEMPLATE",
        ),
        (
            json!({"type": "RENDER_TEMPLATE", "packages": [{"id": "tides"}]}),
            "packages",
            "ALEXA_DATASTORE_PACKAGEMANAGER",
        ),
        (
            json!({"type": "ALEXA_DATA_STORE", "requestedExtensions": []}),
            "requestedExtensions",
            "ALEXA_EXTENSION",
        ),
    ] {
        let found = schema_findings(Kind::SkillManifest, &manifest_with_interface(interface));
        assert_eq!(found.len(), 1, "{:?}", summary(&found));
        assert_eq!(
            found[0].message,
            format!("`{key}` is only allowed on interfaces of type {owner}")
        );
        assert_eq!(found[0].severity, Severity::Error);
    }

    // A type asklint does not know (its list may lag) is a warning on the type alone: its fields
    // are unknown, so none is reported as misplaced.
    let newer = schema_findings(
        Kind::SkillManifest,
        &manifest_with_interface(
            json!({"type": "ALEXA_NEWER_THING", "supportedViewports": viewports}),
        ),
    );
    assert_eq!(
        newer
            .iter()
            .map(|d| (d.code, d.severity, d.pointer.as_str()))
            .collect::<Vec<_>>(),
        [(
            "SCH004",
            Severity::Warning,
            "/manifest/apis/custom/interfaces/0/type"
        )]
    );
}

fn model(intent: Value, extra: Value) -> Value {
    let mut model = json!({"interactionModel": {
        "languageModel": {"invocationName": "tide tables", "intents": [intent]},
        "prompts": [{"id": "Slot.Validation.Year", "variations": [{"type": "PlainText", "value": "Which year?"}]}]
    }});
    if let Value::Object(extra) = extra {
        for (key, value) in extra {
            model["interactionModel"][key] = value;
        }
    }
    model
}

fn dialog_with_validation(validation: Value) -> Value {
    model(
        json!({"name": "TideIntent", "slots": [{"name": "year", "type": "AMAZON.FOUR_DIGIT_NUMBER"}], "samples": ["tides in {year}"]}),
        json!({"dialog": {"intents": [{"name": "TideIntent", "slots": [{
            "name": "year", "type": "AMAZON.FOUR_DIGIT_NUMBER", "prompts": {},
            "validations": [validation]
        }]}]}}),
    )
}

const VALIDATION: &str = "/interactionModel/dialog/intents/0/slots/0/validations/0";

#[test]
fn validation_fields_belong_to_their_type() {
    let found = schema_findings(
        Kind::InteractionModel,
        &dialog_with_validation(
            json!({"type": "isGreaterThan", "prompt": "Slot.Validation.Year", "values": ["1900"]}),
        ),
    );
    assert_eq!(
        summary(&found),
        [
            (
                "SCH001".to_owned(),
                Severity::Error,
                format!("{VALIDATION}/value"),
                "missing required property `value`".to_owned()
            ),
            (
                "SCH002".to_owned(),
                Severity::Error,
                format!("{VALIDATION}/values"),
                "`values` is only allowed on validations of type isInSet or isNotInSet".to_owned()
            ),
        ]
    );
    let set_without_values = schema_findings(
        Kind::InteractionModel,
        &dialog_with_validation(json!({"type": "isInSet", "prompt": "Slot.Validation.Year"})),
    );
    assert_eq!(
        set_without_values
            .iter()
            .map(|d| (d.code, d.message.as_str()))
            .collect::<Vec<_>>(),
        [("SCH001", "missing required property `values`")]
    );
    let duration_bound_on_match = schema_findings(
        Kind::InteractionModel,
        &dialog_with_validation(
            json!({"type": "hasEntityResolutionMatch", "prompt": "Slot.Validation.Year", "start": "P1D"}),
        ),
    );
    assert_eq!(
        duration_bound_on_match
            .iter()
            .map(|d| d.message.as_str())
            .collect::<Vec<_>>(),
        ["`start` is only allowed on validations of type isInDuration or isNotInDuration"]
    );
    for valid in [
        json!({"type": "isGreaterThan", "prompt": "Slot.Validation.Year", "value": "1900"}),
        json!({"type": "isNotInSet", "prompt": "Slot.Validation.Year", "values": ["1900"]}),
        json!({"type": "isInDuration", "prompt": "Slot.Validation.Year", "start": "P1D", "end": "P2D"}),
        json!({"type": "hasEntityResolutionMatch", "prompt": "Slot.Validation.Year"}),
    ] {
        let found = schema_findings(
            Kind::InteractionModel,
            &dialog_with_validation(valid.clone()),
        );
        assert!(found.is_empty(), "{valid}: {:?}", summary(&found));
    }
}

fn model_with_type(slot_type: Value) -> Value {
    model(
        json!({"name": "TideIntent", "samples": ["tides"]}),
        json!({"languageModel": {"invocationName": "tide tables",
            "intents": [{"name": "TideIntent", "samples": ["tides"]}],
            "types": [slot_type]}}),
    )
}

#[test]
fn value_supplier_fields_belong_to_their_type() {
    let found = schema_findings(
        Kind::InteractionModel,
        &model_with_type(json!({"name": "Port", "valueSupplier": {
            "type": "CatalogValueSupplier",
            "valueCatalog": {"catalogId": "amzn1.ask.interactionModel.catalog.1"},
            "values": [{"name": {"value": "dover"}}]
        }})),
    );
    let supplier = "/interactionModel/languageModel/types/0/valueSupplier";
    assert_eq!(
        summary(&found),
        [
            (
                "SCH001".to_owned(),
                Severity::Error,
                format!("{supplier}/valueCatalog/version"),
                "missing required property `version`".to_owned()
            ),
            (
                "SCH002".to_owned(),
                Severity::Error,
                format!("{supplier}/values"),
                "`values` is only allowed on value suppliers of type InlineValueSupplier"
                    .to_owned()
            ),
        ]
    );
    let inline_with_catalog = schema_findings(
        Kind::InteractionModel,
        &model_with_type(json!({"name": "Port", "valueSupplier": {
            "type": "InlineValueSupplier",
            "valueCatalog": {"catalogId": "c", "version": "1"}
        }})),
    );
    assert_eq!(
        inline_with_catalog
            .iter()
            .map(|d| d.message.as_str())
            .collect::<Vec<_>>(),
        ["`valueCatalog` is only allowed on value suppliers of type CatalogValueSupplier"]
    );
    for valid in [
        json!({"name": "Port", "valueSupplier": {"type": "CatalogValueSupplier",
            "valueCatalog": {"catalogId": "amzn1.ask.interactionModel.catalog.1", "version": "2"}}}),
        json!({"name": "Port", "valueSupplier": {"type": "InlineValueSupplier",
            "values": [{"name": {"value": "dover", "synonyms": []}}]}}),
    ] {
        let found = schema_findings(Kind::InteractionModel, &model_with_type(valid.clone()));
        assert!(found.is_empty(), "{valid}: {:?}", summary(&found));
    }
}

#[test]
fn generated_by_is_accepted_on_intents_and_slot_types() {
    let value = model(
        json!({"name": "TideIntent", "generatedBy": "AlexaConversations", "samples": ["tides"]}),
        json!({"languageModel": {"invocationName": "tide tables",
            "intents": [{"name": "TideIntent", "generatedBy": "AlexaConversations", "samples": ["tides"]}],
            "types": [{"name": "Port", "generatedBy": "AlexaConversations", "values": [{"name": {"value": "dover"}}]}]}}),
    );
    let found = schema_findings(Kind::InteractionModel, &value);
    assert!(found.is_empty(), "{:?}", summary(&found));
    let too_long = model(
        json!({"name": "TideIntent", "generatedBy": "x".repeat(101), "samples": ["tides"]}),
        json!({}),
    );
    let found = schema_findings(Kind::InteractionModel, &too_long);
    assert_eq!(
        found.iter().map(|d| d.code).collect::<Vec<_>>(),
        ["SCH005"],
        "{:?}",
        summary(&found)
    );
}

#[test]
fn the_model_build_minimums_of_the_smapi_model() {
    let cases = [
        // languageModel.intents: at least one
        (
            json!({"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": []}}}),
            "/interactionModel/languageModel/intents",
        ),
        // multipleValues needs `enabled`
        (
            model(
                json!({"name": "TideIntent", "slots": [{"name": "port", "type": "AMAZON.City", "multipleValues": {}}], "samples": ["tides"]}),
                json!({}),
            ),
            "/interactionModel/languageModel/intents/0/slots/0/multipleValues/enabled",
        ),
        // a dialog needs intents
        (
            model(
                json!({"name": "TideIntent", "samples": ["tides"]}),
                json!({"dialog": {}}),
            ),
            "/interactionModel/dialog/intents",
        ),
        // a dialog slot needs its type and prompts
        (
            model(
                json!({"name": "TideIntent", "slots": [{"name": "port", "type": "AMAZON.City"}], "samples": ["tides in {port}"]}),
                json!({"dialog": {"intents": [{"name": "TideIntent", "slots": [{"name": "port", "type": "AMAZON.City"}]}]}}),
            ),
            "/interactionModel/dialog/intents/0/slots/0/prompts",
        ),
        // a prompt needs a variation with text
        (
            model(
                json!({"name": "TideIntent", "samples": ["tides"]}),
                json!({"prompts": [{"id": "Elicit.Port", "variations": []}]}),
            ),
            "/interactionModel/prompts/0/variations",
        ),
        (
            model(
                json!({"name": "TideIntent", "samples": ["tides"]}),
                json!({"prompts": [{"id": "Elicit.Port", "variations": [{"type": "PlainText", "value": ""}]}]}),
            ),
            "/interactionModel/prompts/0/variations/0/value",
        ),
        // a slot type value needs a name
        (
            model_with_type(json!({"name": "Port", "values": [{"name": {"value": ""}}]})),
            "/interactionModel/languageModel/types/0/values/0/name/value",
        ),
    ];
    for (value, pointer) in cases {
        // IM010 (prompt definitions) takes the schema's place on empty variations and values.
        let found = findings_of(Kind::InteractionModel, &value, &["SCH", "IM010"]);
        assert_eq!(
            found
                .iter()
                .map(|d| (d.severity, d.pointer.as_str()))
                .collect::<Vec<_>>(),
            [(Severity::Error, pointer)],
            "{value}"
        );
    }
}

#[test]
fn enumerations_of_requests_and_responses() {
    let create = |hosting: Value| json!({"vendorId": "M1", "manifest": {"manifestVersion": "1.0"}, "hosting": {"alexaHosted": hosting}});
    let found = |kind, value: &Value| -> Vec<(&'static str, Severity, String)> {
        schema_findings(kind, value)
            .into_iter()
            .map(|d| (d.code, d.severity, d.pointer))
            .collect()
    };
    assert!(
        found(
            Kind::CreateSkillRequest,
            &create(json!({"runtime": "NODE_16_X", "region": "EU_WEST_1"}))
        )
        .is_empty()
    );
    // A runtime newer than the model's list is only a warning; a region is one of three.
    assert_eq!(
        found(
            Kind::CreateSkillRequest,
            &create(json!({"runtime": "NODE_18_X", "region": "AP_SOUTH_1"}))
        ),
        [
            (
                "SCH004",
                Severity::Error,
                "/hosting/alexaHosted/region".to_owned()
            ),
            (
                "SCH004",
                Severity::Warning,
                "/hosting/alexaHosted/runtime".to_owned()
            ),
        ]
    );
    let list = json!({"_links": {"self": {"href": "/v1/skills"}}, "isTruncated": false, "skills": [
        {"skillId": "amzn1.ask.skill.1", "apis": ["custom", "smartHomes"], "_links": {"self": {"href": "/v1/skills/1"}}}
    ]});
    assert_eq!(
        found(Kind::SkillList, &list),
        [("SCH004", Severity::Warning, "/skills/0/apis/1".to_owned())]
    );
    let status = json!({"interactionModel": {"en-US": {"lastUpdateRequest": {
        "status": "FAILED",
        "buildDetails": {"steps": [
            {"name": "LANGUAGE_MODEL_QUICK_BUILD", "status": "SUCCEEDED"},
            {"name": "LANGUAGE_MODEL_FAST_BUILD", "status": "SUCCESS"}
        ]}
    }}}});
    let steps = "/interactionModel/en-US/lastUpdateRequest/buildDetails/steps/1";
    assert_eq!(
        found(Kind::SkillStatus, &status),
        [
            ("SCH004", Severity::Warning, format!("{steps}/name")),
            ("SCH004", Severity::Error, format!("{steps}/status")),
        ]
    );
}

fn manifest_with_permission(name: &str) -> Value {
    json!({"manifest": {"manifestVersion": "1.0", "permissions": [{"name": name}]}})
}

#[test]
fn a_mistyped_permission_is_an_error_with_the_fix_and_an_unknown_one_a_warning() {
    let typo = schema_findings(
        Kind::SkillManifest,
        &manifest_with_permission("alexa::profile:emial:read"),
    );
    assert_eq!(typo.len(), 1, "{:?}", summary(&typo));
    assert_eq!(typo[0].code, "SCH004");
    assert_eq!(typo[0].severity, Severity::Error);
    assert_eq!(
        typo[0].message,
        "\"alexa::profile:emial:read\" is a misspelling of `alexa::profile:email:read`"
    );
    let fix = typo[0].fix.as_ref().expect("a typo comes with its fix");
    assert_eq!(fix.edits[0].content, "\"alexa::profile:email:read\"");

    let unknown = schema_findings(
        Kind::SkillManifest,
        &manifest_with_permission("alexa::future:feature:read"),
    );
    assert_eq!(
        unknown
            .iter()
            .map(|d| (d.code, d.severity, d.fix.is_some()))
            .collect::<Vec<_>>(),
        [("SCH004", Severity::Warning, false)]
    );

    // Names of newer programmes (Alexa Smart Properties, skill resumption) and the spelling of the
    // postal-code permission that Amazon's docs and skills use beside the model's.
    for known in [
        "alexa::persistent_unit_id::read",
        "amazon_communication::calling",
        "alexa::skill:resumption",
        "alexa::devices:all:address:country_and_postal_code:read",
        "alexa:devices:all:address:country_and_postal_code:read",
    ] {
        let found = schema_findings(Kind::SkillManifest, &manifest_with_permission(known));
        assert!(found.is_empty(), "{known}: {:?}", summary(&found));
    }
}

#[test]
fn status_responses_with_an_interaction_model_are_skill_statuses() {
    for status in [
        json!({"interactionModel": {"en-US": {"lastUpdateRequest": {"status": "SUCCEEDED"}}}}),
        json!({"manifest": {"lastUpdateRequest": {"status": "SUCCEEDED"}},
               "interactionModel": {"en-GB": {"lastUpdateRequest": {"status": "IN_PROGRESS"}}}}),
        json!({"hostedSkillDeployment": {"lastUpdateRequest": {"status": "SUCCEEDED",
               "deploymentDetails": {"commitId": "c0ffee", "logUrl": "https://example.org/log"}}}}),
    ] {
        assert_eq!(
            asklint::kind::detect(&status),
            Some(Kind::SkillStatus),
            "{status}"
        );
        let found = schema_findings(Kind::SkillStatus, &status);
        assert!(found.is_empty(), "{status}: {:?}", summary(&found));
    }
}

#[test]
fn small_constraints_of_the_smapi_model() {
    // An app link's localised name is not empty.
    let app_link = json!({"manifest": {"manifestVersion": "1.0", "apis": {"custom": {
        "endpoint": {"uri": "arn:aws:lambda:us-east-1:123456789012:function:tides"},
        "appLink": {"linkedApplications": [{
            "catalogInfo": {"type": "GOOGLE_PLAY_STORE", "identifier": "org.example.tides"},
            "friendlyName": {"default": "Tides", "localizedNames": [{"locale": "en-US", "name": ""}]}
        }]}
    }}}});
    let found = schema_findings(Kind::SkillManifest, &app_link);
    assert_eq!(
        found
            .iter()
            .map(|d| (d.code, d.pointer.as_str()))
            .collect::<Vec<_>>(),
        [(
            "SCH005",
            "/manifest/apis/custom/appLink/linkedApplications/0/friendlyName/localizedNames/0/name"
        )],
        "{:?}",
        summary(&found)
    );
    // The data types a validation error reports (an unknown one is a warning: a response).
    let error = |data_type: &str| {
        json!({"message": "Interaction model is not valid.", "violations": [{
            "code": "INVALID_DATA_TYPE", "message": "bad type",
            "validationDetails": {"originalInstance": {"propertyPath": "$.x", "dataType": data_type}}
        }]})
    };
    assert!(schema_findings(Kind::ErrorResponse, &error("integer")).is_empty());
    assert_eq!(
        schema_findings(Kind::ErrorResponse, &error("float"))
            .iter()
            .map(|d| (d.code, d.severity))
            .collect::<Vec<_>>(),
        [("SCH004", Severity::Warning)]
    );
}

fn manifest_with_store_locale(extra: Value) -> Value {
    let mut locale = json!({"name": "Tide Tables", "summary": "Tides for your harbour"});
    if let (Value::Object(locale), Value::Object(extra)) = (&mut locale, extra) {
        locale.extend(extra);
    }
    json!({"manifest": {"manifestVersion": "1.0",
        "publishingInformation": {"locales": {"en-US": locale}}}})
}

#[test]
fn keys_of_the_console_export_under_a_store_locale_pass() {
    let locale = "/manifest/publishingInformation/locales/en-US";
    // `preview` images, as the console's export writes them (shape unpublished: not checked).
    let exported = manifest_with_store_locale(json!({"preview": {"images": [
        {"uri": "https://example.org/preview-1.png"}
    ]}}));
    let found = schema_findings(Kind::SkillManifest, &exported);
    assert!(found.is_empty(), "{:?}", summary(&found));
    // Another key the published model lags behind: a warning.
    let newer = schema_findings(
        Kind::SkillManifest,
        &manifest_with_store_locale(json!({"videoPreviewUri": "https://example.org/v.mp4"})),
    );
    assert_eq!(
        newer
            .iter()
            .map(|d| (d.code, d.severity, d.pointer.as_str()))
            .collect::<Vec<_>>(),
        [(
            "SCH002",
            Severity::Warning,
            "/manifest/publishingInformation/locales/en-US/videoPreviewUri"
        )]
    );
    // A near miss of a known key stays an error, with the rename.
    let typo = schema_findings(
        Kind::SkillManifest,
        &manifest_with_store_locale(json!({"smallIconUrl": "https://example.org/i.png"})),
    );
    assert_eq!(
        typo.iter()
            .map(|d| (d.code, d.severity, d.pointer.clone(), d.fix.is_some()))
            .collect::<Vec<_>>(),
        [(
            "SCH002",
            Severity::Error,
            format!("{locale}/smallIconUrl"),
            true
        )]
    );
}
