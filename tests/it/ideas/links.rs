//! Ideas beyond their task: top ideas picked into a workshop's agenda, an action made of an
//! idea (traced on its page and the progress page), and a person's ideas in their data
//! download and after their erasure.
use lupa::{
    data_rights::archive,
    entities::{user, workshop_agenda_item},
    people::service::RemovedBy,
};

use super::*;
use crate::fixtures::WorkshopRow;

/// Three ideas voted on: "Chat iltaisin" 9 points, "Asiointitili" 5, "Mallipohjat" 1.
async fn voted(w: &World) -> (i32, [i32; 3]) {
    let task = w.task(Setup::default()).await;
    let a = w.idea(w.member(0), task, "Chat iltaisin").await;
    let b = w.idea(w.member(1), task, "Asiointitili").await;
    let c = w.idea(w.member(2), task, "Mallipohjat").await;
    w.phase(task, "voting").await;
    for (member, votes) in [
        (0, [(a, "5"), (b, "4"), (c, "1")]),
        (1, [(a, "4"), (b, "1"), (c, "0")]),
    ] {
        let v = w.vote(w.member(member), task, &votes).await;
        assert_eq!(v.status, StatusCode::SEE_OTHER, "{}", v.body);
    }
    (task, [a, b, c])
}

#[tokio::test]
async fn the_top_ideas_are_picked_into_a_workshop_agenda_like_other_results() {
    let w = world().await;
    let (task, [a, b, c]) = voted(&w).await;
    let workshop = WorkshopRow {
        panel_id: w.panel_id,
        uid_key: "ideat-tyopaja",
        title: "Kevään työpaja",
        description_md: "",
        description_html: "",
        starts_at: Utc::now() + Duration::days(10),
        place: None,
        capacity: 20,
        created_by: w.facilitator.id,
        at: Utc::now(),
    }
    .insert(&w.app)
    .await;
    let agenda = format!("/panels/{SLUG}/workshops/{workshop}/agenda");
    let page = w.fac.get(&agenda).await;
    assert_eq!(page.status, StatusCode::OK);
    let offered = page.attr(&format!("#task-{task} input[name=pick]"), "value");
    assert_eq!(
        offered,
        [
            format!("t{task}-q0-o{a}"),
            format!("t{task}-q0-o{b}"),
            format!("t{task}-q0-o{c}")
        ]
    );
    let picked = w
        .fac
        .form_post(
            &agenda,
            &format!("{agenda}/picks"),
            &[("pick", &offered[0]), ("pick", &offered[1])],
        )
        .await;
    assert_eq!(picked.status, StatusCode::SEE_OTHER, "{}", picked.body);
    let items = workshop_agenda_item::Entity::find()
        .filter(workshop_agenda_item::Column::WorkshopId.eq(workshop))
        .order_by_asc(workshop_agenda_item::Column::Position)
        .all(w.app.db())
        .await
        .unwrap();
    let titles: Vec<&str> = items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["Chat iltaisin", "Asiointitili"]);
    assert_eq!(items[0].task_id, Some(task));
    // Members see the items with a link to the results (they may see them: "always").
    let read = w
        .member(2)
        .get(&format!("/panels/{SLUG}/workshops/{workshop}"))
        .await;
    assert!(
        read.attr("a", "href")
            .contains(&format!("{}/results#all-r0", board(task)))
    );
}

#[tokio::test]
async fn an_action_made_of_an_idea_shows_the_idea_on_its_trail() {
    let w = world().await;
    let (task, [a, _, _]) = voted(&w).await;
    // The idea's page offers it to facilitators, prefilled.
    let idea = w.fac.get(&idea_path(task, a)).await;
    let offer = format!("/panels/{SLUG}/actions/new?source=idea:{a}");
    assert!(idea.attr(".poll-actions a", "href").contains(&offer));
    assert!(
        !w.member(0)
            .get(&idea_path(task, a))
            .await
            .attr("a", "href")
            .contains(&offer)
    );
    let form = w.fac.get(&offer).await;
    assert_eq!(
        form.attr("#source option[selected]", "value"),
        [format!("idea:{a}")]
    );
    let owner = w.facilitator.id.to_string();
    let done = w
        .fac
        .form_post(
            &offer,
            &format!("/panels/{SLUG}/actions/new"),
            &[
                ("title", "Iltachatin kokeilu"),
                ("owner", &owner),
                ("due", "2030-05-31"),
                ("source", &format!("idea:{a}")),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let action = done.location().unwrap();
    // A member follows the trail from the action back to the idea.
    for page in [action.clone(), format!("/panels/{SLUG}/actions")] {
        let shown = w.member(2).get(&page).await;
        assert_eq!(shown.status, StatusCode::OK);
        assert!(
            shown.attr("a", "href").contains(&idea_path(task, a)),
            "{page}: {}",
            shown.body
        );
        assert!(shown.body.contains("Chat iltaisin"));
    }
    // An idea of another panel's task is no source here.
    let bad = w
        .fac
        .form_post(
            &offer,
            &format!("/panels/{SLUG}/actions/new"),
            &[
                ("title", "Väärä lähde"),
                ("owner", &owner),
                ("due", "2030-05-31"),
                ("source", "idea:999999"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_persons_ideas_are_in_their_data_and_after_erasure_under_former_participant() {
    let w = world().await;
    let task = w.task(Setup::default()).await;
    let a = w.idea(w.member(0), task, "Annan idea").await;
    let said = w
        .comment(w.member(0), task, a, "Lisään vielä yhden asian.")
        .await;
    assert_eq!(said.status, StatusCode::SEE_OTHER);
    let row = user::Entity::find_by_id(w.members[0].0.id)
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    let data = archive::collect(w.app.db(), &row).await.unwrap();
    assert_eq!(data["ideas"][0]["title"], "Annan idea");
    assert_eq!(data["ideas"][0]["task"], "Ideoita asiointiin");
    assert_eq!(
        data["idea_comments"][0]["text"],
        "Lisään vielä yhden asian."
    );
    assert_eq!(data["idea_comments"][0]["idea"], "Annan idea");
    // Someone else's data holds none of it.
    let other = user::Entity::find_by_id(w.members[1].0.id)
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    let theirs = archive::collect(w.app.db(), &other).await.unwrap();
    assert_eq!(theirs["ideas"], serde_json::json!([]));

    lupa::data_rights::erase::erase_records(
        w.app.db(),
        w.members[0].0.id,
        RemovedBy::Admin(w.facilitator.id),
        lupa::data_rights::erase::Former::default(),
    )
    .await
    .unwrap();
    let page = w.member(1).get(&idea_path(task, a)).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.select("main").join(" ");
    assert!(text.contains("entinen osallistuja"), "{text}");
    assert!(!text.contains(&w.members[0].0.display_name), "{text}");
}

/// Who has been told that an action moved, by member index (0–2), in order.
async fn told_members(w: &World) -> Vec<usize> {
    let rows = lupa::notifications::entities::notification::Entity::find()
        .filter(lupa::notifications::entities::notification::Column::Kind.eq("action-moved"))
        .all(w.app.db())
        .await
        .unwrap();
    let mut out: Vec<usize> = rows
        .iter()
        .filter_map(|n| w.members.iter().position(|(m, _)| m.id == n.user_id))
        .collect();
    out.sort_unstable();
    assert!(
        rows.iter().all(|n| n.user_id != w.facilitator.id),
        "the mover is never told"
    );
    assert!(rows.iter().all(|n| n.user_id != w.stranger_user.id));
    out
}

/// An action of the idea, owned by the facilitator, moved on by them once.
async fn act_on(w: &World, idea: i32) {
    let owner = w.facilitator.id.to_string();
    let page = format!("/panels/{SLUG}/actions/new");
    let done = w
        .fac
        .form_post(
            &page,
            &page,
            &[
                ("title", "Mallipohjat verkkoon"),
                ("owner", &owner),
                ("due", "2030-05-31"),
                ("source", &format!("idea:{idea}")),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let action = done.location().unwrap();
    let moved = w
        .fac
        .form_post(
            &action,
            &format!("{action}/status"),
            &[("status", "in_progress"), ("note", "Pohjat tekeillä.")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
}

#[tokio::test]
async fn an_action_of_an_idea_tells_its_author_and_who_gave_it_points_when_it_moves() {
    let w = world().await;
    // "Mallipohjat" (member 2's idea) got a point from member 0 and none from member 1.
    let (_, [_, _, c]) = voted(&w).await;
    act_on(&w, c).await;
    assert_eq!(told_members(&w).await, [0, 2]);
}

#[tokio::test]
async fn in_an_anonymous_vote_everyone_who_voted_hears_of_an_ideas_action() {
    let w = world().await;
    let task = w
        .task(Setup {
            anonymous: true,
            ..Setup::default()
        })
        .await;
    let a = w.idea(w.member(0), task, "Chat iltaisin").await;
    let c = w.idea(w.member(2), task, "Mallipohjat").await;
    w.phase(task, "voting").await;
    for (member, votes) in [(0, [(a, "9"), (c, "1")]), (1, [(a, "10"), (c, "0")])] {
        let v = w.vote(w.member(member), task, &votes).await;
        assert_eq!(v.status, StatusCode::SEE_OTHER, "{}", v.body);
    }
    // Nobody knows who gave "Mallipohjat" what, so both voters hear; nor who wrote it, so
    // its author (member 2, who did not vote) hears nothing.
    act_on(&w, c).await;
    assert_eq!(told_members(&w).await, [0, 1]);
}
