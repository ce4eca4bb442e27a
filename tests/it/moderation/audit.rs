//! The audit log page: admins only, filterable, paginated, CSV with a BOM, names as they are
//! now, administrative actions recorded too.
use lupa::entities::user;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};

use super::*;

#[tokio::test]
async fn admins_read_every_action_with_current_names_and_nobody_else_does() {
    let w = World::new().await;
    w.reply(&w.cclient, "Hyväksyttävä.").await;
    let c = w.comment("Hyväksyttävä.").await;
    w.fclient
        .form_post(
            "/moderation",
            &format!("/moderation/comment/{}/approve", c.id),
            &[],
        )
        .await;
    // The admin changes a person's role and deactivates another: both are recorded.
    let admin = &w.app.client;
    let r = admin
        .form_post(
            "/admin/people",
            &format!("/admin/people/{}", w.member.id),
            &[("role", "writer")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let log = admin.get("/admin/audit").await;
    assert_eq!(log.status, StatusCode::OK);
    assert_eq!(log.select("h1").len(), 1);
    assert_eq!(
        log.attr("tbody tr", "data-action"),
        ["change_role", "approve"]
    );
    assert_eq!(
        log.select(".audit-log__actor")[1],
        w.facilitator.display_name
    );
    assert_eq!(log.select(".audit-log__before")[0], "member");

    // A person who has left shows as a former participant, in every entry about them.
    let row = user::Entity::find_by_id(w.customer.id)
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    let mut gone: user::ActiveModel = row.into();
    gone.removed_at = Set(Some(lupa::db::now()));
    gone.update(w.app.db()).await.unwrap();
    let log = admin.get("/admin/audit?action=approve").await;
    assert_eq!(log.attr("tbody tr", "data-action"), ["approve"]);
    assert_eq!(log.select(".audit-log__subject"), ["Entinen osallistuja"]);
    assert!(!log.body.contains(&w.customer.display_name));

    let (_, customer) = w.staff(Role::Customer).await;
    for client in [&w.fclient, &w.mclient, &customer] {
        assert_eq!(
            client.get("/admin/audit").await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            client.get("/admin/audit.csv").await.status,
            StatusCode::NOT_FOUND
        );
    }
    let (_, editor) = w.staff(Role::Editor).await;
    assert_eq!(
        editor.get("/admin/audit").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_log_filters_by_person_kind_and_date_and_exports_csv_with_a_bom() {
    let w = World::new().await;
    w.reply(&w.cclient, "Ensimmäinen.").await;
    let c = w.comment("Ensimmäinen.").await;
    w.fclient
        .form_post(
            "/moderation",
            &format!("/moderation/comment/{}/approve", c.id),
            &[],
        )
        .await;
    let (_, editor) = w.staff(Role::Editor).await;
    editor
        .form_post(
            "/moderation",
            &format!("/moderation/people/{}/suspend", w.member.id),
            &[("days", ""), ("reason", "=HYPERLINK(\"x\")")],
        )
        .await;
    let admin = &w.app.client;
    let by_person = admin
        .get(&format!("/admin/audit?person={}", w.member.id))
        .await;
    assert_eq!(by_person.attr("tbody tr", "data-action"), ["suspend"]);
    let by_kind = admin.get("/admin/audit?target=comment").await;
    assert_eq!(by_kind.attr("tbody tr", "data-action"), ["approve"]);
    let today = w.app.now().format("%Y-%m-%d").to_string();
    let today_only = admin
        .get(&format!("/admin/audit?from={today}&to={today}"))
        .await;
    assert_eq!(today_only.attr("tbody tr", "data-action").len(), 2);
    let yesterday = (w.app.now() - chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let before = admin.get(&format!("/admin/audit?to={yesterday}")).await;
    assert!(before.exists(".empty"));

    let csv = admin.get("/admin/audit.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert!(csv.body.starts_with('\u{feff}'));
    let lines: Vec<&str> = csv.body.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 3, "{}", csv.body);
    assert!(lines[0].contains("Milloin"));
    assert!(
        lines[1].contains("'=HYPERLINK"),
        "a formula stays text: {}",
        lines[1]
    );
}

#[tokio::test]
async fn the_log_comes_a_page_at_a_time() {
    let w = World::new().await;
    let (_, editor) = w.staff(Role::Editor).await;
    for _ in 0..6 {
        for action in ["suspend", "unsuspend"] {
            editor
                .form_post(
                    "/moderation",
                    &format!("/moderation/people/{}/{action}", w.customer.id),
                    &[("days", "1"), ("reason", "Testi")],
                )
                .await;
        }
    }
    let admin = &w.app.client;
    let first = admin.get("/admin/audit").await;
    assert_eq!(first.select("tbody tr").len(), 10);
    assert_eq!(first.attr("a[rel=next]", "href"), ["/admin/audit?page=2"]);
    let second = admin.get("/admin/audit?page=2").await;
    assert_eq!(second.select("tbody tr").len(), 2);
}

#[tokio::test]
async fn a_panels_settings_change_is_recorded_with_before_and_after() {
    let w = World::new().await;
    let panel = lupa::panels::store::panel_by_slug(w.app.db(), SLUG)
        .await
        .unwrap()
        .unwrap();
    let org = panel.organization_id.to_string();
    let facilitator = w.facilitator.id.to_string();
    let r = w
        .fclient
        .form_post(
            &format!("/panels/{SLUG}/edit"),
            &format!("/panels/{SLUG}/edit"),
            &[
                ("name", "Uusi nimi"),
                ("slug", SLUG),
                ("description", "Kuvaus"),
                ("organization_id", &org),
                ("term_start", "2026-01-01"),
                ("term_end", "2031-12-31"),
                ("seat_target", "20"),
                ("seat_cap", "40"),
                ("visibility", "private"),
                ("facilitators", &facilitator),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let entry = audit_entries(&w.app).await.pop().unwrap();
    assert_eq!(entry.action, "change_settings");
    assert_eq!(entry.target_kind, "panel");
    assert_eq!(entry.panel_id, Some(panel.id));
    assert!(
        entry.before.contains("name=Moderointipaneeli") && entry.before.contains("seats=20/30")
    );
    assert!(entry.after.contains("name=Uusi nimi") && entry.after.contains("seats=20/40"));
}
