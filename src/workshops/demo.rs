//! `lupa demo`: a confirmed workshop with registrations (a full one, with a waiting list) and
//! an open scheduling poll with answers, made through the same services as the pages, so the
//! emails and calendar invitations in the outbox are the real ones. The texts are written for
//! Lupa.
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use sea_orm::{DatabaseConnection, EntityTrait};

use super::{
    holidays::holiday_on,
    model::{Answer, PollId, SlotId, WorkshopId},
    registration::service as registration,
    scheduling::{
        command::{ConfirmTime, NewPoll, PollForm, WorkshopDraft},
        service,
    },
    service::{Mail, Site},
    store,
    time::to_helsinki,
};
use crate::{
    config::Settings,
    entities::{panel, site_settings},
    panels::{access, model::PanelId},
};

const SPRING_TITLE: &str = "Työpaja: uuden verkkoasioinnin ensimmäinen versio";
const SPRING_TEXT: &str = "Kokoonnumme ensimmäiseen työpajaan käymään läpi, mitä paneelin \
tehtävät kertoivat nykyisestä asioinnista ja uuden verkkopalvelun tärkeimmistä toiminnoista.

**Ohjelma**

1. Tervetuloa ja tutustuminen
2. Tehtävien tulokset: asiointikanavat nyt
3. Pienryhmät: hakemuksen tilan seuranta ja yhteinen asiointihistoria
4. Yhteenveto ja seuraavat askeleet

Kahvitarjoilu. Kerrothan ilmoittautuessasi, jos mukaan tulee kollega.";
const SPRING_PLACE: &str = "ELY-keskus, Kauppakatu 12, Kokoushuone Ilves";
const SPRING_SEATS: i32 = 8;

const AUTUMN_TITLE: &str = "Syksyn työpaja: asiointihistoria ja muistutukset";
const AUTUMN_TEXT: &str = "Seuraavassa työpajassa testaamme verkkopalvelun keskeneräistä \
versiota yhdessä. Merkitse, mitkä ajankohdat sopivat sinulle – valitsemme ajan, joka sopii \
mahdollisimman monelle.";

/// Working days about `offsets` days after `today`: each the first Monday-to-Friday that is
/// no Finnish public holiday on or after `today + offset`, and after the one before it, so
/// the days stay distinct whatever day of the week (or of the year) today is.
fn working_days_after(today: NaiveDate, offsets: &[i64]) -> Vec<NaiveDate> {
    let mut days: Vec<NaiveDate> = Vec::new();
    for &offset in offsets {
        let mut d = today + Duration::days(offset);
        if let Some(&last) = days.last()
            && d <= last
        {
            d = last + Duration::days(1);
        }
        while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) || holiday_on(d).is_some() {
            d += Duration::days(1);
        }
        days.push(d);
    }
    days
}

/// Candidate times: each day with the same Helsinki times.
/// A demo poll, through the same parser as the new-poll form.
fn poll(
    title: &str,
    text: &str,
    days: &[NaiveDate],
    start: &str,
    end: &str,
) -> anyhow::Result<NewPoll> {
    let dates: Vec<String> = days
        .iter()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .collect();
    NewPoll::try_from(&PollForm {
        title: title.to_owned(),
        description: text.to_owned(),
        dates: dates.join(","),
        start: start.to_owned(),
        end: end.to_owned(),
    })
    .map_err(|e| anyhow::anyhow!("the demo poll does not parse: {e:?}"))
}

/// Add the demo workshops to the demo panel (once), dated from `now`.
pub async fn demo(
    db: &DatabaseConnection,
    panel_id: PanelId,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    if !store::polls_of(db, panel_id).await?.is_empty() {
        return Ok(());
    }
    let panel = panel::Entity::find_by_id(panel_id.0)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no panel {}", panel_id.0))?;
    let default_lang = site_settings::Entity::find()
        .one(db)
        .await?
        .and_then(|s| s.language())
        .unwrap_or_default();
    // The demo runs before any server: links point where `cargo run` serves by default.
    let mail = Mail::queue_only(Site {
        base_url: Settings::default().base_url(),
        default_lang,
    });
    let facilitator = panel.created_by;
    let members: Vec<i32> = access::member_user_ids(db, panel_id).await?;
    let people = store::users_by_id(db, members).await?;
    anyhow::ensure!(
        people.len() >= 12,
        "the demo panel needs at least twelve members"
    );

    // Spring: a poll the members answered, confirmed as a workshop five weeks from now.
    let today = to_helsinki(now).date_naive();
    let days = working_days_after(today, &[33, 35, 40]);
    let spring = service::create_poll(
        db,
        &mail,
        panel_id,
        &panel.slug,
        facilitator,
        &poll(SPRING_TITLE, SPRING_TEXT, &days, "9.00", "12.00")?,
    )
    .await?;
    let view = service::poll_view(db, panel_id, spring).await?;
    let ids: Vec<SlotId> = view.slots.iter().map(|s| SlotId(s.slot.id)).collect();
    use Answer::{IfNeedBe as M, No as N, Yes as Y};
    let grid = [
        [Y, N, M],
        [Y, Y, N],
        [M, Y, N],
        [Y, N, Y],
        [Y, M, N],
        [N, Y, M],
        [Y, Y, Y],
        [M, N, Y],
        [Y, N, N],
        [Y, M, M],
    ];
    for (person, row) in people.iter().zip(grid) {
        let answers: Vec<(SlotId, Answer)> = ids.iter().copied().zip(row).collect();
        service::answer(db, panel_id, spring, person.id, &answers).await?;
    }
    let best = view_best(db, panel_id, spring).await?;
    let workshop = service::confirm(
        db,
        &mail,
        panel_id,
        &panel.slug,
        spring,
        ConfirmTime {
            slot: best,
            draft: WorkshopDraft {
                capacity: SPRING_SEATS,
                place: Some(SPRING_PLACE.to_owned()),
                online_url: Some("https://meet.example/yrityspaneeli-kevat".to_owned()),
            },
            registration_deadline: None,
        },
        facilitator,
    )
    .await?;
    register_demo_people(db, &mail, &panel, workshop, &people, now).await?;

    // Autumn: an open poll with a few answers so far.
    let days = working_days_after(today, &[90, 92, 97, 99]);
    let autumn = service::create_poll(
        db,
        &mail,
        panel_id,
        &panel.slug,
        facilitator,
        &poll(AUTUMN_TITLE, AUTUMN_TEXT, &days, "12.30", "15.30")?,
    )
    .await?;
    let view = service::poll_view(db, panel_id, autumn).await?;
    let ids: Vec<SlotId> = view.slots.iter().map(|s| SlotId(s.slot.id)).collect();
    let grid = [
        [Y, M, N, Y],
        [N, Y, Y, M],
        [Y, Y, N, N],
        [M, N, Y, Y],
        [Y, N, M, Y],
    ];
    for (person, row) in people.iter().skip(3).zip(grid) {
        let answers: Vec<(SlotId, Answer)> = ids.iter().copied().zip(row).collect();
        service::answer(db, panel_id, autumn, person.id, &answers).await?;
    }
    Ok(())
}

/// The best slot of a poll, as its page ranks them.
async fn view_best(
    db: &DatabaseConnection,
    panel: PanelId,
    poll: PollId,
) -> anyhow::Result<SlotId> {
    let view = service::poll_view(db, panel, poll).await?;
    view.ranked()
        .first()
        .map(|s| SlotId(s.slot.id))
        .ok_or_else(|| anyhow::anyhow!("the demo poll has no slots"))
}

/// Fill the workshop: the first seven members (the first with a colleague) take its eight
/// seats, and the next two go to the waiting list.
async fn register_demo_people(
    db: &DatabaseConnection,
    mail: &Mail,
    panel: &panel::Model,
    workshop: WorkshopId,
    people: &[crate::entities::user::Model],
    at: DateTime<Utc>,
) -> anyhow::Result<()> {
    for (i, person) in people.iter().take(9).enumerate() {
        let colleague = (i == 0).then(|| "Tuula Tuotepäällikkö".to_owned());
        registration::register(
            db,
            mail,
            &panel.slug,
            &panel.name,
            workshop,
            person.id,
            colleague,
            at,
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_days_are_distinct_working_days_from_any_day_of_two_years() {
        let first = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        for n in 0..731 {
            let today = first + Duration::days(n);
            for offsets in [&[33, 35, 40][..], &[90, 92, 97, 99][..]] {
                let days = working_days_after(today, offsets);
                assert_eq!(days.len(), offsets.len());
                assert!(days.windows(2).all(|w| w[0] < w[1]), "{today}: {days:?}");
                for d in &days {
                    assert!(
                        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
                        "{today}: {d}"
                    );
                    assert!(holiday_on(*d).is_none(), "{today}: {d} is a holiday");
                    assert!(*d >= today + Duration::days(offsets[0]));
                }
                assert!(
                    *days.last().unwrap()
                        <= today + Duration::days(offsets[offsets.len() - 1] + 10),
                    "{today}: {days:?} drift too far"
                );
            }
        }
    }
}
