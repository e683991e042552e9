//! `namesake update tr` against MASAK's publication played by a small HTTP server on loopback:
//! article pages in the published style (a content area listing decisions, with navigation
//! and PDF links beside the tables, relative and absolute links, an `&amp;` in one), xlsx
//! tables in MASAK's layout, and Türkiye's wanted list. A page without tables and a broken
//! table are errors naming them, and the last good version stays.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};

/// A web site: path (with query) → body; anything else is a 404.
struct Site {
    base: String,
    pages: Arc<Mutex<HashMap<String, Vec<u8>>>>,
}

impl Site {
    fn start() -> Site {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let pages: Arc<Mutex<HashMap<String, Vec<u8>>>> = Arc::default();
        let served = pages.clone();
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
                let head = String::from_utf8_lossy(&req).into_owned();
                let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
                let body = served.lock().unwrap().get(&path).cloned();
                let _ = match body {
                    Some(b) => s
                        .write_all(
                            format!(
                                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                                b.len()
                            )
                            .as_bytes(),
                        )
                        .and_then(|_| s.write_all(&b)),
                    None => s.write_all(
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    ),
                };
            }
        });
        Site { base, pages }
    }

    fn serve(&self, path: &str, body: impl Into<Vec<u8>>) {
        self.pages.lock().unwrap().insert(path.into(), body.into());
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

const ART5: &str = "/5-maddeye-iliskin-bakanlar-kurulu-kararlari";
const ART7: &str = "/7madde";

/// An article page as MASAK lays it out: navigation, a heading, and the decisions as a list.
fn page(title: &str, items: &[(&str, &str)]) -> String {
    let mut li = String::new();
    for (href, text) in items {
        li.push_str(&format!("    <li><a href=\"{href}\">{text}</a></li>\n"));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"tr\"><head><meta charset=\"utf-8\"><title>MASAK</title></head>\n\
         <body><header><nav><a href=\"/\">Ana Sayfa</a> <a href=\"/duyurular\">Duyurular</a></nav></header>\n\
         <main><div class=\"icerik\"><h2>{title}</h2>\n  <ul>\n{li}  </ul></div></main>\n\
         <footer><a href=\"/iletisim\">İletişim</a></footer></body></html>\n"
    )
}

/// A decision's table in MASAK's layout (a title row, then the header), its rows as
/// (SIRA NO, ADI SOYADI-ÜNVANI, UYRUĞU, DOĞUM TARİHİ, DİĞER İSİMLER). The title and the sheet
/// name state no article: the page it is linked from does.
fn table(rows: &[[&str; 5]]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "MALVARLIĞI DONDURULAN KİŞİ VE KURULUŞLAR")
        .expect("title");
    let header = [
        "SIRA NO",
        "ADI SOYADI-ÜNVANI",
        "UYRUĞU",
        "DOĞUM TARİHİ",
        "KULLANDIĞI BİLİNEN DİĞER İSİMLERİ",
        "RESMİ GAZETE TARİH-SAYISI",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).expect("header");
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 2, c as u16, *v).expect("cell");
        }
        ws.write_string(r as u32 + 2, 5, "15.04.2021-31455")
            .expect("gazette");
    }
    wb.save_to_buffer().expect("workbook")
}

const WANTED: &str = r#"[{"Adi":"Ahmet","Soyadi":"YILDIRIM","TOrgutAdi":"DEAŞ","TKategoriAdi":"Kırmızı"},
{"Adi":"Mehmet","Soyadi":"KARA","TOrgutAdi":"PKK/KCK","TKategoriAdi":"Gri"}]"#;

/// The publication: two article pages linking three tables (one from both pages).
fn publish(site: &Site) {
    let absolute = site.url("/dosyalar/karar-31940.xlsx?v=2&amp;indir=1");
    site.serve(
        ART5,
        page(
            "6415 Sayılı Kanunun 5. Maddesine İlişkin Kararlar",
            &[
                ("/dosyalar/karar-31455.xlsx", "15.04.2021 tarihli karar"),
                ("/dosyalar/karar-31455.pdf", "Resmi Gazete (pdf)"),
                (&absolute, "01.09.2022 tarihli karar"),
            ],
        ),
    );
    site.serve(
        ART7,
        page(
            "6415 Sayılı Kanunun 7. Maddesi Kapsamındaki Kararlar",
            &[
                ("dosyalar/yurtici-karar.xlsx", "Yurt içi karar"),
                ("/duyurular", "Duyurular"),
            ],
        ),
    );
    site.serve(
        "/dosyalar/karar-31455.xlsx",
        table(&[
            [
                "1",
                "Özgür ALTUN",
                "TÜRKİYE",
                "03.02.1980",
                "Abu Yasir al-Turki",
            ],
            ["2", "ÖRNEK DIŞ TİCARET A.Ş.", "", "", ""],
        ]),
    );
    // The later decision republishes row 1 (with one more alias) and adds row 3.
    site.serve(
        "/dosyalar/karar-31940.xlsx?v=2&indir=1",
        table(&[
            ["1", "Özgür ALTUN", "TÜRKİYE", "03.02.1980", "Ozgur Altun"],
            ["3", "Ahmad KHALIL", "Suriye", "1975", ""],
        ]),
    );
    site.serve(
        "/dosyalar/yurtici-karar.xlsx",
        table(&[["1", "Veli ALİ", "TÜRKİYE", "01.01.1981", ""]]),
    );
    site.serve("/wanted", WANTED);
}

fn namesake(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_namesake"));
    c.env("NAMESAKE_HOME", home)
        .env("LANG", "C")
        .env("NAMESAKE_STALE_DAYS", "0")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("NAMESAKE_DATABASE")
        .env_remove("NAMESAKE_OFFLINE");
    c
}

fn run(home: &Path, args: &[&str]) -> (i32, String, String) {
    let out = namesake(home).args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Points the catalogue's Türkiye entries at the site: MASAK at its two article pages.
fn configure(home: &Path, site: &Site, masak_urls: &[String]) {
    let (first, rest) = masak_urls.split_first().expect("a URL");
    let rest: Vec<String> = rest.iter().map(|u| format!("{u:?}")).collect();
    std::fs::write(
        home.join("config.toml"),
        format!(
            "[[sources]]\ncode = \"tr-wanted\"\nurl = \"{}\"\n\n\
             [[sources]]\ncode = \"masak\"\nurl = \"{first}\"\nurls = [{}]\n",
            site.url("/wanted"),
            rest.join(", ")
        ),
    )
    .expect("config written");
}

/// The current versions: list code → entity count.
fn current(home: &Path) -> HashMap<String, u64> {
    let (code, out, err) = run(home, &["lists", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    v.as_array()
        .expect("array")
        .iter()
        .filter(|r| r["current"] == true)
        .map(|r| {
            (
                r["list"].as_str().unwrap_or_default().to_string(),
                r["entity_count"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

fn hit_ids(home: &Path, name: &str) -> Vec<String> {
    let (code, out, err) = run(home, &["screen", "--json", "--no-audit", name]);
    assert!(code == 0 || code == 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["entity_id"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn update_tr_fetches_the_wanted_list_and_every_masak_table() {
    let home = tempfile::tempdir().expect("tempdir");
    let site = Site::start();
    publish(&site);
    configure(home.path(), &site, &[site.url(ART5), site.url(ART7)]);

    let (code, out, err) = run(home.path(), &["update", "tr"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("tr-wanted: updated"), "{out}");
    assert!(out.contains("masak: updated"), "{out}");
    let lists = current(home.path());
    assert_eq!(lists.get("tr-wanted"), Some(&2), "{lists:?}");
    // 2 + 2 rows under Art. 5 (row 1 in both tables is one entity), 1 under Art. 7.
    assert_eq!(lists.get("masak"), Some(&4), "{lists:?}");

    // The legal basis comes from the page each table is linked from.
    assert_eq!(hit_ids(home.path(), "Ozgur ALTUN")[0], "masak:6415-5/1");
    assert_eq!(hit_ids(home.path(), "Veli ALI")[0], "masak:6415-7/1");
    assert_eq!(hit_ids(home.path(), "Ahmad KHALIL")[0], "masak:6415-5/3");
    let kept = home.path().join("lists/masak");
    let tables = std::fs::read_dir(kept.join("tables"))
        .expect("tables")
        .count();
    assert_eq!(tables, 3, "each table kept once");

    // Nothing changed: no new version.
    let (code, out, err) = run(home.path(), &["update", "masak"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("masak: unchanged"), "{out}");
}

#[test]
fn a_masak_page_without_tables_is_an_error_naming_it() {
    let home = tempfile::tempdir().expect("tempdir");
    let site = Site::start();
    publish(&site);
    site.serve(
        ART7,
        page(
            "Kararlar",
            &[("/duyurular", "Duyurular"), ("/a.pdf", "pdf")],
        ),
    );
    configure(home.path(), &site, &[site.url(ART5), site.url(ART7)]);
    let (code, out, _) = run(home.path(), &["update", "masak"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("masak: failed"), "{out}");
    assert!(
        out.contains(&format!("{} links no .xlsx or .xls table", site.url(ART7))),
        "{out}"
    );
    assert!(current(home.path()).is_empty(), "nothing recorded");
    assert!(!home.path().join("lists/masak/masak_tables.json").exists());
}

#[test]
fn a_broken_masak_table_is_named_and_the_last_version_kept() {
    let home = tempfile::tempdir().expect("tempdir");
    let site = Site::start();
    publish(&site);
    configure(home.path(), &site, &[site.url(ART5), site.url(ART7)]);
    let (code, out, err) = run(home.path(), &["update", "masak"]);
    assert_eq!(code, 0, "{out}{err}");
    let manifest = home.path().join("lists/masak/masak_tables.json");
    let good = std::fs::read(&manifest).expect("manifest kept");

    site.serve(
        "/dosyalar/yurtici-karar.xlsx",
        b"PK\x03\x04 not a workbook".to_vec(),
    );
    let (code, out, _) = run(home.path(), &["update", "masak"]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(&format!(
            "the table {} cannot be read",
            site.url("/dosyalar/yurtici-karar.xlsx")
        )),
        "{out}"
    );
    assert!(out.contains("last good version is kept"), "{out}");
    assert_eq!(std::fs::read(&manifest).expect("manifest"), good);
    assert_eq!(current(home.path()).get("masak"), Some(&4));
    assert_eq!(hit_ids(home.path(), "Veli ALI")[0], "masak:6415-7/1");
    let tables = std::fs::read_dir(home.path().join("lists/masak/tables"))
        .expect("tables")
        .count();
    assert_eq!(tables, 3, "the broken download is not kept");
}

#[test]
fn a_config_may_point_masak_straight_at_one_table() {
    let home = tempfile::tempdir().expect("tempdir");
    let site = Site::start();
    site.serve(
        "/ayna/masak_6415_7.xlsx",
        table(&[["1", "Veli ALİ", "TÜRKİYE", "01.01.1981", ""]]),
    );
    configure(home.path(), &site, &[site.url("/ayna/masak_6415_7.xlsx")]);
    let (code, out, err) = run(home.path(), &["update", "masak"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(current(home.path()).get("masak"), Some(&1));
    assert_eq!(hit_ids(home.path(), "Veli ALI")[0], "masak:6415-7/1");
}
