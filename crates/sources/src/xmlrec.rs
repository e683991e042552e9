//! Streaming XML, one record at a time: the reader walks the file and hands each record element
//! (an `INDIVIDUAL`, an `sdnEntry`) to the caller as a small tree, so memory stays bounded by the
//! largest record, not the file. Namespaces are ignored (local names only).

use std::path::Path;

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::textutil::skipped;
use crate::{Skipped, SourceError};

/// An element of a record: local name, text content and children.
#[derive(Debug, Default, Clone)]
pub(crate) struct Node {
    pub name: String,
    pub text: String,
    #[allow(dead_code)] // kept for formats whose records carry attributes (uid="…")
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

impl Node {
    /// The first child with this local name.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
    /// All children with this local name.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    /// Trimmed text of the first child with this name, if not empty.
    pub fn text_of(&self, name: &str) -> Option<String> {
        self.child(name)
            .map(|c| crate::textutil::clean(&c.text))
            .filter(|t| !t.is_empty())
    }
    /// Texts of every `name/VALUE`-style grandchild.
    pub fn values(&self, name: &str, inner: &str) -> Vec<String> {
        self.all(name)
            .flat_map(|n| n.all(inner))
            .map(|v| crate::textutil::clean(&v.text))
            .filter(|t| !t.is_empty())
            .collect()
    }
}

fn local(name: &[u8]) -> String {
    let n = match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    };
    String::from_utf8_lossy(n).into_owned()
}

/// What the walk saw outside records.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    /// Local name of the root element.
    pub root: Option<String>,
    /// Attributes of the root element.
    pub root_attrs: Vec<(String, String)>,
    /// Text of top-level (non-record) elements by local name, e.g. `Publish_Date`.
    pub header: Vec<(String, String)>,
}

/// Line numbers for byte offsets that only move forward, counted incrementally so that a walk
/// over the whole file stays linear in its size (counting from the start for every record made
/// parsing quadratic).
#[derive(Debug, Default)]
struct LineCounter {
    /// Bytes before this offset are counted…
    counted_to: usize,
    /// …and hold this many newlines.
    newlines: usize,
}

impl LineCounter {
    /// The 1-based line holding byte `pos` of `data` (clamped to its end). An offset before the
    /// last one asked for is counted again from the start.
    fn line_at(&mut self, data: &[u8], pos: usize) -> usize {
        let pos = pos.min(data.len());
        if pos < self.counted_to {
            *self = Self::default();
        }
        let fresh = data.get(self.counted_to..pos).unwrap_or_default();
        self.newlines += fresh.iter().filter(|&&b| b == b'\n').count();
        self.counted_to = pos;
        self.newlines + 1
    }
}

/// What a list file's records are: the root element, the record elements, and what to say of a
/// file that has neither ("no <export> root element: not an EU Financial Sanctions File").
pub(crate) struct Shape<'a> {
    pub root: &'a str,
    pub records: &'a [&'a str],
    pub not_this: &'a str,
}

/// A list file's records as its reader made them, the ones it could not read, and what the walk
/// saw outside records (root attributes, header elements).
pub(crate) struct Records<T> {
    pub read: Vec<T>,
    pub skipped: Vec<Skipped>,
    pub walk: Walk,
}

/// Reads every record of `data` with `read`: a record it refuses is reported as skipped at its
/// line; a file that breaks after some records keeps them, the break reported at its end; a file
/// with no record and another root is not this list (`shape.not_this`).
pub(crate) fn read_records<T>(
    data: &[u8],
    path: &Path,
    shape: &Shape<'_>,
    mut read: impl FnMut(&Node) -> Result<T, String>,
) -> crate::Result<Records<T>> {
    let mut out = Records {
        read: Vec::new(),
        skipped: Vec::new(),
        walk: Walk::default(),
    };
    let mut count = 0usize;
    let walked = walk(data, shape.records, |node, line| {
        count += 1;
        match read(&node) {
            Ok(r) => out.read.push(r),
            Err(reason) => out
                .skipped
                .push(skipped(path, format!("line {line}"), reason)),
        }
    });
    let malformed = |message: String| SourceError::Malformed {
        path: path.to_path_buf(),
        message,
    };
    match walked {
        Ok(w) => out.walk = w,
        // A truncated file: keep what was read, report where it broke.
        Err(message) if count > 0 => out
            .skipped
            .push(skipped(path, "end of file".into(), message)),
        Err(message) => return Err(malformed(message)),
    }
    if count == 0 && out.walk.root.as_deref() != Some(shape.root) {
        return Err(malformed(shape.not_this.to_string()));
    }
    Ok(out)
}

/// Walks `data`, calling `on_record(node, line)` for each element whose local name is in
/// `records` (1-based line of its start tag). Returns an error message with the line number
/// when the XML itself is broken; records already handed over stay handed over.
pub(crate) fn walk(
    data: &[u8],
    records: &[&str],
    mut on_record: impl FnMut(Node, usize),
) -> Result<Walk, String> {
    let mut reader = Reader::from_reader(data);
    reader.config_mut().trim_text(false);
    let mut buf = Vec::new();
    let mut walk = Walk::default();
    let mut stack: Vec<Node> = Vec::new();
    let mut record_line = 0usize;
    let mut depth = 0usize;
    let mut header_name: Option<String> = None;
    let mut lines = LineCounter::default();
    loop {
        let pos = reader.buffer_position() as usize;
        let ev = reader.read_event_into(&mut buf);
        match ev {
            Err(e) => {
                return Err(format!(
                    "line {}: malformed XML: {e}",
                    lines.line_at(data, reader.buffer_position() as usize)
                ))
            }
            Ok(Event::Eof) => break,
            Ok(Event::Start(ref s)) | Ok(Event::Empty(ref s)) => {
                let is_empty = matches!(ev, Ok(Event::Empty(_)));
                let name = local(s.name().as_ref());
                let attrs: Vec<(String, String)> = s
                    .attributes()
                    .flatten()
                    .map(|a| {
                        (
                            local(a.key.as_ref()),
                            a.decode_and_unescape_value(reader.decoder())
                                .map(|v| v.into_owned())
                                .unwrap_or_default(),
                        )
                    })
                    .collect();
                if depth == 0 && walk.root.is_none() {
                    walk.root = Some(name.clone());
                    walk.root_attrs = attrs.clone();
                }
                if stack.is_empty() && records.contains(&name.as_str()) {
                    record_line = lines.line_at(data, pos);
                    stack.push(Node {
                        name,
                        attrs,
                        ..Default::default()
                    });
                    if is_empty {
                        if let Some(n) = stack.pop() {
                            on_record(n, record_line);
                        }
                    }
                } else if !stack.is_empty() {
                    let node = Node {
                        name,
                        attrs,
                        ..Default::default()
                    };
                    if is_empty {
                        if let Some(parent) = stack.last_mut() {
                            parent.children.push(node);
                        }
                    } else {
                        stack.push(node);
                    }
                } else if !is_empty {
                    header_name = Some(name);
                }
                if !is_empty {
                    depth += 1;
                }
            }
            Ok(Event::End(_)) => {
                depth = depth.saturating_sub(1);
                header_name = None;
                if let Some(node) = stack.pop() {
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(node),
                        None => on_record(node, record_line),
                    }
                }
            }
            Ok(Event::Text(t)) => {
                let text = t.decode().map(|c| c.into_owned()).unwrap_or_default();
                let text = quick_xml::escape::unescape(&text)
                    .map(|c| c.into_owned())
                    .unwrap_or(text);
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&text);
                } else if let Some(h) = &header_name {
                    if !text.trim().is_empty() {
                        walk.header.push((h.clone(), text.trim().to_string()));
                    }
                }
            }
            Ok(Event::CData(t)) => {
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Ok(Event::GeneralRef(r)) => {
                // Entity and character references between text pieces (&amp; &#39;).
                if let Some(n) = stack.last_mut() {
                    let raw = String::from_utf8_lossy(&r).into_owned();
                    let s = quick_xml::escape::unescape(&format!("&{raw};"))
                        .map(|c| c.into_owned())
                        .unwrap_or_default();
                    n.text.push_str(&s);
                }
            }
            Ok(_) => {}
        }
        buf.clear();
    }
    if depth > 0 {
        // The document ended with elements still open: a truncated download.
        let open = stack
            .first()
            .map(|n| {
                format!(
                    " inside a <{}> record that starts on line {record_line}",
                    n.name
                )
            })
            .unwrap_or_default();
        return Err(format!(
            "the file ends before its closing tags{open} (truncated?)"
        ));
    }
    Ok(walk)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incremental_line_numbers_match_a_count_from_the_start() {
        let data = b"a\nbb\n\nccc\nd";
        let naive = |pos: usize| {
            data[..pos.min(data.len())]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1
        };
        let mut lines = LineCounter::default();
        for pos in [0, 1, 2, 5, 5, 6, 11, 40, 3, 0, 12] {
            assert_eq!(lines.line_at(data, pos), naive(pos), "at {pos}");
        }
    }

    #[test]
    fn records_report_their_start_line() {
        let xml = b"<R>\n<X><a>1</a></X>\n\n<X>\n<a>2</a></X><X/></R>";
        let mut seen = Vec::new();
        walk(xml, &["X"], |n, line| seen.push((n.children.len(), line))).unwrap();
        assert_eq!(seen, vec![(1, 2), (1, 4), (0, 5)]);
    }
}
