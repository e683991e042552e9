//! The screen page's HTML: the form, and the results list the script replaces as the analyst
//! types. Each hit shows what the alert page shows of it: the score and band, the list, the
//! listed and the matched name with the aligned tokens marked, and the engine's explanation.

use maud::{html, Markup};
use namesake_screening::ScreenedHit;

use crate::ui::alert_page::{aligned_tokens, highlighted, why};
use crate::ui::screen::{Outcome, ScreenForm, ScreenResult, SubjectType};
use crate::ui::session::Session;
use crate::ui::view::{alert_url, facts, page, url, Nav};

/// The whole page: the form, then the results.
pub(crate) fn render(s: &Session, f: &ScreenForm, o: &Outcome) -> Markup {
    let body = html! {
        h1 { "Screen a name" }
        p.muted { "Hits appear as you type. Each screening is recorded in the audit log under your name, as an API screening is; hits it finds raise alerts in the queue." }
        form.filters #screen-form method="get" action="/ui/screen" role="search" aria-label="Subject" {
            label { "Name"
                input #name name="name" type="search" value=(f.name) autocomplete="off" spellcheck="false" required autofocus; }
            label { "Date of birth"
                input #dob name="dob" type="text" value=(f.dob) placeholder="YYYY or YYYY-MM-DD" autocomplete="off" size="12"; }
            label { "Nationality"
                input #nationality name="nationality" type="text" value=(f.nationality) placeholder="country or ISO code" autocomplete="off" size="14"; }
            label { "Type" select #type name="type" {
                @for t in SubjectType::ALL {
                    option value=(t.as_str()) selected[f.kind == t] { (t.label()) }
                }
            } }
            button type="submit" id="screen" { "Screen" }
        }
        div #results aria-live="polite" { (results(f, o)) }
        script src="/ui/assets/screen.js" defer {}
    };
    page("Screen", Some(s), Nav::Screen, body)
}

/// The results list (the fragment `/ui/screen/results` answers).
pub(crate) fn results(f: &ScreenForm, o: &Outcome) -> Markup {
    match o {
        Outcome::Empty => html! {
            p.muted #hint { "Type a name to screen it against the lists in service." }
        },
        Outcome::Refused { message, .. } => html! {
            p.error #refused role="alert" { (message) }
        },
        Outcome::Screened(r) => screened(f, r),
    }
}

fn screened(f: &ScreenForm, r: &ScreenResult) -> Markup {
    let versions: Vec<String> = r
        .versions
        .iter()
        .map(|v| match v.version {
            Some(id) => format!("{} version {id}", v.list),
            None => v.list.clone(),
        })
        .collect();
    html! {
        p #summary {
            @match r.hits.len() {
                0 => { "No hit at or above " (format!("{:.2}", r.threshold)) " for “" (f.name.trim()) "”." }
                1 => { "1 hit for “" (f.name.trim()) "”" }
                n => { (n) " hits for “" (f.name.trim()) "”" @if r.truncated { " (the best ones)" } }
            }
            @if !r.hits.is_empty() { ", threshold " (format!("{:.2}", r.threshold)) "." }
            @if r.suppressed > 0 {
                " " (r.suppressed) @if r.suppressed == 1 { " hit" } @else { " hits" }
                " left out: decided false positive for this subject."
            }
        }
        p.muted {
            "Subject key " a href=(url("/ui/subject", &[("key", &r.subject_key)])) { code { (r.subject_key) } }
            @if !versions.is_empty() { " · screened against " (versions.join(", ")) }
        }
        @for h in &r.hits { (hit_card(h, r)) }
    }
}

fn hit_card(sh: &ScreenedHit, r: &ScreenResult) -> Markup {
    let h = &sh.hit;
    let listed = aligned_tokens(Some(h), true);
    html! {
        section.card.hit {
            h2 {
                (highlighted(&h.name, &listed)) " "
                span.muted { (h.entity_id) }
            }
            p {
                span.score { (format!("{:.2}", h.score)) } " "
                span class=(format!("band band-{}", h.band.as_str())) { (h.band.as_str()) }
                @if h.exact_name_floor { " " span.muted { "exact name; other evidence disagrees" } }
            }
            dl {
                dt { "List" } dd { (h.list_name) " (" (h.list) ")" }
                dt { "Matched name" } dd { (highlighted(&h.matched_name, &listed)) }
                (facts("Date of birth", &h.listed.dates_of_birth))
                (facts("Nationality", &h.listed.nationalities))
                (facts("Programmes", &h.listed.programs))
                @if !h.also_on.is_empty() {
                    dt { "Also listed" }
                    dd { (h.also_on.iter().map(|l| l.entity_id.as_str()).collect::<Vec<_>>().join(", ")) }
                }
            }
            @if let Some(x) = &h.explanation { (why(x)) }
            @if r.alerts {
                p { a.alert-link href=(alert_url(&r.subject_key, &h.entity_id)) { "Open the alert" } }
            }
        }
    }
}
