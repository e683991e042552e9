//! Links to list tables on a publisher's web page (MASAK's article pages).

use scraper::{Html, Selector};
use url::Url;

/// What a page says about the tables it links.
#[derive(Debug, PartialEq)]
pub struct PageTables {
    /// Every `.xlsx` / `.xls` link, resolved, once each, in page order.
    pub tables: Vec<Url>,
    /// The legal basis the page stands for (its address or its heading), if either names one.
    pub basis: Option<String>,
}

/// Reads a page: links whose path ends in `.xlsx` or `.xls` (relative or absolute, entities
/// decoded by the HTML parser, resolved against `<base href>` or the page's URL), and the
/// legal basis from the page's address, else its `<h1>`, else its `<title>`.
pub fn page_tables(html: &str, page: &Url) -> PageTables {
    let doc = Html::parse_document(html);
    let select = |css: &str| Selector::parse(css).expect("a valid selector");
    let base = doc
        .select(&select("base[href]"))
        .next()
        .and_then(|b| b.value().attr("href"))
        .and_then(|h| page.join(h).ok())
        .unwrap_or_else(|| page.clone());
    let mut tables: Vec<Url> = Vec::new();
    for a in doc.select(&select("a[href]")) {
        let Some(url) = a.value().attr("href").and_then(|h| base.join(h).ok()) else {
            continue;
        };
        if is_table(&url) && !tables.contains(&url) {
            tables.push(url);
        }
    }
    let text = |css: &str| {
        doc.select(&select(css))
            .next()
            .map(|e| e.text().collect::<String>())
    };
    let basis = address_basis(page)
        .or_else(|| text("h1").and_then(|t| namesake_sources::masak::legal_basis(&t)))
        .or_else(|| text("title").and_then(|t| namesake_sources::masak::legal_basis(&t)));
    PageTables { tables, basis }
}

/// A link to a spreadsheet: an http(s) URL whose path ends in `.xlsx` or `.xls`.
fn is_table(url: &Url) -> bool {
    let path = url.path().to_ascii_lowercase();
    matches!(url.scheme(), "http" | "https") && (path.ends_with(".xlsx") || path.ends_with(".xls"))
}

/// The basis a page's address names: `/7madde` (the article number run into the word),
/// `/5-maddeye-iliskin-…`.
fn address_basis(page: &Url) -> Option<String> {
    let segment = page.path_segments()?.rfind(|s| !s.is_empty())?;
    let mut spaced = String::with_capacity(segment.len() + 4);
    let mut prev: Option<char> = None;
    for c in segment.chars() {
        if prev.is_some_and(|p| p.is_ascii_digit() != c.is_ascii_digit()) {
            spaced.push(' ');
        }
        spaced.push(c);
        prev = Some(c);
    }
    namesake_sources::masak::legal_basis(&spaced)
}

/// The publisher's file name of a table: the last segment of its path, percent-decoded.
pub fn file_name(url: &Url) -> String {
    let last = url
        .path_segments()
        .and_then(|mut s| s.rfind(|x| !x.is_empty()))
        .unwrap_or("table");
    percent_decode(last)
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html><head><title>MASAK</title></head><body>
<nav><a href="/">Ana Sayfa</a><a href="/duyurular">Duyurular</a></nav>
<div class="content"><h1>6415 Sayılı Kanunun 7. Maddesi Kapsamında Alınan Kararlar</h1>
<ul>
 <li><a href="/Eklentiler/2021/karar-31455.xlsx">15.04.2021 tarihli karar (xlsx)</a></li>
 <li><a href="https://files.example.org/masak/karar%2031940.XLSX?v=2&amp;lang=tr">01.09.2022 tarihli karar</a></li>
 <li><a href="eski/karar.xls">eski karar</a></li>
 <li><a href="/Eklentiler/2021/karar-31455.xlsx">aynı tablo, ikinci bağlantı</a></li>
 <li><a href="/Eklentiler/2021/karar-31455.pdf">Resmi Gazete (pdf)</a></li>
 <li><a href="mailto:masak@example.org?subject=x.xlsx">iletişim</a></li>
</ul></div></body></html>"#;

    #[test]
    fn table_links_resolved_decoded_and_once_each() {
        let page = Url::parse("https://masak.example/kararlar/liste").unwrap();
        let found = page_tables(PAGE, &page);
        let urls: Vec<&str> = found.tables.iter().map(Url::as_str).collect();
        assert_eq!(
            urls,
            [
                "https://masak.example/Eklentiler/2021/karar-31455.xlsx",
                "https://files.example.org/masak/karar%2031940.XLSX?v=2&lang=tr",
                "https://masak.example/kararlar/eski/karar.xls",
            ]
        );
        assert_eq!(found.basis.as_deref(), Some("Law 6415 Art. 7"), "from <h1>");
        assert_eq!(file_name(&found.tables[1]), "karar 31940.XLSX");
    }

    #[test]
    fn basis_from_the_address() {
        let basis = |u: &str| address_basis(&Url::parse(u).unwrap());
        assert_eq!(
            basis("https://masak.hmb.gov.tr/7madde").as_deref(),
            Some("Law 6415 Art. 7")
        );
        assert_eq!(
            basis("https://masak.hmb.gov.tr/5-maddeye-iliskin-bakanlar-kurulu-kararlari")
                .as_deref(),
            Some("Law 6415 Art. 5")
        );
        assert_eq!(
            basis("https://masak.hmb.gov.tr/6-maddeye-iliskin-bakanlar-kurulu-kararlari/")
                .as_deref(),
            Some("Law 6415 Art. 6")
        );
        assert_eq!(basis("https://masak.hmb.gov.tr/duyurular"), None);
    }

    #[test]
    fn a_page_without_tables_finds_none() {
        let page = Url::parse("https://masak.example/").unwrap();
        let found = page_tables("<html><body><a href='/a.pdf'>x</a></body></html>", &page);
        assert!(found.tables.is_empty());
        assert_eq!(found.basis, None);
    }
}
