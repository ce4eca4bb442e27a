# The audit log page and its CSV file.
audit-title = Händelselogg
audit-lead = Alla moderations- och administrationsåtgärder på webbplatsen. Posterna ändras aldrig; personer visas med sina nuvarande namn.
audit-filter-title = Avgränsa
audit-filter-any = Alla
audit-filter-person = Person (id)
audit-filter-person-hint = Poster där personen agerade eller som gällde personen.
audit-filter-from = Från (datum)
audit-filter-to = Till (datum)
audit-filter-apply = Visa
audit-csv = Ladda ner som CSV
audit-empty = Inga poster.
audit-caption =
    { $count ->
        [one] { $count } post
       *[other] { $count } poster
    }
audit-col-when = När
audit-col-who = Vem
audit-col-what = Vad
audit-col-target = Objekt
audit-col-target-id = Objektets id
audit-col-subject = Gäller
audit-col-reason = Orsak
audit-col-before = Före
audit-col-after = Efter
audit-system = Systemet
audit-former-participant = Tidigare deltagare
audit-action-approve = Godkände
audit-action-reject = Avvisade
audit-action-edit = Redigerade
audit-action-hide = Dolde
audit-action-unhide = Visade igen
audit-action-suspend = Stängde av
audit-action-unsuspend = Hävde en avstängning
audit-action-auto-hide-by-flags = Dolt efter anmälningar
audit-action-dismiss-flags = Avfärdade anmälningar
audit-action-delete-account = Raderade ett konto
audit-action-change-role = Ändrade en roll
audit-action-deactivate = Inaktiverade
audit-action-reactivate = Återaktiverade
audit-action-change-settings = Ändrade webbplatsens inställningar
audit-action-change-privacy-notice = Ändrade dataskyddsbeskrivningen
audit-action-feedback-status = Ändrade responsens status
audit-action-feedback-assign = Tilldelade respons
audit-action-feedback-reply = Svarade på respons
audit-action-feedback-publish = Publicerade respons
audit-action-feedback-erase-email = Raderade en e-postadress i respons
audit-action-erase-person = Raderade en persons uppgifter
audit-action-retention-pass = Uppgifter äldre än lagringstiden raderade
audit-action-change-data-rights = Ändrade inställningarna för radering och lagring
audit-target-post = Inlägg
audit-target-comment = Kommentar
audit-target-user = Person
audit-target-panel = Panel
audit-target-feedback = Respons
audit-target-settings = Inställningar
