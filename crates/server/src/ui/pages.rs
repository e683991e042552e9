//! The sign-in, queue, subject, lists and audit pages.

use std::collections::HashMap;

use maud::{html, Markup};
use namesake_matcher::Band;
use namesake_store::{AuditCheck, AuditRecord, Decision, ListDiff, ListVersion};

use crate::ui::alerts::{AlertRow, AlertState};
use crate::ui::i18n::Ctx;
use crate::ui::queue::{QueueFilter, QueuePage};
use crate::ui::session::Session;
use crate::ui::touched::{Touched, TouchedCount};
use crate::ui::view::{alert_url, page, score_cell, url, when, Nav};

/// The sign-in form; `csrf` is the double-submit token also set as a cookie.
pub(crate) fn login(cx: &Ctx, csrf: &str, message: Option<&str>) -> Markup {
    let t = cx.t();
    let body = html! {
        div.login {
            h1 { (t.login_heading) }
            @if let Some(m) = message { p.error role="alert" { (m) } }
            form method="post" action="/ui/login" {
                input type="hidden" name="csrf" value=(csrf);
                label for="key" { (t.login_key_label) }
                input id="key" name="key" type="password" autocomplete="current-password" required autofocus;
                button type="submit" id="sign-in" { (t.sign_in) }
            }
            p.muted { (t.login_note) }
        }
    };
    page(cx, t.sign_in, None, Nav::None, body)
}

pub(crate) fn state_badge(cx: &Ctx, s: AlertState) -> Markup {
    html! { span class=(format!("state state-{}", s.as_str())) { ((cx.t().state)(s)) } }
}

fn done_line(cx: &Ctx, done: Option<&str>) -> Markup {
    let t = cx.t();
    let text = match done {
        Some("false_positive") => t.done_false_positive,
        Some("true_match") => t.done_true_match,
        Some("awaiting_second") => t.done_awaiting_second,
        Some("escalated") => t.done_escalated,
        _ => return html! {},
    };
    html! { p.flash role="status" { (text) } }
}

fn queue_filters(cx: &Ctx, f: &QueueFilter, p: &QueuePage) -> Markup {
    let t = cx.t();
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    let state = f.state.clone().unwrap_or_else(|| "open".into());
    html! {
        form.filters method="get" action="/ui/queue" aria-label=(t.filters) {
            input type="hidden" name="state" value=(state);
            label { (t.list) select name="list" {
                option value="" { (t.any) }
                @for l in &p.lists { option value=(l) selected[f.list.as_deref() == Some(l)] { (l) } }
            } }
            label { (t.band_label) select name="band" {
                option value="" { (t.any) }
                @for b in [Band::Strong, Band::Probable, Band::Possible] {
                    option value=(b.as_str()) selected[f.band.as_deref() == Some(b.as_str())] { ((t.band)(b)) }
                }
            } }
            label { (t.subject) input type="search" name="subject" value=(v(&f.subject)); }
            label { (t.date_from) input type="date" name="from" value=(v(&f.from)); }
            label { (t.date_to) input type="date" name="to" value=(v(&f.to)); }
            button type="submit" { (t.filter) }
        }
    }
}

fn state_tabs(cx: &Ctx, f: &QueueFilter, p: &QueuePage) -> Markup {
    let t = cx.t();
    let current = f.wanted_state();
    let link = |state: &str| {
        let mut pairs = f.pairs();
        pairs[0].1 = state.to_string();
        let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        url("/ui/queue", &refs)
    };
    let total: usize = p.counts.iter().map(|(_, n)| n).sum();
    html! {
        nav.counts aria-label=(t.by_state) {
            @for (s, n) in &p.counts {
                a href=(link(s.as_str())) id=(format!("count-{}", s.as_str()))
                  aria-current=[(current == Some(*s)).then_some("page")] {
                    ((t.state)(*s)) ": " span.n { (n) }
                }
            }
            a href=(link("all")) aria-current=[current.is_none().then_some("page")] { (t.all) ": " (total) }
        }
    }
}

fn queue_rows(cx: &Ctx, p: &QueuePage) -> Markup {
    let t = cx.t();
    html! {
        table #queue {
            thead { tr { th { (t.col_screened) } th { (t.subject) } th { (t.listed_entity) } th { (t.list) }
                th { (t.score) } th { (t.col_origin) } th { (t.col_state) } } }
            tbody {
                @for it in &p.items {
                    @let href = alert_url(&it.row.subject_key, &it.row.entity_id);
                    tr data-href=(href) {
                        td { (when(&it.row.at)) }
                        td { a href=(href) class="alert-link" { (it.row.subject_label) } }
                        td { (it.entity_name) br; span.muted { (it.row.entity_id) } }
                        td { (it.row.list) }
                        td { (score_cell(cx, it.row.score)) }
                        td { ((t.origin)(it.row.origin)) @if it.row.screenings > 1 { " ×" (it.row.screenings) } }
                        td { (state_badge(cx, it.state)) }
                    }
                }
            }
        }
    }
}

fn pager(cx: &Ctx, f: &QueueFilter, p: &QueuePage) -> Markup {
    let t = cx.t();
    let link = |n: usize| {
        let pairs = f.pairs();
        let n = n.to_string();
        let mut refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        refs.push(("page", &n));
        url("/ui/queue", &refs)
    };
    html! {
        div.pager {
            @if p.page > 1 { a href=(link(p.page - 1)) rel="prev" { (t.newer) } }
            span { ((t.page_of)(p.page, p.pages, p.matching)) }
            @if p.page < p.pages { a href=(link(p.page + 1)) rel="next" { (t.older) } }
        }
    }
}

/// The alert queue.
pub(crate) fn queue(cx: &Ctx, s: &Session, f: &QueueFilter, p: &QueuePage) -> Markup {
    let t = cx.t();
    let body = html! {
        h1 { (t.nav_queue) }
        (done_line(cx, f.done.as_deref()))
        (state_tabs(cx, f, p))
        (queue_filters(cx, f, p))
        @if p.items.is_empty() {
            p #empty { (t.no_alert_matches) }
        } @else {
            (queue_rows(cx, p))
        }
        (pager(cx, f, p))
        p.keys { kbd { "j" } " / " kbd { "k" } " " (t.key_move) " · " kbd { "Enter" } " " (t.key_open) " · "
            kbd { "t" } " " (t.true_match) " · " kbd { "f" } " " (t.false_positive) }
    };
    page(cx, t.nav_queue, Some(s), Nav::Queue, body)
}

/// The decisions table (alert and subject pages).
pub(crate) fn decision_table(cx: &Ctx, decisions: &[Decision]) -> Markup {
    let t = cx.t();
    html! {
        @if decisions.is_empty() {
            p.muted { (t.no_decision_yet) }
        } @else {
            table.decisions {
                thead { tr { th { (t.col_when) } th { (t.col_entity) } th { (t.decision) } th { (t.col_by) } th { (t.reason) } } }
                tbody { @for d in decisions { tr {
                    td { (when(&d.at)) }
                    td { (d.entity_id) }
                    td { ((t.verdict)(d.verdict)) }
                    td { (d.by) }
                    td { (d.reason) }
                } } }
            }
        }
    }
}

/// A subject's alerts and decisions.
pub(crate) fn subject(
    cx: &Ctx,
    s: &Session,
    key: &str,
    alerts: &[(AlertRow, AlertState)],
    decisions: &[Decision],
) -> Markup {
    let t = cx.t();
    let label = alerts
        .first()
        .map_or(key, |(r, _)| r.subject_label.as_str());
    let body = html! {
        h1 { (t.subject) ": " (label) }
        p.muted { (t.subject_key) " " code { (key) } }
        h2 { (t.alerts) }
        table { thead { tr { th { (t.col_last_screened) } th { (t.col_entity) } th { (t.score) } th { (t.col_screenings) } th { (t.col_state) } } }
            tbody { @for (r, st) in alerts { tr {
                td { (when(&r.at)) " (" ((t.origin)(r.origin)) ")" }
                td { a href=(alert_url(&r.subject_key, &r.entity_id)) { (r.entity_id) } }
                td { (score_cell(cx, r.score)) }
                td { (r.screenings) }
                td { (state_badge(cx, *st)) }
            } } } }
        h2 { (t.decisions) }
        (decision_table(cx, decisions))
    };
    page(cx, t.subject, Some(s), Nav::None, body)
}

/// What the lists page shows.
pub(crate) struct ListsView<'a> {
    /// Sorted by list, newest first.
    pub(crate) versions: &'a [ListVersion],
    /// The touched-subject counts of the newest updates, by the version each brought.
    pub(crate) counts: &'a HashMap<i64, TouchedCount>,
    /// The update asked for: its differences and the subjects it touched.
    pub(crate) diff: Option<(&'a ListDiff, &'a Touched)>,
}

/// The list versions, newest first per list, with links to each update's differences and the
/// number of registered subjects it touched.
pub(crate) fn lists(cx: &Ctx, s: &Session, v: &ListsView) -> Markup {
    let t = cx.t();
    let versions = v.versions;
    let body = html! {
        h1 { (t.nav_lists) }
        table #versions { thead { tr { th { (t.list) } th { (t.col_version) } th { (t.col_published) } th { (t.col_fetched) }
                th { (t.col_entities) } th { (t.col_source) } th { (t.col_changes) } th { (t.col_touched) } } }
            tbody { @for (i, ver) in versions.iter().enumerate() {
                @let prev = versions.get(i + 1).filter(|p| p.list == ver.list);
                @let diff_url = prev.map(|p| url("/ui/lists", &[("from", &p.id.to_string()), ("to", &ver.id.to_string())]));
                tr {
                    td { (ver.info.name) " " span.muted { "(" (ver.list) ")" } }
                    td { (ver.id) }
                    td { (ver.published.as_deref().unwrap_or("—")) }
                    td { (when(&ver.imported_at)) }
                    td { (ver.entity_count) }
                    td { (ver.source) }
                    td { @if let (Some(p), Some(href)) = (prev, &diff_url) {
                        a href=(href) { ((t.since_version)(p.id)) }
                    } @else { span.muted { (t.first_version) } } }
                    td { @match (v.counts.get(&ver.id), &diff_url) {
                        (Some(TouchedCount::Subjects(n)), Some(href)) => a href=(format!("{href}#touched")) class="touched-count" { (n) },
                        (Some(TouchedCount::NotRescreened), _) => span.muted { (t.not_rescreened_short) },
                        _ => span.muted { "—" },
                    } }
                }
            } } }
        @if let Some((d, touched)) = v.diff { (diff_view(cx, d)) (touched_view(cx, touched)) }
    };
    page(cx, t.nav_lists, Some(s), Nav::Lists, body)
}

fn diff_view(cx: &Ctx, d: &ListDiff) -> Markup {
    let t = cx.t();
    let name =
        |e: &namesake_model::Entity| e.names.first().map_or(String::new(), |n| n.full.clone());
    html! {
        h2 #diff { ((t.diff_heading)(&d.list, d.from.id, d.to.id)) }
        p { ((t.diff_counts)(d.added.len(), d.removed.len(), d.changed.len())) }
        div.side {
            div.card { h2 { (t.added) } ul { @for e in &d.added { li { (name(e)) " " span.muted { (e.id) } } } } }
            div.card { h2 { (t.removed) } ul { @for e in &d.removed { li { (name(e)) " " span.muted { (e.id) } } } } }
        }
        h2 { (t.changed) }
        table { thead { tr { th { (t.col_entity) } th { (t.col_fields) } } }
            tbody { @for c in &d.changed { tr {
                td { (c.name) " " span.muted { (c.entity_id) } }
                td { (c.fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>().join(", ")) }
            } } } }
    }
}

/// The registered subjects an update touched, linked to their pages.
fn touched_view(cx: &Ctx, touched: &Touched) -> Markup {
    let t = cx.t();
    html! {
        h2 #touched { (t.touched_heading) }
        @if touched.total == 0 {
            p.muted { @if touched.rescreened { (t.touched_none) } @else { (t.not_rescreened) } }
        } @else {
            p { ((t.touched_count)(touched.total)) }
            table #touched-subjects { thead { tr { th { (t.subject) } th { (t.listed_entity) } th { (t.score) } th { (t.alerts) } } }
                tbody { @for s in &touched.subjects { @for (i, h) in s.hits.iter().enumerate() { tr {
                    @if i == 0 {
                        td rowspan=(s.hits.len()) {
                            a href=(url("/ui/subject", &[("key", &s.key)])) { (s.label) } br;
                            span.muted { (s.key) }
                        }
                    }
                    td { a href=(alert_url(&s.key, &h.entity_id)) { (h.entity_id) } }
                    td { (score_cell(cx, h.score)) }
                    td { @if h.alerted_before { (t.alert_again) } @else { (t.alert_new) } }
                } } } } }
            @if touched.total > touched.subjects.len() {
                p #touched-more { ((t.more_subjects)(touched.total - touched.subjects.len())) }
            }
        }
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
pub(crate) fn audit(cx: &Ctx, s: &Session, v: &AuditView) -> Markup {
    let t = cx.t();
    let body = html! {
        h1 { (t.nav_audit) }
        form.filters method="get" action="/ui/audit" {
            label { (t.audit_find)
                input id="q" name="q" type="search" value=(v.text); }
            button type="submit" { (t.search) }
            a href=(url("/ui/audit", &[("q", v.text), ("verify", "1")])) id="verify" { (t.verify_chain) }
            a href=(url("/ui/audit.csv", &[("q", v.text)])) id="export" download { (t.export_csv) }
        }
        @match v.check {
            Some(AuditCheck::Intact { records, head }) => p.ok #chain role="status" {
                ((t.chain_intact)(*records, head.as_deref().map(|h| h.get(..16).unwrap_or(h))))
            },
            Some(AuditCheck::Broken { seq, problem, intact_before }) => p.error #chain role="alert" {
                ((t.chain_broken)(*seq, problem, *intact_before))
            },
            None => {},
        }
        @if v.records.is_empty() {
            p.muted { ((t.no_audit_record)(v.text)) }
        } @else {
            table #audit { thead { tr { th { (t.col_record) } th { (t.col_when_utc) } th { (t.col_who) } th { (t.col_kind) }
                    th { (t.subject) } th { (t.nav_lists) } th { (t.col_threshold) } th { (t.col_hits) } } }
                tbody { @for r in v.records { tr {
                    td { (r.seq) }
                    td { (when(&r.at)) }
                    td { (r.who) }
                    td { (r.kind) }
                    td { (subject_summary(&r.subject)) }
                    td { (versions_summary(&r.list_versions)) }
                    td { (format!("{:.2}", r.threshold)) }
                    td { (hits_summary(cx, &r.hits)) }
                } } } }
        }
        nav.pages aria-label=(t.audit_pages) {
            @if v.before.is_some() { a href=(url("/ui/audit", &[("q", v.text)])) { (t.newest) } }
            @if let Some(o) = v.older {
                a href=(url("/ui/audit", &[("q", v.text), ("before", &o.to_string())])) id="older" { (t.older_records) }
            }
        }
    };
    page(cx, t.nav_audit, Some(s), Nav::Audit, body)
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
fn hits_summary(cx: &Ctx, json: &str) -> String {
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
        0 => cx.t().hits_none.to_string(),
        n if n <= 3 => first.join("; "),
        n => format!("{} {}", first.join("; "), (cx.t().and_more)(n - 3)),
    }
}
