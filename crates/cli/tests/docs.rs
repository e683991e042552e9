//! Docs that run (issue 19, item 10): every command in a fenced `sh` block of README.md and
//! docs/*.md is run against the built binary, in a temporary data directory, with the short file
//! names the examples use mapped to the shared test data or to files made here. A command that
//! fails (exit 2, or a crash) fails the test with its file and line; exit 0 (no hit) and 1 (hit)
//! both pass. Commands that cannot run offline or inside the test suite are on an explicit
//! allow-list, each with its reason; an entry that no longer matches any command fails too.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Commands not run, by prefix (after environment assignments), and why.
const ALLOWED: &[(&str, &str)] = &[
    // The test suite itself: running it from inside the suite would recurse.
    ("bash scripts/test.sh", "the test suite itself"),
    (
        "scripts/with-postgres.sh",
        "runs the test suite (recursion) with a PostgreSQL server",
    ),
    // Minutes of release build and evaluation; its figures are checked by namesake-eval's tests.
    (
        "cargo run --release -p namesake-eval",
        "the whole evaluation, minutes long",
    ),
    // Downloads from the lists' publishers: there is no network in CI.
    (
        "namesake update",
        "downloads from the publishers (no network offline)",
    ),
    // A server runs until stopped; tests/serve.rs starts and queries it.
    (
        "namesake serve",
        "a long-running server, tested in tests/serve.rs",
    ),
    ("curl", "a request to a running `namesake serve`"),
    // Containers: no container engine in CI; the smoke script's --local mode starts a server.
    ("docker", "needs a container engine (docker or podman)"),
    (
        "scripts/container-smoke.sh",
        "builds images, or starts a server; run by hand (its --local mode needs a release build)",
    ),
    // The Python package: scripts/python-tests.sh builds, installs and tests it.
    (
        "pip install",
        "Python packaging, run by scripts/python-tests.sh",
    ),
    (
        "maturin build",
        "builds the Python wheel, run by scripts/python-tests.sh",
    ),
    (
        "spark-submit",
        "needs a Spark installation; crates/python/tests/test_spark.py screens through namesake.spark in local[2]",
    ),
];

/// One documented command and where it is written.
struct DocCommand {
    file: String,
    line: usize,
    env: Vec<(String, String)>,
    words: Vec<String>,
}

impl DocCommand {
    fn text(&self) -> String {
        self.words.join(" ")
    }
}

/// The repository root and the shared data, or `None` (skip) when the data is absent and CI is
/// not set.
fn roots() -> Option<(PathBuf, PathBuf)> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let data = std::env::var_os("NAMESAKE_DATA")
        .map(PathBuf::from)
        .into_iter()
        .chain(repo.ancestors().map(|a| a.join("shared").join("data")))
        .find(|d| d.join("lists").is_dir());
    match data {
        Some(d) => Some((repo, d)),
        None if std::env::var_os("CI").is_some() => {
            panic!(
                "shared/data not found ($NAMESAKE_DATA or shared/data above {})",
                repo.display()
            )
        }
        None => {
            eprintln!("skipping: shared/data not found");
            None
        }
    }
}

/// The commands of every fenced `sh` block, continuation lines joined, comments removed.
fn commands(file: &str, text: &str) -> Vec<DocCommand> {
    let mut out = Vec::new();
    let mut in_sh = false;
    let mut pending: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with("```") {
            in_sh = !in_sh && t.trim_start_matches('`').trim() == "sh";
            continue;
        }
        if !in_sh {
            continue;
        }
        let (start, mut acc) = pending.take().unwrap_or((i + 1, String::new()));
        match line.strip_suffix('\\') {
            Some(head) => {
                acc.push_str(head);
                acc.push(' ');
                pending = Some((start, acc));
            }
            None => {
                acc.push_str(line);
                let words = split_words(&acc);
                if !words.is_empty() {
                    let n_env = words.iter().take_while(|w| is_assignment(w)).count();
                    let env = words[..n_env]
                        .iter()
                        .filter_map(|w| w.split_once('='))
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect();
                    out.push(DocCommand {
                        file: file.to_string(),
                        line: start,
                        env,
                        words: words[n_env..].to_vec(),
                    });
                }
            }
        }
    }
    out
}

fn is_assignment(w: &str) -> bool {
    w.split_once('=').is_some_and(|(k, _)| {
        !k.is_empty()
            && k.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    })
}

/// Shell words: single and double quotes, backslash escapes, `#` comments.
fn split_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                let w = cur.get_or_insert_with(String::new);
                w.extend(chars.by_ref().take_while(|&c| c != '\''));
            }
            '"' => {
                let w = cur.get_or_insert_with(String::new);
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => w.extend(chars.next()),
                        c => w.push(c),
                    }
                }
            }
            '\\' => cur.get_or_insert_with(String::new).extend(chars.next()),
            '#' if cur.is_none() => break,
            c if c.is_whitespace() => words.extend(cur.take()),
            c => cur.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(cur);
    words
}

/// The `namesake` arguments of a command, or `None` when it is not a namesake command.
fn namesake_args(words: &[String]) -> Option<Vec<String>> {
    match words.first().map(String::as_str) {
        Some("namesake") => Some(words[1..].to_vec()),
        Some("cargo")
            if words
                .windows(2)
                .any(|w| w[0] == "-p" && w[1] == "namesake-cli") =>
        {
            let dash = words.iter().position(|w| w == "--")?;
            Some(words[dash + 1..].to_vec())
        }
        _ => None,
    }
}

/// The work directory: every list file of the shared data under its own name, the short names
/// the examples use, the shared data at `../shared/data` as the README's first example expects,
/// and small customer and pair files.
fn workdir(data: &Path) -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("tempdir");
    let work = root.path().join("work");
    std::fs::create_dir_all(root.path().join("shared")).unwrap();
    std::fs::create_dir_all(&work).unwrap();
    std::os::unix::fs::symlink(data, root.path().join("shared").join("data")).unwrap();
    for e in std::fs::read_dir(data.join("lists")).unwrap() {
        let p = e.unwrap().path();
        std::os::unix::fs::symlink(&p, work.join(p.file_name().unwrap())).unwrap();
    }
    let short = [("un.xml", "un_sc_consolidated_2026-02-27.xml")];
    for (name, target) in short {
        std::os::unix::fs::symlink(data.join("lists").join(target), work.join(name)).unwrap();
    }
    // Payment messages: the payments crate's own fixtures.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../payments/tests/fixtures");
    for (name, target) in [
        ("pacs008.xml", "pacs008_v10_clean_common_names.xml"),
        ("mt103.fin", "mt103stp_clean_common_names.fin"),
    ] {
        std::os::unix::fs::symlink(fixtures.join(target), work.join(name)).unwrap();
    }
    std::os::unix::fs::symlink(&fixtures, work.join("inbox")).unwrap();
    std::fs::write(
        work.join("customers.csv"),
        "id,name,date_of_birth,nationality\nC-17,\"YILMAZ, Adem\",1978,TR\nC-18,Jane Roe,1990,GB\n",
    )
    .unwrap();
    std::fs::write(
        work.join("pairs.csv"),
        "name1,name2,schema\nVladimir Putin,Владимир Путин,Person\nAcme Ltd,Acme Limited,Organization\n",
    )
    .unwrap();
    root
}

#[test]
fn every_documented_command_runs() {
    let Some((repo, data)) = roots() else {
        return;
    };
    let mut files = vec![repo.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(repo.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    let mut cmds = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&repo).unwrap_or(f).display().to_string();
        cmds.extend(commands(&rel, &std::fs::read_to_string(f).unwrap()));
    }
    assert!(cmds.len() >= 10, "only {} commands found", cmds.len());
    let root = workdir(&data);
    let home = root.path().join("home");
    let mut failures = Vec::new();
    let mut allowed_used = vec![false; ALLOWED.len()];
    let mut ran = 0;
    for c in &cmds {
        if let Some(i) = ALLOWED.iter().position(|(p, _)| c.text().starts_with(p)) {
            allowed_used[i] = true;
            continue;
        }
        let Some(args) = namesake_args(&c.words) else {
            failures.push(format!(
                "{}:{}: `{}` is no namesake command: add it to ALLOWED with the reason",
                c.file,
                c.line,
                c.text()
            ));
            continue;
        };
        let out = Command::new(env!("CARGO_BIN_EXE_namesake"))
            .current_dir(root.path().join("work"))
            .env("NAMESAKE_HOME", &home)
            .env("NAMESAKE_OFFLINE", "1")
            .env("LANG", "C")
            .env_remove("NAMESAKE_DATABASE")
            .envs(c.env.iter().map(|(k, v)| (k, v)))
            .args(&args)
            .output()
            .expect("run namesake");
        ran += 1;
        let code = out.status.code();
        if !matches!(code, Some(0 | 1)) {
            failures.push(format!(
                "{}:{}: `{}` exited {code:?}:\n{}",
                c.file,
                c.line,
                c.text(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    for ((prefix, _), used) in ALLOWED.iter().zip(allowed_used) {
        if !used {
            failures.push(format!(
                "ALLOWED entry `{prefix}` matches no documented command: remove it"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {ran} documented commands failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(ran >= 10, "only {ran} documented commands ran");
}

#[test]
fn words_and_comments_are_split_as_a_shell_does() {
    assert_eq!(
        split_words(r#"namesake screen "ALTUN, Özgür" --reason 'a b' x\ y   # note"#),
        vec![
            "namesake",
            "screen",
            "ALTUN, Özgür",
            "--reason",
            "a b",
            "x y"
        ]
    );
    let c = commands(
        "t.md",
        "```sh\nA_B=1 namesake serve \\\n  --list un.xml\n```\n```json\n{}\n```\n",
    );
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].line, 2);
    assert_eq!(c[0].env, vec![("A_B".to_string(), "1".to_string())]);
    assert_eq!(c[0].words, vec!["namesake", "serve", "--list", "un.xml"]);
}
