//! The data-rights tables (migration `m20261206_230000_data_rights`), kept in the feature's
//! folder: only `data_rights` queries them.
pub mod data_export;
pub mod retention_run;
