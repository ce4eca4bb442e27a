//! Minutes: written after the start, rendered safely, attachments, attendance, one transaction with search.
use super::*;

#[tokio::test]
async fn minutes_wait_for_the_workshop_to_start_and_are_rendered_safely() {
    let w = world().await;
    let upcoming = workshop_at(&w, Duration::days(2)).await;
    let early = w
        .facilitator
        .form_post(
            &page(upcoming, "/agenda"),
            &page(upcoming, "/minutes"),
            &[("minutes", "Liian aikaisin")],
        )
        .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.exists(".error-summary"));
    assert!(
        w.facilitator
            .get(&page(upcoming, "/minutes"))
            .await
            .exists("#minutes-blocked")
    );
    assert_eq!(outbox_rows(&w, upcoming).await, 0);

    let id = workshop_at(&w, -Duration::hours(3)).await;
    assert_eq!(add_free(&w, id, "Päätökset").await, StatusCode::SEE_OTHER);
    let item = items(&w, id).await[0].id;
    let outcome_field = format!("outcome-{item}");
    let deep = ">".repeat(40) + " syvä";
    let bad = w
        .facilitator
        .form_post(
            &page(id, "/minutes"),
            &page(id, "/minutes"),
            &[("minutes", &deep), (&outcome_field, "Sovittiin jatkosta.")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.exists("#minutes[aria-invalid=true]"));
    assert_eq!(bad.text("#minutes"), deep, "the form stays filled");
    assert_eq!(
        bad.text(&format!("#{outcome_field}")),
        "Sovittiin jatkosta."
    );

    let hostile = "## Päätös\n\n**Tärkeää** [klikkaa](javascript:alert(1))\n\n\
                   <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>";
    let saved = w
        .facilitator
        .form_post(
            &page(id, "/minutes"),
            &page(id, "/minutes"),
            &[
                ("minutes", hostile),
                (&outcome_field, "Sovittiin **jatkosta**."),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let row = workshop::Entity::find_by_id(id)
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        row.minutes.as_deref(),
        Some(hostile),
        "the source is kept as written"
    );
    let html = row.minutes_html.unwrap();
    assert!(html.contains("<strong>Tärkeää</strong>"));
    for bad in ["<script", "javascript:", "onerror"] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    assert!(row.minutes_updated_at.is_some());
    assert!(row.minutes_by.is_some());

    let read = w.members[0].1.get(&page(id, "/minutes")).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.select("#minutes h2"), ["Päätös"]);
    assert!(!read.exists("#minutes script"));
    assert!(!read.exists("#minutes img[onerror]"));
    assert_eq!(read.select(".agenda-item__outcome strong"), ["jatkosta"]);

    // Emptying the minutes removes them.
    w.facilitator
        .form_post(
            &page(id, "/minutes"),
            &page(id, "/minutes"),
            &[("minutes", " ")],
        )
        .await;
    let row = workshop::Entity::find_by_id(id)
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.minutes, row.minutes_html), (None, None));
}

#[tokio::test]
async fn attachments_must_be_web_links() {
    let w = world().await;
    let id = workshop_at(&w, -Duration::hours(1)).await;
    let minutes = page(id, "/minutes");
    let attach = page(id, "/minutes/attachments");
    for url in [
        "javascript:alert(1)",
        "ftp://tiedostot.fi/a",
        "https://",
        "data:text/html,x",
    ] {
        let res = w
            .facilitator
            .form_post(&minutes, &attach, &[("title", "Diat"), ("url", url)])
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        assert!(res.exists("#url[aria-invalid=true]"), "{url}");
        assert_eq!(res.attr("#url", "value"), [url], "the form stays filled");
        assert_eq!(res.attr("#attachment-title", "value"), ["Diat"]);
    }
    let untitled = w
        .facilitator
        .form_post(
            &minutes,
            &attach,
            &[("title", ""), ("url", "https://diat.fi/1")],
        )
        .await;
    assert_eq!(untitled.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(untitled.exists("#attachment-title[aria-invalid=true]"));

    let ok = w
        .facilitator
        .form_post(
            &minutes,
            &attach,
            &[
                ("title", "Diat"),
                ("url", "https://diat.example.fi/tyopaja.pdf"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let read = w.members[0].1.get(&minutes).await;
    assert_eq!(
        read.attr("#attachments a", "href"),
        ["https://diat.example.fi/tyopaja.pdf"]
    );
    assert_eq!(read.select("#attachments a"), ["Diat"]);

    let form = w.facilitator.get(&minutes).await;
    let remove = form.attr("form[action*='/attachments/'][action$='/delete']", "action");
    assert_eq!(remove.len(), 1);
    let gone = w.facilitator.form_post(&minutes, &remove[0], &[]).await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER);
    assert!(!w.members[0].1.get(&minutes).await.exists("#attachments"));
}

async fn register(w: &World, id: i32, user: i32, status: &str, colleague: Option<&str>) {
    let at = now();
    workshop_registration::ActiveModel {
        workshop_id: Set(id),
        user_id: Set(user),
        status: Set(status.into()),
        colleague_name: Set(colleague.map(str::to_owned)),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(w.app.db())
    .await
    .expect("registering");
}

#[tokio::test]
async fn attendance_is_marked_only_for_people_holding_a_seat() {
    let w = world().await;
    let id = workshop_at(&w, -Duration::hours(2)).await;
    let (seated, waiting, cancelled) = (w.members[0].0.id, w.members[1].0.id, w.members[2].0.id);
    register(&w, id, seated, "registered", Some("Kaisa Kollega")).await;
    register(&w, id, waiting, "waiting", None).await;
    register(&w, id, cancelled, "cancelled", None).await;

    let minutes = page(id, "/minutes");
    let form = w.facilitator.get(&minutes).await;
    assert_eq!(
        form.attr("#attendance-table tbody tr", "data-user"),
        [seated.to_string()],
        "only the seated participant is listed"
    );
    assert!(form.exists(&format!("#colleague-{seated}")));

    let f_seated = format!("attended-{seated}");
    let f_colleague = format!("colleague-{seated}");
    let f_waiting = format!("attended-{waiting}");
    let refused = w
        .facilitator
        .form_post(
            &minutes,
            &page(id, "/minutes/attendance"),
            &[(&f_seated, "yes"), (&f_waiting, "yes")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.exists(".error-summary"));
    assert!(
        refused.exists(&format!("#attended-{seated}-yes[checked]")),
        "the form stays filled"
    );
    let marked = workshop_attendance::Entity::find()
        .count(w.app.db())
        .await
        .unwrap();
    assert_eq!(marked, 0, "nothing saved when one mark is refused");

    let ok = w
        .facilitator
        .form_post(
            &minutes,
            &page(id, "/minutes/attendance"),
            &[(&f_seated, "yes"), (&f_colleague, "yes")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let rows = workshop_attendance::Entity::find()
        .all(w.app.db())
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (
            rows[0].user_id,
            rows[0].attended,
            rows[0].colleague_attended
        ),
        (seated, true, Some(true))
    );
    let again = w.facilitator.get(&minutes).await;
    assert!(again.exists(&format!("#attended-{seated}-yes[checked]")));
    // The participants' CSV tells who came: the seated one and the colleague.
    let csv = w.facilitator.get(&page(id, "/participants.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    let seated_row = csv
        .body
        .lines()
        .find(|l| l.contains("Kaisa Kollega"))
        .unwrap_or_else(|| panic!("{}", csv.body));
    assert!(seated_row.ends_with(",kyllä,kyllä"), "{seated_row}");

    // Changing one's mind overwrites the mark.
    w.facilitator
        .form_post(
            &minutes,
            &page(id, "/minutes/attendance"),
            &[(&f_seated, "no")],
        )
        .await;
    let row = workshop_attendance::Entity::find()
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.attended, row.colleague_attended), (false, Some(false)));
    let csv = w.facilitator.get(&page(id, "/participants.csv")).await;
    assert!(
        csv.body.lines().any(|l| l.ends_with(",ei,ei")),
        "{}",
        csv.body
    );
}

#[tokio::test]
async fn minutes_and_their_search_outbox_row_are_written_in_one_transaction() {
    let w = world().await;
    let id = workshop_at(&w, -Duration::hours(2)).await;
    let minutes = parse_markdown("Sovittiin jatkosta.", 1000).unwrap();

    let txn = w.app.db().begin().await.unwrap();
    record_minutes(&txn, WorkshopId(id), minutes.clone(), Vec::new(), 1, now())
        .await
        .unwrap();
    txn.rollback().await.unwrap();
    let row = workshop::Entity::find_by_id(id)
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.minutes, None);
    assert_eq!(outbox_rows(&w, id).await, 0, "rolled back together");

    let txn = w.app.db().begin().await.unwrap();
    record_minutes(&txn, WorkshopId(id), minutes, Vec::new(), 1, now())
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let row = workshop::Entity::find_by_id(id)
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.minutes.as_deref(), Some("Sovittiin jatkosta."));
    assert_eq!(outbox_rows(&w, id).await, 1, "committed together");

    let saved = w
        .facilitator
        .form_post(
            &page(id, "/minutes"),
            &page(id, "/minutes"),
            &[("minutes", "Uusi versio")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_eq!(
        outbox_rows(&w, id).await,
        2,
        "the page's save records the change too"
    );
}
