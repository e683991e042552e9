//! Issue 19: a customer file with two rows under one id. `subjects import` said "1 subject(s)
//! read" and the other customer was never screened; batch screening said nothing.

mod common;

use common::Env;

const FILE: &str =
    "id,name,date_of_birth\nC-1,Ozgur Altun,1979\nC-2,Mehmet Yilmaz,1980\nC-1,Ayse Kaya,1985\n";

#[test]
fn subjects_import_with_a_repeated_id_names_both_lines() {
    let env = Env::sqlite("dup_subjects").expect("env");
    let f = env.path("customers.csv");
    std::fs::write(&f, FILE).unwrap();
    let f = f.to_str().unwrap();
    let (code, out, err) = env.run(&["subjects", "import", f]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("id \"C-1\" is on lines 2, 4"), "{err}");
    assert!(err.contains("nothing registered"), "{err}");

    let out = env.ok(
        0,
        &["subjects", "import", f, "--on-duplicate", "keep-first"],
    );
    assert!(out.starts_with("2 subject(s) read"), "{out}");
    let (_, _, err) = env.run(&["subjects", "import", f, "--on-duplicate", "keep-first"]);
    assert!(err.contains("line 2 is registered"), "{err}");
}

#[test]
fn batch_screening_warns_once_per_repeated_id() {
    let Some(un) = common::list_file("un_sc_consolidated_2026-02-27.xml") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set and shared/data was not found"
        );
        return;
    };
    let env = Env::sqlite("dup_batch").expect("env");
    let f = env.path("customers.csv");
    std::fs::write(&f, format!("{FILE}C-1,Someone Else,1990\n")).unwrap();
    let (code, out, err) = env.run(&[
        "screen",
        "--list",
        un.to_str().unwrap(),
        "--input",
        f.to_str().unwrap(),
        "--no-audit",
    ]);
    assert!(code == 0 || code == 1, "{err}");
    assert_eq!(out.lines().count(), 4, "every row is still screened: {out}");
    assert_eq!(
        err.matches("\"C-1\" is on lines 2, 4, 5").count(),
        1,
        "{err}"
    );
    assert!(!err.contains("C-2"), "{err}");
}
