//! `lupa demo`'s import: the tax administration's old Blogger blog from 2012 brought in as
//! an operator would with `lupa import blogger`, so the demo has imported posts (with their
//! note), a placeholder author, a threaded old discussion and working old addresses
//! (`/2012/09/puhelinpalvelun-jonot.html`).
use sea_orm::DatabaseConnection;

use super::{
    model::Format,
    service::{self, ImportOptions},
};
use crate::{blog::model::Visibility, i18n::Lang, people::model::ShortName};

/// The demo export, written for the demo in Blogger's classic shape.
const EXPORT: &str = include_str!("demo-blogger.xml");

pub async fn demo(db: &DatabaseConnection) -> anyhow::Result<()> {
    let path = std::env::temp_dir().join(format!("lupa-demo-blogger-{}.xml", std::process::id()));
    std::fs::write(&path, EXPORT)?;
    let options = ImportOptions {
        org: ShortName::parse("vero").map_err(|e| anyhow::anyhow!("{}", e.message_key))?,
        language: Lang::Fi,
        visibility: Visibility::Public,
    };
    let imported = service::run(db, Format::Blogger, &path, &options, |_, _, _| {}).await;
    let _ = std::fs::remove_file(&path);
    imported?;
    Ok(())
}
