//! The sign-in, queue, subject, lists and audit pages.

use maud::{html, Markup};
use namesake_store::{AuditCheck, AuditRecord, Decision, ListDiff, ListVersion};

use crate::ui::alerts::{AlertRow, AlertState};
use crate::ui::queue::{QueueFilter, QueuePage};
use crate::ui::session::Session;
use crate::ui::view::{alert_url, page, score_cell, url, when, Nav};

/// The sign-in form; `csrf` is the double-submit token also set as a cookie.
pub(crate) fn login(csrf: &str, message: Option<&str>) -> Markup {
    let body = html! {
        div.login {
            h1 { "Sign in to the alert queue" }
            @if let Some(m) = message { p.error role="alert" { (m) } }
            form method="post" action="/ui/login" {
                input type="hidden" name="csrf" value=(csrf);
                label for="key" { "API key (review or admin role)" }
                input id="key" name="key" type="password" autocomplete="current-password" required autofocus;
                button type="submit" id="sign-in" { "Sign in" }
            }
            p.muted { "Your decisions are recorded under your key's name." }
        }
    };
    page("Sign in", None, Nav::None, body)
}

fn state_badge(s: AlertState) -> Markup {
    html! { span class=(format!("state state-{}", s.as_str())) { (s.label()) } }
}

fn done_line(done: Option<&str>) -> Markup {
    let text = match done {
        Some("false_positive") => "Recorded: false positive. Later screenings of this subject suppress the hit until the entity changes.",
        Some("true_match") => "Recorded: true match.",
        Some("awaiting_second") => "Recorded: true match, awaiting a second reviewer (four-eyes rule).",
        Some("escalated") => "Recorded: escalated.",
        _ => return html! {},
    };
    html! { p.flash role="status" { (text) } }
}

fn queue_filters(f: &QueueFilter, p: &QueuePage) -> Markup {
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    let state = f.state.clone().unwrap_or_else(|| "open".into());
    html! {
        form.filters method="get" action="/ui/queue" aria-label="Filters" {
            input type="hidden" name="state" value=(state);
            label { "List" select name="list" {
                option value="" { "any" }
                @for l in &p.lists { option value=(l) selected[f.list.as_deref() == Some(l)] { (l) } }
            } }
            label { "Band" select name="band" {
                option value="" { "any" }
                @for b in ["strong", "probable", "possible"] {
                    option value=(b) selected[f.band.as_deref() == Some(b)] { (b) }
                }
            } }
            label { "Subject" input type="search" name="subject" value=(v(&f.subject)); }
            label { "From" input type="date" name="from" value=(v(&f.from)); }
            label { "To" input type="date" name="to" value=(v(&f.to)); }
            button type="submit" { "Filter" }
        }
    }
}

fn state_tabs(f: &QueueFilter, p: &QueuePage) -> Markup {
    let current = f.wanted_state();
    let link = |state: &str| {
        let mut pairs = f.pairs();
        pairs[0].1 = state.to_string();
        let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        url("/ui/queue", &refs)
    };
    let total: usize = p.counts.iter().map(|(_, n)| n).sum();
    html! {
        nav.counts aria-label="Alerts by state" {
            @for (s, n) in &p.counts {
                a href=(link(s.as_str())) id=(format!("count-{}", s.as_str()))
                  aria-current=[(current == Some(*s)).then_some("page")] {
                    (s.label()) ": " span.n { (n) }
                }
            }
            a href=(link("all")) aria-current=[current.is_none().then_some("page")] { "All: " (total) }
        }
    }
}

fn queue_rows(p: &QueuePage) -> Markup {
    html! {
        table #queue {
            thead { tr { th { "Screened" } th { "Subject" } th { "Listed entity" } th { "List" }
                th { "Score" } th { "From" } th { "State" } } }
            tbody {
                @for it in &p.items {
                    @let href = alert_url(&it.row.subject_key, &it.row.entity_id);
                    tr data-href=(href) {
                        td { (when(&it.row.at)) }
                        td { a href=(href) class="alert-link" { (it.row.subject_label) } }
                        td { (it.entity_name) br; span.muted { (it.row.entity_id) } }
                        td { (it.row.list) }
                        td { (score_cell(it.row.score)) }
                        td { (it.row.origin.label()) @if it.row.screenings > 1 { " ×" (it.row.screenings) } }
                        td { (state_badge(it.state)) }
                    }
                }
            }
        }
    }
}

fn pager(f: &QueueFilter, p: &QueuePage) -> Markup {
    let link = |n: usize| {
        let pairs = f.pairs();
        let n = n.to_string();
        let mut refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        refs.push(("page", &n));
        url("/ui/queue", &refs)
    };
    html! {
        div.pager {
            @if p.page > 1 { a href=(link(p.page - 1)) rel="prev" { "← Newer" } }
            span { "Page " (p.page) " of " (p.pages) " · " (p.matching) " alerts" }
            @if p.page < p.pages { a href=(link(p.page + 1)) rel="next" { "Older →" } }
        }
    }
}

/// The alert queue.
pub(crate) fn queue(s: &Session, f: &QueueFilter, p: &QueuePage) -> Markup {
    let body = html! {
        h1 { "Alert queue" }
        (done_line(f.done.as_deref()))
        (state_tabs(f, p))
        (queue_filters(f, p))
        @if p.items.is_empty() {
            p #empty { "No alert matches these filters." }
        } @else {
            (queue_rows(p))
        }
        (pager(f, p))
        p.keys { kbd { "j" } " / " kbd { "k" } " move · " kbd { "Enter" } " open · "
            kbd { "t" } " true match · " kbd { "f" } " false positive" }
    };
    page("Alert queue", Some(s), Nav::Queue, body)
}

/// The decisions table (alert and subject pages).
pub(crate) fn decision_table(decisions: &[Decision]) -> Markup {
    html! {
        @if decisions.is_empty() {
            p.muted { "No decision yet." }
        } @else {
            table.decisions {
                thead { tr { th { "When" } th { "Entity" } th { "Decision" } th { "By" } th { "Reason" } } }
                tbody { @for d in decisions { tr {
                    td { (when(&d.at)) }
                    td { (d.entity_id) }
                    td { (d.verdict.as_str().replace('_', " ")) }
                    td { (d.by) }
                    td { (d.reason) }
                } } }
            }
        }
    }
}

/// A subject's alerts and decisions.
pub(crate) fn subject(
    s: &Session,
    key: &str,
    alerts: &[(AlertRow, AlertState)],
    decisions: &[Decision],
) -> Markup {
    let label = alerts
        .first()
        .map_or(key, |(r, _)| r.subject_label.as_str());
    let body = html! {
        h1 { "Subject: " (label) }
        p.muted { "Subject key " code { (key) } }
        h2 { "Alerts" }
        table { thead { tr { th { "Last screened" } th { "Entity" } th { "Score" } th { "Screenings" } th { "State" } } }
            tbody { @for (r, st) in alerts { tr {
                td { (when(&r.at)) " (" (r.origin.label()) ")" }
                td { a href=(alert_url(&r.subject_key, &r.entity_id)) { (r.entity_id) } }
                td { (score_cell(r.score)) }
                td { (r.screenings) }
                td { (state_badge(*st)) }
            } } } }
        h2 { "Decisions" }
        (decision_table(decisions))
    };
    page("Subject", Some(s), Nav::None, body)
}

/// The list versions, newest first per list, with links to each update's differences.
pub(crate) fn lists(s: &Session, versions: &[ListVersion], diff: Option<&ListDiff>) -> Markup {
    let body = html! {
        h1 { "Lists" }
        table #versions { thead { tr { th { "List" } th { "Version" } th { "Published" } th { "Fetched" }
                th { "Entities" } th { "Source" } th { "Changes" } } }
            tbody { @for (i, v) in versions.iter().enumerate() {
                @let prev = versions.get(i + 1).filter(|p| p.list == v.list);
                tr {
                    td { (v.info.name) " " span.muted { "(" (v.list) ")" } }
                    td { (v.id) }
                    td { (v.published.as_deref().unwrap_or("—")) }
                    td { (when(&v.imported_at)) }
                    td { (v.entity_count) }
                    td { (v.source) }
                    td { @if let Some(p) = prev {
                        a href=(url("/ui/lists", &[("from", &p.id.to_string()), ("to", &v.id.to_string())])) { "since version " (p.id) }
                    } @else { span.muted { "first version" } } }
                }
            } } }
        @if let Some(d) = diff { (diff_view(d)) }
    };
    page("Lists", Some(s), Nav::Lists, body)
}

fn diff_view(d: &ListDiff) -> Markup {
    let name =
        |e: &namesake_model::Entity| e.names.first().map_or(String::new(), |n| n.full.clone());
    html! {
        h2 #diff { (d.list) ": version " (d.from.id) " → " (d.to.id) }
        p { (d.added.len()) " added · " (d.removed.len()) " removed · " (d.changed.len()) " changed" }
        div.side {
            div.card { h2 { "Added" } ul { @for e in &d.added { li { (name(e)) " " span.muted { (e.id) } } } } }
            div.card { h2 { "Removed" } ul { @for e in &d.removed { li { (name(e)) " " span.muted { (e.id) } } } } }
        }
        h2 { "Changed" }
        table { thead { tr { th { "Entity" } th { "Fields" } } }
            tbody { @for c in &d.changed { tr {
                td { (c.name) " " span.muted { (c.entity_id) } }
                td { (c.fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>().join(", ")) }
            } } } }
    }
}

/// What the audit page shows.
pub(crate) struct AuditView<'a> {
    /// The search text.
    pub text: &'a str,
    /// The page starts before this record (`None`: the newest).
    pub before: Option<i64>,
    /// The next page starts before this record, when there is one.
    pub older: Option<i64>,
    /// The records, newest first.
    pub records: &'a [AuditRecord],
    /// The chain's state, when it was checked.
    pub check: Option<&'a AuditCheck>,
}

/// The audit log: search, the chain's state, export.
pub(crate) fn audit(s: &Session, v: &AuditView) -> Markup {
    let body = html! {
        h1 { "Audit log" }
        form.filters method="get" action="/ui/audit" {
            label { "Find (who, kind, subject or listed entity)"
                input id="q" name="q" type="search" value=(v.text); }
            button type="submit" { "Search" }
            a href=(url("/ui/audit", &[("q", v.text), ("verify", "1")])) id="verify" { "Verify the chain" }
            a href=(url("/ui/audit.csv", &[("q", v.text)])) id="export" download { "Export CSV" }
        }
        @match v.check {
            Some(AuditCheck::Intact { records, head }) => p.ok #chain role="status" {
                "Chain intact: " (records) " records checked"
                @if let Some(h) = head { " (newest hash " code { (h.get(..16).unwrap_or(h)) "…" } ")" }
                ". Keep the newest hash (or a signed checkpoint, `namesake audit checkpoint`) elsewhere to detect removal of the newest records."
            },
            Some(AuditCheck::Broken { seq, problem, intact_before }) => p.error #chain role="alert" {
                "Chain broken at record " (seq) ": " (problem) " (" (intact_before) " records before it check)."
            },
            None => {},
        }
        @if v.records.is_empty() {
            p.muted { "No audit record" @if !v.text.is_empty() { " contains “" (v.text) "”" } "." }
        } @else {
            table #audit { thead { tr { th { "Record" } th { "When (UTC)" } th { "Who" } th { "Kind" }
                    th { "Subject" } th { "Lists" } th { "Threshold" } th { "Hits" } } }
                tbody { @for r in v.records { tr {
                    td { (r.seq) }
                    td { (when(&r.at)) }
                    td { (r.who) }
                    td { (r.kind) }
                    td { (subject_summary(&r.subject)) }
                    td { (versions_summary(&r.list_versions)) }
                    td { (format!("{:.2}", r.threshold)) }
                    td { (hits_summary(&r.hits)) }
                } } } }
        }
        nav.pages aria-label="Audit pages" {
            @if v.before.is_some() { a href=(url("/ui/audit", &[("q", v.text)])) { "Newest" } }
            @if let Some(o) = v.older {
                a href=(url("/ui/audit", &[("q", v.text), ("before", &o.to_string())])) id="older" { "Older records" }
            }
        }
    };
    page("Audit log", Some(s), Nav::Audit, body)
}

/// A subject's key, or its names, or the start of its JSON.
fn subject_summary(json: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or(serde_json::Value::Null);
    if let Some(k) = v["subject_key"].as_str() {
        return k.to_string();
    }
    let mut t: String = json.chars().take(120).collect();
    if t.len() < json.len() {
        t.push('…');
    }
    t
}

/// "un 3, ofac-sdn 12" from the list versions' JSON.
fn versions_summary(json: &str) -> String {
    let v: Vec<serde_json::Value> = serde_json::from_str(json).unwrap_or_default();
    v.iter()
        .map(|l| {
            let list = l["list"].as_str().unwrap_or("?");
            match l["version"].as_i64() {
                Some(n) => format!("{list} {n}"),
                None => list.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The number of hits and the first three with their scores.
fn hits_summary(json: &str) -> String {
    let v: Vec<serde_json::Value> = serde_json::from_str(json).unwrap_or_default();
    let first: Vec<String> = v
        .iter()
        .take(3)
        .map(|h| {
            format!(
                "{} {:.2}",
                h["entity_id"].as_str().unwrap_or("?"),
                h["score"].as_f64().unwrap_or(0.0)
            )
        })
        .collect();
    match v.len() {
        0 => "none".to_string(),
        n if n <= 3 => first.join("; "),
        n => format!("{} (and {} more)", first.join("; "), n - 3),
    }
}
