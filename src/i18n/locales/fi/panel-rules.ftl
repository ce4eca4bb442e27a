## Panel rules: the rules page, its history and editor, accepting them, joining with them.
panel-nav-rules = Säännöt
panel-log-rules-changed = Säännöt päivitettiin (versio)
panel-rules-title = Paneelin säännöt
panel-rules-old-title = Paneelin säännöt, versio { $version }
panel-rules-none = Paneelilla ei ole vielä yhteisiä sääntöjä.
panel-rules-write = Kirjoita säännöt
panel-rules-version = Versio { $version }
panel-rules-old-note = Luet vanhaa versiota.
panel-rules-current-link = Voimassa olevat säännöt
panel-rules-current = voimassa
panel-rules-history = Sääntöjen versiot
panel-rules-edit = Muokkaa sääntöjä
panel-rules-edit-intro = Tallennus tekee uuden version { $version }. Jäsenet pyydetään hyväksymään se.
panel-rules-edit-first = Kirjoita paneelin säännöt. Jäsenet hyväksyvät ne liittyessään.
panel-rules-field-body = Säännöt
panel-rules-field-note = Mitä muuttui (valinnainen)
panel-rules-field-note-hint = Lyhyt kuvaus muutoksesta näkyy versiohistoriassa.
panel-rules-note-too-long = Kuvaus on liian pitkä (enintään 300 merkkiä).
panel-rules-save = Tallenna uusi versio
panel-rules-saved = Säännöt tallennettiin uutena versiona.
panel-rules-notice-title = Paneelin säännöt ovat muuttuneet.
panel-rules-notice-body = Lue uudet säännöt ja hyväksy ne.
panel-rules-notice-read = Lue säännöt
panel-rules-accept-intro = Et ole vielä hyväksynyt tätä versiota. Voit lukea paneelia joka tapauksessa.
panel-rules-accept-button = Hyväksyn säännöt
panel-rules-accepted = Hyväksyit paneelin säännöt.
panel-rules-accept-label = Hyväksyn paneelin säännöt
panel-rules-accept-required = Hyväksy paneelin säännöt liittyäksesi: rastita ruutu ”Hyväksyn paneelin säännöt”.
panel-rules-read-and-join = Lue säännöt ja liity
panel-rules-acceptances = Kuka on hyväksynyt säännöt
panel-rules-acceptances-caption = Jäsenten hyväksymät versiot
panel-rules-not-yet =
    { $count ->
        [0] Kaikki jäsenet ovat hyväksyneet voimassa olevan version
        [one] { $count } jäsen ei ole vielä hyväksynyt voimassa olevaa versiota
       *[other] { $count } jäsentä ei ole vielä hyväksynyt voimassa olevaa versiota
    }
panel-rules-everyone-accepted = Kaikki ovat hyväksyneet.
panel-rules-accepted-version = Hyväksytty versio
panel-rules-accepted-at = Hyväksytty
panel-rules-older = vanha
panel-rules-not-accepted = ei vielä
data-rights-section-panel-rules = Hyväksymäsi paneelien säännöt
