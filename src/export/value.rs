//! One column value as JSON and back, the same on SQLite and PostgreSQL: times in UTC as
//! RFC 3339 with at most microseconds (what PostgreSQL keeps), dates as `YYYY-MM-DD`.
use chrono::{DateTime, NaiveDate, SecondsFormat, SubsecRound, Utc};
use sea_orm::{ColumnType, Value};
use serde_json::Value as Json;

/// A value this format has no spelling for (a column type no table uses yet).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ValueError(pub String);

/// The JSON spelling of a stored value.
pub fn to_json(value: Value) -> Result<Json, ValueError> {
    Ok(match value {
        Value::Bool(v) => v.map_or(Json::Null, Json::from),
        Value::TinyInt(v) => v.map_or(Json::Null, Json::from),
        Value::SmallInt(v) => v.map_or(Json::Null, Json::from),
        Value::Int(v) => v.map_or(Json::Null, Json::from),
        Value::BigInt(v) => v.map_or(Json::Null, Json::from),
        Value::String(v) => v.map_or(Json::Null, Json::from),
        Value::ChronoDate(v) => v.map_or(Json::Null, |d| d.format("%Y-%m-%d").to_string().into()),
        Value::ChronoDateTimeUtc(v) => v.map_or(Json::Null, |t| format_time(t).into()),
        Value::Json(v) => v.map_or(Json::Null, |j| *j),
        other => return Err(ValueError(format!("no export format for {other:?}"))),
    })
}

fn format_time(t: DateTime<Utc>) -> String {
    t.trunc_subsecs(6)
        .to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// The stored value of a column of type `ty` from its JSON spelling (`null` for an empty
/// optional column).
pub fn from_json(ty: &ColumnType, json: &Json) -> Result<Value, ValueError> {
    let wrong = || ValueError(format!("{json} is not a value for a {ty:?} column"));
    let int = || match json {
        Json::Null => Ok(None),
        j => j.as_i64().map(Some).ok_or_else(wrong),
    };
    let narrow = |v: Option<i64>| -> Result<Option<i32>, ValueError> {
        v.map(|v| i32::try_from(v).map_err(|_| wrong())).transpose()
    };
    let text = || match json {
        Json::Null => Ok(None),
        Json::String(s) => Ok(Some(s.clone())),
        _ => Err(wrong()),
    };
    Ok(match ty {
        ColumnType::Integer | ColumnType::SmallInteger | ColumnType::TinyInteger => {
            Value::Int(narrow(int()?)?)
        }
        ColumnType::BigInteger => Value::BigInt(int()?),
        ColumnType::Boolean => match json {
            Json::Null => Value::Bool(None),
            Json::Bool(b) => Value::Bool(Some(*b)),
            _ => return Err(wrong()),
        },
        ColumnType::String(_) | ColumnType::Text | ColumnType::Char(_) => Value::String(text()?),
        ColumnType::Date => Value::ChronoDate(
            text()?
                .map(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| wrong()))
                .transpose()?,
        ),
        ColumnType::TimestampWithTimeZone | ColumnType::Timestamp | ColumnType::DateTime => {
            Value::ChronoDateTimeUtc(
                text()?
                    .map(|s| {
                        DateTime::parse_from_rfc3339(&s)
                            .map(|t| t.to_utc())
                            .map_err(|_| wrong())
                    })
                    .transpose()?,
            )
        }
        ColumnType::Json | ColumnType::JsonBinary => match json {
            Json::Null => Value::Json(None),
            j => Value::Json(Some(Box::new(j.clone()))),
        },
        _ => return Err(ValueError(format!("no import format for a {ty:?} column"))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_utc_with_at_most_microseconds_and_read_back() {
        let t = DateTime::parse_from_rfc3339("2026-12-06T12:30:00.123456789+02:00")
            .unwrap()
            .to_utc();
        let json = to_json(Value::ChronoDateTimeUtc(Some(t))).unwrap();
        assert_eq!(json, Json::from("2026-12-06T10:30:00.123456Z"));
        let back = from_json(&ColumnType::TimestampWithTimeZone, &json).unwrap();
        assert_eq!(to_json(back).unwrap(), json);
        let whole = to_json(Value::ChronoDateTimeUtc(Some(t.trunc_subsecs(0)))).unwrap();
        assert_eq!(whole, Json::from("2026-12-06T10:30:00Z"));
    }

    #[test]
    fn nulls_integers_and_dates_keep_their_type() {
        assert_eq!(
            from_json(&ColumnType::Integer, &Json::Null).unwrap(),
            Value::Int(None)
        );
        assert_eq!(
            from_json(&ColumnType::Integer, &Json::from(7)).unwrap(),
            Value::Int(Some(7))
        );
        assert!(from_json(&ColumnType::Integer, &Json::from(1_i64 << 40)).is_err());
        assert!(from_json(&ColumnType::Boolean, &Json::from("true")).is_err());
        let d = from_json(&ColumnType::Date, &Json::from("2027-01-31")).unwrap();
        assert_eq!(to_json(d).unwrap(), Json::from("2027-01-31"));
    }
}
