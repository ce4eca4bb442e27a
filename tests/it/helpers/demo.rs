//! What `lupa demo` must have made, checked the same way whenever the demo ran (today, or on
//! an awkward day with `--today`).
use chrono::{DateTime, Utc};
use lupa::entities::{
    scheduling_answer, scheduling_poll, scheduling_slot, workshop, workshop_registration,
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

/// The demo made one workshop still to come, full and with a waiting list, and one open
/// scheduling poll with several times and answers; `now` is the time on the site's clock.
pub async fn assert_demo_made_a_full_workshop_and_an_open_poll(
    conn: &DatabaseConnection,
    now: DateTime<Utc>,
) {
    let workshops = workshop::Entity::find().all(conn).await.unwrap();
    assert_eq!(workshops.len(), 1);
    let w = &workshops[0];
    assert!(w.starts_at > now, "the workshop is still to come");
    assert!(w.cancelled_at.is_none());
    let regs = workshop_registration::Entity::find()
        .filter(workshop_registration::Column::WorkshopId.eq(w.id))
        .all(conn)
        .await
        .unwrap();
    let seats: i32 = regs
        .iter()
        .filter(|r| r.status == "registered")
        .map(|r| 1 + i32::from(r.colleague_name.is_some()))
        .sum();
    assert_eq!(seats, w.capacity, "the workshop is full");
    assert!(regs.iter().filter(|r| r.status == "waiting").count() >= 1);

    let open: Vec<scheduling_poll::Model> = scheduling_poll::Entity::find()
        .filter(scheduling_poll::Column::ClosedAt.is_null())
        .all(conn)
        .await
        .unwrap();
    assert_eq!(open.len(), 1, "one open poll");
    let slots: Vec<i32> = scheduling_slot::Entity::find()
        .filter(scheduling_slot::Column::PollId.eq(open[0].id))
        .all(conn)
        .await
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert!(slots.len() >= 3, "with several times to choose from");
    let answers = scheduling_answer::Entity::find()
        .filter(scheduling_answer::Column::SlotId.is_in(slots))
        .count(conn)
        .await
        .unwrap();
    assert!(answers >= 8, "members have answered it: {answers}");
}
