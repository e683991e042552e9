//! `namesake update` against a publisher played by a small HTTP server on loopback: an
//! unchanged list, a changed list, a truncated download, a server error and an implausible
//! list; and the first screening on a fresh machine fetching the configured lists.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};

/// What the publisher answers next.
#[derive(Clone)]
enum Answer {
    /// The body with this ETag; 304 when the client already has it.
    List { body: String, etag: String },
    /// Announces the whole body, sends half, hangs up.
    Truncated(String),
    /// HTTP 500.
    Error,
}

struct Publisher {
    url: String,
    answer: Arc<Mutex<Answer>>,
    requests: Arc<Mutex<usize>>,
}

fn publisher() -> Publisher {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let url = format!(
        "http://{}/blocklist.csv",
        listener.local_addr().expect("addr")
    );
    let answer = Arc::new(Mutex::new(Answer::Error));
    let requests = Arc::new(Mutex::new(0usize));
    let (a, r) = (answer.clone(), requests.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let mut req = Vec::new();
            let mut buf = [0u8; 1024];
            while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                match s.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => req.extend_from_slice(&buf[..n]),
                }
            }
            *r.lock().unwrap() += 1;
            let req = String::from_utf8_lossy(&req).to_lowercase();
            let answer = a.lock().unwrap().clone();
            let _ = match answer {
                Answer::List { body, etag } => {
                    if req.contains(&format!("if-none-match: {}", etag.to_lowercase())) {
                        s.write_all(b"HTTP/1.1 304 Not Modified\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    } else {
                        s.write_all(format!("HTTP/1.1 200 OK\r\nETag: {etag}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()).as_bytes())
                    }
                }
                Answer::Truncated(body) => s.write_all(
                    format!(
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
                        body.len(),
                        &body[..body.len() / 2]
                    )
                    .as_bytes(),
                ),
                Answer::Error => s.write_all(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\nConnection: close\r\n\r\noops\n"),
            };
        }
    });
    Publisher {
        url,
        answer,
        requests,
    }
}

/// An own-format list of `n` people, the first "Özgür Altun".
fn list_csv(n: usize) -> String {
    let mut s = String::from("id,name,type,date_of_birth\nB0,Özgür Altun,person,1980\n");
    for i in 1..n {
        s.push_str(&format!(
            "B{i},Person Number{i} Example,person,19{:02}\n",
            40 + i % 50
        ));
    }
    s
}

fn namesake(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_namesake"));
    c.env("NAMESAKE_HOME", home)
        .env_remove("NAMESAKE_DATABASE")
        .env_remove("NAMESAKE_OFFLINE");
    c
}

fn write_config(home: &Path, url: &str) {
    std::fs::write(
        home.join("config.toml"),
        format!(
            "[update]\nlists = [\"blocklist\"]\n\n[[sources]]\ncode = \"blocklist\"\nurl = \"{url}\"\nfile = \"blocklist.csv\"\nformat = \"own-csv\"\n"
        ),
    )
    .expect("config written");
}

fn run(home: &Path, args: &[&str]) -> (i32, String, String) {
    let out = namesake(home).args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn versions(home: &Path) -> usize {
    let (code, out, err) = run(home, &["lists", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    v.as_array().map_or(0, Vec::len)
}

#[test]
fn update_keeps_the_last_good_version() {
    let home = tempfile::tempdir().expect("tempdir");
    let p = publisher();
    write_config(home.path(), &p.url);
    let kept = home.path().join("lists/blocklist/blocklist.csv");

    *p.answer.lock().unwrap() = Answer::List {
        body: list_csv(10),
        etag: "\"v1\"".into(),
    };
    let (code, out, err) = run(home.path(), &["update"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("blocklist: updated"), "{out}");
    assert_eq!(versions(home.path()), 1);

    // Unchanged: the server answers 304 to the ETag; no new version.
    let (code, out, err) = run(home.path(), &["update", "blocklist"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("blocklist: unchanged"), "{out}");
    assert_eq!(versions(home.path()), 1);

    // Changed: a new version.
    *p.answer.lock().unwrap() = Answer::List {
        body: list_csv(11),
        etag: "\"v2\"".into(),
    };
    let (code, out, _) = run(home.path(), &["update"]);
    assert_eq!(code, 0);
    assert!(out.contains("blocklist: updated"), "{out}");
    assert_eq!(versions(home.path()), 2);
    let good = std::fs::read_to_string(&kept).expect("kept copy");

    // Truncated: refused, the last good copy stays and still screens.
    *p.answer.lock().unwrap() = Answer::Truncated(list_csv(12));
    let (code, out, err) = run(home.path(), &["update"]);
    assert_eq!(code, 2, "a failed update is an error");
    assert!(out.contains("blocklist: failed"), "{out}");
    assert!(
        out.contains("truncated") || out.contains("broke off"),
        "{out}"
    );
    assert!(err.contains("could not be updated"), "{err}");
    assert_eq!(std::fs::read_to_string(&kept).expect("kept"), good);
    assert_eq!(versions(home.path()), 2);
    let (code, out, _) = run(home.path(), &["screen", "ALTUN, Ozgur"]);
    assert_eq!(code, 1, "the kept version still screens: {out}");

    // Server error: refused with the status.
    *p.answer.lock().unwrap() = Answer::Error;
    let (code, out, _) = run(home.path(), &["update"]);
    assert_eq!(code, 2);
    assert!(
        out.contains("HTTP 500") && out.contains("last good version is kept"),
        "{out}"
    );
    assert_eq!(versions(home.path()), 2);

    // Implausible: a list that lost most of its entries.
    *p.answer.lock().unwrap() = Answer::List {
        body: list_csv(2),
        etag: "\"v3\"".into(),
    };
    let (code, out, _) = run(home.path(), &["update"]);
    assert_eq!(code, 2);
    assert!(out.contains("implausible"), "{out}");
    assert_eq!(std::fs::read_to_string(&kept).expect("kept"), good);
    assert_eq!(versions(home.path()), 2);
    assert!(*p.requests.lock().unwrap() >= 6);
}

#[test]
fn first_screening_on_a_fresh_machine_fetches_the_lists() {
    let home = tempfile::tempdir().expect("tempdir");
    let p = publisher();
    write_config(home.path(), &p.url);
    *p.answer.lock().unwrap() = Answer::List {
        body: list_csv(5),
        etag: "\"a\"".into(),
    };
    let (code, out, err) = run(home.path(), &["screen", "Ozgur ALTUN"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("fetching the default lists"), "says so: {err}");
    assert!(out.contains("blocklist:B0"), "{out}");
}

#[test]
fn offline_first_screening_says_how_to_import() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = namesake(home.path())
        .env("NAMESAKE_OFFLINE", "1")
        .args(["screen", "Jane Roe"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("namesake import FILE") && err.contains("--list FILE"),
        "{err}"
    );
}

/// Issue 13: the new file and `state.json` were written before the store import, so after a
/// killed import the next run saw "unchanged" (304 or the same hash) and never imported.
#[test]
fn killed_import_is_redone_by_the_next_update() {
    use std::io::{BufRead, BufReader};
    let home = tempfile::tempdir().expect("tempdir");
    let p = publisher();
    write_config(home.path(), &p.url);
    *p.answer.lock().unwrap() = Answer::List {
        body: list_csv(10),
        etag: "\"v1\"".into(),
    };
    let (code, out, err) = run(home.path(), &["update"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(versions(home.path()), 1);

    // v2 arrives; the import is killed inside its transaction.
    *p.answer.lock().unwrap() = Answer::List {
        body: list_csv(11),
        etag: "\"v2\"".into(),
    };
    let mut child = namesake(home.path())
        .args(["update"])
        .env("NAMESAKE_TEST_PAUSE_IMPORT", "60")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn update");
    let stderr = BufReader::new(child.stderr.take().expect("stderr"));
    for line in stderr.lines() {
        if line.expect("stderr line").contains("pausing") {
            break;
        }
    }
    child.kill().expect("kill -9"); // SIGKILL on Unix
    child.wait().expect("reaped");
    assert_eq!(versions(home.path()), 1, "the killed import left nothing");
    let state_path = home.path().join("lists/blocklist/state.json");
    let state = std::fs::read_to_string(&state_path).expect("state.json");
    assert!(
        state.contains(r#"\"v1\""#),
        "state.json is written last: {state}"
    );

    // The worst case of the old order: state.json already names v2, so the publisher answers
    // 304. The store's current version lacks the kept file's hash, so it is imported now.
    std::fs::write(&state_path, state.replace(r#"\"v1\""#, r#"\"v2\""#)).expect("edit state");
    let (code, out, err) = run(home.path(), &["update"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("blocklist: updated"), "{out}");
    assert!(out.contains("did not hold it"), "{out}");
    assert_eq!(versions(home.path()), 2);
    let (code, out, _) = run(home.path(), &["update"]);
    assert_eq!(code, 0);
    assert!(out.contains("blocklist: unchanged"), "{out}");
    assert_eq!(versions(home.path()), 2);
}
