//! The action pages: writing, moving on, the progress page, "my actions", who sees what,
//! and overdue actions carried onto the next workshop's agenda.
use chrono::{Duration, SubsecRound};
use lupa::db::now;
use reqwest::StatusCode;

use super::{SLUG, world, write_action};
use crate::fixtures::WorkshopRow;

#[tokio::test]
async fn an_action_moves_from_planned_to_done_and_members_follow_it_on_the_progress_page() {
    let world = world(1).await;
    let staff = world.staff_client().await;
    let owner = world.w.facilitator.id.to_string();
    let path = write_action(
        &staff,
        &[
            ("title", "Lomakkeen ohjeet selkokielelle"),
            ("description", "Kirjoitetaan ohjeet *uudelleen*."),
            ("owner", &owner),
            ("due", "2027-03-29"),
            ("source", ""),
        ],
    )
    .await;
    let member = world.w.client(0).await;
    let progress = member.get(&format!("/panels/{SLUG}/actions")).await;
    assert_eq!(progress.status, StatusCode::OK);
    assert_eq!(
        progress.select("#actions-planned ~ ul .action__title"),
        ["Lomakkeen ohjeet selkokielelle"]
    );

    // The owner moves it on; each change needs a short update.
    let owner_client = world.facilitator_client().await;
    for (status, note) in [("in_progress", "Luonnos tehty."), ("done", "Julkaistu.")] {
        let moved = owner_client
            .form_post(
                &path,
                &format!("{path}/status"),
                &[("status", status), ("note", note)],
            )
            .await;
        assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    }
    let shown = member.get(&path).await;
    assert_eq!(shown.text(".action__status"), "Tehty");
    assert_eq!(
        shown.select(".action-history__note"),
        ["Toimenpide kirjattiin.", "Luonnos tehty.", "Julkaistu."]
    );
    assert!(shown.exists(".action__description em"));
    // Members read it but may not move it.
    assert!(!shown.exists("form[action$='/status']"));
    let progress = member.get(&format!("/panels/{SLUG}/actions")).await;
    assert_eq!(
        progress.select("section[aria-labelledby=actions-done] .action__title"),
        ["Lomakkeen ohjeet selkokielelle"]
    );
    assert!(
        progress
            .select("section[aria-labelledby=actions-planned] .action__title")
            .is_empty()
    );
}

#[tokio::test]
async fn a_refused_action_comes_back_filled_in_with_its_errors() {
    let world = world(1).await;
    let staff = world.staff_client().await;
    let page = format!("/panels/{SLUG}/actions/new");
    let member_id = world.w.members[0].id.to_string();
    let refused = staff
        .form_post(
            &page,
            &page,
            &[
                ("title", "Chat-palvelu iltaisin"),
                ("description", ""),
                // A seated member is not staff of the organisation: not an owner.
                ("owner", &member_id),
                ("due", "29.3.2027"),
                ("source", "task:999"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.attr("#title", "value"), ["Chat-palvelu iltaisin"]);
    assert_eq!(refused.attr("#due", "value"), ["29.3.2027"]);
    assert!(refused.exists("#owner-error"));
    assert!(refused.exists("#due-error"));
    // The source is checked against the panel only once the fields parse.
    let owner = world.staff.id.to_string();
    let refused = staff
        .form_post(
            &page,
            &page,
            &[
                ("title", "Chat-palvelu iltaisin"),
                ("owner", &owner),
                ("due", "2027-03-29"),
                ("source", "task:999"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.exists("#source-error"));
    let progress = staff.get(&format!("/panels/{SLUG}/actions")).await;
    assert!(progress.select(".action__title").is_empty());
}

#[tokio::test]
async fn members_may_not_write_or_move_actions_and_outsiders_do_not_see_them() {
    let world = world(1).await;
    let staff = world.staff_client().await;
    let owner = world.staff.id.to_string();
    let path = write_action(
        &staff,
        &[
            ("title", "Asiakaspalautteen kysely"),
            ("owner", &owner),
            ("due", "2027-05-01"),
        ],
    )
    .await;
    let member = world.w.client(0).await;
    let page = format!("/panels/{SLUG}/actions/new");
    assert_eq!(member.get(&page).await.status, StatusCode::FORBIDDEN);
    let written = member
        .post_form(
            &page,
            &[("title", "Oma"), ("owner", &owner), ("due", "2027-05-01")],
        )
        .await;
    assert_eq!(written.status, StatusCode::FORBIDDEN);
    let moved = member
        .post_form(
            &format!("{path}/status"),
            &[("status", "done"), ("note", "Valmis")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::FORBIDDEN);
    assert_eq!(
        staff.get(&path).await.text(".action__status"),
        "Suunniteltu"
    );

    let outsider = world.w.app.create_user(lupa::auth::Role::Writer).await;
    let outsider = world.w.app.client_for(&outsider).await;
    assert_eq!(
        outsider
            .get(&format!("/panels/{SLUG}/actions"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(outsider.get(&path).await.status, StatusCode::NOT_FOUND);
    let anonymous = world.w.app.new_client();
    assert_eq!(anonymous.get(&path).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn members_learn_an_action_came_from_feedback_but_never_what_the_feedback_said() {
    let world = world(1).await;
    let item = world.feedback("Lomake kaatuu liitettä lisättäessä.").await;
    let staff = world.staff_client().await;
    let owner = world.staff.id.to_string();
    let source = format!("feedback:{item}");
    let path = write_action(
        &staff,
        &[
            ("title", "Liitteiden lisäys korjataan"),
            ("owner", &owner),
            ("due", "2027-04-15"),
            ("source", &source),
        ],
    )
    .await;
    let seen_by_staff = staff.get(&path).await;
    assert!(
        seen_by_staff
            .text(".action__trail")
            .contains("Lomake kaatuu")
    );
    assert_eq!(
        seen_by_staff.attr(".action__trail a", "href"),
        [format!("/feedback/kunta/inbox/{item}")]
    );

    let member = world.w.client(0).await;
    for page in [path.clone(), format!("/panels/{SLUG}/actions")] {
        let seen = member.get(&page).await;
        assert_eq!(seen.status, StatusCode::OK);
        assert_eq!(seen.text(".action__trail").trim(), "Asiakaspalaute");
        assert!(!seen.body.contains("Lomake kaatuu"), "{page}");
        assert!(!seen.body.contains("/feedback/"), "{page}");
    }
    // A facilitator who is not the organisation's staff cannot build on its feedback.
    let facilitator = world.facilitator_client().await;
    let page = format!("/panels/{SLUG}/actions/new");
    let refused = facilitator
        .form_post(
            &page,
            &page,
            &[
                ("title", "Toinen"),
                ("owner", &owner),
                ("due", "2027-04-15"),
                ("source", &source),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.exists("#source-error"));
    assert!(!refused.body.contains("Lomake kaatuu"));
}

#[tokio::test]
async fn my_actions_lists_what_the_person_owns_and_nothing_else() {
    let world = world(1).await;
    let staff = world.staff_client().await;
    let mine = world.staff.id.to_string();
    let theirs = world.w.facilitator.id.to_string();
    write_action(
        &staff,
        &[
            ("title", "Oma asia"),
            ("owner", &mine),
            ("due", "2027-02-01"),
        ],
    )
    .await;
    write_action(
        &staff,
        &[
            ("title", "Toisen asia"),
            ("owner", &theirs),
            ("due", "2027-01-01"),
        ],
    )
    .await;
    let page = staff.get("/actions/mine").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.select(".actions-mine tbody a"), ["Oma asia"]);
    let member = world.w.client(0).await;
    assert!(!member.get("/actions/mine").await.exists(".actions-mine"));
    let anonymous = world.w.app.new_client();
    assert_ne!(anonymous.get("/actions/mine").await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_overdue_action_is_offered_to_the_next_workshops_agenda_and_carried_onto_it() {
    let world = world(1).await;
    let staff = world.staff_client().await;
    let owner = world.staff.id.to_string();
    let overdue = write_action(
        &staff,
        &[
            ("title", "Neuvonnan jonotusaika"),
            ("owner", &owner),
            ("due", "2026-01-15"),
        ],
    )
    .await;
    let finished = write_action(
        &staff,
        &[
            ("title", "Vanha valmis asia"),
            ("owner", &owner),
            ("due", "2026-01-10"),
        ],
    )
    .await;
    staff
        .form_post(
            &finished,
            &format!("{finished}/status"),
            &[("status", "done"), ("note", "Tehty.")],
        )
        .await;
    write_action(
        &staff,
        &[
            ("title", "Tuleva asia"),
            ("owner", &owner),
            ("due", "2099-01-10"),
        ],
    )
    .await;
    let at = now();
    let workshop = WorkshopRow {
        panel_id: world.w.panel_id,
        uid_key: "toimet",
        title: "Kevään työpaja",
        description_md: "",
        description_html: "",
        starts_at: (at + Duration::days(20)).trunc_subsecs(0),
        place: None,
        capacity: 20,
        created_by: world.staff.id,
        at,
    }
    .insert(&world.w.app)
    .await;
    let agenda = format!("/panels/{SLUG}/workshops/{workshop}/agenda");
    let page = staff.get(&agenda).await;
    assert_eq!(
        page.select("#overdue-actions li > a"),
        ["Neuvonnan jonotusaika"]
    );
    let id = overdue.rsplit('/').next().unwrap();
    let carried = staff
        .form_post(&agenda, &format!("{agenda}/actions"), &[("action", id)])
        .await;
    assert_eq!(carried.status, StatusCode::SEE_OTHER, "{}", carried.body);
    let page = staff.get(&agenda).await;
    assert_eq!(
        page.select(".agenda-item__title"),
        ["Neuvonnan jonotusaika"]
    );
    // A done action cannot be carried, even by typing its id.
    let done_id = finished.rsplit('/').next().unwrap();
    let refused = staff
        .form_post(
            &agenda,
            &format!("{agenda}/actions"),
            &[("action", done_id)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    // Members see the agenda item, not the editor.
    let member = world.w.client(0).await;
    assert_eq!(
        member
            .post_form(&format!("{agenda}/actions"), &[("action", id)])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_demo_has_an_action_in_every_state_traced_to_the_panels_task_results() {
    let world = world(3).await;
    let panel = lupa::panels::model::PanelId(world.w.panel_id);
    lupa::tasks::demo::demo(world.w.app.db(), panel, now())
        .await
        .expect("the demo tasks");
    lupa::actions::demo::demo(world.w.app.db(), panel, now())
        .await
        .expect("the demo actions");
    // Running it again adds nothing.
    lupa::actions::demo::demo(world.w.app.db(), panel, now())
        .await
        .expect("the demo actions again");
    let member = world.w.client(0).await;
    let progress = member.get(&format!("/panels/{SLUG}/actions")).await;
    for status in ["planned", "in_progress", "done", "dropped"] {
        assert!(
            !progress
                .select(&format!(
                    "section[aria-labelledby=actions-{status}] .action__title"
                ))
                .is_empty(),
            "{status}"
        );
    }
    assert_eq!(progress.select(".action__title").len(), 5);
    assert!(
        progress
            .attr(".action__trail a", "href")
            .iter()
            .all(|href| href.starts_with(&format!("/panels/{SLUG}/tasks/")))
    );
    assert_eq!(progress.attr(".action__trail a", "href").len(), 3);
    assert_eq!(progress.select(".action__overdue").len(), 1);
}
