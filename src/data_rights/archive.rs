//! What "download my data" contains: everything the site holds about one person, read into
//! one JSON document (`data.json`) and the same as a readable page (`index.html`), packed
//! into a ZIP file. Secrets never go in: no password hash, no session ids, no token hashes.
use std::io::Write;

use askama::Template;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::{Value, json};

use crate::{
    entities::{
        api_token, audit_entry, comment, email_opt_out, organization, panel, panel_application,
        panel_member, post, session, tasks::answer_set, tasks::task, user, workshop,
        workshop_registration,
    },
    i18n::{Lang, Tr},
};

/// The sections, in the order they are shown, with their catalogue keys.
pub const SECTIONS: [(&str, &str); 19] = [
    ("profile", "data-rights-section-profile"),
    ("posts", "data-rights-section-posts"),
    ("comments", "data-rights-section-comments"),
    ("panel_memberships", "data-rights-section-panel-memberships"),
    (
        "panel_applications",
        "data-rights-section-panel-applications",
    ),
    ("panel_rules", "data-rights-section-panel-rules"),
    ("task_answers", "data-rights-section-task-answers"),
    ("tasks_aimed_at_you", "data-rights-section-tasks-aimed"),
    ("ideas", "data-rights-section-ideas"),
    ("idea_comments", "data-rights-section-idea-comments"),
    (
        "workshop_registrations",
        "data-rights-section-workshop-registrations",
    ),
    ("email_preferences", "data-rights-section-email-preferences"),
    ("sessions", "data-rights-section-sessions"),
    ("api_tokens", "data-rights-section-api-tokens"),
    ("audit_log", "data-rights-section-audit-log"),
    ("feedback", "data-rights-section-feedback"),
    ("follows", "data-rights-section-follows"),
    ("notifications", "data-rights-section-notifications"),
    (
        "notification_settings",
        "data-rights-section-notification-settings",
    ),
];

/// Read everything about `person` (a JSON object with one member per section).
pub async fn collect(db: &impl ConnectionTrait, person: &user::Model) -> Result<Value, DbErr> {
    let id = person.id;
    let org = match person.organization_id {
        Some(o) => organization::Entity::find_by_id(o).one(db).await?,
        None => None,
    };
    let profile = json!({
        "id": id,
        "name": person.display_name,
        "email": person.email,
        "organisation": org.map(|o| o.name),
        "job_title": person.job_title,
        "language": person.language,
        "role": person.role,
        "created_at": person.created_at,
        "email_confirmed_at": person.email_confirmed_at,
        "terms_accepted_at": person.terms_accepted_at,
    });
    let posts: Vec<Value> = post::Entity::find()
        .filter(post::Column::AuthorId.eq(id))
        .order_by_asc(post::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| {
            json!({
                "id": p.id, "title": p.title, "address": crate::blog::visibility::url(&p),
                "status": p.status, "visibility": p.visibility, "created_at": p.created_at,
                "published_at": p.published_at, "text": p.body_md,
            })
        })
        .collect();
    let comments: Vec<Value> = comment::Entity::find()
        .filter(comment::Column::AuthorId.eq(id))
        .order_by_asc(comment::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| {
            json!({
                "id": c.id, "post_id": c.post_id, "created_at": c.created_at,
                "edited_at": c.edited_at, "deleted_at": c.deleted_at, "text": c.body_md,
            })
        })
        .collect();
    let panels: std::collections::HashMap<i32, String> = panel::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let panel_name = |pid: i32| panels.get(&pid).cloned().unwrap_or_default();
    let memberships: Vec<Value> = panel_member::Entity::find()
        .filter(panel_member::Column::UserId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            json!({
                "panel": panel_name(m.panel_id), "role": m.role, "company": m.company_name,
                "business_id": m.business_id, "industry": m.industry, "region": m.region,
                "stage": m.stage, "role_in_company": m.role_in_company, "joined_at": m.joined_at,
            })
        })
        .collect();
    let applications: Vec<Value> = panel_application::Entity::find()
        .filter(panel_application::Column::UserId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| {
            json!({
                "panel": panel_name(a.panel_id), "company": a.company_name,
                "business_id": a.business_id, "industry": a.industry, "region": a.region,
                "stage": a.stage, "role_in_company": a.role_in_company, "message": a.message,
                "status": a.status, "created_at": a.created_at, "decided_at": a.decided_at,
                "decision_message": a.decision_message,
            })
        })
        .collect();
    let sets = answer_set::Entity::find()
        .filter(answer_set::Column::RespondentId.eq(id))
        .all(db)
        .await?;
    let tasks: std::collections::HashMap<i32, String> = task::Entity::find()
        .filter(task::Column::Id.is_in(sets.iter().map(|s| s.task_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.title))
        .collect();
    let answers: Vec<Value> = sets
        .into_iter()
        .map(|s| {
            json!({
                "task": tasks.get(&s.task_id).cloned().unwrap_or_default(),
                "answers": serde_json::from_str::<Value>(&s.answers).unwrap_or(Value::String(s.answers)),
                "saved_at": s.saved_at,
            })
        })
        .collect();
    let regs = workshop_registration::Entity::find()
        .filter(workshop_registration::Column::UserId.eq(id))
        .all(db)
        .await?;
    let workshops: std::collections::HashMap<i32, workshop::Model> = workshop::Entity::find()
        .filter(workshop::Column::Id.is_in(regs.iter().map(|r| r.workshop_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|w| (w.id, w))
        .collect();
    let registrations: Vec<Value> = regs
        .into_iter()
        .map(|r| {
            let w = workshops.get(&r.workshop_id);
            json!({
                "workshop": w.map(|w| w.title.clone()), "starts_at": w.map(|w| w.starts_at),
                "status": r.status, "colleague": r.colleague_name, "registered_at": r.created_at,
            })
        })
        .collect();
    let opt_outs: Vec<Value> = email_opt_out::Entity::find()
        .filter(email_opt_out::Column::UserId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|o| json!({ "unsubscribed_from": o.kind, "since": o.created_at }))
        .collect();
    let sessions: Vec<Value> = session::Entity::find()
        .filter(session::Column::UserId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| {
            json!({
                "expires_at": chrono::DateTime::from_timestamp(s.expires_at, 0),
            })
        })
        .collect();
    let tokens: Vec<Value> = api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| {
            json!({
                "name": t.name, "created_at": t.created_at, "last_used_at": t.last_used_at,
                "revoked_at": t.revoked_at,
            })
        })
        .collect();
    let audit: Vec<Value> = audit_entry::Entity::find()
        .filter(
            Condition::any()
                .add(audit_entry::Column::SubjectUserId.eq(id))
                .add(audit_entry::Column::ActorId.eq(id))
                .add(
                    Condition::all()
                        .add(audit_entry::Column::TargetKind.eq("user"))
                        .add(audit_entry::Column::TargetId.eq(id)),
                ),
        )
        .order_by_asc(audit_entry::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| {
            json!({
                "at": e.at, "action": e.action, "by_you": e.actor_id == Some(id),
                "about_you": e.subject_user_id == Some(id)
                    || (e.target_kind == "user" && e.target_id == Some(id)),
                "target": format!("{} {}", e.target_kind, e.target_id.map(|t| t.to_string()).unwrap_or_default()),
                "reason": e.reason,
            })
        })
        .collect();
    let feedback: Vec<Value> = crate::feedback::store::items_from_address(db, &person.email)
        .await?
        .into_iter()
        .map(|f| {
            json!({
                "sent_at": f.created_at, "address": f.email, "text": f.body_md,
                "status": f.status, "reply": f.reply_md, "may_publish": f.may_publish,
            })
        })
        .collect();
    let (follows, notifications, notification_settings) = notification_data(db, id).await?;
    let (ideas, idea_comments) = crate::tasks::ideas::service::personal_data(db, id).await?;
    let panel_rules = crate::panels::rules::service::personal_data(db, id).await?;
    let aimed = crate::tasks::aim::personal_data(db, id).await?;
    Ok(json!({
        "format": "lupa-personal-data/1",
        "profile": [profile],
        "posts": posts,
        "comments": comments,
        "panel_memberships": memberships,
        "panel_applications": applications,
        "panel_rules": panel_rules,
        "task_answers": answers,
        "tasks_aimed_at_you": aimed,
        "ideas": ideas,
        "idea_comments": idea_comments,
        "workshop_registrations": registrations,
        "email_preferences": opt_outs,
        "sessions": sessions,
        "api_tokens": tokens,
        "audit_log": audit,
        "feedback": feedback,
        "follows": follows,
        "notifications": notifications,
        "notification_settings": notification_settings,
    }))
}

/// What the person follows, the notifications they got, and their handles and notification
/// email settings.
async fn notification_data(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<(Vec<Value>, Vec<Value>, Vec<Value>), DbErr> {
    use crate::notifications::entities::{
        handle, notification, notification_delivery, notification_prefs,
    };
    let follows = crate::notifications::store::follows_of(db, id)
        .await?
        .into_iter()
        .map(|f| json!({ "what": f.target_kind, "id": f.target_id, "since": f.created_at }))
        .collect();
    let notifications = notification::Entity::find()
        .filter(notification::Column::UserId.eq(id))
        .order_by_asc(notification::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|n| {
            json!({
                "kind": n.kind, "at": n.created_at, "post_id": n.post_id,
                "comment_id": n.comment_id, "action_id": n.action_id,
                "action_update_id": n.action_update_id, "read_at": n.read_at,
                "emailed_at": n.emailed_at,
            })
        })
        .collect();
    let mut settings: Vec<Value> = handle::Entity::find()
        .filter(handle::Column::UserId.eq(id))
        .order_by_asc(handle::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|h| json!({ "handle": h.handle, "since": h.created_at }))
        .collect();
    if let Some(p) = notification_prefs::Entity::find_by_id(id).one(db).await? {
        settings
            .push(json!({ "digest_hour": p.digest_hour, "combine_minutes": p.combine_minutes }));
    }
    settings.extend(
        notification_delivery::Entity::find()
            .filter(notification_delivery::Column::UserId.eq(id))
            .all(db)
            .await?
            .into_iter()
            .map(|d| json!({ "kind": d.kind, "email": d.delivery })),
    );
    Ok((follows, notifications, settings))
}

/// One section of the readable page: its heading and its records as (field, value) pairs.
pub struct Section {
    pub id: &'static str,
    pub title: String,
    pub records: Vec<Vec<(String, String)>>,
}

#[derive(Template)]
#[template(path = "data_rights/archive.html")]
struct ArchivePage<'a> {
    t: Tr,
    lang: &'a str,
    name: &'a str,
    sections: Vec<Section>,
}

fn text_of(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The readable page of `data` in `lang` (askama escapes every value).
pub fn html(data: &Value, lang: Lang) -> Result<String, askama::Error> {
    let t = Tr::new(lang);
    let sections = SECTIONS
        .iter()
        .map(|&(id, key)| Section {
            id,
            title: t.get(key),
            records: data[id]
                .as_array()
                .map(|rows| {
                    rows.iter()
                        .map(|r| {
                            r.as_object()
                                .map(|o| o.iter().map(|(k, v)| (k.clone(), text_of(v))).collect())
                                .unwrap_or_default()
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect();
    let name = data["profile"][0]["name"].as_str().unwrap_or_default();
    ArchivePage {
        t,
        lang: lang.code(),
        name,
        sections,
    }
    .render()
}

/// The ZIP file: `data.json` and `index.html`.
pub fn zip(data: &Value, page: &str) -> std::io::Result<Vec<u8>> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    writer.start_file("data.json", options)?;
    writer.write_all(serde_json::to_string_pretty(data)?.as_bytes())?;
    writer.start_file("index.html", options)?;
    writer.write_all(page.as_bytes())?;
    Ok(writer.finish()?.into_inner())
}
