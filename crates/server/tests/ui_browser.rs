//! The web UI end to end in real headless Chromium, driven over WebDriver (chromedriver):
//! sign in, open the queue, open an alert from a batch screening of the first rows of
//! `eval/positives_un_untreated.csv` (read and screened by the screening crate's batch, as
//! `namesake screen --input` does, into the store the server serves), mark it a false positive
//! (with the keyboard shortcut), see the open count fall and the hit suppressed on the next batch
//! screening, have a true match confirmed by a second reviewer (four-eyes rule), sign
//! out and be refused; sign in again and screen a listed name as you type; switch to Turkish.
//! Screenshots of each page go to `target/ui-screenshots/`.
//!
//! Needs Debian's `chromium` and `chromium-driver` (scripts/with-chromium.sh installs them) and
//! the shared data; without them the test fails under CI and skips elsewhere.

mod ui_support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, ClientBuilder, Locator};
use namesake_index::Index;
use namesake_screening::columns::Columns;
use namesake_screening::{
    stored_screener, BatchOutcome, BatchRow, BatchScreening, Options, UsedVersion,
};
use namesake_server::Loaded;
use namesake_store::{Imported, NewList};
use serde_json::json;
use ui_support::*;

/// The chromedriver process, stopped when dropped.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A program named by an environment variable, else found on the PATH.
fn program(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

async fn start_driver(exe: &Path) -> (Driver, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(exe)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", exe.display()));
    let driver = Driver(child);
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return (driver, url);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not listen on port {port}");
}

async fn browser(driver_url: &str, chromium: &Path, profile: &Path) -> Client {
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,800",
    ]
    .iter()
    .map(|a| a.to_string())
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect::<Vec<_>>();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({"args": args, "binary": chromium}),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(driver_url)
        .await
        .expect("a WebDriver session in headless Chromium")
}

/// Rows of the UN positives screened in each batch.
const BATCH_ROWS: usize = 8;

/// The first `n` rows of a customer file in CSV, read as `namesake screen --input` reads them:
/// the header's columns mapped by the screening crate's batch columns, each row with its line.
fn batch_rows(path: &Path, n: usize) -> Vec<BatchRow> {
    let mut rdr =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let cols = Columns::from_header(rdr.headers().unwrap()).unwrap();
    rdr.records()
        .take(n)
        .map(|rec| {
            let rec = rec.unwrap();
            let line = rec.position().map_or(0, |p| p.line() as usize);
            BatchRow::read(line, cols.subject_with(|i| rec.get(i)))
        })
        .collect()
}

/// A batch screening of `rows` from `file`, as `namesake screen --input` runs it: against the
/// store's lists and decisions (read afresh, as the command does), recorded in the store's audit
/// log with the origin `batch`, the store the server serves.
fn screen_batch(srv: &UiServer, file: &Path, rows: &[BatchRow]) -> BatchOutcome {
    let store = srv.store.as_ref();
    let screener = stored_screener(store)
        .unwrap()
        .expect("the UN list is imported");
    let source = file.display().to_string();
    let batch = BatchScreening {
        screener: &screener,
        options: &Options::default(),
        who: BATCH_USER,
        source: &source,
        audit: Some(store),
    };
    let outcome = batch.screen(rows).unwrap();
    assert_eq!(outcome.recorded, rows.len(), "every row is recorded");
    outcome
}

/// Who runs the batch screenings (an operator's account, as `namesake screen --by` names it).
const BATCH_USER: &str = "batch-ops";

struct Shots(PathBuf);

impl Shots {
    async fn take(&self, c: &Client, name: &str) {
        let png = c.screenshot().await.unwrap();
        std::fs::write(self.0.join(format!("{name}.png")), png).unwrap();
    }
}

/// The text of the first element matching `css`, waiting up to 10 s for it. An element found
/// just before the page is replaced goes stale: it is looked up again.
async fn text(c: &Client, css: &str) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let found = c
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css}: {e}"));
        match found.text().await {
            Ok(t) => return t,
            Err(e) if std::time::Instant::now() < deadline => {
                eprintln!("{css}: {e}; looking again");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(e) => panic!("{css}: {e}"),
        }
    }
}

/// The "From" column of the queue page open in `c`, row by row.
async fn origins(c: &Client) -> Vec<String> {
    text(c, "#queue tbody").await;
    let mut out = Vec::new();
    for cell in c
        .find_all(Locator::Css("#queue tbody td:nth-child(6)"))
        .await
        .unwrap()
    {
        out.push(cell.text().await.unwrap());
    }
    out
}

async fn open_count(c: &Client) -> usize {
    text(c, "#count-open .n").await.trim().parse().unwrap()
}

async fn sign_in(c: &Client, base: &str, key: &str) {
    c.goto(&format!("{base}/ui/login")).await.unwrap();
    c.find(Locator::Id("key"))
        .await
        .unwrap()
        .send_keys(key)
        .await
        .unwrap();
    c.find(Locator::Id("sign-in"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The signed-in pages carry the sign-out button; the login page does not.
    text(c, "#sign-out").await;
}

async fn sign_out(c: &Client) {
    c.find(Locator::Id("sign-out"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    text(c, "#sign-in").await;
}

async fn press(c: &Client, key: char) {
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    c.perform_actions(keys).await.unwrap();
}

/// Records the decision on the alert page open in `c`: the verdict chosen by its shortcut key.
async fn decide(c: &Client, key: char, reason: &str) {
    press(c, key).await;
    let reason_box = c.find(Locator::Id("reason")).await.unwrap();
    reason_box.send_keys(reason).await.unwrap();
    c.find(Locator::Id("record"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    text(c, ".flash").await;
}

/// The UN list imported into the store and put in service.
fn load_un(srv: &UiServer, path: &Path) {
    let parsed = namesake_sources::load(path).expect("the UN list parses");
    let info = parsed.info.clone();
    let new = NewList {
        list: &info.code,
        info: &info,
        entities: &parsed.entities,
        content_hash: "ui-browser-test",
        source: "un_sc_consolidated_2026-02-27.xml",
    };
    let version = match srv.store.import_list(&new).unwrap() {
        Imported::New { version, .. } | Imported::Unchanged(version) => version,
    };
    let index = Index::build(vec![(parsed.info, parsed.entities)]);
    srv.server.set_loaded(Loaded {
        index,
        versions: vec![UsedVersion::from_store(&version)],
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn analyst_reviews_alerts_in_headless_chromium() {
    let Some(un) = namesake_testdata::require_list("un_sc_consolidated_2026-02-27.xml") else {
        return;
    };
    let Some(csv) = namesake_testdata::require_file("eval/positives_un_untreated.csv") else {
        return;
    };
    let chromium = program("NAMESAKE_CHROMIUM", &["chromium", "chromium-browser"]);
    let driver = program("NAMESAKE_CHROMEDRIVER", &["chromedriver"]);
    let (Some(chromium), Some(driver_exe)) = (chromium, driver) else {
        namesake_testdata::skip("chromium and chromedriver (run under scripts/with-chromium.sh)");
        return;
    };
    let srv = start(Index::build(vec![]), true).await;
    load_un(&srv, &un);
    let rows = batch_rows(&csv, BATCH_ROWS);
    let batch = screen_batch(&srv, &csv, &rows);
    let alerted = batch.rows.iter().filter(|r| r.alerts()).count();
    assert!(alerted >= 2, "the UN positives raise alerts: {batch:?}");

    let shots = Shots(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/ui-screenshots"));
    std::fs::create_dir_all(&shots.0).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let (_driver, driver_url) = start_driver(&driver_exe).await;
    let c = browser(&driver_url, &chromium, profile.path()).await;
    let result = run_flow(&c, &srv, &shots, &csv).await;
    let _ = c.close().await;
    result.unwrap();
}

async fn run_flow(c: &Client, srv: &UiServer, shots: &Shots, csv: &Path) -> Result<(), String> {
    let base = &srv.base;
    c.goto(&format!("{base}/ui/login"))
        .await
        .map_err(|e| e.to_string())?;
    shots.take(c, "1-sign-in").await;
    sign_in(c, base, AYSE_KEY).await;
    let open_before = open_count(c).await;
    // Every alert comes from the batch: the queue's "From" column says so.
    assert_eq!(text(c, "#queue thead th:nth-child(6)").await, "From");
    let from = origins(c).await;
    assert!(
        !from.is_empty() && from.iter().all(|o| o == "batch"),
        "the queue shows the batch origin: {from:?}"
    );
    shots.take(c, "2-queue").await;
    // Enter on the first row (selected by the script) opens it.
    press(c, '\u{E007}').await;
    text(c, "#explanation").await;
    let subject = c
        .find(Locator::Css("input[name=subject]"))
        .await
        .unwrap()
        .attr("value")
        .await
        .unwrap()
        .unwrap();
    let entity = c
        .find(Locator::Css("input[name=entity]"))
        .await
        .unwrap()
        .attr("value")
        .await
        .unwrap()
        .unwrap();
    // The alert page names the batch, its operator, and the file and line of the row.
    let card = text(c, "section[aria-labelledby=subject-h]").await;
    assert!(card.contains(&format!("by {BATCH_USER} (batch)")), "{card}");
    assert!(card.contains("positives_un_untreated.csv line "), "{card}");
    shots.take(c, "3-alert").await;
    decide(
        c,
        'f',
        "Date of birth and nationality differ from the listed person",
    )
    .await;
    let open_after = open_count(c).await;
    assert_eq!(open_after, open_before - 1, "the queue's open count falls");
    shots.take(c, "4-queue-after-false-positive").await;
    // The next batch screening of the same file suppresses the hit (the decision holds in batch
    // as in the API), and the queue's open count does not rise again.
    let again = screen_batch(srv, csv, &batch_rows(csv, BATCH_ROWS));
    let row = again
        .rows
        .iter()
        .find(|r| r.subject_key == subject)
        .unwrap_or_else(|| panic!("{subject} is among the rows screened again"));
    let hit = row
        .hits
        .iter()
        .find(|h| h.hit.entity_id == entity)
        .unwrap_or_else(|| panic!("{entity} is still found for {subject}, marked suppressed"));
    let by = hit.suppressed_by.as_ref().map(|d| d.by.as_str());
    assert_eq!(by, Some("ayse"), "suppressed by ayse's decision");
    c.goto(&format!("{base}/ui/queue")).await.unwrap();
    assert_eq!(open_count(c).await, open_after, "no alert reopened");
    // Four eyes: ayse marks the next alert a true match, bora confirms it.
    press(c, '\u{E007}').await;
    text(c, "#explanation").await;
    decide(c, 't', "Same name, date of birth and nationality as listed").await;
    let waiting = text(c, ".flash").await;
    assert!(waiting.contains("awaiting a second reviewer"), "{waiting}");
    sign_out(c).await;
    sign_in(c, base, BORA_KEY).await;
    c.goto(&format!("{base}/ui/queue?state=awaiting_second"))
        .await
        .unwrap();
    shots.take(c, "5-queue-awaiting-second").await;
    press(c, '\u{E007}').await;
    text(c, "#explanation").await;
    shots.take(c, "6-alert-four-eyes").await;
    decide(c, 't', "Confirmed: the passport details match").await;
    let confirmed = text(c, ".flash").await;
    assert!(confirmed.contains("true match"), "{confirmed}");
    let by: Vec<String> = srv
        .store
        .decision_log()
        .unwrap()
        .into_iter()
        .map(|d| d.by)
        .collect();
    assert_eq!(by, ["ayse", "ayse", "bora"]);
    c.goto(&format!(
        "{base}/ui/subject?key={}",
        subject.replace(':', "%3A")
    ))
    .await
    .unwrap();
    text(c, "h1").await;
    shots.take(c, "7-subject").await;
    c.goto(&format!("{base}/ui/lists")).await.unwrap();
    text(c, "#versions").await;
    shots.take(c, "8-lists").await;
    c.goto(&format!("{base}/ui/audit?verify=1")).await.unwrap();
    let chain = text(c, "#chain").await;
    assert!(chain.contains("Chain intact"), "{chain}");
    text(c, "#audit").await;
    shots.take(c, "9-audit").await;
    sign_out(c).await;
    c.goto(&format!("{base}/ui/queue")).await.unwrap();
    let url = c.current_url().await.unwrap();
    assert_eq!(url.path(), "/ui/login", "signed out: the queue is refused");
    shots.take(c, "10-signed-out").await;
    screen_as_you_type(c, base, shots).await;
    in_turkish(c, base, shots).await;
    Ok(())
}

/// The language switch in the header (a plain link, no script) turns the pages Turkish.
async fn in_turkish(c: &Client, base: &str, shots: &Shots) {
    c.goto(&format!("{base}/ui/queue?state=all")).await.unwrap();
    c.find(Locator::Id("lang-tr"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let heading = text_containing(c, "h1", "Alarm kuyruğu").await;
    assert_eq!(heading, "Alarm kuyruğu");
    let lang = c
        .find(Locator::Css("html"))
        .await
        .unwrap()
        .attr("lang")
        .await
        .unwrap();
    assert_eq!(lang.as_deref(), Some("tr"));
    let url = c.current_url().await.unwrap();
    assert_eq!(
        (url.path(), url.query()),
        ("/ui/queue", Some("state=all")),
        "the switch comes back to the page"
    );
    let decided = text(c, "#count-decided").await;
    assert!(decided.starts_with("Karara bağlandı"), "{decided}");
    let from = origins(c).await;
    assert!(
        from.iter().any(|o| o.starts_with("toplu tarama")),
        "the batch origin in Turkish: {from:?}"
    );
    shots.take(c, "12-queue-tr").await;
    // The first row is the screen page's screening (an API screening, newest); j moves to the
    // next, an alert from the batch.
    press(c, 'j').await;
    press(c, '\u{E007}').await;
    let why = text(c, "#why-h").await;
    assert_eq!(why, "Neden eşleşti");
    let card = text(c, "section[aria-labelledby=subject-h]").await;
    assert!(
        card.contains(&format!("tarayan: {BATCH_USER} (toplu tarama)")),
        "{card}"
    );
    assert!(
        card.contains("positives_un_untreated.csv, satır "),
        "{card}"
    );
    shots.take(c, "13-alert-tr").await;
}

/// Waits up to 10 s for the text of `css` to contain `needle`; returns it.
async fn text_containing(c: &Client, css: &str, needle: &str) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let t = text(c, css).await;
        if t.contains(needle) {
            return t;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{css} never showed {needle:?}: {t}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The screen page: a listed name typed (never submitted) brings its hits, which only the page's
/// script can have fetched.
async fn screen_as_you_type(c: &Client, base: &str, shots: &Shots) {
    sign_in(c, base, AYSE_KEY).await;
    c.goto(&format!("{base}/ui/screen")).await.unwrap();
    text(c, "#hint").await;
    // A listed person outside the batch's rows: the batch's subjects are keyed by name and date
    // of birth (the file has no id column), so typing one of them is screening that subject
    // again, and the one ayse decided would show its hit left out.
    let typed = "Hafiz Abdul Salam Bhuttavi";
    c.find(Locator::Id("dob"))
        .await
        .unwrap()
        .send_keys("1940")
        .await
        .unwrap();
    c.find(Locator::Id("name"))
        .await
        .unwrap()
        .send_keys(typed)
        .await
        .unwrap();
    let summary = text_containing(c, "#summary", typed).await;
    assert!(summary.contains("hit"), "{summary}");
    let first = text(c, "#results .hit h2").await;
    assert!(
        first.contains("un:QDi.307"),
        "the listed person first: {first}"
    );
    let url = c.current_url().await.unwrap();
    assert_eq!(url.path(), "/ui/screen", "no page was loaded: {url}");
    assert!(
        url.query()
            .unwrap_or("")
            .contains("name=Hafiz+Abdul+Salam+Bhuttavi"),
        "the address follows the form: {url}"
    );
    shots.take(c, "11-screen").await;
}
