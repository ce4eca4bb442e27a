# The audit log page and its CSV file.
audit-title = Tapahtumaloki
audit-lead = Kaikki sivuston moderointi- ja ylläpitotoimet. Merkintöjä ei koskaan muuteta; henkilöt näytetään nykyisellä nimellään.
audit-filter-title = Rajaa
audit-filter-any = Kaikki
audit-filter-person = Henkilö (tunnus)
audit-filter-person-hint = Merkinnät, joissa henkilö toimi tai joita toimet koskivat.
audit-filter-from = Alkaen (päivä)
audit-filter-to = Asti (päivä)
audit-filter-apply = Näytä
audit-csv = Lataa CSV-tiedostona
audit-empty = Ei merkintöjä.
audit-caption =
    { $count ->
        [one] { $count } merkintä
       *[other] { $count } merkintää
    }
audit-col-when = Milloin
audit-col-who = Kuka
audit-col-what = Mitä
audit-col-target = Kohde
audit-col-target-id = Kohteen tunnus
audit-col-subject = Koskee
audit-col-reason = Syy
audit-col-before = Ennen
audit-col-after = Jälkeen
audit-system = Järjestelmä
audit-former-participant = Entinen osallistuja
audit-action-approve = Hyväksyi
audit-action-reject = Hylkäsi
audit-action-edit = Muokkasi
audit-action-hide = Piilotti
audit-action-unhide = Palautti näkyviin
audit-action-suspend = Jäädytti
audit-action-unsuspend = Poisti jäädytyksen
audit-action-auto-hide-by-flags = Piilotettu ilmoitusten vuoksi
audit-action-dismiss-flags = Hylkäsi ilmoitukset
audit-action-delete-account = Poisti tilin
audit-action-change-role = Muutti roolia
audit-action-deactivate = Poisti käytöstä
audit-action-reactivate = Palautti käyttöön
audit-action-change-settings = Muutti sivuston asetuksia
audit-action-change-privacy-notice = Muutti tietosuojaselostetta
audit-action-feedback-status = Muutti palautteen tilaa
audit-action-feedback-assign = Osoitti palautteen
audit-action-feedback-reply = Vastasi palautteeseen
audit-action-feedback-publish = Julkaisi palautteen
audit-action-feedback-erase-email = Poisti palautteen sähköpostiosoitteen
audit-action-erase-person = Poisti henkilön tiedot
audit-action-retention-pass = Säilytysajan ylittäneet tiedot poistettu
audit-action-change-data-rights = Muutti tietojen poisto- ja säilytysasetuksia
audit-target-post = Kirjoitus
audit-target-comment = Kommentti
audit-target-user = Henkilö
audit-target-panel = Paneeli
audit-target-feedback = Palaute
audit-target-settings = Asetukset
