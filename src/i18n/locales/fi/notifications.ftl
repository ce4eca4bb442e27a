notify-bell = Ilmoitukset
notify-bell-unread =
    { $count ->
        [one] { $count } uusi ilmoitus
       *[other] { $count } uutta ilmoitusta
    }
notify-title = Ilmoitukset
notify-unread-count =
    { $count ->
        [one] { $count } lukematon ilmoitus.
       *[other] { $count } lukematonta ilmoitusta.
    }
notify-none-unread = Ei lukemattomia ilmoituksia.
notify-settings-link = Sähköpostiasetukset
notify-mark-all-read = Merkitse kaikki luetuiksi
notify-mark-read = Merkitse luetuksi
notify-all-read = Kaikki ilmoitukset merkittiin luetuiksi.
notify-empty = Ei vielä ilmoituksia. Kun joku vastaa sinulle, mainitsee sinut tai kirjoittaa seuraamastasi aiheesta, kerromme siitä täällä.
notify-new = Uusi
notify-older = Vanhemmat ilmoitukset
notify-reason = Perustelu: { $reason }
notify-text-reply = { $who } vastasi sinulle: { $title }
notify-text-mention = { $who } mainitsi sinut: { $title }
notify-text-comment = { $who } kommentoi: { $title }
notify-text-new-post = { $who } kirjoitti: { $title }
notify-text-new-topic = { $who } aloitti keskustelun: { $title }
notify-text-moderation-approved = Kirjoituksesi hyväksyttiin: { $title }
notify-text-moderation-rejected = Kirjoitustasi ei julkaistu: { $title }
notify-text-moderation-hidden = Kirjoituksesi piilotettiin: { $title }
notify-text-action-moved = { $who } siirsi toimenpiteen tilaan { $status }: { $title }
notify-bad-id = Ilmoituksen tunniste ei kelpaa.
notify-bad-action = Tuntematon toiminto.
notify-read-ids-or-all = Anna joko ids tai all, ei molempia.
notify-following-title = Seuraamasi
notify-following-lead = Saat ilmoituksen, kun näissä tapahtuu jotain uutta. Kirjoituksesi ja kommentoimasi kirjoitukset sekä paneelisi seuraat automaattisesti.
notify-following-empty = Et seuraa vielä mitään. Seuraa-painike löytyy kirjoitusten, tunnisteiden, organisaatioiden, henkilöiden ja paneelien sivuilta.
notify-follow-kind-post = Kirjoitus
notify-follow-kind-label = Tunniste
notify-follow-kind-organization = Organisaatio
notify-follow-kind-person = Henkilö
notify-follow-kind-panel = Paneeli
notify-follow = Seuraa
notify-following = Seuraat
notify-unfollow = Lopeta seuraaminen
notify-followed = Seuraat nyt:
notify-unfollowed = Et enää seuraa:
notify-settings-title = Sähköpostiasetukset
notify-delivery-heading = Milloin saat sähköpostia
notify-delivery-lead = Valitse kullekin ilmoituslajille, tuleeko siitä sähköposti heti, päivän tai viikon koosteessa vai ei lainkaan. Ilmoitukset näkyvät aina sivustolla.
notify-delivery-notifications = Ilmoitukset
notify-delivery-others = Muut sähköpostit
notify-delivery-others-lead = Paneelit, työpajat, tehtävät ja toimenpiteet lähettävät sähköpostia, kun jotain sinua koskevaa tapahtuu. Valitse, mitkä niistä haluat.
notify-delivery-timing = Koosteet ja yhdistäminen
notify-kind-reply = Vastaukset sinulle
notify-kind-mention = Maininnat
notify-kind-comment = Kommentit seuraamiisi kirjoituksiin
notify-kind-new-post = Uudet kirjoitukset seuraamistasi aiheista
notify-kind-new-topic = Uudet keskustelut paneeleissa
notify-kind-moderation = Moderoinnin päätökset
notify-kind-action-moved = Toimenpiteet, joihin vaikutit
notify-delivery-immediately = Heti
notify-delivery-daily = Päivän kooste
notify-delivery-weekly = Viikon kooste
notify-delivery-never = Ei sähköpostia
notify-delivery-invalid = Valitse jokin vaihtoehdoista.
notify-digest-hour = Koosteen kellonaika (Suomen aikaa)
notify-digest-hour-hint = Viikon kooste tulee maanantaisin tähän aikaan.
notify-digest-hour-invalid = Valitse tunti väliltä 0–23.
notify-combine = Yhdistä saman keskustelun viestit, jotka tulevat näin monen minuutin sisällä
notify-combine-invalid = Anna minuutit väliltä 0–60.
notify-settings-save = Tallenna asetukset
notify-settings-saved = Sähköpostiasetukset tallennettiin.
notify-handle-heading = Käyttäjätunnuksesi mainintoja varten
notify-handle-lead = Muut voivat mainita sinut kirjoittamalla @ ja tunnuksesi. Jos vaihdat tunnuksen, vanhatkin maininnat osoittavat yhä sinuun.
notify-handle-label = Tunnus
notify-handle-save = Vaihda tunnus
notify-handle-saved = Tunnus vaihdettiin.
notify-handle-invalid = Tunnuksessa saa olla 2–30 merkkiä: pieniä kirjaimia a–z, numeroita, alaviivoja ja väliviivoja.
notify-handle-taken = Tunnus on jo jonkun muun käytössä.

notify-email-combined-subject = { $count } uutta ilmoitusta: { $title }
notify-email-open = Avaa keskustelu
notify-email-all = Kaikki ilmoituksesi
notify-digest-daily-subject =
    { $count ->
        [one] Päivän kooste: 1 uusi asia
       *[other] Päivän kooste: { $count } uutta asiaa
    }
notify-digest-weekly-subject =
    { $count ->
        [one] Viikon kooste: 1 uusi asia
       *[other] Viikon kooste: { $count } uutta asiaa
    }
notify-digest-daily-intro =
    { $count ->
        [one] Seuraamissasi on tapahtunut edellisen koosteen jälkeen yksi uusi asia.
       *[other] Seuraamissasi on tapahtunut edellisen koosteen jälkeen { $count } uutta asiaa.
    }
notify-digest-weekly-intro =
    { $count ->
        [one] Seuraamissasi on tapahtunut viikon aikana yksi uusi asia.
       *[other] Seuraamissasi on tapahtunut viikon aikana { $count } uutta asiaa.
    }
email-kind-notify-reply = Vastaukset sinulle heti
email-kind-notify-mention = Maininnat heti
email-kind-notify-comment = Kommentit seuraamiisi kirjoituksiin heti
email-kind-notify-new-post = Uudet kirjoitukset heti
email-kind-notify-new-topic = Uudet paneelikeskustelut heti
email-kind-notify-moderation = Moderoinnin päätökset heti
email-kind-notify-action-moved = Toimenpiteet, joihin vaikutit, heti
email-kind-digest = Ilmoitusten koosteet
