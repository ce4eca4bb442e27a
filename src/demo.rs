//! `lupa demo`: fills an empty database with a small demo network of our own writing, so a
//! first-time user (and the browser tests and benchmarks) see a living site.
use anyhow::Context;
use chrono::{TimeZone, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait, PaginatorTrait,
};

use crate::{
    auth::{Role, password::Password},
    blog::{
        model::{Labels, PostStatus, Visibility, slugify},
        store as blog_store,
    },
    comments::{
        model::{CommentBody, ReplyTarget, place},
        store as comment_store,
    },
    db::begin_write,
    entities::{post, site_settings, user},
    i18n::Lang,
    markdown,
    people::{
        model::{DisplayName, Email, OrgName, ShortName},
        service::{self as people, NewUser},
    },
};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "lupa-demo-salasana";

/// Printed after `lupa demo`.
pub const SIGN_IN_HELP: &str =
    "Demo network created. Sign in with any of these (password: lupa-demo-salasana):
  admin   aino.administraattori@vero.example
  editor  eero.toimittaja@te.example
  writer  kaisa.kirjoittaja@vero.example
  writer  ville.virtanen@ely.example
  writer  sara.lindqvist@bf.example
  member  matti.jasen@te.example
  panel member  kirsi.koivisto@konepaja-koivisto-oy.example
The customer panel /panels/yrityspalvelujen-asiakaspaneeli is run by eero.toimittaja and
ville.virtanen; its fifteen member companies sign in the same way.";

const ORGS: [(&str, &str, &str); 4] = [
    (
        "Verohallinto",
        "vero",
        "Verotuksen asiakaspalvelu yrityksille ja henkilöasiakkaille.",
    ),
    (
        "TE-palvelut",
        "te",
        "Työnhaun, rekrytoinnin ja yrityspalveluiden asiantuntijat.",
    ),
    (
        "ELY-keskus",
        "ely",
        "Alueellinen elinkeinojen, liikenteen ja ympäristön kehittäjä.",
    ),
    (
        "Business Finland",
        "bf",
        "Rahoitusta ja neuvontaa kasvaville ja kansainvälistyville yrityksille.",
    ),
];

const PEOPLE: [(&str, &str, &str, Role, &str, &str); 6] = [
    (
        "aino.administraattori@vero.example",
        "Aino Administraattori",
        "vero",
        Role::Admin,
        "Palvelupäällikkö",
        "fi",
    ),
    (
        "eero.toimittaja@te.example",
        "Eero Toimittaja",
        "te",
        Role::Editor,
        "Viestinnän asiantuntija",
        "fi",
    ),
    (
        "kaisa.kirjoittaja@vero.example",
        "Kaisa Kirjoittaja",
        "vero",
        Role::Writer,
        "Asiakkuusasiantuntija",
        "fi",
    ),
    (
        "ville.virtanen@ely.example",
        "Ville Virtanen",
        "ely",
        Role::Writer,
        "Yritysneuvoja",
        "fi",
    ),
    (
        "sara.lindqvist@bf.example",
        "Sara Lindqvist",
        "bf",
        Role::Writer,
        "Senior Advisor",
        "sv",
    ),
    (
        "matti.jasen@te.example",
        "Matti Jäsen",
        "te",
        Role::Member,
        "Työvalmentaja",
        "fi",
    ),
];

/// (author index, title, language, visibility, status, labels, (year, month, day), body)
type DemoPost = (
    usize,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    (i32, u32, u32),
    &'static str,
);

const POSTS: [DemoPost; 16] = [
    (
        2,
        "Miksi asiakas joutuu kertomaan asiansa kolmesti?",
        "fi",
        "public",
        "published",
        &["asiakaskokemus", "yhteistyö"],
        (2026, 6, 2),
        "Kuuntelimme keväällä kahtakymmentä yrittäjää. Lähes jokainen kertoi saman tarinan: sama asia piti selittää **verottajalle**, **TE-toimistoon** ja vielä rahoittajalle.\n\nEhdotan, että kokeilemme yhteistä asiakaskuvausta, jonka asiakas itse hyväksyy ja jonka hän voi näyttää kenelle tahansa meistä.\n\n- Asiakas omistaa tiedon\n- Me emme kysy uudelleen sitä, minkä hän on jo kertonut\n- Kokeilu kestää kolme kuukautta",
    ),
    (
        3,
        "Alueen yrityspalvelut yhdellä kartalla",
        "fi",
        "public",
        "published",
        &["yrityspalvelut", "alueet"],
        (2026, 6, 16),
        "Kokosimme ELY-keskuksessa listan kaikista palveluista, joita alueemme yritys voi saada julkiselta sektorilta. Niitä löytyi **74**.\n\n| Vaihe | Palveluja |\n|---|---|\n| Aloittava | 21 |\n| Kasvava | 33 |\n| Kansainvälistyvä | 20 |\n\nSeuraavaksi haluaisimme tietää, mitkä niistä yrittäjä oikeasti löytää itse.",
    ),
    (
        1,
        "Työpaja-aineiston pohja kaikkien käyttöön",
        "fi",
        "public",
        "published",
        &["työpajat", "menetelmät"],
        (2026, 7, 1),
        "Jaan tässä pohjan, jota olemme käyttäneet asiakastyöpajoissa. Siinä on kolme osaa:\n\n1. Mitä asiakas yrittää saada aikaan?\n2. Missä kohdassa hän jää jumiin?\n3. Kuka meistä voisi auttaa juuri siinä kohdassa?\n\nKommentoikaa, jos teillä on hyviä lisäkysymyksiä.",
    ),
    (
        4,
        "Kundresan för ett växande företag",
        "sv",
        "public",
        "published",
        &["kundupplevelse", "tillväxt"],
        (2026, 7, 14),
        "Vi intervjuade tolv företag som vuxit snabbt under de senaste två åren. De flesta sökte finansiering först när tillväxten redan hade börjat, och då var tidsfristerna för korta.\n\nKan vi tillsammans nå företagen *tidigare*, till exempel när de anställer sin femte medarbetare?",
    ),
    (
        2,
        "Verkkoasioinnin sanasto selkokielelle",
        "fi",
        "public",
        "published",
        &["selkokieli", "verkkopalvelut"],
        (2026, 8, 4),
        "Kävimme läpi verkkoasioinnin yleisimmät virkasanat. Moni niistä on asiakkaalle vieras: *ennakkoperintärekisteri*, *oma-aloitteinen vero*, *työvoimapoliittinen lausunto*.\n\nEhdotan yhteistä sanastoa, jossa jokaiselle termille on selkokielinen selitys kolmella kielellä.",
    ),
    (
        0,
        "Lupa-verkoston pelisäännöt",
        "fi",
        "members",
        "published",
        &["verkosto"],
        (2026, 8, 11),
        "Tämä kirjoitus näkyy vain verkoston jäsenille.\n\n- Kirjoitamme omalla nimellämme ja organisaatiollamme.\n- Asiakkaiden tietoja ei jaeta täällä koskaan.\n- Keskeneräinen ajatus on tervetullut: täällä saa ajatella ääneen.",
    ),
    (
        3,
        "Rahoituspäätösten odotusaika puhuttaa",
        "fi",
        "public",
        "published",
        &["rahoitus", "asiakaskokemus"],
        (2026, 8, 25),
        "Yrittäjät kertovat, että pahinta ei ole kielteinen päätös vaan epätietoisuus. Voisimmeko näyttää hakemuksen vaiheen samaan tapaan kuin pakettiseurannassa?",
    ),
    (
        4,
        "What we learned from the export pilot",
        "en",
        "public",
        "published",
        &["internationalisation", "pilots"],
        (2026, 9, 8),
        "Our export pilot paired fifteen small companies with advisers from three agencies. The main lesson: a single named contact person mattered more than any new digital tool.\n\nFull notes are in the comments below.",
    ),
    (
        2,
        "Asiakaspalvelussa kuultua: lomakkeet ja liitteet",
        "fi",
        "public",
        "published",
        &["asiakaskokemus", "verkkopalvelut"],
        (2026, 9, 22),
        "Asiakaspalvelussamme kysytään viikoittain, mitkä liitteet hakemukseen tarvitaan. Vastaus on usein: *riippuu*. Kokoan tähän listan kysymyksistä, joihin voisimme vastata jo lomakkeessa.",
    ),
    (
        1,
        "Syksyn työpajojen ajat",
        "fi",
        "public",
        "published",
        &["työpajat"],
        (2026, 10, 1),
        "Syksyn työpajat pidetään lokakuussa ja marraskuussa. Ilmoittautuminen avautuu pian, ja ajat sovitaan yhdessä paneelin jäsenten kanssa.",
    ),
    (
        3,
        "Pienyrittäjän polku palveluviidakossa",
        "fi",
        "public",
        "published",
        &["yrityspalvelut", "asiakaskokemus"],
        (2026, 10, 13),
        "Seurasimme yhden pienyrittäjän vuotta. Hän asioi kahdeksan eri viranomaisen kanssa ja täytti yhteensä 23 lomaketta. Puolet tiedoista oli samoja.",
    ),
    (
        0,
        "Saavutettavuus ei ole lisäosa",
        "fi",
        "public",
        "published",
        &["saavutettavuus", "verkkopalvelut"],
        (2026, 10, 27),
        "Kun palvelu toimii näppäimistöllä, ruudunlukijalla ja puhelimella, se toimii paremmin kaikille. Tarkistamme tämän sivuston jokaisen sivun automaattisesti.",
    ),
    (
        4,
        "Samarbete över myndighetsgränserna",
        "sv",
        "public",
        "published",
        &["samarbete"],
        (2026, 11, 3),
        "Vad skulle hända om vi planerade våra kundträffar tillsammans? Ett företag skulle kunna träffa skatteförvaltningen, arbets- och näringsbyrån och Business Finland under samma eftermiddag.",
    ),
    (
        2,
        "Yhteinen palvelulupaus yrittäjälle",
        "fi",
        "public",
        "published",
        &["yhteistyö", "asiakaskokemus"],
        (2026, 11, 10),
        "Luonnos yhteiseksi palvelulupaukseksi:\n\n> Kerrot asiasi kerran. Saat vastauksen, jossa kerrotaan, mitä seuraavaksi tapahtuu ja milloin.\n\nMitä tästä puuttuu?",
    ),
    (
        3,
        "Palautekyselyn tulokset",
        "fi",
        "public",
        "published",
        &["asiakaspalaute"],
        (2026, 11, 17),
        "Saimme 412 vastausta. Tärkeimmät havainnot:\n\n- [x] Asiakkaat arvostavat nopeaa ensimmäistä yhteydenottoa\n- [x] Verkkopalvelun haku koetaan vaikeaksi\n- [ ] Puhelinpalvelun jonotusajoista emme vielä saaneet selvää kuvaa\n\nTarkempi raportti tulee joulukuussa.[^1]\n\n[^1]: Raportti julkaistaan myös ruotsiksi.",
    ),
    (
        2,
        "Luonnos: asiakaspaneelin kutsukirje",
        "fi",
        "members",
        "draft",
        &["asiakaspaneeli"],
        (2026, 11, 20),
        "Hyvä yrittäjä, kutsumme sinut mukaan kehittämään yrityksille tarkoitettuja verkkopalveluja...",
    ),
];

/// (post index, parent comment index in this list, author index, day offset, body)
const COMMENTS: [(usize, Option<usize>, usize, i64, &str); 9] = [
    (
        0,
        None,
        3,
        1,
        "Sama näkyy meillä. Yhteinen kuvaus säästäisi yrittäjältä tunteja.",
    ),
    (
        0,
        Some(0),
        5,
        2,
        "Kuka ylläpitäisi kuvausta, jos yrityksen tilanne muuttuu?",
    ),
    (
        0,
        Some(1),
        2,
        3,
        "Asiakas itse. Me voisimme ehdottaa päivitystä, mutta hän hyväksyy sen.",
    ),
    (
        0,
        Some(2),
        4,
        4,
        "Vi provade något liknande i exportpiloten – det fungerade bra.",
    ),
    (0, None, 1, 5, "Otetaan tämä syksyn työpajan aiheeksi."),
    (
        2,
        None,
        5,
        1,
        "Hyvä pohja! Lisäisin kysymyksen: *mitä asiakas tekee, jos kukaan ei auta?*",
    ),
    (
        7,
        None,
        2,
        2,
        "Which agencies were involved, and would they do it again?",
    ),
    (
        7,
        Some(6),
        4,
        3,
        "Business Finland, the ELY Centre and the tax administration. Yes, all three.",
    ),
    (
        13,
        None,
        3,
        1,
        "Lisäisin lupaukseen, että asiakas tietää aina, kuka asiaa hoitaa.",
    ),
];

/// Noon in Helsinki on `date`, as the demo's "now" for `lupa demo --today`.
pub fn noon_in_helsinki(date: chrono::NaiveDate) -> anyhow::Result<chrono::DateTime<chrono::Utc>> {
    use chrono::TimeZone;
    chrono_tz::Europe::Helsinki
        .from_local_datetime(&date.and_hms_opt(12, 0, 0).unwrap_or_default())
        .single()
        .map(|t| t.with_timezone(&chrono::Utc))
        .ok_or_else(|| anyhow::anyhow!("no single noon in Helsinki on {date}"))
}

/// Fill an empty database with the demo network, dated from `today` (the workshops, polls
/// and tasks; the blog's history is fixed). Refuses to touch a site that has content.
pub async fn fill(
    db: &DatabaseConnection,
    today: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<()> {
    if site_settings::Entity::find().count(db).await? > 0
        || post::Entity::find().count(db).await? > 0
    {
        anyhow::bail!("the database already has a site; `lupa demo` only fills an empty one");
    }
    let password = || Password::parse(DEMO_PASSWORD).expect("demo password meets the rules");
    let txn = begin_write(db).await?;
    let founded = Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap();
    site_settings::ActiveModel {
        id: Set(1),
        network_name: Set("Lupa – yhteinen asiakaspalvelu".into()),
        default_language: Set("fi".into()),
        contact_email: Set("saavutettavuus@lupa.example".into()),
        accessibility_contact: Set("Puhelin 029 000 0000 (arkisin klo 9–15)".into()),
        created_at: Set(founded),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (name, short, description) in ORGS {
        people::create_organization(
            &txn,
            OrgName::parse(name).map_err(field)?,
            ShortName::parse(short).map_err(field)?,
            description,
        )
        .await?;
    }
    let mut users = Vec::new();
    for (email, name, org, role, title, lang) in PEOPLE {
        let created = people::create_user(
            &txn,
            NewUser {
                email: Email::parse(email).map_err(field)?,
                display_name: DisplayName::parse(name).map_err(field)?,
                org_short: ShortName::parse(org).map_err(field)?,
                role,
                job_title: title.into(),
                password: password(),
            },
        )
        .await?;
        let created = user::ActiveModel {
            id: Set(created.id),
            language: Set(Some(lang.into())),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        users.push(created);
    }
    let mut post_ids = Vec::new();
    for (author, title, lang, visibility, status, labels, (y, m, d), body) in POSTS {
        let author = &users[author];
        let at = Utc.with_ymd_and_hms(y, m, d, 7, 30, 0).unwrap();
        let status = PostStatus::parse(status).context("demo post status")?;
        let published = status == PostStatus::Published;
        let row = blog_store::NewPostRow {
            title: title.into(),
            body_md: body.into(),
            html: markdown::render(body)?,
            language: Lang::parse(lang).context("demo post language")?,
            visibility: Visibility::parse(visibility).context("demo post visibility")?,
            status,
            author_id: author.id,
            organization_id: author.organization_id.unwrap_or_default(),
            published_at: published.then_some(at),
            published_month: published.then(|| format!("{y:04}-{m:02}")),
            at,
        };
        let saved = blog_store::insert_post(&txn, &slugify(title), |_| false, row).await?;
        crate::search::outbox::enqueue(&txn, crate::search::outbox::Change::Post(saved.id)).await?;
        let labels = Labels::parse_list(labels.iter().copied()).map_err(field)?;
        blog_store::set_labels(&txn, saved.id, &labels).await?;
        post_ids.push((saved.id, at));
    }
    let mut comment_rows: Vec<ReplyTarget> = Vec::new();
    for (post_index, parent, author, day, body) in COMMENTS {
        let (post_id, at) = post_ids[post_index];
        // Threads go three levels deep; deeper replies join the third level.
        let placement = place(parent.map(|i| comment_rows[i]));
        let body = CommentBody::parse(body).map_err(field)?;
        let at = at + chrono::Duration::days(day);
        let saved =
            comment_store::insert(&txn, post_id, users[author].id, placement, &body, at).await?;
        crate::search::outbox::enqueue(&txn, crate::search::outbox::Change::Comment(saved.id))
            .await?;
        comment_rows.push(ReplyTarget {
            id: saved.id,
            parent_id: saved.parent_id,
            depth: saved.depth,
        });
    }
    txn.commit().await?;
    // The customer panel with its member companies and topics, then its tasks with answers.
    crate::panels::demo::demo(db, DEMO_PASSWORD).await?;
    if let Some(panel) = crate::panels::store::panel_by_slug(db, crate::panels::demo::SLUG).await? {
        let id = crate::panels::model::PanelId(panel.id);
        crate::tasks::demo::demo(db, id, today).await?;
        crate::workshops::demo::demo(db, id, today).await?;
        crate::actions::demo::demo(db, id, today).await?;
        crate::tasks::ideas::demo::demo(db, id, today).await?;
    }
    // Open participation: registered customers and their comments, the privacy notice.
    crate::registration::demo::demo(db, DEMO_PASSWORD, crate::panels::demo::SLUG).await?;
    crate::feedback::demo::demo(db, today).await?;
    crate::moderation::demo::demo(db, DEMO_PASSWORD).await?;
    crate::notifications::demo::demo(db).await?;
    crate::data_rights::demo::demo(db).await?;
    crate::import::demo::demo(db).await?;
    Ok(())
}

fn field(e: crate::error::FieldError) -> anyhow::Error {
    anyhow::anyhow!("demo data: {} ({})", e.field, e.message_key)
}
