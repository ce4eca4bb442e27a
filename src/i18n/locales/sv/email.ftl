email-kind-general = Meddelanden om kontot
email-kind-panel-invitation = Inbjudningar till paneler
email-kind-panel-decision = Beslut om panelansökningar
email-kind-poll-opened = Nya tidsförfrågningar
email-kind-time-confirmed = Bekräftade tider för workshoppar
email-kind-registration = Anmälningar och flytt från kön
email-kind-workshop-changed = Ändrade och inställda workshoppar
email-kind-reminder = Påminnelser före en workshop
email-kind-task-closing = Uppgifter som stänger och som du inte har svarat på
email-unsubscribe-footer = Du får det här meddelandet eftersom du prenumererar på: { $kind }. Du kan avsluta det via länken:
email-unsubscribe-link = Avsluta meddelanden om det här
email-unsubscribe-title = Avsluta prenumeration
email-unsubscribe-confirm = Vill du sluta få e-post om: { $kind }?
email-unsubscribe-submit = Avsluta meddelandena
email-unsubscribe-done = Du får inte längre e-post om: { $kind }.
email-unsubscribe-settings-note = Du kan ändra dina val när som helst.
email-unsubscribe-settings-link = Inställningar
email-unsubscribe-invalid-title = Länken gäller inte
email-unsubscribe-invalid = Den här avprenumerationslänken är okänd. Kontrollera att du kopierade hela adressen, eller ändra dina val i inställningarna.
email-bad-form = Formuläret kunde inte läsas.
email-admin-title = Utgående e-post
email-admin-pending = { $count ->
    [one] Ett meddelande väntar på att skickas.
   *[other] { $count } meddelanden väntar på att skickas.
}
email-admin-failed = Misslyckade meddelanden
email-admin-none = Alla meddelanden har levererats.
email-admin-to = Mottagare
email-admin-subject = Ämne
email-admin-attempts = Försök
email-admin-error = Senaste fel
email-admin-failed-at = Gav upp
email-admin-actions = Åtgärder
email-admin-retry = Försök igen
email-admin-retry-label = Försök skicka igen: { $subject }
email-admin-retried = Meddelandet lades tillbaka i kön.
