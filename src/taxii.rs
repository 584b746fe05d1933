//! A TAXII 2.1 client, just enough to hand bundles to a team's collection
//! and take reports back: add objects (then poll the status until the server
//! has them), and get objects page by page (`more`/`next`). debrief is never
//! a server. Blocking, over ureq with rustls: TLS certificates are verified
//! against the Mozilla roots, always.
//!
//! Credentials come only from the environment (`DEBRIEF_TAXII_USER`,
//! `DEBRIEF_TAXII_PASSWORD`) or a netrc file (`DEBRIEF_TAXII_NETRC`, else
//! `~/.netrc`), never from the command line; no message, and no `Debug`,
//! ever holds the password. A server's answer is untrusted input: its size is
//! capped, its JSON bounded by serde_json, and its error shown in one line
//! with the HTTP status.

use std::time::Duration;

use serde_json::{Value, json};

use crate::text;

/// The TAXII 2.1 media type, for `Accept` and `Content-Type`.
pub const MEDIA_TYPE: &str = "application/taxii+json;version=2.1";
/// A response larger than this is refused.
pub const MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;
/// Pages one fetch follows at most, so a server cannot keep it going forever.
pub const MAX_PAGES: usize = 10_000;
/// Objects one fetch gathers at most (as many as an import reads).
pub const MAX_OBJECTS: usize = crate::stix::import::MAX_OBJECTS;
/// The page size asked for.
const PAGE_LIMIT: &str = "1000";
/// How long each request may take.
const TIMEOUT: Duration = Duration::from_secs(60);
/// How often, and how many times, the status of an add is asked.
const POLL_EVERY: Duration = Duration::from_millis(500);
const POLLS: u32 = 240;

/// A user name and password for HTTP basic authentication.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub user: String,
    password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Credentials {{ user: {:?}, password: <hidden> }}",
            self.user
        )
    }
}

impl Credentials {
    pub fn new(user: String, password: String) -> Credentials {
        Credentials { user, password }
    }

    /// From `DEBRIEF_TAXII_USER` and `DEBRIEF_TAXII_PASSWORD`, else the
    /// netrc file's entry for `host`; `None` when neither has any.
    pub fn find(host: &str) -> Result<Option<Credentials>, String> {
        let user = std::env::var("DEBRIEF_TAXII_USER").ok();
        let password = std::env::var("DEBRIEF_TAXII_PASSWORD").ok();
        match (user, password) {
            (Some(u), Some(p)) => return Ok(Some(Credentials::new(u, p))),
            (Some(_), None) | (None, Some(_)) => {
                return Err(
                    "set both DEBRIEF_TAXII_USER and DEBRIEF_TAXII_PASSWORD, or neither".into(),
                );
            }
            (None, None) => {}
        }
        let path = match std::env::var_os("DEBRIEF_TAXII_NETRC") {
            Some(p) => Some(std::path::PathBuf::from(p)),
            None => dirs::home_dir().map(|h| h.join(".netrc")),
        };
        let Some(path) = path else { return Ok(None) };
        let Ok(text) = std::fs::read_to_string(&path) else {
            return Ok(None);
        };
        Ok(netrc(&text, host))
    }
}

/// The login and password a netrc text gives `host` (`machine HOST login U
/// password P`, or `default login U password P`).
pub fn netrc(text: &str, host: &str) -> Option<Credentials> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut found: Option<Credentials> = None;
    let mut default: Option<Credentials> = None;
    let mut i = 0;
    while i < words.len() {
        let (is_default, start) = match words[i] {
            "machine" if words.get(i + 1) == Some(&host) => (false, i + 2),
            "default" => (true, i + 1),
            _ => {
                i += 1;
                continue;
            }
        };
        let (mut login, mut password) = (None, None);
        let mut j = start;
        while j + 1 < words.len() && !matches!(words[j], "machine" | "default") {
            match words[j] {
                "login" => login = Some(words[j + 1]),
                "password" => password = Some(words[j + 1]),
                _ => {}
            }
            j += 2;
        }
        if let (Some(l), Some(p)) = (login, password) {
            let c = Credentials::new(l.to_owned(), p.to_owned());
            if is_default {
                default.get_or_insert(c);
            } else {
                found.get_or_insert(c);
            }
        }
        i = j.max(i + 1);
    }
    found.or(default)
}

/// Standard base64 with padding, for the basic authentication header.
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(ABC[((n >> (18 - 6 * k)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A TAXII server's error, in one line with its HTTP status: the TAXII
/// error message's `title` and `description` when it sent one.
pub fn error_words(status: u16, reason: &str, body: &[u8]) -> String {
    let v: Option<Value> = serde_json::from_slice(body).ok();
    let field = |k: &str| {
        v.as_ref()
            .and_then(|v| v.get(k))
            .and_then(Value::as_str)
            .map(text::one_line)
            .filter(|s| !s.is_empty())
    };
    let mut words = format!("the server answered {status} {reason}");
    match (field("title"), field("description")) {
        (Some(t), Some(d)) => words.push_str(&format!(": {t}: {d}")),
        (Some(t), None) | (None, Some(t)) => words.push_str(&format!(": {t}")),
        (None, None) => {
            let raw = String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned();
            let raw = text::one_line(&raw);
            // A page of HTML (a proxy's, a framework's) says no more than its status.
            if !raw.trim().is_empty() && v.is_none() && !raw.trim_start().starts_with('<') {
                words.push_str(&format!(": {}", raw.trim()));
            }
        }
    }
    let hint = match status {
        401 => "; set DEBRIEF_TAXII_USER and DEBRIEF_TAXII_PASSWORD, or a netrc entry for the host",
        403 => "; the account may not read or write this collection",
        404 => "; check the API root URL and the collection id",
        406 | 415 => "; the server does not speak TAXII 2.1",
        413 => "; the bundle is larger than the server takes",
        _ => "",
    };
    words.push_str(hint);
    words
}

/// Is this path segment safe in a URL as it is (a collection id)?
fn is_segment(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'))
        && s != "."
        && s != ".."
}

/// The host of an `http(s)://` URL, for the netrc.
pub fn host_of(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next()?,
        None => host.split(':').next()?,
    };
    (!host.is_empty()).then_some(host)
}

fn is_loopback(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "::1") || host.starts_with("127.")
}

/// What the server says of an add: counts and the objects it refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub status: String,
    pub total: u64,
    pub success: u64,
    pub failure: u64,
    pub pending: u64,
    /// Each refused object and the server's reason.
    pub failures: Vec<String>,
}

impl Status {
    pub fn read(v: &Value) -> Status {
        let n = |k: &str| v.get(k).and_then(Value::as_u64).unwrap_or(0);
        let failures = v
            .get("failures")
            .and_then(Value::as_array)
            .map(|l| {
                l.iter()
                    .map(|f| {
                        let id = f.get("id").and_then(Value::as_str).unwrap_or("?");
                        let why = f
                            .get("message")
                            .and_then(Value::as_str)
                            .unwrap_or("refused");
                        text::one_line(&format!("{id}: {why}"))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Status {
            status: v
                .get("status")
                .and_then(Value::as_str)
                .map(text::one_line)
                .unwrap_or_default(),
            total: n("total_count"),
            success: n("success_count"),
            failure: n("failure_count"),
            pending: n("pending_count"),
            failures,
        }
    }
}

/// One page of a collection's objects, as the envelope says.
#[derive(Debug, Default)]
pub struct Page {
    pub objects: Vec<Value>,
    pub more: bool,
    pub next: Option<String>,
}

impl Page {
    pub fn read(v: &Value) -> Page {
        Page {
            objects: v
                .get("objects")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            more: v.get("more").and_then(Value::as_bool).unwrap_or(false),
            next: v
                .get("next")
                .and_then(Value::as_str)
                .filter(|n| !n.is_empty())
                .map(str::to_owned),
        }
    }
}

/// A TAXII 2.1 API root.
pub struct Client {
    agent: ureq::Agent,
    root: String,
    auth: Option<String>,
}

impl Client {
    /// A client of the API root at `url`. Credentials go over TLS only,
    /// or to this machine.
    pub fn new(url: &str, credentials: Option<Credentials>) -> Result<Client, String> {
        let Some(host) = host_of(url) else {
            return Err(format!(
                "“{}” is not an http:// or https:// URL of a TAXII API root",
                text::one_line(url)
            ));
        };
        if credentials.is_some() && url.starts_with("http://") && !is_loopback(host) {
            return Err(
                "will not send credentials over plain http to another machine; use https://".into(),
            );
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(TIMEOUT))
            .user_agent(concat!("debrief/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        let mut root = url.to_owned();
        if !root.ends_with('/') {
            root.push('/');
        }
        let auth = credentials.map(|c| {
            format!(
                "Basic {}",
                base64(format!("{}:{}", c.user, c.password).as_bytes())
            )
        });
        Ok(Client { agent, root, auth })
    }

    fn collection_url(&self, collection: &str, rest: &str) -> Result<String, String> {
        if !is_segment(collection) {
            return Err(format!(
                "“{}” is not a collection id (letters, digits, - _ . ~)",
                text::one_line(collection)
            ));
        }
        Ok(format!("{}collections/{collection}/{rest}", self.root))
    }

    /// One request; the answer's JSON and its headers of interest.
    fn send(
        &self,
        method: &str,
        url: &str,
        query: &[(&str, &str)],
        body: Option<Vec<u8>>,
    ) -> Result<(Value, Option<String>), String> {
        let what = |e: ureq::Error| {
            format!(
                "cannot reach {}: {}",
                text::one_line(&self.root),
                text::one_line(&e.to_string())
            )
        };
        let response = match (method, body) {
            ("POST", Some(body)) => {
                let mut r = self
                    .agent
                    .post(url)
                    .header("Accept", MEDIA_TYPE)
                    .header("Content-Type", MEDIA_TYPE);
                if let Some(a) = &self.auth {
                    r = r.header("Authorization", a);
                }
                for (k, v) in query {
                    r = r.query(*k, *v);
                }
                r.send(&body[..]).map_err(what)?
            }
            _ => {
                let mut r = self.agent.get(url).header("Accept", MEDIA_TYPE);
                if let Some(a) = &self.auth {
                    r = r.header("Authorization", a);
                }
                for (k, v) in query {
                    r = r.query(*k, *v);
                }
                r.call().map_err(what)?
            }
        };
        let status = response.status();
        let last_added = response
            .headers()
            .get("X-TAXII-Date-Added-Last")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = response
            .into_body()
            .with_config()
            .limit(MAX_RESPONSE_BYTES)
            .read_to_vec()
            .map_err(|e| {
                format!(
                    "the server's answer could not be read: {}",
                    text::one_line(&e.to_string())
                )
            })?;
        if !status.is_success() {
            return Err(error_words(
                status.as_u16(),
                status.canonical_reason().unwrap_or(""),
                &bytes,
            ));
        }
        if bytes.is_empty() {
            return Ok((Value::Null, last_added));
        }
        let v = serde_json::from_slice(&bytes).map_err(|e| {
            format!(
                "the server's answer ({} {}) is not JSON: {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or(""),
                text::one_line(&e.to_string())
            )
        })?;
        Ok((v, last_added))
    }

    /// Adds a bundle's objects to a collection and waits until the server
    /// says it has dealt with them all.
    pub fn add(&self, collection: &str, bundle: &Value) -> Result<Status, String> {
        let url = self.collection_url(collection, "objects/")?;
        let envelope = json!({"objects": bundle.get("objects").cloned().unwrap_or(json!([]))});
        let body = serde_json::to_vec(&envelope).map_err(|e| e.to_string())?;
        let (v, _) = self.send("POST", &url, &[], Some(body))?;
        let mut status = Status::read(&v);
        let id = v.get("id").and_then(Value::as_str).map(str::to_owned);
        let mut polls = 0;
        while status.status != "complete" {
            let Some(id) = &id else {
                return Err("the server's status has no id to ask after".into());
            };
            if !is_segment(id) {
                return Err("the server's status id is not one debrief will put in a URL".into());
            }
            polls += 1;
            if polls > POLLS {
                return Err(format!(
                    "the server had not finished after {} s: {} of {} done; ask it later for status {id}",
                    POLLS as u64 * POLL_EVERY.as_millis() as u64 / 1000,
                    status.success + status.failure,
                    status.total
                ));
            }
            std::thread::sleep(POLL_EVERY);
            let (v, _) = self.send("GET", &format!("{}status/{id}/", self.root), &[], None)?;
            status = Status::read(&v);
        }
        Ok(status)
    }

    /// Every object of a collection (added after `added_after`, a STIX
    /// timestamp, when given), following the pages.
    pub fn objects(
        &self,
        collection: &str,
        added_after: Option<&str>,
    ) -> Result<Vec<Value>, String> {
        let url = self.collection_url(collection, "objects/")?;
        let mut out: Vec<Value> = Vec::new();
        let mut next: Option<String> = None;
        let mut after: Option<String> = added_after.map(str::to_owned);
        for _ in 0..MAX_PAGES {
            // Asked for on every page: servers cap it at their own page
            // size, and medallion refuses a `next` without one.
            let mut query: Vec<(&str, &str)> = vec![("limit", PAGE_LIMIT)];
            if let Some(n) = &next {
                query.push(("next", n));
            }
            if let Some(a) = &after {
                query.push(("added_after", a));
            }
            let (v, last) = self.send("GET", &url, &query, None)?;
            let page = Page::read(&v);
            out.extend(page.objects);
            if out.len() > MAX_OBJECTS {
                return Err(format!(
                    "the collection has more than {} objects; fetch fewer with --added-after",
                    text::thousands(MAX_OBJECTS)
                ));
            }
            if !page.more {
                return Ok(out);
            }
            match (page.next, last) {
                (Some(n), _) => next = Some(n),
                // TAXII 2.1 also pages by date: on from the last one added.
                (None, Some(last)) if after.as_deref() != Some(&last) => {
                    next = None;
                    after = Some(last);
                }
                _ => {
                    return Err(
                        "the server says there is more but gives no way to ask for it".into(),
                    );
                }
            }
        }
        Err(format!("the server kept paging past {MAX_PAGES} pages"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_the_standard_alphabet_with_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"analyst:s3cret"), "YW5hbHlzdDpzM2NyZXQ=");
    }

    #[test]
    fn netrc_finds_the_host_before_the_default() {
        let text = "default login anon password x\nmachine taxii.example.org\n  login analyst\n  password s3cret\nmachine other login o password p";
        let c = netrc(text, "taxii.example.org").expect("found");
        assert_eq!(c.user, "analyst");
        assert_eq!(c.password, "s3cret");
        assert_eq!(netrc(text, "nowhere").expect("default").user, "anon");
        assert_eq!(netrc("machine a login u", "a"), None);
    }

    #[test]
    fn the_password_is_never_in_debug_output() {
        let c = Credentials::new("analyst".into(), "s3cret".into());
        let shown = format!("{c:?}");
        assert!(
            shown.contains("analyst") && !shown.contains("s3cret"),
            "{shown}"
        );
    }

    #[test]
    fn server_errors_are_words_with_the_status() {
        let body =
            br#"{"title": "Unauthorized", "description": "bad credentials", "http_status": "401"}"#;
        assert_eq!(
            error_words(401, "Unauthorized", body),
            "the server answered 401 Unauthorized: Unauthorized: bad credentials; set DEBRIEF_TAXII_USER and DEBRIEF_TAXII_PASSWORD, or a netrc entry for the host"
        );
        assert_eq!(
            error_words(502, "Bad Gateway", b"<html>down</html>"),
            "the server answered 502 Bad Gateway"
        );
        let plain = error_words(500, "Internal Server Error", b"oops \x1b[31m broken");
        assert!(
            plain.starts_with("the server answered 500 Internal Server Error: oops"),
            "{plain}"
        );
        assert!(!plain.contains('\x1b'));
    }

    #[test]
    fn hosts_urls_and_segments() {
        assert_eq!(
            host_of("https://taxii.example.org/api1/"),
            Some("taxii.example.org")
        );
        assert_eq!(host_of("http://127.0.0.1:5000/api1/"), Some("127.0.0.1"));
        assert_eq!(host_of("http://u@[::1]:80/"), Some("::1"));
        assert_eq!(host_of("ftp://x/"), None);
        assert!(is_segment("91a7b528-80eb-42ed-a74d-c6fbd5a26116"));
        assert!(!is_segment("../status"));
        assert!(!is_segment("a/b"));
        assert!(
            Client::new(
                "http://taxii.example.org/api1/",
                Some(Credentials::new("u".into(), "p".into()))
            )
            .is_err(),
            "no credentials over plain http to another machine"
        );
        assert!(Client::new("http://127.0.0.1:1/api1", None).is_ok());
    }

    #[test]
    fn envelopes_and_statuses_are_read_without_trusting_them() {
        let p = Page::read(&json!({"more": true, "next": "abc", "objects": [{"id": "x"}]}));
        assert!(p.more);
        assert_eq!(p.next.as_deref(), Some("abc"));
        assert_eq!(p.objects.len(), 1);
        let p = Page::read(&json!({"more": "yes", "objects": "none"}));
        assert!(!p.more && p.objects.is_empty());
        let s = Status::read(
            &json!({"status": "complete", "total_count": 3, "success_count": 2,
            "failure_count": 1, "failures": [{"id": "note--1", "message": "Unable to process object"}]}),
        );
        assert_eq!((s.total, s.success, s.failure), (3, 2, 1));
        assert_eq!(s.failures, ["note--1: Unable to process object"]);
    }
}
