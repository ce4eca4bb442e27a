## Verkstadens dagordning, minnesanteckningar, bilagor, resultat och närvaro.

workshops-agenda-heading = Dagordning
workshops-agenda-page-title = Dagordning: { $title }
workshops-agenda-minutes-page-title = Minnesanteckningar: { $title }
workshops-agenda-back = Tillbaka till verkstaden
workshops-agenda-edit-link = Redigera dagordningen
workshops-agenda-empty = Ingen dagordning ännu.
workshops-agenda-outcome = Resultat
workshops-agenda-see-results = Resultat: { $task }
workshops-agenda-open-results = Öppna resultaten
workshops-agenda-duration-count =
    { $count ->
        [one] { $count } minut
       *[other] { $count } minuter
    }
workshops-agenda-move-up = Flytta upp
workshops-agenda-move-down = Flytta ned
workshops-agenda-edit = Redigera
workshops-agenda-remove = Ta bort
workshops-agenda-picks-heading = Lägg till från uppgifternas resultat
workshops-agenda-picks-hint = De främsta resultaten i varje uppgift. De valda resultaten läggs till sist på dagordningen med sin text som rubrik; siffrorna visas inte för medlemmarna.
workshops-agenda-picks-none = Ingen uppgift har ännu resultat att välja bland.
workshops-agenda-picks-submit = Lägg till de valda resultaten på dagordningen
workshops-agenda-scale-group = Skalfrågor, högsta medelvärde först
workshops-agenda-figure-points =
    { $count ->
        [one] { $count } poäng
       *[other] { $count } poäng
    }
workshops-agenda-figure-chosen =
    { $count ->
        [one] vald av { $count }
       *[other] vald av { $count }
    }
workshops-agenda-figure-average = medelvärde { $average }
workshops-agenda-free-heading = Lägg till en egen punkt
workshops-agenda-add-item = Lägg till på dagordningen
workshops-agenda-edit-title = Redigera en punkt på dagordningen
workshops-agenda-save-item = Spara punkten
workshops-agenda-field-title = Rubrik
workshops-agenda-field-note = Anteckning (frivillig)
workshops-agenda-field-duration = Längd i minuter (frivillig)
workshops-agenda-markdown-hint = Du kan använda Markdown: **fetstil**, listor med -, länkar som [text](https://…).
workshops-agenda-title-missing = Skriv en rubrik.
workshops-agenda-title-too-long = Rubriken får vara högst 200 tecken.
workshops-agenda-duration-invalid = Ange längden i hela minuter från 1 till 1440, eller lämna fältet tomt.
workshops-agenda-text-too-long = Texten är för lång.
workshops-agenda-text-too-deep = Texten har för många nivåer av listor eller citat inuti varandra.
workshops-agenda-pick-none = Välj minst ett resultat.
workshops-agenda-too-many-items = En dagordning kan ha högst 100 punkter.
workshops-agenda-pick-unknown = Ett valt resultat finns inte längre bland panelens uppgifter. Ladda om sidan och välj på nytt.
workshops-agenda-invalid = Formuläret har fel.
workshops-agenda-picks-added = De valda resultaten lades till på dagordningen.
workshops-agenda-picks-already = De valda resultaten finns redan på dagordningen.
workshops-agenda-item-added = Punkten lades till på dagordningen.
workshops-agenda-item-saved = Punkten på dagordningen sparades.
workshops-agenda-item-moved = Punkten på dagordningen flyttades.
workshops-agenda-item-removed = Punkten togs bort från dagordningen.
workshops-agenda-minutes-heading = Minnesanteckningar
workshops-agenda-minutes-edit-link = Skriv minnesanteckningar, resultat och närvaro
workshops-agenda-minutes-updated = Minnesanteckningarna uppdaterades { $time }
workshops-agenda-minutes-none = Inga minnesanteckningar ännu.
workshops-agenda-field-minutes = Minnesanteckningar
workshops-agenda-outcomes = Resultat för punkterna på dagordningen
workshops-agenda-field-outcome = Resultat: { $item }
workshops-agenda-minutes-save = Spara minnesanteckningar och resultat
workshops-agenda-minutes-saved = Minnesanteckningarna sparades.
workshops-agenda-not-started = Minnesanteckningar, bilagor och närvaro kan föras in när verkstaden har börjat.
workshops-agenda-cancelled = Verkstaden ställdes in, så den har inga minnesanteckningar.
workshops-agenda-attachments = Bilagor
workshops-agenda-attachments-none = Inga bilagor ännu.
workshops-agenda-field-attachment-title = Bilagans namn
workshops-agenda-field-url = Länk
workshops-agenda-url-hint = En webbadress som börjar med https:// eller http://.
workshops-agenda-url-missing = Ange länken.
workshops-agenda-url-invalid = Länken ska vara en webbadress som börjar med https:// eller http://, utan mellanslag.
workshops-agenda-attachment-add = Lägg till bilagan
workshops-agenda-attachment-added = Bilagan lades till.
workshops-agenda-attachment-removed = Bilagan togs bort.
workshops-agenda-attendance = Närvaro
workshops-agenda-attendance-nobody = Ingen anmälde sig till verkstaden.
workshops-agenda-attendance-caption = Anmälda deltagare och om de var närvarande
workshops-agenda-attendance-person = Deltagare
workshops-agenda-attended = Närvarande
workshops-agenda-not-attended = Inte närvarande
workshops-agenda-attendance-colleague = Kollega
workshops-agenda-attended-person = { $name } var närvarande
workshops-agenda-not-attended-person = { $name } var inte närvarande
workshops-agenda-colleague-came = { $name } var närvarande
workshops-agenda-attendance-save = Spara närvaron
workshops-agenda-attendance-saved = Närvaron sparades.
workshops-agenda-attendance-invalid = Markera varje deltagare som närvarande eller inte närvarande.
workshops-agenda-attendance-unregistered = Närvaro kan markeras bara för personer som anmält sig till verkstaden.
