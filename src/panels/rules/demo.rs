//! `lupa demo`'s panel rules: two versions, every member company but one has accepted the
//! second, and the last one still has the first (so the notice and the "not yet" list show).
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, DatabaseTransaction};

use super::store;
use crate::{
    entities::{panel_rules_version as version, user},
    markdown,
    panels::{
        model::{LogAction, PanelId},
        service::log,
    },
};

const FIRST: &str = "## Näin toimimme yhdessä\n\n\
1. Kunnioitamme toisiamme ja toistemme aikaa.\n\
2. Paneelissa kerrotut yritysten tiedot jäävät paneeliin.\n\
3. Fasilitaattorit kokoavat tulokset ja kertovat, mitä niistä seurasi.";

const SECOND: &str = "## Näin toimimme yhdessä\n\n\
1. Kunnioitamme toisiamme ja toistemme aikaa.\n\
2. Paneelissa kerrotut yritysten tiedot jäävät paneeliin.\n\
3. Fasilitaattorit kokoavat tulokset ja kertovat, mitä niistä seurasi.\n\
4. Työpajojen muistiinpanot julkaistaan ilman nimiä, ellei puhuja toisin halua.\n\n\
Sääntöjä voi ehdottaa muutettavaksi keskustelussa milloin tahansa.";

/// Write the two versions and the members' acceptances (the last member has only the first).
pub async fn rules(
    txn: &DatabaseTransaction,
    panel: PanelId,
    facilitator: &user::Model,
    members: &[user::Model],
    start: DateTime<Utc>,
) -> anyhow::Result<()> {
    let versions = [
        (1, FIRST, None, start + chrono::Duration::days(1)),
        (
            2,
            SECOND,
            Some("Lisättiin kohta työpajojen muistiinpanoista."),
            start + chrono::Duration::days(40),
        ),
    ];
    for (n, body, note, at) in versions {
        store::insert_version(
            txn,
            version::ActiveModel {
                panel_id: Set(panel.0),
                version: Set(n),
                body_md: Set(body.into()),
                body_html: Set(markdown::render(body)?.into_string()),
                author_id: Set(Some(facilitator.id)),
                note: Set(note.map(str::to_owned)),
                created_at: Set(at),
                ..Default::default()
            },
        )
        .await?;
        log(
            txn,
            panel,
            Some(facilitator.id),
            None,
            LogAction::RulesChanged,
            &n.to_string(),
        )
        .await?;
    }
    let (last, rest) = members
        .split_last()
        .ok_or_else(|| anyhow::anyhow!("the demo panel has no members"))?;
    for m in rest {
        store::accept(txn, panel, m.id, 2).await?;
    }
    store::accept(txn, panel, last.id, 1).await?;
    Ok(())
}
