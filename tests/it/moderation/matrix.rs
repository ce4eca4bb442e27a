//! Who may do what with content under moderation, as one table: for each role × each kind
//! of content (held, rejected, hidden by flags, a suspended author's) × each action (read it
//! on its page, find it in search, flag it, moderate it, see it in the queue), the expected
//! answer. The content lives in a private panel, where customers take part.
use lupa::entities::user;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};

use super::*;

/// What a person gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum A {
    /// Shown (page, search, queue) or done (flag, moderate).
    Yes,
    /// The page opens, but without the content.
    No,
    /// 404: not there for them.
    Gone,
    /// 403: they see it but may not do this.
    Denied,
    /// Sent to sign in.
    SignIn,
}
use A::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Held,
    Rejected,
    Flagged,
    /// Visible, by an author who is now suspended.
    Suspended,
}

const KINDS: [Kind; 4] = [Kind::Held, Kind::Rejected, Kind::Flagged, Kind::Suspended];

/// Per role: (role, [page, search, flag, moderate, queue] for held, rejected, flagged,
/// suspended author's).
#[rustfmt::skip]
const MATRIX: [(&str, [[A; 5]; 4]); 9] = [
    //                         held                          rejected                       flagged                        suspended author's
    ("visitor",              [[Gone, No, SignIn, SignIn, SignIn], [Gone, No, SignIn, SignIn, SignIn], [Gone, No, SignIn, SignIn, SignIn], [Gone, No, SignIn, SignIn, SignIn]]),
    ("unconfirmed customer", [[Gone, No, Gone, Gone, Gone],       [Gone, No, Gone, Gone, Gone],       [Gone, No, Gone, Gone, Gone],       [Gone, No, Gone, Gone, Gone]]),
    ("customer",             [[Gone, No, Gone, Gone, Gone],       [Gone, No, Gone, Gone, Gone],       [Gone, No, Gone, Gone, Gone],       [Gone, No, Gone, Gone, Gone]]),
    ("panel member",         [[No, No, Gone, Denied, Gone],       [No, No, Gone, Denied, Gone],       [No, No, Gone, Denied, Gone],       [Yes, Yes, Yes, Denied, Gone]]),
    ("member",               [[Gone, No, Gone, Gone, Gone],       [Gone, No, Gone, Gone, Gone],       [Gone, No, Gone, Gone, Gone],       [Gone, No, Gone, Gone, Gone]]),
    ("writer",               [[Gone, No, Gone, Gone, Gone],       [Gone, No, Gone, Gone, Gone],       [Gone, No, Gone, Gone, Gone],       [Gone, No, Gone, Gone, Gone]]),
    // Editors moderate everything from the queue, though a private panel's pages are its own.
    ("editor",               [[Gone, No, Gone, Yes, Yes],         [Gone, No, Gone, Yes, No],          [Gone, No, Gone, Yes, Yes],         [Gone, No, Yes, Yes, No]]),
    ("admin",                [[Yes, No, Gone, Yes, Yes],          [Yes, No, Gone, Yes, No],           [Yes, No, Gone, Yes, Yes],          [Yes, Yes, Yes, Yes, No]]),
    ("facilitator",          [[Yes, No, Gone, Yes, Yes],          [Yes, No, Gone, Yes, No],           [Yes, No, Gone, Yes, Yes],          [Yes, Yes, Yes, Yes, No]]),
];

/// A reply in `kind`'s state, by `author`, with a word only it has; queued for search.
async fn contribution(w: &World, author: i32, kind: Kind, n: usize) -> (i32, String) {
    let word = format!("Matriisisana{kind:?}{n}");
    let state = match kind {
        Kind::Held => "held",
        Kind::Rejected => "rejected",
        Kind::Flagged => "flagged",
        Kind::Suspended => "visible",
    };
    let saved = comment::ActiveModel {
        post_id: Set(w.topic_id),
        parent_id: Set(None),
        depth: Set(0),
        author_id: Set(author),
        body_md: Set(word.clone()),
        body_html: Set(format!("<p>{word}</p>")),
        created_at: Set(lupa::db::now()),
        moderation_state: Set(state.into()),
        moderation_reason: Set((kind == Kind::Rejected).then(|| "Syy".into())),
        ..Default::default()
    }
    .insert(w.app.db())
    .await
    .unwrap();
    lupa::search::outbox::enqueue(w.app.db(), lupa::search::outbox::Change::Comment(saved.id))
        .await
        .unwrap();
    (saved.id, word)
}

fn status_answer(status: StatusCode) -> A {
    match status {
        StatusCode::NOT_FOUND => Gone,
        StatusCode::FORBIDDEN => Denied,
        StatusCode::SEE_OTHER | StatusCode::OK | StatusCode::CREATED => Yes,
        s => panic!("unexpected status {s}"),
    }
}

/// A POST answered: done, refused, or sent to sign in.
fn post_answer(r: &TestResponse, done_at: &str) -> A {
    if r.status == StatusCode::SEE_OTHER {
        let to = r.location().unwrap_or_default();
        if to.starts_with("/sign-in") {
            return SignIn;
        }
        assert!(to.starts_with(done_at), "{to}");
        return Yes;
    }
    status_answer(r.status)
}

#[tokio::test]
async fn every_role_gets_the_expected_answer_for_every_kind_of_moderated_content() {
    let w = World::new().await;
    let pid = lupa::panels::store::panel_by_slug(w.app.db(), SLUG)
        .await
        .unwrap()
        .unwrap()
        .id;
    // The people, one per row.
    let unconfirmed = w.app.create_user(Role::Customer).await;
    let row = user::Entity::find_by_id(unconfirmed.id)
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    let mut row: user::ActiveModel = row.into();
    row.email_confirmed_at = Set(None);
    row.update(w.app.db()).await.unwrap();
    let panelist = w.app.create_user(Role::Panelist).await;
    seat_company(&w.app, pid, panelist.id, "member", None).await;
    let mut clients: Vec<(&str, TestClient)> = vec![("visitor", w.app.new_client())];
    clients.push(("unconfirmed customer", w.app.client_for(&unconfirmed).await));
    clients.push(("customer", w.staff(Role::Customer).await.1));
    clients.push(("panel member", w.app.client_for(&panelist).await));
    clients.push(("member", w.staff(Role::Member).await.1));
    clients.push(("writer", w.staff(Role::Writer).await.1));
    clients.push(("editor", w.staff(Role::Editor).await.1));
    clients.push(("admin", w.staff(Role::Admin).await.1));
    clients.push(("facilitator", w.app.client_for(&w.facilitator).await));

    // One item of each kind to read, search and flag; the suspended author wrote theirs
    // before the suspension.
    let mut items = Vec::new();
    for (k, kind) in KINDS.into_iter().enumerate() {
        items.push(contribution(&w, w.customer.id, kind, k).await);
    }
    let (_, editor) = w.staff(Role::Editor).await;
    let suspended = editor
        .form_post(
            "/moderation",
            &format!("/moderation/people/{}/suspend", w.customer.id),
            &[("days", ""), ("reason", "Matriisi")],
        )
        .await;
    assert_eq!(suspended.status, StatusCode::SEE_OTHER);
    w.app.state().search.catch_up().await.unwrap();

    let mut wrong = Vec::new();
    for (who, expected) in MATRIX {
        let client = &clients.iter().find(|(n, _)| *n == who).unwrap().1;
        for (k, kind) in KINDS.into_iter().enumerate() {
            let (id, word) = &items[k];
            let page = client.get(&w.topic_path()).await;
            let read = match page.status {
                StatusCode::OK if page.body.contains(word.as_str()) => Yes,
                StatusCode::OK => No,
                StatusCode::SEE_OTHER => SignIn,
                s => status_answer(s),
            };
            let found = client.get(&format!("/search?q={word}")).await;
            let search = if found.status == StatusCode::OK
                && found.select("main").concat().contains(word.as_str())
            {
                Yes
            } else {
                No
            };
            // Fresh items of the same kind to flag and to moderate, so one person's action is
            // not another's starting point.
            let (to_flag, _) = contribution(&w, w.customer.id, kind, 200 + k).await;
            let flagged = client
                .post_form(&format!("/flag/comment/{to_flag}"), &[("reason", "spam")])
                .await;
            let flag = if flagged.status == StatusCode::FORBIDDEN && who == "visitor" {
                SignIn
            } else {
                post_answer(&flagged, "/panels/")
            };
            let (fresh, _) = contribution(&w, w.customer.id, kind, 100 + k).await;
            let approved = client
                .post_form(&format!("/moderation/comment/{fresh}/approve"), &[])
                .await;
            let moderate = if approved.status == StatusCode::FORBIDDEN && who == "visitor" {
                SignIn
            } else {
                post_answer(&approved, "/moderation")
            };
            let q = client.get("/moderation").await;
            let queue = match q.status {
                StatusCode::OK if q.exists(&format!("#item-comment-{id}")) => Yes,
                StatusCode::OK => No,
                StatusCode::SEE_OTHER => SignIn,
                s => status_answer(s),
            };
            let got = [read, search, flag, moderate, queue];
            if got != expected[k] {
                wrong.push(format!(
                    "{who} × {kind:?}: expected {:?}, got {got:?}",
                    expected[k]
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));

    // The suspended author cannot sign in; what they wrote stays up.
    let again = w
        .app
        .new_client()
        .sign_in(&w.customer.email, &w.customer.password)
        .await;
    assert_eq!(again.status, StatusCode::FORBIDDEN);
}
