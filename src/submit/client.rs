//! The HTTP side of `submit`: one ureq agent, the token on every call, retries that never repeat a
//! call the server may have acted on, and the wait for a 202's `Location`.

use std::hash::{BuildHasher, RandomState};
use std::io::Read;
use std::time::{Duration, Instant, SystemTime};

use ureq::http;

use super::operation::Call;

/// Where calls go: a region's host or any `--endpoint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Region {
    /// api.amazonalexa.com: SMAPI, and Smart Properties in the US and Canada
    Na,
    /// api.eu.amazonalexa.com: Smart Properties in Germany, Spain, France, Italy and the UK
    Eu,
    /// api.fe.amazonalexa.com: Smart Properties in Japan
    Fe,
}

impl Region {
    pub fn base(self) -> &'static str {
        match self {
            Region::Na => "https://api.amazonalexa.com",
            Region::Eu => "https://api.eu.amazonalexa.com",
            Region::Fe => "https://api.fe.amazonalexa.com",
        }
    }
}

/// An origin (`scheme://host[:port]`) that a token may be sent to: https, or http on loopback.
pub fn checked_origin(url: &str) -> Result<String, String> {
    // Refused before anything else, so that no message quotes the credentials.
    let authority = url.split_once("://").map_or(url, |(_, rest)| rest);
    if authority
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .contains('@')
    {
        return Err(
            "a URL with a user name or password (`user:password@host`) is refused: asklint authenticates with the LWA token alone, and does not print credentials"
                .to_owned(),
        );
    }
    let uri: http::Uri = url.parse().map_err(|_| format!("`{url}` is not a URL"))?;
    let host = uri.host().ok_or_else(|| format!("`{url}` has no host"))?;
    match uri.scheme_str() {
        Some("https") => {}
        Some("http") if is_loopback(host) => {}
        Some("http") => {
            return Err(format!(
                "refusing to send a token over plain http to {host}; use https (http is allowed only for 127.0.0.1, ::1 and localhost)"
            ));
        }
        _ => return Err(format!("`{url}` is not an http(s) URL")),
    }
    if uri.path() != "/" && !uri.path().is_empty() {
        return Err(format!(
            "`{url}` has a path; give only scheme, host and port (the operation adds the path)"
        ));
    }
    let authority = uri.authority().map(|a| a.as_str()).unwrap_or(host);
    Ok(format!(
        "{}://{authority}",
        uri.scheme_str().unwrap_or("https")
    ))
}

/// A URL split into its checked origin (see [`checked_origin`]) and the rest: path and query.
pub fn split_url(url: &str) -> Result<(String, &str), String> {
    let end = url.match_indices('/').nth(2).map_or(url.len(), |(i, _)| i);
    Ok((checked_origin(&url[..end])?, &url[end..]))
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// How long to wait, and how often to try.
#[derive(Debug, Clone)]
pub struct Limits {
    pub connect_timeout: Duration,
    /// For one HTTP exchange, response body included.
    pub call_timeout: Duration,
    /// Tries of one call, the first included.
    pub attempts: u32,
    /// The longest `Retry-After` asklint honours; a longer one ends the call.
    pub max_retry_after: Duration,
    /// The first pause of the exponential backoff.
    pub backoff: Duration,
    /// For a 202's status to become final.
    pub wait_timeout: Duration,
    /// The first pause between two status polls.
    pub poll_interval: Duration,
}

/// A server's answer.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub request_id: Option<String>,
    pub location: Option<String>,
    retry_after: Option<String>,
    /// The body, or its first bytes: [`MAX_BODY`] of a success, [`MAX_ERROR_BODY`] of anything
    /// else.
    pub body: Vec<u8>,
    /// The body was longer than that, and only its first bytes were read.
    pub truncated: bool,
}

impl Answer {
    pub fn reason(&self) -> &'static str {
        http::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("")
    }

    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// A call that got no answer.
#[derive(Debug, Clone)]
pub struct NoAnswer {
    pub message: String,
    /// Whether the request may have reached the server (so a POST may have been acted on).
    pub maybe_sent: bool,
}

pub struct Client<'a> {
    agent: ureq::Agent,
    origin: String,
    token: &'a str,
    limits: Limits,
    /// Where notes on retries and waits go (standard error).
    note: &'a dyn Fn(&str),
}

impl<'a> Client<'a> {
    pub fn new(origin: String, token: &'a str, limits: Limits, note: &'a dyn Fn(&str)) -> Self {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(limits.connect_timeout))
            .timeout_per_call(Some(limits.call_timeout))
            // A redirect never carries the token to another host.
            .max_redirects(0)
            .user_agent(concat!("asklint/", env!("CARGO_PKG_VERSION")))
            .build();
        let agent = super::resolve::agent(agent);
        Client {
            agent,
            origin,
            token,
            limits,
            note,
        }
    }

    pub fn url(&self, target: &str) -> String {
        format!("{}{target}", self.origin)
    }

    /// Send `call`, retrying throttled and failed tries as far as it is safe to.
    pub fn send(&self, call: &Call) -> Result<Answer, NoAnswer> {
        self.send_raw(
            call.method,
            &call.target(),
            call.body.as_deref(),
            call.operation.idempotent(),
        )
    }

    fn send_raw(
        &self,
        method: &str,
        target: &str,
        body: Option<&[u8]>,
        idempotent: bool,
    ) -> Result<Answer, NoAnswer> {
        let url = self.url(target);
        let mut attempt = 1;
        loop {
            let outcome = self.once(method, &url, body);
            let pause = match &outcome {
                // Throttled or unavailable: the server did not act on it, whatever the method.
                Ok(answer) if matches!(answer.status, 429 | 503) => match retry_after(answer) {
                    Some(wait) if wait > self.limits.max_retry_after => {
                        (self.note)(&format!(
                            "{} {}: the server asks to wait {} s, longer than --max-retry-after; giving up",
                            answer.status,
                            answer.reason(),
                            wait.as_secs()
                        ));
                        None
                    }
                    Some(wait) => Some((wait, "Retry-After")),
                    None => Some((self.backoff(attempt), "backoff")),
                },
                Ok(answer) if matches!(answer.status, 500 | 502 | 504) && idempotent => {
                    Some((self.backoff(attempt), "backoff"))
                }
                Ok(_) => None,
                Err(failure) if !failure.maybe_sent || idempotent => {
                    Some((self.backoff(attempt), "backoff"))
                }
                Err(failure) => {
                    (self.note)(&format!(
                        "{}; not repeated: a {method} the server may have acted on is sent once",
                        failure.message
                    ));
                    None
                }
            };
            match pause {
                Some((pause, why)) if attempt < self.limits.attempts => {
                    let what = match &outcome {
                        Ok(answer) => format!(
                            "{} {}{}",
                            answer.status,
                            answer.reason(),
                            answer
                                .request_id
                                .as_deref()
                                .map(|id| format!(" (request id {id})"))
                                .unwrap_or_default()
                        ),
                        Err(failure) => failure.message.clone(),
                    };
                    (self.note)(&format!(
                        "{what}; retrying in {:.1} s ({why}), try {} of {}",
                        pause.as_secs_f64(),
                        attempt + 1,
                        self.limits.attempts
                    ));
                    std::thread::sleep(pause);
                    attempt += 1;
                }
                _ => return outcome,
            }
        }
    }

    fn once(&self, method: &str, url: &str, body: Option<&[u8]>) -> Result<Answer, NoAnswer> {
        let request = http::Request::builder()
            .method(method)
            .uri(url)
            .header("Accept", "application/json")
            .header("Authorization", format!("Bearer {}", self.token));
        let result = match body {
            Some(body) => self.agent.run(
                request
                    .header("Content-Type", "application/json")
                    .body(body)
                    .map_err(|e| no_answer(&ureq::Error::Http(e)))?,
            ),
            None => self.agent.run(
                request
                    .body(())
                    .map_err(|e| no_answer(&ureq::Error::Http(e)))?,
            ),
        };
        let mut response = result.map_err(|e| no_answer(&e))?;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let request_id = header("x-amzn-requestid");
        let location = header("location");
        let retry_after = header("retry-after");
        let status = response.status().as_u16();
        // A success is read whole, up to a limit far above any SMAPI answer; of anything else only
        // the first bytes are read, since they are all that is shown, and the status is kept even
        // when the body is huge or the connection drops in the middle of it.
        let success = (200..300).contains(&status);
        let limit = if success { MAX_BODY } else { MAX_ERROR_BODY };
        let mut body = Vec::new();
        let read = response
            .body_mut()
            .with_config()
            .reader()
            .take(limit + 1)
            .read_to_end(&mut body);
        match read {
            Err(e) if success => return Err(no_answer(&ureq::Error::from(e))),
            _ => {}
        }
        let truncated = body.len() as u64 > limit;
        body.truncate(limit as usize);
        Ok(Answer {
            status,
            request_id,
            location,
            retry_after,
            body,
            truncated,
        })
    }

    /// The pause before try `attempt + 1`: exponential, capped, with jitter so that many clients
    /// throttled at once do not come back at once.
    fn backoff(&self, attempt: u32) -> Duration {
        let full = self
            .limits
            .backoff
            .saturating_mul(1 << (attempt - 1).min(16))
            .min(MAX_BACKOFF);
        full.mul_f64(0.5 + 0.5 * random_fraction())
    }
}

/// The most of a successful answer read (SMAPI's largest, a skill list page, is well under 1 MiB).
pub const MAX_BODY: u64 = 64 << 20;
/// The most of any other answer read.
pub const MAX_ERROR_BODY: u64 = 64 << 10;
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// `Retry-After`: a number of seconds, or an HTTP date.
fn retry_after(answer: &Answer) -> Option<Duration> {
    let value = answer.retry_after.as_deref()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(SystemTime::now()).unwrap_or_default())
}

/// A number in [0, 1) that differs from call to call and from process to process.
fn random_fraction() -> f64 {
    let bits = RandomState::new().hash_one(Instant::now());
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

fn no_answer(error: &ureq::Error) -> NoAnswer {
    use ureq::Timeout;
    let maybe_sent = !match error {
        ureq::Error::HostNotFound
        | ureq::Error::ConnectionFailed
        | ureq::Error::BadUri(_)
        | ureq::Error::Http(_)
        | ureq::Error::Tls(_)
        | ureq::Error::Rustls(_) => true,
        ureq::Error::Timeout(Timeout::Resolve | Timeout::Connect) => true,
        ureq::Error::Io(e) => e.kind() == std::io::ErrorKind::ConnectionRefused,
        _ => false,
    };
    let message = match error {
        ureq::Error::Timeout(Timeout::Connect) => "no connection within the connect timeout".into(),
        ureq::Error::Timeout(_) => "no answer within the timeout (--timeout)".into(),
        ureq::Error::ConnectionFailed => "cannot connect".into(),
        ureq::Error::HostNotFound => "host not found".into(),
        ureq::Error::Io(e) => format!("connection lost: {e}"),
        other => other.to_string(),
    };
    NoAnswer {
        message,
        maybe_sent,
    }
}

/// How waiting for a 202 ended.
pub enum Waited {
    /// Every status in the answer is final; `failed` when one is FAILED.
    Done { answer: Answer, failed: bool },
    /// `--wait-timeout` passed; the last status seen.
    TimedOut { last: Option<String> },
    /// The status could not be fetched.
    Failed(Result<Answer, NoAnswer>),
}

impl Client<'_> {
    /// After a 202 to `target`: poll `location` (resolved against the request's URL, and only
    /// on its origin) until no status in its answer is IN_PROGRESS, or `--wait-timeout` has
    /// passed.
    pub fn wait(
        &self,
        target: &str,
        location: &str,
        progress: &dyn Fn(&str),
    ) -> Result<Waited, String> {
        let absolute = resolve(&self.url(target), location)?;
        // Held to the request's own origin, which passed `checked_origin`.
        let Some(target) = absolute
            .strip_prefix(&self.origin)
            .filter(|rest| rest.starts_with('/'))
        else {
            return Err(format!(
                "the server's Location `{location}` is on another host; the token is not sent there"
            ));
        };
        let started = Instant::now();
        let mut pause = self.limits.poll_interval;
        loop {
            let answer = match self.send_raw("GET", target, None, true) {
                Ok(answer) if (200..300).contains(&answer.status) => answer,
                other => return Ok(Waited::Failed(other)),
            };
            let statuses = answer.json().map(|v| statuses(&v)).unwrap_or_default();
            let failed = statuses.iter().any(|s| s == "FAILED");
            if !statuses.is_empty() && !statuses.iter().any(|s| s == "IN_PROGRESS") || failed {
                return Ok(Waited::Done { answer, failed });
            }
            let shown = if statuses.is_empty() {
                "no status yet".to_owned()
            } else {
                statuses.join(", ")
            };
            progress(&format!(
                "{shown} after {:.0} s",
                started.elapsed().as_secs_f64()
            ));
            // The last poll is at the deadline itself, not a pause before it.
            let Some(left) = self
                .limits
                .wait_timeout
                .checked_sub(started.elapsed())
                .filter(|left| !left.is_zero())
            else {
                return Ok(Waited::TimedOut { last: Some(shown) });
            };
            std::thread::sleep(pause.min(left));
            pause = (pause * 2).min(MAX_POLL_INTERVAL.max(self.limits.poll_interval));
        }
    }
}

const MAX_POLL_INTERVAL: Duration = Duration::from_secs(10);

/// A `Location` resolved against the URL of the request it answers (RFC 3986, section 5).
fn resolve(base: &str, location: &str) -> Result<String, String> {
    let unusable = || format!("the server's Location `{location}` is not a URL asklint can follow");
    let base = fluent_uri::Uri::parse(base).map_err(|_| unusable())?;
    let reference = fluent_uri::UriRef::parse(location).map_err(|_| unusable())?;
    let resolved = reference.resolve_against(&base).map_err(|_| unusable())?;
    Ok(resolved.as_str().to_owned())
}

/// The build statuses in a skill status answer: v0 `manifest.lastModified.status`, v1
/// `….lastUpdateRequest.status` (manifest, each interaction model, hosted skill resources).
pub fn statuses(value: &serde_json::Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        let Some(object) = value.as_object() else {
            continue;
        };
        for (key, child) in object {
            if matches!(key.as_str(), "lastModified" | "lastUpdateRequest") {
                if let Some(status) = child.get("status").and_then(|s| s.as_str()) {
                    found.push(status.to_owned());
                }
            } else {
                stack.push(child);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(retry_after: &str) -> Answer {
        Answer {
            status: 429,
            request_id: None,
            location: None,
            retry_after: Some(retry_after.to_owned()),
            body: Vec::new(),
            truncated: false,
        }
    }

    #[test]
    fn retry_after_is_seconds_or_a_date() {
        assert_eq!(retry_after(&answer("7")), Some(Duration::from_secs(7)));
        let soon = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(90));
        let wait = retry_after(&answer(&soon)).unwrap();
        assert!((88..=90).contains(&wait.as_secs()), "{wait:?}");
        // A date in the past means now.
        assert_eq!(
            retry_after(&answer("Sun, 06 Nov 1994 08:49:37 GMT")),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&answer("soon")), None);
    }

    #[test]
    fn a_token_goes_only_over_https_or_to_loopback() {
        assert_eq!(
            checked_origin("https://api.eu.amazonalexa.com/").unwrap(),
            "https://api.eu.amazonalexa.com"
        );
        assert_eq!(
            checked_origin("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert!(checked_origin("http://[::1]:9").is_ok());
        assert!(checked_origin("http://localhost").is_ok());
        assert!(checked_origin("http://api.amazonalexa.com").is_err());
        assert!(checked_origin("http://127.0.0.1.example.com").is_err());
        assert!(checked_origin("https://api.amazonalexa.com/v1").is_err());
        assert!(checked_origin("ftp://example.com").is_err());
        for url in [
            "https://alice:s3cr3t@h",
            "http://alice@127.0.0.1:9/",
            "https://:s3cr3t@h?x",
        ] {
            let message = checked_origin(url).unwrap_err();
            assert!(message.contains("user name or password"), "{message}");
            assert!(
                !message.contains("s3cr3t") && !message.contains("alice"),
                "{message}"
            );
        }
    }

    #[test]
    fn a_location_is_resolved_against_the_request() {
        let base = "https://api.amazonalexa.com/v0/skills/amzn1.x/status?a=1";
        for (location, resolved) in [
            (
                "/v0/skills/s/status",
                "https://api.amazonalexa.com/v0/skills/s/status",
            ),
            (
                "status",
                "https://api.amazonalexa.com/v0/skills/amzn1.x/status",
            ),
            (
                "../s2/status",
                "https://api.amazonalexa.com/v0/skills/s2/status",
            ),
            (
                "?b=2",
                "https://api.amazonalexa.com/v0/skills/amzn1.x/status?b=2",
            ),
            ("//other.example/x", "https://other.example/x"),
            ("http://h:1/y", "http://h:1/y"),
        ] {
            assert_eq!(resolve(base, location).unwrap(), resolved, "{location}");
        }
        assert!(resolve(base, "a b").is_err());
    }

    #[test]
    fn build_statuses_are_found_in_v0_and_v1_answers() {
        let v0 = serde_json::json!({"manifest": {"lastModified": {"status": "IN_PROGRESS"}}});
        assert_eq!(statuses(&v0), ["IN_PROGRESS"]);
        let v1 = serde_json::json!({
            "manifest": {"lastUpdateRequest": {"status": "SUCCEEDED"}},
            "interactionModel": {"en-US": {"lastUpdateRequest": {"status": "FAILED"}}}
        });
        let mut found = statuses(&v1);
        found.sort();
        assert_eq!(found, ["FAILED", "SUCCEEDED"]);
    }
}
