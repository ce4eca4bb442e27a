//! Passwords: argon2id hashing with explicit parameters, and the length rules.
use argon2::{
    Algorithm, Argon2, Params, Version,
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng},
};

/// A password that meets the length rules (12–128 characters). Never logged.
pub struct Password(String);

/// Why a password was not accepted; the key names the catalogue message.
#[derive(Debug, PartialEq, Eq)]
pub enum PasswordError {
    TooShort,
    TooLong,
}

impl PasswordError {
    pub fn message_key(&self) -> &'static str {
        match self {
            PasswordError::TooShort => "password-too-short",
            PasswordError::TooLong => "password-too-long",
        }
    }
}

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 128;

impl Password {
    pub fn parse(raw: &str) -> Result<Password, PasswordError> {
        let chars = raw.chars().count();
        if chars < MIN_CHARS {
            Err(PasswordError::TooShort)
        } else if chars > MAX_CHARS {
            Err(PasswordError::TooLong)
        } else {
            Ok(Password(raw.to_owned()))
        }
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

fn argon2() -> Argon2<'static> {
    // OWASP's argon2id minimum: 19 MiB, two passes, one lane.
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hash a password into a PHC string (runs on a blocking thread: it takes tens of ms).
pub async fn hash(password: &Password) -> anyhow::Result<String> {
    let secret = password.0.clone();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(secret.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing password: {e}"))
    })
    .await?
}

/// Check a password against a stored PHC string; any malformed hash is a mismatch.
pub async fn verify(candidate: &str, stored: &str) -> bool {
    let candidate = candidate.to_owned();
    let stored = stored.to_owned();
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|parsed| {
                argon2()
                    .verify_password(candidate.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// Spend the time of one verification without an account, so that a wrong email and a
/// wrong password take equally long to answer.
pub async fn verify_nothing(candidate: &str) {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    let stored = DUMMY
        .get_or_init(|| async {
            hash(&Password(super::tokens::random_token()))
                .await
                .unwrap_or_default()
        })
        .await;
    let _ = verify(candidate, stored).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_rules_count_characters_not_bytes() {
        assert_eq!(
            Password::parse("lyhyt").unwrap_err(),
            PasswordError::TooShort
        );
        assert!(Password::parse("ääääääääääää").is_ok());
        assert_eq!(
            Password::parse(&"a".repeat(129)).unwrap_err(),
            PasswordError::TooLong
        );
    }

    #[tokio::test]
    async fn hash_verifies_and_uses_argon2id_with_strong_parameters() {
        let pw = Password::parse("oikea hevonen patteri").unwrap();
        let h = hash(&pw).await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("oikea hevonen patteri", &h).await);
        assert!(!verify("väärä hevonen patteri", &h).await);
        assert!(!verify("anything", "not a hash").await);
    }
}
