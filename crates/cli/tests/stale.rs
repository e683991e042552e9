//! The stale-list warning (issue 19, item 10): screening from the store names each list older
//! than its limit and its age, on stderr, in `--json` and after a batch's summary; the config
//! file and `NAMESAKE_STALE_DAYS` set the limit, 0 turns it off.

mod common;

use common::*;
use serde_json::Value;

/// A store holding the UN list of 2026-02-27 (imported now: the import does not make it new).
fn store_with_un() -> Option<Env> {
    let un = list_file("un_sc_consolidated_2026-02-27.xml")?;
    let env = Env::sqlite("stale")?;
    env.ok(0, &["import", un.to_str().unwrap()]);
    Some(env)
}

fn screen(env: &Env, stale_days: Option<&str>, args: &[&str]) -> (i32, String, String) {
    let mut c = env.cmd();
    c.env_remove("NAMESAKE_STALE_DAYS");
    if let Some(d) = stale_days {
        c.env("NAMESAKE_STALE_DAYS", d);
    }
    let out = c.arg("screen").args(args).output().expect("run namesake");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn old_list_is_named_with_its_age() {
    let Some(env) = store_with_un() else {
        return;
    };
    let (code, out, err) = screen(&env, None, &["--json", "YILMAZ, Adem", "--no-audit"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("list un (UN Security Council Consolidated List) is ")
            && err.contains(
                "days old (last published, imported or checked 2026-02-27; the limit is 30 days)"
            ),
        "{err}"
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    let stale = &v["stale_lists"][0];
    assert_eq!(stale["list"], "un");
    assert_eq!(stale["since"], "2026-02-27");
    assert!(stale["age_days"].as_i64().unwrap() > 30, "{stale}");

    // A batch says it again after its summary.
    let input = env.path("customers.csv");
    std::fs::write(&input, "id,name\nC-1,Jane Roe\nC-2,\"YILMAZ, Adem\"\n").unwrap();
    let output = env.path("hits.csv");
    let (code, _, err) = screen(
        &env,
        None,
        &[
            "--input",
            input.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
            "--no-audit",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("screened against lists older than their limit: un ("),
        "{err}"
    );
}

#[test]
fn limit_from_the_config_file_or_environment() {
    let Some(env) = store_with_un() else {
        return;
    };
    // A limit the list is within: no warning.
    let (_, out, err) = screen(
        &env,
        Some("100000"),
        &["--json", "YILMAZ, Adem", "--no-audit"],
    );
    assert!(!err.contains("days old"), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v.get("stale_lists").is_none(), "{v}");
    // 0 in the config file turns the warning off.
    std::fs::write(env.path("config.toml"), "[screen]\nstale_after_days = 0\n").unwrap();
    let (_, _, err) = screen(&env, None, &["YILMAZ, Adem", "--no-audit"]);
    assert!(!err.contains("days old"), "{err}");
    // A per-list limit wins over the default.
    std::fs::write(
        env.path("config.toml"),
        "[screen]\nstale_after_days = 0\n[screen.stale_after_days_by_list]\nun = 7\n",
    )
    .unwrap();
    let (_, _, err) = screen(&env, None, &["YILMAZ, Adem", "--no-audit"]);
    assert!(err.contains("the limit is 7 days"), "{err}");
    // A limit that is no number is an error naming the variable.
    let (code, _, err) = screen(&env, Some("soon"), &["YILMAZ, Adem", "--no-audit"]);
    assert_eq!(code, 2);
    assert!(err.contains("NAMESAKE_STALE_DAYS"), "{err}");
}
