//! Where the SMAPI token comes from: a file, an environment variable, ASK CLI's saved profile, or a
//! Login with Amazon refresh-token exchange, whose short-lived token is cached. Every secret read
//! here is added to the [`Secrets`] that scrub all of `submit`'s output.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::client::{Limits, split_url};
use crate::read::Opening;
use crate::secrets::Secrets;

/// The LWA token endpoint.
pub const LWA_ENDPOINT: &str = "https://api.amazon.com/auth/o2/token";

/// The names ASK CLI gives these in its environment mode; the first is `--token-env`'s default.
pub const TOKEN_ENV: &str = "ASK_ACCESS_TOKEN";
pub const REFRESH_TOKEN_ENV: &str = "ASK_REFRESH_TOKEN";
pub const CLIENT_ID_ENV: &str = "ASK_LWA_CLIENT_ID";
pub const CLIENT_SECRET_ENV: &str = "ASK_LWA_CLIENT_CONFIRMATION";

/// How the token is to be found, from the command line.
#[derive(Debug, Clone)]
pub struct TokenSource {
    pub token_file: Option<PathBuf>,
    /// The token file's contents, read once (a pipe cannot be read twice), or why they could not
    /// be read.
    token_text: Option<Result<String, String>>,
    pub token_env: String,
    pub ask_profile: Option<String>,
    pub lwa_endpoint: String,
}

impl TokenSource {
    pub fn new(
        token_file: Option<PathBuf>,
        token_env: String,
        ask_profile: Option<String>,
        lwa_endpoint: String,
    ) -> TokenSource {
        let token_text = token_file.as_ref().map(|file| {
            read_text(file, crate::read::TOKEN, Opening::Named).map_err(|e| {
                format!(
                    "cannot read the token file {}: {e}",
                    crate::files::display(file)
                )
            })
        });
        TokenSource {
            token_file,
            token_text,
            token_env,
            ask_profile,
            lwa_endpoint,
        }
    }
}

/// Every secret the token could come from, found without the network, so that all of them are
/// scrubbed from everything printed, a dry run's included: the environment's token, refresh token
/// and client credentials, the token file, the ASK CLI profile's tokens, and a cached exchange.
/// What cannot be read here is reported by [`token`] when it is needed.
pub fn known_secrets(source: &TokenSource) -> Secrets {
    let mut secrets = environment_secrets(&source.token_env);
    if let Some(Ok(text)) = &source.token_text {
        secrets.add(text);
    }
    let profile = source.ask_profile.as_deref().and_then(|name| {
        let text = read_text(&ask_config_path()?, crate::read::SETTINGS, Opening::Found).ok()?;
        let mut config: AskConfig = serde_json::from_str(&text).ok()?;
        config.profiles.remove(name)?.token
    });
    let refresh = match profile {
        Some(token) => {
            for secret in [&token.access_token, &token.refresh_token]
                .into_iter()
                .flatten()
            {
                secrets.add(secret);
            }
            token.refresh_token
        }
        None => env(REFRESH_TOKEN_ENV),
    };
    if let (Some(refresh), Some(client)) = (refresh, client_credentials(&mut secrets))
        && let Some(cached) = cache_path(&refresh, &client, &source.lwa_endpoint)
            .and_then(|p| crate::read::file(&p, crate::read::SETTINGS, Opening::Found).ok())
            .and_then(|bytes| serde_json::from_slice::<Cached>(&bytes).ok())
    {
        secrets.add(&cached.access_token);
    }
    secrets
}

/// The secrets of the environment: the access token in `token_env`, and ASK CLI's refresh token
/// and LWA client (`asklint check` scrubs these too).
pub fn environment_secrets(token_env: &str) -> Secrets {
    let mut secrets = Secrets::default();
    for name in [
        token_env,
        REFRESH_TOKEN_ENV,
        CLIENT_ID_ENV,
        CLIENT_SECRET_ENV,
    ] {
        if let Ok(value) = std::env::var(name) {
            secrets.add(&value);
        }
    }
    secrets
}

/// Where the token would come from, for a dry run (nothing is exchanged).
pub fn describe(source: &TokenSource) -> String {
    if let Some(file) = &source.token_file {
        format!("from {}", crate::files::display(file))
    } else if let Some(profile) = &source.ask_profile {
        format!("from ASK CLI profile `{profile}`")
    } else if env(REFRESH_TOKEN_ENV).is_some() {
        format!("exchanged for ${REFRESH_TOKEN_ENV}")
    } else if env(&source.token_env).is_some() {
        format!("from ${}", source.token_env)
    } else {
        // A dry run needs no token: it must not claim one that a real run would not find.
        format!(
            "none set: a real run needs ${}, --token-file, --ask-profile or ${REFRESH_TOKEN_ENV}",
            source.token_env
        )
    }
}

/// The access token. Every secret met on the way is added to `secrets` before anything can print.
pub fn token(
    source: &TokenSource,
    limits: &Limits,
    secrets: &mut Secrets,
) -> Result<String, String> {
    if let (Some(file), Some(text)) = (&source.token_file, &source.token_text) {
        let token = text.clone()?.trim().to_owned();
        secrets.add(&token);
        if token.is_empty() {
            return Err(format!(
                "the token file {} is empty",
                crate::files::display(file)
            ));
        }
        return Ok(token);
    }
    if let Some(name) = &source.ask_profile {
        return profile_token(name, source, limits, secrets);
    }
    if let Some(refresh) = env(REFRESH_TOKEN_ENV) {
        secrets.add(&refresh);
        let client = client_credentials(secrets).ok_or_else(|| {
            format!("${REFRESH_TOKEN_ENV} is set: {CLIENT_ID_ENV} and {CLIENT_SECRET_ENV} are needed to exchange it")
        })?;
        return exchange(&refresh, &client, source, limits, secrets);
    }
    match env(&source.token_env) {
        Some(token) => {
            secrets.add(&token);
            Ok(token)
        }
        None => Err(format!(
            "no SMAPI token: set ${} (an LWA access token), or give --token-file, --ask-profile, or ${REFRESH_TOKEN_ENV} with {CLIENT_ID_ENV} and {CLIENT_SECRET_ENV}",
            source.token_env
        )),
    }
}

/// A file's text, bounded (see [`crate::read`]).
fn read_text(path: &Path, limit: crate::read::Limit, opening: Opening) -> Result<String, String> {
    let bytes = crate::read::file(path, limit, opening).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_owned())
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

struct ClientCredentials {
    id: String,
    secret: String,
}

fn client_credentials(secrets: &mut Secrets) -> Option<ClientCredentials> {
    let id = env(CLIENT_ID_ENV)?;
    let secret = env(CLIENT_SECRET_ENV)?;
    secrets.add(&id);
    secrets.add(&secret);
    Some(ClientCredentials { id, secret })
}

/// ASK CLI keeps `profiles.<name>.token` in `~/.ask/cli_config` (or `$ASK_CONFIG_DIR`): an access
/// token with its expiry and the refresh token. asklint reads it and never writes it.
#[derive(Deserialize)]
struct AskConfig {
    profiles: std::collections::BTreeMap<String, AskProfile>,
}

#[derive(Deserialize)]
struct AskProfile {
    token: Option<AskToken>,
}

#[derive(Deserialize)]
struct AskToken {
    access_token: Option<String>,
    refresh_token: Option<String>,
    /// RFC 3339, e.g. `2026-11-30T18:21:44.000Z`.
    expires_at: Option<String>,
}

fn ask_config_path() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("ASK_CONFIG_DIR") {
        return Some(PathBuf::from(dir).join("cli_config"));
    }
    std::env::var_os("HOME").map(|home| Path::new(&home).join(".ask").join("cli_config"))
}

fn profile_token(
    name: &str,
    source: &TokenSource,
    limits: &Limits,
    secrets: &mut Secrets,
) -> Result<String, String> {
    let path = ask_config_path().ok_or("cannot find ASK CLI's configuration: $HOME is not set")?;
    let shown = crate::files::display(&path);
    let text = read_text(&path, crate::read::SETTINGS, Opening::Found)
        .map_err(|e| format!("cannot read {shown}: {e}"))?;
    let config: AskConfig = serde_json::from_str(&text)
        .map_err(|e| format!("{shown} is not ASK CLI's configuration: {e}"))?;
    let token = config
        .profiles
        .get(name)
        .and_then(|p| p.token.as_ref())
        .ok_or_else(|| {
            let names: Vec<_> = config.profiles.keys().map(String::as_str).collect();
            format!(
                "{shown} has no token for profile `{name}` (profiles: {})",
                names.join(", ")
            )
        })?;
    for secret in [&token.access_token, &token.refresh_token]
        .into_iter()
        .flatten()
    {
        secrets.add(secret);
    }
    let fresh = token
        .expires_at
        .as_deref()
        .and_then(|at| humantime::parse_rfc3339_weak(at).ok())
        .is_some_and(|at| at > SystemTime::now() + MARGIN);
    if let (Some(access), true) = (&token.access_token, fresh) {
        return Ok(access.clone());
    }
    let refresh = token
        .refresh_token
        .as_ref()
        .ok_or_else(|| format!("profile `{name}` has no refresh token"))?;
    let client = client_credentials(secrets).ok_or_else(|| {
        format!(
            "the access token of ASK CLI profile `{name}` has expired: run any `ask smapi` command to refresh it, or set {CLIENT_ID_ENV} and {CLIENT_SECRET_ENV} (the LWA client it was issued to)"
        )
    })?;
    exchange(refresh, &client, source, limits, secrets)
}

/// A token is used only while it has at least this much time left.
const MARGIN: Duration = Duration::from_secs(60);

/// The cached answer of an exchange.
#[derive(Serialize, Deserialize)]
struct Cached {
    access_token: String,
    /// Seconds since the Unix epoch.
    expires_at: u64,
}

/// The cache file of one client and refresh token: named by a hash, never by the secrets.
fn cache_path(refresh: &str, client: &ClientCredentials, endpoint: &str) -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))?;
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for byte in [refresh, &client.id, endpoint].join("\n").bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    Some(base.join("asklint").join(format!("lwa-{hash:016x}.json")))
}

fn exchange(
    refresh: &str,
    client: &ClientCredentials,
    source: &TokenSource,
    limits: &Limits,
    secrets: &mut Secrets,
) -> Result<String, String> {
    let cache = cache_path(refresh, client, &source.lwa_endpoint);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    if let Some(cached) = cache
        .as_deref()
        .and_then(|p| crate::read::file(p, crate::read::SETTINGS, Opening::Found).ok())
        .and_then(|bytes| serde_json::from_slice::<Cached>(&bytes).ok())
        .filter(|c| c.expires_at > (now + MARGIN).as_secs())
    {
        secrets.add(&cached.access_token);
        return Ok(cached.access_token);
    }
    // The origin check refuses plain http off loopback; the path is the endpoint's own.
    let (origin, path) = split_url(&source.lwa_endpoint)?;
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(limits.connect_timeout))
        .timeout_per_call(Some(limits.call_timeout))
        .max_redirects(0)
        .build();
    let agent = super::resolve::agent(agent);
    let url = format!("{origin}{path}");
    let mut response = agent
        .post(&url)
        .send_form([
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh),
            ("client_id", client.id.as_str()),
            ("client_secret", client.secret.as_str()),
        ])
        .map_err(|e| format!("the Login with Amazon token exchange failed: {e}"))?;
    let status = response.status().as_u16();
    let body: serde_json::Value = response
        .body_mut()
        .read_to_vec()
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| format!("Login with Amazon answered {status} without JSON"))?;
    let Some(access) = body.get("access_token").and_then(|v| v.as_str()) else {
        // LWA errors are `{error, error_description}`: neither holds a secret.
        let field = |name: &str| body.get(name).and_then(|v| v.as_str()).unwrap_or("");
        return Err(format!(
            "Login with Amazon refused the refresh token ({status}): {} {}",
            field("error"),
            field("error_description")
        ));
    };
    secrets.add(access);
    let expires_in = body
        .get("expires_in")
        .and_then(|v| v.as_u64())
        .unwrap_or(3600);
    if let Some(cache) = cache {
        let cached = Cached {
            access_token: access.to_owned(),
            expires_at: now.as_secs() + expires_in,
        };
        // A cache that cannot be written costs one more exchange next time, nothing else.
        let _ = std::fs::create_dir_all(cache.parent().unwrap_or(Path::new("."))).and_then(|()| {
            crate::write::write_secret_with(&cache, |out| {
                serde_json::to_writer(&mut *out, &cached).map_err(std::io::Error::other)
            })
        });
    }
    Ok(access.to_owned())
}
