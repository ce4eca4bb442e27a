//! The private calendar feed of a panel's workshops.
use super::*;

// ----- The private calendar feed -----

/// The member makes their feed address; returns the URL path shown on the page.
async fn make_feed(client: &TestClient) -> String {
    let page = format!("/panels/{SLUG}/workshops");
    let made = client
        .form_post(&page, &format!("/panels/{SLUG}/calendar"), &[])
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let url = made.attr("#feed-url", "value").pop().expect("the address");
    let path = url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_owned()))
        .unwrap();
    assert!(path.starts_with(&format!("/panels/{SLUG}/calendar/")));
    assert!(path.ends_with(".ics"));
    path
}

#[tokio::test]
async fn a_member_subscribes_to_the_panels_workshops_with_a_private_address() {
    let w = world(1).await;
    let (id, _) = a_workshop(&w, 5).await;
    let (cancelled, _) = a_workshop(&w, 5).await;
    service::change_workshop(
        w.app.db(),
        &w.site(),
        PanelId(w.panel_id),
        SLUG,
        "Paneeli",
        WorkshopId(cancelled),
        Change::Cancelled,
    )
    .await
    .unwrap();
    let member = w.client(0).await;
    let before = member.get(&format!("/panels/{SLUG}/workshops")).await;
    assert!(before.exists("#calendar-feed button[type=submit]"));
    assert!(!before.exists("#feed-url"));

    let path = make_feed(&member).await;
    // A calendar program has no session.
    let feed = w.app.new_client().get(&path).await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(
        feed.header("content-type")
            .unwrap()
            .starts_with("text/calendar")
    );
    assert!(feed.body.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(feed.body.contains("METHOD:PUBLISH\r\n"));
    assert!(!feed.body.contains("METHOD:REQUEST"));
    let uid = format!("UID:workshop-{id}-abc123@127.0.0.1\r\n");
    assert!(feed.body.contains(&uid), "the invitations' UID");
    assert_eq!(
        feed.body.matches("BEGIN:VEVENT").count(),
        1,
        "not the cancelled one"
    );
    python_reads_the_feed(&feed.body, &format!("workshop-{id}-abc123@127.0.0.1"));

    // Later visits do not show the address again, only that there is one.
    let again = member.get(&format!("/panels/{SLUG}/workshops")).await;
    assert!(!again.exists("#feed-url"));
    assert!(again.exists("#feed-created"));
}

#[tokio::test]
async fn a_new_address_stops_the_old_one_and_wrong_addresses_are_not_found() {
    let w = world(1).await;
    a_workshop(&w, 5).await;
    let member = w.client(0).await;
    let old = make_feed(&member).await;
    let new = make_feed(&member).await;
    assert_ne!(old, new);
    let calendar = w.app.new_client();
    assert_eq!(calendar.get(&old).await.status, StatusCode::NOT_FOUND);
    assert_eq!(calendar.get(&new).await.status, StatusCode::OK);

    let wrong = format!("/panels/{SLUG}/calendar/{}.ics", "0".repeat(64));
    assert_eq!(calendar.get(&wrong).await.status, StatusCode::NOT_FOUND);
    let not_hex = format!("/panels/{SLUG}/calendar/nonsense.ics");
    assert_eq!(calendar.get(&not_hex).await.status, StatusCode::NOT_FOUND);
    let without_suffix = new.trim_end_matches(".ics");
    assert_eq!(
        calendar.get(without_suffix).await.status,
        StatusCode::NOT_FOUND
    );

    // The token belongs to this panel only.
    let other = a_panel(&w.app, "toinen", w.facilitator.id).await;
    seat_company(&w.app, other, w.members[0].id, "member", None).await;
    let elsewhere = new.replace(&format!("/panels/{SLUG}/"), "/panels/toinen/");
    assert_eq!(calendar.get(&elsewhere).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_feed_of_a_member_who_left_the_panel_is_not_found() {
    let w = world(1).await;
    a_workshop(&w, 5).await;
    let member = w.client(0).await;
    let path = make_feed(&member).await;
    let calendar = w.app.new_client();
    assert_eq!(calendar.get(&path).await.status, StatusCode::OK);
    panel_member::Entity::find()
        .filter(panel_member::Column::UserId.eq(w.members[0].id))
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap()
        .delete(w.app.db())
        .await
        .unwrap();
    assert_eq!(calendar.get(&path).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn making_a_feed_address_needs_the_forms_token_and_a_seat() {
    let w = world(1).await;
    let member = w.client(0).await;
    let forged = member
        .post_raw(&format!("/panels/{SLUG}/calendar"), &[])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    let outsider = w.app.create_user(Role::Member).await;
    let stranger = w.app.client_for(&outsider).await;
    let refused = stranger
        .post_form(&format!("/panels/{SLUG}/calendar"), &[])
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}

/// Parse the feed with Python's `icalendar`, an independent reader. Skipped (with a note)
/// when it is missing, unless `TEST_REQUIRE_PYTHON=1` (CI).
fn python_reads_the_feed(body: &str, uid: &str) {
    let file = std::env::temp_dir().join(format!("lupa-feed-{}-{uid}.ics", std::process::id()));
    std::fs::write(&file, body).unwrap();
    let script = r#"
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
assert str(cal.get('METHOD', 'PUBLISH')) == 'PUBLISH', cal['METHOD']
events = list(cal.walk('VEVENT'))
assert len(events) == 1, events
assert str(events[0]['UID']) == sys.argv[2], events[0]['UID']
assert str(events[0]['STATUS']) == 'CONFIRMED'
assert events[0].decoded('DTSTART').tzinfo is not None
print('OK')
"#;
    let output = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&file)
        .arg(uid)
        .output();
    let _ = std::fs::remove_file(&file);
    let required = std::env::var("TEST_REQUIRE_PYTHON").is_ok_and(|v| v == "1");
    let output = match output {
        Ok(o) => o,
        Err(e) => {
            assert!(
                !required,
                "TEST_REQUIRE_PYTHON=1 but python3 is missing: {e}"
            );
            eprintln!("skipped: python3 missing");
            return;
        }
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("ModuleNotFoundError") {
        assert!(!required, "TEST_REQUIRE_PYTHON=1 but: {stderr}");
        eprintln!("skipped: `pip install icalendar` to run the feed check");
        return;
    }
    assert!(
        output.status.success(),
        "icalendar rejected the feed:\n{stderr}"
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "OK");
}
