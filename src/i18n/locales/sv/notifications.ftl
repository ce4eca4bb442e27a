notify-bell = Aviseringar
notify-bell-unread =
    { $count ->
        [one] { $count } ny avisering
       *[other] { $count } nya aviseringar
    }
notify-title = Aviseringar
notify-unread-count =
    { $count ->
        [one] { $count } oläst avisering.
       *[other] { $count } olästa aviseringar.
    }
notify-none-unread = Inga olästa aviseringar.
notify-settings-link = E-postinställningar
notify-mark-all-read = Markera alla som lästa
notify-mark-read = Markera som läst
notify-all-read = Alla aviseringar markerades som lästa.
notify-empty = Inga aviseringar ännu. När någon svarar dig, nämner dig eller skriver om något du följer berättar vi det här.
notify-new = Ny
notify-older = Äldre aviseringar
notify-reason = Motivering: { $reason }
notify-text-reply = { $who } svarade dig: { $title }
notify-text-mention = { $who } nämnde dig: { $title }
notify-text-comment = { $who } kommenterade: { $title }
notify-text-new-post = { $who } skrev: { $title }
notify-text-new-topic = { $who } startade en diskussion: { $title }
notify-text-moderation-approved = Ditt inlägg godkändes: { $title }
notify-text-moderation-rejected = Ditt inlägg publicerades inte: { $title }
notify-text-moderation-hidden = Ditt inlägg doldes: { $title }
notify-text-action-moved = { $who } flyttade en åtgärd till { $status }: { $title }
notify-bad-id = Aviseringens id är ogiltigt.
notify-bad-action = Okänd åtgärd.
notify-read-ids-or-all = Ange antingen ids eller all, inte båda.
notify-following-title = Det du följer
notify-following-lead = Du får en avisering när något nytt händer här. Dina inlägg, inlägg du kommenterat och dina paneler följer du automatiskt.
notify-following-empty = Du följer inget ännu. Knappen Följ finns på sidorna för inlägg, etiketter, organisationer, personer och paneler.
notify-follow-kind-post = Inlägg
notify-follow-kind-label = Etikett
notify-follow-kind-organization = Organisation
notify-follow-kind-person = Person
notify-follow-kind-panel = Panel
notify-follow = Följ
notify-following = Du följer
notify-unfollow = Sluta följa
notify-followed = Du följer nu:
notify-unfollowed = Du följer inte längre:
notify-settings-title = E-postinställningar
notify-delivery-heading = När du får e-post
notify-delivery-lead = Välj för varje slag av avisering om det kommer e-post genast, i dagens eller veckans sammandrag eller inte alls. Aviseringarna syns alltid på webbplatsen.
notify-delivery-notifications = Aviseringar
notify-delivery-others = Annan e-post
notify-delivery-others-lead = Paneler, workshoppar, uppgifter och åtgärder skickar e-post när något som gäller dig händer. Välj vilka du vill ha.
notify-delivery-timing = Sammandrag och sammanslagning
notify-kind-reply = Svar till dig
notify-kind-mention = Omnämnanden
notify-kind-comment = Kommentarer till inlägg du följer
notify-kind-new-post = Nya inlägg om det du följer
notify-kind-new-topic = Nya diskussioner i paneler
notify-kind-moderation = Modereringsbeslut
notify-kind-action-moved = Åtgärder du har påverkat
notify-delivery-immediately = Genast
notify-delivery-daily = Dagens sammandrag
notify-delivery-weekly = Veckans sammandrag
notify-delivery-never = Ingen e-post
notify-delivery-invalid = Välj ett av alternativen.
notify-digest-hour = Klockslag för sammandraget (finsk tid)
notify-digest-hour-hint = Veckans sammandrag kommer på måndagar vid den här tiden.
notify-digest-hour-invalid = Välj en timme mellan 0 och 23.
notify-combine = Slå ihop meddelanden i samma diskussion som kommer inom så här många minuter
notify-combine-invalid = Ange minuter mellan 0 och 60.
notify-settings-save = Spara inställningarna
notify-settings-saved = E-postinställningarna sparades.
notify-handle-heading = Ditt användarnamn för omnämnanden
notify-handle-lead = Andra kan nämna dig genom att skriva @ och ditt namn. Om du byter namn pekar också gamla omnämnanden fortfarande på dig.
notify-handle-label = Användarnamn
notify-handle-save = Byt användarnamn
notify-handle-saved = Användarnamnet byttes.
notify-handle-invalid = Användarnamnet ska ha 2–30 tecken: små bokstäver a–z, siffror, understreck och bindestreck.
notify-handle-taken = Användarnamnet används redan av någon annan.

notify-email-combined-subject = { $count } nya aviseringar: { $title }
notify-email-open = Öppna diskussionen
notify-email-all = Alla dina aviseringar
notify-digest-daily-subject =
    { $count ->
        [one] Dagens sammandrag: 1 nyhet
       *[other] Dagens sammandrag: { $count } nyheter
    }
notify-digest-weekly-subject =
    { $count ->
        [one] Veckans sammandrag: 1 nyhet
       *[other] Veckans sammandrag: { $count } nyheter
    }
notify-digest-daily-intro =
    { $count ->
        [one] Sedan förra sammandraget har det hänt en ny sak i det du följer.
       *[other] Sedan förra sammandraget har det hänt { $count } nya saker i det du följer.
    }
notify-digest-weekly-intro =
    { $count ->
        [one] Under veckan har det hänt en ny sak i det du följer.
       *[other] Under veckan har det hänt { $count } nya saker i det du följer.
    }
email-kind-notify-reply = Svar till dig genast
email-kind-notify-mention = Omnämnanden genast
email-kind-notify-comment = Kommentarer till inlägg du följer genast
email-kind-notify-new-post = Nya inlägg genast
email-kind-notify-new-topic = Nya paneldiskussioner genast
email-kind-notify-moderation = Modereringsbeslut genast
email-kind-notify-action-moved = Åtgärder du har påverkat genast
email-kind-digest = Sammandrag av aviseringar
