//! Turkish beyond `screen` (issue 19, item 11): with `LANG=tr_TR.UTF-8` or `--lang tr`, the
//! store's commands speak Turkish too — `import`, `lists`, `decide`, `decisions`, `audit`; with
//! `LANG=C` they stay English.

mod common;

use common::*;

fn run_lang(env: &Env, lang: &str, args: &[&str]) -> (i32, String, String) {
    let out = env
        .cmd()
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(args)
        .output()
        .expect("run namesake");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn store_commands_answer_in_turkish() {
    let Some(un) = list_file("un_sc_consolidated_2026-02-27.xml") else {
        return;
    };
    let Some(env) = Env::sqlite("turkish") else {
        return;
    };
    let tr = "tr_TR.UTF-8";
    let (code, out, err) = run_lang(&env, tr, &["import", un.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("un: 1. sürüm kaydedildi (1003 kayıt"), "{out}");
    let (_, out, _) = run_lang(&env, tr, &["import", un.to_str().unwrap()]);
    assert!(out.contains("bu yana değişmedi"), "{out}");
    let (_, out, _) = run_lang(&env, "C", &["--lang", "tr", "lists"]);
    assert!(
        out.starts_with("liste") && out.contains("sürüm") && out.contains("güncel sürüm"),
        "{out}"
    );

    let (code, _, err) = run_lang(
        &env,
        tr,
        &["screen", "--subject-id", "C-17", "YILMAZ, Adem"],
    );
    assert_eq!(code, 1, "{err}");
    let (code, _, err) = run_lang(
        &env,
        tr,
        &[
            "decide",
            "id:C-17",
            "un:QDi.015",
            "--true-match",
            "--reason",
            "x",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("hata:") && err.contains("hiçbir taramada eşleşme olarak bildirilmedi"),
        "{err}"
    );
    let (code, out, err) = run_lang(
        &env,
        tr,
        &[
            "decide",
            "id:C-17",
            "un:QDi.261",
            "--false-positive",
            "--reason",
            "doğum yılı farklı",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("1 numaralı karar kaydedildi") && out.contains("yanlış pozitif"),
        "{out}"
    );
    let (_, out, _) = run_lang(&env, tr, &["decisions", "list"]);
    assert!(
        out.contains("karar veren") && out.contains("geçerli: doğum yılı farklı"),
        "{out}"
    );
    let (_, out, _) = run_lang(&env, tr, &["audit", "verify"]);
    assert!(out.contains("denetim kaydı sağlam: 3 kayıt"), "{out}");

    // English otherwise, word for word as before.
    let (_, out, _) = run_lang(&env, "C", &["audit", "verify"]);
    assert!(out.starts_with("audit log intact: 3 record(s)"), "{out}");
    let (_, out, _) = run_lang(&env, "C", &["decisions", "list"]);
    assert!(out.contains("in force: doğum yılı farklı"), "{out}");
}
