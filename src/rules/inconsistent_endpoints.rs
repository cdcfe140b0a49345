use serde_json::Value;

use super::{EndpointType, manifest};
use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::child;

declare_rule! {
    /// ## What it does
    /// Checks that the default endpoint and the regional endpoints of one API (`apis.custom`,
    /// `apis.smartHome`, …, and `events`) are all Lambda ARNs or all https URLs, and reports the odd
    /// one out.
    ///
    /// ## Why is this bad?
    /// SMAPI rejects a manifest whose endpoints mix types with `INCONSISTENT_ENDPOINTS`, naming an
    /// original and an inconsistent endpoint by their type (`arn`, `https`). Which endpoints the server
    /// compares is not published; this rule compares the narrowest set, the endpoints of one API,
    /// which is also what the developer console enforces: it offers one service endpoint type per API
    /// (AWS Lambda ARN or HTTPS) for the default and every region, and with Lambda chosen it rejects a
    /// regional URL ("Invalid ARN for NA region"). Endpoints of different APIs (a custom skill on https
    /// with events delivered to a Lambda function) are not compared. The skill manifest reference's own
    /// sample mixes a Lambda default with an https `NA` region; copied, it sends North American
    /// customers to the sample's host.
    ///
    /// The odd one out is the endpoint whose type fewer endpoints share; on a tie, the default
    /// endpoint sets the type. Empty and placeholder URIs are left to EP001.
    ///
    /// ## Evidence
    /// The server rejects this on upload (`INCONSISTENT_ENDPOINTS`); which endpoints it compares is
    /// inferred from that error's details.
    ///
    /// - [SMAPI error codes](https://developer.amazon.com/docs/smapi/error-codes.html): `INCONSISTENT_ENDPOINTS`
    /// - [ask-smapi-model 1.36.0](https://pypi.org/project/ask-smapi-model/1.36.0/), `validation_endpoint.py` (the error's `originalEndpoint` and `inconsistentEndpoint`)
    /// - [dmhacker/alexa-youtube-skill#22](https://github.com/dmhacker/alexa-youtube-skill/issues/22): the developer console's same check
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"manifest": {"apis": {"custom": {"endpoint": {"uri": "arn:aws:lambda:us-east-1:123456789012:function:tide-tables"}, "regions": {"EU": {"endpoint": {"uri": "https://eu.tides.example.org/alexa", "sslCertificateType": "Trusted"}}}}}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"manifest": {"apis": {"custom": {"endpoint": {"uri": "arn:aws:lambda:us-east-1:123456789012:function:tide-tables"}, "regions": {"EU": {"endpoint": {"uri": "arn:aws:lambda:eu-west-1:123456789012:function:tide-tables"}}}}}}}
    /// ```
    pub InconsistentEndpoints {
        code: "EP004",
        name: "inconsistent-endpoints",
        severity: Error,
        requirement: Build,
        kinds: [SkillManifest, SkillManifestV0, CreateSkillRequest],
    }
}

/// One endpoint of an API: the pointer of its `uri`, its region (`None` for the default) and type.
struct Site<'a> {
    /// The API's name under `apis`, or `None` for `events`.
    api: Option<&'a str>,
    region: Option<&'a str>,
    kind: EndpointType,
}

impl Site<'_> {
    /// The pointer of the site's endpoint URI, written only for a finding.
    fn uri(&self, root: &str) -> String {
        let mut pointer = match self.api {
            Some(name) => child(&child(root, "apis"), name),
            None => child(root, "events"),
        };
        if let Some(region) = self.region {
            pointer = child(&child(&pointer, "regions"), region);
        }
        pointer.push_str("/endpoint/uri");
        pointer
    }
}

impl Rule for InconsistentEndpoints {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some((root, manifest)) = manifest(cx.kind, cx.value) else {
            return;
        };
        for sites in endpoints_by_api(cx, manifest) {
            let lambdas = sites
                .iter()
                .filter(|s| s.kind == EndpointType::Lambda)
                .count();
            let majority = match lambdas * 2 {
                n if n > sites.len() => EndpointType::Lambda,
                n if n < sites.len() => EndpointType::Https,
                _ => sites[0].kind,
            };
            let (same, odd): (Vec<&Site>, Vec<&Site>) =
                sites.iter().partition(|s| s.kind == majority);
            let Some(reference) = same.first() else {
                continue;
            };
            let others = describe_all(&same);
            for site in odd {
                cx.report(
                    site.uri(root),
                    format!(
                        "{} is {}, but {others} {}",
                        describe_all(&[site]),
                        site.kind.describe(),
                        if same.len() == 1 {
                            format!("is {}", majority.describe())
                        } else {
                            format!("are {}", majority.plural())
                        }
                    ),
                )
                .label(site.kind.describe())
                .secondary(reference.uri(root), format!("{} here", majority.describe()))
                .help(format!(
                    "SMAPI rejects endpoints of mixed types (INCONSISTENT_ENDPOINTS): make the default and every regional endpoint {}",
                    majority.plural()
                ));
            }
        }
    }
}

/// "the default endpoint", "the `EU` endpoint", "the default, `EU` and `NA` endpoints".
fn describe_all(sites: &[&Site]) -> String {
    let names: Vec<String> = sites
        .iter()
        .map(|s| match s.region {
            Some(region) => format!("`{region}`"),
            None => "default".to_owned(),
        })
        .collect();
    match names.as_slice() {
        [one] => format!("the {one} endpoint"),
        [init @ .., last] => format!("the {} and {last} endpoints", init.join(", ")),
        [] => String::new(),
    }
}

/// The typed endpoints of each API (each member of `apis`, and `events`) that has more than one,
/// the default endpoint first.
fn endpoints_by_api<'a>(cx: &Context<'a>, manifest: &'a Value) -> Vec<Vec<Site<'a>>> {
    let apis = manifest.get("apis").and_then(Value::as_object);
    let apis = apis
        .into_iter()
        .flatten()
        .map(|(name, api)| (Some(name.as_str()), api))
        .chain(manifest.get("events").map(|events| (None, events)));
    apis.map(|(name, api)| {
        let mut sites: Vec<Site> = site(cx, api, name, None).into_iter().collect();
        if let Some(regions) = api.get("regions").and_then(Value::as_object) {
            sites.extend(
                regions
                    .iter()
                    .filter_map(|(region, owner)| site(cx, owner, name, Some(region))),
            );
        }
        sites
    })
    .filter(|sites| sites.len() > 1)
    .collect()
}

/// The endpoint of `owner` (an API or one of its regions), if its type can be told.
fn site<'a>(
    cx: &Context<'a>,
    owner: &'a Value,
    api: Option<&'a str>,
    region: Option<&'a str>,
) -> Option<Site<'a>> {
    let kind = owner
        .get("endpoint")
        .and_then(|endpoint| endpoint.get("uri"))
        .and_then(Value::as_str)
        .and_then(|uri| cx.endpoint_type(uri))?;
    Some(Site { api, region, kind })
}
