## Panel rules: the rules page, its history and editor, accepting them, joining with them.
panel-nav-rules = Regler
panel-log-rules-changed = Reglerna uppdaterades (version)
panel-rules-title = Panelens regler
panel-rules-old-title = Panelens regler, version { $version }
panel-rules-none = Panelen har inga gemensamma regler ännu.
panel-rules-write = Skriv reglerna
panel-rules-version = Version { $version }
panel-rules-old-note = Du läser en äldre version.
panel-rules-current-link = Gällande regler
panel-rules-current = gällande
panel-rules-history = Reglernas versioner
panel-rules-edit = Redigera reglerna
panel-rules-edit-intro = När du sparar blir det version { $version }. Medlemmarna ombeds godkänna den.
panel-rules-edit-first = Skriv panelens regler. Medlemmarna godkänner dem när de går med.
panel-rules-field-body = Regler
panel-rules-field-note = Vad ändrades (valfritt)
panel-rules-field-note-hint = En kort beskrivning av ändringen syns i versionshistoriken.
panel-rules-note-too-long = Beskrivningen är för lång (högst 300 tecken).
panel-rules-save = Spara en ny version
panel-rules-saved = Reglerna sparades som en ny version.
panel-rules-notice-title = Panelens regler har ändrats.
panel-rules-notice-body = Läs de nya reglerna och godkänn dem.
panel-rules-notice-read = Läs reglerna
panel-rules-accept-intro = Du har inte godkänt den här versionen ännu. Du kan läsa panelen ändå.
panel-rules-accept-button = Jag godkänner reglerna
panel-rules-accepted = Du godkände panelens regler.
panel-rules-accept-label = Jag godkänner panelens regler
panel-rules-accept-required = Godkänn panelens regler för att gå med: kryssa i rutan ”Jag godkänner panelens regler”.
panel-rules-read-and-join = Läs reglerna och gå med
panel-rules-acceptances = Vem har godkänt reglerna
panel-rules-acceptances-caption = Versioner som medlemmarna har godkänt
panel-rules-not-yet =
    { $count ->
        [0] Alla medlemmar har godkänt den gällande versionen
        [one] { $count } medlem har inte godkänt den gällande versionen ännu
       *[other] { $count } medlemmar har inte godkänt den gällande versionen ännu
    }
panel-rules-everyone-accepted = Alla har godkänt.
panel-rules-accepted-version = Godkänd version
panel-rules-accepted-at = Godkänd
panel-rules-older = äldre
panel-rules-not-accepted = inte ännu
data-rights-section-panel-rules = Panelregler som du har godkänt
