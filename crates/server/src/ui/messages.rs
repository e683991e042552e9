//! The UI's message catalogue: one field per text a page shows, and one value of the struct per
//! language ([`EN`], [`TR`]). A message added to the struct without its Turkish (or English)
//! text is a compile error: a struct literal must give every field. Texts with values in them
//! are functions, so each language puts the values where its grammar wants them; names of
//! closed sets (alert states, bands, verdicts…) are functions over the enum, whose `match`
//! must cover every variant.

use axum::http::StatusCode;
use maud::{html, Markup};
use namesake_matcher::{Band, FeatureName, How};
use namesake_model::{NameKind, Schema};
use namesake_store::Verdict;

use crate::config::Role;
use crate::ui::alerts::{AlertState, Origin};
use crate::ui::screen::SubjectType;

/// Declares [`Messages`] and, for the tests, a way to read every message with sample values.
macro_rules! catalogue {
    ($($(#[$doc:meta])* $field:ident: $ty:ty,)*) => {
        /// Every text of the UI in one language.
        pub(crate) struct Messages {
            $($(#[$doc])* pub(crate) $field: $ty,)*
        }

        #[cfg(test)]
        impl Messages {
            /// Every message, by name, with sample values filled in (one entry per variant for
            /// the names of a closed set).
            pub(crate) fn samples(&self) -> Vec<(String, String)> {
                let mut out = Vec::new();
                $(for (variant, text) in sample::Sample::samples(&self.$field) {
                    out.push((format!("{}{variant}", stringify!($field)), text));
                })*
                out
            }
        }
    };
}

catalogue! {
    // The page frame.
    nav_main: &'static str,
    nav_queue: &'static str,
    nav_lists: &'static str,
    nav_audit: &'static str,
    nav_screen: &'static str,
    /// The signed-in analyst's name and role.
    signed_in_as: fn(&str, &str) -> Markup,
    role: fn(Role) -> &'static str,
    sign_out: &'static str,
    sign_in: &'static str,
    language: &'static str,
    error: &'static str,
    /// An error page's heading, by status code.
    status_title: fn(StatusCode) -> &'static str,
    back_to_queue: &'static str,

    // Sign-in.
    login_heading: &'static str,
    login_key_label: &'static str,
    login_note: &'static str,
    login_invalid_key: &'static str,
    login_screen_role: &'static str,
    login_form_expired: &'static str,

    // Errors.
    not_signed_in: &'static str,
    form_too_large: &'static str,
    csrf_refused: &'static str,
    no_store: &'static str,
    no_such_alert: &'static str,
    malformed_form: fn(&str) -> String,
    choose_verdict: &'static str,
    csv_failed: fn(&str) -> String,
    give_reason: &'static str,
    entity_gone: &'static str,
    four_eyes_same_reviewer: &'static str,

    // The queue.
    done_false_positive: &'static str,
    done_true_match: &'static str,
    done_awaiting_second: &'static str,
    done_escalated: &'static str,
    filters: &'static str,
    list: &'static str,
    any: &'static str,
    band_label: &'static str,
    band: fn(Band) -> &'static str,
    subject: &'static str,
    date_from: &'static str,
    date_to: &'static str,
    filter: &'static str,
    by_state: &'static str,
    state: fn(AlertState) -> &'static str,
    all: &'static str,
    col_screened: &'static str,
    listed_entity: &'static str,
    score: &'static str,
    col_origin: &'static str,
    col_state: &'static str,
    origin: fn(Origin) -> &'static str,
    newer: &'static str,
    older: &'static str,
    /// "Page 1 of 2 · 61 alerts".
    page_of: fn(usize, usize, usize) -> String,
    no_alert_matches: &'static str,
    key_move: &'static str,
    key_open: &'static str,
    true_match: &'static str,
    false_positive: &'static str,
    escalate: &'static str,

    // Decisions.
    no_decision_yet: &'static str,
    col_when: &'static str,
    col_entity: &'static str,
    decision: &'static str,
    col_by: &'static str,
    reason: &'static str,
    verdict: fn(Verdict) -> &'static str,

    // The subject page.
    subject_key: &'static str,
    alerts: &'static str,
    col_last_screened: &'static str,
    col_screenings: &'static str,
    decisions: &'static str,

    // The lists page.
    col_version: &'static str,
    col_published: &'static str,
    col_fetched: &'static str,
    col_entities: &'static str,
    col_source: &'static str,
    col_changes: &'static str,
    since_version: fn(i64) -> String,
    first_version: &'static str,
    /// "un: version 1 → 2".
    diff_heading: fn(&str, i64, i64) -> String,
    diff_counts: fn(usize, usize, usize) -> String,
    added: &'static str,
    removed: &'static str,
    changed: &'static str,
    col_fields: &'static str,
    touched_heading: &'static str,
    col_touched: &'static str,
    not_rescreened_short: &'static str,
    /// The number of registered subjects the update touched.
    touched_count: fn(usize) -> String,
    touched_none: &'static str,
    not_rescreened: &'static str,
    alert_new: &'static str,
    alert_again: &'static str,
    /// Subjects touched beyond those shown.
    more_subjects: fn(usize) -> String,

    // The audit page.
    audit_find: &'static str,
    search: &'static str,
    verify_chain: &'static str,
    export_csv: &'static str,
    /// Records checked, and the start of the newest hash.
    chain_intact: fn(u64, Option<&str>) -> Markup,
    /// The record at fault, what is wrong (the store's words), the records before it that check.
    chain_broken: fn(i64, &str, u64) -> String,
    /// The search text (empty: no search).
    no_audit_record: fn(&str) -> String,
    col_record: &'static str,
    col_when_utc: &'static str,
    col_who: &'static str,
    col_kind: &'static str,
    col_threshold: &'static str,
    col_hits: &'static str,
    newest: &'static str,
    older_records: &'static str,
    audit_pages: &'static str,
    hits_none: &'static str,
    and_more: fn(usize) -> String,

    // The alert page.
    alert: &'static str,
    date_of_birth: &'static str,
    nationality: &'static str,
    identifiers: &'static str,
    screened: &'static str,
    /// When, who, and where from.
    screened_by: fn(&str, &str, &str) -> String,
    file: &'static str,
    /// A file and a line in it.
    file_line: fn(&str, &str) -> String,
    no_longer_listed: fn(&str) -> String,
    name_kind: fn(NameKind) -> &'static str,
    entity_id: &'static str,
    schema: fn(Schema) -> &'static str,
    place_of_birth: &'static str,
    programmes: &'static str,
    details: &'static str,
    remarks: &'static str,
    list_version: &'static str,
    version_n: fn(i64) -> String,
    published_on: fn(&str) -> String,
    also_listed: &'static str,
    score_at_screening: &'static str,
    no_explanation: &'static str,
    why_matched: &'static str,
    at_screening: fn(&str) -> String,
    /// The subject's name, the listed name, the name score.
    name_scored: fn(&str, &str, &str) -> Markup,
    col_subject_token: &'static str,
    col_listed_token: &'static str,
    col_how: &'static str,
    col_similarity: &'static str,
    how: fn(How) -> &'static str,
    only_in_subject: &'static str,
    only_in_listed: &'static str,
    col_evidence: &'static str,
    col_effect: &'static str,
    col_detail: &'static str,
    feature: fn(FeatureName) -> &'static str,
    four_eyes_note: &'static str,
    verdict_legend: &'static str,
    choice_true_match: &'static str,
    choice_confirm_true_match: &'static str,
    choice_false_positive: &'static str,
    choice_escalate: &'static str,
    /// The analyst's name.
    reason_label: fn(&str) -> String,
    record_decision: &'static str,
    history: &'static str,

    // The screen page.
    screen_heading: &'static str,
    screen_intro: &'static str,
    name: &'static str,
    dob_placeholder: &'static str,
    nationality_placeholder: &'static str,
    subject_type_label: &'static str,
    subject_type: fn(SubjectType) -> &'static str,
    screen_button: &'static str,
    screen_hint: &'static str,
    /// The threshold and the name typed.
    no_hit_at: fn(&str, &str) -> String,
    /// The number of hits and the name typed.
    hits_for: fn(usize, &str) -> String,
    the_best_ones: &'static str,
    threshold_is: fn(&str) -> String,
    left_out: fn(usize) -> String,
    screened_against: fn(&str) -> String,
    exact_name_floor: &'static str,
    matched_name: &'static str,
    open_alert: &'static str,
}

/// English.
pub(crate) const EN: Messages = Messages {
    nav_main: "Main",
    nav_queue: "Alert queue",
    nav_lists: "Lists",
    nav_audit: "Audit log",
    nav_screen: "Screen",
    signed_in_as: |name, role| html! { "Signed in as " strong { (name) } " (" (role) ")" },
    role: |r| match r {
        Role::Screen => "screen",
        Role::Review => "review",
        Role::Admin => "admin",
    },
    sign_out: "Sign out",
    sign_in: "Sign in",
    language: "Language",
    error: "Error",
    status_title: |s| s.canonical_reason().unwrap_or("Error"),
    back_to_queue: "Back to the queue",

    login_heading: "Sign in to the alert queue",
    login_key_label: "API key (review or admin role)",
    login_note: "Your decisions are recorded under your key's name.",
    login_invalid_key: "This key is not valid.",
    login_screen_role: "This key has the screen role: signing in needs a key with the review or admin role.",
    login_form_expired: "The sign-in form has expired or did not come from this site. Open the sign-in page again.",

    not_signed_in: "You are not signed in.",
    form_too_large: "The form is too large.",
    csrf_refused: "This form has expired or did not come from this site (CSRF token missing or wrong). Reload the page and try again.",
    no_store: "This server has no store: there are no alerts to review.",
    no_such_alert: "There is no such alert.",
    malformed_form: |e| format!("The form cannot be read: {e}"),
    choose_verdict: "Choose a verdict.",
    csv_failed: |e| format!("The CSV export failed: {e}"),
    give_reason: "Give a reason: it is recorded with the decision.",
    entity_gone: "The entity is no longer in the lists in service.",
    four_eyes_same_reviewer: "You marked this a true match already: under the four-eyes rule another reviewer must confirm it.",

    done_false_positive: "Recorded: false positive. Later screenings of this subject suppress the hit until the entity changes.",
    done_true_match: "Recorded: true match.",
    done_awaiting_second: "Recorded: true match, awaiting a second reviewer (four-eyes rule).",
    done_escalated: "Recorded: escalated.",
    filters: "Filters",
    list: "List",
    any: "any",
    band_label: "Band",
    band: |b| match b {
        Band::Strong => "strong",
        Band::Probable => "probable",
        Band::Possible => "possible",
        Band::None => "none",
    },
    subject: "Subject",
    date_from: "From",
    date_to: "To",
    filter: "Filter",
    by_state: "Alerts by state",
    state: |s| match s {
        AlertState::Open => "Open",
        AlertState::Escalated => "Escalated",
        AlertState::AwaitingSecond => "Awaiting second reviewer",
        AlertState::Decided => "Decided",
    },
    all: "All",
    col_screened: "Screened",
    listed_entity: "Listed entity",
    score: "Score",
    col_origin: "From",
    col_state: "State",
    origin: |o| match o {
        Origin::Batch => "batch",
        Origin::Api => "API",
        Origin::Rescreen => "re-screening",
        Origin::Screen => "CLI",
        Origin::Other => "other",
    },
    newer: "← Newer",
    older: "Older →",
    page_of: |page, pages, n| format!("Page {page} of {pages} · {n} alerts"),
    no_alert_matches: "No alert matches these filters.",
    key_move: "move",
    key_open: "open",
    true_match: "true match",
    false_positive: "false positive",
    escalate: "escalate",

    no_decision_yet: "No decision yet.",
    col_when: "When",
    col_entity: "Entity",
    decision: "Decision",
    col_by: "By",
    reason: "Reason",
    verdict: |v| match v {
        Verdict::FalsePositive => "false positive",
        Verdict::TrueMatch => "true match",
        Verdict::Revoked => "revoked",
        Verdict::Escalated => "escalated",
    },

    subject_key: "Subject key",
    alerts: "Alerts",
    col_last_screened: "Last screened",
    col_screenings: "Screenings",
    decisions: "Decisions",

    col_version: "Version",
    col_published: "Published",
    col_fetched: "Fetched",
    col_entities: "Entities",
    col_source: "Source",
    col_changes: "Changes",
    since_version: |v| format!("since version {v}"),
    first_version: "first version",
    diff_heading: |list, from, to| format!("{list}: version {from} → {to}"),
    diff_counts: |a, r, c| format!("{a} added · {r} removed · {c} changed"),
    added: "Added",
    removed: "Removed",
    changed: "Changed",
    col_fields: "Fields",
    touched_heading: "Registered subjects this update touched",
    col_touched: "Subjects touched",
    not_rescreened_short: "not re-screened yet",
    touched_count: |n| match n {
        1 => "1 registered subject: its re-screening against this version raised an alert on an entity this update added or changed.".to_string(),
        n => format!("{n} registered subjects: their re-screening against this version raised alerts on entities this update added or changed."),
    },
    touched_none: "None: re-screening against this version raised no alert on an entity this update added or changed.",
    not_rescreened: "The registered subjects have not been re-screened against this version yet (namesake rescreen).",
    alert_new: "new alert",
    alert_again: "alert again (the entity changed)",
    more_subjects: |n| format!("and {n} more, not shown"),

    audit_find: "Find (who, kind, subject or listed entity)",
    search: "Search",
    verify_chain: "Verify the chain",
    export_csv: "Export CSV",
    chain_intact: |records, head| html! {
        "Chain intact: " (records) " records checked"
        @if let Some(h) = head { " (newest hash " code { (h) "…" } ")" }
        ". Keep the newest hash (or a signed checkpoint, `namesake audit checkpoint`) elsewhere to detect removal of the newest records."
    },
    chain_broken: |seq, problem, before| {
        format!("Chain broken at record {seq}: {problem} ({before} records before it check).")
    },
    no_audit_record: |text| {
        if text.is_empty() {
            "No audit record.".to_string()
        } else {
            format!("No audit record contains “{text}”.")
        }
    },
    col_record: "Record",
    col_when_utc: "When (UTC)",
    col_who: "Who",
    col_kind: "Kind",
    col_threshold: "Threshold",
    col_hits: "Hits",
    newest: "Newest",
    older_records: "Older records",
    audit_pages: "Audit pages",
    hits_none: "none",
    and_more: |n| format!("(and {n} more)"),

    alert: "Alert",
    date_of_birth: "Date of birth",
    nationality: "Nationality",
    identifiers: "Identifiers",
    screened: "Screened",
    screened_by: |when, who, origin| format!("{when} by {who} ({origin})"),
    file: "File",
    file_line: |file, line| format!("{file} line {line}"),
    no_longer_listed: |id| format!("{id} is no longer in the lists in service."),
    name_kind: |k| match k {
        NameKind::Primary => "primary",
        NameKind::Alias => "alias",
        NameKind::Former => "former name",
        NameKind::OriginalScript => "original script",
    },
    entity_id: "Id",
    schema: |s| match s {
        Schema::Person => "person",
        Schema::Organization => "organisation",
        Schema::Vessel => "vessel",
        Schema::Aircraft => "aircraft",
        Schema::Unknown => "type not given",
    },
    place_of_birth: "Place of birth",
    programmes: "Programmes",
    details: "Details",
    remarks: "Remarks",
    list_version: "List version",
    version_n: |v| format!("version {v}"),
    published_on: |d| format!("published {d}"),
    also_listed: "Also listed",
    score_at_screening: "Score at screening",
    no_explanation: "The subject no longer reaches this entity with the lists in service, so there is no explanation to show.",
    why_matched: "Why it matched",
    at_screening: |s| format!(" (at screening: {s})"),
    name_scored: |q, l, s| html! { "Name " strong { (q) } " ~ " strong { (l) } " scored " (s) },
    col_subject_token: "Subject token",
    col_listed_token: "Listed token",
    col_how: "How",
    col_similarity: "Similarity",
    how: |h| match h {
        How::Exact => "exact",
        How::Variant => "variant",
        How::Phonetic => "phonetic",
        How::Skeleton => "skeleton",
        How::Edit => "edit",
        How::Initial => "initial",
        How::Joined => "joined",
        How::Article => "article",
        How::Vowels => "vowels",
        How::Stem => "stem",
    },
    only_in_subject: "Only in the subject:",
    only_in_listed: "Only in the listed name:",
    col_evidence: "Evidence",
    col_effect: "Effect",
    col_detail: "Detail",
    feature: |f| match f {
        FeatureName::BirthDate => "date of birth",
        FeatureName::Nationality => "nationality",
        FeatureName::Gender => "gender",
        FeatureName::Identifier => "identifier",
    },
    four_eyes_note: " · four-eyes rule: a true match needs a second reviewer",
    verdict_legend: "Verdict",
    choice_true_match: "True match",
    choice_confirm_true_match: "Confirm true match",
    choice_false_positive: "False positive",
    choice_escalate: "Escalate",
    reason_label: |who| format!("Reason (recorded with your name, {who})"),
    record_decision: "Record decision",
    history: "History",

    screen_heading: "Screen a name",
    screen_intro: "Hits appear as you type. Each screening is recorded in the audit log under your name, as an API screening is; hits it finds raise alerts in the queue.",
    name: "Name",
    dob_placeholder: "YYYY or YYYY-MM-DD",
    nationality_placeholder: "country or ISO code",
    subject_type_label: "Type",
    subject_type: |t| match t {
        SubjectType::Any => "Any",
        SubjectType::Person => "Person",
        SubjectType::Organization => "Organisation",
        SubjectType::Vessel => "Vessel",
    },
    screen_button: "Screen",
    screen_hint: "Type a name to screen it against the lists in service.",
    no_hit_at: |t, name| format!("No hit at or above {t} for “{name}”."),
    hits_for: |n, name| match n {
        1 => format!("1 hit for “{name}”"),
        n => format!("{n} hits for “{name}”"),
    },
    the_best_ones: " (the best ones)",
    threshold_is: |t| format!(", threshold {t}."),
    left_out: |n| match n {
        1 => "1 hit left out: decided false positive for this subject.".to_string(),
        n => format!("{n} hits left out: decided false positive for this subject."),
    },
    screened_against: |v| format!(" · screened against {v}"),
    exact_name_floor: "exact name; other evidence disagrees",
    matched_name: "Matched name",
    open_alert: "Open the alert",
};

/// Turkish, in the words a Turkish compliance analyst uses (alarm, gerçek eşleşme, yanlış
/// pozitif, üst makama iletme, denetim kaydı, liste sürümü).
pub(crate) const TR: Messages = Messages {
    nav_main: "Ana menü",
    nav_queue: "Alarm kuyruğu",
    nav_lists: "Listeler",
    nav_audit: "Denetim kaydı",
    nav_screen: "Tarama",
    signed_in_as: |name, role| html! { "Oturum açan: " strong { (name) } " (" (role) ")" },
    role: |r| match r {
        Role::Screen => "tarama",
        Role::Review => "inceleme",
        Role::Admin => "yönetici",
    },
    sign_out: "Oturumu kapat",
    sign_in: "Oturum aç",
    language: "Dil",
    error: "Hata",
    status_title: |s| match s.as_u16() {
        400 => "Geçersiz istek",
        401 => "Kimlik doğrulanamadı",
        403 => "Erişim reddedildi",
        404 => "Bulunamadı",
        413 => "İstek çok büyük",
        422 => "İşlenemedi",
        429 => "Çok fazla istek",
        503 => "Hizmet kullanılamıyor",
        _ => "Hata",
    },
    back_to_queue: "Kuyruğa dön",

    login_heading: "Alarm kuyruğu için oturum açın",
    login_key_label: "API anahtarı (inceleme veya yönetici rolü)",
    login_note: "Kararlarınız anahtarınızın adıyla kaydedilir.",
    login_invalid_key: "Bu anahtar geçerli değil.",
    login_screen_role: "Bu anahtarın rolü tarama: oturum açmak için inceleme veya yönetici rolünde bir anahtar gerekir.",
    login_form_expired: "Oturum açma formunun süresi dolmuş ya da form bu siteden gelmemiş. Oturum açma sayfasını yeniden açın.",

    not_signed_in: "Oturum açmadınız.",
    form_too_large: "Form çok büyük.",
    csrf_refused: "Bu formun süresi dolmuş ya da form bu siteden gelmemiş (CSRF belirteci eksik veya yanlış). Sayfayı yenileyip yeniden deneyin.",
    no_store: "Bu sunucunun veri deposu yok: incelenecek alarm bulunmuyor.",
    no_such_alert: "Böyle bir alarm yok.",
    malformed_form: |e| format!("Form okunamadı: {e}"),
    choose_verdict: "Bir karar seçin.",
    csv_failed: |e| format!("CSV dışa aktarımı başarısız oldu: {e}"),
    give_reason: "Bir gerekçe yazın: kararla birlikte kaydedilir.",
    entity_gone: "Bu kayıt artık kullanımdaki listelerde yok.",
    four_eyes_same_reviewer: "Bunu zaten gerçek eşleşme olarak işaretlediniz: dört göz kuralı gereği başka bir inceleyicinin onaylaması gerekir.",

    done_false_positive: "Kaydedildi: yanlış pozitif. Listedeki kayıt değişmedikçe bu tarafın sonraki taramalarında bu eşleşme gösterilmez.",
    done_true_match: "Kaydedildi: gerçek eşleşme.",
    done_awaiting_second: "Kaydedildi: gerçek eşleşme; ikinci bir inceleyicinin onayı bekleniyor (dört göz kuralı).",
    done_escalated: "Kaydedildi: üst makama iletildi.",
    filters: "Filtreler",
    list: "Liste",
    any: "tümü",
    band_label: "Bant",
    band: |b| match b {
        Band::Strong => "güçlü",
        Band::Probable => "kuvvetle muhtemel",
        Band::Possible => "olası",
        Band::None => "yok",
    },
    subject: "Taranan taraf",
    date_from: "Başlangıç",
    date_to: "Bitiş",
    filter: "Filtrele",
    by_state: "Duruma göre alarmlar",
    state: |s| match s {
        AlertState::Open => "Açık",
        AlertState::Escalated => "Üst makama iletildi",
        AlertState::AwaitingSecond => "İkinci inceleyici bekleniyor",
        AlertState::Decided => "Karara bağlandı",
    },
    all: "Tümü",
    col_screened: "Tarama zamanı",
    listed_entity: "Listedeki kayıt",
    score: "Skor",
    col_origin: "Kaynak",
    col_state: "Durum",
    origin: |o| match o {
        Origin::Batch => "toplu tarama",
        Origin::Api => "API taraması",
        Origin::Rescreen => "yeniden tarama",
        Origin::Screen => "komut satırı",
        Origin::Other => "diğer",
    },
    newer: "← Daha yeni",
    older: "Daha eski →",
    page_of: |page, pages, n| format!("Sayfa {page} / {pages} · {n} alarm"),
    no_alert_matches: "Bu filtrelere uyan alarm yok.",
    key_move: "gezin",
    key_open: "aç",
    true_match: "gerçek eşleşme",
    false_positive: "yanlış pozitif",
    escalate: "üst makama ilet",

    no_decision_yet: "Henüz karar yok.",
    col_when: "Zaman",
    col_entity: "Kayıt",
    decision: "Karar",
    col_by: "Karar veren",
    reason: "Gerekçe",
    verdict: |v| match v {
        Verdict::FalsePositive => "yanlış pozitif",
        Verdict::TrueMatch => "gerçek eşleşme",
        Verdict::Revoked => "geri alındı",
        Verdict::Escalated => "üst makama iletildi",
    },

    subject_key: "Taraf anahtarı",
    alerts: "Alarmlar",
    col_last_screened: "Son tarama",
    col_screenings: "Tarama sayısı",
    decisions: "Kararlar",

    col_version: "Sürüm",
    col_published: "Yayımlanma",
    col_fetched: "Alınma",
    col_entities: "Kayıt sayısı",
    col_source: "Kaynak dosya",
    col_changes: "Değişiklikler",
    since_version: |v| format!("{v}. sürümden bu yana"),
    first_version: "ilk sürüm",
    diff_heading: |list, from, to| format!("{list}: sürüm {from} → {to}"),
    diff_counts: |a, r, c| format!("{a} eklendi · {r} çıkarıldı · {c} değişti"),
    added: "Eklenenler",
    removed: "Çıkarılanlar",
    changed: "Değişenler",
    col_fields: "Alanlar",
    touched_heading: "Bu güncellemenin etkilediği kayıtlı taraflar",
    col_touched: "Etkilenen taraflar",
    not_rescreened_short: "henüz yeniden taranmadı",
    touched_count: |n| format!("{n} kayıtlı taraf: bu sürüme karşı yeniden taramada, bu güncellemenin eklediği veya değiştirdiği kayıtlarla alarm üretti."),
    touched_none: "Yok: bu sürüme karşı yeniden tarama, bu güncellemenin eklediği veya değiştirdiği hiçbir kayıtla alarm üretmedi.",
    not_rescreened: "Kayıtlı taraflar bu sürüme karşı henüz yeniden taranmadı (namesake rescreen).",
    alert_new: "yeni alarm",
    alert_again: "yeniden alarm (kayıt değişti)",
    more_subjects: |n| format!("ve gösterilmeyen {n} taraf daha"),

    audit_find: "Ara (kim, tür, taranan taraf veya listedeki kayıt)",
    search: "Ara",
    verify_chain: "Zinciri doğrula",
    export_csv: "CSV olarak dışa aktar",
    chain_intact: |records, head| html! {
        "Zincir sağlam: " (records) " kayıt doğrulandı"
        @if let Some(h) = head { " (en yeni özet " code { (h) "…" } ")" }
        ". En yeni kayıtların silinmesini fark edebilmek için en yeni özeti (ya da imzalı bir kontrol noktasını, `namesake audit checkpoint`) başka bir yerde saklayın."
    },
    chain_broken: |seq, problem, before| {
        format!("Zincir {seq} numaralı kayıtta kırık: {problem} (öncesindeki {before} kayıt doğrulandı).")
    },
    no_audit_record: |text| {
        if text.is_empty() {
            "Denetim kaydı yok.".to_string()
        } else {
            format!("“{text}” içeren denetim kaydı yok.")
        }
    },
    col_record: "Kayıt no",
    col_when_utc: "Zaman (UTC)",
    col_who: "Kim",
    col_kind: "Tür",
    col_threshold: "Eşik",
    col_hits: "Eşleşmeler",
    newest: "En yeni",
    older_records: "Daha eski kayıtlar",
    audit_pages: "Denetim kaydı sayfaları",
    hits_none: "yok",
    and_more: |n| format!("(ve {n} tane daha)"),

    alert: "Alarm",
    date_of_birth: "Doğum tarihi",
    nationality: "Uyruk",
    identifiers: "Kimlik numaraları",
    screened: "Tarama",
    screened_by: |when, who, origin| format!("{when}, tarayan: {who} ({origin})"),
    file: "Dosya",
    file_line: |file, line| format!("{file}, satır {line}"),
    no_longer_listed: |id| format!("{id} artık kullanımdaki listelerde yok."),
    name_kind: |k| match k {
        NameKind::Primary => "asıl ad",
        NameKind::Alias => "diğer ad",
        NameKind::Former => "eski ad",
        NameKind::OriginalScript => "özgün yazım",
    },
    entity_id: "Kayıt no",
    schema: |s| match s {
        Schema::Person => "kişi",
        Schema::Organization => "kuruluş",
        Schema::Vessel => "gemi",
        Schema::Aircraft => "hava aracı",
        Schema::Unknown => "türü belirtilmemiş",
    },
    place_of_birth: "Doğum yeri",
    programmes: "Yaptırım programları",
    details: "Ayrıntılar",
    remarks: "Açıklamalar",
    list_version: "Liste sürümü",
    version_n: |v| format!("sürüm {v}"),
    published_on: |d| format!("yayım tarihi {d}"),
    also_listed: "Diğer listelerde",
    score_at_screening: "Tarama anındaki skor",
    no_explanation: "Taranan taraf kullanımdaki listelerle artık bu kayıtla eşleşmiyor; gösterilecek bir açıklama yok.",
    why_matched: "Neden eşleşti",
    at_screening: |s| format!(" (tarama anında: {s})"),
    name_scored: |q, l, s| html! { "Ad " strong { (q) } " ~ " strong { (l) } ", skor " (s) },
    col_subject_token: "Taranan adın sözcüğü",
    col_listed_token: "Listedeki adın sözcüğü",
    col_how: "Nasıl",
    col_similarity: "Benzerlik",
    how: |h| match h {
        How::Exact => "birebir",
        How::Variant => "yazım varyantı",
        How::Phonetic => "fonetik",
        How::Skeleton => "ünsüz iskeleti",
        How::Edit => "yazım farkı",
        How::Initial => "baş harf",
        How::Joined => "bitişik yazım",
        How::Article => "tanımlık (el-)",
        How::Vowels => "ünlüler farklı",
        How::Stem => "kök",
    },
    only_in_subject: "Yalnızca taranan adda:",
    only_in_listed: "Yalnızca listedeki adda:",
    col_evidence: "Kanıt",
    col_effect: "Etkisi",
    col_detail: "Ayrıntı",
    feature: |f| match f {
        FeatureName::BirthDate => "doğum tarihi",
        FeatureName::Nationality => "uyruk",
        FeatureName::Gender => "cinsiyet",
        FeatureName::Identifier => "kimlik numarası",
    },
    four_eyes_note: " · dört göz kuralı: gerçek eşleşme ikinci bir inceleyicinin onayını gerektirir",
    verdict_legend: "Karar türü",
    choice_true_match: "Gerçek eşleşme",
    choice_confirm_true_match: "Gerçek eşleşmeyi onayla",
    choice_false_positive: "Yanlış pozitif",
    choice_escalate: "Üst makama ilet",
    reason_label: |who| format!("Gerekçe (adınızla kaydedilir: {who})"),
    record_decision: "Kararı kaydet",
    history: "Geçmiş",

    screen_heading: "Ad tarama",
    screen_intro: "Siz yazdıkça eşleşmeler görünür. Her tarama, API taramaları gibi adınızla denetim kaydına yazılır; bulunan eşleşmeler kuyrukta alarm oluşturur.",
    name: "Ad",
    dob_placeholder: "YYYY veya YYYY-AA-GG",
    nationality_placeholder: "ülke veya ISO kodu",
    subject_type_label: "Tür",
    subject_type: |t| match t {
        SubjectType::Any => "Tümü",
        SubjectType::Person => "Kişi",
        SubjectType::Organization => "Kuruluş",
        SubjectType::Vessel => "Gemi",
    },
    screen_button: "Tara",
    screen_hint: "Kullanımdaki listelere karşı taramak için bir ad yazın.",
    no_hit_at: |t, name| format!("“{name}” için {t} veya üzeri eşleşme yok."),
    hits_for: |n, name| format!("“{name}” için {n} eşleşme"),
    the_best_ones: " (en iyileri)",
    threshold_is: |t| format!(", eşik {t}."),
    left_out: |n| format!("{n} eşleşme gösterilmedi: bu taraf için yanlış pozitif kararı verilmiş."),
    screened_against: |v| format!(" · taranan listeler: {v}"),
    exact_name_floor: "ad birebir aynı; diğer kanıtlar uyuşmuyor",
    matched_name: "Eşleşen ad",
    open_alert: "Alarmı aç",
};

#[cfg(test)]
mod sample {
    //! Sample values for every kind of message, so that a test can read them all.

    use super::*;

    pub(crate) trait Sample {
        /// (variant suffix, text) pairs.
        fn samples(&self) -> Vec<(String, String)>;
    }

    fn one(text: impl Into<String>) -> Vec<(String, String)> {
        vec![(String::new(), text.into())]
    }

    fn each<T: std::fmt::Debug + Copy>(
        all: &[T],
        f: impl Fn(T) -> &'static str,
    ) -> Vec<(String, String)> {
        all.iter()
            .map(|v| (format!("::{v:?}"), f(*v).to_string()))
            .collect()
    }

    impl Sample for &'static str {
        fn samples(&self) -> Vec<(String, String)> {
            one(*self)
        }
    }
    impl Sample for fn(&str) -> String {
        fn samples(&self) -> Vec<(String, String)> {
            one(self("X"))
        }
    }
    impl Sample for fn(i64) -> String {
        fn samples(&self) -> Vec<(String, String)> {
            one(self(7))
        }
    }
    impl Sample for fn(usize) -> String {
        fn samples(&self) -> Vec<(String, String)> {
            vec![("(1)".into(), self(1)), ("(7)".into(), self(7))]
        }
    }
    impl Sample for fn(usize, &str) -> String {
        fn samples(&self) -> Vec<(String, String)> {
            vec![("(1)".into(), self(1, "X")), ("(7)".into(), self(7, "X"))]
        }
    }
    impl Sample for fn(&str, &str) -> String {
        fn samples(&self) -> Vec<(String, String)> {
            one(self("X", "Y"))
        }
    }
    impl Sample for fn(&str, &str, &str) -> String {
        fn samples(&self) -> Vec<(String, String)> {
            one(self("X", "Y", "Z"))
        }
    }
    impl Sample for fn(&str, i64, i64) -> String {
        fn samples(&self) -> Vec<(String, String)> {
            one(self("X", 1, 2))
        }
    }
    impl Sample for fn(usize, usize, usize) -> String {
        fn samples(&self) -> Vec<(String, String)> {
            one(self(1, 2, 3))
        }
    }
    impl Sample for fn(i64, &str, u64) -> String {
        fn samples(&self) -> Vec<(String, String)> {
            one(self(7, "X", 6))
        }
    }
    impl Sample for fn(&str, &str) -> Markup {
        fn samples(&self) -> Vec<(String, String)> {
            one(self("X", "Y").into_string())
        }
    }
    impl Sample for fn(&str, &str, &str) -> Markup {
        fn samples(&self) -> Vec<(String, String)> {
            one(self("X", "Y", "Z").into_string())
        }
    }
    impl Sample for fn(u64, Option<&str>) -> Markup {
        fn samples(&self) -> Vec<(String, String)> {
            vec![
                ("(head)".into(), self(7, Some("abc")).into_string()),
                ("(no head)".into(), self(7, None).into_string()),
            ]
        }
    }
    impl Sample for fn(StatusCode) -> &'static str {
        fn samples(&self) -> Vec<(String, String)> {
            let codes = [400u16, 401, 403, 404, 413, 422, 429, 503];
            codes
                .iter()
                .filter_map(|c| StatusCode::from_u16(*c).ok())
                .map(|c| (format!("({c})"), self(c).to_string()))
                .collect()
        }
    }
    impl Sample for fn(Role) -> &'static str {
        fn samples(&self) -> Vec<(String, String)> {
            each(&[Role::Screen, Role::Review, Role::Admin], self)
        }
    }
    impl Sample for fn(Band) -> &'static str {
        fn samples(&self) -> Vec<(String, String)> {
            let all = [Band::Strong, Band::Probable, Band::Possible, Band::None];
            each(&all, self)
        }
    }
    impl Sample for fn(AlertState) -> &'static str {
        fn samples(&self) -> Vec<(String, String)> {
            each(&AlertState::ALL, self)
        }
    }
    impl Sample for fn(Origin) -> &'static str {
        fn samples(&self) -> Vec<(String, String)> {
            each(&Origin::ALL, self)
        }
    }
    impl Sample for fn(Verdict) -> &'static str {
        fn samples(&self) -> Vec<(String, String)> {
            let all = [
                Verdict::FalsePositive,
                Verdict::TrueMatch,
                Verdict::Revoked,
                Verdict::Escalated,
            ];
            each(&all, self)
        }
    }
    impl Sample for fn(NameKind) -> &'static str {
        fn samples(&self) -> Vec<(String, String)> {
            let all = [
                NameKind::Primary,
                NameKind::Alias,
                NameKind::Former,
                NameKind::OriginalScript,
            ];
            each(&all, self)
        }
    }
    impl Sample for fn(Schema) -> &'static str {
        fn samples(&self) -> Vec<(String, String)> {
            let all = [
                Schema::Person,
                Schema::Organization,
                Schema::Vessel,
                Schema::Aircraft,
                Schema::Unknown,
            ];
            each(&all, self)
        }
    }
    impl Sample for fn(How) -> &'static str {
        fn samples(&self) -> Vec<(String, String)> {
            let all = [
                How::Exact,
                How::Variant,
                How::Phonetic,
                How::Skeleton,
                How::Edit,
                How::Initial,
                How::Joined,
                How::Article,
                How::Vowels,
                How::Stem,
            ];
            each(&all, self)
        }
    }
    impl Sample for fn(FeatureName) -> &'static str {
        fn samples(&self) -> Vec<(String, String)> {
            let all = [
                FeatureName::BirthDate,
                FeatureName::Nationality,
                FeatureName::Gender,
                FeatureName::Identifier,
            ];
            each(&all, self)
        }
    }
    impl Sample for fn(SubjectType) -> &'static str {
        fn samples(&self) -> Vec<(String, String)> {
            each(&SubjectType::ALL, self)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Messages that are rightly the same in both languages, and why.
    /// None so far: what is the same in every language stays out of the catalogue (the
    /// product's name "namesake", the languages' own names on the switch, key names such as
    /// `Enter`, codes such as `un` or `API` inside longer texts, and the data).
    const SAME_IN_BOTH: &[(&str, &str)] = &[];

    #[test]
    fn every_message_is_translated_and_not_copied() {
        let en = EN.samples();
        let tr = TR.samples();
        assert_eq!(
            en.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            tr.iter().map(|(k, _)| k).collect::<Vec<_>>()
        );
        let mut copied = Vec::new();
        for ((key, e), (_, t)) in en.iter().zip(&tr) {
            assert!(!e.trim().is_empty(), "{key}: no English text");
            assert!(!t.trim().is_empty(), "{key}: no Turkish text");
            let allowed = SAME_IN_BOTH.iter().any(|(k, _)| k == key);
            if e == t && !allowed {
                copied.push(format!("{key}: {e:?}"));
            }
            if e != t && allowed {
                copied.push(format!("{key} is listed as the same in both but is not"));
            }
        }
        assert!(
            copied.is_empty(),
            "Turkish texts that are copies of the English (translate them, or list them in \
             SAME_IN_BOTH with the reason):\n{}",
            copied.join("\n")
        );
        assert!(
            en.len() > 150,
            "the samples cover the catalogue: {}",
            en.len()
        );
    }

    #[test]
    fn turkish_uses_its_own_letters() {
        let all: String = TR.samples().into_iter().map(|(_, t)| t).collect();
        for letter in ['ı', 'İ', 'ş', 'ğ', 'ü', 'ö', 'ç'] {
            assert!(all.contains(letter), "no {letter} in the Turkish texts");
        }
    }
}
