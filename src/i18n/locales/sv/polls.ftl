# Uppgifter (enkäter och kartläggningar)
poll-kind-single = Ett val
poll-kind-multiple = Flerval
poll-kind-scale = Skala
poll-kind-ranking = Rangordning
poll-kind-dots = Poängfördelning
poll-kind-text = Fri text
poll-kind-yes-no = Ja / nej

poll-error-unknown-option = Välj ett av de givna alternativen.
poll-error-required = Svara på den här frågan.
poll-error-pick-one = Välj bara ett alternativ.
poll-error-too-few-picks = Välj minst { $min } alternativ.
poll-error-too-many-picks = Välj högst { $max } alternativ.
poll-error-scale-range = Välj ett tal mellan { $min } och { $max }.
poll-error-rank-range = Ge varje alternativ en plats från 1 till { $count }.
poll-error-rank-all = Ge varje alternativ en plats.
poll-error-rank-duplicate = Två alternativ har samma plats. Ge vart och ett en egen plats.
poll-error-dots-number = Poängen ska vara hela tal från noll och uppåt.
poll-error-dots-too-many = Du kan dela ut högst { $points } poäng; nu gav du { $given }.
poll-error-text-too-long = Svaret är för långt (högst { $max } tecken).
poll-error-yes-no = Välj ja eller nej.
poll-error-closes-before-opens = Stängningstiden ska vara efter öppningstiden.
poll-error-time-required = Ange en tid.
poll-error-time-format = Ange tiden som åååå-mm-ddTtt:mm, till exempel 2026-11-24T09:00.
poll-error-time-skipped = Den tiden finns inte i finsk tid (klockan flyttas fram en timme). Välj en annan tid.
poll-error-settings-fixed = Anonymitet och resultatens synlighet kan inte ändras när uppgiften har öppnat.
poll-error-title-required = Ge uppgiften en rubrik.
poll-error-title-too-long = Rubriken får vara högst 200 tecken.
poll-error-number = Ange ett heltal.
poll-error-prompt-required = Skriv frågan.
poll-error-prompt-too-long = Frågan får vara högst 500 tecken.
poll-error-option-too-long = Ett alternativ får vara högst 200 tecken.
poll-error-picks-range = Minsta och största antal val ska ligga mellan 0 och antalet alternativ, och minsta antal får inte vara större än största.
poll-error-scale-bounds = Skalans ändar ska vara heltal, den övre större, och skalan får ha högst 11 steg.
poll-error-points-range = Antalet poäng att dela ut kan vara 1–100.
poll-error-kind = Välj frågetyp.
poll-error-options-needed = Ange minst två alternativ, vart och ett på en egen rad.
poll-error-options-too-many = Det får finnas högst 30 alternativ.
poll-error-questions-too-many = En uppgift kan ha högst 200 frågor.

poll-results-always = Alltid, också innan man själv svarat
poll-results-after-answering = När medlemmen har svarat (och för alla när uppgiften stängt)
poll-results-after-closing = Först när uppgiften har stängt
poll-results-facilitators-only = Bara för facilitatorerna

poll-phase-upcoming = Kommande
poll-phase-open = Öppen
poll-phase-closed = Stängd

poll-breakdown-industry = Bransch
poll-breakdown-region = Region
poll-breakdown-stage = Företagets skede

poll-error-results = Välj vem som ser resultaten och när.
poll-error-no-questions = Lägg till minst en fråga i uppgiften.
poll-error-opening-fixed = Öppningstiden kan inte ändras när uppgiften redan har öppnat.
poll-error-questions-fixed = Frågorna kan inte ändras när uppgiften har öppnat. Gör en kopia av uppgiften om du vill ändra frågorna.
poll-error-not-open = Uppgiften tar inte emot svar just nu.
poll-error-already-answered = Du har redan svarat på den här anonyma uppgiften. Ett anonymt svar kan inte ändras.

poll-tasks = Uppgifter
poll-tasks-intro = Utvärderings- och kartläggningsuppgifter förbereder nästa workshop. Svara i din egen takt före stängningstiden.
poll-new-task = Ny uppgift
poll-tasks-empty = Panelen har inga uppgifter ännu.
poll-awaiting-you = Väntar på ditt svar
poll-you-answered = Du har svarat
poll-anonymous-badge = Anonym
poll-open-from = Öppen
poll-open-until = –
poll-answer-sets =
    { $count ->
        [0] Inga svar
        [one] { $count } svar
       *[other] { $count } svar
    }
poll-disclose-title = Vem ser vad och när
poll-disclose-anonymous = Uppgiften är anonym: dina svar kopplas aldrig till dig – inte av facilitatorerna, administratörerna eller i CSV-exporten. Därför kan du svara bara en gång och inte ändra ditt svar efteråt.
poll-disclose-named = Svaren sparas med ditt namn: facilitatorerna ser vem som svarade vad, också i CSV-exporten. Du kan ändra ditt svar tills uppgiften stänger.
poll-disclose-results-always = Panelens medlemmar ser en sammanställning av resultaten hela tiden, också innan de själva svarat.
poll-disclose-results-after-answering = Du ser sammanställningen av resultaten när du har svarat. När uppgiften har stängt ser alla panelmedlemmar den.
poll-disclose-results-after-closing = Panelens medlemmar ser sammanställningen av resultaten när uppgiften stänger ({ $date }).
poll-disclose-results-facilitators = Bara facilitatorerna ser resultaten; de visas inte för medlemmarna.
poll-disclose-facilitators = Facilitatorerna ser sammanställningen av resultaten hela tiden. Sammanställningen visar inga namn.
poll-helsinki-time = finsk tid
poll-edit-task = Redigera uppgiften
poll-see-results = Se resultaten
poll-export-csv = Ladda ner svaren (CSV)
poll-duplicate = Gör en kopia för nästa omgång
poll-answered-editable = Du har svarat. Du kan ändra ditt svar tills uppgiften stänger.
poll-answered-thanks = Tack, ditt svar har sparats.
poll-not-open-yet = Uppgiften har inte öppnat ännu.
poll-closed-note = Uppgiften har stängt och tar inte längre emot svar.
poll-required = obligatorisk
poll-optional = frivillig
poll-rank-choose = Välj plats
poll-rank-place =
    { $count ->
       *[other] plats { $count }
    }
poll-yes = Ja
poll-no = Nej
poll-save-answer = Spara ändringarna
poll-send-answer = Skicka svaret
poll-hint-multiple = Välj { $min }–{ $max } alternativ.
poll-hint-ranking =
    { $count ->
       *[other] Ge varje alternativ en egen plats 1–{ $count }; 1 är viktigast.
    }
poll-hint-dots =
    { $count ->
        [one] Du har 1 poäng att dela ut. Skriv hur många poäng du ger varje alternativ; tomt är noll.
       *[other] Du har { $count } poäng att dela ut. Skriv hur många poäng du ger varje alternativ; tomt är noll. Du behöver inte använda alla poäng.
    }
poll-hint-text =
    { $count ->
       *[other] Högst { $count } tecken.
    }
poll-answer-saved = Ditt svar har sparats.
poll-editor-fixed = Uppgiften har öppnat: anonymitet, resultatens synlighet, öppningstid och frågor förblir som de är. Du kan ändra rubriken, inledningen och stängningstiden.
poll-field-title = Rubrik
poll-field-intro = Inledning
poll-field-intro-hint = Berätta vad uppgiften ska reda ut och hur resultaten används. Du kan använda Markdown.
poll-field-opens = Öppnar
poll-field-closes = Stänger
poll-time-hint = Finsk tid, till exempel 2026-11-24T09:00.
poll-field-anonymity = Svarande
poll-field-anonymity-hint = Valet låses när uppgiften öppnar. Anonyma svar kan aldrig senare kopplas till de svarande.
poll-named = Svar med namn (svaret kan ändras tills uppgiften stänger)
poll-anonymous = Anonyma svar (var och en svarar en gång)
poll-field-results = Vem ser resultaten och när
poll-field-shuffle = Visa alternativen för varje svarande i en egen slumpmässig ordning
poll-questions = Frågor
poll-questions-hint = Frågerader som lämnas tomma hoppas över. Lägg till rader med knappen i slutet av formuläret.
poll-question-number =
    { $count ->
       *[other] Fråga { $count }
    }
poll-field-prompt = Fråga
poll-field-kind = Typ
poll-field-required = Svaret är obligatoriskt
poll-field-options = Alternativ
poll-field-options-hint = Ett alternativ per rad. Behövs för ettvals-, flervals-, rangordnings- och poängfrågor.
poll-field-limits = Gränser (flerval, skala, poäng)
poll-field-min-picks = Minst antal val
poll-field-max-picks = Högst antal val
poll-field-scale-min = Skalans nedre ände
poll-field-scale-min-label = Text för nedre änden
poll-field-scale-max = Skalans övre ände
poll-field-scale-max-label = Text för övre änden
poll-field-points = Poäng att dela ut
poll-save-task = Spara uppgiften
poll-more-questions = Lägg till frågerader
poll-task-created = Uppgiften har skapats.
poll-task-updated = Uppgiften har uppdaterats.
poll-task-duplicated = Kopian har skapats. Kontrollera tiderna och frågorna innan den öppnar.
poll-copy-title = { $title } (kopia)
poll-respondents =
    { $count ->
        [0] Inga svarande
        [one] 1 svarande
       *[other] { $count } svarande
    }
poll-col-option = Alternativ
poll-col-count = Svarande
poll-col-share = Andel av de svarande
poll-col-points = Poäng
poll-col-share-points = Andel av poängen
poll-col-average-rank = Genomsnittlig plats
poll-points-total =
    { $count ->
        [one] 1 poäng sammanlagt
       *[other] { $count } poäng sammanlagt
    }
poll-points =
    { $count ->
        [one] 1 poäng
       *[other] { $count } poäng
    }
poll-average = medelvärde { $value }
poll-results = Resultat
poll-back-to-task = Tillbaka till uppgiften
poll-breakdown = Dela upp enligt företag
poll-breakdown-none = Alla tillsammans
poll-breakdown-show = Visa
poll-breakdown-small-groups = Till svaren på en anonym uppgift sparas inga uppgifter om företaget, eftersom en ovanlig kombination av bransch, region och skede skulle avslöja den svarande. Därför kan resultaten inte delas upp enligt företag.
poll-no-answers = Inga svar ännu.
poll-group-other = Övriga och okända
poll-groups-hidden = För att inget företag ska kunna urskiljas visas grupper med färre än { $min } svar inte för sig: de räknas till "Övriga och okända" när den gruppen når { $min }, annars utelämnas de här (de ingår i helhetsresultatet).
poll-csv-name = Namn
poll-csv-company = Företag
poll-csv-saved-at = Sparat
