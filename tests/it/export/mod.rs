//! Export and move: demo → export → import (into the other engine when `TEST_DATABASE_URL` is
//! set) → export gives the same bytes; the schema guard; credentials; refusals; backup.
mod backup;
mod cli;
mod roundtrip;
mod schema_guard;

use std::path::{Path, PathBuf};

use lupa::{config::Settings, db};
use sea_orm::DatabaseConnection;

/// A migrated SQLite database in `dir`, whatever `TEST_DATABASE_URL` says.
pub async fn sqlite_in(dir: &Path) -> DatabaseConnection {
    let settings = Settings {
        data_dir: dir.to_owned(),
        database_url: None,
        ..Settings::default()
    };
    let conn = db::connect(&settings).await.expect("opening SQLite");
    db::migrate(&conn).await.expect("migrating SQLite");
    conn
}

/// The files of an export folder with their bytes, by name.
pub fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p: PathBuf| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Two export folders hold the same files, byte for byte (the first differing line is shown).
pub fn assert_same_exports(a: &Path, b: &Path) {
    let (a, b) = (files_of(a), files_of(b));
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "the exports have different files");
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        if x != y {
            let (x, y) = (String::from_utf8_lossy(x), String::from_utf8_lossy(y));
            let diff = x
                .lines()
                .zip(y.lines())
                .enumerate()
                .find(|(_, (l, r))| l != r)
                .map(|(i, (l, r))| format!("line {}:\n  {l}\n  {r}", i + 1))
                .unwrap_or_else(|| "a different number of lines".into());
            panic!("{name} differs, {diff}");
        }
    }
}

/// The rows of one table's file.
pub fn rows_of(dir: &Path, table: &str) -> Vec<serde_json::Map<String, serde_json::Value>> {
    std::fs::read_to_string(dir.join(format!("{table}.jsonl")))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// One row in each table the demo leaves empty, so the round trip inserts every table (and
/// its foreign keys in order); times with nanoseconds, which PostgreSQL keeps to microseconds.
pub async fn fill_the_rest(db: &DatabaseConnection) {
    use lupa::entities::{
        api_token, calendar_feed, email_confirmation, email_opt_out, invitation, panel,
        panel_application, panel_invitation, post, post_revision, sent_reminder, tasks::task, user,
        workshop, workshop_agenda_item, workshop_attachment, workshop_attendance,
    };
    use sea_orm::{ActiveValue::Set, EntityTrait, QueryOrder};
    let at = chrono::DateTime::parse_from_rfc3339("2026-12-06T10:00:00.123456789Z")
        .unwrap()
        .to_utc();
    let first_user = user::Entity::find()
        .order_by_asc(user::Column::Id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let (u, org) = (first_user.id, first_user.organization_id.unwrap());
    let post = post::Entity::find().one(db).await.unwrap().unwrap().id;
    let panel = panel::Entity::find().one(db).await.unwrap().unwrap().id;
    let workshop = workshop::Entity::find().one(db).await.unwrap().unwrap().id;
    let task = task::Entity::find().one(db).await.unwrap().unwrap().id;
    let hash = |n: u8| format!("{n:064x}");
    post_revision::Entity::insert(post_revision::ActiveModel {
        post_id: Set(post),
        editor_id: Set(u),
        created_at: Set(at),
        title: Set("Vanha otsikko".into()),
        body_md: Set("Ensimmäinen versio.".into()),
        ..Default::default()
    })
    .exec(db)
    .await
    .unwrap();
    email_opt_out::Entity::insert(email_opt_out::ActiveModel {
        user_id: Set(u),
        kind: Set("reminder".into()),
        created_at: Set(at),
    })
    .exec_without_returning(db)
    .await
    .unwrap();
    panel_application::Entity::insert(panel_application::ActiveModel {
        panel_id: Set(panel),
        user_id: Set(u),
        company_name: Set("Hakija Oy".into()),
        business_id: Set("1234567-8".into()),
        industry: Set("palvelut".into()),
        region: Set("Uusimaa".into()),
        stage: Set("kasvu".into()),
        role_in_company: Set("toimitusjohtaja".into()),
        message: Set("Haluaisimme mukaan.".into()),
        consent_at: Set(at),
        status: Set("declined".into()),
        waiting_position: Set(None),
        offered_at: Set(None),
        decision_message: Set(Some("Paneeli on täynnä.".into())),
        decided_by: Set(Some(u)),
        decided_at: Set(Some(at)),
        created_at: Set(at),
        ..Default::default()
    })
    .exec(db)
    .await
    .unwrap();
    workshop_agenda_item::Entity::insert(workshop_agenda_item::ActiveModel {
        workshop_id: Set(workshop),
        position: Set(1),
        title: Set("Tervetuloa".into()),
        note_md: Set("Esittäytyminen".into()),
        note_html: Set("<p>Esittäytyminen</p>\n".into()),
        duration_minutes: Set(Some(15)),
        task_id: Set(Some(task)),
        question_id: Set(None),
        option_id: Set(None),
        outcome_md: Set(None),
        outcome_html: Set(None),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    })
    .exec(db)
    .await
    .unwrap();
    workshop_attachment::Entity::insert(workshop_attachment::ActiveModel {
        workshop_id: Set(workshop),
        title: Set("Esitys".into()),
        url: Set("https://example.fi/esitys.pdf".into()),
        created_by: Set(Some(u)),
        created_at: Set(at),
        ..Default::default()
    })
    .exec(db)
    .await
    .unwrap();
    workshop_attendance::Entity::insert(workshop_attendance::ActiveModel {
        workshop_id: Set(workshop),
        user_id: Set(u),
        attended: Set(true),
        colleague_attended: Set(Some(false)),
        marked_by: Set(Some(u)),
        marked_at: Set(at),
    })
    .exec_without_returning(db)
    .await
    .unwrap();
    sent_reminder::Entity::insert(sent_reminder::ActiveModel {
        kind: Set("week".into()),
        target_id: Set(workshop),
        version: Set("2026-12-13T08:00:00Z".into()),
        user_id: Set(u),
        sent_at: Set(at),
        ..Default::default()
    })
    .exec(db)
    .await
    .unwrap();
    invitation::Entity::insert(invitation::ActiveModel {
        token_hash: Set(hash(1)),
        email: Set("uusi.kollega@vero.example".into()),
        organization_id: Set(org),
        role: Set("writer".into()),
        invited_by: Set(u),
        created_at: Set(at),
        expires_at: Set(at),
        accepted_at: Set(None),
        accepted_user_id: Set(None),
        ..Default::default()
    })
    .exec(db)
    .await
    .unwrap();
    panel_invitation::Entity::insert(panel_invitation::ActiveModel {
        panel_id: Set(panel),
        email: Set("yrittaja@example.fi".into()),
        token_hash: Set(hash(2)),
        invited_by: Set(u),
        created_at: Set(at),
        expires_at: Set(at),
        used_at: Set(None),
        used_by: Set(None),
        ..Default::default()
    })
    .exec(db)
    .await
    .unwrap();
    api_token::Entity::insert(api_token::ActiveModel {
        user_id: Set(u),
        name: Set("raportit".into()),
        token_hash: Set(hash(3)),
        created_at: Set(at),
        last_used_at: Set(Some(at)),
        revoked_at: Set(None),
        ..Default::default()
    })
    .exec(db)
    .await
    .unwrap();
    calendar_feed::Entity::insert(calendar_feed::ActiveModel {
        panel_id: Set(panel),
        user_id: Set(u),
        token_hash: Set(hash(4)),
        created_at: Set(at),
        ..Default::default()
    })
    .exec(db)
    .await
    .unwrap();
    email_confirmation::Entity::insert(email_confirmation::ActiveModel {
        user_id: Set(u),
        token_hash: Set(hash(5)),
        created_at: Set(at),
        expires_at: Set(at),
        used_at: Set(None),
        ..Default::default()
    })
    .exec(db)
    .await
    .unwrap();
    // What the notifications and actions demos leave empty.
    use lupa::actions::entities::{action, action_reminder};
    use lupa::notifications::entities::{notification_delivery, notification_prefs, sent_digest};
    notification_prefs::Entity::insert(notification_prefs::ActiveModel {
        user_id: Set(u),
        digest_hour: Set(7),
        combine_minutes: Set(5),
        updated_at: Set(at),
    })
    .exec_without_returning(db)
    .await
    .unwrap();
    notification_delivery::Entity::insert(notification_delivery::ActiveModel {
        user_id: Set(u),
        kind: Set("comment".into()),
        delivery: Set("daily".into()),
    })
    .exec_without_returning(db)
    .await
    .unwrap();
    sent_digest::Entity::insert(sent_digest::ActiveModel {
        user_id: Set(u),
        period: Set("daily:2026-12-05".into()),
        items: Set(3),
        sent_at: Set(at),
        ..Default::default()
    })
    .exec(db)
    .await
    .unwrap();
    let action = action::Entity::find().one(db).await.unwrap().unwrap();
    action_reminder::Entity::insert(action_reminder::ActiveModel {
        action_id: Set(action.id),
        kind: Set("week-before".into()),
        version: Set(action.due_on.to_string()),
        owner_id: Set(action.owner_id.unwrap_or(u)),
        sent_at: Set(at),
        ..Default::default()
    })
    .exec(db)
    .await
    .unwrap();
}
