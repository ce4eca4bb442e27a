# Henkilöt ja organisaatiot: kutsut, omat asetukset, rajapinta-avaimet ja ylläpito.

## Yhteiset kentät
people-organization = Organisaatio
people-role = Rooli
people-job-title = Tehtävänimike
people-language = Käyttökieli
people-current-password = Nykyinen salasana
people-actions = Toiminnot
people-language-invalid = Valitse kieli luettelosta.
people-role-invalid = Valitse rooli luettelosta.
people-active-invalid = Tilan muutosta ei voitu tulkita. Lataa sivu uudelleen ja yritä uudestaan.

## Kutsun vastaanottaminen
invitation-title = Ota kutsu vastaan
invitation-intro = Sinut on kutsuttu verkostoon { $network }. Täydennä tietosi ja valitse salasana, niin pääset heti mukaan.
invitation-your-details = Omat tietosi
invitation-password = Salasana
invitation-submit = Luo käyttäjätunnus
invitation-invalid-title = Kutsu ei ole voimassa
invitation-accepted = Tervetuloa! Käyttäjätunnuksesi on luotu, ja olet nyt kirjautunut sisään.

## Kutsusähköposti
invitation-email-subject = Kutsu verkostoon { $network }
invitation-email-intro = { $inviter } kutsuu sinut mukaan verkostoon { $network }.
invitation-email-organization = Organisaatio: { $organization }
invitation-email-role = Rooli: { $role }
invitation-email-action = Luo käyttäjätunnuksesi avaamalla tämä linkki:
invitation-email-expiry =
    Linkki on voimassa { $count ->
        [one] { $count } päivän
       *[other] { $count } päivää
    }, ja sitä voi käyttää vain kerran.
invitation-email-ignore = Jos et odottanut tätä kutsua, voit jättää viestin huomiotta.

## Omat asetukset
settings-title = Omat asetukset
settings-profile = Omat tiedot
settings-email-note = Kirjaudut sisään sähköpostiosoitteella { $email }.
settings-profile-submit = Tallenna tiedot
settings-profile-saved = Tietosi on tallennettu.
settings-password = Salasanan vaihto
settings-password-note = Kun vaihdat salasanan, kirjautumisesi muilla laitteilla päättyvät.
settings-new-password = Uusi salasana (12–128 merkkiä)
settings-password-submit = Vaihda salasana
settings-password-changed = Salasana on vaihdettu. Kirjautumisesi muilla laitteilla päätettiin.
settings-tokens = Rajapinta-avaimet
settings-tokens-intro = Rajapinta-avaimella ohjelma voi lukea ja kirjoittaa kirjoituksia puolestasi. Anna avaimelle nimi, josta muistat, mihin sitä käytetään, ja poista avain käytöstä, kun sitä ei enää tarvita.
settings-tokens-none = Sinulla ei ole voimassa olevia rajapinta-avaimia.
token-name = Nimi
token-created-at = Luotu
token-last-used = Viimeksi käytetty
token-never-used = Ei vielä käytetty
token-revoke = Poista käytöstä
token-new = Uusi rajapinta-avain
token-name-label = Avaimen nimi
token-create = Luo avain
token-created = Rajapinta-avain on luotu. Kopioi se talteen nyt: avainta ei näytetä uudelleen.
token-revoked = Rajapinta-avain on poistettu käytöstä.

## Henkilöiden hallinta
people-title = Henkilöt
invite-heading = Kutsu uusi henkilö
invite-intro =
    Kutsusta syntyy henkilökohtainen linkki, jolla kutsuttu luo itselleen käyttäjätunnuksen. Linkki on voimassa { $count ->
        [one] { $count } päivän
       *[other] { $count } päivää
    } ja toimii vain kerran.
invite-submit = Lähetä kutsu
invitation-sent = Kutsu on lähetetty sähköpostilla.
invitation-created = Kutsu on luotu. Sähköpostin lähetystä ei ole otettu käyttöön, joten välitä alla oleva linkki kutsutulle itse. Linkki on voimassa viikon ja toimii vain kerran.
invitations-open = Avoimet kutsut
invitations-none = Avoimia kutsuja ei ole.
invitation-expires = Vanhenee
people-list = Kaikki henkilöt
people-manage-intro = Ylläpitäjänä voit vaihtaa henkilön roolin ja poistaa tunnuksen käytöstä. Käytöstä poistettu henkilö ei voi kirjautua sisään eivätkä hänen rajapinta-avaimensa toimi, mutta hänen kirjoituksensa ja kommenttinsa säilyvät.
person-state = Tila
person-you = sinä
person-active = Käytössä
person-inactive = Poistettu käytöstä
person-own-account = Omaa tunnustasi et voi muuttaa täällä.
person-role-for = Henkilön { $name } rooli
person-change-role = Vaihda rooli
person-deactivate = Poista käytöstä
person-reactivate = Ota uudelleen käyttöön
person-deactivated = Tunnus on poistettu käytöstä. Henkilön kirjautumiset päätettiin, eivätkä hänen rajapinta-avaimensa enää toimi.
person-reactivated = Tunnus on otettu uudelleen käyttöön.
person-role-changed = Rooli on vaihdettu.
person-cannot-deactivate-self = Et voi poistaa omaa tunnustasi käytöstä. Pyydä toista ylläpitäjää tekemään se.
person-cannot-demote-self = Et voi muuttaa omaa rooliasi. Pyydä toista ylläpitäjää tekemään se.

## Organisaatioiden hallinta
org-admin-title = Organisaatioiden hallinta
org-list = Organisaatiot
org-short-name = Lyhenne
org-description = Kuvaus
org-edit = Muokkaa
org-save = Tallenna muutokset
org-new = Uusi organisaatio
org-create = Lisää organisaatio
org-created = Organisaatio on lisätty.
org-updated = Organisaation tiedot on tallennettu.

role-customer = Asiakas
