//! The text encoding of a customer file: UTF-8 with or without a byte-order mark, UTF-16 with
//! one (Excel's "Unicode text"), else the Windows code page Excel uses in Türkiye (1254) or in
//! Western Europe (1252).

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252, WINDOWS_1254};

/// Bytes where Windows-1254 has a Turkish letter and Windows-1252 an Icelandic one
/// (Ğ İ Ş ğ ı ş against Ð Ý Þ ð ý þ): one of them in a file that is not UTF-8 says 1254.
const TURKISH_ONLY: [u8; 6] = [0xD0, 0xDD, 0xDE, 0xF0, 0xFD, 0xFE];

/// The encoding named on the command line (`utf-8`, `windows-1254`, `cp1254`, `latin1`…).
pub fn by_label(label: &str) -> Option<&'static Encoding> {
    let l = label.trim().to_ascii_lowercase();
    let l = match l.as_str() {
        "cp1254" | "turkish" => "windows-1254",
        "cp1252" => "windows-1252",
        other => other,
    };
    Encoding::for_label(l.as_bytes())
}

/// The encoding of `bytes`: a byte-order mark decides; else valid UTF-8 is UTF-8; else 1254 when
/// a Turkish-only byte occurs, 1252 otherwise.
pub fn detect(bytes: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return enc;
    }
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    if bytes.iter().any(|b| TURKISH_ONLY.contains(b)) {
        WINDOWS_1254
    } else {
        WINDOWS_1252
    }
}

/// Decodes `bytes` (a byte-order mark is removed). With `forced`, that encoding is used; an
/// undecodable byte is then an error naming its offset, never a silent replacement character.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, String> {
    let enc = forced.unwrap_or_else(|| detect(bytes));
    let (text, had_errors) = enc.decode_with_bom_removal(bytes);
    if had_errors {
        let at = if enc == UTF_8 {
            std::str::from_utf8(bytes)
                .err()
                .map_or(0, |e| e.valid_up_to())
        } else {
            0
        };
        return Err(format!(
            "not valid {} (first bad byte near offset {at}); name the encoding with --encoding \
             (utf-8, windows-1254, windows-1252, utf-16le…)",
            enc.name()
        ));
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: enc,
    })
}

/// A file's text and the encoding it was read in.
#[derive(Debug)]
pub struct Decoded {
    /// The text, without a byte-order mark.
    pub text: String,
    /// The encoding used.
    pub encoding: &'static Encoding,
}

/// True for the UTF-16 encodings (whose text files Excel writes tab-separated).
pub fn is_utf16(enc: &'static Encoding) -> bool {
    enc == UTF_16LE || enc == UTF_16BE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(detect("ad;soyad\nİlhami;Balı\n".as_bytes()), UTF_8);
        let d = decode("\u{feff}ad\nÖzgür\n".as_bytes(), None).unwrap();
        assert_eq!(d.text, "ad\nÖzgür\n");
    }

    #[test]
    fn windows_1254_turkish_letters() {
        let (bytes, _, _) = WINDOWS_1254.encode("ad;soyad\nİlhami;Balı\nŞule;Doğan\n");
        assert_eq!(detect(&bytes), WINDOWS_1254);
        assert_eq!(
            decode(&bytes, None).unwrap().text,
            "ad;soyad\nİlhami;Balı\nŞule;Doğan\n"
        );
    }

    #[test]
    fn windows_1252_without_turkish_letters() {
        let (bytes, _, _) = WINDOWS_1252.encode("name\nJosé Müller\n");
        assert_eq!(detect(&bytes), WINDOWS_1252);
        assert_eq!(decode(&bytes, None).unwrap().text, "name\nJosé Müller\n");
    }

    #[test]
    fn forced_utf8_on_latin_bytes_is_an_error_with_a_hint() {
        let (bytes, _, _) = WINDOWS_1254.encode("ad\nBalı\n");
        let e = decode(&bytes, Some(UTF_8)).unwrap_err();
        assert!(e.contains("--encoding"), "{e}");
    }

    #[test]
    fn labels() {
        assert_eq!(by_label("cp1254"), Some(WINDOWS_1254));
        assert_eq!(by_label("UTF-8"), Some(UTF_8));
        assert_eq!(by_label("klingon"), None);
    }
}
