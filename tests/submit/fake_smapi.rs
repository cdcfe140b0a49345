//! A fake SMAPI on 127.0.0.1 that keeps state, for the submit tests: enablements per unit, skills
//! whose builds go IN_PROGRESS → SUCCESSFUL, pages with nextToken, a Login with Amazon token
//! endpoint, and faults queued by the test (throttling, errors, slowness, a dropped connection,
//! malformed JSON).

use std::collections::{BTreeMap, VecDeque};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use serde_json::{Value, json};
use tiny_http::{Header, Request, Response, Server};

/// What the next request gets instead of its normal answer.
#[derive(Debug, Clone)]
pub enum Fault {
    /// This status, with `Retry-After` when given, and a JSON error body.
    Status(u16, Option<&'static str>),
    /// The normal answer, after this long.
    Slow(Duration),
    /// The request arrives, then the connection is closed with no answer.
    Drop,
    /// A 200 whose body is not JSON.
    Malformed,
    /// Exactly this answer: status, headers (they replace the default request id) and body.
    Answer(u16, Vec<(&'static str, String)>, String),
    /// This status with a body that never ends.
    Endless(u16),
}

#[derive(Debug, Clone)]
pub struct Hit {
    pub method: String,
    pub url: String,
    pub authorization: Option<String>,
    pub body: String,
}

#[derive(Default)]
struct State {
    token: String,
    hits: Vec<Hit>,
    faults: VecDeque<Fault>,
    /// (skill, unit) → stage.
    enablements: BTreeMap<(String, String), String>,
    /// skill → (manifest, polls of its status still IN_PROGRESS).
    skills: BTreeMap<String, (Value, u32)>,
    next_skill: u32,
    /// How many status polls a new build stays IN_PROGRESS for.
    build_polls: u32,
    /// The build of the next create or update fails.
    fail_build: bool,
    /// The origin written before a 202's `Location` path (none: a relative `Location`).
    location_origin: Option<String>,
    /// Every list-skills page has a new `nextToken`.
    endless_pages: bool,
}

pub struct FakeSmapi {
    pub url: String,
    state: Arc<Mutex<State>>,
}

pub const SKILL: &str = "amzn1.ask.skill.3f9c2a71-8e4b-4d26-b0c5-71a9e2d84f13";

impl FakeSmapi {
    /// Start the server; it accepts only `token`, and runs until the test process ends.
    pub fn start(token: &str) -> FakeSmapi {
        let server = Server::http("127.0.0.1:0").expect("a loopback port");
        let backend = server.server_addr().to_ip().expect("an IP address");
        let state = Arc::new(Mutex::new(State {
            token: token.to_owned(),
            build_polls: 1,
            ..State::default()
        }));
        state
            .lock()
            .unwrap()
            .skills
            .insert(SKILL.to_owned(), (json!({"manifestVersion": "1.0"}), 0));
        let shared = Arc::clone(&state);
        thread::spawn(move || {
            for request in server.incoming_requests() {
                let state = Arc::clone(&shared);
                // One thread per request, so a slow answer does not hold up a retry.
                thread::spawn(move || handle(request, &state));
            }
        });
        // In front of it, a TCP relay that can drop a connection, which tiny_http cannot.
        let front = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let port = front.local_addr().unwrap().port();
        let shared = Arc::clone(&state);
        thread::spawn(move || {
            for client in front.incoming().flatten() {
                let state = Arc::clone(&shared);
                thread::spawn(move || relay(client, backend, &state));
            }
        });
        FakeSmapi {
            url: format!("http://127.0.0.1:{port}"),
            state,
        }
    }

    pub fn fault(&self, fault: Fault) -> &Self {
        self.state.lock().unwrap().faults.push_back(fault);
        self
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.state.lock().unwrap().hits.clone()
    }

    pub fn enable(&self, skill: &str, unit: &str, stage: &str) {
        self.state
            .lock()
            .unwrap()
            .enablements
            .insert((skill.to_owned(), unit.to_owned()), stage.to_owned());
    }

    pub fn is_enabled(&self, skill: &str, unit: &str) -> bool {
        self.state
            .lock()
            .unwrap()
            .enablements
            .contains_key(&(skill.to_owned(), unit.to_owned()))
    }

    pub fn skill_ids(&self) -> Vec<String> {
        self.state.lock().unwrap().skills.keys().cloned().collect()
    }

    pub fn manifest(&self, skill: &str) -> Option<Value> {
        self.state
            .lock()
            .unwrap()
            .skills
            .get(skill)
            .map(|s| s.0.clone())
    }

    pub fn build_polls(&self, polls: u32) {
        self.state.lock().unwrap().build_polls = polls;
    }

    /// Write each 202's `Location` as an absolute URL on `origin`.
    pub fn locations_on(&self, origin: &str) {
        self.state.lock().unwrap().location_origin = Some(origin.to_owned());
    }

    pub fn endless_pages(&self) {
        self.state.lock().unwrap().endless_pages = true;
    }

    pub fn fail_next_build(&self) {
        self.state.lock().unwrap().fail_build = true;
    }
}

/// Copy bytes both ways between a client and tiny_http; when the next fault is a drop, read the
/// request, record it, and close the connection instead.
fn relay(mut client: TcpStream, backend: std::net::SocketAddr, state: &Mutex<State>) {
    let drop_it = {
        let mut state = state.lock().unwrap();
        match state.faults.front() {
            Some(Fault::Drop) => {
                state.faults.pop_front();
                true
            }
            _ => false,
        }
    };
    if drop_it {
        let mut request = vec![0; 64 * 1024];
        let read = client.read(&mut request).unwrap_or(0);
        let text = String::from_utf8_lossy(&request[..read]);
        let mut words = text.split(' ');
        state.lock().unwrap().hits.push(Hit {
            method: words.next().unwrap_or_default().to_owned(),
            url: words.next().unwrap_or_default().to_owned(),
            authorization: None,
            body: String::new(),
        });
        let _ = client.shutdown(Shutdown::Both);
        return;
    }
    let Ok(mut server) = TcpStream::connect(backend) else {
        return;
    };
    let (mut client_in, mut server_out) =
        (client.try_clone().unwrap(), server.try_clone().unwrap());
    let upstream = thread::spawn(move || {
        let _ = std::io::copy(&mut client_in, &mut server_out);
        let _ = server_out.shutdown(Shutdown::Write);
    });
    let _ = std::io::copy(&mut server, &mut client);
    let _ = client.flush();
    let _ = client.shutdown(Shutdown::Both);
    let _ = upstream.join();
}

fn handle(mut request: Request, state: &Mutex<State>) {
    let mut body = String::new();
    let _ = request.as_reader().read_to_string(&mut body);
    let authorization = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Authorization"))
        .map(|h| h.value.as_str().to_owned());
    let hit = Hit {
        method: request.method().as_str().to_owned(),
        url: request.url().to_owned(),
        authorization,
        body,
    };
    let fault = {
        let mut state = state.lock().unwrap();
        state.hits.push(hit.clone());
        state.faults.pop_front()
    };
    if let Some(Fault::Endless(status)) = fault {
        let body = std::io::repeat(b'x');
        let _ = request.respond(Response::new(status.into(), Vec::new(), body, None, None));
        return;
    }
    let answer = match fault {
        Some(Fault::Status(status, retry_after)) => {
            let mut answer = Answer::json(
                status,
                json!({"code": "FAULT", "message": format!("injected {status}")}),
            );
            if let Some(seconds) = retry_after {
                answer.headers.push(("Retry-After", seconds.to_owned()));
            }
            answer
        }
        Some(Fault::Slow(pause)) => {
            thread::sleep(pause);
            route(&hit, state)
        }
        // Taken by the relay before the request gets here.
        Some(Fault::Drop) => unreachable!("the relay drops the connection"),
        Some(Fault::Malformed) => Answer {
            status: 200,
            headers: Vec::new(),
            body: "{\"items\": [oops".to_owned(),
        },
        Some(Fault::Endless(_)) => unreachable!("answered above"),
        Some(Fault::Answer(status, headers, body)) => Answer {
            status,
            headers,
            body,
        },
        None => route(&hit, state),
    };
    let mut response = Response::from_string(answer.body).with_status_code(answer.status);
    if !answer
        .headers
        .iter()
        .any(|(name, _)| *name == "X-Amzn-RequestId")
    {
        response.add_header(Header::from_bytes("X-Amzn-RequestId", "req-0001").unwrap());
    }
    response.add_header(Header::from_bytes("Content-Type", "application/json").unwrap());
    for (name, value) in answer.headers {
        response.add_header(Header::from_bytes(name, value).unwrap());
    }
    let _ = request.respond(response);
}

struct Answer {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
}

impl Answer {
    fn json(status: u16, body: Value) -> Answer {
        Answer {
            status,
            headers: Vec::new(),
            body: body.to_string(),
        }
    }

    fn empty(status: u16) -> Answer {
        Answer {
            status,
            headers: Vec::new(),
            body: String::new(),
        }
    }

    fn error(status: u16, code: &str, message: &str) -> Answer {
        Answer::json(status, json!({"code": code, "message": message}))
    }
}

fn route(hit: &Hit, state: &Mutex<State>) -> Answer {
    let (path, query) = hit.url.split_once('?').unwrap_or((&hit.url, ""));
    let query: BTreeMap<String, String> = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_owned(), percent_decode(v)))
        .collect();
    let mut state = state.lock().unwrap();
    if path == "/auth/o2/token" {
        return lwa(&hit.body);
    }
    if hit.authorization.as_deref() != Some(&format!("Bearer {}", state.token)) {
        return Answer::json(
            401,
            json!({"message": "The access token is missing, expired, or invalid.", "type": "Unauthorized"}),
        );
    }
    let segments: Vec<String> = path.split('/').skip(1).map(percent_decode).collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let body: Value = serde_json::from_str(&hit.body).unwrap_or(Value::Null);
    let unit = query.get("unitId").cloned().unwrap_or_default();
    let record = |skill: &str, unit: &str, stage: &str| json!({"skill": {"stage": stage, "id": skill}, "unit": {"id": unit}, "status": "ENABLED"});
    match (hit.method.as_str(), segments.as_slice()) {
        ("GET", ["v1", "skills", "enablements"]) => {
            let items: Vec<Value> = state
                .enablements
                .iter()
                .filter(|((_, u), _)| *u == unit)
                .map(|((s, u), stage)| record(s, u, stage))
                .collect();
            page(items, &query, |items, next| {
                let mut page = json!({"items": items});
                if let Some(next) = next {
                    page["paginationContext"] = json!({"nextToken": next});
                }
                page
            })
        }
        ("GET", ["v1", "skills", skill, "enablements"]) => {
            match state.enablements.get(&(skill.to_string(), unit.clone())) {
                Some(stage) => Answer::json(200, record(skill, &unit, stage)),
                None => Answer::error(
                    404,
                    "RESOURCE_NOT_FOUND",
                    "The requested enablement wasn't found.",
                ),
            }
        }
        ("POST", ["v1", "skills", skill, "enablements"]) => {
            if !state.skills.contains_key(*skill) {
                return Answer::error(
                    404,
                    "RESOURCE_NOT_FOUND",
                    "The requested skill ID or unit ID cannot be found.",
                );
            }
            let unit = body["unitId"].as_str().unwrap_or_default().to_owned();
            let stage = body["stage"].as_str().unwrap_or("live").to_owned();
            state
                .enablements
                .insert((skill.to_string(), unit.clone()), stage.clone());
            Answer::json(201, record(skill, &unit, &stage))
        }
        ("DELETE", ["v1", "skills", skill, "enablements"]) => {
            match state.enablements.remove(&(skill.to_string(), unit)) {
                Some(_) => Answer::empty(204),
                None => Answer::error(
                    404,
                    "RESOURCE_NOT_FOUND",
                    "The requested skill ID or unit ID cannot be found.",
                ),
            }
        }
        ("GET", ["v0", "skills"]) if state.endless_pages => {
            let n = query.get("nextToken").map_or(0, |t| t.len());
            Answer::json(
                200,
                json!({"skills": [], "isTruncated": true, "nextToken": "m".repeat(n + 1)}),
            )
        }
        ("GET", ["v0", "skills"]) => {
            let items: Vec<Value> = state
                .skills
                .keys()
                .map(|id| json!({"skillId": id, "stage": "development", "nameByLocale": {"en-US": "Fake"}, "lastUpdated": "2026-11-30T10:00:00.000Z", "_links": {"self": {"href": format!("/v0/skills/{id}")}}}))
                .collect();
            page(items, &query, |items, next| {
                let mut page = json!({"skills": items, "isTruncated": next.is_some(), "_links": {"self": {"href": "/v0/skills"}}});
                if let Some(next) = next {
                    page["nextToken"] = json!(next);
                }
                page
            })
        }
        ("POST", ["v0", "skills"]) => {
            state.next_skill += 1;
            let id = format!(
                "amzn1.ask.skill.00000000-0000-4000-8000-{:012}",
                state.next_skill
            );
            let polls = build(&mut state);
            state
                .skills
                .insert(id.clone(), (body["skillManifest"].clone(), polls));
            let mut answer = Answer::json(202, json!({"skillId": id}));
            answer.headers.push((
                "Location",
                location(&state, &format!("/v0/skills/{id}/status")),
            ));
            answer
        }
        ("GET", ["v0", "skills", skill]) => match state.skills.get(*skill) {
            Some((manifest, _)) => Answer::json(200, json!({"skillManifest": manifest})),
            None => Answer::json(
                404,
                json!({"message": "Skill not found.", "type": "NotFound"}),
            ),
        },
        ("PUT", ["v0", "skills", skill]) => {
            if !state.skills.contains_key(*skill) {
                return Answer::json(
                    404,
                    json!({"message": "Skill not found.", "type": "NotFound"}),
                );
            }
            let polls = build(&mut state);
            state
                .skills
                .insert(skill.to_string(), (body["skillManifest"].clone(), polls));
            let mut answer = Answer::empty(202);
            answer.headers.push((
                "Location",
                location(&state, &format!("/v0/skills/{skill}/status")),
            ));
            answer
        }
        ("GET", ["v0", "skills", skill, "status"]) => match state.skills.get_mut(*skill) {
            Some((_, polls)) => {
                let status = match *polls {
                    0 => "SUCCESSFUL",
                    u32::MAX => "FAILED",
                    _ => {
                        *polls -= 1;
                        "IN_PROGRESS"
                    }
                };
                Answer::json(
                    200,
                    json!({"manifest": {"lastModified": {"time": "2026-11-30T10:00:00.000Z", "status": status}}}),
                )
            }
            None => Answer::json(
                404,
                json!({"message": "Skill not found.", "type": "NotFound"}),
            ),
        },
        ("DELETE", ["v0", "skills", skill]) => match state.skills.remove(*skill) {
            Some(_) => Answer::empty(204),
            None => Answer::json(
                404,
                json!({"message": "Skill not found.", "type": "NotFound"}),
            ),
        },
        _ => Answer::json(
            400,
            json!({"message": format!("no such operation: {} {path}", hit.method), "type": "BadRequest"}),
        ),
    }
}

/// Polls a new build stays IN_PROGRESS for (`u32::MAX` once it has failed: see the status route).
fn location(state: &State, path: &str) -> String {
    format!("{}{path}", state.location_origin.as_deref().unwrap_or(""))
}

fn build(state: &mut State) -> u32 {
    if std::mem::take(&mut state.fail_build) {
        u32::MAX
    } else {
        state.build_polls
    }
}

/// One page of `items`: `maxResults` of them (default 10) from `nextToken` (`page-<offset>`).
fn page(
    items: Vec<Value>,
    query: &BTreeMap<String, String>,
    shape: impl Fn(Vec<Value>, Option<String>) -> Value,
) -> Answer {
    let size: usize = query
        .get("maxResults")
        .and_then(|m| m.parse().ok())
        .unwrap_or(10);
    let start: usize = match query.get("nextToken") {
        Some(token) => match token.strip_prefix("page-").and_then(|n| n.parse().ok()) {
            Some(start) => start,
            None => {
                return Answer::error(400, "INVALID_REQUEST_PARAMETER", "nextToken is not valid.");
            }
        },
        None => 0,
    };
    let end = (start + size).min(items.len());
    let next = (end < items.len()).then(|| format!("page-{end}"));
    Answer::json(200, shape(items[start.min(end)..end].to_vec(), next))
}

fn lwa(form: &str) -> Answer {
    let fields: BTreeMap<&str, String> = form
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k, percent_decode(v)))
        .collect();
    if fields.get("grant_type").map(String::as_str) != Some("refresh_token")
        || fields.get("refresh_token").map(String::as_str) != Some(super::REFRESH_TOKEN)
        || fields.get("client_secret").map(String::as_str) != Some(super::CLIENT_SECRET)
    {
        return Answer::json(
            400,
            json!({"error": "invalid_grant", "error_description": "The request has an invalid grant parameter : refresh_token"}),
        );
    }
    Answer::json(
        200,
        json!({"access_token": super::TOKEN, "refresh_token": super::REFRESH_TOKEN, "token_type": "bearer", "expires_in": 3600}),
    )
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(&text.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}
