//! `lupa demo`'s customer panel: fifteen member companies around a new online service for
//! businesses, two facilitators, two discussion topics with replies, and rules in two
//! versions (one member has not accepted the second). Runs after the
//! demo network (organisations and staff) exists.
use chrono::{NaiveDate, TimeZone, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection};

use super::{
    model::{BusinessId, LogAction, MemberRole, PanelId, PanelVisibility},
    service::log,
    store,
};
use crate::{
    auth::{Role, password, password::Password},
    comments::{
        model::{CommentBody, place},
        store as comment_store,
    },
    db::begin_write,
    entities::{panel, panel_member, user},
    markdown,
    people::store as people_store,
};

pub const SLUG: &str = "yrityspalvelujen-asiakaspaneeli";

const DESCRIPTION: &str = "Rakennamme yrityksille uutta verkkopalvelua, jossa rahoitus, \
neuvonta ja luvat löytyvät yhdestä paikasta. Paneeli kokoontuu työpajoihin muutaman kerran \
vuodessa, ja niiden välissä arvioimme luonnoksia ja kartoitamme tarpeita täällä verkossa.\n\n\
**Tavoite:** 40–50 yritystä kauden loppuun mennessä, eri toimialoilta ja eri puolilta Suomea.";

/// (company, seven digits of the business id, industry, region, stage, person, role)
const COMPANIES: [(&str, &str, &str, &str, &str, &str, &str); 15] = [
    (
        "Konepaja Koivisto Oy",
        "2345671",
        "manufacturing",
        "pirkanmaa",
        "small",
        "Kirsi Koivisto",
        "Toimitusjohtaja",
    ),
    (
        "Sahanterä Tmi",
        "3012456",
        "manufacturing",
        "pohjois-karjala",
        "starting",
        "Jussi Sahala",
        "Yrittäjä",
    ),
    (
        "Lounasravintola Pippuri",
        "2876543",
        "hospitality",
        "uusimaa",
        "small",
        "Anni Pippuri",
        "Omistaja",
    ),
    (
        "Koodiverstas Oy",
        "2998878",
        "ict",
        "uusimaa",
        "growing-home",
        "Mikael Laine",
        "Teknologiajohtaja",
    ),
    (
        "Arktiset Elämykset Oy",
        "2765434",
        "hospitality",
        "lappi",
        "growing-abroad",
        "Saara Niemi",
        "Myyntijohtaja",
    ),
    (
        "Rakennus Virta Oy",
        "1987654",
        "construction",
        "varsinais-suomi",
        "growing-home",
        "Timo Virta",
        "Toimitusjohtaja",
    ),
    (
        "Tilitoimisto Luotto",
        "2123987",
        "finance",
        "keski-suomi",
        "small",
        "Helena Luotto",
        "Kirjanpitäjä",
    ),
    (
        "Kuljetus Kallio Ky",
        "1876123",
        "transport",
        "pohjois-pohjanmaa",
        "small",
        "Pekka Kallio",
        "Yrittäjä",
    ),
    (
        "Hoivakoti Auringonkukka",
        "2654987",
        "health",
        "etela-savo",
        "growing-home",
        "Marja Heikkinen",
        "Johtaja",
    ),
    (
        "Design Studio Lumo",
        "3098765",
        "creative",
        "uusimaa",
        "starting",
        "Emilia Lumo",
        "Perustaja",
    ),
    (
        "Maatila Peltola",
        "1765432",
        "agriculture",
        "etela-pohjanmaa",
        "small",
        "Aki Peltola",
        "Viljelijä",
    ),
    (
        "Kauppahuone Sundberg Ab",
        "0987654",
        "trade",
        "pohjanmaa",
        "large",
        "Johan Sundberg",
        "Hallituksen puheenjohtaja",
    ),
    (
        "Oppimispolku Oy",
        "2890123",
        "education",
        "pirkanmaa",
        "growing-abroad",
        "Laura Salo",
        "Kehitysjohtaja",
    ),
    (
        "Insinööritoimisto Tarkka",
        "2456789",
        "professional",
        "kymenlaakso",
        "small",
        "Ville Tarkka",
        "Pääsuunnittelija",
    ),
    (
        "Vihreä Logistiikka Oy",
        "3123456",
        "transport",
        "uusimaa",
        "growing-abroad",
        "Noora Hakala",
        "Kestävyysjohtaja",
    ),
];

/// (author index among the companies, title, body, replies as (author index, text))
type DemoTopic = (
    usize,
    &'static str,
    &'static str,
    &'static [(usize, &'static str)],
);

const TOPICS: [DemoTopic; 2] = [
    (
        usize::MAX,
        "Mitä odotatte yhdeltä yrityspalvelujen verkko-osoitteelta?",
        "Aloitetaan perusteista ennen ensimmäistä työpajaa. Kertokaa omin sanoin:\n\n\
1. Missä tilanteessa viimeksi etsitte apua tai rahoitusta julkiselta puolelta?\n\
2. Mikä siinä oli hankalinta?\n\
3. Mitä palvelun pitäisi tehdä, jotta käyttäisitte sitä ilman, että kukaan muistuttaa?",
        &[
            (
                0,
                "Viimeksi haimme investointitukea uuteen särmäyspuristimeen. Hankalinta oli, että sama liiketoimintasuunnitelma piti kirjoittaa kolmeen eri lomakkeeseen hieman eri muodoissa.",
            ),
            (
                3,
                "Meille tärkeintä olisi rajapinta. Jos tiedot voisi hakea suoraan kirjanpidosta, emme kirjoittaisi lukuja käsin kertaakaan.",
            ),
            (
                6,
                "Asiakkaani ovat pieniä yrityksiä, eikä heillä ole aikaa opetella uutta palvelua. Selkeä tilannenäkymä – mitä on vireillä ja mitä minulta odotetaan – riittäisi pitkälle.",
            ),
        ],
    ),
    (
        4,
        "Kansainvälistyvän yrityksen näkökulma",
        "Meillä suurin osa asiakkaista tulee ulkomailta, ja kaipaisin palveluun englanninkielistä \
näkymää myös kumppaneille, jotka osallistuvat hakemuksiin. Onko muilla samanlaisia tarpeita?",
        &[
            (
                12,
                "Sama juttu: meidän kehittäjämme eivät puhu suomea, mutta he kirjoittavat hankkeiden tekniset osuudet.",
            ),
            (
                11,
                "Ruotsinkielinen palvelu on meille itsestäänselvyys – toivottavasti sitä ei unohdeta englannin rinnalla.",
            ),
        ],
    ),
];

/// A valid business id from seven digits (the first of 0–9 whose check digit fits).
fn business_id(digits: &str) -> anyhow::Result<BusinessId> {
    (0..10)
        .find_map(|c| BusinessId::parse(&format!("{digits}-{c}")).ok())
        .ok_or_else(|| anyhow::anyhow!("no check digit fits {digits}"))
}

/// Create the demo panel (once). Facilitated by the demo editor and an ELY adviser; owned by
/// the ELY centre. Its member companies' people sign in with `password` (the demo's).
pub async fn demo(db: &DatabaseConnection, password: &str) -> anyhow::Result<()> {
    if store::panel_by_slug(db, SLUG).await?.is_some() {
        return Ok(());
    }
    let txn = begin_write(db).await?;
    let org = people_store::organization_by_short(&txn, "ely")
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo network has no ELY centre"))?;
    let mut facilitators = Vec::new();
    for email in ["eero.toimittaja@te.example", "ville.virtanen@ely.example"] {
        let person = people_store::user_by_email(&txn, email)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the demo network has no {email}"))?;
        facilitators.push(person);
    }
    let start = Utc.with_ymd_and_hms(2026, 9, 1, 9, 0, 0).unwrap();
    let html = markdown::render(DESCRIPTION)?;
    let saved = panel::ActiveModel {
        slug: Set(SLUG.into()),
        name: Set("Yrityspalvelujen asiakaspaneeli".into()),
        description_md: Set(DESCRIPTION.into()),
        description_html: Set(html.into_string()),
        organization_id: Set(org.id),
        term_start: Set(NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()),
        term_end: Set(NaiveDate::from_ymd_opt(2029, 6, 30).unwrap()),
        seat_target: Set(45),
        seat_cap: Set(50),
        visibility: Set(PanelVisibility::Private.as_str().into()),
        listed_publicly: Set(true),
        created_by: Set(facilitators[0].id),
        created_at: Set(start),
        updated_at: Set(start),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let id = PanelId(saved.id);
    log(
        &txn,
        id,
        Some(facilitators[0].id),
        None,
        LogAction::Created,
        &saved.name,
    )
    .await?;
    for f in &facilitators {
        panel_member::ActiveModel {
            panel_id: Set(id.0),
            user_id: Set(f.id),
            role: Set(MemberRole::Facilitator.as_str().into()),
            company_name: Set(String::new()),
            business_id: Set(None),
            industry: Set(None),
            region: Set(None),
            stage: Set(None),
            role_in_company: Set(String::new()),
            joined_at: Set(start),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        log(
            &txn,
            id,
            Some(facilitators[0].id),
            Some(f.id),
            LogAction::FacilitatorAdded,
            "",
        )
        .await?;
    }
    let hash = password::hash(
        &Password::parse(password)
            .map_err(|e| anyhow::anyhow!("demo password: {}", e.message_key()))?,
    )
    .await?;
    let mut members = Vec::new();
    for (i, (company, digits, industry, region, stage, person, role)) in
        COMPANIES.into_iter().enumerate()
    {
        let email = format!(
            "{}@{}.example",
            crate::blog::model::slugify(person).replace('-', "."),
            crate::blog::model::slugify(company)
        );
        let joined = start + chrono::Duration::days(i as i64);
        let u = user::ActiveModel {
            email: Set(email),
            display_name: Set(person.into()),
            organization_id: Set(None),
            job_title: Set(role.into()),
            language: Set(Some(
                if company.ends_with(" Ab") { "sv" } else { "fi" }.into(),
            )),
            role: Set(Role::Panelist.as_str().into()),
            password_hash: Set(hash.clone()),
            active: Set(true),
            created_at: Set(joined),
            email_confirmed_at: Set(Some(joined)),
            deactivated_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        panel_member::ActiveModel {
            panel_id: Set(id.0),
            user_id: Set(u.id),
            role: Set(MemberRole::Member.as_str().into()),
            company_name: Set(company.into()),
            business_id: Set(Some(business_id(digits)?.as_str().to_owned())),
            industry: Set(Some(industry.into())),
            region: Set(Some(region.into())),
            stage: Set(Some(stage.into())),
            role_in_company: Set(role.into()),
            joined_at: Set(joined),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        log(
            &txn,
            id,
            Some(facilitators[1].id),
            Some(u.id),
            LogAction::JoinedByInvitation,
            company,
        )
        .await?;
        members.push(u);
    }
    super::rules::demo::rules(&txn, id, &facilitators[0], &members, start).await?;
    for (n, (author, title, body, replies)) in TOPICS.into_iter().enumerate() {
        let author_id = members.get(author).map_or(facilitators[1].id, |m| m.id);
        let at = start + chrono::Duration::days(20 + 7 * n as i64);
        let base = format!("panel-{}-{}", id.0, crate::blog::model::slugify(title));
        let title = crate::blog::model::PostTitle::parse(title)
            .map_err(|e| anyhow::anyhow!(e.message_key))?;
        let row = crate::blog::service::topic_row(
            crate::blog::service::NewTopic {
                title,
                body_md: body.into(),
                html: markdown::render(body)?,
                language: crate::i18n::Lang::Fi,
                author_id,
                organization_id: org.id,
            },
            at,
        );
        let topic = crate::blog::store::insert_post(&txn, &base, |_| false, row).await?;
        store::insert_topic_link(&txn, id, topic.id, (n == 0).then_some(at)).await?;
        for (k, (who, text)) in replies.iter().enumerate() {
            let body = CommentBody::parse(text).map_err(|e| anyhow::anyhow!(e.message_key))?;
            comment_store::insert(
                &txn,
                topic.id,
                members[*who].id,
                place(None),
                &body,
                at + chrono::Duration::hours(3 * (k as i64 + 1)),
            )
            .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}
