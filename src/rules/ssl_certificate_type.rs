use serde_json::Value;

use super::EndpointType;
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::fix::Change;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::child;
use crate::target::Requirement;

declare_rule! {
    /// ## What it does
    /// Checks `sslCertificateType` against the endpoint's `uri`: an https endpoint needs one; on a
    /// Lambda ARN it means nothing (a warning); and `SelfSigned` cannot be certified (an error only
    /// under `--target certification`).
    ///
    /// ## Why is this bad?
    /// Alexa calls an https endpoint only after checking its certificate, so SMAPI needs to know which
    /// kind it is: `Trusted` (signed by a certificate authority), `Wildcard` (a sub-domain of a domain
    /// with a wildcard certificate from one) or `SelfSigned` (uploaded in the developer console). The
    /// type is checked for every endpoint on its own: the default endpoint and each regional one.
    ///
    /// A Lambda ARN has no certificate, and the reference says the type is valid only for https. It is
    /// reported as a warning, not an error, because the service stores it: a manifest downloaded from
    /// SMAPI (signed S3 icon URLs and all) carries `"sslCertificateType": "Trusted"` beside a Lambda
    /// ARN, left over from an https endpoint switched to Lambda. A self-signed certificate works for
    /// testing, but a published skill needs a certificate from an authority: `SelfSigned` is a
    /// certification finding, a warning under the development target and an error under the
    /// certification target.
    ///
    /// Endpoints whose `uri` is empty, a placeholder or not an endpoint at all are left to EP001.
    ///
    /// ## Evidence
    /// The server rejects an https endpoint without `sslCertificateType` on upload. Certification asks
    /// for a certificate from an authority (no `SelfSigned`). A type beside a Lambda ARN is against the
    /// reference but not rejected.
    ///
    /// - [ask-smapi-model 1.36.0](https://pypi.org/project/ask-smapi-model/1.36.0/), `ssl_certificate_type.py`
    /// - [Routines skill manifest reference](https://developer.amazon.com/en-US/docs/alexa/routines/routines-skill-manifest.html): the type is for https endpoints only
    /// - [Security testing for an Alexa skill](https://developer.amazon.com/zh/docs/custom-skills/security-testing-for-an-alexa-skill.html): the certificate a published skill needs
    /// - [omenocal/fantasy-music-voice-app `skill.json`](https://github.com/omenocal/fantasy-music-voice-app/blob/0969f5e4b6639f7b142a0d4b95cac076220b0343/platforms/alexaSkill/skill.json): a manifest downloaded from SMAPI with a type beside a Lambda ARN
    ///
    /// ## Fix
    /// Safe, for a Lambda endpoint only: `sslCertificateType` is removed. It means nothing beside a
    /// Lambda ARN. An https endpoint without one, or with `SelfSigned`, needs your decision.
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"manifest": {"apis": {"custom": {"endpoint": {"uri": "https://tides.example.org/alexa"}}}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"manifest": {"apis": {"custom": {"endpoint": {"uri": "https://tides.example.org/alexa", "sslCertificateType": "Trusted"}}}}}
    /// ```
    pub SslCertificateType {
        code: "EP002",
        name: "ssl-certificate-type",
        severity: Error,
        requirement: Build,
        kinds: [SkillManifest, SkillManifestV0, CreateSkillRequest],
        fix: Safe,
    }
}

const TYPES: &str = "`Trusted` (a certificate from a certificate authority), `Wildcard` (a sub-domain of a domain with a wildcard certificate) or `SelfSigned`";

impl Rule for SslCertificateType {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (pointer, endpoint) in cx.manifest_endpoints() {
            let Some(kind) = endpoint
                .get("uri")
                .and_then(Value::as_str)
                .and_then(|uri| cx.endpoint_type(uri))
            else {
                continue;
            };
            // Written only for a finding.
            let ssl_pointer = || child(pointer, "sslCertificateType");
            let ssl = endpoint.get("sslCertificateType");
            match (kind, ssl) {
                (EndpointType::Https, None) => {
                    cx.report(
                        ssl_pointer(),
                        "the https endpoint has no `sslCertificateType`",
                    )
                    .label("needs `sslCertificateType`")
                    .help(format!("say which certificate the server has: {TYPES}"));
                }
                (EndpointType::Lambda, Some(_)) => {
                    cx.report(
                        ssl_pointer(),
                        "a Lambda endpoint takes no `sslCertificateType`",
                    )
                    .on_key()
                    .severity(Severity::Warning)
                    .label("not for a Lambda ARN")
                    .help("remove `sslCertificateType`: it describes the certificate of an https endpoint, and a Lambda ARN has none")
                    .fix("remove `sslCertificateType`", vec![Change::remove(ssl_pointer())]);
                }
                (EndpointType::Https, Some(Value::String(s))) if s == "SelfSigned" => {
                    cx.report(
                        ssl_pointer(),
                        "a self-signed certificate cannot be certified for a published skill",
                    )
                    .requirement(Requirement::Certification)
                    .label("for testing only")
                    .help("before submitting for certification, use a certificate from a certificate authority (`Trusted`, or `Wildcard` for a sub-domain)");
                }
                _ => {}
            }
        }
    }
}
