use std::sync::Arc;

use chrono::Duration;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait, PaginatorTrait,
};

use super::{super::store, *};
use crate::{
    auth::{Role, password::Password, permissions::Actor},
    config::Settings,
    db::now,
    email::Mailer,
    entities::{email_outbox, invitation, organization, user},
    i18n::{Lang, Tr},
    people::model::{DisplayName, Email, OrgName, ShortName},
};

/// A migrated database in a temporary folder, with one organisation and an admin.
struct World {
    db: DatabaseConnection,
    settings: Arc<Settings>,
    org: organization::Model,
    admin: Actor,
    _dir: tempfile::TempDir,
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let settings = Arc::new(Settings {
        data_dir: dir.path().to_owned(),
        ..Default::default()
    });
    let db = crate::db::connect(&settings).await.unwrap();
    crate::db::migrate(&db).await.unwrap();
    let org = create_organization(
        &db,
        OrgName::parse("Verohallinto").unwrap(),
        ShortName::parse("vero").unwrap(),
        "",
    )
    .await
    .unwrap();
    let admin = person(&db, "admin@vero.fi", Role::Admin).await;
    World {
        db,
        settings,
        org,
        admin,
        _dir: dir,
    }
}

async fn person(db: &DatabaseConnection, email: &str, role: Role) -> Actor {
    let row = create_user(
        db,
        NewUser {
            email: Email::parse(email).unwrap(),
            display_name: DisplayName::parse("Maija Meikäläinen").unwrap(),
            org_short: ShortName::parse("vero").unwrap(),
            role,
            job_title: String::new(),
            password: Password::parse("pitkä salasana joka kelpaa").unwrap(),
        },
    )
    .await
    .unwrap();
    Actor { id: row.id, role }
}

impl World {
    fn mailer(&self, smtp: bool) -> Mailer {
        let mut settings = (*self.settings).clone();
        if smtp {
            settings.smtp_url = Some(crate::config::Secret::new("smtp://localhost:2525"));
        }
        Mailer::new(self.db.clone(), Arc::new(settings))
    }

    async fn invite(
        &self,
        inviter: Actor,
        email: &str,
        role: Role,
        smtp: bool,
    ) -> Result<InvitationMade, PeopleError> {
        invite(
            &self.db,
            &self.mailer(smtp),
            NewInvitation {
                inviter,
                inviter_name: "Ville <Ylläpitäjä>".to_owned(),
                email: Email::parse(email).unwrap(),
                organization_id: self.org.id,
                role,
            },
            Letter {
                t: Tr::new(Lang::Fi),
                network_name: "Kehittäjäverkosto",
                base_url: "https://lupa.example.fi/",
            },
        )
        .await
    }

    async fn accept(&self, token: &str) -> Result<user::Model, PeopleError> {
        accept_invitation(
            &self.db,
            token,
            DisplayName::parse("Uusi Ihminen").unwrap(),
            "Kehittäjä".to_owned(),
            Password::parse("toinen pitkä salasana").unwrap(),
            Some("sv".to_owned()),
        )
        .await
    }
}

#[tokio::test]
async fn an_invitation_link_works_once_and_gives_the_invited_role() {
    let w = world().await;
    let made = w
        .invite(w.admin, "Uusi@Vero.fi", Role::Writer, false)
        .await
        .unwrap();
    assert!(!made.emailed);
    assert_eq!(
        made.link,
        format!("https://lupa.example.fi/invitations/{}", made.token)
    );
    assert_eq!(email_outbox::Entity::find().count(&w.db).await.unwrap(), 0);
    let view = invitation_view(&w.db, &made.token).await.unwrap().unwrap();
    assert_eq!(view.email, "uusi@vero.fi");
    assert_eq!(view.organization.id, w.org.id);

    let person = w.accept(&made.token).await.unwrap();
    assert_eq!(person.role, "writer");
    assert_eq!(person.language.as_deref(), Some("sv"));
    assert_eq!(person.organization_id, Some(w.org.id));

    assert!(invitation_view(&w.db, &made.token).await.unwrap().is_none());
    assert!(matches!(
        w.accept(&made.token).await,
        Err(PeopleError::NotFound)
    ));
}

#[tokio::test]
async fn an_expired_invitation_is_refused() {
    let w = world().await;
    let made = w
        .invite(w.admin, "myohassa@vero.fi", Role::Member, false)
        .await
        .unwrap();
    let inv = open_invitation(&w.db, &made.token).await.unwrap().unwrap();
    invitation::ActiveModel {
        id: Set(inv.id),
        expires_at: Set(now() - Duration::minutes(1)),
        ..Default::default()
    }
    .update(&w.db)
    .await
    .unwrap();
    assert!(invitation_view(&w.db, &made.token).await.unwrap().is_none());
    assert!(matches!(
        w.accept(&made.token).await,
        Err(PeopleError::NotFound)
    ));
    assert!(matches!(
        w.accept("not-a-token").await,
        Err(PeopleError::NotFound)
    ));
}

#[tokio::test]
async fn with_smtp_the_invitation_email_is_queued_with_the_invitation() {
    let w = world().await;
    let made = w
        .invite(w.admin, "posti@vero.fi", Role::Member, true)
        .await
        .unwrap();
    assert!(made.emailed);
    let mails = email_outbox::Entity::find().all(&w.db).await.unwrap();
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.to_address, "posti@vero.fi");
    assert_eq!(mail.subject, "Kutsu verkostoon Kehittäjäverkosto");
    assert!(mail.body_text.contains(&made.link), "{}", mail.body_text);
    assert!(mail.body_text.contains("Organisaatio: Verohallinto"));
    let html = mail.body_html.as_deref().unwrap();
    assert!(html.contains(&format!("href=\"{}\"", made.link)), "{html}");
    assert!(
        !html.contains("<Ylläpitäjä>") && html.contains("Ylläpitäjä&"),
        "{html}"
    );
}

#[tokio::test]
async fn an_address_with_an_account_cannot_be_invited() {
    let w = world().await;
    let err = w
        .invite(w.admin, "admin@vero.fi", Role::Member, false)
        .await
        .err()
        .unwrap();
    assert!(matches!(
        err,
        PeopleError::Field(FieldError { ref field, .. }) if field == "email"
    ));
}

#[tokio::test]
async fn who_may_invite_with_which_role() {
    let w = world().await;
    let editor = person(&w.db, "toimittaja@vero.fi", Role::Editor).await;
    let writer = person(&w.db, "kirjoittaja@vero.fi", Role::Writer).await;
    // (inviter, role, allowed)
    let table = [
        (w.admin, Role::Admin, true),
        (editor, Role::Editor, true),
        (editor, Role::Admin, false),
        (writer, Role::Member, false),
    ];
    for (i, (inviter, role, allowed)) in table.into_iter().enumerate() {
        let result = w
            .invite(inviter, &format!("uusi{i}@vero.fi"), role, false)
            .await;
        match (allowed, result) {
            (true, Ok(_)) | (false, Err(PeopleError::Forbidden)) => {}
            (_, other) => panic!("{inviter:?} {role:?}: {:?}", other.err()),
        }
    }
}

#[tokio::test]
async fn admins_cannot_demote_or_deactivate_themselves() {
    let w = world().await;
    for change in [
        PersonChange {
            role: Some(Role::Editor),
            active: None,
        },
        PersonChange {
            role: None,
            active: Some(false),
        },
    ] {
        let err = change_person(&w.db, w.admin, w.admin.id, change)
            .await
            .err();
        assert!(
            matches!(&err, Some(PeopleError::Field(e)) if e.field == "people"),
            "{change:?}: {err:?}"
        );
    }
    let me = store::user_by_id(&w.db, w.admin.id).await.unwrap().unwrap();
    assert!(me.active);
    assert_eq!(me.role, "admin");
}

#[tokio::test]
async fn only_admins_change_people() {
    let w = world().await;
    let editor = person(&w.db, "toimittaja@vero.fi", Role::Editor).await;
    let writer = person(&w.db, "kirjoittaja@vero.fi", Role::Writer).await;
    let change = PersonChange {
        role: Some(Role::Member),
        active: None,
    };
    assert!(matches!(
        change_person(&w.db, editor, writer.id, change).await,
        Err(PeopleError::Forbidden)
    ));
    let changed = change_person(&w.db, w.admin, writer.id, change)
        .await
        .unwrap();
    assert_eq!(changed.role, "member");
    assert!(matches!(
        change_person(&w.db, w.admin, 9999, change).await,
        Err(PeopleError::NotFound)
    ));
}

#[tokio::test]
async fn deactivation_ends_sessions_and_stops_tokens_until_reactivated() {
    use crate::entities::session;
    let w = world().await;
    let writer = person(&w.db, "kirjoittaja@vero.fi", Role::Writer).await;
    let token = create_api_token(&w.db, writer.id, "julkaisuputki")
        .await
        .unwrap();
    session::ActiveModel {
        id: Set("s1".to_owned()),
        user_id: Set(Some(writer.id)),
        data: Set("{}".to_owned()),
        expires_at: Set(i64::MAX / 2),
    }
    .insert(&w.db)
    .await
    .unwrap();
    assert!(user_for_api_token(&w.db, &token).await.unwrap().is_some());

    let off = PersonChange {
        role: None,
        active: Some(false),
    };
    let changed = change_person(&w.db, w.admin, writer.id, off).await.unwrap();
    assert!(!changed.active && changed.deactivated_at.is_some());
    assert_eq!(session::Entity::find().count(&w.db).await.unwrap(), 0);
    assert!(user_for_api_token(&w.db, &token).await.unwrap().is_none());

    let on = PersonChange {
        role: None,
        active: Some(true),
    };
    change_person(&w.db, w.admin, writer.id, on).await.unwrap();
    assert!(user_for_api_token(&w.db, &token).await.unwrap().is_some());
}

#[tokio::test]
async fn people_revoke_only_their_own_tokens() {
    let w = world().await;
    let writer = person(&w.db, "kirjoittaja@vero.fi", Role::Writer).await;
    let token = create_api_token(&w.db, writer.id, "oma").await.unwrap();
    let row = store::active_tokens_of(&w.db, writer.id).await.unwrap();
    assert_eq!(row.len(), 1);
    assert!(matches!(
        revoke_api_token(&w.db, w.admin.id, row[0].id).await,
        Err(PeopleError::NotFound)
    ));
    revoke_api_token(&w.db, writer.id, row[0].id).await.unwrap();
    assert!(user_for_api_token(&w.db, &token).await.unwrap().is_none());
    assert!(
        store::active_tokens_of(&w.db, writer.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        revoke_api_token(&w.db, writer.id, row[0].id).await,
        Err(PeopleError::NotFound)
    ));
}
