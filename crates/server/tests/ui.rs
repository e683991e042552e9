//! The web UI over HTTP: sign-in and its cookie, CSRF, escaping, the queue and decisions.

mod common;
mod ui_support;

use std::collections::HashMap;

use common::synthetic;
use namesake_index::Index;
use namesake_model::{Entity, ListInfo, Name, NameKind, Schema};
use serde_json::json;
use ui_support::*;

const SCRIPT: &str = "<script>alert(1)</script>";

/// A client that keeps cookies by hand (so the test sees every Set-Cookie) and does not follow
/// redirects.
struct Agent {
    base: String,
    http: reqwest::Client,
    cookies: HashMap<String, String>,
    /// Sent as `Accept-Language` with every request.
    accept_language: Option<&'static str>,
}

struct Page {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: String,
}

impl Page {
    fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
    /// The value of the first hidden `csrf` field.
    fn csrf(&self) -> String {
        let at = self
            .body
            .find("name=\"csrf\" value=\"")
            .unwrap_or_else(|| panic!("no csrf field in {}", self.body));
        let rest = &self.body[at + "name=\"csrf\" value=\"".len()..];
        rest[..rest.find('"').unwrap()].to_string()
    }
    fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect()
    }
}

impl Agent {
    fn new(base: &str) -> Agent {
        Agent {
            base: base.to_string(),
            http: {
                ui_support::install_crypto();
                reqwest::Client::builder()
            }
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
            cookies: HashMap::new(),
            accept_language: None,
        }
    }

    async fn send(&mut self, rb: reqwest::RequestBuilder) -> Page {
        let jar: Vec<String> = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let rb = if jar.is_empty() {
            rb
        } else {
            rb.header("cookie", jar.join("; "))
        };
        let rb = match self.accept_language {
            Some(l) => rb.header("accept-language", l),
            None => rb,
        };
        let resp = rb.send().await.unwrap();
        let page = Page {
            status: resp.status().as_u16(),
            headers: resp.headers().clone(),
            body: resp.text().await.unwrap(),
        };
        for c in page.set_cookies() {
            let first = c.split(';').next().unwrap();
            let (k, v) = first.split_once('=').unwrap();
            if v.is_empty() || c.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_string(), v.to_string());
            }
        }
        page
    }

    async fn get(&mut self, path: &str) -> Page {
        let rb = self.http.get(format!("{}{path}", self.base));
        self.send(rb).await
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let body = serde_urlencoded::to_string(form).unwrap();
        let rb = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        self.send(rb).await
    }

    /// Opens the sign-in form and posts `key` with its token.
    async fn sign_in(&mut self, key: &str) -> Page {
        let form = self.get("/ui/login").await;
        assert_eq!(form.status, 200);
        let csrf = form.csrf();
        self.post("/ui/login", &[("csrf", &csrf), ("key", key)])
            .await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_screen_key_cannot_sign_in_and_a_wrong_key_neither() {
    let srv = start(synthetic(0), false).await;
    let mut a = Agent::new(&srv.base);
    let page = a.sign_in(BOT_KEY).await;
    assert_eq!(page.status, 403, "{}", page.body);
    assert!(page.body.contains("screen role"), "{}", page.body);
    assert!(!a.cookies.contains_key("namesake_session"));
    let page = a.sign_in("not-a-key-at-all-0123456789").await;
    assert_eq!(page.status, 401);
    assert!(!a.cookies.contains_key("namesake_session"));
    let page = a.get("/ui/queue").await;
    assert_eq!(
        page.status, 303,
        "no session: the queue sends to the sign-in form"
    );
    assert_eq!(page.location(), "/ui/login");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_cookie_is_httponly_strict_expiring_and_secure_under_tls() {
    let srv = start(synthetic(0), false).await;
    let mut a = Agent::new(&srv.base);
    let page = a.sign_in(AYSE_KEY).await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(page.location(), "/ui/queue");
    let cookie = page
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("namesake_session="))
        .expect("a session cookie");
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/ui", "Max-Age=28800"] {
        assert!(cookie.contains(flag), "{flag} missing: {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");
    // Behind a TLS-terminating proxy the cookie is Secure.
    let mut b = Agent::new(&srv.base);
    let form = b.get("/ui/login").await;
    let csrf = form.csrf();
    let body = serde_urlencoded::to_string([("csrf", csrf.as_str()), ("key", AYSE_KEY)]).unwrap();
    let rb = b
        .http
        .post(format!("{}/ui/login", srv.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-forwarded-proto", "https")
        .body(body);
    let page = b.send(rb).await;
    assert!(
        page.set_cookies()
            .iter()
            .any(|c| c.starts_with("namesake_session=") && c.contains("; Secure")),
        "{:?}",
        page.set_cookies()
    );
    let queue = a.get("/ui/queue").await;
    assert_eq!(queue.status, 200);
    assert!(queue.body.contains("Signed in as <strong>ayse</strong>"));
    let csp = queue.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_without_its_csrf_token_is_refused() {
    let srv = start(synthetic(0), false).await;
    screen(
        &srv.base,
        json!({"id": "C-1", "name": "Abdul Rahman Yasin Qaderi"}),
    )
    .await;
    // Sign-in without the form's token.
    let mut a = Agent::new(&srv.base);
    let p = a.post("/ui/login", &[("key", AYSE_KEY)]).await;
    assert_eq!(p.status, 403, "{}", p.body);
    assert_eq!(a.sign_in(AYSE_KEY).await.status, 303);
    let decide = [
        ("subject", "id:C-1"),
        ("entity", "un:QDi.900"),
        ("verdict", "false_positive"),
        ("reason", "different person"),
    ];
    let p = a.post("/ui/alert/decide", &decide).await;
    assert_eq!(p.status, 403, "no token: {}", p.body);
    let mut wrong = decide.to_vec();
    wrong.push(("csrf", "0000"));
    assert_eq!(a.post("/ui/alert/decide", &wrong).await.status, 403);
    assert_eq!(a.post("/ui/logout", &[]).await.status, 403);
    assert!(
        srv.store.decision_log().unwrap().is_empty(),
        "nothing recorded"
    );
}

fn index_with_a_script_name() -> Index {
    let mut e = Entity::new("un", "QDi.666", Schema::Person);
    e.names.push(Name::new(
        format!("Zorbek {SCRIPT} Tashkentov"),
        NameKind::Primary,
    ));
    let info = ListInfo {
        code: "un".into(),
        name: "UN".into(),
        format: "test".into(),
        published: None,
    };
    Index::build(vec![(info, vec![e])])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_script_in_a_listed_name_or_a_subject_shows_as_text() {
    let srv = start(index_with_a_script_name(), false).await;
    let v = screen(
        &srv.base,
        json!({"id": "X-1", "name": format!("Zorbek Tashkentov {SCRIPT}")}),
    )
    .await;
    assert!(!v["hits"].as_array().unwrap().is_empty(), "{v}");
    let mut a = Agent::new(&srv.base);
    a.sign_in(AYSE_KEY).await;
    let queue = a.get("/ui/queue").await;
    let alert = a
        .get("/ui/alert?subject=id%3AX-1&entity=un%3AQDi.666")
        .await;
    assert_eq!(alert.status, 200, "{}", alert.body);
    for page in [&queue, &alert] {
        assert!(!page.body.contains(SCRIPT), "unescaped: {}", page.body);
        assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }
    assert!(
        queue.body.contains("Zorbek Tashkentov &lt;script&gt;"),
        "the subject"
    );
    assert!(alert.body.contains("Zorbek"), "the listed name");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_false_positive_leaves_the_queue_and_is_suppressed_on_the_next_screening() {
    let srv = start(synthetic(0), false).await;
    let subjects = json!({"subjects": [
        {"id": "C-1", "name": "Abdul Rahman Yasin Qaderi"},
        {"id": "C-2", "name": "OCEAN STAR GLORY", "schema": "vessel"},
    ]});
    screen(&srv.base, subjects.clone()).await;
    let mut a = Agent::new(&srv.base);
    a.sign_in(AYSE_KEY).await;
    let queue = a.get("/ui/queue").await;
    assert!(
        queue.body.contains("Open: <span class=\"n\">2</span>"),
        "{}",
        queue.body
    );
    let alert = a
        .get("/ui/alert?subject=id%3AC-1&entity=un%3AQDi.900")
        .await;
    assert_eq!(alert.status, 200);
    assert!(
        alert.body.contains("<mark>"),
        "aligned tokens are highlighted"
    );
    let csrf = alert.csrf();
    let no_reason = a
        .post(
            "/ui/alert/decide",
            &[
                ("csrf", &csrf),
                ("subject", "id:C-1"),
                ("entity", "un:QDi.900"),
                ("verdict", "false_positive"),
                ("reason", " "),
            ],
        )
        .await;
    assert_eq!(no_reason.status, 422, "a reason is required");
    let done = a
        .post(
            "/ui/alert/decide",
            &[
                ("csrf", &csrf),
                ("subject", "id:C-1"),
                ("entity", "un:QDi.900"),
                ("verdict", "false_positive"),
                ("reason", "born 1990, not 1962"),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    let log = srv.store.decision_log().unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].by.as_str(), log[0].verdict.as_str()),
        ("ayse", "false_positive")
    );
    let queue = a.get("/ui/queue").await;
    assert!(
        queue.body.contains("Open: <span class=\"n\">1</span>"),
        "{}",
        queue.body
    );
    assert!(queue.body.contains("Decided: <span class=\"n\">1</span>"));
    let again = screen(
        &srv.base,
        json!({"id": "C-1", "name": "Abdul Rahman Yasin Qaderi"}),
    )
    .await;
    assert_eq!(again["hits"].as_array().unwrap().len(), 0, "{again}");
    assert_eq!(again["suppressed"], 1, "{again}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_eyes_a_true_match_needs_a_second_reviewer_and_sign_out_ends_the_session() {
    let srv = start(synthetic(0), true).await;
    screen(
        &srv.base,
        json!({"id": "C-7", "name": "Vladislav Petrovich Kornilenko"}),
    )
    .await;
    let path = "/ui/alert?subject=id%3AC-7&entity=ofac%3A7001";
    let decide = |csrf: String| {
        vec![
            ("csrf".to_string(), csrf),
            ("subject".into(), "id:C-7".into()),
            ("entity".into(), "ofac:7001".into()),
            ("verdict".into(), "true_match".into()),
            ("reason".into(), "passport copy matches".into()),
        ]
    };
    let mut ayse = Agent::new(&srv.base);
    ayse.sign_in(AYSE_KEY).await;
    let csrf = ayse.get(path).await.csrf();
    let form = decide(csrf);
    let refs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let first = ayse.post("/ui/alert/decide", &refs).await;
    assert_eq!(first.location(), "/ui/queue?done=awaiting_second");
    let again = ayse.post("/ui/alert/decide", &refs).await;
    assert_eq!(again.status, 422, "the same reviewer cannot confirm");
    assert!(again.body.contains("another reviewer"), "{}", again.body);
    let mut bora = Agent::new(&srv.base);
    bora.sign_in(BORA_KEY).await;
    let page = bora.get(path).await;
    assert!(page.body.contains("Awaiting second reviewer"));
    let form = decide(page.csrf());
    let refs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let second = bora.post("/ui/alert/decide", &refs).await;
    assert_eq!(second.location(), "/ui/queue?done=true_match");
    let by: Vec<String> = srv
        .store
        .decision_log()
        .unwrap()
        .into_iter()
        .map(|d| d.by)
        .collect();
    assert_eq!(by, ["ayse", "bora"]);
    let decided = bora.get("/ui/queue?state=decided").await;
    assert!(decided.body.contains("Kornilenko"));
    // Sign out: the old cookie no longer opens anything.
    let old = bora.cookies.clone();
    let csrf = decided.csrf();
    let out = bora.post("/ui/logout", &[("csrf", &csrf)]).await;
    assert_eq!(out.location(), "/ui/login");
    bora.cookies = old;
    let refused = bora.get("/ui/queue").await;
    assert_eq!(refused.status, 303);
    assert_eq!(refused.location(), "/ui/login");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queue_filters_by_list_band_subject_and_pages() {
    let srv = start(synthetic(0), false).await;
    let subjects: Vec<serde_json::Value> = (0..60)
        .map(|i| json!({"id": format!("B-{i}"), "name": "Abdul Rahman Yasin Qaderi"}))
        .chain([json!({"id": "V-1", "name": "OCEAN STAR GLORY", "schema": "vessel"})])
        .collect();
    screen(&srv.base, json!({"subjects": subjects})).await;
    let mut a = Agent::new(&srv.base);
    a.sign_in(ADMIN_KEY).await;
    let first = a.get("/ui/queue").await;
    assert!(
        first.body.contains("Page 1 of 2 · 61 alerts"),
        "{}",
        first.body
    );
    let ofac = a.get("/ui/queue?list=ofac").await;
    assert!(ofac.body.contains("1 alerts") && ofac.body.contains("OCEAN STAR GLORY"));
    let subject = a.get("/ui/queue?subject=b-59").await;
    assert!(subject.body.contains("· 1 alerts"), "{}", subject.body);
    let possible = a.get("/ui/queue?band=possible").await;
    assert!(possible.body.contains("No alert matches these filters."));
    let future = a.get("/ui/queue?from=2999-01-01").await;
    assert!(future.body.contains("0 alerts"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_page_searches_verifies_and_exports_the_log() {
    let srv = start(index_with_a_script_name(), false).await;
    for (id, name) in [
        ("A-1", format!("Zorbek Tashkentov {SCRIPT}")),
        ("B-2", "Someone Else Entirely".to_string()),
    ] {
        screen(&srv.base, json!({"id": id, "name": name})).await;
    }
    let mut a = Agent::new(&srv.base);
    let refused = a.get("/ui/audit").await;
    assert_eq!(refused.status, 303, "signed out: {}", refused.body);
    a.sign_in(AYSE_KEY).await;

    let all = a.get("/ui/audit").await;
    assert_eq!(all.status, 200, "{}", all.body);
    assert!(all.body.contains("id:A-1") && all.body.contains("id:B-2"));
    assert!(!all.body.contains(SCRIPT), "unescaped: {}", all.body);
    assert!(
        !all.body.contains("id=\"chain\""),
        "not verified unless asked"
    );

    let found = a.get("/ui/audit?q=a-1").await;
    assert!(found.body.contains("id:A-1"), "{}", found.body);
    assert!(!found.body.contains("id:B-2"), "{}", found.body);

    let verified = a.get("/ui/audit?verify=1").await;
    assert!(
        verified.body.contains("Chain intact: 2 records checked"),
        "{}",
        verified.body
    );

    let csv = a.get("/ui/audit.csv").await;
    assert_eq!(csv.status, 200);
    assert!(csv.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let mut rows = csv::Reader::from_reader(csv.body.as_bytes());
    assert_eq!(
        rows.headers().unwrap().iter().collect::<Vec<_>>(),
        namesake_store::AUDIT_COLUMNS
    );
    let seqs: Vec<String> = rows.records().map(|r| r.unwrap()[0].to_string()).collect();
    assert_eq!(seqs, ["2", "1"], "newest first, every record");
}

/// The `href` of the first link with class `alert-link`, decoded from the page's HTML.
fn alert_link(body: &str) -> String {
    let at = body
        .find("class=\"alert-link\" href=\"")
        .unwrap_or_else(|| panic!("no alert link in {body}"));
    let rest = &body[at + "class=\"alert-link\" href=\"".len()..];
    rest[..rest.find('"').unwrap()].replace("&amp;", "&")
}

fn screen_path(path: &str, form: &[(&str, &str)]) -> String {
    format!("{path}?{}", serde_urlencoded::to_string(form).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_screen_page_screens_as_you_type_audits_like_the_api_and_honours_decisions() {
    let srv = start(synthetic(0), false).await;
    let listed = [
        ("name", "Abdul Rahman Yasin Qaderi"),
        ("dob", "1962"),
        ("type", "person"),
    ];
    let mut a = Agent::new(&srv.base);
    for path in ["/ui/screen", "/ui/screen/results"] {
        let refused = a.get(&screen_path(path, &listed)).await;
        assert_eq!(refused.status, 303, "signed out: {}", refused.body);
        assert_eq!(refused.location(), "/ui/login");
    }
    a.sign_in(AYSE_KEY).await;

    let empty = a.get("/ui/screen").await;
    assert_eq!(empty.status, 200, "{}", empty.body);
    assert!(empty.body.contains("id=\"screen-form\""), "{}", empty.body);
    assert!(empty.body.contains("src=\"/ui/assets/screen.js\""));
    assert!(empty.body.contains("id=\"hint\""), "no name, no screening");

    // Without the script: the form's GET shows the hits in the page.
    let page = a.get(&screen_path("/ui/screen", &listed)).await;
    assert_eq!(page.status, 200, "{}", page.body);
    for wanted in [
        "un:QDi.900",
        "1 hit for “Abdul Rahman Yasin Qaderi”",
        "Matched name",
        "Subject token",
        "<mark>",
        "UN Security Council",
        "<span class=\"band band-strong\">strong</span>",
    ] {
        assert!(
            page.body.contains(wanted),
            "{wanted} missing: {}",
            page.body
        );
    }
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("connect-src 'self'") && !csp.contains("unsafe-inline"),
        "the script may fetch from this site only, and nothing inline runs: {csp}"
    );
    // With it: the results list alone, for the script to put in place.
    let fragment = a.get(&screen_path("/ui/screen/results", &listed)).await;
    assert_eq!(fragment.status, 200, "{}", fragment.body);
    assert!(fragment.body.contains("un:QDi.900"), "{}", fragment.body);
    assert!(
        !fragment.body.contains("<html"),
        "a fragment: {}",
        fragment.body
    );
    let js = a.get("/ui/assets/screen.js").await;
    assert_eq!(js.status, 200);
    assert!(js.body.contains("/ui/screen/results"));

    // Both screenings are in the audit log as API screenings, under the analyst's name.
    let records = srv.store.audit_records(0, 10).unwrap();
    assert_eq!(records.len(), 2, "{records:?}");
    for r in &records {
        assert_eq!((r.who.as_str(), r.kind.as_str()), ("ayse", "api"));
        let subject: serde_json::Value = serde_json::from_str(&r.subject).unwrap();
        assert_eq!(subject["endpoint"], "/ui/screen", "{subject}");
        assert_eq!(subject["subject"]["name"], "Abdul Rahman Yasin Qaderi");
        assert_eq!(subject["subject"]["birth_date"], "1962");
        assert!(r.hits.contains("un:QDi.900"), "{}", r.hits);
    }

    // The hit's link opens its alert; a false positive there leaves it out of the next screening.
    let alert = a.get(&alert_link(&page.body)).await;
    assert_eq!(alert.status, 200, "{}", alert.body);
    let subject = records[0].subject.clone();
    let key: serde_json::Value = serde_json::from_str(&subject).unwrap();
    let key = key["subject_key"].as_str().unwrap().to_string();
    let done = a
        .post(
            "/ui/alert/decide",
            &[
                ("csrf", &alert.csrf()),
                ("subject", &key),
                ("entity", "un:QDi.900"),
                ("verdict", "false_positive"),
                ("reason", "a namesake born elsewhere"),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    let again = a.get(&screen_path("/ui/screen/results", &listed)).await;
    assert!(
        again.body.contains("No hit at or above 0.70")
            && again
                .body
                .contains("1 hit left out: decided false positive"),
        "{}",
        again.body
    );
    let screenings = || {
        let all = srv.store.audit_records(0, 100).unwrap();
        all.into_iter()
            .filter(|r| r.kind == "api")
            .collect::<Vec<_>>()
    };
    let last = screenings().pop().unwrap();
    assert_eq!(last.who, "ayse");
    assert!(last.hits.contains("\"suppressed\":true"), "{}", last.hits);

    // A date that cannot be read is refused, as the API refuses it: nothing screened or recorded.
    let bad = a
        .get(&screen_path(
            "/ui/screen/results",
            &[("name", "Abdul Rahman"), ("dob", "1962-13-45")],
        ))
        .await;
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert!(bad.body.contains("Date of birth:"), "{}", bad.body);
    assert_eq!(screenings().len(), 3, "the refused one is not recorded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_script_in_a_screened_or_listed_name_shows_as_text_on_the_screen_page() {
    let srv = start(index_with_a_script_name(), false).await;
    let mut a = Agent::new(&srv.base);
    a.sign_in(AYSE_KEY).await;
    let typed = format!("Zorbek Tashkentov {SCRIPT}");
    for path in ["/ui/screen", "/ui/screen/results"] {
        let p = a.get(&screen_path(path, &[("name", &typed)])).await;
        assert_eq!(p.status, 200, "{}", p.body);
        assert!(p.body.contains("un:QDi.666"), "the hit: {}", p.body);
        assert!(!p.body.contains(SCRIPT), "unescaped: {}", p.body);
        assert!(
            p.body
                .contains("Zorbek Tashkentov &lt;script&gt;alert(1)&lt;/script&gt;"),
            "the name typed, as text: {}",
            p.body
        );
        assert!(
            p.body
                .contains("Zorbek &lt;script&gt;alert(1)&lt;/script&gt; Tashkentov"),
            "the listed name, as text: {}",
            p.body
        );
    }
}

/// An audit log that cannot be written.
struct BrokenLog;

impl namesake_screening::AuditSink for BrokenLog {
    fn append(&self, _: &[namesake_store::AuditEntry]) -> Result<(), namesake_screening::Error> {
        Err(namesake_screening::Error::Store("disk full".into()))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_screening_from_the_screen_page_that_cannot_be_audited_shows_no_hit() {
    let server = namesake_server::Server::new(namesake_server::ServerOptions {
        keys: keys(),
        audit: Some(std::sync::Arc::new(BrokenLog)),
        ..Default::default()
    })
    .unwrap();
    server.set_index(synthetic(0));
    let base = serve(&server).await;
    let mut a = Agent::new(&base);
    a.sign_in(AYSE_KEY).await;
    let p = a
        .get(&screen_path(
            "/ui/screen/results",
            &[("name", "Abdul Rahman Yasin Qaderi")],
        ))
        .await;
    assert_eq!(p.status, 503, "{}", p.body);
    assert!(
        p.body.contains("the audit log cannot be written"),
        "{}",
        p.body
    );
    assert!(
        !p.body.contains("un:QDi.900"),
        "no result without a record: {}",
        p.body
    );
}

/// The `lang` attribute of a page's `<html>`.
fn html_lang(body: &str) -> &str {
    let at = body
        .find("<html lang=\"")
        .unwrap_or_else(|| panic!("no <html lang> in {body}"));
    let rest = &body[at + "<html lang=\"".len()..];
    &rest[..rest.find('"').unwrap()]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_turkish_browser_gets_turkish_pages() {
    let srv = start(synthetic(0), false).await;
    screen(
        &srv.base,
        json!({"id": "C-1", "name": "Abdul Rahman Yasin Qaderi"}),
    )
    .await;
    let mut a = Agent::new(&srv.base);
    a.accept_language = Some("tr-TR,tr;q=0.9,en-US;q=0.8,en;q=0.7");
    let login = a.get("/ui/login").await;
    assert_eq!(html_lang(&login.body), "tr");
    assert!(
        login.body.contains("Oturum aç") && login.body.contains("API anahtarı"),
        "{}",
        login.body
    );
    assert_eq!(a.sign_in(AYSE_KEY).await.status, 303);
    let queue = a.get("/ui/queue").await;
    assert_eq!(queue.status, 200, "{}", queue.body);
    assert_eq!(html_lang(&queue.body), "tr");
    for wanted in [
        "<h1>Alarm kuyruğu</h1>",
        "Açık: <span class=\"n\">1</span>",
        "Karara bağlandı: <span class=\"n\">0</span>",
        "<th>Listedeki kayıt</th>",
        "API taraması",
        "Sayfa 1 / 1 · 1 alarm",
        "<strong>ayse</strong> (inceleme)",
        "Oturumu kapat",
        "Denetim kaydı",
        ">güçlü</span>",
    ] {
        assert!(
            queue.body.contains(wanted),
            "{wanted} missing: {}",
            queue.body
        );
    }
    for english in ["Alert queue", "Sign out", "Listed entity", "Open:"] {
        assert!(!queue.body.contains(english), "{english} left in English");
    }
    assert!(
        queue.body.contains("Abdul Rahman Yasin Qaderi"),
        "data stays as it is"
    );
    let alert = a
        .get("/ui/alert?subject=id%3AC-1&entity=un%3AQDi.900")
        .await;
    assert_eq!(alert.status, 200, "{}", alert.body);
    for wanted in [
        "Neden eşleşti",
        "Gerçek eşleşme",
        "Yanlış pozitif",
        "Üst makama ilet",
        "Kararı kaydet",
        "Liste sürümü",
    ] {
        assert!(
            alert.body.contains(wanted),
            "{wanted} missing: {}",
            alert.body
        );
    }
    // A refusal is in Turkish too (no reason given), and the CSRF check holds.
    let refused = a
        .post(
            "/ui/alert/decide",
            &[
                ("csrf", &alert.csrf()),
                ("subject", "id:C-1"),
                ("entity", "un:QDi.900"),
                ("verdict", "false_positive"),
                ("reason", " "),
            ],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("Bir gerekçe yazın"),
        "{}",
        refused.body
    );
    let forged = a.post("/ui/alert/decide", &[("verdict", "escalate")]).await;
    assert_eq!(forged.status, 403);
    assert_eq!(html_lang(&forged.body), "tr");
    assert!(forged.body.contains("CSRF belirteci"), "{}", forged.body);
    let missing = a
        .get("/ui/alert?subject=id%3AC-9&entity=un%3AQDi.900")
        .await;
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Böyle bir alarm yok."),
        "{}",
        missing.body
    );
    assert!(srv.store.decision_log().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_is_the_default_and_the_switch_overrides_the_browser() {
    let srv = start(synthetic(0), false).await;
    let mut plain = Agent::new(&srv.base);
    plain.accept_language = Some("de-DE,fr;q=0.8");
    plain.sign_in(AYSE_KEY).await;
    let queue = plain.get("/ui/queue").await;
    assert_eq!(html_lang(&queue.body), "en");
    assert!(
        queue.body.contains("<h1>Alert queue</h1>"),
        "{}",
        queue.body
    );
    assert!(
        queue
            .body
            .contains("href=\"/ui/lang?to=tr&amp;back=%2Fui%2Fqueue\""),
        "the switch names this page: {}",
        queue.body
    );

    let mut a = Agent::new(&srv.base);
    a.accept_language = Some("tr");
    a.sign_in(AYSE_KEY).await;
    let back = "/ui/queue?state=all";
    let switched = a
        .get(&format!(
            "/ui/lang?to=en&back={}",
            back.replace('?', "%3F").replace('=', "%3D")
        ))
        .await;
    assert_eq!(switched.status, 303, "{}", switched.body);
    assert_eq!(switched.location(), back);
    let cookie = switched
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("namesake_lang="))
        .expect("the language cookie");
    for part in [
        "namesake_lang=en",
        "SameSite=Strict",
        "Path=/ui",
        "HttpOnly",
    ] {
        assert!(cookie.contains(part), "{part} missing: {cookie}");
    }
    let queue = a.get(back).await;
    assert_eq!(
        html_lang(&queue.body),
        "en",
        "the cookie wins over Accept-Language: tr"
    );
    assert!(queue.body.contains("Alert queue"));
    assert!(
        queue.body.contains("id=\"lang-tr\""),
        "a way back to Turkish"
    );
    // And back to Turkish; another site is never the way back.
    let again = a
        .get("/ui/lang?to=tr&back=https%3A%2F%2Fevil.example%2F")
        .await;
    assert_eq!(again.location(), "/ui/queue");
    let queue = a.get("/ui/queue").await;
    assert_eq!(html_lang(&queue.body), "tr");
    assert!(queue.body.contains("Alarm kuyruğu"));
    // The switch works before signing in too.
    let mut b = Agent::new(&srv.base);
    let p = b.get("/ui/lang?to=tr&back=%2Fui%2Flogin").await;
    assert_eq!(p.location(), "/ui/login");
    let login = b.get("/ui/login").await;
    assert_eq!(html_lang(&login.body), "tr");
    let csp = login.headers["content-security-policy"].to_str().unwrap();
    assert!(!csp.contains("unsafe-inline"), "{csp}");
}

fn listed_person(key: &str, name: &str) -> Entity {
    let mut e = Entity::new("un", key, Schema::Person);
    e.names.push(Name::new(name, NameKind::Primary));
    e
}

/// Imports `entities` as a new version of the UN list; returns the version's id.
fn import_un(store: &dyn namesake_store::Store, entities: &[Entity], hash: &str) -> i64 {
    let info = ListInfo {
        code: "un".into(),
        name: "UN".into(),
        format: "test".into(),
        published: None,
    };
    let imported = store
        .import_list(&namesake_store::NewList {
            list: "un",
            info: &info,
            entities,
            content_hash: hash,
            source: "test",
        })
        .unwrap();
    match imported {
        namesake_store::Imported::New { version, .. } => version.id,
        other => panic!("not a new version: {other:?}"),
    }
}

fn registered(id: &str, name: &str) -> namesake_store::Subject {
    let q = namesake_model::Query::name(name);
    namesake_store::Subject {
        key: namesake_store::subject_key(Some(id), &q),
        row_id: Some(id.into()),
        query: q,
    }
}

fn rescreen(store: &dyn namesake_store::Store) -> namesake_store::rescreen::RescreenReport {
    let opts = namesake_store::rescreen::RescreenOptions {
        threshold: 0.7,
        limit: 10,
        who: "nightly".into(),
        baseline: false,
    };
    namesake_store::rescreen::rescreen(store, &opts).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lists_page_shows_the_registered_subjects_an_update_touched() {
    let srv = start(synthetic(0), false).await;
    let store = srv.store.as_ref();
    let v1 = import_un(
        store,
        &[
            listed_person("1", "Ozgur Altun"),
            listed_person("2", "Viktor Petrenko"),
        ],
        "v1",
    );
    // Three customers, and 55 more with the name of a person the update will add.
    let mut subjects = vec![
        registered("C-1", "Özgür Altun"),
        registered("C-2", "Marguerite Delacroix-Fontaine"),
        registered("C-3", "Ahmad Karimzadeh"),
    ];
    subjects.extend((0..55).map(|i| registered(&format!("M-{i:02}"), "Marguerite Delacroix")));
    store
        .import_subjects(&subjects, "customers.csv", false)
        .unwrap();
    let first = rescreen(store);
    assert_eq!(
        first.alerts.len(),
        1,
        "C-1 against un:1: {:?}",
        first.alerts
    );

    // The update: un:1 gains a remark, un:2 gains an alias, un:3 is added.
    let mut changed_1 = listed_person("1", "Ozgur Altun");
    changed_1
        .remarks
        .push("Listed again with a new reference.".into());
    let mut changed_2 = listed_person("2", "Viktor Petrenko");
    changed_2
        .names
        .push(Name::new("Ahmad Karimzadeh", NameKind::Alias));
    let mut v2_entities = vec![
        changed_1,
        changed_2,
        listed_person("3", "Marguerite Delacroix Fontaine"),
    ];
    let v2 = import_un(store, &v2_entities, "v2");
    let mut a = Agent::new(&srv.base);
    a.sign_in(AYSE_KEY).await;
    let path = format!("/ui/lists?from={v1}&to={v2}");
    let before = a.get(&path).await;
    assert_eq!(before.status, 200, "{}", before.body);
    assert!(
        before
            .body
            .contains("have not been re-screened against this version yet"),
        "{}",
        before.body
    );

    let table = a.get("/ui/lists").await;
    assert!(
        table
            .body
            .contains("<span class=\"muted\">not re-screened yet</span>"),
        "{}",
        table.body
    );

    let second = rescreen(store);
    let mut touched: Vec<&str> = second
        .alerts
        .iter()
        .map(|a| a.subject_key.as_str())
        .collect();
    touched.dedup();
    assert_eq!(touched.len(), 58, "{:?}", second.alerts);
    let page = a.get(&path).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let body = &page.body;
    assert!(
        body.contains(
            "58 registered subjects: their re-screening against this version raised alerts"
        ),
        "{body}"
    );
    for wanted in [
        "href=\"/ui/subject?key=id%3AC-1\"",
        "href=\"/ui/subject?key=id%3AC-2\"",
        "href=\"/ui/subject?key=id%3AC-3\"",
        "href=\"/ui/alert?subject=id%3AC-3&amp;entity=un%3A2\"",
        "alert again (the entity changed)",
        "new alert",
        "id=\"touched-more\">and 8 more, not shown",
    ] {
        assert!(body.contains(wanted), "{wanted} missing: {body}");
    }
    let shown = body.matches("href=\"/ui/subject?key=").count();
    assert_eq!(shown, 50, "a huge update does not make a huge page");
    let table = a.get("/ui/lists").await;
    let count = format!(
        "<a href=\"/ui/lists?from={v1}&amp;to={v2}#touched\" class=\"touched-count\">58</a>"
    );
    assert!(
        table.body.contains(&count),
        "{count} missing: {}",
        table.body
    );
    // Only the version's update: the first version has no diff, and a later one that touched
    // nobody says so.
    v2_entities.push(listed_person("4", "Someone Unrelated Entirely"));
    let v3 = import_un(store, &v2_entities, "v3");
    rescreen(store);
    let later = a.get(&format!("/ui/lists?from={v2}&to={v3}")).await;
    assert!(
        later
            .body
            .contains("None: re-screening against this version raised no alert"),
        "{}",
        later.body
    );
    assert!(!later.body.contains("/ui/subject?key="), "{}", later.body);
    assert!(
        later
            .body
            .contains(&format!("to={v3}#touched\" class=\"touched-count\">0</a>")),
        "{}",
        later.body
    );
    // In Turkish too.
    a.accept_language = Some("tr");
    let tr = a.get(&path).await;
    assert!(
        tr.body
            .contains("Bu güncellemenin etkilediği kayıtlı taraflar")
            && tr.body.contains("58 kayıtlı taraf"),
        "{}",
        tr.body
    );
}
