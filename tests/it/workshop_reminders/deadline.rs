//! Registration deadlines: set, shown, enforced, kept across a reschedule.
use super::*;

// ----- Registration deadline -----

async fn set_deadline(w: &World, id: i32, deadline: Option<DateTime<Utc>>) {
    workshop::ActiveModel {
        id: Set(id),
        registration_deadline: Set(deadline),
        ..Default::default()
    }
    .update(w.app.db())
    .await
    .unwrap();
}

async fn workshop_row(w: &World, id: i32) -> workshop::Model {
    workshop::Entity::find_by_id(id)
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn after_the_deadline_registration_is_refused_with_a_clear_message() {
    let w = world(2).await;
    let (id, _) = a_workshop(&w, 5).await;
    register(&w, 0, id).await;
    set_deadline(&w, id, Some(now() - Duration::hours(1))).await;
    let path = format!("/panels/{SLUG}/workshops/{id}");
    let late = w
        .client(1)
        .await
        .form_post(&path, &format!("{path}/register"), &[])
        .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        late.text(".error-summary")
            .contains("Ilmoittautumisen takaraja on mennyt"),
        "{}",
        late.text(".error-summary")
    );
    let rows = workshop_registration::Entity::find()
        .filter(workshop_registration::Column::WorkshopId.eq(id))
        .all(w.app.db())
        .await
        .unwrap();
    assert_eq!(rows.len(), 1, "only the one made before the deadline");
    assert!(
        w.client(1)
            .await
            .get(&path)
            .await
            .body
            .contains("Ilmoittautuminen ei ole auki")
            || !w.client(1).await.get(&path).await.exists("#register-form")
    );
}

#[tokio::test]
async fn before_the_deadline_registration_is_open() {
    let w = world(1).await;
    let (id, _) = a_workshop(&w, 5).await;
    set_deadline(&w, id, Some(now() + Duration::days(1))).await;
    let path = format!("/panels/{SLUG}/workshops/{id}");
    let member = w.client(0).await;
    assert!(member.get(&path).await.exists("#register-form"));
    register(&w, 0, id).await;
    assert_eq!(
        member.get(&path).await.text("#my-registration"),
        "Olet ilmoittautunut."
    );
}

#[tokio::test]
async fn the_facilitator_sets_the_deadline_when_confirming_a_time_and_it_must_be_before_the_start()
{
    let w = world(0).await;
    let fac = w.app.client_for(&w.facilitator).await;
    let page = format!("/panels/{SLUG}/scheduling");
    let created = fac
        .form_post(
            &page,
            &page,
            &[
                ("title", "Kevään työpaja"),
                ("dates", "2035-04-03"),
                ("start", "9.00"),
                ("end", "12:00"),
            ],
        )
        .await;
    let poll = created.location().unwrap();
    let shown = fac.get(&poll).await;
    let slot = shown.attr("#slot option", "value").pop().unwrap();
    assert!(shown.exists("input#registration_deadline[type=datetime-local]"));

    let too_late = fac
        .form_post(
            &poll,
            &format!("{poll}/confirm"),
            &[
                ("slot", slot.as_str()),
                ("capacity", "12"),
                ("place", "Kaupungintalo"),
                ("online_url", ""),
                ("registration_deadline", "2035-04-03T09:00"),
            ],
        )
        .await;
    assert_eq!(too_late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        too_late
            .text("#registration_deadline-error")
            .contains("ennen työpajan alkua")
    );
    assert_eq!(
        too_late.attr("#registration_deadline", "value"),
        ["2035-04-03T09:00"],
        "the form is kept filled in"
    );
    assert_eq!(too_late.attr("#place", "value"), ["Kaupungintalo"]);

    let nonsense = fac
        .form_post(
            &poll,
            &format!("{poll}/confirm"),
            &[
                ("slot", slot.as_str()),
                ("capacity", "12"),
                ("registration_deadline", "huomenna"),
            ],
        )
        .await;
    assert_eq!(nonsense.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nonsense.exists("#registration_deadline-error"));

    let confirmed = fac
        .form_post(
            &poll,
            &format!("{poll}/confirm"),
            &[
                ("slot", slot.as_str()),
                ("capacity", "12"),
                ("place", "Kaupungintalo"),
                ("online_url", ""),
                ("registration_deadline", "2035-03-20T16:00"),
            ],
        )
        .await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    let id: i32 = confirmed
        .location()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        workshop_row(&w, id)
            .await
            .registration_deadline
            .map(|d| d.to_rfc3339()),
        Some("2035-03-20T14:00:00+00:00".to_owned()),
        "16:00 Finnish winter time"
    );
}

#[tokio::test]
async fn the_workshop_page_shows_the_registration_deadline_and_the_form_to_change_it() {
    let w = world(1).await;
    let (id, _) = a_workshop(&w, 5).await;
    let deadline = "2035-03-20T14:00:00Z".parse().unwrap();
    set_deadline(&w, id, Some(deadline)).await;
    let path = format!("/panels/{SLUG}/workshops/{id}");
    let page = w.client(0).await.get(&path).await;
    assert!(
        page.text("#registration-deadline")
            .contains("20. maaliskuuta 2035 klo 16.00"),
        "{}",
        page.text(".workshop-facts")
    );
    let fac = w.app.client_for(&w.facilitator).await.get(&path).await;
    assert_eq!(
        fac.attr("#reschedule-form #registration_deadline", "value"),
        ["2035-03-20T16:00"]
    );
}

#[tokio::test]
async fn rescheduling_keeps_a_deadline_that_still_fits_and_checks_a_new_one() {
    let w = world(0).await;
    let (id, start) = a_workshop(&w, 5).await;
    let deadline = start - Duration::days(3);
    set_deadline(&w, id, Some(deadline)).await;
    let path = format!("/panels/{SLUG}/workshops/{id}");
    let fac = w.app.client_for(&w.facilitator).await;

    // Without the field (an older form): kept, as it still falls before the new start.
    let moved = fac
        .form_post(
            &path,
            &format!("{path}/reschedule"),
            &[("date", "2040-06-01"), ("start", "10:00"), ("end", "12:00")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    assert_eq!(
        workshop_row(&w, id).await.registration_deadline,
        Some(deadline)
    );

    let after_start = fac
        .form_post(
            &path,
            &format!("{path}/reschedule"),
            &[
                ("date", "2040-06-01"),
                ("start", "10:00"),
                ("end", "12:00"),
                ("registration_deadline", "2040-06-01T11:00"),
            ],
        )
        .await;
    assert_eq!(after_start.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        after_start
            .text(".error-summary")
            .contains("ennen työpajan alkua")
    );
    assert_eq!(workshop_row(&w, id).await.sequence, 1, "nothing saved");

    let set = fac
        .form_post(
            &path,
            &format!("{path}/reschedule"),
            &[
                ("date", "2040-06-01"),
                ("start", "10:00"),
                ("end", "12:00"),
                ("registration_deadline", "2040-05-25T12:00"),
            ],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);
    assert_eq!(
        workshop_row(&w, id)
            .await
            .registration_deadline
            .map(|d| d.to_rfc3339()),
        Some("2040-05-25T09:00:00+00:00".to_owned())
    );
    let cleared = fac
        .form_post(
            &path,
            &format!("{path}/reschedule"),
            &[
                ("date", "2040-06-01"),
                ("start", "10:00"),
                ("end", "12:00"),
                ("registration_deadline", ""),
            ],
        )
        .await;
    assert_eq!(cleared.status, StatusCode::SEE_OTHER);
    assert_eq!(workshop_row(&w, id).await.registration_deadline, None);
}
